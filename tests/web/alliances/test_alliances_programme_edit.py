"""Programmes and their composition rules: edited by the coordination office and admins only,
through the page and the API, every change in the (platform-wide) audit trail."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.programmes.models import CompositionRule, Programme

pytestmark = pytest.mark.django_db

OTHERS = ["applicant", "outsider", "member", "steering"]
EDITORS = ["coordination", "admin"]


def entries(model, action):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=action, alliance=None
    )


def form_data(programme=None, rules=(), **fields):
    """POST data of the programme form: the programme's fields plus the seat formset."""
    data = {
        "slug": "thueringen",
        "name": "Thüringen – Regionale Allianzen",
        "land": "16",
        "description": "",
        "source": "",
        "default_consensus_rule": "unanimity",
        **fields,
    }
    rules = list(rules)
    data.update(
        {
            "sitz-TOTAL_FORMS": str(len(rules)),
            "sitz-INITIAL_FORMS": str(sum(1 for rule in rules if rule.get("id"))),
            "sitz-MIN_NUM_FORMS": "0",
            "sitz-MAX_NUM_FORMS": "1000",
        }
    )
    for index, rule in enumerate(rules):
        for key, value in rule.items():
            if value is None or value is False:
                continue
            data[f"sitz-{index}-{key}"] = value
    return data


SEAT = {
    "label": "Kammer",
    "categories": ["chamber"],
    "min_count": "1",
    "min_inhabitants": "",
    "required": "on",
    "position": "1",
}


@pytest.mark.parametrize("role", EDITORS)
def test_coordination_creates_and_edits_a_programme_with_seats(client, world, role):
    client.force_login(world.users[role])
    assert client.get("/allianzen/programme/neu/").status_code == 200
    response = client.post("/allianzen/programme/neu/", form_data(rules=[SEAT]))
    assert (
        response.status_code == 302 and response["Location"] == "/allianzen/programme/thueringen/"
    )
    programme = Programme.objects.get(slug="thueringen")
    assert programme.land_id == "16" and programme.default_consensus_rule == "unanimity"
    (rule,) = programme.composition_rules.all()
    assert (rule.label, rule.categories, rule.min_count) == ("Kammer", ["chamber"], 1)
    assert entries(Programme, "create").get().actor_name == world.users[role].username
    assert entries(CompositionRule, "create").count() == 1
    # edit: rename, change the seat, add a towns seat
    towns = {
        "label": "Städte",
        "categories": ["town"],
        "min_count": "2",
        "min_inhabitants": "10000",
        "district_towns": "on",
        "required": "on",
        "position": "2",
    }
    data = form_data(
        rules=[{**SEAT, "id": str(rule.pk), "min_count": "2"}, towns], name="Thüringen (neu)"
    )
    response = client.post("/allianzen/programme/thueringen/bearbeiten/", data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.min_count == 2
    assert entries(CompositionRule, "update").get().changes == {"min_count": [1, 2]}
    assert entries(Programme, "update").get().changes["name"] == [
        "Thüringen – Regionale Allianzen",
        "Thüringen (neu)",
    ]
    new = programme.composition_rules.get(label="Städte")
    assert new.district_towns and new.min_inhabitants == 10_000
    # delete the chamber seat
    data = form_data(
        rules=[{**SEAT, "id": str(rule.pk), "min_count": "2", "DELETE": "on"}],
        name="Thüringen (neu)",
    )
    data["sitz-INITIAL_FORMS"] = "1"
    assert client.post("/allianzen/programme/thueringen/bearbeiten/", data).status_code == 302
    assert not CompositionRule.objects.filter(pk=rule.pk).exists()
    assert entries(CompositionRule, "delete").get().object_repr.endswith("Kammer")
    page = client.get("/allianzen/programme/thueringen/").content.decode()
    assert "mehr als 10.000 Einwohner" in page and "Programm und Regeln bearbeiten" in page


def test_invalid_seat_is_refused_inline_and_nothing_is_written(client, world):
    client.force_login(world.users["coordination"])
    trail = AuditEntry.objects.filter(alliance=None, action="create").count()
    response = client.post(
        "/allianzen/programme/neu/", form_data(rules=[{**SEAT, "categories": ["unbekannt"]}])
    )
    assert response.status_code == 400 and "kern-error" in response.content.decode()
    assert not Programme.objects.filter(slug="thueringen").exists()
    assert AuditEntry.objects.filter(alliance=None, action="create").count() == trail


@pytest.mark.parametrize("role", OTHERS)
def test_others_may_not_create_or_edit_programmes(client, world, role):
    client.force_login(world.users[role])
    slug = world.saxony.slug
    assert client.get("/allianzen/programme/neu/").status_code == 403
    assert client.post("/allianzen/programme/neu/", form_data(rules=[SEAT])).status_code == 403
    url = f"/allianzen/programme/{slug}/bearbeiten/"
    assert client.post(url, form_data(slug=slug)).status_code == 403
    assert (
        "Programm und Regeln bearbeiten"
        not in client.get(f"/allianzen/programme/{slug}/").content.decode()
    )
    assert not Programme.objects.filter(slug="thueringen").exists()
    assert not entries(Programme, "update").exists()


def test_anonymous_is_sent_to_the_login(client, world):
    response = client.get("/allianzen/programme/neu/")
    assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]


def api(world, role):
    client = APIClient()
    if world.users[role] is not None:
        client.force_authenticate(world.users[role])
    return client


PAYLOAD = {
    "slug": "bremen",
    "name": "Bremen – Fachkräftebündnis",
    "land": "04",
    "consensus_rule": "unanimity",
    "composition_rules": [
        {"label": "Kammer", "categories": ["chamber"], "min_count": 1},
        {"label": "Gewerkschaft", "categories": ["union"], "min_count": 1, "required": False},
    ],
}


@pytest.mark.parametrize("role", EDITORS)
def test_api_creates_and_updates_programmes_for_coordination(world, role):
    client = api(world, role)
    response = client.post("/api/programmes/", PAYLOAD, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["consensus_rule"] == "unanimity" and len(data["composition_rules"]) == 2
    assert entries(Programme, "create").count() == 1
    assert entries(CompositionRule, "create").count() == 2
    chamber = next(rule for rule in data["composition_rules"] if rule["label"] == "Kammer")
    # PATCH with rules: the named rule is changed, the one left out deleted, a new one created
    response = client.patch(
        "/api/programmes/bremen/",
        {
            "name": "Bremen (neu)",
            "composition_rules": [
                {**chamber, "min_count": 2},
                {"label": "Schule", "categories": ["school"], "min_count": 1},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    rules = {rule["label"]: rule for rule in response.json()["composition_rules"]}
    assert set(rules) == {"Kammer", "Schule"} and rules["Kammer"]["min_count"] == 2
    assert entries(CompositionRule, "update").get().changes == {"min_count": [1, 2]}
    assert entries(CompositionRule, "delete").get().object_repr.endswith("Gewerkschaft")
    assert entries(Programme, "update").get().changes == {
        "name": ["Bremen – Fachkräftebündnis", "Bremen (neu)"]
    }
    bad = client.patch(
        "/api/programmes/bremen/",
        {"composition_rules": [{"label": "X", "categories": ["nope"], "min_count": 1}]},
        format="json",
    )
    assert (
        bad.status_code == 400
        and Programme.objects.get(slug="bremen").composition_rules.count() == 2
    )


@pytest.mark.parametrize("role", ["anonymous", *OTHERS])
def test_api_refuses_programme_writes_to_others(world, role):
    client = api(world, role)
    expected = 401 if role == "anonymous" else 403
    assert client.post("/api/programmes/", PAYLOAD, format="json").status_code in {expected, 403}
    response = client.patch(
        f"/api/programmes/{world.saxony.slug}/", {"name": "gekapert"}, format="json"
    )
    assert response.status_code in {expected, 403}
    assert client.get(f"/api/programmes/{world.saxony.slug}/").status_code == 200
    assert not Programme.objects.filter(slug="bremen").exists()
    assert Programme.objects.get(pk=world.saxony.pk).name != "gekapert"
    assert not entries(Programme, "create").exists() and not entries(Programme, "update").exists()
