"""Who may see and enter a project's outcomes and see their effect on the gap.

- the recipient (a responsible person of the project, or the applicant and editing
  co-applicants of its proposal) enters participants and results of a report while the report
  is due, a draft or sent back for changes, and the project is neither closed nor cancelled;
- the recipient, the coordination office and the members of the project's alliance see the
  outcomes and their effect on the gap; the alliance page sums its projects for its members;
- the fit of a proposal to the need is one of the checks beside it (``proposals.rules
  .may_see_checks``): office, steering group, reviewers — never the applicant.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.alliances.rules import can_view_internal
from fachkraefte.web.projects.models import Project, ProjectPerson
from fachkraefte.web.proposals.models import CoApplicant
from fachkraefte.web.reporting.models import Report

EDITABLE_REPORT = {Report.Status.DUE, Report.Status.DRAFT, Report.Status.CHANGES_REQUESTED}
ENDED_PROJECT = {Project.Status.CLOSED, Project.Status.CANCELLED}


def _pk(user: Any) -> Any:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def is_recipient(user: Any, project: Project) -> bool:
    uid = _pk(user)
    if uid is None:
        return False
    if ProjectPerson.objects.filter(project=project, user_id=uid).exists():
        return True
    proposal = project.proposal
    return proposal is not None and (
        proposal.applicant_id == uid
        or CoApplicant.objects.filter(
            proposal=proposal, user_id=uid, right=CoApplicant.Right.EDIT
        ).exists()
    )


def may_view_project_outcomes(user: Any, project: Project) -> bool:
    if is_recipient(user, project) or is_coordination(user):
        return True
    return project.alliance is not None and can_view_internal(user, project.alliance)


def may_view_report_outcomes(user: Any, report: Report) -> bool:
    return may_view_project_outcomes(user, report.project)


def may_edit_report_outcomes(user: Any, report: Report) -> bool:
    return (
        is_recipient(user, report.project)
        and report.status in EDITABLE_REPORT
        and report.project.status not in ENDED_PROJECT
    )


def may_view_alliance_effect(user: Any, alliance: Alliance) -> bool:
    return can_view_internal(user, alliance)
