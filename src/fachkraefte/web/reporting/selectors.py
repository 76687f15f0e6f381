"""Reads of reports: those of a project, and the overdue overview of reports and milestones."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.rules import internal_alliances
from fachkraefte.web.projects.models import Milestone, Project
from fachkraefte.web.projects.selectors import projects_list
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.reporting.rules import ENDED, WRITABLE


def _overseen(user: Any):
    """Projects in the overview: the office's all, a member's those of their alliances."""
    projects = Project.objects.exclude(status__in=ENDED)
    if is_coordination(user):
        return projects
    return projects.filter(alliance__in=internal_alliances(user))


def own_projects_with_open_reports(*, user: Any) -> list[Project]:
    """My funded projects that are not closed or cancelled, each with ``open_reports``: the
    reports still to write (due, draft, changes asked), earliest due date first."""
    if not getattr(user, "is_authenticated", False):
        return []
    projects = list(
        projects_list(user=user, scope="mine").exclude(status__in=ENDED).order_by("title")
    )
    reports: dict[int, list[Report]] = {project.pk: [] for project in projects}
    for report in Report.objects.filter(project__in=projects, status__in=WRITABLE).order_by(
        "due_on", "pk"
    ):
        reports[report.project_id].append(report)
    for project in projects:
        project.open_reports = reports[project.pk]
    return [project for project in projects if project.open_reports]


def overdue_rows(*, user: Any, today: dt.date | None = None, alliance: str = "") -> list[dict]:
    """Overdue reports (not submitted by their due date) and milestones (not reached), as rows."""
    today = today or timezone.localdate()
    projects = _overseen(user)
    if alliance:
        projects = projects.filter(alliance__slug=alliance)
    reports = Report.objects.filter(
        project__in=projects, status__in=WRITABLE, due_on__lt=today
    ).select_related("project__alliance")
    milestones = Milestone.objects.filter(
        project__in=projects, done_on__isnull=True, due_on__lt=today
    ).select_related("project__alliance")
    rows = [
        {
            "kind": _("Bericht"),
            "what": report.get_kind_display(),
            "project": report.project.title,
            "recipient": report.project.recipient,
            "alliance": report.project.alliance.name if report.project.alliance_id else "",
            "due_on": report.due_on,
            "days": (today - report.due_on).days,
            "status": report.get_status_display(),
            "url": reverse("reporting:detail", args=[report.pk]),
        }
        for report in reports
    ]
    rows += [
        {
            "kind": _("Meilenstein"),
            "what": milestone.title,
            "project": milestone.project.title,
            "recipient": milestone.project.recipient,
            "alliance": milestone.project.alliance.name if milestone.project.alliance_id else "",
            "due_on": milestone.due_on,
            "days": (today - milestone.due_on).days,
            "status": _("nicht erreicht"),
            "url": reverse("projects:detail", args=[milestone.project_id]),
        }
        for milestone in milestones
    ]
    return rows
