"""Declarative, named, composable scenarios (TOML files or Python objects).

A scenario changes model parameters relative to the base run; the neutral scenario (all
defaults) leaves every input untouched, so it reproduces the base run exactly. Standard
scenarios ship as TOML in ``fachkraefte/forecast/scenarios/``.

>>> s = Scenario(name="a", migration_factor=1.2) + Scenario(name="b", training_factor=1.1)
>>> (s.name, s.migration_factor, s.training_factor)
('a+b', 1.2, 1.1)
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from fachkraefte.forecast.engine import AGE_MIN, DTYPE, N_AGES, EngineInputs
from fachkraefte.forecast.industry import (
    DEMAND_PATHS,
    IndustryGrowth,
    IndustryGrowthError,
    growth_from_dict,
    load_industry_growth,
)
from fachkraefte.forecast.scenario_checks import check_measures

WOMEN_BASE_PARTICIPATION = 0.75
"""Assumed base participation of women aged 15–74 in employment subject to social insurance
terms, used to turn "+x percentage points" into a relative stock change (x / 75 %)."""
PHASE_IN_YEARS = 10
MEASURE_AGE = 25  # typical age at the end of vocational training or a bachelor's degree


class ScenarioError(ValueError):
    """A scenario field has a wrong value; the message names source, field and value."""


@dataclass(frozen=True)
class Measure:
    """Additional newly qualified people per year in one occupation and district."""

    kldb3: str
    ags: str
    from_year: int
    graduates_per_year: float
    niveau: int = 2
    women_share: float = 0.5
    override: bool = False
    """Expert override of the plausibility limits (``scenario_checks``); needs a reason."""
    override_reason: str = ""
    until_year: int | None = None
    """Last year the measure adds people (``None``: every year to the horizon). A one-off
    cohort, e.g. a project's 18 graduates of 2026, is ``from_year = until_year = 2027``."""


@dataclass(frozen=True)
class Scenario:
    name: str = "basis"
    description: str = ""
    women_participation_pp: float = 0.0
    retirement_delay_years: int = 0
    migration_factor: float = 1.0
    training_factor: float = 1.0
    training_factor_by_kldb: dict[str, float] = field(default_factory=dict)
    measures: tuple[Measure, ...] = ()
    demand: str = "trend"
    """Employment path of the demand side: ``trend`` (damped trend per cell) or ``industry``
    (WZ 2008 sections converted with each Kreis' occupation-by-industry matrix)."""
    industry_growth: IndustryGrowth | None = None
    """Growth rates per WZ section and year for the industry path (None: every section
    follows its own trend)."""
    mobility: str = "none"
    """Occupational mobility: ``none`` (the base run) or ``estimated`` — the matrix estimated
    from the employment series (``forecast.mobility``), an assumption because the same series
    defines demand; ``mobility_share`` is its share λ of the unexplained residual."""
    mobility_share: float | None = None
    """λ of the estimated matrix (None: ``mobility.SHARE_ATTRIBUTED``)."""

    def __add__(self, other: Scenario) -> Scenario:
        """Compose: percentage points and delays add up, factors multiply, measures append;
        the industry demand path wins over the trend, and ``other``'s growth rates replace
        those of ``self`` section by section."""
        by_kldb = dict(self.training_factor_by_kldb)
        for code, f in other.training_factor_by_kldb.items():
            by_kldb[code] = by_kldb.get(code, 1.0) * f
        return Scenario(
            name=f"{self.name}+{other.name}",
            description="; ".join(d for d in (self.description, other.description) if d),
            women_participation_pp=self.women_participation_pp + other.women_participation_pp,
            retirement_delay_years=self.retirement_delay_years + other.retirement_delay_years,
            migration_factor=self.migration_factor * other.migration_factor,
            training_factor=self.training_factor * other.training_factor,
            training_factor_by_kldb=by_kldb,
            measures=self.measures + other.measures,
            demand="industry" if "industry" in (self.demand, other.demand) else "trend",
            industry_growth=compose_growth(self.industry_growth, other.industry_growth),
            mobility="estimated" if "estimated" in (self.mobility, other.mobility) else "none",
            mobility_share=other.mobility_share
            if other.mobility_share is not None
            else self.mobility_share,
        )

    @property
    def is_neutral(self) -> bool:
        return self == Scenario(name=self.name, description=self.description)

    @property
    def supply_neutral(self) -> bool:
        """True when the scenario changes nothing on the supply side (demand may differ)."""
        return dataclasses.replace(self, demand="trend", industry_growth=None).is_neutral


def compose_growth(a: IndustryGrowth | None, b: IndustryGrowth | None) -> IndustryGrowth | None:
    """``a`` then ``b`` (``b``'s sections win); None where neither gives rates."""
    if a is None or b is None:
        return a if b is None else b
    return a + b


_FIELDS = {f.name: f for f in dataclasses.fields(Scenario)}
_MEASURE_FIELDS = {f.name for f in dataclasses.fields(Measure)}


def _fail(source: str, field_name: str, value: Any, why: str) -> ScenarioError:
    return ScenarioError(
        f"{source}: Feld {field_name!r}, Wert {value!r}: {why} / field {field_name!r}, value {value!r}"
    )


def _number(source: str, name: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(source, name, value, "keine Zahl / not a number")
    if not lo <= value <= hi:
        raise _fail(source, name, value, f"außerhalb [{lo}, {hi}] / outside [{lo}, {hi}]")
    return float(value)


def scenario_from_dict(data: dict[str, Any], source: str = "<dict>") -> Scenario:
    """Validate a mapping (parsed TOML) into a :class:`Scenario`."""
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise _fail(source, unknown[0], data[unknown[0]], f"unbekannt, erlaubt: {sorted(_FIELDS)}")
    name = data.get("name", "")
    if not isinstance(name, str) or not name.strip():
        raise _fail(source, "name", name, "leer oder kein Text / empty or not text")
    kw: dict[str, Any] = {"name": name, "description": str(data.get("description", ""))}
    if "women_participation_pp" in data:
        kw["women_participation_pp"] = _number(
            source, "women_participation_pp", data["women_participation_pp"], -20, 20
        )
    if "retirement_delay_years" in data:
        v = data["retirement_delay_years"]
        if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 5:
            raise _fail(source, "retirement_delay_years", v, "ganze Zahl 0–5 / integer 0–5")
        kw["retirement_delay_years"] = v
    for fname in ("migration_factor", "training_factor"):
        if fname in data:
            kw[fname] = _number(source, fname, data[fname], 0, 5)
    if "training_factor_by_kldb" in data:
        table = data["training_factor_by_kldb"]
        if not isinstance(table, dict):
            raise _fail(source, "training_factor_by_kldb", table, "keine Tabelle / not a table")
        for code, f in table.items():
            if not (isinstance(code, str) and len(code) == 3 and code.isdigit()):
                raise _fail(source, "training_factor_by_kldb", code, "kein 3-stelliger KldB-Code")
            _number(source, f"training_factor_by_kldb.{code}", f, 0, 5)
        kw["training_factor_by_kldb"] = {k: float(v) for k, v in table.items()}
    measures = []
    for i, m in enumerate(data.get("measures", [])):
        where = f"measures[{i}]"
        if not isinstance(m, dict):
            raise _fail(source, where, m, "keine Tabelle / not a table")
        bad = sorted(set(m) - _MEASURE_FIELDS)
        if bad:
            raise _fail(source, f"{where}.{bad[0]}", m[bad[0]], "unbekanntes Feld / unknown field")
        for req in ("kldb3", "ags", "from_year", "graduates_per_year"):
            if req not in m:
                raise _fail(source, f"{where}.{req}", None, "fehlt / missing")
        if not (isinstance(m["kldb3"], str) and len(m["kldb3"]) == 3 and m["kldb3"].isdigit()):
            raise _fail(source, f"{where}.kldb3", m["kldb3"], "kein 3-stelliger KldB-Code")
        if not (isinstance(m["ags"], str) and len(m["ags"]) == 5 and m["ags"].isdigit()):
            raise _fail(source, f"{where}.ags", m["ags"], "kein 5-stelliger Kreis-AGS")
        niveau = m.get("niveau", 2)
        if niveau not in (1, 2, 3, 4):
            raise _fail(source, f"{where}.niveau", niveau, "erlaubt 1–4 / allowed 1–4")
        until = m.get("until_year")
        if until is not None and (
            isinstance(until, bool) or not isinstance(until, int) or until < m["from_year"]
        ):
            raise _fail(source, f"{where}.until_year", until, "Jahr ≥ from_year / year ≥ from_year")
        override, reason = m.get("override", False), m.get("override_reason", "")
        if not isinstance(override, bool):
            raise _fail(source, f"{where}.override", override, "true oder false / true or false")
        if override and not (isinstance(reason, str) and reason.strip()):
            raise _fail(
                source,
                f"{where}.override_reason",
                reason,
                "Expertenfreigabe braucht eine Begründung / an override needs a reason",
            )
        measures.append(
            Measure(
                kldb3=m["kldb3"],
                ags=m["ags"],
                from_year=int(_number(source, f"{where}.from_year", m["from_year"], 2000, 2100)),
                graduates_per_year=_number(
                    source, f"{where}.graduates_per_year", m["graduates_per_year"], 0, 1e6
                ),
                niveau=niveau,
                women_share=_number(
                    source, f"{where}.women_share", m.get("women_share", 0.5), 0, 1
                ),
                override=override,
                override_reason=str(reason).strip(),
                until_year=until,
            )
        )
    kw["measures"] = tuple(measures)
    kw.update(_demand_fields(data, source))
    kw.update(_mobility_fields(data, source))
    return Scenario(**kw)


def _mobility_fields(data: dict[str, Any], source: str) -> dict[str, Any]:
    """``mobility`` (none | estimated) and ``mobility_share`` (λ, 0–1, only with estimated)."""
    out: dict[str, Any] = {}
    mobility = data.get("mobility")
    if mobility is not None:
        if mobility not in ("none", "estimated"):
            raise _fail(source, "mobility", mobility, "erlaubt 'none', 'estimated' / allowed")
        out["mobility"] = mobility
    if "mobility_share" in data:
        if out.get("mobility") != "estimated":
            raise _fail(
                source,
                "mobility_share",
                data["mobility_share"],
                "nur mit mobility = 'estimated' / only with mobility = 'estimated'",
            )
        out["mobility_share"] = _number(source, "mobility_share", data["mobility_share"], 0, 1)
    return out


def _demand_fields(data: dict[str, Any], source: str) -> dict[str, Any]:
    """``demand`` and ``industry_growth`` (an inline table of sections or a file path)."""
    out: dict[str, Any] = {}
    demand = data.get("demand")
    if demand is not None and demand not in DEMAND_PATHS:
        raise _fail(source, "demand", demand, f"erlaubt {list(DEMAND_PATHS)} / allowed")
    growth = data.get("industry_growth")
    if growth is not None:
        if demand == "trend":
            raise _fail(
                source,
                "industry_growth",
                growth,
                "nur mit demand = 'industry' / only with demand = 'industry'",
            )
        try:
            if isinstance(growth, str):
                path = Path(growth)
                if not path.is_absolute() and Path(source).is_file():
                    path = Path(source).parent / path
                out["industry_growth"] = load_industry_growth(path)
            elif isinstance(growth, dict):
                table = dict(growth)
                inline: dict[str, Any] = {"growth": table}
                if "default_rate" in table:
                    inline["default_rate"] = table.pop("default_rate")
                out["industry_growth"] = growth_from_dict(inline, f"{source}: industry_growth")
            else:
                raise _fail(source, "industry_growth", growth, "Tabelle oder Dateipfad erwartet")
        except IndustryGrowthError as exc:
            raise ScenarioError(str(exc)) from None
        demand = "industry"
    if demand is not None:
        out["demand"] = demand
    return out


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate a scenario TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: kein gültiges TOML / invalid TOML: {exc}") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: nicht lesbar / cannot read: {exc}") from None
    return scenario_from_dict(data, source=str(path))


def standard_scenarios() -> dict[str, Scenario]:
    """The scenarios shipped with the package, by name."""
    out = {}
    for entry in sorted(resources.files("fachkraefte.forecast").joinpath("scenarios").iterdir()):
        if entry.name.endswith(".toml"):
            s = scenario_from_dict(tomllib.loads(entry.read_text(encoding="utf-8")), entry.name)
            out[s.name] = s
    return out


def resolve(spec: str) -> Scenario:
    """A standard scenario name, a TOML path, or several joined with '+' (composed)."""
    parts = [p.strip() for p in spec.split("+") if p.strip()]
    known = standard_scenarios()
    result: Scenario | None = None
    for part in parts:
        if part in known:
            s = known[part]
        elif Path(part).exists():
            s = load_scenario(part)
        else:
            raise ScenarioError(
                f"Szenario {part!r} unbekannt; Standard: {sorted(known)} oder TOML-Pfad / "
                f"unknown scenario {part!r}"
            )
        result = s if result is None else result + s
    return result or Scenario()


def women_participation_rate(pp: float) -> float:
    """Yearly relative change of the women's stock during the phase-in.

    ``pp`` points on a base participation of 75 % is a relative change of ``pp / 75``; spread
    over ``PHASE_IN_YEARS`` as a constant compound rate, so that the stock of women present
    in the base year is exactly ``1 + pp / 75`` times larger once the phase-in is over.

    >>> round((1 + women_participation_rate(5.0)) ** PHASE_IN_YEARS, 6) == round(1 + 5 / 75, 6)
    True
    """
    target = 1.0 + pp / 100.0 / WOMEN_BASE_PARTICIPATION
    return float(target ** (1.0 / PHASE_IN_YEARS) - 1.0)


def phase_in_profile(years: int) -> np.ndarray:
    """Participation profile of a phase-in: 1 in the first ``PHASE_IN_YEARS``, 0 after.

    Without it the yearly rate would act for ever and the effect would keep growing.
    """
    profile = np.zeros(max(years, 0), dtype=np.float64)
    profile[:PHASE_IN_YEARS] = 1.0
    return profile


def apply_scenario(
    inputs: EngineInputs,
    scenario: Scenario,
    *,
    ags: list[str],
    kldb3: list[str],
    years: int,
    sexes: tuple[str, ...] = ("m", "w"),
    young: dict[str, float] | None = None,
) -> EngineInputs:
    """New inputs with the scenario applied; the neutral scenario returns ``inputs`` unchanged.

    Only the supply side: the demand fields (``demand``, ``industry_growth``) act in the runner.
    Measures beyond the plausibility limits are refused (``scenario_checks``; ``young``:
    persons 15–24 by district for the young-population limit).
    """
    if scenario.supply_neutral:
        return inputs
    check_measures(scenario, inputs, ags=ags, kldb3=kldb3, young=young)
    shape = inputs.shape
    exit_rate = np.broadcast_to(np.asarray(inputs.exit_rate, dtype=DTYPE), shape)
    if scenario.retirement_delay_years:
        # Exit profile shifted to older ages: the rate at age a is the base rate at a - d.
        d = scenario.retirement_delay_years
        shifted = np.empty_like(exit_rate)
        shifted[..., d:] = exit_rate[..., :-d]
        shifted[..., :d] = exit_rate[..., :1]
        shifted[..., -1] = exit_rate[..., -1]
        exit_rate = shifted
    part = np.asarray(inputs.participation_rate, dtype=DTYPE)
    profile = inputs.participation_profile
    if scenario.women_participation_pp and "w" in sexes:
        if np.any(part != 0) or profile is not None:
            # One participation rate with one time profile: a second phase-in cannot be added.
            raise ScenarioError(
                "Feld 'women_participation_pp': die Eingaben haben schon eine "
                "Beteiligungsänderung / the inputs already carry a participation change"
            )
        part_shape = np.broadcast_shapes((1,) * 5, (1, 1, 1) + shape[3:])
        part = np.zeros(part_shape, dtype=DTYPE)
        part[:, :, :, sexes.index("w"), :] = women_participation_rate(
            scenario.women_participation_pp
        )
        profile = phase_in_profile(years)
    mig = np.asarray(inputs.migration_rate, dtype=DTYPE)
    if scenario.migration_factor != 1.0:
        mig = np.where(mig > 0, mig * scenario.migration_factor, mig).astype(DTYPE)
    entries = np.asarray(inputs.entries, dtype=DTYPE) * DTYPE(scenario.training_factor)
    for code, f in scenario.training_factor_by_kldb.items():
        if code in kldb3:
            entries[:, kldb3.index(code)] *= DTYPE(f)
    extra = list(inputs.extra_entries)
    for m in scenario.measures:
        if m.ags not in ags or m.kldb3 not in kldb3:
            raise ScenarioError(
                f"Maßnahme: Kreis {m.ags!r} oder Berufsgruppe {m.kldb3!r} nicht im Modell / "
                f"measure: district {m.ags!r} or occupation {m.kldb3!r} not in the model"
            )
        r, o = ags.index(m.ags), kldb3.index(m.kldb3)
        a = MEASURE_AGE - AGE_MIN
        assert 0 <= a < N_AGES
        last = years if m.until_year is None else min(years, m.until_year - inputs.base_year)
        for t in range(max(1, m.from_year - inputs.base_year), last + 1):
            for s, share in (
                (sexes.index("w"), m.women_share),
                (sexes.index("m"), 1 - m.women_share),
            ):
                extra.append((t, (r, o, m.niveau - 1, s, a), m.graduates_per_year * share))
    return dataclasses.replace(
        inputs,
        exit_rate=exit_rate,
        participation_rate=part,
        participation_profile=profile,
        migration_rate=mig,
        entries=entries,
        extra_entries=extra,
    )
