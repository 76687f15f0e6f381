"""ensure_demo_proposals(): the demo applicants' logins and proposals in every state the
proposal side makes, through the services; idempotent; nothing without the demo calls."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from proposal_world import ensure_call, ensure_terms

from fachkraefte.web.alliances.demo import ensure_demo_governance
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.demo_logins import ensure_demo_users
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.proposals.demo import EMS_CALL, GOERLITZ_CALL, ensure_demo_proposals
from fachkraefte.web.proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture()
def demo_world(tmp_path, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    sync_regions()
    ensure_demo_users()
    ensure_demo_governance()
    ensure_terms(Programme.objects.get(slug="niedersachsen-fachkraeftebuendnisse"), two_stage=True)


def test_without_the_demo_calls_only_the_logins_come(demo_world):
    logins = ensure_demo_proposals()
    assert set(logins) == {"traeger1", "traeger2"}
    assert get_user_model().objects.get(username="traeger1").groups.filter(name="Antragsteller")
    assert not Proposal.objects.exists()


def test_demo_proposals_in_every_state_once(demo_world):
    goerlitz = Alliance.objects.get(slug="fachkraefteallianz-landkreis-goerlitz")
    ems = Alliance.objects.get(slug="fachkraeftebuendnis-ems-achse")
    ensure_call(goerlitz, slug=GOERLITZ_CALL)
    ensure_call(ems, slug=EMS_CALL, two_stage=True, interest_max_chars=3000)
    ensure_demo_proposals()
    states = Counter(Proposal.objects.values_list("status", flat=True))
    assert states == {"submitted": 4, "in_review": 2, "revision": 1, "draft": 2}, states
    assert all(p.title.startswith("Demo:") for p in Proposal.objects.all())
    assert all("Demodaten" in p.summary for p in Proposal.objects.all())
    ems_stages = set(Proposal.objects.filter(call__slug=EMS_CALL).values_list("stage", flat=True))
    assert ems_stages == {"interest"}
    submitted = Proposal.objects.exclude(status="draft")
    assert all(p.versions.count() == 1 for p in submitted)
    ensure_demo_proposals()
    assert Proposal.objects.count() == 9
