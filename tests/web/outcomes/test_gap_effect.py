"""The outcome → scenario → gap path of a project, the stored result and when it is reused."""

from __future__ import annotations

import polars as pl
import pytest
from p3_world import YEARS, subset_tables, world_project

from fachkraefte.forecast import store
from fachkraefte.forecast.runner import run_forecast
from fachkraefte.forecast.scenario import Measure, Scenario
from fachkraefte.web.monitor.selectors import default_run
from fachkraefte.web.outcomes import selectors, services
from fachkraefte.web.outcomes.models import GapEffect, OutcomeResult
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import tasks_run_queued

pytestmark = pytest.mark.django_db

PROJECT = GapEffect.Subject.PROJECT
PLANNED = GapEffect.Kind.PLANNED


def _state(project, kind=PLANNED):
    return selectors.gap_effect_state(subject=PROJECT, subject_id=project.pk, kind=kind)


def _cell_gap(run_id: str) -> pl.DataFrame:
    return (
        store.read_frame(run_id)
        .filter((pl.col("ags") == "14626") & (pl.col("kldb3") == "813"))
        .group_by("year")
        .agg(pl.col("gap").sum())
        .sort("year")
    )


def test_twenty_qualified_a_year_move_the_gap_as_a_direct_engine_run(world, in_need_store):
    """The project plans 20 qualified Pflegefachkräfte in 813/14626 in each of 2025–2027: the
    stored effect equals the gap difference of two full engine runs, with and without the
    Measure (20 a year available from 2026 to 2028)."""
    base = run_forecast(subset_tables(), years=YEARS)
    project = world_project(world)
    state = _state(project)
    assert state.status == "pending" and state.run.run_id == base["run_id"]
    task = services.gap_effect_request(state=state)
    assert task is not None and task.status == Task.Status.QUEUED
    assert tasks_run_queued() >= 1
    state = _state(project)
    assert state.status == "ready", state.effect and state.effect.problem
    measure = Measure(
        kldb3="813", ags="14626", from_year=2026, until_year=2028, graduates_per_year=20
    )
    direct = run_forecast(
        subset_tables(), years=YEARS, scenario=Scenario(name="projekt", measures=(measure,))
    )
    moved = (
        _cell_gap(base["run_id"])
        .join(_cell_gap(direct["run_id"]), on="year", suffix="_m")
        .with_columns(moved=pl.col("gap") - pl.col("gap_m"))
    )
    stored = {
        row["year"]: row["added_supply"]
        for row in state.effect.result["cells"]
        if row["ags"] == "14626" and row["kldb3"] == "813"
    }
    for row in moved.iter_rows(named=True):
        assert stored[row["year"]] == pytest.approx(row["moved"], abs=1e-6), row
    assert stored[2026] == pytest.approx(20)
    horizon = state.effect.result["year"]
    last = moved.filter(pl.col("year") == horizon).row(0, named=True)
    assert state.effect.result["share_closed"] == pytest.approx(last["moved"] / last["gap"])
    assert "<svg" in state.effect.result["chart"]["de"]["svg"]


def test_the_stored_result_is_reused_and_a_new_run_or_new_outcomes_ask_again(world, in_need_store):
    first = run_forecast(subset_tables(), years=YEARS)
    project = world_project(world)
    services.gap_effect_request(state=_state(project))
    tasks_run_queued()
    ready = _state(project)
    assert ready.status == "ready" and ready.run.run_id == first["run_id"]
    # asked again: the same row, no new task
    before = Task.objects.count()
    assert services.gap_effect_request(state=_state(project)) is None
    assert Task.objects.count() == before and _state(project).effect.pk == ready.effect.pk
    # changed outcomes: another hash, computed anew
    OutcomeResult.objects.filter(project=project, kind=PLANNED).update(count=25)
    changed = _state(project)
    assert changed.status == "pending" and changed.inputs.digest != ready.inputs.digest
    services.gap_effect_request(state=changed)
    tasks_run_queued()
    assert _state(project).status == "ready"
    # a new default run: computed anew for it, the old result kept for the old run
    second = run_forecast(subset_tables(), years=YEARS)
    renewed = _state(project)
    assert renewed.status == "pending" and renewed.run.run_id == second["run_id"]
    services.gap_effect_request(state=renewed)
    tasks_run_queued()
    now = _state(project)
    assert now.status == "ready" and now.effect.run_id == second["run_id"]
    assert GapEffect.objects.filter(subject=PROJECT, subject_id=project.pk).count() == 3


def test_an_implausible_outcome_is_stored_as_not_computable(world, in_need_store):
    run_forecast(subset_tables(), years=YEARS)
    project = world_project(world)
    OutcomeResult.objects.filter(project=project, kind=PLANNED).update(count=90000)
    services.gap_effect_request(state=_state(project))
    tasks_run_queued()
    state = _state(project)
    assert state.status == "failed" and "graduates_per_year" in state.effect.problem


def test_the_effect_page_says_it_is_being_computed_then_names_the_run(
    world, clients, in_need_store
):
    run_forecast(subset_tables(), years=YEARS)
    # the page names the default run: the newest base run of the store, which is the one just
    # made unless another test of this module made one in the same second (run ids count seconds)
    shown_run = default_run().run_id
    project = world_project(world)
    url = f"/projekte/{project.pk}/wirkung/"
    html = clients["applicant"].get(url).content.decode()
    assert "wird berechnet" in html and 'hx-trigger="every 3s"' in html
    tasks_run_queued()
    html = clients["steering"].get(url).content.decode()
    assert shown_run in html and "Prognostizierte Lücke" in html
    assert "wird berechnet" not in html
    alliance = clients["member"].get(f"/projekte/allianz/{world.a.slug}/wirkung/")
    assert alliance.status_code == 200 and project.title in alliance.content.decode()


def test_the_project_page_can_include_the_effect_for_whom_may_see_it(world, in_need_store, rf):
    from django.template import Context, Template

    run_forecast(subset_tables(), years=YEARS)
    project = world_project(world)
    tasks_run_queued()
    page = Template("{% load outcomes_need %}{% project_gap_effect project %}")
    shown = {}
    for role in ("applicant", "outsider"):
        request = rf.get(f"/projekte/{project.pk}/")
        request.user, request.LANGUAGE_CODE = world.users[role], "de"
        shown[role] = page.render(Context({"project": project, "request": request}))
    assert f'hx-get="/projekte/{project.pk}/wirkung/?teil=1"' in shown["applicant"]
    assert "Beitrag geplant" in shown["applicant"] and "Beitrag" not in shown["outsider"]
