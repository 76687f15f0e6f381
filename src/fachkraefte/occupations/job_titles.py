"""Job titles of the BA Gesamtberufsliste, each with its KldB 2010 Berufsgattung.

People know their occupations by title ("Pflegefachmann", "Altenpflegehelferin"), not by KldB
code; the BA's Gesamtberufsliste maps some 28,000 titles to the 5-digit KldB code (the first
five digits of the Berufskennziffer "B 81302-104"). ``import_job_titles`` stores it below the
data directory; ``search_job_titles`` finds titles by any part of the neutral, male or female
spelling. Without an import the search falls back to the KldB titles themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from fachkraefte import occupations as kldb
from fachkraefte.common.errors import ImportValidationError
from fachkraefte.paths import data_dir

SOURCE = "Bundesagentur für Arbeit: Gesamtberufsliste der BA"
ATTRIBUTION = "© Bundesagentur für Arbeit"
SHEET = "Gesamtberufsliste der BA"
HEADER = ("DKZ-ID", "Codenummer", "Zustand", "Bezeichnung neutral kurz")
BKZ = re.compile(r"^B (\d{5})-\d{3}$")


@dataclass(frozen=True)
class JobTitle:
    title: str  # the neutral short title, e.g. "Altenpfleger/in"
    code: str  # the KldB 2010 Berufsgattung (5 digits)
    male: str
    female: str

    @property
    def kldb_title(self) -> str:
        for code in (self.code, self.code[:3]):
            try:
                return kldb.occupation(code).title
            except (LookupError, ValueError):
                continue
        return ""


def _store() -> tuple[Path, Path]:
    folder = data_dir() / "reference"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "berufsliste.parquet", folder / "berufsliste.json"


def read_job_titles(path: Path | str) -> list[JobTitle]:
    """The titles of the official XLSX; refuses a file without the expected sheet or header."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file that is no XLSX
        raise ImportValidationError(
            f"{Path(path).name}: keine lesbare XLSX-Datei ({error})"
        ) from error
    if SHEET not in workbook.sheetnames:
        raise ImportValidationError(
            f"{Path(path).name}: Tabellenblatt „{SHEET}“ fehlt / sheet missing"
        )
    titles: list[JobTitle] = []
    header_seen = False
    for row in workbook[SHEET].iter_rows(values_only=True):
        cells = tuple("" if value is None else str(value).strip() for value in row)
        if not header_seen:
            header_seen = cells[: len(HEADER)] == HEADER
            continue
        if len(cells) < 6 or not cells[3]:
            continue
        match = BKZ.match(cells[1])
        if match is None:
            continue  # positions outside the occupation branch B carry no KldB code
        titles.append(JobTitle(cells[3], match.group(1), cells[4], cells[5]))
    workbook.close()
    if not header_seen:
        raise ImportValidationError(
            f"{Path(path).name}: Kopfzeile {', '.join(HEADER)} nicht gefunden / header not found"
        )
    if not titles:
        raise ImportValidationError(f"{Path(path).name}: keine Berufsbezeichnung gefunden")
    return titles


def import_metadata() -> dict | None:
    _, meta = _store()
    return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else None


def import_job_titles(path: Path | str, *, dry_run: bool = False) -> dict:
    """Validate and store the list; the same file twice changes nothing."""
    path = Path(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    current = import_metadata()
    if current and current["sha256"] == digest:
        return current | {"unchanged": True}
    titles = read_job_titles(path)  # raises before anything is written
    metadata = {
        "source": SOURCE,
        "attribution": ATTRIBUTION,
        "file": path.name,
        "sha256": digest,
        "count": len(titles),
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if dry_run:
        return metadata | {"dry_run": True}
    table, meta = _store()
    frame = pl.DataFrame(
        [vars(t) for t in titles],
        schema={"title": pl.String, "code": pl.String, "male": pl.String, "female": pl.String},
    )
    temp = table.with_name(f".{table.name}.tmp")
    frame.write_parquet(temp)
    os.replace(temp, table)
    temp = meta.with_name(f".{meta.name}.tmp")
    temp.write_text(json.dumps(metadata, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temp, meta)
    return metadata


@functools.lru_cache(maxsize=2)
def _read(path: str, _mtime: int) -> tuple[tuple[JobTitle, str], ...]:
    rows = pl.read_parquet(path).iter_rows(named=True)
    titles = (JobTitle(**row) for row in rows)
    return tuple((t, kldb._fold(" ".join((t.title, t.male, t.female)))) for t in titles)


def imported_titles() -> tuple[tuple[JobTitle, str], ...] | None:
    table, _ = _store()
    if not table.exists():
        return None
    return _read(str(table), table.stat().st_mtime_ns)


def search_job_titles(text: str, *, limit: int = 20) -> list[JobTitle]:
    """Titles containing ``text`` (case and umlaut spelling ignored), those starting with it
    first; a KldB code finds its titles. Without an import: the KldB occupations' own titles."""
    wanted = kldb._fold(text.strip())
    if len(wanted) < 2:
        return []
    titles = imported_titles()
    if titles is None:
        found = [o for o in kldb.search(text.strip()) if o.level in (3, 5)]
        found += [o for o in kldb.occupations() if o.code == text.strip() and o not in found]
        return [JobTitle(o.title, o.code, "", "") for o in found[:limit]]
    if wanted.isdigit():
        hits = [t for t, _folded in titles if t.code.startswith(wanted)]
        return hits[:limit]
    starts = [t for t, folded in titles if folded.startswith(wanted)]
    contains = [t for t, folded in titles if wanted in folded and not folded.startswith(wanted)]
    return (starts + contains)[:limit]


def known_code(code: str) -> bool:
    """A KldB 2010 code: one of the catalogue's, or a Berufsgattung (5 digits) of a known
    Berufsgruppe — the shipped catalogue holds levels 1–3 only, the job titles level 5."""
    code = (code or "").strip()
    try:
        kldb.occupation(code)
        return True
    except (LookupError, ValueError):
        pass
    if len(code) != 5 or not code.isdigit():
        return False
    try:
        kldb.occupation(code[:3])
    except (LookupError, ValueError):
        return False
    return True


def code_label(code: str) -> str:
    """``code`` with its title (that of its Berufsgruppe where the Berufsgattung is not known)."""
    try:
        return f"{code} {kldb.occupation(code).title}"
    except (LookupError, ValueError):
        pass
    try:
        return f"{code} ({kldb.occupation(code[:3]).title})"
    except (LookupError, ValueError):
        return code
