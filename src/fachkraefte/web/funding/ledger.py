"""A budget's balances from its entries, and the booking of entries under the budget's lock.

    available = allocated − allocated onwards − committed + released + returned

where "allocated onwards" is what the programme pool (or last year's budget) passed on to other
budgets (entries whose ``source`` is this budget). A payment turns committed money into paid
money and leaves the available amount as it is. Every booking that takes money out of a budget
(commitment, onward allocation) locks the budget row first and checks the balance inside the
same transaction, so two decisions saved at the same moment cannot both take the last euro.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from fachkraefte.web.funding.models import Budget, LedgerEntry

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
K = LedgerEntry.Kind


class BudgetExceeded(ValidationError):
    """A booking would take more than the budget has available."""


@dataclass(frozen=True)
class Balances:
    allocated: Decimal  # received: allocations into this budget
    passed_on: Decimal  # allocations from this budget to others
    committed: Decimal  # all commitments ever booked
    released: Decimal
    paid: Decimal
    returned: Decimal

    @property
    def open_commitments(self) -> Decimal:
        """Committed and neither paid nor released yet."""
        return self.committed - self.released - self.paid

    @property
    def available(self) -> Decimal:
        return self.allocated - self.passed_on - self.committed + self.released + self.returned


def balances(budget: Budget) -> Balances:
    sums = dict(
        LedgerEntry.objects.filter(budget=budget)
        .values_list("kind")
        .annotate(total=Sum("amount"))
        .values_list("kind", "total")
    )
    passed_on = LedgerEntry.objects.filter(source=budget, kind=K.ALLOCATION).aggregate(
        total=Sum("amount")
    )["total"]

    def total(kind: str) -> Decimal:
        return sums.get(kind) or ZERO

    return Balances(
        allocated=total(K.ALLOCATION),
        passed_on=passed_on or ZERO,
        committed=total(K.COMMITMENT),
        released=total(K.RELEASE),
        paid=total(K.PAYMENT),
        returned=total(K.RETURN),
    )


def money(amount: Any, *, field: str = "amount") -> Decimal:
    """``amount`` as a Decimal with at most two decimals and above zero, or a clear refusal."""
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    if value != value.quantize(CENT):
        raise ValidationError(
            {
                field: _("Beträge haben höchstens zwei Nachkommastellen (%(value)s).")
                % {"value": value}
            }
        )
    if value <= ZERO:
        raise ValidationError({field: _("Der Betrag muss größer als 0 sein.")})
    return value


def locked(budget: Budget) -> Budget:
    """The budget row, locked until the surrounding transaction ends (PostgreSQL: FOR UPDATE)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("book ledger entries inside transaction.atomic()")
    return Budget.objects.select_for_update().get(pk=budget.pk)


def book(*, budget: Budget, kind: str, amount: Any, actor: Any, **fields: Any) -> LedgerEntry:
    """Book one entry; entries that take money out first check what is available, under lock.

    An allocation with a ``source`` takes the money out of the source budget.
    """
    value = money(amount)
    with transaction.atomic():
        debited = fields.get("source") if kind == K.ALLOCATION else budget
        if kind in (K.COMMITMENT, K.ALLOCATION) and debited is not None:
            debited = locked(debited)
            available = balances(debited).available
            if value > available:
                raise BudgetExceeded(
                    _("%(budget)s: %(amount)s EUR übersteigen die verfügbaren %(available)s EUR.")
                    % {"budget": debited, "amount": value, "available": available},
                    code="budget_exceeded",
                )
        if kind == K.PAYMENT:
            locked(budget)
            open_amount = balances(budget).open_commitments
            if value > open_amount:
                raise BudgetExceeded(
                    _(
                        "Die Auszahlung (%(amount)s EUR) übersteigt die offenen Bindungen (%(open)s EUR)."
                    )
                    % {"amount": value, "open": open_amount},
                    code="payment_exceeds_commitments",
                )
        return LedgerEntry.objects.create(
            budget=budget, kind=kind, amount=value, booked_by=actor, **fields
        )
