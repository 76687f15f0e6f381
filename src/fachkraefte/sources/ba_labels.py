"""What the captions of BA tables mean: sex, age group, Anforderungsniveau, nationality, time.

Each caption of a value column (and each label of a row dimension other than region and
occupation) is classified. Measures ("Sozialversicherungspflichtig Beschäftigte",
"Arbeitslose", "Median" …) are matched by the importer that knows them; ``Insgesamt`` and
filler words set nothing, which means "all" for that dimension.

>>> classify("Frauen"), classify("20 bis unter 25 Jahre"), classify("Fachkraft")
(('sex', 'w'), ('age', (20, 25)), ('niveau', 2))
>>> classify("darunter Ausländer"), classify("Insgesamt")
(('nationality', 'foreign'), ('total', None))
"""

from __future__ import annotations

import re
from datetime import date

from fachkraefte.sources.ba_table import BATable, parse_date_label
from fachkraefte.sources.schema import AGE_BANDS

_FILLER = re.compile(r"^(darunter|davon|dar\.|und zwar)[:\s]*", re.IGNORECASE)
_TOTAL = re.compile(r"^(insgesamt|gesamt|zusammen|summe|alle|total)$", re.IGNORECASE)

_SEX = {
    "m": re.compile(r"^(männer|männlich|mann|male|men)$", re.IGNORECASE),
    "w": re.compile(r"^(frauen|weiblich|frau|female|women)$", re.IGNORECASE),
}
_NIVEAU = [
    (1, re.compile(r"^(1\s*)?helfer", re.IGNORECASE)),
    (2, re.compile(r"^(2\s*)?fachkr(a|ä)ft", re.IGNORECASE)),
    (3, re.compile(r"^(3\s*)?spezialist", re.IGNORECASE)),
    (4, re.compile(r"^(4\s*)?expert", re.IGNORECASE)),
]
_NATIONALITY = [
    (
        "foreign",
        re.compile(r"^(ausländer|ausländerinnen|ausländische|nichtdeutsche)", re.IGNORECASE),
    ),
    ("german", re.compile(r"^deutsche", re.IGNORECASE)),
    ("unknown", re.compile(r"^(ohne angabe|keine angabe|staatenlos|ungeklärt)", re.IGNORECASE)),
]
_AGE_UNDER = re.compile(r"^unter (\d+)( jahre?n?)?$", re.IGNORECASE)
_AGE_RANGE = re.compile(r"^(\d+)\s*(bis unter|-|–|bis)\s*(\d+)( jahre?n?)?$", re.IGNORECASE)
_AGE_OPEN = re.compile(r"^(\d+)( jahre?)? (und|oder) (älter|mehr|darüber)$", re.IGNORECASE)

AgeSpan = tuple[int, int | None]


def classify(caption: str) -> tuple[str, object]:
    """(kind, value) for one caption; kind ``"other"`` when it is none of the known ones."""
    text = _FILLER.sub("", " ".join(str(caption).split())).strip()
    if not text:
        return "total", None
    if _TOTAL.match(text):
        return "total", None
    for sex, pattern in _SEX.items():
        if pattern.match(text):
            return "sex", sex
    for niveau, pattern in _NIVEAU:
        if pattern.match(text):
            return "niveau", niveau
    for nationality, pattern in _NATIONALITY:
        if pattern.match(text):
            return "nationality", nationality
    span = age_span(text)
    if span is not None:
        return "age", span
    when = parse_date_label(text) if re.search(r"\d{4}", text) else None
    if when is not None and _looks_like_time(text):
        return "time", when
    return "other", text


def _looks_like_time(text: str) -> bool:
    return bool(
        re.fullmatch(r"\d{1,2}\.\s?\d{1,2}\.\s?\d{4}", text)
        or re.fullmatch(r"(19|20|21)\d{2}", text)
        or re.search(
            r"(Stichtag|Jahresdurchschnitt|Berichtsjahr|Berichtsmonat|Januar|Februar|März|"
            r"April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)",
            text,
        )
    )


def age_span(text: str) -> AgeSpan | None:
    """``"20 bis unter 25 Jahre"`` → (20, 25); ``"unter 20 Jahre"`` → (0, 20);
    ``"65 Jahre und älter"`` → (65, None)."""
    text = " ".join(text.split())
    if m := _AGE_UNDER.match(text):
        return 0, int(m[1])
    if m := _AGE_RANGE.match(text):
        low, high = int(m[1]), int(m[3])
        # "20 - 24" and "20 bis 24" name the last year included; "bis unter" the first excluded.
        return (low, high) if m[2].lower() == "bis unter" else (low, high + 1)
    if m := _AGE_OPEN.match(text):
        return int(m[1]), None
    return None


WORKING_AGES = (15, 75)
"""Ages the ``employment`` schema holds: 15 … 74 (there is no SV employment under 15)."""


def age_band(span: AgeSpan) -> tuple[str | None, str | None]:
    """The schema band of an age span that is exactly one of the 5-year bands.

    Employment under 15 does not exist, so "unter 20" is the band 15-19. Any other span
    (BA groups such as "unter 25", "25 bis unter 55", "65 und älter") has no band of its own;
    :func:`working_span` gives its edges for spreading over the bands.

    >>> age_band((20, 25)), age_band((0, 20)), age_band((25, 55))
    (('20-24', None), ('15-19', None), (None, None))
    """
    low, high = working_span(span) or (None, None)
    if low is None or high is None or high - low != 5:
        return None, None
    band = f"{low}-{high - 1}"
    return (band, None) if band in AGE_BANDS else (None, None)


def working_span(span: AgeSpan) -> tuple[int, int] | None:
    """The part of an age span within working age 15 … 74 as ``(first, end)``, or ``None``.

    "unter 25" → (15, 25): nobody under 15 is SV-employed. An open top group ("65 und
    älter") ends at 75, the schema's last age; the few employees of 75 and older are counted
    in it. A span wholly outside 15 … 74 (e.g. "unter 15", "75 und älter") has none.

    >>> working_span((0, 25)), working_span((25, 55)), working_span((65, None))
    ((15, 25), (25, 55), (65, 75))
    >>> working_span((75, None)) is None
    True
    """
    low, high = span
    first = max(low, WORKING_AGES[0])
    end = WORKING_AGES[1] if high is None else min(high, WORKING_AGES[1])
    if end <= first:
        return None
    return first, end


def as_date(value: object) -> date | None:
    return value if isinstance(value, date) else None


def classify_path(path: tuple[str, ...]) -> tuple[dict[str, object], tuple[str, str] | None]:
    """The dimensions a column's caption path names (sex, age group, …), or a problem
    (German, English) when it names two values of one dimension."""
    dims: dict[str, object] = {}
    others: list[str] = []
    for caption in path:
        kind, value = classify(caption)
        if kind == "total":
            continue
        if kind == "other":
            others.append(str(value))
            continue
        if kind in dims and dims[kind] != value:
            return {}, (
                f"Spaltenüberschrift nennt zwei Werte für {kind}",
                f"column caption names two values for {kind}",
            )
        dims[kind] = value
    if others:
        dims["other"] = tuple(others)
    return dims, None


def classify_row(
    table: BATable, labels: tuple[object, ...]
) -> tuple[dict[str, object], tuple | None]:
    """The dimensions a row's labels name besides region and occupation, or a problem
    (German, English, label) when a label does not fit its row dimension."""
    dims: dict[str, object] = {}
    for kind, label in zip(table.row_dims, labels, strict=True):
        if kind in ("region", "occupation") or label is None:
            continue
        found, value = classify(str(label))
        if found == "total":
            continue
        if found != kind:
            return {}, (
                f"Zeilenbeschriftung passt nicht zur Spalte '{kind}'",
                f"row label does not fit the row dimension '{kind}'",
                label,
            )
        dims[kind] = value
    return dims, None
