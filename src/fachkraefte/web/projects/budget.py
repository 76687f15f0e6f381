"""The approved grant split over the proposal's cost types, cents exact.

Each cost type gets the approved amount in proportion to its planned expenditure, rounded down
to the cent; the cents left over go, one each, to the cost types with the largest remainders
(ties: the order of the plan). So the lines always sum to exactly the approved amount.

>>> split_by_cost_type(Decimal("100.00"), [("personnel", Decimal("1")), ("material", Decimal("2"))])
{'personnel': Decimal('33.33'), 'material': Decimal('66.67')}
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")


def split_by_cost_type(
    approved: Decimal, planned: Iterable[tuple[str, Decimal]]
) -> dict[str, Decimal]:
    """``{cost_type: amount}`` summing to ``approved``; several lines of one type add up."""
    weights: dict[str, Decimal] = {}
    for cost_type, amount in planned:
        weights[cost_type] = weights.get(cost_type, Decimal("0")) + Decimal(amount)
    weights = {key: value for key, value in weights.items() if value > 0}
    total = sum(weights.values(), Decimal("0"))
    if total <= 0 or approved <= 0:
        return {}
    cents = int((approved / CENT).to_integral_value())
    exact = {key: Decimal(cents) * value / total for key, value in weights.items()}
    floors = {
        key: int(value.to_integral_value(rounding=ROUND_DOWN)) for key, value in exact.items()
    }
    left = cents - sum(floors.values())
    order = sorted(weights, key=lambda key: exact[key] - floors[key], reverse=True)
    for key in order[:left]:
        floors[key] += 1
    return {key: (Decimal(floors[key]) * CENT).quantize(CENT) for key in weights}
