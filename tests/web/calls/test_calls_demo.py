"""ensure_demo_calls(): the Görlitz one-stage and the Ems-Achse two-stage call, open, once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fachkraefte.web.alliances.demo import ensure_demo_governance
from fachkraefte.web.audit.services import audit_entries_for
from fachkraefte.web.calls.demo import ensure_demo_calls
from fachkraefte.web.calls.models import Call, CostType
from fachkraefte.web.demo_logins import ensure_demo_users
from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.proposals.rules import call_takes_proposals

pytestmark = pytest.mark.django_db


def test_demo_calls_are_published_open_and_created_once(client, tmp_path, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    ensure_demo_users()
    ensure_demo_governance()
    for slug, rate in (
        ("sachsen-fachkraefteallianzen", "0.9"),
        ("niedersachsen-fachkraeftebuendnisse", "0.7"),
    ):
        FundingTerms.objects.update_or_create(
            programme=Programme.objects.get(slug=slug), defaults={"max_grant_rate": Decimal(rate)}
        )
    assert ensure_demo_calls() == ["goerlitz-2025", "ems-achse-qualifizierung-2025"]
    assert ensure_demo_calls() == []
    goerlitz = Call.objects.get(slug="goerlitz-2025")
    ems = Call.objects.get(slug="ems-achse-qualifizierung-2025")
    for call in (goerlitz, ems):
        assert call.status == Call.Status.PUBLISHED and call_takes_proposals(call)
        assert call.criteria.count() >= 4
        assert "synthetisch" in call.summary
        assert audit_entries_for(call).exists()
    assert goerlitz.rolling and goerlitz.budget_year == 2025
    excluded = {CostType.INVESTMENT, CostType.FLAT_RATE, CostType.TRAVEL_NON_EU}
    assert not excluded & set(goerlitz.eligible_cost_types)
    assert ems.interest_max_chars == 6000
    assert ems.target_groups == ["unemployed", "employees"]
    assert ems.max_grant_rate == Decimal("0.7")
    page = client.get("/aufrufe/").content.decode()
    assert goerlitz.title in page and ems.title in page
    detail = client.get("/aufrufe/ems-achse-qualifizierung-2025/").content.decode()
    assert "höchstens 6.000 Zeichen" in detail
