"""The budget plan's figures: total eligible expenditure, requested grant and the grant rate.

requested = total − own contribution − other funding; grant rate = requested / total. Decimal
only; the rate is kept exact and rounded only where it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0")


@dataclass(frozen=True)
class Figures:
    total: Decimal
    own_contribution: Decimal
    other_funding: Decimal

    @property
    def requested(self) -> Decimal:
        return self.total - self.own_contribution - self.other_funding

    @property
    def grant_rate(self) -> Decimal | None:
        """requested / total; None while the plan has no expenditure."""
        return self.requested / self.total if self.total > 0 else None

    @property
    def grant_hundred(self) -> Decimal | None:
        """The grant rate in percent (pages format it in the reader's language)."""
        rate = self.grant_rate
        return None if rate is None else rate * 100

    @property
    def grant_percent(self) -> str:
        return percent(self.grant_rate)


def percent(rate: Decimal | None) -> str:
    """A share as percent with one decimal; "–" for none.

    >>> percent(Decimal("0.9")), percent(None)
    ('90.0 %', '–')
    """
    return "–" if rate is None else f"{(rate * 100).quantize(Decimal('0.1'))} %"


def figures(
    amounts: Iterable[Decimal], *, own_contribution: Decimal, other_funding: Decimal
) -> Figures:
    """
    >>> f = figures([Decimal("8000"), Decimal("2000")], own_contribution=Decimal("1000"),
    ...             other_funding=Decimal("0"))
    >>> f.requested, f.grant_rate, f.grant_percent
    (Decimal('9000'), Decimal('0.9'), '90.0 %')
    """
    return Figures(sum(amounts, ZERO), own_contribution or ZERO, other_funding or ZERO)


def figures_of(proposal) -> Figures:
    """The stored plan's figures of ``proposal``."""
    return figures(
        [line.amount for line in proposal.budget_lines.all()],
        own_contribution=proposal.own_contribution,
        other_funding=proposal.other_funding,
    )


def grant_cap(proposal) -> Decimal | None:
    """The lower of the call's and the programme's maximum grant rate."""
    caps = [proposal.call.max_grant_rate]
    terms = getattr(proposal.call.programme, "funding_terms", None)
    if terms is not None:
        caps.append(terms.max_grant_rate)
    caps = [cap for cap in caps if cap is not None]
    return min(caps) if caps else None
