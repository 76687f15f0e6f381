"""The projects, milestones and reports API: the same rules and services as the pages."""

from __future__ import annotations

from p1_world import approved_proposal, project_records
from role_world import token_client

from fachkraefte.web.projects.models import Project
from fachkraefte.web.reporting.models import Report


def test_lists_hold_only_visible_projects(world):
    project = project_records(world).project

    def ids(role: str) -> list[int]:
        answer = token_client(world.users[role]).get("/api/projects/").json()
        return [p["id"] for p in answer["results"]]

    assert ids("applicant") == ids("member") == ids("coordination") == [project.pk]
    assert ids("outsider") == []
    detail = token_client(world.users["applicant"]).get(f"/api/projects/{project.pk}/").json()
    assert detail["internal_note"] is None
    assert {line["cost_type"]: line["amount"] for line in detail["budget_lines"]} == {
        "personnel": "6300.00",
        "material": "1800.00",
        "travel": "900.00",
    }
    assert detail["outcomes"][0]["planned"] == 20
    reports = token_client(world.users["outsider"]).get("/api/reports/").json()
    assert reports["count"] == 0


def test_office_creates_and_steps_through_the_api(world):
    office = token_client(world.users["coordination"])
    proposal = approved_proposal(world)
    created = office.post(
        "/api/projects/", {"proposal": proposal.pk}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    again = office.post(
        "/api/projects/", {"proposal": proposal.pk}, content_type="application/json"
    )
    assert again.status_code == 200 and again.json()["id"] == pk
    wrong = office.post(
        f"/api/projects/{pk}/budget/",
        {"amounts": {"personnel": "1.00"}},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    step = office.post(
        f"/api/projects/{pk}/transition/", {"status": "running"}, content_type="application/json"
    )
    assert step.json()["status"] == "running"
    undeclared = office.post(
        f"/api/projects/{pk}/transition/",
        {"status": "preparation"},
        content_type="application/json",
    )
    assert undeclared.status_code == 400
    assert Project.objects.get(pk=pk).status == "running"


def test_report_submitted_and_reviewed_through_the_api(world):
    report = project_records(world).reports[0]
    applicant = token_client(world.users["applicant"])
    office = token_client(world.users["coordination"])
    empty = applicant.post(f"/api/reports/{report.pk}/submit/", {}, content_type="application/json")
    assert empty.status_code == 400 and "text" in empty.json()
    applicant.patch(
        f"/api/reports/{report.pk}/", {"text": "Entwurf"}, content_type="application/json"
    )
    assert Report.objects.get(pk=report.pk).status == "draft"
    answer = applicant.post(
        f"/api/reports/{report.pk}/submit/", {}, content_type="application/json"
    )
    assert answer.json()["status"] == "submitted"
    refused = applicant.post(
        f"/api/reports/{report.pk}/review/", {"accept": True}, content_type="application/json"
    )
    assert refused.status_code == 403
    accepted = office.post(
        f"/api/reports/{report.pk}/review/", {"accept": True}, content_type="application/json"
    )
    assert accepted.json()["status"] == "accepted"


def test_milestones_through_the_api(world):
    project = project_records(world).project
    applicant = token_client(world.users["applicant"])
    created = applicant.post(
        "/api/milestones/",
        {"project": project.pk, "title": "Prüfung", "due_on": "2026-05-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    done = applicant.post(
        f"/api/milestones/{created.json()['id']}/done/",
        {"done_on": "2026-04-30"},
        content_type="application/json",
    )
    assert done.json()["done_on"] == "2026-04-30"


def test_schema_documents_the_endpoints(world):
    schema = token_client(world.users["applicant"]).get("/api/schema/").content.decode()
    for path in ("/api/projects/", "/api/milestones/", "/api/reports/{id}/review/"):
        assert path in schema
