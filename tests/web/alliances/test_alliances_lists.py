"""Every internal list of an alliance sorts, filters and exports (CSV, XLSX) – only its own rows.

Programmes, roles, the audit trail, strategy versions and project-group experts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from role_world import SECRET

from fachkraefte.web.alliances import services
from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.programmes.models import Programme

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def column(rows: list[list], name: str) -> list:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


def login(client, world, role):
    client.force_login(world.users[role])
    return client


def test_programme_list_sorts_filters_and_exports(client, world):
    Programme.objects.filter(pk=world.saxony.pk).update(land_id="14")
    rows = csv_rows(client.get("/allianzen/programme/?format=csv&sort=-name"))
    names = column(rows, "Programm")
    assert names == sorted(names, reverse=True) and len(names) == 3
    rows = xlsx_rows(client.get("/allianzen/programme/?format=xlsx&land=14"))
    assert column(rows, "Programm") == [world.saxony.name]
    assert column(rows, "Zusammensetzungsregeln") == [10]
    assert column(rows, "Allianzen") == [2]
    html = client.get("/allianzen/programme/?q=Niedersachsen").content.decode()
    table = html.split("<tbody")[1]
    assert "1 Programm<" in html and "Niedersachsen" in table and "Hessen" not in table
    assert 'aria-sort="ascending"' in html and "format=xlsx" in html


def test_role_list_sorts_filters_exports_and_hides_other_alliances(client, world):
    url = f"/allianzen/{world.a.slug}/rollen/"
    login(client, world, "member")
    rows = csv_rows(client.get(url + "?format=csv&sort=-user"))
    steering = ["steuerung-a3", "steuerung-a2", "steuerung-a"]  # A's steering group of three
    assert column(rows, "Benutzername") == [*steering, "mitglied-a"]
    rows = xlsx_rows(client.get(url + "?format=xlsx&rolle=steering&sort=-user"))
    assert column(rows, "Benutzername") == steering
    assert column(rows, "für Mitgliedsorganisation") == [None, None, "Landkreis A"]
    assert "steuerung-b" not in client.get(url + "?format=csv").content.decode()
    # an outsider (role in B) gets neither the page nor its export
    login(client, world, "outsider")
    assert client.get(url + "?format=csv").status_code == 404
    assert client.get(url + "?format=xlsx").status_code == 404


def test_audit_page_filters_by_person_action_and_days_and_exports(client, world):
    steering = world.users["steering"]
    # the trail of building the world (coordination and steering) is a month old
    old = AuditEntry.objects.filter(alliance=world.a)
    assert {entry.actor_name for entry in old} == {"koordination", "steuerung-a"}
    old.update(created_at=timezone.now() - dt.timedelta(days=30))
    field = services.action_field_create(actor=steering, alliance=world.a, title="Pflege")
    services.action_field_update(actor=steering, action_field=field, title="Pflege und Gesundheit")
    services.action_field_create(actor=world.users["coordination"], alliance=world.b, title="X")
    url = f"/allianzen/{world.a.slug}/protokoll/"
    login(client, world, "member")
    rows = csv_rows(client.get(url + "?format=csv&person=steuerung-a"))
    assert set(column(rows, "Person")) == {"steuerung-a"} and len(rows) > 2
    assert column(rows, "Aktion")[:2] == ["geändert", "angelegt"]  # newest first by default
    assert column(rows, "Änderungen")[0] == "Titel: Pflege → Pflege und Gesundheit"
    today = timezone.localdate().isoformat()
    rows = xlsx_rows(client.get(url + f"?format=xlsx&aktion=update&von={today}"))
    assert column(rows, "Objekt") == ["Pflege und Gesundheit"]
    rows = csv_rows(client.get(url + f"?format=csv&von={today}&sort=time"))
    assert column(rows, "Person") == ["steuerung-a", "steuerung-a"]
    before = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    rows = csv_rows(client.get(url + f"?format=csv&bis={before}"))
    assert set(column(rows, "Person")) == {"koordination", "steuerung-a"} and len(rows) > 2
    everything = client.get(url + "?format=csv").content.decode()
    assert "X" not in column(csv_rows(client.get(url + "?format=csv")), "Objekt")
    assert "Allianz B" not in everything
    html = client.get(url + f"?person=steuerung-a&von={today}&sort=-person").content.decode()
    assert "2 Einträge zu" in html and 'aria-sort="descending"' in html
    assert '<option value="steuerung-a" selected>' in html
    login(client, world, "outsider")
    assert client.get(url + "?format=csv").status_code == 404
    client.logout()
    assert client.get(url + "?format=csv").status_code == 302


def test_strategy_versions_sort_filter_and_export(client, world):
    steering = world.users["steering"]
    for number in (1, 2, 3):
        services.strategy_version_create(
            actor=steering,
            alliance=world.a,
            title=f"Handlungskonzept {number}",
            text="Text",
            note="Entwurf" if number < 3 else "beschlossen",
        )
    url = f"/allianzen/{world.a.slug}/strategie/"
    login(client, world, "member")
    rows = csv_rows(client.get(url + "?format=csv"))
    # after the world's two versions of its concept
    assert column(rows, "Version") == ["5", "4", "3", "2", "1"]
    rows = xlsx_rows(client.get(url + "?format=xlsx&q=Entwurf&sort=number"))
    assert column(rows, "Version") == [3, 4] and column(rows, "von") == ["steuerung-a"] * 2
    html = client.get(url + "?q=beschlossen").content.decode()
    assert "1 gespeicherte Version" in html
    login(client, world, "outsider")
    assert client.get(url + "?format=csv").status_code == 404


def test_experts_table_sorts_filters_and_exports(client, world):
    coordination = world.users["coordination"]
    group_a = services.project_group_create(actor=coordination, alliance=world.a, name="A")
    group_b = services.project_group_create(actor=coordination, alliance=world.a, name="B")
    for group, name, membership in (
        (group_a, "Zora Zander", world.m_a),
        (group_b, "Anna Albers", world.m_a2),
        (group_a, "Berta Beck", world.m_a2),
    ):
        services.expert_create(
            actor=coordination, project_group=group, nominated_by=membership, name=name
        )
    url = f"/allianzen/{world.a.slug}/projektgruppen/"
    login(client, world, "member")
    rows = csv_rows(client.get(url + "?format=csv&sort=name"))
    # with the world's expert, nominated by the chamber
    assert column(rows, "Name") == [
        "Anna Albers",
        "Berta Beck",
        f"{SECRET} Fachfrau",
        "Zora Zander",
    ]
    rows = xlsx_rows(client.get(url + f"?format=xlsx&gruppe={group_a.pk}&sort=-name"))
    assert column(rows, "Name") == ["Zora Zander", "Berta Beck"]
    assert column(rows, "Projektgruppe") == ["A", "A"]
    rows = csv_rows(client.get(url + f"?format=csv&mitglied={world.m_a2.pk}"))
    assert column(rows, "benannt von") == ["Landkreis A", "Landkreis A"]
    html = client.get(url).content.decode()
    assert "4 benannte Fachleute" in html and "format=xlsx" in html
    login(client, world, "outsider")
    assert client.get(url + "?format=csv").status_code == 404


def test_role_list_still_grants_roles(client, world):
    login(client, world, "steering")
    response = client.post(
        f"/allianzen/{world.a.slug}/rollen/", {"username": "antrag", "kind": "member"}
    )
    assert response.status_code == 302
    assert AllianceRole.objects.filter(alliance=world.a, user__username="antrag")
