"""The invitation list sorts, filters and exports (CSV, XLSX) – only invitations one may see."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from fixtures_accounts import client_for
from openpyxl import load_workbook
from role_world import INVITEE

from fachkraefte.web.accounts.services import invitation_create

pytestmark = pytest.mark.django_db
URL = "/konto/einladungen/"


@pytest.fixture()
def invitations(world):
    coordination = world.users["coordination"]
    for email, where in (
        ("berta@example.org", world.a),
        ("anna@example.org", world.a),
        ("zoe@example.org", world.b),
    ):
        invitation_create(
            invited_by=coordination,
            email=email,
            alliance=where,
            alliance_role="member",
            site_url="http://testserver",
        )
    expired = invitation_create(
        invited_by=coordination,
        email="alt@example.org",
        alliance=world.a,
        alliance_role="member",
        site_url="http://testserver",
    )
    expired.expires_at = timezone.now() - dt.timedelta(days=1)
    expired.save()


def emails_csv(response) -> list[str]:
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["E-Mail", "Rolle", "Allianz"]
    return [row[0] for row in rows[1:]]


def test_sort_filter_and_export(world, invitations):
    client = client_for(world.users["coordination"])
    # with the role world's invitations into A (accepted and revoked ones are not listed)
    assert emails_csv(client.get(URL + "?format=csv&sort=email")) == [
        "alt@example.org",
        "anna@example.org",
        "berta@example.org",
        INVITEE,
        f"expired-{INVITEE}",
        "zoe@example.org",
    ]
    assert sorted(emails_csv(client.get(URL + "?format=csv&status=expired"))) == [
        "alt@example.org",
        f"expired-{INVITEE}",
    ]
    assert emails_csv(client.get(URL + "?format=csv&allianz=allianz-b")) == ["zoe@example.org"]
    response = client.get(URL + "?format=xlsx&q=anna")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("anna@example.org", "Allianzmitglied", "Allianz A")
    html = client.get(URL + "?status=valid&sort=-email").content.decode()
    assert "4 offene Einladungen" in html and 'aria-sort="descending"' in html


def test_steering_member_sees_and_exports_only_own_alliance(world, invitations):
    client = client_for(world.users["steering"])
    exported = emails_csv(client.get(URL + "?format=csv&sort=email"))
    assert exported == [
        "alt@example.org",
        "anna@example.org",
        "berta@example.org",
        INVITEE,
        f"expired-{INVITEE}",
    ]
    assert emails_csv(client.get(URL + "?format=csv&allianz=allianz-b")) == []
    sheet = load_workbook(io.BytesIO(client.get(URL + "?format=xlsx").content)).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == exported
    html = client.get(URL).content.decode()
    assert "zoe@example.org" not in html and "Allianz B" not in html


@pytest.mark.parametrize("role", ["member", "applicant"])
def test_others_get_no_export(world, invitations, role):
    assert client_for(world.users[role]).get(URL + "?format=csv").status_code == 403
