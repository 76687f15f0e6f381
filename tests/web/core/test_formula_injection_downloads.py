"""End to end: names and titles that users type come out of every download as text, never as
a live formula (OWASP "CSV injection"): the public organisation and alliance lists, the
commitments, the meetings and the votes of an alliance."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances import commitment_services
from fachkraefte.web.alliances import services as alliance_services
from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.core.models import Region
from fachkraefte.web.decisions import services as decision_services
from fachkraefte.web.organisations.models import Organisation, PartnerCategory

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://angreifer.example","Details")'
SUM = "@SUM(A1)"
ARITHMETIC = "-2+3"


@pytest.fixture()
def alliance_with_payloads():
    land = Region.objects.create(ags="14", level="land", name="Sachsen", land="14")
    kreis = Region.objects.create(
        ags="14626", level="kreis", name="Görlitz", kind="Landkreis", parent=land, land="14"
    )
    coordination = get_user_model().objects.create_user("koordination-test")
    coordination.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    alliance = alliance_services.alliance_create(
        actor=coordination, name=ARITHMETIC, districts=[kreis], slug="formeln"
    )
    organisation = Organisation.objects.create(
        name=LINK, category=PartnerCategory.CHAMBER, region=kreis
    )
    membership = alliance_services.membership_create(
        actor=coordination, alliance=alliance, organisation=organisation
    )
    commitment_services.commitment_create(
        actor=coordination,
        alliance=alliance,
        membership=membership,
        title=SUM,
        due_on=dt.date(2030, 1, 31),
    )
    steering = get_user_model().objects.create_user("steuerung-test", first_name="@Anna")
    alliance_services.role_create(
        actor=coordination,
        alliance=alliance,
        user=steering,
        kind=AllianceRole.Kind.STEERING,
        membership=membership,
    )
    meeting = decision_services.meeting_create(
        actor=coordination, alliance=alliance, title="+1+1", date=dt.date(2030, 2, 1)
    )
    item = decision_services.agenda_item_create(actor=coordination, meeting=meeting, title="=1+1")
    decision_services.vote_cast(actor=steering, item=item, choice="consent", note=SUM)
    client = Client()
    client.force_login(coordination)
    return client


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx_cells(response) -> list[tuple]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row for row in sheet.iter_rows(min_row=2)]


def _text_cells(cells: list[tuple], column: int) -> list[tuple[str, object]]:
    return [(row[column].data_type, row[column].value) for row in cells]


def test_public_organisation_list_downloads(alliance_with_payloads):
    anonymous = Client()
    rows = _csv(anonymous.get(reverse("alliances:organisations") + "?format=csv"))
    assert [row[0] for row in rows[1:]] == ["'" + LINK]
    cells = _xlsx_cells(anonymous.get(reverse("alliances:organisations") + "?format=xlsx"))
    assert _text_cells(cells, 0) == [("s", LINK)]


def test_public_alliance_list_downloads(alliance_with_payloads):
    anonymous = Client()
    rows = _csv(anonymous.get(reverse("alliances:list") + "?format=csv"))
    assert [row[0] for row in rows[1:]] == ["'" + ARITHMETIC]
    members = rows[0].index("Mitglieder")
    assert rows[1][members] == "1"  # a number stays a number
    cells = _xlsx_cells(anonymous.get(reverse("alliances:list") + "?format=xlsx"))
    assert _text_cells(cells, 0) == [("s", ARITHMETIC)]
    assert _text_cells(cells, members) == [("n", 1)]


def test_commitment_downloads(alliance_with_payloads):
    client = alliance_with_payloads
    url = reverse("alliances:commitments", args=["formeln"])
    rows = _csv(client.get(url + "?format=csv"))
    assert rows[1][:2] == ["'" + SUM, "'" + LINK]
    cells = _xlsx_cells(client.get(url + "?format=xlsx"))
    assert _text_cells(cells, 0) == [("s", SUM)] and _text_cells(cells, 1) == [("s", LINK)]


def test_meeting_and_vote_downloads(alliance_with_payloads):
    client = alliance_with_payloads
    url = reverse("decisions:meetings", args=["formeln"])
    rows = _csv(client.get(url + "?format=csv"))
    assert [row[1] for row in rows[1:]] == ["'+1+1"]
    cells = _xlsx_cells(client.get(url + "?format=xlsx"))
    assert _text_cells(cells, 1) == [("s", "+1+1")]
    assert cells[0][0].is_date  # the meeting date stays a date

    votes = client.get(reverse("decisions:votes_export", args=["formeln", "csv"]))
    assert votes.status_code == 200
    rows = list(csv.reader(io.StringIO(votes.content.decode(), newline="")))
    header, row = rows[0], rows[1]
    assert row[header.index("Sitzung")] == "'+1+1"
    assert row[header.index("Tagesordnungspunkt")] == "'=1+1"
    assert row[header.index("Name")] == "'@Anna"
    assert row[header.index("Begründung")] == "'" + SUM
    assert row[header.index("TOP")] == "1"
    response = client.get(reverse("decisions:votes_export", args=["formeln", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    cells = {name: sheet.cell(row=2, column=i) for i, name in enumerate(header, start=1)}
    assert (cells["Sitzung"].data_type, cells["Sitzung"].value) == ("s", "+1+1")
    assert (cells["Tagesordnungspunkt"].data_type, cells["Tagesordnungspunkt"].value) == (
        "s",
        "=1+1",
    )
    assert (cells["Begründung"].data_type, cells["Begründung"].value) == ("s", SUM)
    assert (cells["Name"].data_type, cells["Name"].value) == ("s", "@Anna")
    assert (cells["TOP"].data_type, cells["TOP"].value) == ("n", 1)
