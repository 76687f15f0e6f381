"""A funded project of the role world's applicant in alliance A, for the project and report tests
and the role matrix: an approved proposal (made with the ORM: proposals have their own tests),
the project created from it through ``projects.services``, its reports as scheduled.

Imported by name (``from p1_world import project_records``) like ``role_world``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.models import Region
from fachkraefte.web.projects import services
from fachkraefte.web.projects.models import Milestone, Project, ProjectPerson
from fachkraefte.web.proposals.models import BudgetLine, Proposal
from fachkraefte.web.reporting import services as reporting_services
from fachkraefte.web.reporting.models import Report, ReportAttachment

STARTS, ENDS = dt.date(2025, 1, 1), dt.date(2026, 6, 30)
PLAN = (("personnel", "7000.00"), ("material", "2000.00"), ("travel", "1000.00"))


def approved_proposal(
    w: Any, *, title: str = "Pflege im Verbund", approved: str = "9000.00", slug: str = "aufruf-p1"
) -> Proposal:
    call, _created = Call.objects.get_or_create(
        slug=slug,
        defaults={
            "programme": w.saxony,
            "alliance": w.a,
            "title": "Aufruf P1",
            "summary": "Projekte der Allianz A",
            "status": Call.Status.PUBLISHED,
            "opens_on": dt.date(2024, 10, 1),
            "budget_year": 2025,
            "max_grant_rate": Decimal("0.9"),
            "eligible_cost_types": [key for key, _amount in PLAN],
        },
    )
    proposal = Proposal.objects.create(
        call=call,
        applicant=w.users["applicant"],
        organisation_name="Bildungswerk Görlitz e. V.",
        organisation_category="education",
        stage=Proposal.Stage.SKETCH,
        status=Proposal.Status.APPROVED,
        title=title,
        summary="Qualifizierung zu Pflegefachkräften",
        starts_on=STARTS,
        ends_on=ENDS,
        occupations=["813"],
        target_groups=["unemployed"],
        expected_outcomes=[
            {
                "count": 20,
                "what": "Pflegefachkräfte qualifiziert",
                "occupation": "813",
                "district": "14626",
            },
        ],
        approved_amount=Decimal(approved),
        action_field=w.field,
    )
    proposal.districts.set([Region.objects.get(ags="14626")])
    for cost_type, amount in PLAN:
        BudgetLine.objects.create(proposal=proposal, cost_type=cost_type, amount=Decimal(amount))
    return proposal


def project_records(w: Any) -> SimpleNamespace:
    """Built once per test (cached on the world copy); undone with the test's savepoint."""
    cached = getattr(w, "_p1_records", None)
    if cached is not None:
        return cached
    office = w.users["coordination"]
    proposal = approved_proposal(w)
    project = services.project_create_from_proposal(proposal=proposal, actor=office)
    services.project_transition(project=project, actor=office, to=Project.Status.RUNNING)
    milestone = Milestone.objects.create(
        project=project, title="Kursstart", due_on=dt.date(2025, 3, 1)
    )
    reports = list(Report.objects.filter(project=project).order_by("due_on"))
    records = SimpleNamespace(
        proposal=proposal, project=project, milestone=milestone, reports=reports
    )
    w._p1_records = records
    return records


def report_in_state(w: Any, state: str) -> Report:
    """The project's first interim report, moved to ``state`` directly (the matrix's stage)."""
    report = project_records(w).reports[0]
    if report.status != state:
        report.status = state
        report.text = "Sachbericht" if state != Report.Status.DUE else ""
        report.save()
    return report


def project_in_state(w: Any, state: str) -> Project:
    """The world's project moved to ``state`` directly (the matrix's stage)."""
    project = project_records(w).project
    if project.status != state:
        project.status = state
        project.save()
    return project


def unmade_proposal(w: Any) -> Proposal:
    """An approved proposal of the applicant that has no project yet."""
    cached = getattr(w, "_p1_unmade", None)
    if cached is None:
        cached = approved_proposal(w, title="Noch ohne Projekt")
        w._p1_unmade = cached
    return cached


def reporting_person(w: Any) -> ProjectPerson:
    """A second responsible person (the member of A for reporting): one that may be removed."""
    project = project_records(w).project
    person, _created = ProjectPerson.objects.get_or_create(
        project=project, user=w.users["member"], role=ProjectPerson.Role.REPORTING
    )
    return person


def report_attachment(w: Any) -> ReportAttachment:
    """A PDF attached (through the service) to the first report, which stays writable."""
    from pdf_samples import pdf_bytes

    cached = getattr(w, "_p1_attachment", None)
    if cached is None:
        report = report_in_state(w, Report.Status.DRAFT)
        cached = reporting_services.attachment_add(
            actor=w.users["applicant"], report=report, title="Teilnehmerliste", upload=pdf_bytes()
        )
        w._p1_attachment = cached
    return cached
