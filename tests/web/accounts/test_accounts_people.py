"""User administration: list (search, filter, sort, pages, CSV/XLSX), deactivate/reactivate."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from fixtures_accounts import PASSWORD, client_for, make_user, with_password
from openpyxl import load_workbook

from fachkraefte.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def usernames(html: str) -> list[str]:
    body = html.split('<tbody class="kern-table__body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<a class="kern-link" href="/konto/personen/\d+/">([^<]+)</a>', body)


def test_list_search_filter_and_sort(world):
    client = client_for(world.users["coordination"])
    html = client.get("/konto/personen/").content.decode()
    people = [
        "admin",
        "antrag",
        "koordination",
        "mitglied-a",
        "mitglied-b",
        "steuerung-a",
        "steuerung-a2",
        "steuerung-a3",
        "steuerung-b",
    ]
    assert usernames(html) == people  # sorted by username
    assert "10 Benutzerkonten" not in html and "9 Benutzerkonten" in html
    assert "Mitglied der Steuerungsgruppe (Allianz A)" in html

    found = usernames(client.get("/konto/personen/?q=STEU").content.decode())
    assert found == ["steuerung-a", "steuerung-a2", "steuerung-a3", "steuerung-b"]
    assert usernames(client.get("/konto/personen/?rolle=steering").content.decode()) == [
        "steuerung-a",
        "steuerung-a2",
        "steuerung-a3",
        "steuerung-b",
    ]
    assert usernames(client.get("/konto/personen/?rolle=admin").content.decode()) == ["admin"]
    by_group = client.get("/konto/personen/?rolle=Koordinierungsstelle").content.decode()
    assert usernames(by_group) == ["koordination"]
    descending = client.get("/konto/personen/?sort=-username").content.decode()
    assert usernames(descending)[0] == "steuerung-b"
    assert 'aria-sort="descending"' in descending
    # an unknown sort key falls back to the username instead of failing
    assert client.get("/konto/personen/?sort=password").status_code == 200


def test_list_is_paginated(world):
    for number in range(26):  # and the role world's nine people
        make_user(f"person{number:02d}")
    client = client_for(world.users["coordination"])
    first = client.get("/konto/personen/").content.decode()
    assert len(usernames(first)) == 25 and "Seite 1 von 2" in first
    second = client.get("/konto/personen/?seite=2&sort=username").content.decode()
    assert len(usernames(second)) == 10 and "Seite 2 von 2" in second
    assert set(usernames(first)).isdisjoint(usernames(second))


def test_csv_and_xlsx_export_follow_the_filter(world):
    make_user("=HYPERLINK", first_name="@SUMME(A1)")
    client = client_for(world.users["coordination"])
    response = client.get("/konto/personen/?status=active&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Benutzername", "Vorname", "Nachname", "E-Mail"]
    assert len(rows) == 1 + 10  # the role world's nine people and this one
    # cells that a spreadsheet would run as formulas are written as text
    assert ["'=HYPERLINK", "'@SUMME(A1)"] in [row[:2] for row in rows]

    response = client.get("/konto/personen/?q=steuerung&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Benutzername" and [row[0] for row in values[1:]] == [
        "steuerung-a",
        "steuerung-a2",
        "steuerung-a3",
        "steuerung-b",
    ]
    assert values[1][4] == "aktiv"


def test_deactivate_and_reactivate_with_confirmation_and_audit(world):
    target = with_password(world.users["applicant"])
    coordination = client_for(world.users["coordination"])
    signed_in = Client()
    assert (
        signed_in.post("/konto/anmelden/", {"username": "antrag", "password": PASSWORD}).status_code
        == 302
    )

    confirm = coordination.get(f"/konto/personen/{target.pk}/status/").content.decode()
    assert "wirklich deaktivieren" in confirm
    target.refresh_from_db()
    assert target.is_active  # the GET only asks
    response = coordination.post(f"/konto/personen/{target.pk}/status/", {"active": "0"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    trail = AuditEntry.objects.filter(content_type__model="user")
    entry = trail.get(object_id=str(target.pk))
    assert entry.changes == {"is_active": [True, False]} and entry.actor_name == "koordination"
    # the open session ends, and the login is refused
    assert signed_in.get("/konto/profil/").status_code == 302
    assert (
        Client().post("/konto/anmelden/", {"username": "antrag", "password": PASSWORD}).status_code
        == 200
    )

    # a repeated submit of the same form changes nothing and records nothing
    coordination.post(f"/konto/personen/{target.pk}/status/", {"active": "0"})
    assert trail.count() == 1
    coordination.post(f"/konto/personen/{target.pk}/status/", {"active": "1"})
    target.refresh_from_db()
    assert target.is_active and trail.count() == 2


def test_status_limits(world):
    coordination = client_for(world.users["coordination"])
    admin = world.users["admin"]
    # coordination may not touch an admin, nobody may switch themselves off
    assert coordination.get(f"/konto/personen/{admin.pk}/status/").status_code == 403
    own = world.users["coordination"].pk
    assert coordination.post(f"/konto/personen/{own}/status/", {"active": "0"}).status_code == 403
    assert (
        client_for(admin).post(f"/konto/personen/{admin.pk}/status/", {"active": "0"}).status_code
        == 403
    )
    assert get_user_model().objects.filter(is_active=False).count() == 0
    # an admin may deactivate the coordination office's account
    response = client_for(admin).post(f"/konto/personen/{own}/status/", {"active": "0"})
    assert response.status_code == 302
    assert client_for(admin).post(f"/konto/personen/{own}/status/", {}).status_code == 302
    assert client_for(admin).get("/konto/personen/999999/").status_code == 404


def test_detail_page_shows_roles_and_the_right_button(world):
    client = client_for(world.users["coordination"])
    html = client.get(f"/konto/personen/{world.users['steering'].pk}/").content.decode()
    assert "Allianz A: Mitglied der Steuerungsgruppe" in html
    assert "Konto deaktivieren" in html
    html = client.get(f"/konto/personen/{world.users['admin'].pk}/").content.decode()
    assert "Konto deaktivieren" not in html  # coordination may not, so no button
