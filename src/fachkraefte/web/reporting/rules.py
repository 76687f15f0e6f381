"""Who may see, write and review a project's reports, each rule with the report's state.

- the recipient (``projects.rules.is_recipient``): writes the report while it is due, a draft
  or sent back with changes, and the project is neither closed nor cancelled; submits it;
- the coordination office: reviews a submitted report (accept, or ask for changes with a note);
- whoever may see the project (office, recipient, its alliance) reads its reports;
- the overdue overview: the office (every alliance) and the members of an alliance (its own).
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.alliances.models import AllianceRole
from fachkraefte.web.projects import rules as project_rules
from fachkraefte.web.projects.models import Project
from fachkraefte.web.reporting.models import Report, ReportAttachment

S = Report.Status
WRITABLE = {S.DUE, S.DRAFT, S.CHANGES_REQUESTED}
ENDED = {Project.Status.CLOSED, Project.Status.CANCELLED}


def may_view(user: Any, report: Report) -> bool:
    return project_rules.may_view(user, report.project)


def may_edit(user: Any, report: Report) -> bool:
    live = report.project.status not in ENDED
    return project_rules.is_recipient(user, report.project) and report.status in WRITABLE and live


def may_start_draft(user: Any, report: Report) -> bool:
    return may_edit(user, report) and report.status == S.DUE


def may_submit(user: Any, report: Report) -> bool:
    return may_edit(user, report)


def may_review(user: Any, report: Report) -> bool:
    return project_rules.is_office(user) and report.status == S.SUBMITTED


def may_download(user: Any, attachment: ReportAttachment) -> bool:
    return may_view(user, attachment.report)


def may_see_overdue(user: Any) -> bool:
    member = AllianceRole.objects.filter(user_id=getattr(user, "pk", None)).exists()
    return project_rules.is_office(user) or (getattr(user, "is_authenticated", False) and member)
