"""Projects from approved proposals: the cents-exact budget split, planned outcomes, people,
the report schedule, status steps through the declared workflow, closing and the periodic job."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st
from p1_world import approved_proposal, project_records

from fachkraefte.web.core.workflows import TransitionNotAllowed, TransitionNotDeclared
from fachkraefte.web.outcomes.models import OutcomeResult
from fachkraefte.web.projects import rules, services
from fachkraefte.web.projects.budget import split_by_cost_type
from fachkraefte.web.projects.models import Project, ProjectPerson
from fachkraefte.web.projects.workflows import PROJECT
from fachkraefte.web.reporting.models import Report

S = Project.Status


def test_split_is_cents_exact_with_largest_remainder():
    planned = [("personnel", Decimal("1")), ("material", Decimal("1")), ("travel", Decimal("1"))]
    split = split_by_cost_type(Decimal("100.00"), planned)
    # 33.333… each: the one cent left goes to the first of the equal remainders
    assert split == {
        "personnel": Decimal("33.34"),
        "material": Decimal("33.33"),
        "travel": Decimal("33.33"),
    }


@given(
    approved=st.decimals(min_value="0.01", max_value="9999999.99", places=2),
    weights=st.lists(st.integers(min_value=1, max_value=10**8), min_size=1, max_size=8),
)
def test_split_always_sums_to_the_approved_amount(approved, weights):
    planned = [(f"type{i}", Decimal(w) / 100) for i, w in enumerate(weights)]
    split = split_by_cost_type(approved, planned)
    assert sum(split.values()) == approved
    assert all(value == value.quantize(Decimal("0.01")) and value >= 0 for value in split.values())
    total = sum(weights)
    exact = {f"type{i}": approved * w / total for i, w in enumerate(weights)}
    assert all(abs(split[key] - exact[key]) < Decimal("0.01") for key in split)


def test_project_from_proposal_takes_its_facts(world):
    records = project_records(world)
    project, proposal = records.project, records.proposal
    assert (project.title, project.recipient, project.alliance) == (
        proposal.title,
        proposal.organisation_name,
        world.a,
    )
    assert project.funding_year == proposal.call.budget_year == 2025
    assert [d.ags for d in project.districts.all()] == ["14626"]
    assert project.action_field == world.field
    lines = {line.cost_type: line.amount for line in project.budget_lines.all()}
    # 9,000 EUR approved of a 10,000 EUR plan: 70 %, 20 %, 10 %
    assert lines == {
        "personnel": Decimal("6300.00"),
        "material": Decimal("1800.00"),
        "travel": Decimal("900.00"),
    }
    lead = project.people.get()
    assert (lead.user, lead.role) == (world.users["applicant"], ProjectPerson.Role.LEAD)
    planned = OutcomeResult.objects.get(project=project)
    assert (
        planned.kind,
        planned.count,
        planned.occupation,
        planned.district.ags,
        planned.year,
    ) == ("planned", 20, "813", "14626", 2026)
    # 2025-01-01 to 2026-06-30, interim every 6 months, final 3 months after the end
    dues = [(r.kind, r.due_on) for r in Report.objects.filter(project=project).order_by("due_on")]
    assert dues == [
        ("interim", dt.date(2025, 7, 1)),
        ("interim", dt.date(2026, 1, 1)),
        ("final", dt.date(2026, 9, 30)),
    ]


def test_creation_is_idempotent_and_office_only(world):
    proposal = approved_proposal(world)
    with pytest.raises(PermissionDenied):
        services.project_create_from_proposal(proposal=proposal, actor=world.users["steering"])
    first = services.project_create_from_proposal(
        proposal=proposal, actor=world.users["coordination"]
    )
    again = services.project_create_from_proposal(
        proposal=proposal, actor=world.users["coordination"]
    )
    assert first.pk == again.pk and Project.objects.filter(proposal=proposal).count() == 1


def test_budget_must_sum_to_the_approved_amount(world):
    office = world.users["coordination"]
    project = services.project_create_from_proposal(proposal=approved_proposal(world), actor=office)
    with pytest.raises(ValidationError):
        services.project_budget_set(
            project=project, actor=office, amounts={"personnel": Decimal("8999.99")}
        )
    services.project_budget_set(
        project=project,
        actor=office,
        amounts={"personnel": Decimal("8000.00"), "material": Decimal("1000.00")},
    )
    assert sum(line.amount for line in project.budget_lines.all()) == Decimal("9000.00")
    services.project_transition(project=project, actor=office, to=S.RUNNING)
    with pytest.raises(PermissionDenied):
        services.project_budget_set(
            project=project, actor=office, amounts={"personnel": Decimal("9000.00")}
        )


WORKFLOW_TABLE = {
    (S.PREPARATION, S.RUNNING),
    (S.RUNNING, S.PAUSED),
    (S.PAUSED, S.RUNNING),
    (S.RUNNING, S.FINAL_REPORT_DUE),
    (S.FINAL_REPORT_DUE, S.CLOSED),
    (S.PREPARATION, S.CANCELLED),
    (S.RUNNING, S.CANCELLED),
    (S.PAUSED, S.CANCELLED),
}


def test_workflow_table_is_as_declared():
    assert {(t.source, t.target) for t in PROJECT.transitions} == WORKFLOW_TABLE


def test_steps_office_only_and_undeclared_refused(world):
    project = project_records(world).project
    with pytest.raises(TransitionNotAllowed):
        services.project_transition(project=project, actor=world.users["applicant"], to=S.PAUSED)
    with pytest.raises(TransitionNotDeclared):
        services.project_transition(
            project=project, actor=world.users["coordination"], to=S.PREPARATION
        )
    services.project_transition(project=project, actor=world.users["coordination"], to=S.PAUSED)
    assert Project.objects.get(pk=project.pk).status == S.PAUSED


def test_close_needs_the_accepted_final_report(world):
    office = world.users["coordination"]
    project = project_records(world).project
    services.project_transition(project=project, actor=office, to=S.FINAL_REPORT_DUE)
    with pytest.raises(ValidationError):
        services.project_transition(project=project, actor=office, to=S.CLOSED)
    Report.objects.filter(project=project, kind="final").update(status="accepted")
    services.project_close(project=project, actor=office)
    assert Project.objects.get(pk=project.pk).status == S.CLOSED


def test_periodic_job_moves_ended_projects_only(world):
    project = project_records(world).project
    assert services.projects_ask_final_reports(today=dt.date(2026, 6, 30)) == 0
    assert services.projects_ask_final_reports(today=dt.date(2026, 7, 1)) == 1
    assert Project.objects.get(pk=project.pk).status == S.FINAL_REPORT_DUE
    assert services.projects_ask_final_reports(today=dt.date(2026, 7, 2)) == 0
    # the clock may take no other step
    assert not rules.may_pause(rules.CLOCK, project)


def test_milestones_and_people(world):
    project = project_records(world).project
    applicant, outsider = world.users["applicant"], world.users["outsider"]
    milestone = services.milestone_add(
        project=project, actor=applicant, title="Prüfung", due_on=dt.date(2026, 5, 1)
    )
    services.milestone_done(milestone=milestone, actor=applicant, done_on=dt.date(2026, 4, 30))
    assert milestone.done_on == dt.date(2026, 4, 30)
    with pytest.raises(PermissionDenied):
        services.milestone_edit(
            milestone=milestone, actor=outsider, title="x", due_on=dt.date(2026, 5, 1)
        )
    person = services.person_add(
        project=project, actor=applicant, identifier="mitglied-a", role="reporting"
    )
    assert rules.is_recipient(world.users["member"], project)
    services.person_remove(person=person, actor=applicant)
    with pytest.raises(ValidationError):
        services.person_remove(person=project.people.get(role="lead"), actor=applicant)
