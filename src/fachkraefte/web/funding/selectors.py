"""Reads of a programme's money: which budget a call draws on, balances for the overview."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.calls.models import Call
from fachkraefte.web.funding.ledger import ZERO, Balances, balances
from fachkraefte.web.funding.models import Budget, LedgerEntry
from fachkraefte.web.proposals.models import Proposal

K = LedgerEntry.Kind


def budget_for_call(*, call: Call) -> Budget | None:
    """The alliance's budget for the call's year and earmark.

    A Niedersachsen planning budget covers its years up to ``planning_until``; a budget of the
    exact year comes first.
    """
    if call.alliance_id is None:
        return None
    accounts = Budget.objects.filter(
        programme_id=call.programme_id, alliance_id=call.alliance_id, earmark_id=call.earmark_id
    )
    exact = accounts.filter(year=call.budget_year).first()
    if exact is not None:
        return exact
    return (
        accounts.filter(year__lte=call.budget_year, planning_until__gte=call.budget_year)
        .order_by("-year")
        .first()
    )


def pool_for(*, budget: Budget) -> Budget | None:
    """The programme's own money of the budget's year and earmark, which alliances draw on."""
    return Budget.objects.filter(
        programme_id=budget.programme_id,
        year=budget.year,
        alliance__isnull=True,
        earmark_id=budget.earmark_id,
    ).first()


def planned_total(*, budget: Budget) -> Decimal:
    """What the budget holds: received minus passed on (a planning budget's current total)."""
    own = balances(budget)
    return own.allocated - own.passed_on


def proposal_balances(*, budget: Budget, proposal: Proposal) -> Balances:
    """The budget's entries for one proposal only (its commitment, releases, payments)."""
    sums = dict(
        LedgerEntry.objects.filter(budget=budget, proposal=proposal)
        .values_list("kind")
        .annotate(total=Sum("amount"))
        .values_list("kind", "total")
    )

    def total(kind: str) -> Decimal:
        return sums.get(kind) or ZERO

    return Balances(
        allocated=ZERO,
        passed_on=ZERO,
        committed=total(K.COMMITMENT),
        released=total(K.RELEASE),
        paid=total(K.PAYMENT),
        returned=total(K.RETURN),
    )


def budgets_visible(*, user: Any) -> QuerySet[Budget]:
    """The office sees every budget; members and steering group their alliances' budgets."""
    queryset = Budget.objects.select_related("programme", "alliance", "earmark")
    if is_coordination(user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(alliance__roles__user=user).distinct()


@dataclass(frozen=True)
class BudgetRow:
    """One line of the overview: a budget with its balances."""

    budget: Budget
    balances: Balances

    @property
    def owner(self) -> str:
        return self.budget.alliance.name if self.budget.alliance_id else ""


def budget_rows(*, budgets: QuerySet[Budget]) -> list[BudgetRow]:
    """Balances of many budgets in three queries instead of two per budget."""
    budgets = list(budgets)
    ids = [budget.pk for budget in budgets]
    own: dict[tuple[int, str], Decimal] = {}
    for budget_id, kind, total in (
        LedgerEntry.objects.filter(budget_id__in=ids)
        .values_list("budget_id", "kind")
        .annotate(total=Sum("amount"))
        .values_list("budget_id", "kind", "total")
    ):
        own[(budget_id, kind)] = total
    onward = dict(
        LedgerEntry.objects.filter(source_id__in=ids, kind=K.ALLOCATION)
        .values_list("source_id")
        .annotate(total=Sum("amount"))
        .values_list("source_id", "total")
    )

    def total(budget: Budget, kind: str) -> Decimal:
        return own.get((budget.pk, kind)) or ZERO

    return [
        BudgetRow(
            budget=budget,
            balances=Balances(
                allocated=total(budget, K.ALLOCATION),
                passed_on=onward.get(budget.pk) or ZERO,
                committed=total(budget, K.COMMITMENT),
                released=total(budget, K.RELEASE),
                paid=total(budget, K.PAYMENT),
                returned=total(budget, K.RETURN),
            ),
        )
        for budget in budgets
    ]


def budget_years(*, budgets: QuerySet[Budget]) -> list[int]:
    return sorted(set(budgets.values_list("year", flat=True)), reverse=True)


def entries_of(*, budget: Budget, kind: str = "") -> QuerySet[LedgerEntry]:
    """A budget's entries, including allocations it passed on to others (newest first)."""
    entries = LedgerEntry.objects.filter(Q(budget=budget) | Q(source=budget, kind=K.ALLOCATION))
    if kind:
        entries = entries.filter(kind=kind)
    return entries.select_related(
        "budget__alliance", "budget__programme", "source", "proposal", "booked_by"
    ).order_by("-booked_at", "-id")
