"""ensure_demo_outcomes(): the 2023 demo workshops get labelled synthetic outcomes by phase, with
a follow-up (some done, some in progress), closed entry, and one measure turned into a call."""

from __future__ import annotations

import pytest

from fachkraefte.web.alliances.demo import HESSEN_WORKSHOPS_2023, ensure_demo_governance
from fachkraefte.web.demo_logins import ensure_demo_users
from fachkraefte.web.workshop_outcomes.demo import OUTCOMES, ensure_demo_outcomes
from fachkraefte.web.workshop_outcomes.models import Outcome, OutcomeProtocol
from fachkraefte.web.workshops.demo import ensure_demo_workshops

pytestmark = pytest.mark.django_db


def test_demo_outcomes_are_labelled_followed_up_and_made_once(tmp_path, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    ensure_demo_users()
    ensure_demo_governance()
    ensure_demo_workshops()
    made = ensure_demo_outcomes()
    assert made == len(HESSEN_WORKSHOPS_2023) * len(OUTCOMES)
    assert ensure_demo_outcomes() == 0
    outcomes = Outcome.objects.all()
    assert all(o.text.startswith("Demo:") for o in outcomes)
    assert {o.workshop.starts_at.year for o in outcomes} == {2023}
    assert {"done", "in_progress", "open"} <= set(outcomes.values_list("status", flat=True))
    assert not OutcomeProtocol.objects.filter(closed_at__isnull=True).exists()
    (with_call,) = outcomes.exclude(call=None)
    assert with_call.call.status == "draft" and with_call.call.occupations == ["813", "821"]
    assert with_call.call.alliance == with_call.workshop.alliance
    done = outcomes.filter(status="done").first()
    assert [e.to_status for e in done.events.all()] == ["in_progress", "done"]
