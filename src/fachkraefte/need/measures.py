"""Outcomes in numbers ("18 Pflegefachkräfte qualifiziert, 813, 06535, 2026") as measures of
the forecast engine.

People qualified during year Y are available from the start of Y + 1, which is where the
run's supply counts them: a result row of year Y is the one-off cohort ``Measure(from_year =
until_year = Y + 1)``. Rows of the same cell and year add up. A row before the run's base year
is already in the observed data the run starts from and is left out (and named).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fachkraefte.forecast.scenario import Measure

FACHKRAFT = 2
"""Anforderungsniveau of a 3-digit Berufsgruppe result (the level of vocational training)."""


@dataclass(frozen=True)
class Outcome:
    """``count`` persons qualified in ``kldb`` (3-digit Berufsgruppe or 5-digit Berufsgattung,
    whose last digit is the Anforderungsniveau) in district ``ags`` during ``year``."""

    count: float
    kldb: str
    ags: str
    year: int

    @property
    def kldb3(self) -> str:
        return self.kldb[:3]

    @property
    def niveau(self) -> int:
        last = self.kldb[4:5]
        return int(last) if len(self.kldb) == 5 and last in "1234" else FACHKRAFT


def outcome_measures(
    outcomes: Iterable[Outcome], *, base_year: int
) -> tuple[tuple[Measure, ...], tuple[Outcome, ...]]:
    """The measures of ``outcomes`` and the outcomes left out because they lie before the base
    year (already in the data).

    >>> ms, before = outcome_measures(
    ...     [Outcome(18, "81302", "06535", 2026), Outcome(2, "813", "06535", 2026),
    ...      Outcome(5, "813", "06535", 2020)], base_year=2024)
    >>> [(m.kldb3, m.ags, m.from_year, m.until_year, m.graduates_per_year) for m in ms]
    [('813', '06535', 2027, 2027, 20.0)]
    >>> [o.year for o in before]
    [2020]
    """
    cells: dict[tuple[str, str, int, int], float] = {}
    before: list[Outcome] = []
    for outcome in outcomes:
        if outcome.count <= 0:
            continue
        if outcome.year < base_year:
            before.append(outcome)
            continue
        key = (outcome.kldb3, outcome.ags, outcome.niveau, outcome.year + 1)
        cells[key] = cells.get(key, 0.0) + float(outcome.count)
    measures = tuple(
        Measure(
            kldb3=kldb3,
            ags=ags,
            from_year=year,
            until_year=year,
            graduates_per_year=count,
            niveau=niveau,
        )
        for (kldb3, ags, niveau, year), count in sorted(cells.items())
    )
    return measures, tuple(before)
