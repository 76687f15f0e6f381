"""Words and numbers in the reports' languages: chart labels, German and English formats.

>>> fmt_number(1234567.891), fmt_number(-0.5, "en", 1), fmt_number(None)
('1.234.568', '-0.5', '–')
>>> fmt_percent(0.125), fmt_percent(0.125, "en")
('12,5 %', '12.5%')
"""

from __future__ import annotations

LABELS = {
    "de": {
        "year": "Jahr",
        "persons": "Personen",
        "demand": "Bedarf",
        "supply": "Angebot",
        "gap": "Lücke",
        "gap_rel": "Lücke in % des Bedarfs",
        "band": "P10–P90",
        "occupation": "Berufsgruppe",
        "district": "Kreis",
        "area": "Gebiet",
        "age_band": "Altersgruppe",
        "share": "Anteil an den Beschäftigten",
        "age_27": "erreichen 27 Jahre",
        "age_64": "erreichen 64 Jahre",
        "series": "Reihe",
        "run": "Prognoselauf",
        "difference": "Unterschied der Lücke",
        "wage": "Median-Bruttomonatsentgelt (EUR)",
        "sex": "Geschlecht",
        "men": "Männer",
        "women": "Frauen",
        "land_value": "Landeswert",
        "pay_gap": "Gender Pay Gap",
    },
    "en": {
        "year": "Year",
        "persons": "Persons",
        "demand": "Demand",
        "supply": "Supply",
        "gap": "Gap",
        "gap_rel": "Gap in % of demand",
        "band": "P10–P90",
        "occupation": "Occupation group",
        "district": "District",
        "area": "Area",
        "age_band": "Age group",
        "share": "Share of employees",
        "age_27": "reach age 27",
        "age_64": "reach age 64",
        "series": "Series",
        "run": "Forecast run",
        "difference": "Difference in the gap",
        "wage": "Median gross monthly wage (EUR)",
        "sex": "Sex",
        "men": "Men",
        "women": "Women",
        "land_value": "Land value",
        "pay_gap": "Gender pay gap",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The chart labels of ``lang`` ("de" or "en"; anything else gives German)."""
    return LABELS["en" if lang == "en" else "de"]


def fmt_number(value: float | None, lang: str = "de", digits: int = 0) -> str:
    """A number with the thousands separator and decimal mark of ``lang``."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if lang == "en":
        return text
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def fmt_percent(share: float | None, lang: str = "de", digits: int = 1) -> str:
    """``0.125`` → ``'12,5 %'`` (German spacing) or ``'12.5%'``."""
    if share is None:
        return "–"
    number = fmt_number(share * 100, lang, digits)
    return f"{number} %" if lang != "en" else f"{number}%"
