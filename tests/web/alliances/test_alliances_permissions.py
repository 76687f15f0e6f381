"""Every page for every role: anonymous, applicant, a steering member of another alliance
("outsider"), member, steering-group member, coordination office, admin."""

from __future__ import annotations

import pytest
from django.test import Client

from fachkraefte.web.alliances import services
from fachkraefte.web.alliances.models import Commitment

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "applicant", "outsider", "member", "steering", "coordination", "admin"]
PUBLIC = dict.fromkeys(ROLES, 200)
INTERNAL = {"anonymous": 302, "applicant": 404, "outsider": 404, **dict.fromkeys(ROLES[3:], 200)}
MANAGE_PUBLIC = {
    "anonymous": 302,
    "applicant": 403,
    "outsider": 403,
    "member": 403,
    **dict.fromkeys(ROLES[4:], 200),
}
MANAGE_INTERNAL = {**MANAGE_PUBLIC, "applicant": 404, "outsider": 404}
COORDINATION_ONLY = {
    **dict.fromkeys(ROLES, 403),
    "anonymous": 302,
    "coordination": 200,
    "admin": 200,
}
ORGANISATION_CREATE = {**MANAGE_PUBLIC, "outsider": 200}  # steering in any alliance

PAGES = [
    ("/allianzen/", PUBLIC),
    ("/allianzen/programme/", PUBLIC),
    ("/allianzen/programme/sachsen-fachkraefteallianzen/", PUBLIC),
    ("/allianzen/organisationen/", PUBLIC),
    ("/allianzen/organisationen/{chamber}/", PUBLIC),
    ("/allianzen/{slug}/", PUBLIC),
    ("/allianzen/neu/", COORDINATION_ONLY),
    ("/allianzen/organisationen/neu/", ORGANISATION_CREATE),
    ("/allianzen/organisationen/{chamber}/bearbeiten/", MANAGE_PUBLIC),
    ("/allianzen/organisationen/{chamber}/vertretungen/neu/", MANAGE_PUBLIC),
    ("/allianzen/{slug}/bearbeiten/", MANAGE_PUBLIC),
    ("/allianzen/{slug}/handlungsfelder/", MANAGE_PUBLIC),
    ("/allianzen/{slug}/mitglieder/{chamber_m}/entfernen/", MANAGE_PUBLIC),
    ("/allianzen/{slug}/handlungsfeld/{field}/bearbeiten/", MANAGE_PUBLIC),
    ("/allianzen/{slug}/handlungsfeld/{field}/loeschen/", MANAGE_PUBLIC),
    ("/allianzen/{slug}/strategie/", INTERNAL),
    ("/allianzen/{slug}/strategie/1/", INTERNAL),
    ("/allianzen/{slug}/strategie/vergleich/?von=1&zu=2", INTERNAL),
    ("/allianzen/{slug}/verpflichtungen/", INTERNAL),
    ("/allianzen/{slug}/verpflichtungen/?format=csv", INTERNAL),
    ("/allianzen/{slug}/projektgruppen/", INTERNAL),
    ("/allianzen/{slug}/rollen/", INTERNAL),
    ("/allianzen/{slug}/protokoll/", INTERNAL),
    ("/allianzen/{slug}/strategie/neu/", MANAGE_INTERNAL),
    ("/allianzen/{slug}/verpflichtungen/neu/", MANAGE_INTERNAL),
    ("/allianzen/{slug}/verpflichtungen/{own}/bearbeiten/", MANAGE_INTERNAL),
    ("/allianzen/{slug}/projektgruppe/{group}/bearbeiten/", MANAGE_INTERNAL),
    ("/allianzen/{slug}/rollen/{role}/entfernen/", MANAGE_INTERNAL),
    # a member updates the status of their own organisation's commitment, not of others'
    ("/allianzen/{slug}/verpflichtungen/{own}/status/", INTERNAL),
    ("/allianzen/{slug}/verpflichtungen/{foreign}/status/", {**INTERNAL, "member": 403}),
    # experts: members nominate for their own organisation
    ("/allianzen/{slug}/projektgruppen/{group}/fachleute/neu/", INTERNAL),
]


@pytest.fixture()
def records(world):
    coordination = world.users["coordination"]
    alliance = world.goerlitz
    field = services.action_field_create(actor=coordination, alliance=alliance, title="Ausbildung")
    group = services.project_group_create(actor=coordination, alliance=alliance, name="PG Pflege")
    for text in ("Erste Fassung", "Zweite Fassung"):
        services.strategy_version_create(
            actor=coordination, alliance=alliance, title="HK", text=text
        )
    own = services.commitment_create(
        actor=coordination, alliance=alliance, membership=world.chamber_m, title="Praktika"
    )
    foreign = services.commitment_create(
        actor=coordination, alliance=alliance, membership=world.district_m, title="Messe"
    )
    role = alliance.roles.get(user=world.users["member"])
    return {
        "slug": alliance.slug,
        "chamber": world.chamber.pk,
        "chamber_m": world.chamber_m.pk,
        "field": field.pk,
        "group": group.pk,
        "own": own.pk,
        "foreign": foreign.pk,
        "role": role.pk,
    }


def client_for(world, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_as_the_rules_say(world, records, role):
    client = client_for(world, role)
    failures = []
    for template, expected in PAGES:
        url = template.format(**records)
        status = client.get(url).status_code
        if status != expected[role]:
            failures.append(f"{url}: {status}, expected {expected[role]}")
    assert failures == []


@pytest.mark.parametrize("role", ROLES)
def test_anonymous_is_sent_to_login(world, records, role):
    if role != "anonymous":
        return
    response = client_for(world, role).get(f"/allianzen/{records['slug']}/strategie/")
    assert response["Location"].startswith("/konto/anmelden/?next=")


WRITES = [
    # (url, data, expected per role for the POST); success redirects (302)
    (
        "/allianzen/{slug}/handlungsfeld/neu/",
        {"action_field-title": "Neu"},
        {**MANAGE_PUBLIC, "steering": 302, "coordination": 302, "admin": 302},
    ),
    (
        "/allianzen/{slug}/strategie/neu/",
        {"title": "HK", "text": "x"},
        {**MANAGE_INTERNAL, "steering": 302, "coordination": 302, "admin": 302},
    ),
    (
        "/allianzen/{slug}/verpflichtungen/{own}/status/",
        {"status": "done"},
        {**INTERNAL, "member": 302, "steering": 302, "coordination": 302, "admin": 302},
    ),
    (
        "/allianzen/{slug}/verpflichtungen/{foreign}/status/",
        {"status": "done"},
        {**INTERNAL, "member": 403, "steering": 302, "coordination": 302, "admin": 302},
    ),
]


@pytest.mark.parametrize("role", ROLES)
def test_writes_answer_as_the_rules_say(world, records, role):
    client = client_for(world, role)
    failures = []
    for template, data, expected in WRITES:
        url = template.format(**records)
        status = client.post(url, data).status_code
        wanted = expected[role]
        if role == "anonymous":
            wanted = 302
        if status != wanted:
            failures.append(f"{url}: {status}, expected {wanted}")
    assert failures == []
    changed = Commitment.objects.filter(pk=records["foreign"], status="done").exists()
    assert changed == (role in {"steering", "coordination", "admin"})


def test_outsider_cannot_remove_a_member_nor_see_internal_counts(client, world, records):
    client.force_login(world.users["outsider"])
    response = client.post(
        f"/allianzen/{records['slug']}/mitglieder/{records['chamber_m']}/entfernen/"
    )
    assert response.status_code == 403
    assert world.goerlitz.memberships.filter(pk=records["chamber_m"]).exists()
    html = client.get(f"/allianzen/{records['slug']}/").content.decode()
    # the public page: members and composition, but no internal sections or links
    assert "Demo-Kammer" in html
    assert "Selbstverpflichtung" not in html and "PG Pflege" not in html
    assert "/strategie/" not in html


def test_representatives_are_shown_only_to_people_of_the_alliance(client, world):
    from fachkraefte.web.organisations.services import representative_create

    representative_create(
        actor=world.users["coordination"],
        organisation=world.chamber,
        name="Petra Probe",
        email="p@example.invalid",
    )
    url = f"/allianzen/organisationen/{world.chamber.pk}/"
    assert "Petra Probe" not in client.get(url).content.decode()
    client.force_login(world.users["outsider"])
    assert "Petra Probe" not in client.get(url).content.decode()
    client.force_login(world.users["member"])
    assert "Petra Probe" in client.get(url).content.decode()
