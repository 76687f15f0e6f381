"""Locating the statistics table inside a BA sheet: title, header block, data, footer.

BA tables (published "Tabellen" and custom evaluations alike) share one build:

1. title lines in column A (what, which regions, ``Stichtag``/``Berichtsmonat``/
   ``Berichtsjahr``, sometimes an order number);
2. a header block of one to four rows. The row-dimension captions sit in the leftmost
   columns of one header row (``Region``, ``Ausgeübte Tätigkeit nach KldB 2010``,
   ``Anforderungsniveau`` …); the value columns carry a caption path that spreads over
   the header rows (measure › sex › age group …), a group caption written once over
   several columns; a row of column numbers may follow;
3. data rows: row labels such as ``06411 Darmstadt, Wissenschaftsstadt`` or
   ``813 Gesundheits-, Krankenpflege …`` (a label is written once and holds for the rows
   below it), ``Insgesamt`` rows, values with ``*`` (suppressed) and ``-`` (zero);
4. footnotes and ``© Statistik der Bundesagentur für Arbeit``. A file without that line
   is treated as truncated.

The header is found by its content, not by a fixed row number, because the BA moves it
between deliveries (docs/statistics.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from fachkraefte.sources.ba_codes import ProblemLog, column_letter
from fachkraefte.sources.ba_grid import Grid, read_grids

ROW_DIMENSIONS: dict[str, re.Pattern[str]] = {
    "region": re.compile(
        r"^(Region(en)?|Gebiet|Kreis(e)?\b|Kreise und kreisfreie Städte|Arbeitsort|Wohnort|"
        r"Länder|Land\b|Bundesl(a|ä)nd(er)?|Regionalschlüssel|Regionaleinheit)",
        re.IGNORECASE,
    ),
    "occupation": re.compile(
        r"(KldB|Klassifikation der Berufe|Berufsgruppe|Berufsgattung|Zielberuf|Ausgeübte Tätigkeit|"
        r"^Beruf)",
        re.IGNORECASE,
    ),
    "niveau": re.compile(r"^Anforderungsniveau", re.IGNORECASE),
    "sex": re.compile(r"^Geschlecht", re.IGNORECASE),
    "age": re.compile(r"^Alter(sgruppe)?", re.IGNORECASE),
    "nationality": re.compile(r"^(Staatsangehörigkeit|Nationalität)", re.IGNORECASE),
    "time": re.compile(r"^(Stichtag|Berichtsjahr|Berichtsmonat|Jahr|Zeitraum)$", re.IGNORECASE),
}

FOOTER = re.compile(
    r"^(©|\(c\)|copyright|erstellungsdatum|erstellt am|quelle|hinweis|anmerkung|fußnote|"
    r"stand\b|\d{1,2}\)|[*x\-–.]\s*(\)|=|:)|statistik der bundesagentur|datenstand|"
    r"zeichenerklärung|aus datenschutzgründen)",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(
    r"(©|\(c\)|copyright).*bundesagentur für arbeit|statistik der bundesagentur", re.IGNORECASE
)

_MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_MONTH_NAMES = "|".join(_MONTHS)
_DATE_NUMERIC = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")
_DATE_WORDS = re.compile(rf"(\d{{1,2}})\.\s*({_MONTH_NAMES})\s+(\d{{4}})", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_NAMES})\s+(\d{{4}})\b", re.IGNORECASE)
_YEAR_CONTEXT = re.compile(
    r"(Berichtsjahr|Jahresdurchschnitt|Jahressumme|Jahr|Stichtag)\D{0,3}(\d{4})\b", re.IGNORECASE
)
_DATE_CONTEXT = re.compile(
    r"(Stichtag|Berichtsmonat|Berichtsjahr|Jahresdurchschnitt|Berichtszeitraum|"
    r"Stand)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ValueColumn:
    index: int
    letter: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class DataRow:
    number: int  # 1-based row number as the user sees it in Excel or an editor
    labels: tuple[object, ...]  # one per row dimension, filled down
    values: tuple[object, ...]  # one per value column


@dataclass(frozen=True)
class BATable:
    file: Path
    sheet: str | None
    title: tuple[str, ...]
    file_date: date | None
    row_dims: tuple[str, ...]
    row_dim_captions: tuple[str, ...]
    columns: tuple[ValueColumn, ...]
    rows: tuple[DataRow, ...]


def open_ba_table(path: Path, *, what: str) -> tuple[ProblemLog, BATable]:
    """The problem log and the located table of a BA file; raises listing every problem otherwise."""
    log = ProblemLog(path)
    grids = read_grids(path, log)
    table = find_table(grids, log, what=what) if grids else None
    if table is None:
        log.raise_if_any()
        raise AssertionError("no table and no problem logged")
    log.sheet = table.sheet
    return log, table


def find_table(grids: list[Grid], log: ProblemLog, *, what: str) -> BATable | None:
    """The first sheet with a BA table (header with region and occupation captions).

    ``what`` names the expected content in messages ("Beschäftigte nach Berufen" …).
    """
    for grid in grids:
        header_row = _find_dimension_row(grid.rows)
        if header_row is not None:
            return _read_table(grid, header_row, log)
    sheets = ", ".join(repr(g.sheet) for g in grids if g.sheet) or "(CSV)"
    if any(g.sheet and re.match(r"^(SVB|GB|AGB|ING|SvB)\s*-\s*Tabelle", g.sheet) for g in grids):
        log.add(
            value=sheets,
            de="Das ist ein BA-Berufsheft mit Randverteilungen (Tabelle I/II je Region); "
            "es enthält keine Kreuztabelle Region × Beruf × Geschlecht × Alter und lässt sich "
            "nicht in das Schema übernehmen (docs/statistics.md)",
            en="this is a BA occupation booklet with marginal tables (Tabelle I/II per region); "
            "it holds no cross table region × occupation × sex × age and cannot fill the schema",
        )
        return None
    log.add(
        value=sheets,
        de=f"Keine Tabelle '{what}' gefunden: in keinem Blatt steht eine Kopfzeile mit "
        "'Region' (o. ä.) und 'KldB 2010'/'Beruf' in den ersten Spalten",
        en=f"no table '{what}' found: no sheet has a header row with 'Region' (or similar) "
        "and 'KldB 2010'/'Beruf' in its first columns",
    )
    return None


def _caption_kind(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    for kind, pattern in ROW_DIMENSIONS.items():
        if pattern.search(text):
            return kind
    return None


def _find_dimension_row(rows: list[list[object]]) -> int | None:
    for index, row in enumerate(rows[:60]):
        kinds = []
        for value in row:
            kind = _caption_kind(value)
            if kind is None:
                break
            kinds.append(kind)
        if "region" in kinds and "occupation" in kinds:
            return index
    return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 20000 <= value <= 80000:
        # An Excel date serial written as a plain number (seen in BA custom tables).
        return (datetime(1899, 12, 30) + timedelta(days=value)).strftime("%d.%m.%Y")
    return " ".join(str(value).split())


def _is_numbering(row: list[object], start: int) -> bool:
    cells = [c for c in row[start:] if c is not None]
    if len(cells) < 2:
        return False
    numbers = []
    for cell in cells:
        text = str(cell).strip().strip("()")
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _read_table(grid: Grid, dim_row: int, log: ProblemLog) -> BATable | None:
    rows = grid.rows
    width = len(rows[0]) if rows else 0
    captions = []
    for value in rows[dim_row]:
        if _caption_kind(value) is None:
            break
        captions.append(_text(value))
    kinds = tuple(_caption_kind(c) or "" for c in captions)
    first_value = len(captions)
    if len(set(kinds)) != len(kinds):
        log.add(
            sheet=grid.sheet,
            row=dim_row + 1,
            value=" | ".join(captions),
            de="Eine Zeilendimension steht doppelt in der Kopfzeile",
            en="a row dimension appears twice in the header row",
        )
        return None
    # Header block: upward while rows carry captions over the value columns.
    top = dim_row
    while top > 0 and any(v is not None for v in rows[top - 1][first_value:]):
        top -= 1
    data_start = None
    for index in range(dim_row + 1, len(rows)):
        row = rows[index]
        if _is_numbering(row, 0):
            continue
        label_cells = row[:first_value]
        if any(v is not None for v in label_cells) and not _is_caption_row(label_cells):
            data_start = index
            break
    if data_start is None:
        log.add(
            sheet=grid.sheet,
            row=dim_row + 2,
            de="Unter der Kopfzeile folgen keine Datenzeilen",
            en="no data rows follow the header row",
        )
        return None
    header_rows = [r for r in range(top, data_start) if not _is_numbering(rows[r], 0)]
    paths = _column_paths(rows, header_rows, first_value, width)
    columns = tuple(
        ValueColumn(index=c, letter=column_letter(c), path=paths[c])
        for c in range(first_value, width)
        if paths[c] or any(rows[r][c] is not None for r in range(data_start, len(rows)))
    )
    title = tuple(_text(r[0]) for r in rows[:top] if r and r[0] is not None)
    data, footer = _data_rows(rows, data_start, first_value, columns)
    if not any(COPYRIGHT.search(line) for line in footer + list(title)):
        log.add(
            sheet=grid.sheet,
            row=len(rows),
            de="Die Zeile '© Statistik der Bundesagentur für Arbeit' fehlt am Tabellenende; "
            "die Datei ist vermutlich abgeschnitten",
            en="the line '© Statistik der Bundesagentur für Arbeit' is missing at the end of "
            "the table; the file is probably truncated",
        )
    unnamed = [c for c in columns if not c.path]
    for column in unnamed:
        log.add(
            sheet=grid.sheet,
            row=header_rows[-1] + 1 if header_rows else dim_row + 1,
            column=column.letter,
            de="Wertspalte ohne Überschrift",
            en="value column without a caption",
        )
    return BATable(
        file=grid.file,
        sheet=grid.sheet,
        title=title,
        file_date=reference_date_in(title),
        row_dims=kinds,
        row_dim_captions=tuple(captions),
        columns=columns,
        rows=tuple(data),
    )


def _is_caption_row(cells: list[object]) -> bool:
    present = [c for c in cells if c is not None]
    return bool(present) and all(_caption_kind(c) for c in present)


def _column_paths(
    rows: list[list[object]], header_rows: list[int], first_value: int, width: int
) -> dict[int, tuple[str, ...]]:
    texts = [[_text(rows[r][c]) for c in range(width)] for r in header_rows]
    # A group caption is written once over the columns it spans (merged cells read as one
    # value and blanks). Repeat it rightwards, but never across the span of its parent.
    for level, line in enumerate(texts[:-1]):
        for c in range(first_value + 1, width):
            same_parent = level == 0 or all(texts[p][c] == texts[p][c - 1] for p in range(level))
            if not line[c] and line[c - 1] and same_parent:
                line[c] = line[c - 1]
    return {c: tuple(line[c] for line in texts if line[c]) for c in range(first_value, width)}


def _data_rows(
    rows: list[list[object]], start: int, first_value: int, columns: tuple[ValueColumn, ...]
) -> tuple[list[DataRow], list[str]]:
    data: list[DataRow] = []
    current: list[object] = [None] * first_value
    for index in range(start, len(rows)):
        row = rows[index]
        label_cells = row[:first_value]
        values = tuple(row[c.index] for c in columns)
        lead = next((v for v in label_cells if v is not None), None)
        if lead is None and all(v is None for v in values):
            continue
        if isinstance(lead, str) and FOOTER.match(lead.strip()) and all(v is None for v in values):
            footer = [_text(r[0]) for r in rows[index:] if r and r[0] is not None]
            footer += [_text(v) for r in rows[index:] for v in r[1:] if isinstance(v, str)]
            return data, footer
        for position, value in enumerate(label_cells):
            if value is not None:
                current[position] = value
                # A new outer label starts a new block: inner labels do not carry over.
                for inner in range(position + 1, first_value):
                    current[inner] = label_cells[inner]
                break
        if all(v is None for v in values):
            continue  # a group label on its own row (holds for the rows below)
        data.append(DataRow(number=index + 1, labels=tuple(current), values=values))
    return data, []


def reference_date_in(lines: tuple[str, ...] | list[str]) -> date | None:
    """The reference date stated in title lines (``Stichtag``, ``Berichtsmonat``, ``Berichtsjahr``).

    >>> reference_date_in(["Stichtag: 30. Juni 2023"])
    datetime.date(2023, 6, 30)
    >>> reference_date_in(["Berichtsmonat: Dezember 2023"])
    datetime.date(2023, 12, 31)
    >>> reference_date_in(["Jahresdurchschnitt 2023"])
    datetime.date(2023, 12, 31)
    """
    for line in lines:
        if not _DATE_CONTEXT.search(line):
            continue
        parsed = parse_date_label(line)
        if parsed is not None:
            return parsed
    return None


def parse_date_label(text: str) -> date | None:
    """A date in a caption: ``30.06.2023``, ``30. Juni 2023``, ``Juni 2023`` (month end),
    ``Jahresdurchschnitt 2023`` or a bare year (31 December)."""
    if m := _DATE_NUMERIC.search(text):
        return _safe(int(m[3]), int(m[2]), int(m[1]))
    if m := _DATE_WORDS.search(text):
        return _safe(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    if m := _MONTH_YEAR.search(text):
        month, year = _MONTHS[m[1].lower()], int(m[2])
        following = date(year + (month == 12), month % 12 + 1, 1)
        return following - timedelta(days=1)
    if m := _YEAR_CONTEXT.search(text):
        return date(int(m[2]), 12, 31)
    stripped = text.strip()
    if re.fullmatch(r"(19|20|21)\d{2}", stripped):
        return date(int(stripped), 12, 31)
    return None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
