"""Reading GENESIS CSV downloads (Destatis GENESIS-Online, Regionaldatenbank) into records.

Three layouts are recognised by their first line; docs/statistics.md shows each:

* ``ffcsv`` – the flat file since the 2024 GENESIS release, UTF-8, ``;``-separated, header
  ``statistics_code;statistics_label;time_code;time_label;time;1_variable_code;…;value;
  value_unit;value_variable_code;value_variable_label[;value_q]``; one value per line.
* ``ffcsv-alt`` – the earlier flat file: ``Statistik_Code;Statistik_Label;Zeit_Code;
  Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;…``
  followed by one column per statistical variable, named ``CODE__Label__Unit`` (and
  ``CODE__Label__q`` for quality flags).
* ``klassisch`` – the table layout ("CSV" download), Windows-1252 (ANSI) or UTF-8: title
  lines (``GENESIS-Tabelle: 12411-02-03-4`` …), one or more header lines whose leading key
  cells are empty, data lines whose leading cells carry the date, region key and name and
  further labels (e.g. the age group), and a footer that starts with a line of underscores
  and the ``(C)opyright`` line. A missing footer means a truncated file.

Values keep their raw text; the table-specific mapping (``genesis_population``) interprets
them. Each record carries its line number and column so that problems point to the cell.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from fachkraefte.sources.ba_codes import ProblemLog, column_letter

FFCSV_FIXED = ["statistics_code", "statistics_label", "time_code", "time_label", "time"]
FFCSV_VALUE = ["value", "value_unit", "value_variable_code", "value_variable_label"]
FFCSV_ALT_FIXED = ["Statistik_Code", "Statistik_Label", "Zeit_Code", "Zeit_Label", "Zeit"]

FOOTER_RULE = re.compile(r"^_{10,}")
DATE_DE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
YEAR = re.compile(r"^(19|20|21)\d{2}$")
REGION_KEY = re.compile(r"^(DG|\d{2}|\d{3}|\d{5}|\d{8,12})$")
_NUMBER = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_SYMBOL = re.compile(r"^(-|\.|x|/|\.\.\.)$")
SPECIAL_VALUES = {"-", "–", ".", "x", "X", "/", "...", "…"}
# A reference date in the title block: a "Stichtag: 31.12.2020" line, or a line holding only
# the date ("30.06.2015;;;;") when the rows themselves carry none.
_TITLE_TIME = re.compile(
    r"^(?:(?:Stichtag|Zeit|Jahr|Berichtsjahr)\s*:?\s*)?(\d{2}\.\d{2}\.\d{4}|(?:19|20)\d{2})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Label:
    """One classification of a value: variable (may be empty in the classic layout),
    attribute code (may be empty) and attribute label."""

    variable: str
    code: str
    label: str


@dataclass(frozen=True)
class GenesisRecord:
    line: int
    column: str
    time: str
    region: Label | None
    labels: tuple[Label, ...]
    value: str
    unit: str
    variable: str


@dataclass(frozen=True)
class GenesisTable:
    file: Path
    layout: str
    table_code: str
    title: str
    records: list[GenesisRecord]
    title_time: str = ""
    """The reference date named in the title block (classic layout), if any."""


def read_genesis_csv(path: Path, log: ProblemLog) -> GenesisTable | None:
    """Parse ``path``; problems go to ``log`` (``None`` when nothing could be read)."""
    raw = Path(path).read_bytes()
    if not raw.strip():
        log.add(de="Die Datei ist leer", en="the file is empty")
        return None
    if b"\x00" in raw[:4096]:
        log.add(
            de="Die Datei ist keine Textdatei (UTF-16 oder binär); erwartet wird CSV in UTF-8 "
            "oder Windows-1252",
            en="the file is not plain text (UTF-16 or binary); expected CSV in UTF-8 or Windows-1252",
        )
        return None
    text = _decode(raw, log)
    if text is None:
        return None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))
    except csv.Error as exc:
        log.add(
            value=str(exc)[:80],
            de="Die CSV-Datei ist nicht lesbar (Anführungszeichen oder Zeilenenden beschädigt)",
            en="the CSV file cannot be parsed (quotes or line ends damaged)",
        )
        return None
    first = [c.strip() for c in rows[0]] if rows else []
    if first[:5] == FFCSV_FIXED:
        return _parse_ffcsv(path, rows, log)
    if first[:5] == FFCSV_ALT_FIXED:
        return _parse_ffcsv_alt(path, rows, log)
    if first and first[0].startswith("GENESIS-Tabelle"):
        return _parse_classic(path, rows, log)
    log.add(
        row=1,
        column="A",
        value=";".join(first)[:80],
        de="Kein bekanntes GENESIS-Format: erwartet wird die Kopfzeile 'statistics_code;…' "
        "(ffcsv), 'Statistik_Code;…' (älteres ffcsv) oder 'GENESIS-Tabelle: …' (Tabellen-CSV)",
        en="not a known GENESIS layout: expected the header 'statistics_code;…' (ffcsv), "
        "'Statistik_Code;…' (older ffcsv) or 'GENESIS-Tabelle: …' (table CSV)",
    )
    return None


def _decode(raw: bytes, log: ProblemLog) -> str | None:
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    flat = body.lstrip().startswith((b"statistics_code", b"Statistik_Code"))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if flat:
            # The flat file is published in UTF-8 only; anything else was re-saved.
            log.add(
                value=f"Byte 0x{body[exc.start]:02x} an Position {exc.start}",
                de="Die ffcsv-Datei ist nicht UTF-8-kodiert (so veröffentlicht GENESIS sie); "
                "vermutlich wurde sie in einer anderen Kodierung neu gespeichert",
                en="the ffcsv file is not UTF-8 encoded (as GENESIS publishes it); it was "
                "probably re-saved in another encoding",
            )
            return None
        try:
            text = body.decode("cp1252")
        except UnicodeDecodeError as exc2:
            log.add(
                value=f"Byte 0x{body[exc2.start]:02x} an Position {exc2.start}",
                de="Die Datei ist weder UTF-8 noch Windows-1252 (ANSI) kodiert",
                en="the file is neither UTF-8 nor Windows-1252 (ANSI) encoded",
            )
            return None
    if re.search("Ã[¤¶¼\u0084\u0096\u009c\u009f]", text):
        log.add(
            de="Die Datei wurde doppelt kodiert (z. B. 'mÃ¤nnlich' statt 'männlich')",
            en="the file was encoded twice (e.g. 'mÃ¤nnlich' instead of 'männlich')",
        )
        return None
    return text


def _ffcsv_data_rows(rows: list[list[str]], width: int, log: ProblemLog):
    """(line number, fields) of the non-empty data rows; a row of the wrong width is a problem."""
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            log.add(
                row=number,
                value=";".join(row)[:80],
                de=f"Zeile hat {len(row)} statt {width} Felder (Datei abgeschnitten?)",
                en=f"line has {len(row)} instead of {width} fields (truncated file?)",
            )
            continue
        yield number, row


def _ffcsv_labels(row: list[str], n_dims: int) -> tuple[Label, ...]:
    """The dimension labels of an ffcsv row: four columns per dimension from column 6 on."""
    return tuple(
        Label(
            variable=row[5 + 4 * i].strip(),
            code=row[7 + 4 * i].strip(),
            label=row[8 + 4 * i].strip(),
        )
        for i in range(n_dims)
    )


def _parse_ffcsv(path: Path, rows: list[list[str]], log: ProblemLog) -> GenesisTable | None:
    header = [c.strip() for c in rows[0]]
    n_dims = 0
    while f"{n_dims + 1}_variable_code" in header:
        n_dims += 1
    expected = (
        FFCSV_FIXED
        + [
            f"{i}_{part}"
            for i in range(1, n_dims + 1)
            for part in (
                "variable_code",
                "variable_label",
                "variable_attribute_code",
                "variable_attribute_label",
            )
        ]
        + FFCSV_VALUE
    )
    if header[: len(expected)] != expected or len(header) - len(expected) > 1:
        log.add(
            row=1,
            value=";".join(header)[:120],
            de=f"ffcsv-Kopfzeile weicht ab; erwartet: {';'.join(expected)}[;value_q]",
            en=f"ffcsv header differs; expected: {';'.join(expected)}[;value_q]",
        )
        return None
    value_col = header.index("value")
    records: list[GenesisRecord] = []
    code = title = ""
    for number, row in _ffcsv_data_rows(rows, len(header), log):
        code, title = row[0].strip(), row[1].strip()
        labels = _ffcsv_labels(row, n_dims)
        records.append(
            GenesisRecord(
                line=number,
                column=f"value ({column_letter(value_col)})",
                time=row[4].strip(),
                region=None,
                labels=labels,
                value=row[value_col].strip(),
                unit=row[value_col + 1].strip(),
                variable=row[value_col + 2].strip(),
            )
        )
    return GenesisTable(
        file=Path(path), layout="ffcsv", table_code=code, title=title, records=records
    )


def _parse_ffcsv_alt(path: Path, rows: list[list[str]], log: ProblemLog) -> GenesisTable | None:
    header = [c.strip() for c in rows[0]]
    n_dims = 0
    while f"{n_dims + 1}_Merkmal_Code" in header:
        n_dims += 1
    fixed = FFCSV_ALT_FIXED + [
        f"{i}_{part}"
        for i in range(1, n_dims + 1)
        for part in ("Merkmal_Code", "Merkmal_Label", "Auspraegung_Code", "Auspraegung_Label")
    ]
    value_columns = [
        (i, name) for i, name in enumerate(header) if i >= len(fixed) and not name.endswith("__q")
    ]
    if (
        header[: len(fixed)] != fixed
        or not value_columns
        or any(name.count("__") < 2 for _, name in value_columns)
    ):
        log.add(
            row=1,
            value=";".join(header)[:120],
            de="Kopfzeile des älteren ffcsv-Formats weicht ab; erwartet: "
            f"{';'.join(fixed)};CODE__Label__Einheit…",
            en=f"older ffcsv header differs; expected: {';'.join(fixed)};CODE__Label__Unit…",
        )
        return None
    records: list[GenesisRecord] = []
    code = title = ""
    for number, row in _ffcsv_data_rows(rows, len(header), log):
        code, title = row[0].strip(), row[1].strip()
        labels = _ffcsv_labels(row, n_dims)
        for index, name in value_columns:
            variable, _, unit = name.split("__", 2)
            records.append(
                GenesisRecord(
                    line=number,
                    column=f"{name} ({column_letter(index)})",
                    time=row[4].strip(),
                    region=None,
                    labels=labels,
                    value=row[index].strip(),
                    unit=unit.replace("_", " "),
                    variable=variable,
                )
            )
    return GenesisTable(
        file=Path(path), layout="ffcsv-alt", table_code=code, title=title, records=records
    )


def _is_data_start(cell: str) -> bool:
    cell = cell.strip()
    return bool(DATE_DE.match(cell) or YEAR.match(cell) or REGION_KEY.match(cell))


def _parse_classic(path: Path, rows: list[list[str]], log: ProblemLog) -> GenesisTable | None:
    table_code = rows[0][0].split(":", 1)[1].strip() if ":" in rows[0][0] else ""
    footer = next(
        (i for i, row in enumerate(rows) if row and FOOTER_RULE.match(row[0].strip())), None
    )
    if footer is None:
        log.add(
            row=len(rows),
            de="Fußzeile (Linie aus Unterstrichen, '(C)opyright …') fehlt: die Datei ist "
            "vermutlich abgeschnitten",
            en="footer (line of underscores, '(C)opyright …') is missing: the file is probably "
            "truncated",
        )
        return None
    body = rows[:footer]
    title_end = 0
    # Title lines carry text in their first cell only (or are blank).
    while title_end < len(body) and not any(c.strip() for c in body[title_end][1:]):
        title_end += 1
    data_start = next(
        (i for i in range(title_end, len(body)) if body[i] and _is_data_start(body[i][0])), None
    )
    if data_start is None or data_start == title_end:
        log.add(
            row=(title_end + 1),
            de="Kopfzeilen oder Datenzeilen der Tabelle nicht gefunden (erwartet: Kopfzeilen mit "
            "leeren Schlüsselfeldern, dann Zeilen, die mit Stichtag, Jahr oder Regionalschlüssel "
            "beginnen)",
            en="table header or data lines not found (expected header lines with empty key "
            "cells, then lines starting with a date, a year or a region key)",
        )
        return None
    title_lines = [row[0].strip() for row in body[:title_end] if row and row[0].strip()]
    title_time = next((m[1] for m in (_TITLE_TIME.match(t) for t in title_lines[1:]) if m), "")
    title = " ".join(t for t in title_lines if not _TITLE_TIME.match(t))
    headers = body[title_end:data_start]
    width = max(len(r) for r in body[title_end:])
    headers = [h + [""] * (width - len(h)) for h in headers]
    key_columns = 0
    while key_columns < width and all(not h[key_columns].strip() for h in headers):
        key_columns += 1
    if key_columns == 0 or key_columns == width:
        log.add(
            row=title_end + 1,
            de="Schlüsselspalten und Wertspalten lassen sich in der Kopfzeile nicht trennen",
            en="key columns and value columns cannot be told apart in the header",
        )
        return None
    paths = _header_paths(headers, key_columns, width)
    records: list[GenesisRecord] = []
    data_rows = [
        (i, r + [""] * (width - len(r))) for i, r in enumerate(body[data_start:], data_start)
    ]
    data_rows = [(i, r) for i, r in data_rows if any(c.strip() for c in r)]
    region_column = _region_column(data_rows, key_columns)
    if not _header_fits_data(data_rows, key_columns, region_column, title_end, log):
        return None
    for index, row in data_rows:
        line = index + 1
        time = ""
        region: Label | None = None
        labels: list[Label] = []
        for col in range(key_columns):
            cell = row[col].strip()
            if col == region_column:
                name = row[col + 1].strip() if col + 1 < key_columns else ""
                region = Label(variable="", code=cell, label=name)
            elif region_column is not None and col == region_column + 1:
                continue
            elif DATE_DE.match(cell) or YEAR.match(cell):
                time = cell
            elif cell:
                labels.append(Label(variable="", code="", label=cell))
        for col in range(key_columns, width):
            captions = paths[col]
            column_time = next((p for p in captions if DATE_DE.match(p) or YEAR.match(p)), "")
            column_labels = [
                Label(variable="", code="", label=p) for p in captions if p != column_time
            ]
            records.append(
                GenesisRecord(
                    line=line,
                    column=f"{column_letter(col)} ({' / '.join(captions)})",
                    time=column_time or time,
                    region=region,
                    labels=tuple(labels + column_labels),
                    value=row[col].strip(),
                    unit="",
                    variable="",
                )
            )
    return GenesisTable(
        file=Path(path),
        layout="klassisch",
        table_code=table_code,
        title=title,
        records=records,
        title_time=title_time,
    )


def _header_paths(headers: list[list[str]], key_columns: int, width: int) -> dict[int, list[str]]:
    filled = [list(h) for h in headers]
    # Upper header lines label a group of columns once; repeat the label to its right.
    for h in filled[:-1]:
        last = ""
        for col in range(key_columns, width):
            if h[col].strip():
                last = h[col].strip()
            else:
                h[col] = last
    return {
        col: [h[col].strip() for h in filled if h[col].strip()] for col in range(key_columns, width)
    }


def _header_fits_data(
    data_rows: list[tuple[int, list[str]]],
    key_columns: int,
    region_column: int | None,
    header_row: int,
    log: ProblemLog,
) -> bool:
    """Whether the header's key/value split matches the data (a header shifted sideways
    puts numbers under a key caption or labels under a value caption)."""

    def cells(col: int) -> list[str]:
        return [r[col].strip() for _, r in data_rows if r[col].strip()]

    for col in range(key_columns):
        found = cells(col)
        if (
            col != region_column
            and found
            and all(_NUMBER.match(c) for c in found)
            and not all(YEAR.match(c) or REGION_KEY.match(c) for c in found)
        ):
            return _shifted(
                log,
                header_row,
                col,
                found[0],
                "Zahlen unter einer Schlüsselspalte",
                "numbers under a key column",
            )
    found = cells(key_columns)
    if found and not any(_NUMBER.match(c) or _SYMBOL.match(c) for c in found):
        return _shifted(
            log,
            header_row,
            key_columns,
            found[0],
            "Text unter einer Wertspalte",
            "text under a value column",
        )
    return True


def _shifted(log: ProblemLog, header_row: int, col: int, value: str, de: str, en: str) -> bool:
    log.add(
        row=header_row + 1,
        column=column_letter(col),
        value=value,
        de=f"Kopfzeile passt nicht zu den Datenzeilen ({de}): Kopfzeile verschoben?",
        en=f"the header does not fit the data lines ({en}): header shifted?",
    )
    return False


def _region_column(data_rows: list[tuple[int, list[str]]], key_columns: int) -> int | None:
    for col in range(key_columns):
        cells = [r[col].strip() for _, r in data_rows if r[col].strip()]
        if (
            cells
            and all(REGION_KEY.match(c) for c in cells)
            and not all(YEAR.match(c) for c in cells)
        ):
            return col
    return None
