"""The demo computes the effects the pages would queue, for the default run, once."""

from __future__ import annotations

import pytest
from p3_world import YEARS, subset_tables, world_project
from proposal_world import world_proposal

from fachkraefte.forecast.runner import run_forecast
from fachkraefte.web.outcomes.demo import ensure_demo_gap_effects
from fachkraefte.web.outcomes.models import GapEffect

pytestmark = pytest.mark.django_db


def test_demo_effects_are_computed_once_for_the_default_run(world, in_need_store):
    run = run_forecast(subset_tables(), years=YEARS)
    project = world_project(world)
    world_proposal(world, "submitted")
    said = []
    computed = ensure_demo_gap_effects(say=said.append)
    assert computed >= 4 and "computed" in said[0]
    planned = GapEffect.objects.get(subject="project", subject_id=project.pk, kind="planned")
    assert planned.status == "ready" and planned.run_id == run["run_id"]
    assert GapEffect.objects.filter(subject="alliance", subject_id=world.a.pk).count() == 2
    assert GapEffect.objects.filter(subject="proposal", status="ready").exists()
    assert ensure_demo_gap_effects(say=said.append) == 0  # nothing left to compute
