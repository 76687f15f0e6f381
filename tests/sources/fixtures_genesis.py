"""Builders of GENESIS CSV downloads in the published layouts (docs/statistics.md).

* ``ffcsv``: the flat file of GENESIS-Online and the Regionaldatenbank (UTF-8, ``;``, one
  value per line, columns ``statistics_code;…;value;value_unit;value_variable_code;
  value_variable_label;value_q``), here for table 12411-02-03-4.
* ``classic``: the table CSV of the Regionaldatenbank (Windows-1252): title lines
  ``GENESIS-Tabelle: 12411-02-03-4`` …, the header ``;;;;Insgesamt;männlich;weiblich``, data
  lines ``31.12.2023;06411;      Darmstadt, …;unter 3 Jahre;…``, the footer rule of
  underscores and the ``(C)opyright`` line.

Both carry Germany (DG), the Land (06) and the given Kreise, the 17 age groups of
12411-02-03-4 and an ``Insgesamt`` per region, as the real tables do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

# The 17 age groups of 12411-02-03-4 (attribute codes of the variable ALTX20).
AGE_GROUPS = [
    ("ALT000B03", "unter 3 Jahre", 0, 3),
    ("ALT003B06", "3 bis unter 6 Jahre", 3, 6),
    ("ALT006B10", "6 bis unter 10 Jahre", 6, 10),
    ("ALT010B15", "10 bis unter 15 Jahre", 10, 15),
    ("ALT015B18", "15 bis unter 18 Jahre", 15, 18),
    ("ALT018B20", "18 bis unter 20 Jahre", 18, 20),
    ("ALT020B25", "20 bis unter 25 Jahre", 20, 25),
    ("ALT025B30", "25 bis unter 30 Jahre", 25, 30),
    ("ALT030B35", "30 bis unter 35 Jahre", 30, 35),
    ("ALT035B40", "35 bis unter 40 Jahre", 35, 40),
    ("ALT040B45", "40 bis unter 45 Jahre", 40, 45),
    ("ALT045B50", "45 bis unter 50 Jahre", 45, 50),
    ("ALT050B55", "50 bis unter 55 Jahre", 50, 55),
    ("ALT055B60", "55 bis unter 60 Jahre", 55, 60),
    ("ALT060B65", "60 bis unter 65 Jahre", 60, 65),
    ("ALT065B75", "65 bis unter 75 Jahre", 65, 75),
    ("ALT075UM", "75 Jahre und mehr", 75, None),
]
KREISE = [("06411", "Darmstadt, Wissenschaftsstadt"), ("06412", "Frankfurt am Main, Stadt")]
TITLE = "Bevölkerung nach Geschlecht und Altersgruppen (17) - Stichtag 31.12. - regionale Tiefe: Kreise und krfr. Städte"


@dataclass
class PopulationTable:
    # (year, ags, sex, age group code) → persons
    values: dict[tuple[int, str, str, str], int]
    kreise: list[tuple[str, str]]
    years: list[int]

    def total(self, year: int, ags: str, sex: str | None = None) -> int:
        return sum(
            v
            for (y, a, s, _), v in self.values.items()
            if y == year and a == ags and (sex is None or s == sex)
        )


def population_values(*, seed: int = 3, kreise=KREISE, years=(2023,)) -> PopulationTable:
    rng = random.Random(seed)
    values = {}
    for year in years:
        for ags, _ in kreise:
            for sex in ("m", "w"):
                for code, _, low, high in AGE_GROUPS:
                    width = (high or 91) - low
                    values[(year, ags, sex, code)] = rng.randint(400, 1800) * width
    return PopulationTable(values=values, kreise=list(kreise), years=list(years))


def _regions(table: PopulationTable):
    """Germany, Land and Kreise with their values (aggregates are sums of the Kreise)."""

    def summed(year, sex, code, prefix=""):
        return sum(
            table.values[(year, a, sex, code)] for a, _ in table.kreise if a.startswith(prefix)
        )

    regions = [("DG", "Deutschland", ""), ("06", "Hessen", "06")]
    for year in table.years:
        for code, name, prefix in regions:
            yield (
                year,
                code,
                name,
                {
                    (sex, group): summed(year, sex, group, prefix)
                    for sex in ("m", "w")
                    for group, *_ in AGE_GROUPS
                },
            )
        for ags, name in table.kreise:
            yield (
                year,
                ags,
                name,
                {
                    (sex, group): table.values[(year, ags, sex, group)]
                    for sex in ("m", "w")
                    for group, *_ in AGE_GROUPS
                },
            )


def write_ffcsv(table: PopulationTable, path: Path, *, region_variable: str = "KREISE") -> Path:
    header = (
        "statistics_code;statistics_label;time_code;time_label;time;"
        "1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;"
        "2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;"
        "3_variable_code;3_variable_label;3_variable_attribute_code;3_variable_attribute_label;"
        "value;value_unit;value_variable_code;value_variable_label;value_q"
    )
    lines = [header]
    for year, code, name, values in _regions(table):
        for sex, sex_code, sex_label in (("m", "GESM", "männlich"), ("w", "GESW", "weiblich")):
            for group, label, *_ in AGE_GROUPS:
                lines.append(
                    f"12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;{year}-12-31;"
                    f"{region_variable};Kreise und krfr. Städte;{code};{name};"
                    f"GES;Geschlecht;{sex_code};{sex_label};"
                    f"ALTX20;Altersgruppen (unter 3 bis 75 u. m.);{group};{label};"
                    f"{values[(sex, group)]};Anzahl;BEVSTD;Bevölkerungsstand;e"
                )
            total = sum(v for (s, _), v in values.items() if s == sex)
            lines.append(
                f"12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;{year}-12-31;"
                f"{region_variable};Kreise und krfr. Städte;{code};{name};"
                f"GES;Geschlecht;{sex_code};{sex_label};"
                f"ALTX20;Altersgruppen (unter 3 bis 75 u. m.);;Insgesamt;"
                f"{total};Anzahl;BEVSTD;Bevölkerungsstand;e"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_classic(
    table: PopulationTable, path: Path, *, encoding: str = "cp1252", footer: bool = True
) -> Path:
    lines = [
        "GENESIS-Tabelle: 12411-02-03-4",
        "Bevölkerung nach Geschlecht und Altersgruppen (17) - Stichtag 31.12. -;;;;;;",
        "regionale Tiefe: Kreise und krfr. Städte;;;;;;",
        "Fortschreibung des Bevölkerungsstandes;;;;;;",
        "Bevölkerungsstand (Anzahl);;;;;;",
        ";;;;Insgesamt;männlich;weiblich",
    ]
    for year, code, name, values in _regions(table):
        indent = "" if code == "DG" else ("  " if len(code) == 2 else "      ")
        m_total = sum(v for (s, _), v in values.items() if s == "m")
        w_total = sum(v for (s, _), v in values.items() if s == "w")
        for group, label, *_ in AGE_GROUPS:
            m, w = values[("m", group)], values[("w", group)]
            lines.append(f"31.12.{year};{code};{indent}{name};{label};{m + w};{m};{w}")
        lines.append(
            f"31.12.{year};{code};{indent}{name};Insgesamt;{m_total + w_total};{m_total};{w_total}"
        )
    if footer:
        lines += [
            "__________",
            "Stand: 20.06.2024 / 15:01:13",
            "(C)opyright Statistische Ämter des Bundes und der Länder, Deutschland, 2024.",
            "Vervielfältigung und Verbreitung, auch auszugsweise, mit Quellenangabe gestattet.",
        ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path
