"""Property tests of the ledger: any sequence of bookings keeps every budget and earmark whole.

Hypothesis draws sequences of allocations (into the pools and from them to the alliance's
budgets), commitments, releases, payments and returns. A plain Python model says which booking
must be refused; after each step the database's balances must equal the model's, no available
amount may be negative, and no proposal may have more released or paid than committed.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from funding_world import make_proposal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fachkraefte.web.funding import services
from fachkraefte.web.funding.ledger import ZERO, balances
from fachkraefte.web.funding.selectors import proposal_balances

AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400"), places=2)
KINDS = ("pool", "allocate", "commit", "release", "pay", "return")
STEPS = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 1), st.integers(0, 2), AMOUNTS),
    min_size=1,
    max_size=15,
)


@pytest.fixture()
def accounts(fw):
    """Two pools (general and earmarked) and the alliance's budget of each, three proposals."""
    earmark = services.earmark_create(
        programme=fw.programme, slug="sprachkurse", name="Sprachkurse", actor=fw.office
    )
    earmarked_pool = services.budget_create(
        programme=fw.programme, year=2025, earmark=earmark, actor=fw.office
    )
    earmarked = services.budget_create(
        programme=fw.programme, year=2025, alliance=fw.alliance, earmark=earmark, actor=fw.office
    )
    proposals = [make_proposal(fw.call, fw.applicant) for _ in range(3)]
    return fw, [fw.pool, earmarked_pool], [fw.budget, earmarked], proposals


class Model:
    """What the ledger must say, computed without the database."""

    def __init__(self, pool_money: list[Decimal]) -> None:
        self.available = defaultdict(lambda: ZERO)
        self.committed = defaultdict(lambda: ZERO)  # (budget, proposal) -> open commitment
        self.paid = defaultdict(lambda: ZERO)  # (budget, proposal) -> paid and not returned
        self.available.update({("pool", i): money for i, money in enumerate(pool_money)})

    def allowed(self, kind: str, b: int, p: int, amount: Decimal) -> bool:
        limit = {
            "pool": None,
            "allocate": self.available[("pool", b)],
            "commit": self.available[("alliance", b)],
            "release": self.committed[(b, p)],
            "pay": self.committed[(b, p)],
            "return": self.paid[(b, p)],
        }[kind]
        return limit is None or amount <= limit

    def apply(self, kind: str, b: int, p: int, amount: Decimal) -> None:
        if kind == "pool":
            self.available[("pool", b)] += amount
        elif kind == "allocate":
            self.available[("pool", b)] -= amount
            self.available[("alliance", b)] += amount
        elif kind == "commit":
            self.available[("alliance", b)] -= amount
            self.committed[(b, p)] += amount
        elif kind == "release":
            self.committed[(b, p)] -= amount
            self.available[("alliance", b)] += amount
        elif kind == "pay":
            self.committed[(b, p)] -= amount
            self.paid[(b, p)] += amount
        else:
            self.paid[(b, p)] -= amount
            self.available[("alliance", b)] += amount


def _book(fw, pools, budgets, proposals, kind, b, p, amount):
    actor = fw.office
    if kind == "pool":
        return services.budget_allocate(budget=pools[b], amount=amount, actor=actor)
    if kind == "allocate":
        return services.budget_allocate(budget=budgets[b], amount=amount, actor=actor)
    book = {
        "commit": services.ledger_commit,
        "release": services.ledger_release,
        "pay": services.ledger_pay,
        "return": services.ledger_return,
    }[kind]
    return book(budget=budgets[b], amount=amount, proposal=proposals[p], actor=actor)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_any_sequence_of_bookings_keeps_every_budget_whole(accounts, steps):
    fw, pools, budgets, proposals = accounts
    with transaction.atomic():
        model = Model([balances(pool).available for pool in pools])
        for kind, b, p, amount in steps:
            allowed = model.allowed(kind, b, p, amount)
            try:
                _book(fw, pools, budgets, proposals, kind, b, p, amount)
            except ValidationError:
                assert not allowed, (kind, b, p, amount)
            else:
                assert allowed, (kind, b, p, amount)
                model.apply(kind, b, p, amount)
            for i in range(2):
                pool, budget = balances(pools[i]), balances(budgets[i])
                assert pool.available == model.available[("pool", i)] >= ZERO
                assert budget.available == model.available[("alliance", i)] >= ZERO
                assert budget.available == (
                    budget.allocated
                    - budget.passed_on
                    - budget.committed
                    + budget.released
                    + budget.returned
                )
                assert budget.open_commitments >= ZERO
                for j, proposal in enumerate(proposals):
                    own = proposal_balances(budget=budgets[i], proposal=proposal)
                    assert own.open_commitments == model.committed[(i, j)] >= ZERO
                    assert own.paid - own.returned == model.paid[(i, j)] >= ZERO
        transaction.set_rollback(True)
