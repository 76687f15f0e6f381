"""``fachkraefte demo`` prints each demo login in full with its role and alliance."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rich.console import Console

from fachkraefte.web import cli
from fachkraefte.web.accounts.roles import APPLICANT_GROUP, COORDINATION_GROUP
from fachkraefte.web.alliances.models import Alliance, AllianceRole


@pytest.mark.django_db
def test_logins_table_names_role_and_alliance(monkeypatch):
    users = get_user_model().objects
    users.create_superuser("admin", email="", password=None)
    coordination = users.create_user("koordination")
    coordination.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    applicant = users.create_user("antragsteller")
    applicant.groups.add(Group.objects.get_or_create(name=APPLICANT_GROUP)[0])
    steering = users.create_user("steuerung1")
    ems = Alliance.objects.create(slug="ems-achse", name="Fachkräftebündnis Ems-Achse")
    AllianceRole.objects.create(alliance=ems, user=steering, kind=AllianceRole.Kind.STEERING)
    # A narrow terminal: the lines are not shortened (the terminal wraps them, not rich).
    console = Console(record=True, width=60)
    monkeypatch.setattr(cli, "console", console)
    logins = {name: f"pw-{name}" for name in ("admin", "koordination", "antragsteller")}
    cli._print_logins({**logins, "steuerung1": "pw-s"}, "http://127.0.0.1:8000")
    text = console.export_text()
    assert "…" not in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}
    assert len(lines) == 5  # the header and each login once
    assert "Administration" in lines["admin"] and "alle Allianzen" in lines["admin"]
    assert "Koordinierungsstelle" in lines["koordination"]
    assert "alle Allianzen" in lines["koordination"]
    assert "Antragsteller" in lines["antragsteller"] and "–" in lines["antragsteller"]
    row = lines["steuerung1"]
    assert "pw-s" in row and "Mitglied der Steuerungsgruppe" in row
    assert "Fachkräftebündnis Ems-Achse" in row
