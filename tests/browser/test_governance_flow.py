"""One alliance from its founding to its first decision, in a real browser, and axe-core (WCAG 2.1
AA) on every form the steering group and the coordination office fill in on the way.

The flow: the coordination office signs in, creates a Saxony alliance (keyboard only), adds
members until the composition is complete and gives two persons a seat in the steering group;
then it creates a meeting and an agenda item through the forms of that alliance. The two
steering-group members vote and the coordination office closes the vote, all keyboard only.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from test_smoke import assert_accessible

from fachkraefte.web.accounts.models import Invitation
from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.accounts.selectors import token_hash
from fachkraefte.web.alliances import commitment_services
from fachkraefte.web.alliances import services as alliance_services
from fachkraefte.web.alliances.models import Alliance, AllianceRole
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.decisions import services as decision_services
from fachkraefte.web.decisions.models import AgendaItem, Meeting, Vote
from fachkraefte.web.organisations.models import Organisation, PartnerCategory
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Ablauf-2025!"
GOERLITZ = "14626"
# One member per required seat of Saxony's rule set (two towns over 10,000 in the district).
MEMBERS = [
    ("Testkreis Görlitz", "district", None),
    ("Teststadt Neißeufer", "town", 54_000),
    ("Teststadt Lindenbrunn", "town", 24_000),
    ("Test-Handwerkskammer", "chamber", None),
    ("Test-Gewerkschaft", "union", None),
    ("Test-Jobcenter", "employment_agency", None),
    ("Test-Schulamt", "school", None),
    ("Test-Wirtschaftsförderung", "economic_development", None),
]
SLUG = "fachkraefteallianz-neisse-test"
HTMX_IDLE = (
    "() => window.htmx !== undefined && !document.querySelector("
    "'.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')"
)


@pytest.fixture()
def people(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sync_regions()
    ensure_shipped_programmes()
    users = get_user_model().objects
    kora = users.create_user("kora", email="kora@example.org", password=PASSWORD)
    kora.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    users.create_user("anna", password=PASSWORD, first_name="Anna", last_name="Ährenfeld")
    users.create_user("bernd", password=PASSWORD, first_name="Bernd", last_name="Öztürk")
    district = Region.objects.get(ags=GOERLITZ)
    for name, category, inhabitants in MEMBERS:
        Organisation.objects.create(
            name=name, category=category, inhabitants=inhabitants, region=district
        )
    return kora


def _focused(page) -> dict:
    return page.evaluate(
        "({id: document.activeElement.id, tag: document.activeElement.tagName,"
        " text: (document.activeElement.textContent || '').trim()})"
    )


def _tab_until(page, matches, what: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if matches(_focused(page)):
            return
    raise AssertionError(f"{what} not reachable with Tab")


def _tab_to_id(page, element_id: str) -> None:
    _tab_until(page, lambda f: f["id"] == element_id, f"#{element_id}")


def _tab_to_text(page, text: str) -> None:
    _tab_until(page, lambda f: f["text"] == text, repr(text))


def _keyboard_login(page, base: str, username: str) -> None:
    page.goto(base + "/konto/anmelden/")
    assert _focused(page)["id"] == "id_username"  # autofocus
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/mein-bereich/")  # the personal start


def _new_page(browser):
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    return context, opened


def _keyboard_vote(page, base: str, item: AgendaItem, choice_id: str, note: str) -> None:
    page.goto(f"{base}/beschluesse/{SLUG}/tops/{item.pk}/")
    # Tab enters the radio group once; the arrow keys move within it, Space selects
    _tab_until(page, lambda f: f["id"].startswith("id_choice_"), "the vote's radio group")
    for _ in range(5):
        if _focused(page)["id"] == choice_id:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.is_checked(f"#{choice_id}")
    _tab_to_id(page, "id_note")
    page.keyboard.type(note)
    _tab_to_text(page, "Votum abgeben")
    page.keyboard.press("Enter")
    page.locator("#vote-message").get_by_text("wurde gespeichert").wait_for()


def test_found_an_alliance_and_decide_by_keyboard(page, browser, live_server, people):
    base = live_server.url
    _keyboard_login(page, base, "kora")

    # --- create the alliance, keyboard only ---------------------------------------------------
    page.goto(base + "/allianzen/neu/")
    assert_accessible(page)
    _tab_to_id(page, "id_name")
    page.keyboard.type("Fachkräfteallianz Neiße (Test)")
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_programme"
    page.keyboard.type("Sachsen")  # a focused <select> selects by typing
    programme = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    assert page.input_value("#id_programme") == str(programme.pk)
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_district_list"
    page.keyboard.type("Landkreis Görlitz")
    _tab_to_text(page, "Allianz anlegen")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/allianzen/{SLUG}/")
    alliance = Alliance.objects.get(slug=SLUG)
    assert alliance.programme == programme
    assert [d.ags for d in alliance.districts.all()] == [GOERLITZ]
    status = page.locator("#composition-status")
    assert "8 Pflichtsitze fehlen" in status.inner_text()

    # --- members until the composition is complete (select, then Enter on the button) ------
    select = page.get_by_label("Organisation", exact=True)
    for name, category, _inhabitants in MEMBERS:
        # the add form is swapped in by htmx after each member: wait until htmx has settled and
        # bound the new form, or Enter may reach a form that htmx does not handle yet
        page.wait_for_function(HTMX_IDLE)
        select.select_option(label=f"{name} ({PartnerCategory(category).label})")
        page.get_by_role("button", name="Mitglied hinzufügen").press("Enter")
        page.get_by_text(f"{name} ist jetzt Mitglied.").wait_for()
    assert "Zusammensetzung vollständig" in status.inner_text()
    assert alliance.memberships.count() == len(MEMBERS)
    assert_accessible(page)

    # --- two persons join the steering group (roles form) ---------------------------------
    page.goto(f"{base}/allianzen/{SLUG}/rollen/")
    assert_accessible(page)
    for username in ("anna", "bernd"):
        page.get_by_label("Benutzername").fill(username)
        page.locator("#id_kind").select_option(value="steering")
        page.get_by_role("button", name="Rolle vergeben").press("Enter")
        page.wait_for_load_state()
    roles = AllianceRole.objects.filter(alliance=alliance, kind=AllianceRole.Kind.STEERING)
    assert sorted(r.user.username for r in roles) == ["anna", "bernd"]

    # --- a meeting and an agenda item through the forms of this alliance -------------------
    page.goto(f"{base}/allianzen/{SLUG}/")
    page.get_by_role("link", name="Sitzungen und Beschlüsse").press("Enter")
    page.wait_for_url(f"**/beschluesse/{SLUG}/")
    page.get_by_role("link", name="Sitzung anlegen").press("Enter")
    page.wait_for_url(f"**/beschluesse/{SLUG}/sitzungen/neu/")
    assert_accessible(page)
    page.get_by_role("button", name="Speichern").press("Enter")  # empty: errors at the fields
    page.wait_for_load_state()
    assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    page.get_by_label("Titel").fill("Gründungssitzung")
    page.get_by_label("Datum").fill("2025-06-02")
    page.get_by_label("Ort").fill("Görlitz, Landratsamt")
    page.get_by_role("button", name="Speichern").press("Enter")
    page.wait_for_url(re.compile(rf".*/beschluesse/{SLUG}/sitzungen/\d+/$"))
    meeting = Meeting.objects.get(alliance=alliance)
    assert (meeting.title, meeting.date) == ("Gründungssitzung", dt.date(2025, 6, 2))
    assert_accessible(page)

    page.get_by_role("link", name="Tagesordnungspunkt anlegen").press("Enter")
    page.wait_for_url(f"**/sitzungen/{meeting.pk}/tops/neu/")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Handlungskonzept beschließen")
    page.get_by_label("Beschlussvorlage").fill("Die Steuerungsgruppe beschließt das Konzept.")
    page.get_by_role("button", name="Speichern").press("Enter")
    page.wait_for_url(re.compile(r".*/(tops|sitzungen)/\d+/$"))
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.title == "Handlungskonzept beschließen"

    # --- the steering group votes, keyboard only ---------------------------------------------
    for username, choice in (("anna", "consent"), ("bernd", "abstention")):
        context, voter = _new_page(browser)
        try:
            _keyboard_login(voter, base, username)
            _keyboard_vote(voter, base, item, f"id_choice_{choice}", f"Votum von {username}")
            if username == "anna":
                assert_accessible(voter)
        finally:
            context.close()
    votes = dict(Vote.objects.filter(agenda_item=item).values_list("user__username", "choice"))
    assert votes == {"anna": "consent", "bernd": "abstention"}

    # --- the coordination office closes the vote, keyboard only -----------------------------
    page.goto(f"{base}/beschluesse/{SLUG}/tops/{item.pk}/")
    _tab_to_text(page, "Abstimmung abschließen")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/tops/{item.pk}/abschliessen/")
    assert_accessible(page)
    _tab_to_text(page, "Ergebnis feststellen und abschließen")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/tops/{item.pk}/")
    assert "ist entschieden: angenommen." in page.locator("main").inner_text()
    assert_accessible(page)
    item.refresh_from_db()
    assert (item.status, item.outcome) == ("decided", "adopted")


@pytest.fixture()
def governed(people):
    """An alliance with one record of every kind, made through the services."""
    kora = people
    alliance = alliance_services.alliance_create(
        actor=kora,
        name="Allianz für Formulare",
        slug="formulare",
        programme=Programme.objects.get(slug="sachsen-fachkraefteallianzen"),
        districts=[Region.objects.get(ags=GOERLITZ)],
    )
    organisation = Organisation.objects.get(name="Test-Handwerkskammer")
    membership = alliance_services.membership_create(
        actor=kora, alliance=alliance, organisation=organisation
    )
    field = alliance_services.action_field_create(actor=kora, alliance=alliance, title="Ausbildung")
    group = alliance_services.project_group_create(
        actor=kora, alliance=alliance, name="Projektgruppe Pflege", action_field=field
    )
    alliance_services.strategy_version_create(
        actor=kora, alliance=alliance, title="Handlungskonzept", text="Erste Fassung\n"
    )
    commitment = commitment_services.commitment_create(
        actor=kora, alliance=alliance, membership=membership, title="Zehn Ausbildungsplätze"
    )
    meeting = decision_services.meeting_create(
        actor=kora, alliance=alliance, title="Sitzung", date=dt.date(2025, 6, 2)
    )
    item = decision_services.agenda_item_create(actor=kora, meeting=meeting, title="Punkt")
    return {
        "kora": kora,
        "alliance": alliance,
        "field": field,
        "group": group,
        "commitment": commitment,
        "meeting": meeting,
        "item": item,
    }


def test_every_form_is_accessible_also_with_errors(page, browser, live_server, governed):
    base = live_server.url
    slug = governed["alliance"].slug
    _keyboard_login(page, base, "kora")
    forms = [
        f"/beschluesse/{slug}/sitzungen/{governed['meeting'].pk}/bearbeiten/",
        f"/beschluesse/{slug}/tops/{governed['item'].pk}/bearbeiten/",
        f"/allianzen/{slug}/strategie/neu/",
        f"/allianzen/{slug}/verpflichtungen/neu/",
        f"/allianzen/{slug}/verpflichtungen/{governed['commitment'].pk}/bearbeiten/",
        f"/allianzen/{slug}/bearbeiten/",
        f"/allianzen/{slug}/handlungsfelder/",
        f"/allianzen/{slug}/handlungsfeld/{governed['field'].pk}/bearbeiten/",
        f"/allianzen/{slug}/projektgruppen/{governed['group'].pk}/fachleute/neu/",
        "/konto/profil/passwort/",
    ]
    for path in forms:
        response = page.goto(base + path)
        assert response.status == 200, path
        assert page.get_by_role("heading", level=1).is_visible(), path
        assert_accessible(page)
        # the same form sent back with its required fields emptied: errors, still accessible
        form = page.locator("main form[method=post]").last
        for field in form.locator("input[required], textarea[required]").all():
            field.fill("")
        form.locator("button[type=submit]").last.press("Enter")
        page.wait_for_load_state()
        assert_accessible(page)

    # password reset: the page the e-mailed link opens
    user = governed["kora"]
    user.refresh_from_db()  # the token depends on last_login, which the sign-in changed
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)},
    )
    context, anonymous = _new_page(browser)
    try:
        anonymous.goto(base + link)
        assert anonymous.locator("input[type=password]").count() == 2, anonymous.url
        assert_accessible(anonymous)
        anonymous.locator("input[type=password]").first.fill("kurz")
        anonymous.locator("main button[type=submit]").press("Enter")
        anonymous.wait_for_load_state()
        assert anonymous.get_by_role("alert").first.is_visible()
        assert_accessible(anonymous)

        # invitation: sign up (anonymous), then the accept page (signed in)
        Invitation.objects.create(
            email="neu@example.org",
            token_hash=token_hash("einladung-formulare"),
            expires_at=timezone.now() + dt.timedelta(days=7),
            invited_by=user,
            alliance=governed["alliance"],
            alliance_role=AllianceRole.Kind.MEMBER,
        )
        anonymous.goto(base + "/konto/einladung/einladung-formulare/")
        assert anonymous.get_by_label("Benutzername").is_visible()
        assert_accessible(anonymous)
        anonymous.locator("main button[type=submit]").press("Enter")  # empty: errors
        anonymous.wait_for_load_state()
        assert_accessible(anonymous)
    finally:
        context.close()
    page.goto(base + "/konto/einladung/einladung-formulare/")
    assert_accessible(page)

    # English: the language switch, then forms and the alliance page
    page.goto(base + f"/allianzen/{slug}/")
    page.get_by_role("button", name="English").press("Enter")
    page.wait_for_load_state()
    for path in (
        f"/allianzen/{slug}/",
        f"/beschluesse/{slug}/sitzungen/neu/",
        f"/beschluesse/{slug}/tops/{governed['item'].pk}/",
    ):
        page.goto(base + path)
        assert page.locator("html").get_attribute("lang") == "en", path
        assert_accessible(page)
