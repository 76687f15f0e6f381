"""The audit trail reads like the decision pages: field labels, "–", before → after, no
Python values (None, True, dicts, ISO timestamps) on the page nor in its exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from fachkraefte.web.alliances.models import Alliance, AllianceRole, Commitment, Membership
from fachkraefte.web.audit.display import change_lines, changes_text, format_value
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, audited_update, snapshot
from fachkraefte.web.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PYTHON_VALUES = ("None", "True", "False", "{'", "['", "T00:00", "+00:00")


@pytest.fixture()
def trail():
    user = get_user_model().objects.create_user("steuerung", password="Sehr-geheim-2024")
    alliance = Alliance.objects.create(slug="ems", name="Ems-Achse")
    AllianceRole.objects.create(alliance=alliance, user=user, kind=AllianceRole.Kind.STEERING)
    org = Organisation.objects.create(name="IHK Emsland", category="chamber")
    membership = Membership.objects.create(alliance=alliance, organisation=org)
    commitment = Commitment.objects.create(alliance=alliance, membership=membership, title="Messe")
    audit_record(
        actor=user,
        instance=commitment,
        action=AuditEntry.Action.CREATE,
        changes=snapshot(commitment),
        alliance=alliance,
    )
    audited_update(
        commitment,
        actor=user,
        alliance=alliance,
        status=Commitment.Status.DONE,
        due_on=dt.date(2026, 3, 31),
        description="Zwei Tage",
    )
    audit_record(
        actor=user,
        instance=alliance,
        action=AuditEntry.Action.UPDATE,
        alliance=alliance,
        changes={"recognised_until": [None, "2027-12-31"], "description": ["alt", ""]},
    )
    audit_record(
        actor=user,
        instance=user,
        action=AuditEntry.Action.UPDATE,
        alliance=alliance,
        changes={"is_active": [True, False], "last_login": [None, "2026-01-02T09:30:00+00:00"]},
    )
    client = Client()
    client.force_login(user)
    return client, alliance


def test_update_reads_as_labels_and_before_after(trail):
    _, alliance = trail
    update = AuditEntry.objects.filter(action="update", object_repr="Messe").get()
    assert changes_text(update) == (
        "Beschreibung: – → Zwei Tage; fällig am: – → 31.03.2026; Status: geplant → erfüllt"
    )
    created = AuditEntry.objects.filter(action="create").get()
    text = changes_text(created)
    assert "Mitglied: IHK Emsland" in text and "Status: geplant" in text
    assert "Handlungsfeld: –" in text and "fällig am: –" in text


def test_booleans_timestamps_and_english(trail):
    entry = AuditEntry.objects.get(content_type__model="user")
    assert "nein" in changes_text(entry) and "02.01.2026 10:30" in changes_text(entry)
    with translation.override("en"):
        lines = [str(line) for line in change_lines(entry)]
    assert any("yes → no" in line for line in lines), lines


def test_page_and_exports_show_no_python_values(trail):
    client, alliance = trail
    url = f"/allianzen/{alliance.slug}/protokoll/"
    html = client.get(url).content.decode()
    assert "geplant" in html and "erfüllt" in html and "anerkannt bis" in html
    assert "<code>" not in html
    cells = html.split('<tbody class="kern-table__body">')[1].split("</tbody>")[0]
    for value in PYTHON_VALUES:
        assert value not in cells, value
    body = client.get(url + "?format=csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    changes = [row["Änderungen"] for row in rows]
    assert "Beschreibung: alt → –; anerkannt bis: – → 31.12.2027" in changes, changes
    for value in PYTHON_VALUES:
        assert not any(value in c for c in changes), (value, changes)


def test_format_value_of_plain_values():
    assert format_value({"consent": 2, "objection": 0, "abstention": 1}) == (
        "2 Zustimmung, 0 Einwand, 1 Enthaltung"
    )
    assert format_value(["06411", "06412"]) == "06411, 06412"
    assert format_value(1234567) == "1.234.567"
    assert format_value("2026-05-04") == "04.05.2026"
    assert format_value("account deleted") == "Konto gelöscht"
