"""Cells of a BA statistics file as a plain grid: every sheet of an XLSX, or one CSV.

The BA publishes its tables as XLSX; some products (and custom evaluations) also come as
CSV with ``;`` separators, in UTF-8 or Windows-1252. Both end up as rows of cell values
(``str``, ``int``, ``float``, ``datetime`` or ``None``) so that one table reader serves both.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from fachkraefte.sources.ba_codes import ProblemLog

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt"}


@dataclass(frozen=True)
class Grid:
    file: Path
    sheet: str | None
    rows: list[list[object]]


def read_grids(path: Path, log: ProblemLog) -> list[Grid]:
    """All sheets of an XLSX file, or the single grid of a CSV file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, log)
    if suffix in CSV_SUFFIXES:
        grid = _read_csv(path, log)
        return [grid] if grid else []
    log.add(
        value=path.suffix,
        de="Dateiendung nicht unterstützt; erwartet .xlsx, .xlsm oder .csv",
        en="file extension not supported; expected .xlsx, .xlsm or .csv",
    )
    return []


def _read_xlsx(path: Path, log: ProblemLog) -> list[Grid]:
    # A damaged workbook can fail anywhere in zipfile, zlib, the XML parser or openpyxl, with
    # any exception type; for an uploaded file every one of them means "unreadable file".
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - see comment above
        log.add(
            value=type(exc).__name__,
            de="Keine lesbare XLSX-Datei (beschädigt, abgeschnitten oder anderes Format)",
            en="not a readable XLSX file (damaged, truncated or another format)",
        )
        return []
    grids = []
    try:
        for sheet in workbook.worksheets:
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            grids.append(Grid(file=path, sheet=sheet.title, rows=_trim(rows)))
    except Exception as exc:  # noqa: BLE001 - damaged workbook, as above
        log.add(
            value=type(exc).__name__,
            de="XLSX-Datei lässt sich nicht vollständig lesen (beschädigt oder abgeschnitten)",
            en="the XLSX file cannot be read completely (damaged or truncated)",
        )
        return []
    finally:
        workbook.close()
    return grids


def _read_csv(path: Path, log: ProblemLog) -> Grid | None:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        log.add(
            de="Die CSV-Datei ist keine Textdatei (UTF-16 oder binär)",
            en="the CSV file is not plain text (UTF-16 or binary)",
        )
        return None
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = body.decode("cp1252")
        except UnicodeDecodeError as exc:
            log.add(
                value=f"Byte 0x{body[exc.start]:02x} an Position {exc.start}",
                de="Die CSV-Datei ist weder UTF-8 noch Windows-1252 kodiert",
                en="the CSV file is neither UTF-8 nor Windows-1252 encoded",
            )
            return None
    if re.search("Ã[¤¶¼\u0084\u0096\u009c\u009f]", text):
        log.add(
            de="Die CSV-Datei wurde doppelt kodiert (z. B. 'MÃ¤nner' statt 'Männer')",
            en="the CSV file was encoded twice (e.g. 'MÃ¤nner' instead of 'Männer')",
        )
        return None
    if ";" not in text:
        log.add(
            de="Keine Semikolon-getrennte CSV-Datei (die BA trennt Felder mit ';')",
            en="not a semicolon-separated CSV file (BA separates fields with ';')",
        )
        return None
    try:
        rows = [
            [cell if cell.strip() else None for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
        ]
    except csv.Error as exc:
        log.add(
            value=str(exc)[:80],
            de="Die CSV-Datei ist nicht lesbar (Anführungszeichen oder Zeilenenden beschädigt)",
            en="the CSV file cannot be parsed (quotes or line ends damaged)",
        )
        return None
    return Grid(file=path, sheet=None, rows=_trim(rows))


def _trim(rows: list[list[object]]) -> list[list[object]]:
    """Blank strings become ``None``; every row gets the same width."""
    cleaned = [[None if isinstance(v, str) and not v.strip() else v for v in row] for row in rows]
    width = max((len(r) for r in cleaned), default=0)
    return [r + [None] * (width - len(r)) for r in cleaned]
