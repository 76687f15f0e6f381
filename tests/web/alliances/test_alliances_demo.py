"""The demo governance content: created once, unchanged by a second run, as the brief describes."""

from __future__ import annotations

import stat

import pytest
from django.contrib.auth import authenticate
from role_world import load_regions

from fachkraefte.web.alliances.demo import HESSEN_WORKSHOPS_2023, ensure_demo_governance
from fachkraefte.web.alliances.models import Alliance, AllianceRole, Commitment, Membership
from fachkraefte.web.alliances.selectors import alliance_composition
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.demo_logins import logins_path, stored_logins
from fachkraefte.web.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "alliances": Alliance.objects.count(),
        "organisations": Organisation.objects.count(),
        "roles": AllianceRole.objects.count(),
        "memberships": Membership.objects.count(),
        "commitments": Commitment.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_demo_governance_is_idempotent(tmp_path, monkeypatch):
    load_regions()
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    logins = ensure_demo_governance()
    assert set(logins) == {
        "antragsteller",
        "mitglied",
        "steuerung1",
        "steuerung2",
        "steuerung-sachsen",
    }
    assert stat.S_IMODE(logins_path().stat().st_mode) == 0o600
    assert stored_logins()["mitglied"] == logins["mitglied"]
    assert authenticate(username="steuerung1", password=logins["steuerung1"]) is not None
    first = _counts()
    assert ensure_demo_governance() == logins
    assert _counts() == first

    # one alliance per 2023 Zukunftswerkstatt; Kassel's covers the city and the Landkreis
    hessen = Alliance.objects.filter(programme__slug="hessen-zukunftsgerecht-regional")
    assert hessen.count() == len(HESSEN_WORKSHOPS_2023) == 23
    kassel = hessen.get(name="Fachkräfteallianz Kreis und Stadt Kassel")
    assert sorted(kassel.districts.values_list("ags", flat=True)) == ["06611", "06633"]

    goerlitz = Alliance.objects.get(slug="fachkraefteallianz-landkreis-goerlitz")
    status = alliance_composition(alliance=goerlitz)
    assert not status.complete and status.missing_required == 1
    (missing,) = [seat for seat in status.seats if seat.missing and seat.rule.required]
    assert missing.rule.label == "Gewerkschaft"

    ems = Alliance.objects.get(slug="fachkraeftebuendnis-ems-achse")
    assert ems.districts.count() == 6
    assert ems.action_fields.count() == 4 and ems.priorities.count() == 5
    steering = ems.roles.filter(kind="steering").values_list("user__username", flat=True)
    assert sorted(steering) == ["steuerung1", "steuerung2"]
    assert ems.project_groups.get().experts.count() == 1
    assert all(
        name.startswith("Demo-") for name in Organisation.objects.values_list("name", flat=True)
    )

    # every Hessen alliance: its district(s), chamber, employment agency and economic development
    # agency, and one or two commitments labelled as demo data
    for alliance in hessen:
        categories = sorted(
            set(alliance.memberships.values_list("organisation__category", flat=True))
        )
        assert categories == [
            "chamber",
            "district",
            "economic_development",
            "employment_agency",
        ], alliance.name
        titles = list(alliance.commitments.values_list("title", flat=True))
        assert 1 <= len(titles) <= 2 and all(title.endswith("(Demo)") for title in titles)
        assert all(
            "Bündnisplan" in text
            for text in alliance.commitments.values_list("description", flat=True)
        )
    assert kassel.memberships.filter(organisation__category="district").count() == 2
    statuses = set(Commitment.objects.filter(alliance__in=hessen).values_list("status", flat=True))
    assert statuses == {"planned", "in_progress", "done"}
