"""Entrants per Anforderungsniveau: graduates turned into labour-market entrants.

Completed vocational training enters as Fachkraft (niveau 2, from the adapter's
:func:`~fachkraefte.forecast.adapter.vocational_entries`). Academic graduates enter as
Spezialist (3) or Experte (4) without counting a Master graduate twice
(:func:`academic_entrants`) and are placed in the Land's districts, not all at the
university's (:func:`place_in_land`). Helpers (1) enter in the proportion of employees without
vocational qualification to qualified ones of their district (:func:`helper_entrants`).
Meister/Techniker upgrading is a move between levels (:mod:`fachkraefte.forecast.skill_moves`).

Every share is data (``skill_entries.toml``, ``qualification_counts.csv``) with its source and
vintage; docs/forecast-model.md explains the rules.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from fachkraefte.common.ages import AGE_MIN

ACADEMIC_SHARES = (
    "study_on_after_bachelor",
    "masters_with_prior_entry",
    "bachelor_to_experte",
    "civil_service",
    "self_employed",
    "leave_land",
    "stay_in_district",
)


@dataclass(frozen=True)
class EntryShares:
    """The shares of ``skill_entries.toml`` (see there for each source)."""

    study_on_after_bachelor: float
    masters_with_prior_entry: float
    bachelor_to_experte: float
    civil_service: float
    self_employed: float
    leave_land: float
    stay_in_district: float

    @property
    def at_work_here(self) -> float:
        """Share of the labour-market entrants who stay in the Land and are employees subject
        to social insurance (not civil servants, not self-employed)."""
        return (1.0 - self.leave_land) * (1.0 - self.civil_service - self.self_employed)


def _read_toml() -> dict:
    text = resources.files("fachkraefte.forecast").joinpath("skill_entries.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def entry_shares() -> EntryShares:
    """The shipped shares; each must lie in [0, 1] (civil service + self-employed too)."""
    academic = _read_toml()["academic"]
    values = {name: float(academic[name]["value"]) for name in ACADEMIC_SHARES}
    for name, value in values.items():
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"skill_entries.toml: academic.{name} = {value} not in [0, 1]")
    if values["civil_service"] + values["self_employed"] > 1.0:
        raise ValueError("skill_entries.toml: civil_service + self_employed > 1")
    return EntryShares(**values)


def entry_sources() -> dict[str, dict[str, str | float]]:
    """Value (or rule), status, source and vintage of every entry parameter, for run metadata."""
    data = _read_toml()
    out: dict[str, dict[str, str | float]] = {}
    for name, item in data["academic"].items():
        out[f"academic.{name}"] = {k: v for k, v in item.items() if k != "source"} | {
            "source": " ".join(str(item["source"]).split())
        }
    helpers = data["helpers"]
    out["helpers"] = {
        "table": helpers["table"],
        "status": helpers["status"],
        "vintage": helpers["vintage"],
        "source": " ".join(str(helpers["source"]).split()),
    }
    return out


def academic_entrants(
    bachelor: np.ndarray, master: np.ndarray, shares: EntryShares
) -> tuple[np.ndarray, np.ndarray]:
    """Academic entrants subject to social insurance at niveau 3 and 4 (same shapes as input).

    A Master graduate was a Bachelor graduate first. Counted are the Bachelor graduates who
    enter the labour market directly, ``B · (1 − study_on)``, plus the Master graduates who did
    not enter after their Bachelor, ``M · (1 − prior_entry)``. Of these entrants the share
    ``at_work_here`` stays in the Land as employees subject to social insurance. Bachelor
    entrants go to niveau 4 with ``bachelor_to_experte`` and to niveau 3 otherwise; Master
    entrants go to niveau 4.

    Worked example: B = 100, M = 60, study_on = 0.6, prior_entry = 0.1, bachelor_to_experte
    = 0.25, leave_land = 0.3, civil_service = 0.1, self_employed = 0.05 (so at_work_here =
    0.7 · 0.85 = 0.595). Direct Bachelor entrants 100 · 0.4 = 40, new Master entrants
    60 · 0.9 = 54: 94 labour-market entrants, not 160. Niveau 3: 40 · 0.75 · 0.595 = 17.85;
    niveau 4: (40 · 0.25 + 54) · 0.595 = 64 · 0.595 = 38.08.
    """
    direct = np.asarray(bachelor, dtype=np.float64) * (1.0 - shares.study_on_after_bachelor)
    masters = np.asarray(master, dtype=np.float64) * (1.0 - shares.masters_with_prior_entry)
    keep = shares.at_work_here
    spezialist = direct * (1.0 - shares.bachelor_to_experte) * keep
    experte = (direct * shares.bachelor_to_experte + masters) * keep
    return spezialist, experte


def land_of(ags: list[str]) -> np.ndarray:
    """The Land key (first two digits of the AGS) of each district."""
    return np.array([a[:2] for a in ags])


def place_in_land(
    entrants: np.ndarray, employment: np.ndarray, ags: list[str], stay: float
) -> np.ndarray:
    """Entrants (R, O, S) counted at the university's district, placed in the Land.

    The share ``stay`` remains in the university's district; the rest of each Land × occupation
    × sex is spread over the Land's districts by their share of the Land's ``employment``
    (R, O) in that occupation — by their share of all occupations where the Land has nobody in
    it, evenly where ``employment`` is zero in the whole Land. Totals per Land, occupation and sex are
    kept.

    Worked example: two districts of one Land, 100 graduates in district 0, none in 1, stay
    0.4, employment 30 and 90: district 0 keeps 40 and gets 60 · 30/120 = 15 (55), district 1
    gets 60 · 90/120 = 45.
    """
    entrants = np.asarray(entrants, dtype=np.float64)
    employment = np.asarray(employment, dtype=np.float64)
    out = stay * entrants
    lands = land_of(ags)
    for land in np.unique(lands):
        rows = lands == land
        pool = (1.0 - stay) * entrants[rows].sum(axis=0)  # (O, S)
        emp = employment[rows]  # (r, O)
        by_occ = emp.sum(axis=0)
        total = emp.sum(axis=1)
        fallback = total / total.sum() if total.sum() > 0 else np.full(rows.sum(), 1.0 / rows.sum())
        with np.errstate(divide="ignore", invalid="ignore"):
            weight = np.where(by_occ > 0, emp / np.where(by_occ > 0, by_occ, 1.0), 0.0)
        weight[:, by_occ <= 0] = fallback[:, None]
        out[rows] += weight[:, :, None] * pool[None, :, :]
    return out


@dataclass(frozen=True)
class QualificationCounts:
    """Employees by region key and sex: without, with vocational, with academic qualification."""

    counts: dict[tuple[str, str], tuple[float, float, float]]

    def helper_ratio(self, ags: str, sex: str) -> float:
        """``without / (vocational + academic)`` of the Kreis, else of its Land, else Germany."""
        for key in (ags, ags[:2], "DG"):
            row = self.counts.get((key, sex))
            if row is not None and row[1] + row[2] > 0:
                return row[0] / (row[1] + row[2])
        return 0.0

    def source_of(self, ags: str) -> str:
        """Which row the ratio of ``ags`` comes from: ``kreis``, ``land`` or ``germany``."""
        if (ags, "m") in self.counts:
            return "kreis"
        return "land" if (ags[:2], "m") in self.counts else "germany"


@cache
def qualification_counts() -> QualificationCounts:
    """The shipped table 13111-11-04-4 extract (``qualification_counts.csv``)."""
    name = _read_toml()["helpers"]["table"]
    text = resources.files("fachkraefte.forecast").joinpath(name).read_text("utf-8")
    counts = {
        (row["region"], row["sex"]): (
            float(row["without"]),
            float(row["vocational"]),
            float(row["academic"]),
        )
        for row in csv.DictReader(text.splitlines())
    }
    return QualificationCounts(counts)


def helper_entrants(
    qualified: np.ndarray,
    helper_stock: np.ndarray,
    ags: list[str],
    sexes: tuple[str, ...],
    counts: QualificationCounts,
) -> tuple[np.ndarray, dict]:
    """Helper entrants (R, O, S) a year, and how they were placed.

    ``qualified`` (R, S): the district's vocational and academic entrants of the year;
    ``helper_stock`` (R, O, S, A): base-year helpers (A from the model's youngest age). The
    district's helper entrants ``qualified · without / (vocational + academic)`` (its
    qualification counts, :class:`QualificationCounts`) are spread over the occupations like
    its helpers under 25, or like all its helpers where it has none under 25; a district and
    sex without any helper stock gets none (reported as ``helpers_unplaced``).

    Worked example: 1,000 qualified entrants, 130 without / 870 qualified employees: 1,000 ·
    130/870 = 149.4 helper entrants; young helpers 30 in occupation 0 and 10 in 1 give 112.1
    and 37.4.
    """
    ratio = np.array([[counts.helper_ratio(a, s) for s in sexes] for a in ags])
    total = np.asarray(qualified, dtype=np.float64) * ratio  # (R, S)
    young = helper_stock[..., : 25 - AGE_MIN].sum(axis=-1)  # under 25: (R, O, S)
    everyone = helper_stock.sum(axis=-1)
    young_sum = young.sum(axis=1, keepdims=True)
    all_sum = everyone.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(
            young_sum > 0,
            young / np.where(young_sum > 0, young_sum, 1.0),
            np.where(all_sum > 0, everyone / np.where(all_sum > 0, all_sum, 1.0), 0.0),
        )
    out = weight * total[:, None, :]
    sources = [counts.source_of(a) for a in ags]
    meta = {
        "helper_ratio_range": [round(float(ratio.min()), 4), round(float(ratio.max()), 4)],
        "helper_ratio_from": {k: sources.count(k) for k in ("kreis", "land", "germany")},
        "helpers_unplaced": round(float(total.sum() - out.sum()), 1),
    }
    return out, meta


def level_entries(
    graduates: np.ndarray,
    stock: np.ndarray,
    ags: list[str],
    sexes: tuple[str, ...],
    *,
    graduates_are_entrants: bool = False,
) -> tuple[np.ndarray, dict]:
    """Entrants a year by (R, O, Q, S) from the year's graduates (R, O, Q, S), and how.

    Niveau 2: the vocational entrants as given. Niveau 3 and 4: :func:`academic_entrants` of
    the Bachelor-level (3) and Master-level (4) graduates, :func:`place_in_land` by the
    base-year employment at the entrants' level — or, with ``graduates_are_entrants`` (a
    graduates table derived from employment, already entrants at their level and district),
    as given. Niveau 1: :func:`helper_entrants` of the district's qualified entrants.
    ``stock`` (R, O, Q, S, A) is the base-year employment.
    """
    graduates = np.asarray(graduates, dtype=np.float64)
    out = np.zeros(graduates.shape)
    out[:, :, 1] = graduates[:, :, 1]
    shares = entry_shares()
    employment = stock.sum(axis=(3, 4), dtype=np.float64)  # (R, O, Q)
    if graduates_are_entrants:
        out[:, :, 2:] = graduates[:, :, 2:]
        academic = {"academic": "derived entrants as given"}
    else:
        spezialist, experte = academic_entrants(graduates[:, :, 2], graduates[:, :, 3], shares)
        stay = shares.stay_in_district
        out[:, :, 2] = place_in_land(spezialist, employment[:, :, 2], ags, stay)
        out[:, :, 3] = place_in_land(experte, employment[:, :, 3], ags, stay)
        academic = {
            "academic": "graduates → entrants (skill_entries.toml), placed in the Land",
            "academic_graduates": round(float(graduates[:, :, 2:].sum()), 1),
            "academic_entrants": round(float(out[:, :, 2:].sum()), 1),
        }
    qualified = out[:, :, 1:].sum(axis=(1, 2))  # (R, S)
    out[:, :, 0], helpers = helper_entrants(
        qualified, np.asarray(stock[:, :, 0], dtype=np.float64), ags, sexes, qualification_counts()
    )
    totals = out.sum(axis=(0, 1, 3))
    meta = {
        **academic,
        **helpers,
        "entrants_by_niveau": [round(float(x), 1) for x in totals],
        "entry_parameters": entry_sources(),
    }
    return out, meta
