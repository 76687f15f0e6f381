"""Workshop outcomes in a real browser: during a running Zukunftswerkstatt the office records
outcomes in the moderator view (htmx: the page is not reloaded), a participant gives her dots
on the board, and after the workshop the office turns the measure into a draft call.
axe-core (WCAG 2.1 AA) on the moderator view, the board, the outcome page and the call."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from test_smoke import assert_accessible
from test_workshops_browser import PASSWORD, _as, _sign_in

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances import services as alliance_services
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.workshop_outcomes.models import Outcome, OutcomeVote
from fachkraefte.web.workshops.models import Registration, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture()
def running():
    sync_regions()
    ensure_shipped_programmes()
    users = get_user_model().objects
    office = users.create_user("koordination", password=PASSWORD)
    office.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    anna = users.create_user("anna", password=PASSWORD, first_name="Anna")
    fulda = Region.objects.get(ags="06631")
    alliance = alliance_services.alliance_create(
        actor=office,
        name="Fachkräfteallianz Kreis Fulda (Test)",
        slug="allianz-fulda",
        programme=Programme.objects.get(slug="hessen-zukunftsgerecht-regional"),
        districts=[fulda],
    )
    alliance_services.action_field_create(actor=office, alliance=alliance, title="Ausbildung")
    start = timezone.now() - dt.timedelta(hours=1)
    workshop = Workshop.objects.create(
        slug="zw-fulda-heute",
        alliance=alliance,
        title="Zukunftswerkstatt Kreis Fulda",
        status=Workshop.Status.CLOSED,  # registration closed: the day has come
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
        venue="Kreishaus Fulda",
        capacity=30,
    )
    workshop.districts.set([fulda])
    Registration.objects.create(
        workshop=workshop, user=anna, status=Registration.Status.REGISTERED, created_at=start
    )
    return workshop


def test_record_outcomes_vote_and_turn_a_measure_into_a_call(page, browser, live_server, running):
    base = live_server.url
    _sign_in(page, base, "koordination")
    moderation = f"{base}/werkstaetten/{running.slug}/ergebnisse/moderation/"
    page.goto(moderation)
    assert page.get_by_role("heading", name="(a) Gemeinsames Bild").is_visible()
    assert_accessible(page)
    page.evaluate("window.notReloaded = true")

    bild = page.locator("#phase-bild")
    bild.get_by_label("Ergebnis").fill("Pflege fehlt schon heute")
    bild.get_by_role("button", name="Festhalten").click()
    page.locator("#phase-bild").get_by_role("link", name="Pflege fehlt schon heute").wait_for()
    measures = page.locator("#phase-massnahmen")
    measures.get_by_label("Kategorie").select_option(label="Neue Maßnahme")
    measures.get_by_label("Ergebnis").fill("Ausbildungsverbund Pflege")
    measures.get_by_role("button", name="Festhalten").click()
    page.locator("#phase-massnahmen").get_by_role(
        "link", name="Ausbildungsverbund Pflege"
    ).wait_for()
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the phases only
    assert_accessible(page)
    assert list(Outcome.objects.order_by("position").values_list("phase", "category")) == [
        ("bild", "anmerkung"),
        ("massnahmen", "neue_massnahme"),
    ]

    anna_context, anna = _as(browser, base, "anna")
    anna.goto(f"{base}/werkstaetten/{running.slug}/ergebnisse/")
    item = anna.locator(f"#ergebnis-{Outcome.objects.get(category='neue_massnahme').pk}")
    item.get_by_label("Meine Punkte").fill("3")
    item.get_by_role("button", name="Punkte setzen").click()
    anna.locator("#punkte-frei").get_by_text("noch 2 von 5 frei").wait_for()
    assert anna.locator(".outcomes-item__points", has_text="3 Punkte").is_visible()
    assert_accessible(anna)
    assert OutcomeVote.objects.get().dots == 3
    anna_context.close()

    page.goto(f"{base}/werkstaetten/{running.slug}/")
    page.get_by_role("button", name="Als durchgeführt markieren").click()
    page.wait_for_url(f"{base}/werkstaetten/{running.slug}/")
    page.goto(f"{base}/werkstaetten/{running.slug}/ergebnisse/")
    page.get_by_role("link", name="Ausbildungsverbund Pflege").click()
    page.wait_for_url("**/ergebnisse/*/")
    assert_accessible(page)
    page.get_by_role("button", name="Förderaufruf aus dieser Maßnahme entwerfen").click()
    page.wait_for_url("**/aufrufe/**")
    call = Call.objects.get()
    assert call.status == "draft" and call.title == "Ausbildungsverbund Pflege"
    assert call.alliance == running.alliance
    assert page.get_by_role("heading", name="Ausbildungsverbund Pflege").first.is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=running.title).click()
    page.wait_for_url("**/ergebnisse/*/")
    assert page.get_by_role("link", name="Ausbildungsverbund Pflege").is_visible()
