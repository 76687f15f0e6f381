"""The CSV/XLSX template of a report's outcomes, and reading a filled-in one back.

One table, one row per participant count or result; the column ``Art`` says which:

- ``Teilnehmende``: Zielgruppe, Geschlecht, Anzahl;
- ``Ergebnis``: Ergebnis, Anzahl, Jahr, and where it is a qualification Beruf (KldB, 3 or 5
  digits) and Kreis (AGS).

Reading checks every row and names each problem with row and column (the row as the
spreadsheet shows it, header = 1); a file with any problem is refused as a whole.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fachkraefte.common.errors import ImportProblem
from fachkraefte.occupations.job_titles import known_code
from fachkraefte.tabular import Column
from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.outcomes.models import OutcomeResult, ParticipantCount

PARTICIPANTS, RESULT = "Teilnehmende", "Ergebnis"
HEADERS = {
    "kind": "Art",
    "target_group": "Zielgruppe",
    "sex": "Geschlecht",
    "what": "Ergebnis",
    "count": "Anzahl",
    "occupation": "Beruf (KldB)",
    "district": "Kreis (AGS)",
    "year": "Jahr",
}
COLUMNS = [Column(key, label) for key, label in HEADERS.items()]
SUFFIXES = (".csv", ".xlsx")


def template_rows(
    participants: list[ParticipantCount], results: list[OutcomeResult]
) -> list[dict[str, Any]]:
    """The report's rows in the template's form (an empty report gives two example rows)."""
    rows: list[dict[str, Any]] = [
        {
            "kind": PARTICIPANTS,
            "target_group": str(TargetGroup(p.target_group).label)
            if p.target_group in TargetGroup.values
            else p.target_group,
            "sex": str(ParticipantCount.Sex(p.sex).label),
            "count": p.count,
        }
        for p in participants
    ]
    rows += [
        {
            "kind": RESULT,
            "what": r.what,
            "count": r.count,
            "occupation": r.occupation,
            "district": r.district_id or "",
            "year": r.year,
        }
        for r in results
    ]
    return rows


@dataclass
class ParsedOutcomes:
    participants: list[dict[str, Any]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(path: Path) -> tuple[str | None, list[list[str]]]:
    """(sheet name, rows of text cells) of a CSV (``;`` or ``,``) or the first XLSX sheet."""
    if path.suffix.casefold() == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return sheet.title, rows
    text = path.read_bytes().decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return None, [
        [_text(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]


def _choice(value: str, choices: Any) -> str | None:
    folded = value.casefold()
    for code, label in choices:
        if folded in (str(code).casefold(), str(label).casefold()):
            return code
    return None


def parse_outcomes(path: Path, *, file_name: str) -> ParsedOutcomes:
    """Every row of the file checked; ``problems`` empty when all of it can be stored."""
    parsed = ParsedOutcomes()
    try:
        sheet, rows = read_rows(path)
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
        parsed.problems.append(
            ImportProblem(
                file_name,
                None,
                None,
                None,
                None,
                f"Die Datei ist keine lesbare CSV- oder XLSX-Datei ({type(error).__name__}).",
                f"The file is not a readable CSV or XLSX file ({type(error).__name__}).",
            )
        )
        return parsed

    def problem(row: int | None, column: str | None, value: str | None, de: str, en: str) -> None:
        parsed.problems.append(ImportProblem(file_name, sheet, row, column, value, de, en))

    header = [h.casefold() for h in (rows[0] if rows else [])]
    position: dict[str, int] = {}
    for key, label in HEADERS.items():
        if label.casefold() in header:
            position[key] = header.index(label.casefold())
        else:
            problem(1, label, None, "Die Spalte fehlt in der Kopfzeile.", "The column is missing.")
    if parsed.problems:
        return parsed
    districts = set(Region.objects.filter(level=Region.Level.KREIS).values_list("ags", flat=True))
    for number, cells in enumerate(rows[1:], start=2):
        values = {k: (cells[i] if i < len(cells) else "") for k, i in position.items()}
        if not any(values.values()):
            continue

        def need(key: str, *, values: dict[str, str] = values, number: int = number) -> str:
            if not values[key]:
                problem(number, HEADERS[key], "", "Der Wert fehlt.", "The value is missing.")
            return values[key]

        count = None
        raw_count = need("count")
        if raw_count:
            if raw_count.isdigit():
                count = int(raw_count)
            else:
                problem(
                    number,
                    HEADERS["count"],
                    raw_count,
                    "Keine ganze Zahl ≥ 0.",
                    "Not a whole number ≥ 0.",
                )
        kind = values["kind"].casefold()
        if kind == PARTICIPANTS.casefold():
            group = _choice(need("target_group"), TargetGroup.choices)
            if values["target_group"] and group is None:
                problem(
                    number,
                    HEADERS["target_group"],
                    values["target_group"],
                    "Unbekannte Zielgruppe; erlaubt: "
                    + ", ".join(str(label) for _c, label in TargetGroup.choices),
                    "Unknown target group.",
                )
            sex = _choice(need("sex"), ParticipantCount.Sex.choices)
            if values["sex"] and sex is None:
                problem(
                    number,
                    HEADERS["sex"],
                    values["sex"],
                    "Unbekanntes Geschlecht; erlaubt: weiblich, männlich, divers, ohne Angabe.",
                    "Unknown sex; allowed: f, m, d, x.",
                )
            if group and sex and count is not None:
                parsed.participants.append(
                    {"target_group": group, "sex": sex, "count": count, "row": number}
                )
        elif kind == RESULT.casefold():
            what = need("what")
            year = None
            raw_year = need("year")
            if raw_year:
                if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100:
                    year = int(raw_year)
                else:
                    problem(
                        number,
                        HEADERS["year"],
                        raw_year,
                        "Kein Jahr zwischen 2000 und 2100.",
                        "Not a year from 2000 to 2100.",
                    )
            code = values["occupation"]
            if code and not (len(code) in (3, 5) and code.isdigit() and known_code(code)):
                problem(
                    number,
                    HEADERS["occupation"],
                    code,
                    "Kein Schlüssel der KldB 2010 (3 oder 5 Stellen).",
                    "Not a KldB 2010 code (3 or 5 digits).",
                )
                code = None
            ags = values["district"]
            if ags and ags not in districts:
                problem(
                    number,
                    HEADERS["district"],
                    ags,
                    "Kein Kreis (fünfstelliger AGS).",
                    "Not a district (5-digit AGS).",
                )
                ags = None
            if what and year and count is not None and code is not None and ags is not None:
                parsed.results.append(
                    {
                        "what": what,
                        "count": count,
                        "occupation": code,
                        "district": ags,
                        "year": year,
                        "row": number,
                    }
                )
        else:
            problem(
                number,
                HEADERS["kind"],
                values["kind"],
                f"Erlaubt: „{PARTICIPANTS}“ oder „{RESULT}“.",
                f"Allowed: '{PARTICIPANTS}' or '{RESULT}'.",
            )
    seen: dict[tuple[str, str], int] = {}
    for row in parsed.participants:
        key = (row["target_group"], row["sex"])
        if key in seen:
            problem(
                row["row"],
                HEADERS["sex"],
                row["sex"],
                f"Zielgruppe und Geschlecht schon in Zeile {seen[key]}.",
                f"Target group and sex already in row {seen[key]}.",
            )
        seen.setdefault(key, row["row"])
    return parsed
