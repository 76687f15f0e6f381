"""Who may see and do what with a project's money; one predicate per question, with the state.

- the recipient (the project's responsible people, and the applicant of its proposal): sees the
  project's requests and repayments, drafts and submits payment requests while the project is
  running or its final report is due;
- the coordination office (and admin): sees everything, approves or rejects submitted requests,
  marks approved ones paid, books repayments; the queue of all open requests is theirs;
- the project's alliance (members and steering group): reads its projects' money, writes nothing;
- everyone else: nothing (404, so that a project's existence does not leak). A draft request is
  seen by the recipient only, like a draft proposal.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.rules import role_in
from fachkraefte.web.payments.models import PaymentRequest
from fachkraefte.web.projects.models import Project, ProjectPerson

S = PaymentRequest.Status
P = Project.Status
# Payment requests are drafted and submitted only while the project runs (or reports at its end).
REQUESTING = {P.RUNNING, P.FINAL_REPORT_DUE}
# Money comes back also after the end: a return demanded after the final report's review.
REPAYABLE = {P.RUNNING, P.FINAL_REPORT_DUE, P.PAUSED, P.CLOSED, P.CANCELLED}


def _pk(user: Any) -> Any:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def is_recipient(user: Any, project: Project) -> bool:
    if _pk(user) is None:
        return False
    applicant = project.proposal.applicant_id if project.proposal_id else None
    people = ProjectPerson.objects.filter(project=project, user_id=_pk(user))
    return applicant == _pk(user) or people.exists()


def is_office(user: Any) -> bool:
    return is_coordination(user)


def is_alliance_reader(user: Any, project: Project) -> bool:
    return project.alliance_id is not None and role_in(user, project.alliance) is not None


def may_view_money(user: Any, project: Project) -> bool:
    readers = is_office(user) or is_alliance_reader(user, project)
    return readers or is_recipient(user, project)


def may_view_request(user: Any, payment_request: PaymentRequest) -> bool:
    if payment_request.status == S.DRAFT:
        return is_recipient(user, payment_request.project)
    return may_view_money(user, payment_request.project)


def may_create_request(user: Any, project: Project) -> bool:
    has_ledger = project.proposal_id is not None and not project.is_historic
    return is_recipient(user, project) and has_ledger and project.status in REQUESTING


def may_edit_request(user: Any, payment_request: PaymentRequest) -> bool:
    project = payment_request.project
    draft = payment_request.status == S.DRAFT
    return draft and project.status in REQUESTING and is_recipient(user, project)


def may_submit(user: Any, payment_request: PaymentRequest) -> bool:
    return may_edit_request(user, payment_request)


def may_decide(user: Any, payment_request: PaymentRequest) -> bool:
    return is_office(user) and payment_request.status == S.SUBMITTED


def may_mark_paid(user: Any, payment_request: PaymentRequest) -> bool:
    return is_office(user) and payment_request.status == S.APPROVED


def may_book_repayment(user: Any, project: Project) -> bool:
    has_ledger = project.proposal_id is not None and not project.is_historic
    return is_office(user) and has_ledger and project.status in REPAYABLE


def may_see_queue(user: Any) -> bool:
    return is_office(user)
