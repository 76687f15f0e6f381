"""The meeting list exports the meetings themselves (CSV, XLSX); the managers-only refusal of the
API speaks the request's language."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from fachkraefte.web.decisions import services

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_meeting_export_follows_filter_and_sort(world):
    services.meeting_create(
        actor=world.voters[0], alliance=world.a, title="Herbstsitzung", date=dt.date(2099, 10, 1)
    )
    client = _client(world.users["member"])
    response = client.get("/beschluesse/allianz-a/?format=csv&sort=title")
    assert 'filename="sitzungen-allianz-a.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Datum", "Titel", "Ort", "Tagesordnungspunkte", "davon offen"]
    titles = ["Frühjahrssitzung", world.meeting.title, "Herbstsitzung"]  # with the world's first
    assert [row[1] for row in rows[1:]] == titles
    assert rows[1][2:] == ["Aurich", "1", "1"]
    response = client.get("/beschluesse/allianz-a/?format=xlsx&zeitraum=upcoming")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["Herbstsitzung"]
    assert "Sitzung B" not in client.get("/beschluesse/allianz-a/?format=csv").content.decode()
    html = client.get("/beschluesse/allianz-a/").content.decode()
    assert "?zeitraum=all&amp;sort=-date&amp;format=xlsx" in html
    assert "/beschluesse/allianz-a/voten.csv" in html  # the votes export stays a separate link


@pytest.mark.parametrize("role", ["outsider", "applicant"])
def test_meeting_export_of_another_alliance_is_not_found(world, role):
    assert _client(world.users[role]).get("/beschluesse/allianz-a/?format=csv").status_code == 404


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Nur die Steuerungsgruppe und die Koordinierungsstelle dürfen das ändern."),
        ("en", "Only the steering group and the coordination office may change this."),
    ],
)
def test_managers_only_refusal_is_translated(world, language, message):
    response = _client(world.users["member"]).patch(
        f"/api/meetings/{world.spring_meeting.pk}/",
        {"title": "x"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 403 and response.json()["detail"] == message
