"""ensure_demo_workshops(): the 2023 schedule (seed 002) as past workshops, and open 2027 ones."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fachkraefte.web.alliances.demo import HESSEN_WORKSHOPS_2023, ensure_demo_governance
from fachkraefte.web.demo_logins import ensure_demo_users
from fachkraefte.web.workshops.demo import ensure_demo_workshops
from fachkraefte.web.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def test_demo_workshops_follow_the_2023_schedule_and_are_created_once(tmp_path, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    ensure_demo_users()
    ensure_demo_governance()
    created = ensure_demo_workshops()
    assert ensure_demo_workshops() == []
    past = Workshop.objects.filter(starts_at__year=2023)
    assert past.count() == len(HESSEN_WORKSHOPS_2023) == len(created) - 5
    assert set(past.values_list("status", flat=True)) == {"done"}
    assert all(w.month_only for w in past)
    kassel = past.get(title="Zukunftswerkstatt Kreis und Stadt Kassel")
    assert sorted(kassel.districts.values_list("ags", flat=True)) == ["06611", "06633"]
    assert timezone.localtime(kassel.starts_at).month == 10  # Oktober 2023
    districts = {ags for w in past for ags in w.districts.values_list("ags", flat=True)}
    assert len(districts) == 24 and {"06414", "06434"}.isdisjoint(districts)
    assert not past.exclude(summary="").exists()  # no invented outcomes or summaries
    future = Workshop.objects.filter(starts_at__year=2027)
    assert set(future.values_list("status", flat=True)) == {"open"}
    assert set(future.values_list("kind", flat=True)) == {"werkstatt", "dialog", "online"}
    assert all("synthetisch" in w.description for w in future)
    dialogs = future.filter(kind="dialog")
    assert sorted(str(d.regierungsbezirk_id) for d in dialogs) == ["066", "None"]  # and central
