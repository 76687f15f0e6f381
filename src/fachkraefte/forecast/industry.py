"""Industry demand path: employment by WZ 2008 section, converted with each Kreis' occupation mix.

IWAK/regio pro derive the expansion demand from industry trends "converted with each
industry's occupation mix". Here every section w of Kreis r follows either its own damped
trend (from the ``employment_industry`` history) or growth rates given per section and year in
a file or a scenario; the section path is converted to occupation cells with the base-year
matrix ``X[r, w, o, q]`` (employees of section w in Berufsgruppe o, Niveau q)::

    f[t, r, w] = S[t, r, w] / S[0, r, w]               (growth factor of the section)
    E[t, r, o, q] = E[0, r, o, q] · Σ_w X[r, w, o, q] · f[t, r, w] / Σ_w X[r, w, o, q]

so the path starts exactly at the base-year employment (``S(0) = E(0)`` still holds) even where
the industry table and the employment table differ a little; a cell without any industry
information keeps its base value.

Growth file (TOML), rates as shares per year (0.01 = +1 %)::

    default_rate = 0.0          # optional: sections not listed (without it: their trend)
    [growth]
    C = -0.008                  # every year
    J = { 2025 = 0.03, 2028 = 0.02 }   # from 2025 3 %, from 2028 on 2 %

or CSV with the header ``wz_section,year,growth`` (empty year = every year; section ``*`` =
default for the sections not listed).
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from fachkraefte.forecast.demand import damped_trend
from fachkraefte.forecast.engine import InputError
from fachkraefte.sources.schema import WZ_SECTIONS

DEMAND_PATHS = ("trend", "industry", "auto")
"""``auto``: the one of the two with the lower in-history loss (``forecast.demand_choice``)."""
INDUSTRY_TABLE = "employment_industry"
_RATE_LIMIT = 0.5  # |growth| per year; beyond it a typo (5 instead of 0.05) is more likely


class IndustryGrowthError(ValueError):
    """A growth file or table is wrong; the message names the source, field and value."""


@dataclass(frozen=True)
class IndustryGrowth:
    """Growth rates per WZ section: ``rates[section]`` = ((from_year, rate), …) sorted.

    ``from_year`` 0 means "from the first projection year". Sections not listed follow their
    trend, or ``default_rate`` when it is set.
    """

    rates: dict[str, tuple[tuple[int, float], ...]] = field(default_factory=dict)
    default_rate: float | None = None
    source: str = ""

    def __add__(self, other: IndustryGrowth) -> IndustryGrowth:
        """Compose: sections of ``other`` replace those of ``self``; its default wins if set."""
        return IndustryGrowth(
            rates={**self.rates, **other.rates},
            default_rate=self.default_rate if other.default_rate is None else other.default_rate,
            source="+".join(s for s in (self.source, other.source) if s),
        )

    def rate_matrix(self, base_year: int, years: int) -> np.ndarray:
        """(years, W) rate of each projection year ``base_year + 1 …``; NaN = follow the trend."""
        out = np.full((years, len(WZ_SECTIONS)), np.nan)
        if self.default_rate is not None:
            out[:] = self.default_rate
        for section, steps in self.rates.items():
            col = WZ_SECTIONS.index(section)
            for t in range(years):
                year = base_year + 1 + t
                valid = [rate for start, rate in steps if start <= year]
                if not valid:
                    raise IndustryGrowthError(
                        f"{self.source or 'Wachstumsraten'}: Abschnitt {section!r}, Jahr {year}: "
                        f"keine Rate (erste ab {steps[0][0]}) / section {section!r}, year {year}: "
                        f"no rate (first from {steps[0][0]})"
                    )
                out[t, col] = valid[-1]
        return out

    def metadata(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "default_rate": self.default_rate,
            "rates": {s: [list(step) for step in steps] for s, steps in sorted(self.rates.items())},
        }


def _fail(source: str, field_name: str, value: Any, why: str) -> IndustryGrowthError:
    return IndustryGrowthError(
        f"{source}: Feld {field_name!r}, Wert {value!r}: {why} / field {field_name!r}, value {value!r}"
    )


def _rate(source: str, name: str, value: Any) -> float:
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise _fail(source, name, value, "keine Zahl / not a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        raise _fail(source, name, value, "keine Zahl / not a number")
    if not -_RATE_LIMIT <= value <= _RATE_LIMIT:
        raise _fail(
            source,
            name,
            value,
            f"außerhalb ±{_RATE_LIMIT} (Anteil je Jahr, 0.01 = 1 %) / outside ±{_RATE_LIMIT}",
        )
    return float(value)


def _section(source: str, name: str, value: Any) -> str:
    if not isinstance(value, str) or value.strip().upper() not in WZ_SECTIONS:
        raise _fail(source, name, value, "kein WZ-2008-Abschnitt A–U / not a WZ 2008 section")
    return value.strip().upper()


def _year(source: str, name: str, value: Any) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise _fail(source, name, value, "kein Jahr / not a year") from None
    if not 2000 <= year <= 2100:
        raise _fail(source, name, value, "Jahr außerhalb 2000–2100 / year outside 2000–2100")
    return year


def growth_from_dict(data: dict[str, Any], source: str = "<dict>") -> IndustryGrowth:
    """Validate a mapping ``{"default_rate": x, "growth": {section: rate | {year: rate}}}``."""
    allowed = {"growth", "default_rate", "name", "description"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _fail(source, unknown[0], data[unknown[0]], f"unbekannt, erlaubt: {sorted(allowed)}")
    default = None
    if "default_rate" in data:
        default = _rate(source, "default_rate", data["default_rate"])
    table = data.get("growth", {})
    if not isinstance(table, dict):
        raise _fail(source, "growth", table, "keine Tabelle / not a table")
    rates: dict[str, tuple[tuple[int, float], ...]] = {}
    for key, value in table.items():
        section = _section(source, f"growth.{key}", key)
        if isinstance(value, dict):
            if not value:
                raise _fail(source, f"growth.{key}", value, "leer / empty")
            steps = sorted(
                (_year(source, f"growth.{key}", y), _rate(source, f"growth.{key}.{y}", r))
                for y, r in value.items()
            )
        else:
            steps = [(0, _rate(source, f"growth.{key}", value))]
        rates[section] = tuple(steps)
    return IndustryGrowth(rates=rates, default_rate=default, source=source)


def _growth_from_csv(path: Path, text: str) -> IndustryGrowth:
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    missing = [c for c in ("wz_section", "year", "growth") if c not in header]
    if missing:
        raise IndustryGrowthError(
            f"{path}: Spalte(n) {missing} fehlen (Kopfzeile {header}) / missing columns {missing}"
        )
    default = None
    steps: dict[str, dict[int, float]] = {}
    for i, row in enumerate(reader):
        where = f"{path}: Zeile {i + 2}"
        rate = _rate(where, "growth", row["growth"])
        raw_section = (row["wz_section"] or "").strip()
        year_text = (row["year"] or "").strip()
        if raw_section == "*":
            if year_text:
                raise _fail(where, "year", year_text, "beim Standard '*' leer lassen / leave empty")
            default = rate
            continue
        section = _section(where, "wz_section", raw_section)
        year = _year(where, "year", year_text) if year_text else 0
        if year in steps.setdefault(section, {}):
            raise _fail(where, "year", year_text, f"für {section} doppelt / twice for {section}")
        steps[section][year] = rate
    return IndustryGrowth(
        rates={s: tuple(sorted(v.items())) for s, v in steps.items()},
        default_rate=default,
        source=str(path),
    )


def load_industry_growth(path: Path | str) -> IndustryGrowth:
    """Read growth rates per WZ section and year from a TOML or CSV file (see module doc)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise IndustryGrowthError(f"{path}: nicht lesbar / cannot read: {exc}") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _growth_from_csv(path, text)
    if suffix != ".toml":
        raise IndustryGrowthError(
            f"{path}: Dateiendung {suffix!r}, erlaubt .toml oder .csv / "
            f"extension {suffix!r}, allowed .toml or .csv"
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IndustryGrowthError(f"{path}: kein gültiges TOML / invalid TOML: {exc}") from None
    return growth_from_dict(data, source=str(path))


@dataclass
class IndustryDemand:
    """What the industry path needs, built from the ``employment_industry`` table.

    ``history`` (H, R, W): section employment of the history years; ``matrix`` (R, W, O, Q):
    base-year employment by section and occupation cell; ``base`` (R, O, Q): base-year
    employment of the ``employment`` table, the path's start.
    """

    history: np.ndarray
    matrix: np.ndarray
    base: np.ndarray
    base_year: int
    growth: IndustryGrowth = field(default_factory=IndustryGrowth)

    def section_path(self, years: int, phi: float = 0.8) -> np.ndarray:
        """(T+1, R, W): trend sections by damped trend, the others by their growth rates."""
        rates = self.growth.rate_matrix(self.base_year, years)  # (T, W)
        last = self.history[-1]  # (R, W)
        path = np.empty((years + 1,) + last.shape)
        trend = np.isnan(rates).any(axis=0)
        if trend.any():
            path[..., trend] = damped_trend(self.history[..., trend], years, phi=phi)
        given = ~trend
        factors = np.cumprod(1.0 + rates[:, given], axis=0)  # (T, W_given)
        start = last[None, :, given]
        path[..., given] = np.concatenate([start, start * factors[:, None, :]], axis=0)
        return path

    def path(self, years: int, phi: float = 0.8) -> np.ndarray:
        """Employment path (T+1, R, O, Q) of the occupation cells."""
        sections = self.section_path(years, phi)
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(
                sections[0] > 0, sections / np.where(sections[0] > 0, sections[0], 1), 1.0
            )
        covered = self.matrix.sum(axis=1)  # (R, O, Q)
        converted = np.einsum("trw,rwoq->troq", factor, self.matrix)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(covered > 0, converted / np.where(covered > 0, covered, 1), 1.0)
        return self.base[None] * ratio

    def trend_sections(self, years: int) -> list[str]:
        rates = self.growth.rate_matrix(self.base_year, years)
        return [s for s, t in zip(WZ_SECTIONS, np.isnan(rates).any(axis=0), strict=True) if t]


def industry_demand(
    table: pl.DataFrame,
    *,
    ags: list[str],
    kldb3: list[str],
    history_years: list[int],
    base: np.ndarray,
    growth: IndustryGrowth | None = None,
) -> IndustryDemand:
    """Build :class:`IndustryDemand` from the ``employment_industry`` table.

    The table must hold the base year (the last of ``history_years``); Kreise and
    Berufsgruppen must be those of the model (from the ``employment`` table).
    """
    base_year = history_years[-1]
    years = sorted(table["year"].unique().to_list())
    if base_year not in years:
        raise InputError(
            f"Tabelle {INDUSTRY_TABLE!r}, Spalte 'year': Basisjahr {base_year} fehlt "
            f"(vorhanden {years}) / base year {base_year} missing"
        )
    hist_years = [y for y in history_years if y in years]
    r_of = {a: i for i, a in enumerate(ags)}
    o_of = {k: i for i, k in enumerate(kldb3)}
    w_of = {w: i for i, w in enumerate(WZ_SECTIONS)}
    df = table.filter(pl.col("year").is_in(hist_years))
    for column, lookup in (("ags", r_of), ("kldb3", o_of), ("wz_section", w_of)):
        bad = df.filter(~pl.col(column).is_in(list(lookup)))
        if bad.height:
            raise InputError(
                f"Tabelle {INDUSTRY_TABLE!r}, Spalte {column!r}: Wert {bad[column][0]!r} "
                f"nicht im Modell / value not in the model"
            )
    if (df["employees"] < 0).any():
        raise InputError(f"Tabelle {INDUSTRY_TABLE!r}, Spalte 'employees': negativer Wert")
    cube = np.zeros((len(hist_years), len(ags), len(WZ_SECTIONS), len(kldb3), base.shape[-1]))
    h_of = {y: i for i, y in enumerate(hist_years)}
    idx = (
        np.array([h_of[y] for y in df["year"].to_list()], dtype=int),
        np.array([r_of[a] for a in df["ags"].to_list()], dtype=int),
        np.array([w_of[w] for w in df["wz_section"].to_list()], dtype=int),
        np.array([o_of[k] for k in df["kldb3"].to_list()], dtype=int),
        df["niveau"].to_numpy().astype(int) - 1,
    )
    np.add.at(cube, idx, df["employees"].fill_null(0).to_numpy().astype(float))
    return IndustryDemand(
        history=cube.sum(axis=(3, 4)),
        matrix=cube[-1],
        base=np.asarray(base, dtype=np.float64),
        base_year=base_year,
        growth=growth or IndustryGrowth(),
    )


def model_industry_demand(
    table: pl.DataFrame, model: Any, growth: IndustryGrowth | None = None
) -> IndustryDemand:
    """:func:`industry_demand` on a calibrated model (``adapter.ModelData``): its Kreise,
    Berufsgruppen, history years and base-year employment."""
    return industry_demand(
        table,
        ags=model.ags,
        kldb3=model.kldb3,
        history_years=model.history_years,
        base=model.demand_history[-1],
        growth=growth,
    )
