"""The outcomes API: the recipient writes a report's results, validated after the rules."""

from __future__ import annotations

import pytest
from p3_world import world_report, world_result
from role_world import token_client

from fachkraefte.web.outcomes.models import OutcomeResult

pytestmark = pytest.mark.django_db


def _body(report, **changes):
    return {
        "report": report.pk,
        "what": "Pflegefachkräfte qualifiziert",
        "count": 5,
        "occupation": "813",
        "district": "14626",
        "year": 2026,
        **changes,
    }


def test_the_recipient_adds_changes_and_removes_a_result(world):
    client = token_client(world.users["applicant"])
    report = world_report(world, "draft")
    created = client.post("/api/outcomes/", _body(report), content_type="application/json")
    assert created.status_code == 201, created.content
    row = OutcomeResult.objects.get(pk=created.json()["id"])
    assert (row.kind, row.project_id, row.count) == ("achieved", report.project_id, 5)
    changed = client.patch(
        f"/api/outcomes/{row.pk}/", {"count": 7}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["count"] == 7
    assert client.delete(f"/api/outcomes/{row.pk}/").status_code == 204
    assert not OutcomeResult.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    ("field", "value"), [("occupation", "999"), ("district", "14"), ("year", 1990)]
)
def test_wrong_values_are_named(world, field, value):
    client = token_client(world.users["applicant"])
    body = _body(world_report(world, "draft"), **{field: value})
    answer = client.post("/api/outcomes/", body, content_type="application/json")
    assert answer.status_code == 400 and field in answer.json()


def test_a_submitted_report_takes_no_more_results(world):
    client = token_client(world.users["applicant"])
    answer = client.post(
        "/api/outcomes/", _body(world_report(world, "submitted")), content_type="application/json"
    )
    assert answer.status_code == 403
    row = world_result(world, "submitted")
    assert client.delete(f"/api/outcomes/{row.pk}/").status_code == 403


def test_others_read_only_what_they_may_see(world):
    world_result(world)
    seen = token_client(world.users["member"]).get("/api/outcomes/").json()
    assert seen["count"] >= 1
    hidden = token_client(world.users["outsider"]).get("/api/outcomes/").json()
    assert hidden["count"] == 0
