"""Reader of the official KldB 2010 export (klassifikationsserver.de, "Gliederung mit Erläuterung").

Format as published: UTF-8 with BOM, ``;``-separated, ``"``-quoted, nine columns (the last one
empty). Keys lost their leading zeros ("0", "1", "11" for the military codes 0, 01, 011), so
each key is left-padded to the length its level (Ebene) gives. Texts carry HTML entities.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from fachkraefte.common.errors import ImportProblem, ImportValidationError

HEADER = ["Schlüssel KldB 2010, V. 2020", "Ebene", "Titel", "Kurztitel"]
EXPECTED_COUNTS = {1: 10, 2: 37, 3: 144, 4: 703, 5: 1301}


@dataclass(frozen=True)
class ExportRow:
    code: str
    level: int
    title: str
    short_title: str | None


def clean_text(text: str) -> str:
    """Decode HTML entities (``&nbsp;``) and fold runs of white space."""
    return re.sub(r"\s+", " ", html.unescape(text).replace("\xa0", " ")).strip()


def read_kldb_export(path: Path | str) -> list[ExportRow]:
    """Read and validate the export; raise ``ImportValidationError`` with every problem."""
    path = Path(path)
    problems: list[ImportProblem] = []

    def problem(row, column, value, de, en):
        problems.append(
            ImportProblem(
                path.name, None, row, column, None if value is None else str(value)[:120], de, en
            )
        )

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem(
            line,
            None,
            raw[exc.start : exc.start + 8].hex(" "),
            "Datei ist nicht UTF-8-kodiert (z. B. Latin-1?); bitte als UTF-8 speichern",
            "file is not UTF-8 encoded (Latin-1?); save it as UTF-8",
        )
        raise ImportValidationError(problems) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        problem(1, None, None, "Datei ist leer", "file is empty")
        raise ImportValidationError(problems) from None
    if [h.strip() for h in header[:4]] != HEADER:
        problem(
            1,
            None,
            ";".join(header[:4]),
            f"Kopfzeile erwartet: {';'.join(HEADER)}",
            f"expected header: {';'.join(HEADER)}",
        )
        raise ImportValidationError(problems)

    rows: list[ExportRow] = []
    seen: dict[str, int] = {}
    for line, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) < 4:
            problem(line, None, ";".join(fields), "Zu wenige Spalten", "too few columns")
            continue
        key, level_text, title, short = (f.strip() for f in fields[:4])
        if level_text not in {"1", "2", "3", "4", "5"}:
            problem(line, "Ebene", level_text, "Ebene muss 1 bis 5 sein", "level must be 1 to 5")
            continue
        level = int(level_text)
        if not key.isdigit():
            problem(line, HEADER[0], key, "Schlüssel ist keine Zahl", "key is not numeric")
            continue
        if len(key) > level:
            problem(
                line,
                HEADER[0],
                key,
                f"Schlüssel länger als Ebene {level} erlaubt",
                f"key longer than level {level} allows",
            )
            continue
        code = key.zfill(level)
        if code in seen:
            problem(
                line,
                HEADER[0],
                code,
                f"Schlüssel doppelt (zuerst in Zeile {seen[code]})",
                f"duplicate key (first in row {seen[code]})",
            )
            continue
        if not title:
            problem(line, "Titel", title, "Titel fehlt", "title is missing")
        seen[code] = line
        rows.append(ExportRow(code, level, clean_text(title), clean_text(short) or None))

    for row in rows:
        if row.level > 1 and row.code[:-1] not in seen:
            problem(
                seen[row.code],
                HEADER[0],
                row.code,
                f"Übergeordneter Schlüssel {row.code[:-1]} fehlt",
                f"parent code {row.code[:-1]} is missing",
            )
    if not rows and not problems:
        problem(None, None, None, "Keine Berufe gefunden", "no occupations found")
    if problems:
        raise ImportValidationError(problems)
    return rows


def write_reference_table(export_path: Path | str, out_path: Path | str) -> int:
    """Write the shipped reference table (levels 1–3) from the official export; return its rows."""
    rows = [r for r in read_kldb_export(export_path) if r.level <= 3]
    rows.sort(key=lambda r: (r.level, r.code))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["code", "level", "title", "short_title"])
    writer.writerows([r.code, r.level, r.title, r.short_title or ""] for r in rows)
    Path(out_path).write_text(buffer.getvalue(), encoding="utf-8")
    return len(rows)
