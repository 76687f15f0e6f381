"""The wage atlas and bottleneck tables as the pages and the API show them: filters with
their validation, columns and rows. Values come unchanged from ``fachkraefte.indicators``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from fachkraefte.indicators.config import CORE_INDICATORS, NO_ASSESSMENT, RISK_INDICATORS
from fachkraefte.indicators.regions import GERMANY
from fachkraefte.tabular import Column
from fachkraefte.web.statistics import selectors

DEFAULT_LAND = "06"  # the demo data covers Hessen
LEVELS = ("kreis", "land", "deutschland")
CLASSIFICATIONS = {
    "engpass": "Engpassberuf",
    "beobachtung": "unter Beobachtung",
    "kein": "kein Engpass",
    "x": NO_ASSESSMENT,
}


class FilterError(ValueError):
    """Filter values that do not fit the data; ``errors`` maps each parameter to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Filters:
    year: int
    level: str = "kreis"
    land: str | None = None
    ags: str | None = None
    kldb3: str | None = None
    niveau: int | None = None
    classification: str | None = None

    def query(self) -> dict[str, str]:
        """The filters as URL parameters (for sort links, pages and downloads)."""
        pairs = {
            "year": self.year,
            "level": self.level if self.level != "kreis" else None,
            "land": self.land,
            "ags": self.ags,
            "kldb3": self.kldb3,
            "niveau": self.niveau,
            "classification": self.classification,
        }
        return {k: str(v) for k, v in pairs.items() if v not in (None, "")}


def _listing(values: list[str], limit: int = 30) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f", … ({len(values)})" if len(values) > limit else "")


def _invalid(value: str, valid: str) -> str:
    return _("Ungültiger Wert „%(value)s“. Gültig: %(valid)s") % {"value": value, "valid": valid}


def _pick(
    params: Any, name: str, valid: list[str], errors: dict[str, str], hint: str = ""
) -> str | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    if raw not in valid:
        errors[name] = _invalid(raw, (hint + " " if hint else "") + _listing(valid))
        return None
    return raw


def parse_filters(
    params: Any,
    years: list[int],
    frame_for: Callable[[int, str], pl.DataFrame],
    *,
    table: str,
) -> tuple[Filters, pl.DataFrame]:
    """Check the query parameters against the data; ``FilterError`` lists what is wrong.

    ``table`` is "wages" or "bottlenecks" (which also takes level, niveau, classification);
    ``frame_for(year, level)`` gives the indicator table the other values are checked
    against. Returns the filters and that table (unfiltered).
    """
    errors: dict[str, str] = {}
    raw_year = (params.get("year") or "").strip()
    year = years[-1] if years else 0
    if raw_year:
        if raw_year.isdigit() and int(raw_year) in years:
            year = int(raw_year)
        else:
            errors["year"] = _invalid(raw_year, _listing([str(y) for y in years]))
    level = "kreis"
    if table == "bottlenecks":
        level = _pick(params, "level", list(LEVELS), errors) or "kreis"
    frame = frame_for(year, level) if years else pl.DataFrame({"ags": [], "kldb3": []})
    codes = sorted(set(frame["ags"].to_list())) if frame.height else []
    laender = sorted({code[:2] for code in codes})
    raw_land = (params.get("land") or "").strip()
    land = None
    if level == "deutschland":
        if raw_land:
            errors["land"] = _("Auf der Ebene Deutschland gibt es keine Auswahl nach Land.")
    else:
        land = _pick(
            {"land": raw_land.zfill(2) if raw_land.isdigit() else raw_land},
            "land",
            laender,
            errors,
            _("Landesschlüssel mit 2 Ziffern:"),
        )
    ags = None
    if level == "kreis":
        kreise = [c for c in codes if len(c) == 5 and (land is None or c.startswith(land))]
        ags = _pick(params, "ags", kreise, errors, _("AGS eines Kreises mit 5 Ziffern:"))
    kldb3 = _pick(
        params,
        "kldb3",
        sorted(set(frame["kldb3"].to_list())),
        errors,
        _("KldB-2010-Berufsgruppe mit 3 Ziffern:"),
    )
    niveau = classification = None
    if table == "bottlenecks":
        picked = _pick(
            params,
            "niveau",
            ["1", "2", "3", "4"],
            errors,
            _("Anforderungsniveau 1 Helfer, 2 Fachkraft, 3 Spezialist, 4 Experte:"),
        )
        niveau = int(picked) if picked else None
        classification = _pick(params, "classification", list(CLASSIFICATIONS), errors)
    if errors:
        raise FilterError(errors)
    if land is None and ags is None and level == "kreis" and laender:
        land = DEFAULT_LAND if DEFAULT_LAND in laender else laender[0]
    return Filters(year, level, land, ags, kldb3, niveau, classification), frame


def _split_language(text: str | None, language: str) -> str | None:
    """The German or English half of a bilingual "de / en" text from the indicators."""
    if not text or " / " not in text:
        return text
    german, english = text.split(" / ", 1)
    return english if language == "en" else german


# --- wage atlas ----------------------------------------------------------------------------

WAGE_VALUES = (
    "median_m",
    "median_w",
    "gender_gap_pct",
    "land_median_m",
    "land_median_w",
    "land_gender_gap_pct",
    "deviation_from_land_m_pct",
    "deviation_from_land_w_pct",
)


def wage_columns() -> list[Column]:
    return [
        Column("ags", _("AGS")),
        Column("region", _("Kreis")),
        Column("kldb3", _("KldB")),
        Column("occupation", _("Berufsgruppe")),
        Column("median_m", _("Median Männer (EUR)"), numeric=True),
        Column("median_w", _("Median Frauen (EUR)"), numeric=True),
        Column("gender_gap_pct", _("Gender Pay Gap (%)"), numeric=True, digits=1),
        Column("land_median_m", _("Land: Median Männer (EUR)"), numeric=True),
        Column("land_median_w", _("Land: Median Frauen (EUR)"), numeric=True),
        Column("land_gender_gap_pct", _("Land: Gender Pay Gap (%)"), numeric=True, digits=1),
        Column(
            "deviation_from_land_m_pct",
            _("Abweichung vom Land, Männer (%)"),
            numeric=True,
            digits=1,
        ),
        Column(
            "deviation_from_land_w_pct",
            _("Abweichung vom Land, Frauen (%)"),
            numeric=True,
            digits=1,
        ),
        Column("land_basis", _("Grundlage des Landeswerts")),
    ]


def filter_frame(frame: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    if filters.ags:
        frame = frame.filter(pl.col("ags") == filters.ags)
    elif filters.land:
        frame = frame.filter(pl.col("ags").str.starts_with(filters.land))
    if filters.kldb3:
        frame = frame.filter(pl.col("kldb3") == filters.kldb3)
    if filters.niveau is not None and "niveau" in frame.columns:
        frame = frame.filter(pl.col("niveau") == filters.niveau)
    if filters.classification and "classification" in frame.columns:
        frame = frame.filter(pl.col("classification") == CLASSIFICATIONS[filters.classification])
    return frame


def wage_rows(frame: pl.DataFrame, language: str) -> list[dict[str, Any]]:
    """One dict per Kreis × Berufsgruppe with the wage atlas values and readable names."""
    names, titles = selectors.region_names(), selectors.occupation_titles()
    rows = []
    for record in frame.iter_rows(named=True):
        row = {key: record[key] for key in ("year", "ags", "kldb3", *WAGE_VALUES)}
        row["region"] = names.get(record["ags"], record["ags"])
        row["occupation"] = titles.get(record["kldb3"], "")
        row["land_basis"] = _split_language(record["land_basis"], language)
        rows.append(row)
    return rows


# --- bottlenecks ---------------------------------------------------------------------------


def region_name(ags: str, names: dict[str, str]) -> str:
    """The name of a Kreis or Land, or "Deutschland" for the Germany level ("DG")."""
    if ags == GERMANY:
        return _("Deutschland")
    return names.get(ags, ags)


def classification_label(value: str) -> str:
    # The msgids are the BA's own words; translated per request language.
    return {
        "Engpassberuf": _("Engpassberuf"),
        "unter Beobachtung": _("unter Beobachtung"),
        "kein Engpass": _("kein Engpass"),
        NO_ASSESSMENT: _("X: keine Bewertung möglich"),
    }.get(value, value)


def bottleneck_columns(language: str, level: str) -> list[Column]:
    config = selectors.bottleneck_config()
    specs = {**config.core, **config.risk}

    def label(name: str) -> str:
        spec = specs[name]
        return spec.label_en if language == "en" else spec.label_de

    region = {"kreis": _("Kreis"), "land": _("Land"), "deutschland": _("Region")}[level]
    columns = [
        Column("ags", _("AGS")),
        Column("region", region),
        Column("kldb3", _("KldB")),
        Column("occupation", _("Berufsgruppe")),
        Column("niveau", _("Anforderungsniveau"), numeric=True),
    ]
    columns += [
        Column(f"{n}_points", _("Punkte: %(name)s") % {"name": label(n)}, numeric=True)
        for n in CORE_INDICATORS
    ]
    columns += [
        Column("core_indicators", _("bewertbare Indikatoren"), numeric=True),
        Column("score", _("Engpasswert (Mittel der Punkte)"), numeric=True, digits=2),
        Column("classification", _("Einstufung")),
        Column("x_flag", _("X (keine Bewertung)")),
        Column("risk_score", _("Risikowert"), numeric=True, digits=2),
    ]
    if level != "kreis":
        # Official Land/Germany rows of the BA files, or the sum of the Kreise (per row).
        columns.append(Column("reference_basis", _("Bezugsgrundlage")))
    return columns


def bottleneck_detail_columns(language: str) -> list[Column]:
    """The indicator values themselves (downloads and API), beside their points."""
    config = selectors.bottleneck_config()
    specs = {**config.core, **config.risk}
    return [
        Column(
            n,
            f"{specs[n].label_en if language == 'en' else specs[n].label_de} ({specs[n].unit})",
            numeric=True,
            digits=1,
        )
        for n in (*CORE_INDICATORS, *RISK_INDICATORS)
    ]


def bottleneck_rows(frame: pl.DataFrame, language: str) -> list[dict[str, Any]]:
    names, titles = selectors.region_names(), selectors.occupation_titles()
    rows = []
    for record in frame.iter_rows(named=True):
        row = dict(record)
        row["region"] = region_name(record["ags"], names)
        row["occupation"] = titles.get(record["kldb3"], "")
        row["reference_basis"] = _split_language(record.get("reference_basis"), language)
        row["x_flag"] = "X" if record["classification"] == NO_ASSESSMENT else ""
        row["classification_code"] = record["classification"]
        row["classification"] = classification_label(record["classification"])
        row["note"] = _split_language(record["note"], language)
        rows.append(row)
    return rows
