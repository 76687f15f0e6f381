"""The Destatis life table (Sterbetafel, GENESIS 12621-0001): parser, importer, current vintage.

The forecast ships the 2022/24 table as a parameter file (``forecast/parameters/mortality.toml``,
read by this module's :func:`life_table_from_frame`); ``fachkraefte import life-table FILE``
reads a newer one, or any other, from the GENESIS
download as published (new GENESIS CSV: UTF-8 with BOM, ``Tabelle: 12621-0001`` first, one
row per completed age, for each sex seven functions each followed by its quality flag) and
stores it as a vintage of the data store (table ``life_table``, one row per sex and age). The
model uses two of its functions:

* ``q(x)``, the probability of dying between ages x and x+1: the mortality inside the
  fallback exit profile and the survival that migration is measured net of, so that deaths
  are subtracted exactly once (``fachkraefte.forecast.mortality``);
* ``l(x)``, the survivors at age x of 100,000 births: the sex ratio of a population by age
  when a file gives both sexes together (``genesis_population``).

A bad file is refused with every problem named by file, row and field, e.g.::

    12621-0001_de.csv, Zeile/row 12, Spalte/column 'weiblich q(x)': … (gefunden/found: '1,2')
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.sources.ba_codes import ProblemLog
from fachkraefte.sources.vintages import (
    ImportedDataset,
    VintageError,
    current_vintage,
    file_sha256,
    load_table,
)

DATASET = "life_table"
TABLE = "life_table"
SOURCE = "Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle {code} Sterbetafel"
SEX_RATIO_AT_BIRTH = 1.05
"""Boys per girl at birth: Destatis reports about 105 boys per 100 girls in every year of
the births statistics (12612); used with l(x) to split counts given for both sexes."""
SEXES = ("m", "w")
_SEX_NAMES = ("männlich", "weiblich")

_AGE = re.compile(r"^(\d+) Jahre?$")
_PERIOD = re.compile(r"^(\d{4})/(\d{2})$")
_STAND = re.compile(r"^Stand:\s*(\d{2}\.\d{2}\.\d{4})")


class LifeTableError(ImportValidationError):
    """The life table file does not have the published layout (problems by row and field)."""


@dataclass(frozen=True)
class LifeTable:
    table_code: str
    period: str
    ages: tuple[int, ...]
    q: np.ndarray
    """Probability of dying from age x to x+1, shape (2, ages): row 0 men, row 1 women."""
    survivors: np.ndarray
    """l(x), survivors at age x of 100,000 births, shape (2, ages)."""
    source: str = ""

    def q_at(self, ages: np.ndarray) -> np.ndarray:
        """q(x) by sex (m, w) for the given whole ages (beyond the table: its last row)."""
        index = np.clip(np.asarray(ages) - self.ages[0], 0, len(self.ages) - 1)
        return self.q[:, index]

    def male_share(self, ages: np.ndarray) -> np.ndarray:
        """Share of men among persons of each age in the stationary population of the table."""
        index = np.clip(np.asarray(ages) - self.ages[0], 0, len(self.ages) - 1)
        men = SEX_RATIO_AT_BIRTH * self.survivors[0, index]
        return men / (men + self.survivors[1, index])

    def frame(self) -> pl.DataFrame:
        """The table as stored in a vintage: one row per sex and age."""
        rows = [
            (
                self.table_code,
                self.period,
                sex,
                age,
                float(self.q[s, i]),
                float(self.survivors[s, i]),
            )
            for s, sex in enumerate(SEXES)
            for i, age in enumerate(self.ages)
        ]
        return pl.DataFrame(
            rows, schema=["table_code", "period", "sex", "age", "q", "survivors"], orient="row"
        )


def read_life_table(path: Path) -> LifeTable:
    """Parse a 12621-0001 file as published; :class:`LifeTableError` lists every problem."""
    path = Path(path)
    log = ProblemLog(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        log.add(
            de="keine UTF-8-Datei (GENESIS-CSV ist UTF-8)",
            en="not a UTF-8 file (GENESIS CSV is UTF-8)",
            value=str(error)[:60],
        )
        _raise(log)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not rows or not rows[0] or not rows[0][0].startswith("Tabelle: 12621"):
        log.add(
            de="erwartet 'Tabelle: 12621-…' in der ersten Zeile",
            en="expected 'Tabelle: 12621-…' on the first line",
            row=1,
            column="A",
            value=rows[0][0] if rows and rows[0] else "",
        )
        _raise(log)
    table_code = rows[0][0].split(":", 1)[1].strip()
    header = next((i for i, r in enumerate(rows) if any("[q(x)]" in c for c in r)), None)
    sexes = next((i for i, r in enumerate(rows) if "männlich" in r and "weiblich" in r), None)
    if header is None or sexes is None:
        log.add(
            de="Kopfzeilen mit 'männlich'/'weiblich' und 'q(x)' fehlen",
            en="header lines with 'männlich'/'weiblich' and 'q(x)' missing",
        )
        _raise(log)
    q_cols = [i for i, c in enumerate(rows[header]) if "[q(x)]" in c]
    l_cols = [i for i, c in enumerate(rows[header]) if "[l(x)]" in c]
    if (
        len(q_cols) != 2
        or len(l_cols) != 2
        or rows[sexes].index("männlich") > rows[sexes].index("weiblich")
    ):
        log.add(
            de="erwartet je einmal q(x) und l(x), männlich vor weiblich",
            en="expected q(x) and l(x) once each, men before women",
            row=header + 1,
        )
        _raise(log)
    period = next((r[0].strip() for r in rows if r and _PERIOD.match(r[0].strip())), "")
    if not period:
        log.add(de="Zeitraum JJJJ/JJ fehlt", en="period YYYY/YY missing", column="A")
    ages: list[int] = []
    q: list[list[float]] = []
    survivors: list[list[float]] = []
    for line, row in enumerate(rows, start=1):
        match = _AGE.match(row[0].strip()) if row else None
        if not match:
            continue
        ages.append(int(match[1]))
        q.append(
            [_number(row, c, line, f"{_SEX_NAMES[s]} q(x)", log) for s, c in enumerate(q_cols)]
        )
        survivors.append(
            [_number(row, c, line, f"{_SEX_NAMES[s]} l(x)", log) for s, c in enumerate(l_cols)]
        )
        for s, value in enumerate(q[-1]):
            if not np.isnan(value) and not 0 < value < 1:
                log.add(
                    de="q(x) außerhalb (0, 1)",
                    en="q(x) outside (0, 1)",
                    row=line,
                    column=f"{_SEX_NAMES[s]} q(x)",
                    value=row[q_cols[s]],
                )
    if not ages or ages != list(range(ages[0], ages[0] + len(ages))):
        log.add(de="Altersjahre fehlen oder Lücken", en="ages missing or gaps", column="A")
    _raise(log)
    return LifeTable(
        table_code=table_code,
        period=period,
        ages=tuple(ages),
        q=np.array(q).T,
        survivors=np.array(survivors).T,
        source=_source(table_code, period, rows),
    )


def read_life_table_import(path: Path, *, reference_date: date | None = None) -> ImportedDataset:
    """The file as a vintage of dataset ``life_table``; reference date = end of the period
    (``2022/24`` → 2024-12-31) unless given."""
    table = read_life_table(path)
    when = reference_date or period_end(table.period)
    return ImportedDataset(
        dataset=DATASET,
        source=table.source,
        file_name=Path(path).name,
        sha256=file_sha256(Path(path)),
        reference_date=when,
        tables={TABLE: table.frame()},
        notes=(
            f"Sterbetafel {table.table_code} {table.period}, Alter {table.ages[0]}–{table.ages[-1]}",
        ),
    )


def period_end(period: str) -> date:
    """``2022/24`` → 31.12.2024 (the last year of a three-year period table)."""
    match = _PERIOD.match(period)
    if not match:
        raise ValueError(f"Zeitraum {period!r} ist nicht JJJJ/JJ / period is not YYYY/YY")
    start = int(match[1])
    end = start // 100 * 100 + int(match[2])
    return date(end if end >= start else end + 100, 12, 31)


def life_table_from_frame(frame: pl.DataFrame, source: str = "") -> LifeTable:
    """The :class:`LifeTable` of a stored ``life_table`` table."""
    frame = frame.sort(["sex", "age"])
    ages = tuple(frame.filter(pl.col("sex") == "m")["age"].to_list())
    q = np.stack([frame.filter(pl.col("sex") == s)["q"].to_numpy() for s in SEXES])
    lx = np.stack([frame.filter(pl.col("sex") == s)["survivors"].to_numpy() for s in SEXES])
    return LifeTable(
        table_code=str(frame["table_code"][0]),
        period=str(frame["period"][0]),
        ages=ages,
        q=q,
        survivors=lx,
        source=source,
    )


def current_life_table() -> tuple[LifeTable, str] | None:
    """The current imported life table and its vintage id, or ``None`` if none was imported."""
    vintage = current_vintage(TABLE)
    if vintage is None:
        return None
    try:
        frame = load_table(TABLE, vintage_id=vintage.vintage_id)
    except VintageError:
        return None
    return life_table_from_frame(frame, vintage.source), vintage.vintage_id


def _source(code: str, period: str, rows: list[list[str]]) -> str:
    stand = next((m[1] for r in rows if r and (m := _STAND.match(r[0].strip()))), None)
    text = SOURCE.format(code=code) + f" (Periodensterbetafel) Deutschland {period}"
    return text + (f", Stand {stand}" if stand else "") + "; dl-de/by-2-0"


def _number(row: list[str], column: int, line: int, field: str, log: ProblemLog) -> float:
    text = row[column].strip() if column < len(row) else ""
    try:
        return float(text.replace(",", "."))
    except ValueError:
        log.add(de="keine Zahl", en="not a number", row=line, column=field, value=text)
        return float("nan")


def _raise(log: ProblemLog) -> None:
    try:
        log.raise_if_any()
    except ImportValidationError as error:
        raise LifeTableError(error.problems) from None
