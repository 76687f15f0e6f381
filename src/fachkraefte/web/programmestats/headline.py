"""The headline sentence of a programme, computed from its projects, never typed.

"Seit 2016 wurden 742 regionale Projekte mit 44,3 Mio. Euro gefördert" (seed 003): the first
funding year, the number of projects and the committed total (``selectors.programme_totals``).
Millions are rounded down to one decimal, so the sentence never claims more than was funded.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats.selectors import (
    StatisticsRow,
    first_year,
    programme_totals,
)

MILLION = Decimal("1000000")


def euro_text(amount: Decimal) -> str:
    """``44,3 Mio. Euro`` from a million on (rounded down), else ``812.400 Euro``."""
    if amount >= MILLION:
        millions = (amount / MILLION).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
        return _("%(amount)s Mio. Euro") % {"amount": number_format(millions, 1)}
    whole = amount.quantize(Decimal("1"), rounding=ROUND_DOWN)
    return _("%(amount)s Euro") % {"amount": number_format(whole, 0, force_grouping=True)}


def programme_headline(*, programme: Programme, total: StatisticsRow | None = None) -> str:
    """The sentence, or a plain "no projects yet" for a programme without projects;
    ``total`` is ``programme_totals`` when the caller has it already."""
    since = first_year(programme=programme)
    if since is None:
        return _("Im Programm %(programme)s gibt es noch keine geförderten Projekte.") % {
            "programme": programme.name
        }
    total = total or programme_totals(programme=programme)
    return ngettext(
        "Seit %(year)s wurde %(count)s regionales Projekt mit %(amount)s gefördert.",
        "Seit %(year)s wurden %(count)s regionale Projekte mit %(amount)s gefördert.",
        total.projects,
    ) % {
        "year": since,
        "count": number_format(total.projects, 0, force_grouping=True),
        "amount": euro_text(total.committed),
    }
