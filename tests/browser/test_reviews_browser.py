"""The reviewer's path in a real browser: declare no conflict, then score and submit; a
conflicted reviewer sees nothing of the proposal; the office's summary. axe-core WCAG 2.1 AA."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from browser_steps import sign_in_as
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible  # tests/browser is on sys.path (rootdir-relative)

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import Call, ReviewCriterion
from fachkraefte.web.notifications.services import notify
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reviews.models import Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2025!"
CONTENT = "Zwanzig Pflegefachkräfte in Teilzeit qualifizieren"


@pytest.fixture()
def review_world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ensure_shipped_programmes()
    users = get_user_model().objects
    applicant = users.create_user("antrag", password=PASSWORD)
    rita = users.create_user("rita", password=PASSWORD, first_name="Rita", last_name="Rübsam")
    conny = users.create_user("conny", password=PASSWORD)
    kora = users.create_user("kora", password=PASSWORD)
    kora.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    alliance = Alliance.objects.create(slug="goerlitz", name="Fachkräfteallianz Görlitz")
    call = Call.objects.create(
        programme=Programme.objects.get(slug="sachsen-fachkraefteallianzen"),
        alliance=alliance,
        slug="goerlitz-2025",
        title="Aufruf Görlitz 2025",
        summary="Projekte",
        status=Call.Status.PUBLISHED,
        opens_on=dt.date(2025, 1, 1),
        budget_year=2025,
        max_grant_rate=Decimal("0.9"),
        eligible_cost_types=["personnel"],
    )
    for position, label in enumerate(("Regionaler Bedarf", "Wirkung"), start=1):
        ReviewCriterion.objects.create(call=call, position=position, label=label)
    proposal = Proposal.objects.create(
        call=call,
        applicant=applicant,
        organisation_name="Pflegeschule Zittau",
        organisation_category="education",
        stage=Proposal.Stage.SKETCH,
        status=Proposal.Status.IN_REVIEW,
        title="Pflege in Teilzeit",
        summary=CONTENT,
    )
    mine = Review.objects.create(proposal=proposal, reviewer=rita, assigned_by=kora)
    Review.objects.create(proposal=proposal, reviewer=conny, assigned_by=kora)
    return proposal, mine


def _login(page, base: str, username: str) -> None:
    sign_in_as(page, base, username, PASSWORD)


def test_reviewer_declares_then_scores(page, live_server, review_world):
    proposal, review = review_world
    base = live_server.url
    _login(page, base, "rita")
    page.goto(base + "/begutachtung/")
    assert_accessible(page)
    page.get_by_role("link", name="Pflege in Teilzeit").click()
    page.wait_for_url(f"**/begutachtung/{review.pk}/")
    # before the declaration: title and applicant only
    assert page.get_by_text("Pflegeschule Zittau").is_visible()
    assert page.get_by_text(CONTENT).count() == 0
    assert page.get_by_label("Regionaler Bedarf").count() == 0
    assert_accessible(page)
    page.get_by_label("Ich bin nicht befangen (keine Befangenheit).").check()
    page.get_by_role("button", name="Erklärung abgeben").click()
    page.wait_for_url(f"**/begutachtung/{review.pk}/")
    assert page.get_by_text(CONTENT).is_visible()
    assert_accessible(page)
    page.get_by_label("Regionaler Bedarf").select_option("4")
    page.get_by_label("Wirkung").select_option("n/a")
    page.get_by_label("Empfehlung").select_option("approve")
    page.get_by_label("Kommentar").fill("Schlüssig, Bedarf belegt.")
    page.get_by_role("button", name="Gutachten abgeben").click()
    page.wait_for_url(f"**/begutachtung/{review.pk}/")
    assert page.get_by_text("Ihr Gutachten ist abgegeben.").is_visible()
    page.get_by_role("link", name="Zur Übersicht aller Bewertungen").click()
    page.wait_for_url(f"**/begutachtung/antrag/{proposal.pk}/")
    row = page.locator("tr", has_text="Regionaler Bedarf")
    assert "4.00" in row.inner_text() or "4,00" in row.inner_text()
    assert_accessible(page)


def test_conflicted_reviewer_sees_nothing(page, live_server, review_world):
    proposal, _review = review_world
    base = live_server.url
    _login(page, base, "conny")
    page.goto(base + "/begutachtung/")
    page.get_by_role("link", name="Pflege in Teilzeit").click()
    page.get_by_label("Ich bin befangen.").check()
    page.get_by_label("Grund der Befangenheit").fill("Ich unterrichte an der Pflegeschule.")
    page.get_by_role("button", name="Erklärung abgeben").click()
    assert page.get_by_text("Sie haben eine Befangenheit erklärt").is_visible()
    assert page.get_by_text(CONTENT).count() == 0
    assert page.get_by_role("button", name="Gutachten abgeben").count() == 0
    assert_accessible(page)
    response = page.goto(f"{base}/begutachtung/antrag/{proposal.pk}/")
    assert response.status == 403


def test_office_summary_and_notifications(page, live_server, review_world):
    proposal, _review = review_world
    base = live_server.url
    _login(page, base, "kora")
    page.goto(f"{base}/begutachtung/antrag/{proposal.pk}/")
    page.get_by_label("Benutzername der Gutachterin oder des Gutachters").fill("antrag")
    page.get_by_role("button", name="Gutachter/in zuweisen").click()
    assert page.get_by_text("Wer den Antrag stellt, kann ihn nicht begutachten.").is_visible()
    assert_accessible(page)
    kora = get_user_model().objects.get(username="kora")
    notify(
        user=kora,
        subject="Neue Begutachtung: Test",
        body="Bitte begutachten.",
        link="/begutachtung/",
    )
    page.goto(base + "/mein-bereich/benachrichtigungen/")
    assert page.get_by_text("1 ungelesene Benachrichtigung.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Als gelesen markieren").click()
    page.wait_for_url(base + "/mein-bereich/benachrichtigungen/")
    assert page.get_by_text("0 ungelesene Benachrichtigungen.").is_visible()
