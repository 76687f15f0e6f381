"""Builders of BA statistics files in the layout the BA publishes and delivers.

The BA does not allow its custom tables to be redistributed and /work/shared/data holds
none, so the tests build files that mirror the layout (docs/statistics.md): title lines,
``Stichtag``/``Berichtsjahr`` line, a multi-row header whose group captions are written once
over their columns, a row of column numbers, region labels written once per block, code +
short title occupation labels, ``Insgesamt`` rows and columns, ``*`` for cells under 3 and
``-`` for zero, footnotes and ``© Statistik der Bundesagentur für Arbeit``.

Each builder returns the true values it wrote, so a test can compare the import exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from fachkraefte.sources.schema import AGE_BANDS

KREISE = [
    ("06411", "Darmstadt, Wissenschaftsstadt"),
    ("06412", "Frankfurt am Main, Stadt"),
    ("06611", "Kassel, documenta-Stadt"),
]
# Berufsgattungen with their BA short titles (Kurztitel of the KldB 2010 export).
GATTUNGEN = [
    ("81302", "Gesundheits-,Krankenpflege(oS)-Fachkraft"),
    ("81313", "Fachkrankenpflege - Spezialist"),
    ("81382", "Gesundheits,Krankenpflege(ssT)-Fachkraft"),
    ("82101", "Altenpflege (o.S.) - Helfer"),
    ("82102", "Altenpflege (o.S.) - Fachkraft"),
    ("43414", "Softwareentwicklung - Experte"),
    ("52122", "Berufskraftfahrer(Güterv./LKW)-Fachkraft"),
]
GRUPPEN = [
    ("813", "Gesundh.,Krankenpfl.,Rettungsd.Geburtsh."),
    ("821", "Altenpflege"),
    ("434", "Softwareentwicklung und Programmierung"),
    ("521", "Fahrzeugführung im Straßenverkehr"),
]
NIVEAU_LABELS = {1: "Helfer", 2: "Fachkraft", 3: "Spezialist", 4: "Experte"}
AGE_CAPTIONS = [f"{lo} bis unter {lo + 5} Jahre" for lo in range(15, 75, 5)]
SEX_CAPTIONS = {"m": "Männer", "w": "Frauen"}

FOOTNOTES = [
    "*) Aus Datenschutzgründen und Gründen der statistischen Geheimhaltung werden Zahlenwerte "
    "von 1 oder 2 und Daten, aus denen rechnerisch auf einen solchen Zahlenwert geschlossen "
    "werden kann, anonymisiert.",
    "-) nichts vorhanden",
    "Erstellungsdatum: 15.01.2024, Statistik-Service Südwest, Auftragsnummer 000000 (Testdatei)",
    "© Statistik der Bundesagentur für Arbeit",
]


def ba_value(value: int | None) -> object:
    """A count as the BA writes it: ``*`` for 1 and 2, ``-`` for 0."""
    if value is None:
        return "*"
    if value == 0:
        return "-"
    if value < 3:
        return "*"
    return value


@dataclass
class Sheet:
    """A BA table as rows of cells, written to XLSX or CSV by the functions below."""

    title: list[str]
    header: list[list[object]]
    data: list[list[object]]
    footer: list[str] = field(default_factory=lambda: list(FOOTNOTES))
    name: str = "Tabelle 1"

    def rows(self) -> list[list[object]]:
        width = max(len(r) for r in self.header + self.data)
        numbering = [None] * 2 + [f"({i})" for i in range(1, width - 1)]
        blocks = (
            [[line] for line in self.title]
            + [[]]
            + self.header
            + [numbering[:width]]
            + self.data
            + [[]]
            + [[line] for line in self.footer]
        )
        return [r + [None] * (width - len(r)) for r in blocks]


def write_xlsx(sheet: Sheet, path: Path, *, extra_sheets: bool = True) -> Path:
    workbook = Workbook()
    first = workbook.active
    if extra_sheets:
        first.title = "Deckblatt"
        first["A1"] = "Statistik der Bundesagentur für Arbeit"
        first["A3"] = sheet.title[0]
        impressum = workbook.create_sheet("Impressum")
        impressum["A1"] = "Herausgeber: Bundesagentur für Arbeit, Statistik"
        target = workbook.create_sheet(sheet.name)
    else:
        first.title = sheet.name
        target = first
    for row in sheet.rows():
        target.append(row)
    workbook.save(path)
    return path


def write_csv(sheet: Sheet, path: Path, *, encoding: str = "cp1252") -> Path:
    def cell(value: object) -> str:
        if value is None:
            return ""
        text = str(value)
        return f'"{text}"' if ";" in text or '"' in text else text

    lines = [";".join(cell(v) for v in row) for row in sheet.rows()]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


# --- employment ----------------------------------------------------------------------------


@dataclass
class EmploymentTable:
    sheet: Sheet
    # true counts (before suppression) per (ags, occupation code, sex, age band)
    values: dict[tuple[str, str, str, str], int]
    foreign: dict[tuple[str, str], int]
    year: int = 2023

    def expected_rows(self) -> dict[tuple, int | None]:
        """(year, ags, kldb3, niveau, sex, band) → employees as the importer must store them."""
        grouped: dict[tuple, list[int]] = {}
        for (ags, code, sex, band), value in self.values.items():
            key = (self.year, ags, code[:3], int(code[4]), sex, band)
            grouped.setdefault(key, []).append(value)
        return {
            key: (None if any(0 < v < 3 for v in parts) else sum(parts))
            for key, parts in grouped.items()
        }


def employment_table(
    *,
    seed: int = 7,
    kreise: list[tuple[str, str]] = KREISE,
    gattungen: list[tuple[str, str]] = GATTUNGEN,
    stichtag: str = "Stichtag: 30. Juni 2023",
    with_land_rows: bool = True,
    small_values: bool = True,
    layout: str = "gattung",
) -> EmploymentTable:
    """Region × occupation rows; columns Insgesamt, Männer × 12 age groups, Frauen × 12,
    darunter Ausländer.

    ``layout="gattung"``: 5-digit Berufsgattungen. ``layout="gruppe"``: 3-digit Berufsgruppen
    with an ``Anforderungsniveau`` row dimension (the BA sums before suppressing).
    ``small_values=False`` writes no 1s and 2s, so nothing is suppressed.
    """
    rng = random.Random(seed)
    values: dict[tuple[str, str, str, str], int] = {}
    foreign: dict[tuple[str, str], int] = {}
    for ags, _ in kreise:
        for code, _ in gattungen:
            for sex in ("m", "w"):
                for band in AGE_BANDS:
                    roll = rng.random()
                    small = rng.randint(1, 2) if small_values else rng.randint(3, 9)
                    values[(ags, code, sex, band)] = (
                        0 if roll < 0.1 else small if roll < 0.2 else rng.randint(3, 400)
                    )
            total = sum(v for (a, c, _, _), v in values.items() if a == ags and c == code)
            foreign[(ags, code)] = rng.randint(3, max(3, total // 5))
    if layout == "gruppe":
        return _gruppe_table(values, foreign, kreise, gattungen, stichtag)
    header = [
        [
            "Region",
            "Ausgeübte Tätigkeit nach KldB 2010 (Berufsgattung)",
            "Sozialversicherungspflichtig Beschäftigte",
        ],
        [
            None,
            None,
            "Insgesamt",
            "Männer",
            *[None] * 11,
            "Frauen",
            *[None] * 11,
            "darunter Ausländer",
        ],
        [None, None, None, *AGE_CAPTIONS, *AGE_CAPTIONS, None],
    ]
    data: list[list[object]] = []
    if with_land_rows:
        data += _land_block(values, foreign, gattungen)
    for ags, name in kreise:
        first = True
        for code, title in [("", "Insgesamt"), *gattungen]:
            if code:
                cells = [values[(ags, code, sex, band)] for sex in ("m", "w") for band in AGE_BANDS]
                foreign_value = foreign[(ags, code)]
            else:
                cells = [
                    sum(values[(ags, c, sex, band)] for c, _ in gattungen)
                    for sex in ("m", "w")
                    for band in AGE_BANDS
                ]
                foreign_value = sum(foreign[(ags, c)] for c, _ in gattungen)
            label = f"{code} {title}" if code else title
            data.append(
                [
                    f"{ags} {name}" if first else None,
                    label,
                    ba_value(sum(cells)),
                    *[ba_value(v) for v in cells],
                    ba_value(foreign_value),
                ]
            )
            first = False
    return EmploymentTable(
        sheet=Sheet(title=_employment_title(stichtag), header=header, data=data),
        values=values,
        foreign=foreign,
        year=int(stichtag[-4:]),
    )


BA_AGE_GROUPS = [
    ("unter 25 Jahre", 15, 25),
    ("25 bis unter 55 Jahre", 25, 55),
    ("55 Jahre und älter", 55, 75),
]
"""The BA's usual age groups in its employment tables (first and last open-ended)."""


def regroup_ages(table: EmploymentTable, groups: list[tuple[str, int, int]]) -> EmploymentTable:
    """The same table with each sex's 5-year age columns replaced by ``groups``.

    ``groups``: (caption, first age, end age) with edges on multiples of 5 (the written
    values are sums of the 5-year values). A group may cover others (the BA booklets print
    "55 und älter" beside "55 bis unter 65" and "65 und älter"). Needs a table without
    suppressed cells (``small_values=False``) so that every sum is known.
    """
    header = [list(r) for r in table.sheet.header]
    n = len(groups)
    header[1] = [None, None, "Insgesamt", "Männer", *[None] * (n - 1), "Frauen"]
    header[1] += [*[None] * (n - 1), "darunter Ausländer"]
    header[2] = [None, None, None, *[g[0] for g in groups] * 2, None]

    def number(cell: object) -> int:
        return 0 if cell == "-" else int(cell)  # type: ignore[arg-type]

    data = []
    for row in table.sheet.data:
        bands = [number(v) for v in row[3:27]]
        cells = []
        for offset in (0, 12):
            for _, first, end in groups:
                lo, hi = (first - 15) // 5, (end - 15) // 5
                cells.append(ba_value(sum(bands[offset + lo : offset + hi])))
        data.append([*row[:3], *cells, row[27]])
    return EmploymentTable(
        sheet=Sheet(title=table.sheet.title, header=header, data=data),
        values=table.values,
        foreign=table.foreign,
        year=table.year,
    )


def _employment_title(stichtag: str) -> list[str]:
    return [
        "Sozialversicherungspflichtig Beschäftigte am Arbeitsort nach ausgeübter Tätigkeit "
        "(KldB 2010), Geschlecht und Altersgruppen",
        "Hessen und Kreise (Auswahl)",
        stichtag,
    ]


def _gruppe_table(values, foreign, kreise, gattungen, stichtag) -> EmploymentTable:
    groups = sorted({(code[:3], int(code[4])) for code, _ in gattungen})
    titles = dict(GRUPPEN)
    header = [
        [
            "Region",
            "Berufsgruppe (KldB 2010)",
            "Anforderungsniveau",
            "Sozialversicherungspflichtig Beschäftigte",
        ],
        [None, None, None, "Männer", *[None] * 11, "Frauen", *[None] * 11, "darunter Ausländer"],
        [None, None, None, *AGE_CAPTIONS, *AGE_CAPTIONS, None],
    ]
    data: list[list[object]] = []
    summed: dict[tuple[str, str, str, str], int] = {}
    summed_foreign: dict[tuple[str, str], int] = {}
    for ags, name in kreise:
        first = True
        previous = None
        for kldb3, niveau in groups:
            members = [c for c, _ in gattungen if c[:3] == kldb3 and int(c[4]) == niveau]
            cells = []
            for sex in ("m", "w"):
                for band in AGE_BANDS:
                    total = sum(values[(ags, c, sex, band)] for c in members)
                    summed[(ags, f"{kldb3}0{niveau}", sex, band)] = total
                    cells.append(total)
            foreign_total = sum(foreign[(ags, c)] for c in members)
            summed_foreign[(ags, f"{kldb3}0{niveau}")] = foreign_total
            data.append(
                [
                    f"{ags} {name}" if first else None,
                    f"{kldb3} {titles.get(kldb3, 'Berufsgruppe')}" if kldb3 != previous else None,
                    NIVEAU_LABELS[niveau],
                    *[ba_value(v) for v in cells],
                    ba_value(foreign_total),
                ]
            )
            first = False
            previous = kldb3
    return EmploymentTable(
        sheet=Sheet(title=_employment_title(stichtag), header=header, data=data),
        values=summed,
        foreign=summed_foreign,
        year=int(stichtag[-4:]),
    )


def _land_block(values, foreign, gattungen) -> list[list[object]]:
    rows = []
    for index, (code, title) in enumerate(gattungen):
        cells = [
            sum(v for (a, c, s, b), v in values.items() if c == code and s == sex and b == band)
            for sex in ("m", "w")
            for band in AGE_BANDS
        ]
        land_foreign = sum(v for (a, c), v in foreign.items() if c == code)
        rows.append(
            [
                ("06 Hessen" if index == 0 else None),
                f"{code} {title}",
                ba_value(sum(cells)),
                *[ba_value(v) for v in cells],
                ba_value(land_foreign),
            ]
        )
    return rows


# --- labour market -------------------------------------------------------------------------


@dataclass
class LabourMarketTable:
    sheet: Sheet
    # (ags, kldb3, niveau) → (unemployed, vacancies, duration, exits)
    values: dict[tuple[str, str, int], tuple[int, int, float, int]]
    year: int
    # (ags, kldb3, niveau) → Arbeitsuchende as written (the unemployed plus others)
    jobseekers: dict[tuple[str, str, int], int] = field(default_factory=dict)


def labour_market_table(
    *, seed: int = 11, kreise: list[tuple[str, str]] = KREISE, year: int = 2023
) -> LabourMarketTable:
    """Region × Zielberuf (3-digit) × Anforderungsniveau rows, annual averages."""
    rng = random.Random(seed)
    values = {}
    for ags, _ in kreise:
        for code, _ in GRUPPEN:
            for niveau in (1, 2, 3, 4):
                values[(ags, code, niveau)] = (
                    rng.randint(0, 300),
                    rng.randint(0, 200),
                    round(rng.uniform(40.0, 260.0), 1),
                    rng.randint(0, 600),
                )
    header = [
        [
            "Region",
            "Zielberuf nach KldB 2010 (Berufsgruppe)",
            "Anforderungsniveau",
            "Arbeitslose",
            None,
            "Arbeitsuchende",
            "Gemeldete Arbeitsstellen",
            "Abgeschlossene Vakanzzeit in Tagen",
            "Abgänge aus Arbeitslosigkeit",
        ],
        [None, None, None, "Insgesamt", "darunter Frauen", None, "Bestand", None, "Jahressumme"],
    ]
    data: list[list[object]] = []
    jobseekers: dict[tuple[str, str, int], int] = {}
    for ags, name in kreise:
        first = True
        for code, title in GRUPPEN:
            for niveau in (1, 2, 3, 4):
                u, v, d, e = values[(ags, code, niveau)]
                seekers = jobseekers[(ags, code, niveau)] = u + rng.randint(0, 50)
                data.append(
                    [
                        f"{ags} {name}" if first else None,
                        f"{code} {title}" if niveau == 1 else None,
                        NIVEAU_LABELS[niveau],
                        ba_value(u),
                        ba_value(u // 2),
                        ba_value(seekers),
                        ba_value(v),
                        d if v else "x",
                        ba_value(e),
                    ]
                )
                first = False
    title = [
        "Arbeitslose, Arbeitsuchende und gemeldete Arbeitsstellen nach Zielberufen (KldB 2010) "
        "und Anforderungsniveau",
        "Hessen, Kreise (Auswahl)",
        f"Berichtsjahr: {year} (Jahresdurchschnitt; Abgänge und Vakanzzeit: Jahressumme bzw. "
        "Durchschnitt)",
    ]
    return LabourMarketTable(
        sheet=Sheet(title=title, header=header, data=data),
        values=values,
        year=year,
        jobseekers=jobseekers,
    )


# --- wages ---------------------------------------------------------------------------------


@dataclass
class WageTable:
    sheet: Sheet
    # (ags, kldb3, sex) → median EUR, None where suppressed
    medians: dict[tuple[str, str, str], float | None]
    year: int


def wage_table(
    *, seed: int = 5, kreise: list[tuple[str, str]] = KREISE, year: int = 2023
) -> WageTable:
    """Region (Land + Kreise) × Berufsgruppe; employees and median for Insgesamt/Männer/Frauen."""
    rng = random.Random(seed)
    medians: dict[tuple[str, str, str], float | None] = {}
    data: list[list[object]] = []
    regions = [("06", "Hessen"), *kreise]
    for ags, name in regions:
        first = True
        for code, title in GRUPPEN:
            employees = {
                s: rng.randint(3, 19) if rng.random() < 0.2 else rng.randint(20, 900)
                for s in ("m", "w")
            }
            row_medians = {}
            for sex in ("m", "w"):
                small = employees[sex] < 20
                median = None if small else round(rng.uniform(2600.0, 6200.0), 2)
                row_medians[sex] = median
                medians[(ags, code, sex)] = median
            total_median = round(rng.uniform(2600.0, 6200.0), 2)
            data.append(
                [
                    f"{ags} {name}" if first else None,
                    f"{code} {title}",
                    ba_value(sum(employees.values())),
                    ba_value(employees["m"]),
                    ba_value(employees["w"]),
                    total_median,
                    row_medians["m"] if row_medians["m"] is not None else "x",
                    row_medians["w"] if row_medians["w"] is not None else "x",
                ]
            )
            first = False
    header = [
        [
            "Region",
            "Berufsgruppe (KldB 2010)",
            "Sozialversicherungspflichtig Vollzeitbeschäftigte der Kerngruppe",
            None,
            None,
            "Median des monatlichen Bruttoarbeitsentgelts in Euro",
        ],
        [None, None, "Insgesamt", "Männer", "Frauen", "Insgesamt", "Männer", "Frauen"],
    ]
    title = [
        "Sozialversicherungspflichtige Bruttomonatsentgelte von Vollzeitbeschäftigten der "
        "Kerngruppe nach Berufen (KldB 2010) und Geschlecht",
        "Hessen und Kreise (Auswahl)",
        f"Stichtag: 31.12.{year}",
    ]
    footer = [
        "x) Nachweis nicht sinnvoll (weniger als 20 Beschäftigte oder Median nicht belastbar)",
        *FOOTNOTES[2:],
    ]
    return WageTable(
        sheet=Sheet(title=title, header=header, data=data, footer=footer),
        medians=medians,
        year=year,
    )
