"""Who may see and do what with a funded project, each rule with the project's state.

- the coordination office ("the office"): sees every project; starts, pauses, resumes, cancels
  and closes it; edits the budget by cost type while the project is in preparation;
- the recipient (the proposal's applicant and the project's people): sees the project, keeps
  its milestones while it runs; the project lead also keeps its people;
- the alliance (members and steering group): sees its projects (decided, so no longer secret
  inside the alliance), changes nothing;
- the scheduled job (``CLOCK``): moves a running project whose end has passed to "final report
  due", nothing else;
- everyone else: nothing (404). The public record is a separate page with public fields only.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.rules import can_view_internal
from fachkraefte.web.projects.models import Project, ProjectPerson
from fachkraefte.web.proposals.models import Proposal

S = Project.Status
OPEN = {S.PREPARATION, S.RUNNING, S.PAUSED}
REPORTING = {S.RUNNING, S.PAUSED, S.FINAL_REPORT_DUE}
# The actor of the periodic job: never signed in, so audit entries name "system".
CLOCK = SimpleNamespace(is_authenticated=False, pk=None, is_superuser=False)


def _pk(user: Any) -> Any:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def is_clock(user: Any) -> bool:
    return user is CLOCK


def is_office(user: Any, project: Project | None = None) -> bool:
    return is_coordination(user)


def is_person(user: Any, project: Project, *, role: str | None = None) -> bool:
    rows = ProjectPerson.objects.filter(project=project, user_id=_pk(user))
    return _pk(user) is not None and rows.filter(**({"role": role} if role else {})).exists()


def is_recipient(user: Any, project: Project) -> bool:
    applicant = project.proposal.applicant_id if project.proposal_id else None
    return _pk(user) is not None and (applicant == _pk(user) or is_person(user, project))


def is_lead(user: Any, project: Project) -> bool:
    applicant = project.proposal.applicant_id if project.proposal_id else None
    lead = is_person(user, project, role=ProjectPerson.Role.LEAD)
    return _pk(user) is not None and (applicant == _pk(user) or lead)


def is_alliance(user: Any, project: Project) -> bool:
    return project.alliance_id is not None and can_view_internal(user, project.alliance)


def may_view(user: Any, project: Project) -> bool:
    return is_office(user) or is_recipient(user, project) or is_alliance(user, project)


def may_see_internal_note(user: Any, project: Project) -> bool:
    return is_office(user)


def may_create_from(user: Any, proposal: Any) -> bool:
    approved = proposal.status in {Proposal.Status.APPROVED, Proposal.Status.FUNDED}
    return is_office(user) and approved and not Project.objects.filter(proposal=proposal).exists()


def may_start(user: Any, project: Project) -> bool:
    return is_office(user) and project.status == S.PREPARATION


def may_pause(user: Any, project: Project) -> bool:
    return is_office(user) and project.status == S.RUNNING


def may_resume(user: Any, project: Project) -> bool:
    return is_office(user) and project.status == S.PAUSED


def ended(project: Project, *, today: dt.date | None = None) -> bool:
    return project.ends_on is not None and project.ends_on < (today or dt.date.today())


def may_ask_final_report(user: Any, project: Project) -> bool:
    clock = is_clock(user) and ended(project)
    return (is_office(user) or clock) and project.status == S.RUNNING


def may_close(user: Any, project: Project) -> bool:
    return is_office(user) and project.status == S.FINAL_REPORT_DUE


def may_cancel(user: Any, project: Project) -> bool:
    return is_office(user) and project.status in OPEN


def may_edit_budget(user: Any, project: Project) -> bool:
    return is_office(user) and project.status == S.PREPARATION


def may_edit_milestones(user: Any, project: Project) -> bool:
    return (is_office(user) or is_recipient(user, project)) and project.status in OPEN | REPORTING


def may_edit_people(user: Any, project: Project) -> bool:
    return (is_office(user) or is_lead(user, project)) and project.status in OPEN | REPORTING
