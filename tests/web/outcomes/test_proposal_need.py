"""A proposal's fit to need: the API and the checks panel, shown to the deciding side only."""

from __future__ import annotations

import pytest
from p3_world import YEARS, subset_tables
from proposal_world import world_proposal

from fachkraefte.forecast.runner import run_forecast
from fachkraefte.need import Outcome, assess, outcome_measures
from fachkraefte.web.tasks.services import tasks_run_queued

pytestmark = pytest.mark.django_db


def test_the_need_api_queues_once_then_answers_with_the_stored_fit(world, clients, in_need_store):
    run = run_forecast(subset_tables(), years=YEARS)
    proposal = world_proposal(world, "submitted")
    url = f"/api/proposals/{proposal.pk}/need/"
    first = clients["steering"].get(url).json()
    assert first["status"] == "pending" and first["run_id"] == run["run_id"]
    assert clients["coordination"].get(url).json()["task"] == first["task"]  # queued once
    tasks_run_queued()
    answer = clients["coordination"].get(url).json()
    assert answer["status"] == "ready", answer
    # 20 expected over the two calendar years the proposal runs (2025-09 to 2026-08)
    measures, _ = outcome_measures(
        [Outcome(10, "813", "14626", 2025), Outcome(10, "813", "14626", 2026)],
        base_year=run["base_year"],
    )
    direct = assess(
        run["run_id"],
        cells=[("14626", "813"), ("14626", "821")],
        measures=measures,
        tables=subset_tables(),
    )
    result = answer["result"]
    assert result["share_closed"] == pytest.approx(direct.share_closed)
    assert result["need_score"] == pytest.approx(direct.need_score)
    assert {(c["ags"], c["kldb3"]) for c in result["cells"]} == {("14626", "813"), ("14626", "821")}
    assert "chart" not in result


def test_the_applicant_is_never_shown_the_need_check(world, clients, in_need_store):
    run_forecast(subset_tables(), years=YEARS)
    proposal = world_proposal(world, "submitted")
    assert clients["applicant"].get(f"/api/proposals/{proposal.pk}/need/").status_code == 403
    page = clients["applicant"].get(f"/antraege/{proposal.pk}/").content.decode()
    assert "zum regionalen Bedarf passt" not in page
    tasks_run_queued()
    seen = clients["steering"].get(f"/antraege/{proposal.pk}/").content.decode()
    assert "zum regionalen Bedarf passt" in seen and "Beitrag des Antrags" in seen
