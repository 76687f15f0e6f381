"""The whole funding path in a real browser, every step through the pages, axe-core (WCAG 2.1 AA)
on every page visited: the office publishes a call; an applicant fills the multi-step form over
two visits (signing out in between) and submits; the office starts the review and assigns two
reviewers; one declares no conflict and scores, the other declares a conflict and sees nothing;
the steering group puts the proposal on an agenda item with the motion "approve", votes and
closes it; the budget shows the commitment; the applicant sees the outcome.

Only the world around the path is set up by services: people, the alliance with its steering
group, the budget with its allocation, and an open agenda item of the steering group's meeting.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_smoke import assert_accessible  # tests/browser is on sys.path (rootdir-relative)

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances import services as alliance_services
from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.decisions import services as decision_services
from fachkraefte.web.decisions.models import AgendaItem
from fachkraefte.web.funding import services as funding_services
from fachkraefte.web.funding.ledger import balances
from fachkraefte.web.funding.shipped import ensure_shipped_funding
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reviews.models import Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Foerderweg-2025!"
ALLIANCE = "allianz-goerlitz-weg"
CALL = "pflege-weg"
TITLE = "Pflegehilfe kompakt"
SUMMARY = "Arbeitslose werden Pflegehilfskräfte."
ALLOCATED = Decimal("200000.00")
GRANT = "8500.50"  # less than asked (9,000 EUR), with cents: the commitment must be exact


@pytest.fixture()
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not Region.objects.filter(ags="14626").exists():
        sync_regions()
    ensure_shipped_programmes()
    ensure_shipped_funding()
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    users = get_user_model().objects
    office = users.create_user("kora", password=PASSWORD, first_name="Kora")
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    users.create_user("tamara", password=PASSWORD, first_name="Tamara")
    users.create_user("rita", password=PASSWORD, first_name="Rita", last_name="Rübsam")
    users.create_user("conny", password=PASSWORD, first_name="Conny", last_name="Claus")
    alliance = alliance_services.alliance_create(
        actor=office,
        name="Fachkräfteallianz Görlitz (Weg)",
        slug=ALLIANCE,
        programme=saxony,
        districts=[Region.objects.get(ags="14626")],
    )
    steering = []
    for username, first, last in (("anna", "Anna", "Ährenfeld"), ("bernd", "Bernd", "Öztürk")):
        member = users.create_user(username, password=PASSWORD, first_name=first, last_name=last)
        AllianceRole.objects.create(alliance=alliance, user=member, kind=AllianceRole.Kind.STEERING)
        steering.append(member)
    year = dt.date.today().year
    pool = funding_services.budget_create(programme=saxony, year=year, actor=office)
    funding_services.budget_allocate(budget=pool, amount="1000000.00", actor=office)
    budget = funding_services.budget_create(
        programme=saxony, year=year, alliance=alliance, actor=office
    )
    funding_services.budget_allocate(budget=budget, amount=str(ALLOCATED), actor=office)
    meeting = decision_services.meeting_create(
        actor=steering[0], alliance=alliance, title="Sitzung Förderanträge", date=dt.date.today()
    )
    item = decision_services.agenda_item_create(
        actor=steering[0], meeting=meeting, title="Priorisierung der Projektskizzen"
    )
    return budget, item


def _sign_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Abmelden")).click()


def _enter(page, sign_in, username: str) -> None:
    """Sign in through the form; axe on the personal start, which differs by role."""
    sign_in(username, PASSWORD)
    assert_accessible(page)


def _visit(page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def _next(page) -> None:
    page.get_by_role("button", name="Speichern und weiter").click()


def _office_publishes_the_call(page, base: str, sign_in) -> None:
    _enter(page, sign_in, "kora")
    _visit(page, f"{base}/aufrufe/neu/{ALLIANCE}/")
    today = dt.date.today()
    page.get_by_label("Titel", exact=True).fill("Förderaufruf Pflege")
    page.get_by_label("Kurzname in der Adresse").fill(CALL)
    page.get_by_label("Kurzbeschreibung").fill("Projektskizzen für Pflegeberufe im Landkreis.")
    page.get_by_label("Einreichung ab").fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Einreichung bis").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_label("Haushaltsjahr").fill(str(today.year))
    page.get_by_label("Zielgruppen").select_option(["unemployed"])
    page.get_by_label("Höchste Förderquote (%)").fill("90")
    page.get_by_label("Förderfähige Ausgabearten").select_option(["personnel", "material"])
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_url(f"**/aufrufe/{CALL}/")
    assert page.get_by_text("Entwurf – noch nicht öffentlich").is_visible()
    assert_accessible(page)
    _visit(page, f"{base}/aufrufe/{CALL}/kriterien/")
    page.get_by_label("Kriterium", exact=True).fill("Regionaler Bedarf")
    page.get_by_role("button", name="Hinzufügen").click()
    page.get_by_text("Das Kriterium ist hinzugefügt.").wait_for()
    assert_accessible(page)
    _visit(page, f"{base}/aufrufe/{CALL}/")
    page.get_by_role("button", name="Aufruf veröffentlichen").click()
    page.wait_for_url(f"**/aufrufe/{CALL}/")
    assert page.get_by_text("Entwurf – noch nicht öffentlich").count() == 0
    assert_accessible(page)
    _sign_out(page)
    _visit(page, f"{base}/aufrufe/")  # the public finds it
    assert page.get_by_role("link", name="Förderaufruf Pflege").is_visible()


def _applicant_fills_over_two_visits(page, base: str, sign_in) -> Proposal:
    _enter(page, sign_in, "tamara")
    page.get_by_role("link", name="Antrag beginnen – Förderaufruf Pflege").click()
    page.wait_for_url(f"**/antraege/neu/{CALL}/")
    assert_accessible(page)
    page.get_by_label("Träger", exact=True).fill("Pflegeschule Zittau")
    page.get_by_label("Art des Trägers").select_option("other")
    page.get_by_label("Projekttitel").fill(TITLE)
    page.get_by_label("Kurzbeschreibung").fill(SUMMARY)
    page.get_by_label("Beginn").fill(f"{dt.date.today().year + 1}-01-01")
    page.get_by_label("Ende").fill(f"{dt.date.today().year + 1}-12-31")
    _next(page)
    page.wait_for_url("**/schritt/2/")
    assert_accessible(page)
    proposal = Proposal.objects.get(title=TITLE)
    page.get_by_label("Arbeitslose").check()
    page.get_by_label("Ergebnis 1: was (z. B. Pflegefachkräfte qualifiziert)").fill(
        "Pflegehilfskräfte"
    )
    page.get_by_label("Ergebnis 1: Anzahl").fill("15")
    _next(page)
    page.wait_for_url("**/schritt/3/")
    page.get_by_label("Berufsbezeichnung oder KldB-Schlüssel").fill("Pflege")
    page.get_by_role("search", name="Beruf nach Berufsbezeichnung suchen").get_by_role(
        "button", name="Suchen"
    ).click()
    page.locator("#occupation-results input[type=checkbox]").first.check()
    page.get_by_label("Kreise").select_option("14626")
    assert_accessible(page)
    page.get_by_role("button", name="Als Entwurf speichern und später weitermachen").click()
    page.wait_for_url(f"**/antraege/{proposal.pk}/")
    assert_accessible(page)
    _sign_out(page)

    # the second visit resumes where the draft was saved
    _enter(page, sign_in, "tamara")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/antraege/{proposal.pk}/")
    page.get_by_role("link", name="Weiter bearbeiten (Schritt 4 von 6)").click()
    page.wait_for_url("**/schritt/4/")
    assert_accessible(page)
    page.get_by_label("Personalausgaben: Betrag (EUR)").fill("9000")
    page.get_by_label("Sachausgaben: Betrag (EUR)").fill("1000")
    page.get_by_label("Eigenanteil (EUR)").fill("1000")
    page.get_by_label("Drittmittel (EUR)").fill("0")
    _next(page)
    page.wait_for_url("**/schritt/5/")
    assert_accessible(page)
    page.get_by_label("Nein: keine weitere öffentliche Förderung beantragt oder erhalten").check()
    page.get_by_label("Ich versichere").check()
    _next(page)
    page.wait_for_url("**/schritt/6/")
    assert_accessible(page)
    page.get_by_role("button", name="Antrag einreichen").click()
    page.wait_for_url(f"**/antraege/{proposal.pk}/")
    assert page.get_by_text("Der Antrag wurde eingereicht.").is_visible()
    assert_accessible(page)
    _sign_out(page)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    return proposal


def _office_starts_the_review(page, base: str, sign_in, proposal: Proposal) -> None:
    _enter(page, sign_in, "kora")
    _visit(page, f"{base}/antraege/eingang/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/antraege/{proposal.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Begutachtung beginnen").click()
    page.wait_for_url(f"**/antraege/{proposal.pk}/")
    assert_accessible(page)
    _visit(page, f"{base}/begutachtung/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/begutachtung/antrag/{proposal.pk}/")
    for username, name in (("rita", "Rita Rübsam"), ("conny", "Conny Claus")):
        page.get_by_label("Benutzername der Gutachterin oder des Gutachters").fill(username)
        page.get_by_role("button", name="Gutachter/in zuweisen").click()
        page.get_by_role("link", name=name).wait_for()  # listed among the reviewers
    assert_accessible(page)
    _sign_out(page)


def _reviewer_scores(page, base: str, sign_in, proposal: Proposal) -> None:
    _enter(page, sign_in, "rita")
    _visit(page, f"{base}/begutachtung/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/begutachtung/*/")
    # before the declaration: title and applicant only
    assert page.get_by_text("Pflegeschule Zittau").first.is_visible()
    assert page.get_by_text(SUMMARY).count() == 0
    assert page.get_by_label("Regionaler Bedarf").count() == 0
    assert_accessible(page)
    page.get_by_label("Ich bin nicht befangen (keine Befangenheit).").check()
    page.get_by_role("button", name="Erklärung abgeben").click()
    page.get_by_text(SUMMARY).wait_for()
    assert_accessible(page)
    page.get_by_label("Regionaler Bedarf").select_option("4")
    page.get_by_label("Empfehlung").select_option("approve")
    page.get_by_label("Kommentar").fill("Schlüssig, Bedarf belegt.")
    page.get_by_role("button", name="Gutachten abgeben").click()
    page.get_by_text("Ihr Gutachten ist abgegeben.").wait_for()
    assert_accessible(page)
    _sign_out(page)


def _conflicted_reviewer_sees_nothing(page, base: str, sign_in, proposal: Proposal) -> None:
    _enter(page, sign_in, "conny")
    _visit(page, f"{base}/begutachtung/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/begutachtung/*/")
    page.get_by_label("Ich bin befangen.").check()
    page.get_by_label("Grund der Befangenheit").fill("Ich unterrichte an der Pflegeschule.")
    page.get_by_role("button", name="Erklärung abgeben").click()
    page.get_by_text("Sie haben eine Befangenheit erklärt").wait_for()
    assert page.get_by_text(SUMMARY).count() == 0
    assert page.get_by_label("Regionaler Bedarf").count() == 0
    assert page.get_by_role("button", name="Gutachten abgeben").count() == 0
    assert_accessible(page)
    review = Review.objects.get(proposal=proposal, reviewer__username="conny")
    # neither the scores of others nor a way to score
    assert page.goto(f"{base}/begutachtung/antrag/{proposal.pk}/").status == 403
    assert_accessible(page)
    # a forged scoring POST with a valid CSRF token is refused by the rule, not by CSRF
    page.goto(f"{base}/begutachtung/")
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    criterion = proposal.call.criteria.get()
    response = page.request.post(
        f"{base}/begutachtung/{review.pk}/bewertung/",
        form={
            "csrfmiddlewaretoken": token,
            f"criterion_{criterion.pk}": "1",
            "recommendation": "reject",
            "abgeben": "1",
        },
        headers={"Referer": base + "/begutachtung/"},
    )
    assert response.status == 403
    assert "Bewerten können Sie nur ohne Befangenheit" in response.text()
    _sign_out(page)
    review.refresh_from_db()
    assert review.submitted_at is None


def _steering_group_decides(page, base: str, sign_in, proposal: Proposal, item) -> None:
    _enter(page, sign_in, "anna")
    _visit(page, f"{base}/begutachtung/antrag/{proposal.pk}/")
    scored = page.locator("tr", has_text="Regionaler Bedarf").inner_text()
    assert "4,00" in scored or "4.00" in scored  # rita's score; conny's conflict not counted
    page.get_by_role("link", name="Auf die Tagesordnung der Steuerungsgruppe setzen").click()
    page.wait_for_url(f"**/begutachtung/antrag/{proposal.pk}/tagesordnung/")
    assert_accessible(page)
    page.get_by_label("Tagesordnungspunkt").select_option(str(item.pk))
    page.get_by_label("Beschlussvorschlag").select_option("approve")
    page.get_by_label("Zuschuss (EUR)").fill(GRANT)
    page.get_by_label("Rang").fill("1")
    page.get_by_role("button", name="Auf die Tagesordnung setzen").click()
    page.wait_for_url(f"**/beschluesse/{ALLIANCE}/tops/{item.pk}/")
    assert page.get_by_role("link", name=TITLE).is_visible()  # the item names the proposal
    assert_accessible(page)
    for username in ("anna", "bernd"):
        if username == "bernd":
            _sign_out(page)
            _enter(page, sign_in, "bernd")
            _visit(page, f"{base}/beschluesse/{ALLIANCE}/tops/{item.pk}/")
        page.check("#id_choice_consent")
        page.get_by_role("button", name="Votum abgeben").click()
        page.locator("#vote-message").get_by_text(
            "Ihr Votum „Zustimmung“ wurde gespeichert."
        ).wait_for()
        assert_accessible(page)
    page.get_by_role("link", name="Abstimmung abschließen").click()
    page.wait_for_url(f"**/tops/{item.pk}/abschliessen/")
    assert_accessible(page)
    page.get_by_role("button", name="Ergebnis feststellen und abschließen").click()
    page.wait_for_url(f"**/tops/{item.pk}/")
    assert "ist entschieden: angenommen." in page.locator("main").inner_text()
    assert_accessible(page)
    _sign_out(page)
    assert AgendaItem.objects.get(pk=item.pk).outcome == AgendaItem.Outcome.ADOPTED


def _budget_shows_the_commitment(page, base: str, sign_in, budget) -> None:
    _enter(page, sign_in, "kora")
    _visit(page, f"{base}/foerderung/")
    page.get_by_role("link", name="Fachkräfteallianz Görlitz (Weg)").click()
    page.wait_for_url(f"**/foerderung/budget/{budget.pk}/")
    assert_accessible(page)
    facts = page.locator("dl").inner_text()
    assert re.search(r"gebunden\s*8\.500,50 EUR", facts)
    assert re.search(r"verfügbar\s*191\.499,50 EUR", facts)  # 200,000.00 - 8,500.50
    assert balances(budget).available == ALLOCATED - Decimal(GRANT)
    _sign_out(page)


def _applicant_sees_the_outcome(page, base: str, sign_in, proposal: Proposal) -> None:
    _enter(page, sign_in, "tamara")
    _visit(page, f"{base}/antraege/")
    assert page.get_by_role("cell", name="befürwortet").first.is_visible()
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/antraege/{proposal.pk}/")
    assert page.get_by_text("befürwortet").first.is_visible()
    assert_accessible(page)
    _visit(page, f"{base}/mein-bereich/benachrichtigungen/")
    assert page.get_by_text(f"Ihr Antrag wurde befürwortet: {TITLE}").first.is_visible()


def test_funding_path_from_call_to_outcome(page, live_server, sign_in, world):
    budget, item = world
    base = live_server.url
    _visit(page, f"{base}/konto/anmelden/")
    _office_publishes_the_call(page, base, sign_in)
    assert Call.objects.get(slug=CALL).status == Call.Status.PUBLISHED
    proposal = _applicant_fills_over_two_visits(page, base, sign_in)
    _office_starts_the_review(page, base, sign_in, proposal)
    _reviewer_scores(page, base, sign_in, proposal)
    _conflicted_reviewer_sees_nothing(page, base, sign_in, proposal)
    _steering_group_decides(page, base, sign_in, proposal, item)
    _budget_shows_the_commitment(page, base, sign_in, budget)
    _applicant_sees_the_outcome(page, base, sign_in, proposal)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED
    assert proposal.approved_amount == Decimal(GRANT)
