"""The overlap check in a real browser on the demo: the steering group of the Görlitz alliance
sees the two near-duplicate demo proposals flagged, each with its matching passage marked;
the applicant of a flagged proposal sees no flag and resubmits it unhindered. axe-core
(WCAG 2.1 AA) on every page."""

from __future__ import annotations

import pytest
from browser_steps import sign_in_as
from django.contrib.auth import get_user_model
from test_smoke import assert_accessible  # tests/browser is on sys.path (rootdir-relative)

from fachkraefte.web.alliances.demo import ensure_demo_governance
from fachkraefte.web.calls.demo import ensure_demo_calls
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.demo_logins import ensure_demo_users
from fachkraefte.web.funding.demo import ensure_demo_budgets
from fachkraefte.web.overlaps.demo import ensure_demo_overlaps
from fachkraefte.web.proposals import services
from fachkraefte.web.proposals.demo import ensure_demo_proposals
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.steps import steps_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIRST = "Demo: Deutsch im Pflegeberuf – Sprachkurse für Pflegekräfte"
SECOND = "Demo: Deutsch für den Pflegeberuf – Sprachkurse für Pflegekräfte"


@pytest.fixture()
def demo(page):
    # the demo as ``fachkraefte demo`` builds it (without the forecast runs)
    sync_regions()
    ensure_demo_users()
    logins = ensure_demo_governance()
    ensure_demo_budgets()
    ensure_demo_calls()
    logins.update(ensure_demo_proposals())
    # the office asks the second provider for a revision, so that its applicant can resubmit
    office = get_user_model().objects.get(username="koordination")
    second = Proposal.objects.get(title=SECOND)
    services.proposal_request_revision(
        actor=office, proposal=second, text="Bitte den Kursort ergänzen (Demodaten)."
    )
    ensure_demo_overlaps()
    return logins


def test_steering_group_sees_the_near_duplicates_and_the_applicant_is_not_blocked(
    page, live_server, demo
):
    base = live_server.url
    first, second = Proposal.objects.get(title=FIRST), Proposal.objects.get(title=SECOND)
    sign_in_as(page, base, "steuerung-sachsen", demo["steuerung-sachsen"])
    for own, other in ((first, second), (second, first)):
        page.goto(f"{base}/antraege/{own.pk}/")
        panel = page.locator("#overlap")
        assert panel.get_by_role(
            "heading", name="Überschneidungen mit anderen Anträgen"
        ).is_visible()
        flagged = panel.locator(f"li[data-candidate='proposal:{other.pk}']")
        assert flagged.get_by_text("mögliches Duplikat").is_visible()
        assert flagged.get_by_role("heading", name=other.title).is_visible()
        marked = flagged.locator("blockquote mark").all_inner_texts()
        assert "Deutschkurse" in marked and "Pflegekräfte" in marked
        assert flagged.get_by_text("gleicher Kreis").is_visible()
        assert_accessible(page)
    page.get_by_role("button", name="Abmelden (steuerung-sachsen)").click()

    # the applicant of the flagged second proposal: no flag, no other provider's proposal,
    # and resubmitting goes through
    sign_in_as(page, base, "traeger2", demo["traeger2"])
    last = len(steps_for(second))
    page.goto(f"{base}/antraege/{second.pk}/schritt/{last}/")
    assert page.get_by_text("mögliches Duplikat").count() == 0
    assert page.get_by_text(FIRST).count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Antrag einreichen").click()
    page.wait_for_url(f"**/antraege/{second.pk}/")
    second.refresh_from_db()
    assert second.status == Proposal.Status.SUBMITTED
    assert_accessible(page)
