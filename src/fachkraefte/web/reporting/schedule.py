"""When a project reports: interim reports every n months from its start, the final report m
months after its end (the programme's ``FundingTerms``).

An interim report covers the n months before its due date and is due the day after its period
ends; none is due on or after the end date (the final report covers that time).

>>> [(p.kind, p.period_from.isoformat(), p.period_to.isoformat(), p.due_on.isoformat())
...  for p in planned_reports(dt.date(2025, 1, 31), dt.date(2025, 12, 31), 6, 3)]
[('interim', '2025-01-31', '2025-07-30', '2025-07-31'), ('final', '2025-01-31', '2025-12-31', '2026-03-31')]
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

INTERIM, FINAL = "interim", "final"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; the 31st becomes the month's last day where it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PlannedReport:
    kind: str
    period_from: dt.date
    period_to: dt.date
    due_on: dt.date


def planned_reports(
    starts_on: dt.date, ends_on: dt.date, interim_months: int, final_months: int
) -> list[PlannedReport]:
    """The project's reports in order of their due dates; empty when the end precedes the start."""
    if ends_on < starts_on:
        return []
    reports = []
    if interim_months > 0:
        number, begin = 1, starts_on
        while (due := add_months(starts_on, number * interim_months)) < ends_on:
            reports.append(PlannedReport(INTERIM, begin, due - dt.timedelta(days=1), due))
            number, begin = number + 1, due
    reports.append(PlannedReport(FINAL, starts_on, ends_on, add_months(ends_on, final_months)))
    return reports
