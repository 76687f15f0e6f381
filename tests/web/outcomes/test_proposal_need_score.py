"""The need score in the proposal lists (issue 14, point 2): the office's and the steering
group's intake shows the stored score of the current forecast run in a column "Bedarf" and
sorts by it, empty ("–") last in both directions; the API orders by ``need_score``. The lists
only read what the background task stored: nothing is computed or queued by a list request."""

from __future__ import annotations

import csv
import io

import pytest
from p3_world import YEARS, subset_tables
from proposal_world import proposal_in_state, world_call

from fachkraefte.forecast.runner import run_forecast
from fachkraefte.web.monitor.selectors import default_run
from fachkraefte.web.outcomes.models import GapEffect
from fachkraefte.web.outcomes.services import gap_effect_store
from fachkraefte.web.tasks.models import Task

pytestmark = pytest.mark.django_db

INTAKE = "/antraege/eingang/"


@pytest.fixture()
def scored(world, in_need_store):
    """Three submitted proposals of A: high (71.6), low (12.2) and one without a stored score;
    the low one also has an older run's effect (ignored) and a failed one (ignored)."""
    run_forecast(subset_tables(), years=YEARS)
    # the run the lists read (runs made within one second by earlier tests may tie on time)
    current = default_run().run_id
    call = world_call(world)
    office = world.users["coordination"]
    applicant = world.users["applicant"]
    high, low, none = (
        proposal_in_state(call, applicant, office, state)
        for state in ("submitted", "in_review", "revision")
    )
    expected = {"subject": GapEffect.Subject.PROPOSAL, "kind": GapEffect.Kind.EXPECTED}
    for proposal, score, run_id in (
        (high, 71.6, current),
        (low, 12.2, current),
        (low, 99.0, "an-older-run"),
    ):
        gap_effect_store(
            **expected,
            subject_id=proposal.pk,
            run_id=run_id,
            inputs_hash="h",
            result={"need_score": score, "share_closed": 0.1},
        )
    gap_effect_store(**expected, subject_id=none.pk, run_id=current, inputs_hash="x", result=None)
    return high, low, none


def _titles(html: str, proposals) -> list[str]:
    """The proposals' titles in the order the page lists them."""
    return sorted((p.title for p in proposals), key=html.index)


def test_the_intake_sorts_by_the_stored_need_score_empty_last(clients, scored):
    high, low, none = scored
    tasks_before = Task.objects.count()
    for role in ("coordination", "steering"):
        descending = clients[role].get(INTAKE + "?sort=-need_score").content.decode()
        assert ">Bedarf<" in descending or "Bedarf</a>" in descending
        assert _titles(descending, scored) == [high.title, low.title, none.title]
        ascending = clients[role].get(INTAKE + "?sort=need_score").content.decode()
        assert _titles(ascending, scored) == [low.title, high.title, none.title]
    assert Task.objects.count() == tasks_before  # read only: nothing queued by a list


def test_the_intake_cell_shows_the_rounded_score_or_a_dash(clients, scored):
    response = clients["coordination"].get(INTAKE + "?sort=-need_score&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_title = {row["Projekttitel"]: row["Bedarf"] for row in rows}
    high, low, none = scored
    assert by_title[high.title] == "72" and by_title[low.title] == "12"
    assert by_title[none.title] == ""
    page = clients["coordination"].get(INTAKE + "?sort=-need_score").content.decode()
    row_of_none = page[page.index(none.title) :].split("</tr>")[0]
    assert 'kern-table__cell--numeric">–</td>' in row_of_none


def test_the_applicant_list_has_no_need_column(clients, scored):
    page = clients["applicant"].get("/antraege/").content.decode()
    assert scored[0].title in page
    assert "Bedarf" not in page


def test_the_api_orders_by_need_score_for_the_deciding_side_only(clients, scored):
    high, low, none = scored
    ids = {p.pk for p in scored}
    for ordering, order in (("-need_score", [high, low, none]), ("need_score", [low, high, none])):
        answer = clients["coordination"].get(f"/api/proposals/?ordering={ordering}").json()
        rows = [row for row in answer["results"] if row["id"] in ids]
        assert [row["id"] for row in rows] == [p.pk for p in order]
        scores = {high.pk: 71.6, low.pk: 12.2, none.pk: None}
        assert [row["need_score"] for row in rows] == [scores[p.pk] for p in order]
    own = clients["applicant"].get("/api/proposals/?ordering=-need_score").json()["results"]
    assert {row["id"] for row in own} >= ids
    assert all(row["need_score"] is None for row in own)  # the check is never the applicant's
