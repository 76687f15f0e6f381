"""Demo projects from the demo's approved and funded proposals (synthetic: "Demodaten").

Runs after the reviews demo (``fachkraefte demo``), which approves a Görlitz proposal. Each
approved or funded proposal becomes a project through the services (office login
``koordination``), is started, and its reports take the states their due dates allow: of the
reports already due, the earlier ones are written, submitted and accepted, the latest stays
unwritten (so it is overdue and shows on the overview); the next one is a draft. Two milestones,
one reached. Nothing is forced: dates come from the proposal, and reruns change nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from fachkraefte.web.projects import services
from fachkraefte.web.projects.models import Project
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reporting import services as reporting
from fachkraefte.web.reporting.models import Report

OFFICE = "koordination"
MARK = "(Demodaten – fiktiver Bericht)"


def _reports(project: Project, office: Any, applicant: Any, today: dt.date) -> None:
    reports = list(Report.objects.filter(project=project).order_by("due_on"))
    past = [report for report in reports if report.due_on < today]
    for report in past[:-1]:  # the latest past one stays overdue
        reporting.report_submit(
            actor=applicant,
            report=report,
            text=f"Die Qualifizierung läuft planmäßig; alle Plätze sind besetzt. {MARK}",
        )
        reporting.report_review(actor=office, report=report, accept=True)
    upcoming = [report for report in reports if report.due_on >= today]
    if upcoming:
        reporting.report_save_draft(
            actor=applicant, report=upcoming[0], text=f"Erste Notizen zum Bericht. {MARK}"
        )


def _milestones(project: Project, applicant: Any) -> None:
    if project.starts_on is None or project.ends_on is None:
        return
    start = services.milestone_add(
        project=project,
        actor=applicant,
        title="Kursstart mit allen Teilnehmenden",
        due_on=project.starts_on + dt.timedelta(days=30),
    )
    services.milestone_done(milestone=start, actor=applicant, done_on=start.due_on)
    middle = project.starts_on + (project.ends_on - project.starts_on) / 2
    services.milestone_add(project=project, actor=applicant, title="Zwischenprüfung", due_on=middle)


def ensure_demo_projects(*, today: dt.date | None = None) -> int:
    """Create the demo projects once; returns how many were created."""
    office = get_user_model().objects.filter(username=OFFICE).first()
    if office is None:
        return 0
    today = today or dt.date.today()
    proposals = Proposal.objects.filter(
        status__in=[Proposal.Status.APPROVED, Proposal.Status.FUNDED], project__isnull=True
    ).select_related("call", "applicant")
    created = 0
    for proposal in proposals.order_by("pk"):
        with transaction.atomic():
            project = services.project_create_from_proposal(proposal=proposal, actor=office)
            services.project_transition(project=project, actor=office, to=Project.Status.RUNNING)
            _milestones(project, proposal.applicant)
            _reports(project, office, proposal.applicant, today)
        created += 1
    services.projects_ask_final_reports(today=today)
    return created
