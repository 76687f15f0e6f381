"""Classification of GENESIS labels: sex, nationality, age spans, totals, units, dates.

A GENESIS CSV names every dimension with a variable code, a value code and a German label
(:class:`~fachkraefte.sources.genesis_csv.Label`); these helpers say what each one means for
the ``population`` importer (``genesis_population``).
"""

from __future__ import annotations

import re
from datetime import date

from fachkraefte.sources.genesis_csv import DATE_DE, DATE_ISO, YEAR, Label

_TOTAL_WORDS = {"insgesamt", "gesamt", "zusammen", "total"}
_TOTAL_CODES = {"GESAMT", "INSGESAMT", "INSG"}
_MEASURE_WORDS = re.compile(
    r"^(Bevölkerung(sstand)?|Bevölkerung(sstand)? \(Anzahl\)|Anzahl|Personen|Einwohner|"
    r"Vorausberechneter Bevölkerungsstand|Bevölkerungsstand \(1000\))$",
    re.IGNORECASE,
)
_DIMENSION_NAMES = re.compile(
    r"^(Altersgruppen|Altersjahre|Alter|Geschlecht|Stichtag|Kreise( und krfr\. Städte)?)$",
    re.IGNORECASE,
)
"""Captions that name a dimension rather than a value of it (GENESIS repeats "Altersgruppen"
above every age-group column); they classify nothing."""
_COUNT_UNITS = {"anzahl": 1, "personen": 1, "pers.": 1, "": 1}
_THOUSAND_UNITS = {"1000", "tsd.", "tsd", "1000 personen", "in 1000"}
_REGION_VARIABLE = re.compile(r"^(GEO|KREISE|DLAND|DINSG|REGION|LAND)", re.IGNORECASE)

_AGE_CODE_RANGE = re.compile(r"^ALT(\d{3})B(\d{2,3})$")
_AGE_CODE_OPEN = re.compile(r"^ALT(\d{3})UM$")
_AGE_CODE_SINGLE = re.compile(r"^ALT(\d{3})$")
_AGE_CODE_UNDER = re.compile(r"^ALTU(\d{1,3})$")
_AGE_UNDER = re.compile(r"^unter (\d+) Jahre?n?$", re.IGNORECASE)
_AGE_RANGE = re.compile(r"^(\d+) bis unter (\d+) Jahre?n?$", re.IGNORECASE)
_AGE_OPEN = re.compile(r"^(\d+) Jahre? (und|oder) (mehr|älter|darüber)$", re.IGNORECASE)
_AGE_SINGLE = re.compile(r"^(\d+)([- ]?Jährige| Jahre?)$", re.IGNORECASE)

AgeSpan = tuple[int, int | None]  # [low, high) in years; high None = open ("und mehr")


def is_region_variable(label: Label) -> bool:
    return bool(label.variable and _REGION_VARIABLE.match(label.variable))


def region_label(labels: tuple[Label, ...]) -> Label | None:
    return next((lbl for lbl in labels if is_region_variable(lbl)), None)


def classify(label: Label) -> tuple[str, object]:
    code = label.code.upper()
    text = " ".join(label.label.split())
    lowered = text.lower()
    if code in ("GESM",) or lowered in ("männlich", "männer", "male"):
        return "sex", "m"
    if code in ("GESW", "GESF") or lowered in ("weiblich", "frauen", "female"):
        return "sex", "w"
    if (
        code.startswith("NAT")
        and code not in _TOTAL_CODES
        or lowered in ("deutsche", "ausländer", "ausländer/-innen", "ausländerinnen und ausländer")
    ):
        return "nationality", lowered
    span = age_span(code, text)
    if span is not None:
        return "age", span
    is_total = lowered in _TOTAL_WORDS or code in _TOTAL_CODES
    if is_total:
        variable = label.variable.upper()
        if variable.startswith("GES"):
            return "sex_total", None
        if variable.startswith("ALT"):
            return "age_total", None
        return "total", None
    if _MEASURE_WORDS.match(text) or _DIMENSION_NAMES.match(text):
        return "measure", None
    return "other", None


def age_span(code: str, text: str) -> AgeSpan | None:
    for pattern, build in (
        (_AGE_CODE_RANGE, lambda m: (int(m[1]), int(m[2]))),
        (_AGE_CODE_OPEN, lambda m: (int(m[1]), None)),
        (_AGE_CODE_SINGLE, lambda m: (int(m[1]), int(m[1]) + 1)),
        (_AGE_CODE_UNDER, lambda m: (0, int(m[1]))),
    ):
        match = pattern.match(code)
        if match:
            return build(match)
    for pattern, build in (
        (_AGE_UNDER, lambda m: (0, int(m[1]))),
        (_AGE_RANGE, lambda m: (int(m[1]), int(m[2]))),
        (_AGE_OPEN, lambda m: (int(m[1]), None)),
        (_AGE_SINGLE, lambda m: (int(m[1]), int(m[1]) + 1)),
    ):
        match = pattern.match(text)
        if match:
            return build(match)
    return None


def span_text(span: AgeSpan) -> str:
    low, high = span
    return f"{low}+" if high is None else f"{low}–{high - 1}"


def unit_factor(unit: str) -> int | None:
    unit = unit.strip().lower()
    if unit in _COUNT_UNITS:
        return _COUNT_UNITS[unit]
    if unit in _THOUSAND_UNITS:
        return 1000
    return None


def parse_time(text: str) -> date | None:
    text = text.strip()
    if m := DATE_DE.match(text):
        return _safe_date(int(m[3]), int(m[2]), int(m[1]))
    if m := DATE_ISO.match(text):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if YEAR.match(text):
        return date(int(text), 12, 31)
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
