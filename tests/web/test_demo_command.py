"""``fachkraefte demo``: regions in the database, demo users, idempotence."""

from __future__ import annotations

import json
import stat

import pytest
from django.contrib.auth import authenticate, get_user_model

from fachkraefte.web.cli import demo_command
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.demo_logins import COORDINATION_GROUP, logins_path

pytestmark = pytest.mark.django_db


def test_sync_regions_fills_the_hierarchy_and_is_idempotent():
    created, updated = sync_regions()
    assert created > 400 and updated == 0
    assert sync_regions() == (0, 0)
    giessen = Region.objects.get(ags="06531")
    assert (
        giessen.level == "kreis"
        and giessen.parent.ags == "065"
        and giessen.parent.parent.ags == "06"
    )
    assert Region.objects.filter(level="kreis", land="06").count() == 26


def test_demo_command_creates_logins_once(capsys, tmp_path, monkeypatch):
    # Its own store: the command imports boundaries and writes forecast runs, which must not
    # change what the other tests see in the shared demo store.
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    demo_command(seed=None, reset_logins=False)
    first = json.loads(logins_path().read_text(encoding="utf-8"))
    assert stat.S_IMODE(logins_path().stat().st_mode) == 0o600
    # One login per role: admin, coordination office, applicant, member, steering group (3),
    # the two demo training providers of the proposals and two reviewers.
    assert set(first) == {
        "admin",
        "koordination",
        "antragsteller",
        "mitglied",
        "steuerung1",
        "traeger1",
        "traeger2",
        "steuerung2",
        "steuerung-sachsen",
        "gutachterin",
        "gutachter",
    }
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="koordination").groups.filter(name=COORDINATION_GROUP).exists()
    assert authenticate(username="koordination", password=first["koordination"]) is not None
    output = capsys.readouterr().out
    assert "Demodaten" in output and "http://127.0.0.1:8000" in output and first["admin"] in output

    # once in full: every login on one line with its password, role and alliance
    logins = output.split("Demo-Zugänge / demo logins", 1)[1]
    assert output.count(first["steuerung1"]) == 1 and "…" not in logins
    assert "Koordinierungsstelle" in logins and "Mitglied der Steuerungsgruppe" in logins

    # scripts/run.sh leaves the logins to `serve`, so that they appear once
    demo_command(seed=None, reset_logins=False, show_logins=False)
    assert json.loads(logins_path().read_text(encoding="utf-8")) == first
    assert users.count() == len(first)
    assert first["admin"] not in capsys.readouterr().out

    demo_command(seed=None, reset_logins=True)
    renewed = json.loads(logins_path().read_text(encoding="utf-8"))
    assert renewed["admin"] != first["admin"]
    assert authenticate(username="admin", password=renewed["admin"]) is not None
