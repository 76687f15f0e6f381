"""The Destatis life table (Sterbetafel, GENESIS 12621-0001) as shipped with the package.

The file ``reference/12621-0001_de_2022-2024.csv`` is the GENESIS download as published (new
GENESIS CSV: UTF-8 with BOM, ``Tabelle: 12621-0001`` first, one row per completed age, for
each sex seven functions each followed by its quality flag). The model uses two of them:

* ``q(x)``, the probability of dying between ages x and x+1: the mortality component of the
  exits (``fachkraefte.forecast.adapter``) and the survival that migration is measured net
  of, so that deaths are subtracted exactly once;
* ``l(x)``, the survivors at age x of 100,000 births: the sex ratio of a population by age
  when a file gives both sexes together (``genesis_population``).

>>> table = life_table()
>>> table.table_code, table.period, table.ages[0], table.ages[-1]
('12621-0001', '2022/24', 0, 100)
>>> table.q_at([60]).ravel().tolist()  # q(60) of men and women
[0.00927291, 0.00501472]
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

LIFE_TABLE_FILE = Path(__file__).with_name("reference") / "12621-0001_de_2022-2024.csv"
LIFE_TABLE_SOURCE = (
    "Statistisches Bundesamt (Destatis), GENESIS-Online, Tabelle 12621-0001 Sterbetafel "
    "(Periodensterbetafel) Deutschland 2022/24, Stand 09.12.2025; dl-de/by-2-0"
)
SEX_RATIO_AT_BIRTH = 1.05
"""Boys per girl at birth: Destatis reports about 105 boys per 100 girls in every year of
the births statistics (12612); used with l(x) to split counts given for both sexes."""

_AGE = re.compile(r"^(\d+) Jahre?$")
_PERIOD = re.compile(r"^\d{4}/\d{2}$")


class LifeTableError(ValueError):
    """The life table file does not have the published layout."""


@dataclass(frozen=True)
class LifeTable:
    table_code: str
    period: str
    ages: tuple[int, ...]
    q: np.ndarray
    """Probability of dying from age x to x+1, shape (2, ages): row 0 men, row 1 women."""
    survivors: np.ndarray
    """l(x), survivors at age x of 100,000 births, shape (2, ages)."""

    def q_at(self, ages: np.ndarray) -> np.ndarray:
        """q(x) by sex (m, w) for the given whole ages (beyond 100: the value at 100)."""
        index = np.clip(np.asarray(ages) - self.ages[0], 0, len(self.ages) - 1)
        return self.q[:, index]

    def male_share(self, ages: np.ndarray) -> np.ndarray:
        """Share of men among persons of each age in the stationary population of the table."""
        index = np.clip(np.asarray(ages) - self.ages[0], 0, len(self.ages) - 1)
        men = SEX_RATIO_AT_BIRTH * self.survivors[0, index]
        return men / (men + self.survivors[1, index])


@cache
def life_table(path: Path = LIFE_TABLE_FILE) -> LifeTable:
    """Parse the shipped (or another 12621-0001) life table file."""
    text = Path(path).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not rows or not rows[0] or not rows[0][0].startswith("Tabelle: 12621"):
        raise LifeTableError(f"{path}: erwartet 'Tabelle: 12621-…' / expected 'Tabelle: 12621-…'")
    table_code = rows[0][0].split(":", 1)[1].strip()
    functions = next((r for r in rows if any("[q(x)]" in c for c in r)), None)
    if functions is None:
        raise LifeTableError(f"{path}: Kopfzeile mit q(x) fehlt / header with q(x) missing")
    q_cols = [i for i, c in enumerate(functions) if "[q(x)]" in c]
    l_cols = [i for i, c in enumerate(functions) if "[l(x)]" in c]
    sexes = next(r for r in rows if "männlich" in r and "weiblich" in r)
    if len(q_cols) != 2 or len(l_cols) != 2 or sexes.index("männlich") > sexes.index("weiblich"):
        raise LifeTableError(f"{path}: erwartet männlich, dann weiblich / expected men, then women")
    period = next((r[0].strip() for r in rows if r and _PERIOD.match(r[0].strip())), "")
    ages: list[int] = []
    q: list[list[float]] = []
    survivors: list[list[float]] = []
    for row in rows:
        match = _AGE.match(row[0].strip()) if row else None
        if not match:
            continue
        ages.append(int(match[1]))
        q.append([_number(row[c]) for c in q_cols])
        survivors.append([_number(row[c]) for c in l_cols])
    if not ages or ages != list(range(ages[0], ages[0] + len(ages))):
        raise LifeTableError(f"{path}: Altersjahre fehlen oder Lücken / ages missing or gaps")
    q_arr = np.array(q).T
    if ((q_arr <= 0) | (q_arr >= 1)).any():
        raise LifeTableError(f"{path}: q(x) außerhalb (0, 1) / q(x) outside (0, 1)")
    return LifeTable(
        table_code=table_code,
        period=period,
        ages=tuple(ages),
        q=q_arr,
        survivors=np.array(survivors).T,
    )


def _number(text: str) -> float:
    return float(text.strip().replace(",", "."))
