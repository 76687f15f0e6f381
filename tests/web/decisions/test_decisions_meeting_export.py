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
        actor=world.s1, alliance=world.nord, title="Herbstsitzung", date=dt.date(2099, 10, 1)
    )
    client = _client(world.member)
    response = client.get("/beschluesse/nord/?format=csv&sort=title")
    assert 'filename="sitzungen-nord.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Datum", "Titel", "Ort", "Tagesordnungspunkte", "davon offen"]
    assert [row[1] for row in rows[1:]] == ["Frühjahrssitzung", "Herbstsitzung"]
    assert rows[1][2:] == ["Aurich", "1", "1"]
    response = client.get("/beschluesse/nord/?format=xlsx&zeitraum=upcoming")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["Herbstsitzung"]
    assert "Geheime Sitzung" not in client.get("/beschluesse/nord/?format=csv").content.decode()
    html = client.get("/beschluesse/nord/").content.decode()
    assert "?zeitraum=all&amp;sort=-date&amp;format=xlsx" in html
    assert "/beschluesse/nord/voten.csv" in html  # the votes export stays a separate link


@pytest.mark.parametrize("role", ["outsider", "applicant"])
def test_meeting_export_of_another_alliance_is_not_found(world, role):
    assert _client(world.by_role[role]).get("/beschluesse/nord/?format=csv").status_code == 404


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Nur die Steuerungsgruppe und die Koordinierungsstelle dürfen das ändern."),
        ("en", "Only the steering group and the coordination office may change this."),
    ],
)
def test_managers_only_refusal_is_translated(world, language, message):
    response = _client(world.member).patch(
        f"/api/meetings/{world.meeting.pk}/",
        {"title": "x"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 403 and response.json()["detail"] == message
