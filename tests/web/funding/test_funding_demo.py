"""The demo budgets: Saxony 2024 and 2025 with the international earmark, Ems-Achse planning."""

from __future__ import annotations

from decimal import Decimal

import pytest
from role_world import load_regions

from fachkraefte.web.alliances.demo import ensure_demo_governance
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.funding.demo import ensure_demo_budgets, population_share
from fachkraefte.web.funding.ledger import balances
from fachkraefte.web.funding.models import Budget, LedgerEntry

pytestmark = pytest.mark.django_db


def test_demo_budgets_are_booked_once_and_add_up(tmp_path, monkeypatch):
    load_regions()
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    ensure_demo_governance()
    assert ensure_demo_budgets() == 10
    saxony = Budget.objects.filter(programme__slug="sachsen-fachkraefteallianzen", year=2024)
    pools = saxony.filter(alliance__isnull=True)
    assert sum(balances(b).allocated for b in pools) == Decimal("10500000.00")
    goerlitz = saxony.get(alliance__slug="fachkraefteallianz-landkreis-goerlitz", earmark=None)
    share = population_share("14626")
    assert Decimal("0.05") < share < Decimal("0.07")  # about 254,000 of 4.08 M inhabitants
    assert balances(goerlitz).available == (Decimal("8000000.00") * share).quantize(
        Decimal("0.01"), rounding="ROUND_DOWN"
    )
    international = saxony.get(alliance__isnull=False, earmark__slug="international")
    assert balances(international).available > 0
    ems = Budget.objects.get(alliance__slug="fachkraeftebuendnis-ems-achse")
    assert (ems.year, ems.planning_until) == (2025, 2027)
    assert balances(ems).available == Decimal("900000.00")
    assert all("Demodaten (synthetisch)" in e.note for e in LedgerEntry.objects.all())
    entries, audit = LedgerEntry.objects.count(), AuditEntry.objects.count()
    assert ensure_demo_budgets() == 0
    assert (LedgerEntry.objects.count(), AuditEntry.objects.count()) == (entries, audit)
