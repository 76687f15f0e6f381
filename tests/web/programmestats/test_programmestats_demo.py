"""The demo history: synthetic, labelled, several years in every Saxon district, idempotent,
some projects with outcomes – and the statistics show its trend."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from fachkraefte.web.outcomes.models import OutcomeResult, ParticipantCount
from fachkraefte.web.programmestats import selectors
from fachkraefte.web.programmestats.demo import DEMO_FILE, ensure_demo_history
from fachkraefte.web.programmestats.headline import programme_headline
from fachkraefte.web.projects.models import Project


def test_demo_history_is_synthetic_spread_over_years_and_idempotent(world):
    created = ensure_demo_history(today=dt.date(2026, 1, 15))
    projects = Project.objects.filter(programme=world.saxony)
    assert created == projects.count() > 300
    assert all(p.is_historic and p.source.startswith(DEMO_FILE) for p in projects)
    assert all(p.title.startswith("Demo:") for p in projects)
    years = Counter(projects.values_list("funding_year", flat=True))
    assert sorted(years) == list(range(2016, 2026))
    assert len(set(years.values())) > 1  # generated counts differ from year to year
    districts = set(projects.values_list("districts__ags", flat=True))
    assert len(districts) == 13
    assert projects.filter(alliance=world.a).exists()  # alliance A covers Görlitz
    assert projects.filter(status=Project.Status.CLOSED).exists()
    assert projects.filter(status=Project.Status.RUNNING).exists()
    assert ParticipantCount.objects.filter(project__in=projects).exists()
    assert OutcomeResult.objects.filter(project__in=projects, kind="achieved").exists()
    assert ensure_demo_history() == 0
    assert Project.objects.filter(programme=world.saxony).count() == created
    rows = selectors.statistics_rows(programme=world.saxony, dimension="jahr")
    assert [row.label for row in rows] == [str(year) for year in range(2016, 2026)]
    assert programme_headline(programme=world.saxony).startswith(
        f"Seit 2016 wurden {created} regionale Projekte mit "
    )
