"""Budgets of the role world for the role matrix (``role_world.py`` has no money of its own).

Made on demand through the funding services inside the test's transaction, so the matrix rows
of ``/foerderung/`` and the budgets API find the same records each time:
alliance A's 2025 budget (with 100 EUR from the Saxony pool), a planning budget of A for
2026–2028 (Saxony pool 2026 with 1,000 EUR), and a Niedersachsen pool with money to carry over.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from fachkraefte.web.funding import services
from fachkraefte.web.funding.models import Budget, LedgerEntry
from fachkraefte.web.funding.shipped import ensure_shipped_funding
from fachkraefte.web.programmes.models import Programme


def _budget(actor: Any, amount: str | None = None, **fields: Any) -> Budget:
    lookup = {"alliance": None, "earmark": None, **fields}
    lookup.pop("planning_until", None)
    budget = Budget.objects.filter(**lookup).first()
    if budget is None:
        budget = services.budget_create(actor=actor, **fields)
        if amount:
            services.budget_allocate(budget=budget, amount=amount, actor=actor)
    return budget


def funding_records(w) -> SimpleNamespace:
    ensure_shipped_funding()
    office = w.users["coordination"]
    lower_saxony = Programme.objects.get(slug="niedersachsen-fachkraeftebuendnisse")
    _budget(office, "1000.00", programme=w.saxony, year=2025)
    _budget(office, "1000.00", programme=w.saxony, year=2026)
    budget_a = _budget(office, "100.00", programme=w.saxony, year=2025, alliance=w.a)
    planning_a = _budget(
        office, "100.00", programme=w.saxony, year=2026, alliance=w.a, planning_until=2028
    )
    return SimpleNamespace(
        budget_a=budget_a,
        planning_a=planning_a,
        pool=Budget.objects.get(programme=w.saxony, year=2025, alliance=None, earmark=None),
        carry_pool=_budget(office, "500.00", programme=lower_saxony, year=2025),
        entry_a=LedgerEntry.objects.filter(budget=budget_a).first(),
    )
