"""Who may see and do what with a proposal, each rule with the proposal's state.

- applicant (the account that started it) and co-applicants with edit right: edit while the
  proposal is a draft, asked for revision or invited to the full proposal; submit while the
  call takes proposals; withdraw until the alliance has decided; co-applicants with view right
  only read;
- coordination office ("the office"): sees every submitted proposal, starts the review, asks
  for a revision, assigns reviewers, records the funder's external decision;
- the call's alliance: its steering group (and the office) see submitted proposals and decide
  on them, but only through an adopted agenda item (``may_decide``), so no approval bypasses
  the vote; members of the alliance see nothing of proposals that are not decided;
- reviewers: see title and applicant until they declared their conflict of interest; the whole
  proposal afterwards unless conflicted (``reviews.rules``);
- the public: nothing. Drafts are seen by their applicants only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.rules import can_manage
from fachkraefte.web.calls.models import Call
from fachkraefte.web.decisions.models import AgendaItem
from fachkraefte.web.proposals.models import CoApplicant, Proposal
from fachkraefte.web.reviews.models import Review

S = Proposal.Status
EDITABLE = {S.DRAFT, S.REVISION, S.INVITED}
WITHDRAWABLE = {S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.REVISION, S.INVITED, S.FULL_SUBMITTED}
DECIDABLE = {S.IN_REVIEW, S.FULL_SUBMITTED}
SEEN_OPENLY = {Review.Conflict.NONE, Review.Conflict.LIFTED}


def _pk(user: Any) -> Any:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def call_takes_proposals(call: Call, *, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    if call.status != Call.Status.PUBLISHED or today < call.opens_on:
        return False
    return call.closes_on is None or today <= call.closes_on


def is_applicant(user: Any, proposal: Proposal) -> bool:
    return _pk(user) is not None and proposal.applicant_id == _pk(user)


def is_co_applicant(user: Any, proposal: Proposal, *, right: str | None = None) -> bool:
    rows = CoApplicant.objects.filter(proposal=proposal, user_id=_pk(user))
    return _pk(user) is not None and rows.filter(**({"right": right} if right else {})).exists()


def is_party(user: Any, proposal: Proposal) -> bool:
    return is_applicant(user, proposal) or is_co_applicant(user, proposal)


def is_editor(user: Any, proposal: Proposal) -> bool:
    return is_applicant(user, proposal) or is_co_applicant(
        user, proposal, right=CoApplicant.Right.EDIT
    )


def is_office(user: Any, call: Call) -> bool:
    return is_coordination(user)


def is_deciding_body(user: Any, call: Call) -> bool:
    return call.alliance_id is not None and can_manage(user, call.alliance)


def is_reviewer(user: Any, proposal: Proposal) -> bool:
    return Review.objects.filter(proposal=proposal, reviewer_id=_pk(user)).exists()


def may_see_summary(user: Any, proposal: Proposal) -> bool:
    """Title, applicant and state: also for reviewers who have not declared their conflict yet."""
    return may_view(user, proposal) or (
        proposal.status != S.DRAFT and _pk(user) is not None and is_reviewer(user, proposal)
    )


def may_view(user: Any, proposal: Proposal) -> bool:
    if is_party(user, proposal):
        return True
    if proposal.status == S.DRAFT:
        return False
    if is_office(user, proposal.call) or is_deciding_body(user, proposal.call):
        return True
    return Review.objects.filter(
        proposal=proposal, reviewer_id=_pk(user), conflict__in=SEEN_OPENLY
    ).exists()


def may_see_checks(user: Any, proposal: Proposal) -> bool:
    """The overlap and need checks beside a submitted proposal: office, deciding body and
    reviewers who see it openly; never a step for the applicant."""
    if proposal.status == S.DRAFT or _pk(user) is None:
        return False
    if is_office(user, proposal.call) or is_deciding_body(user, proposal.call):
        return True
    return Review.objects.filter(
        proposal=proposal, reviewer_id=_pk(user), conflict__in=SEEN_OPENLY
    ).exists()


def may_create(user: Any, call: Call) -> bool:
    return _pk(user) is not None and call_takes_proposals(call)


def may_edit(user: Any, proposal: Proposal) -> bool:
    return is_editor(user, proposal) and proposal.status in EDITABLE


def may_submit(user: Any, proposal: Proposal) -> bool:
    open_call = proposal.status != S.DRAFT or call_takes_proposals(proposal.call)
    return may_edit(user, proposal) and open_call


def may_resubmit_interest(user: Any, proposal: Proposal) -> bool:
    return may_edit(user, proposal) and proposal.stage != Proposal.Stage.FULL


def may_resubmit_full(user: Any, proposal: Proposal) -> bool:
    return may_edit(user, proposal) and proposal.stage == Proposal.Stage.FULL


def may_withdraw(user: Any, proposal: Proposal) -> bool:
    return is_applicant(user, proposal) and proposal.status in WITHDRAWABLE


def may_manage_co_applicants(user: Any, proposal: Proposal) -> bool:
    return is_applicant(user, proposal) and proposal.status in WITHDRAWABLE


def may_start_review(user: Any, proposal: Proposal) -> bool:
    return is_office(user, proposal.call) and proposal.status == S.SUBMITTED


def may_request_revision(user: Any, proposal: Proposal) -> bool:
    return is_office(user, proposal.call) and proposal.status in {S.SUBMITTED, S.IN_REVIEW}


def may_put_on_agenda(user: Any, proposal: Proposal) -> bool:
    return is_deciding_body(user, proposal.call) and proposal.status in DECIDABLE


def _adopted(proposal: Proposal, motion: str) -> bool:
    item = proposal.agenda_item
    return (
        item is not None
        and proposal.motion == motion
        and item.status == AgendaItem.Status.DECIDED
        and item.outcome == AgendaItem.Outcome.ADOPTED
    )


def may_decide(user: Any, proposal: Proposal) -> bool:
    """Carry out an adopted decision (approve, reject, invite, revise) of the steering group."""
    return (
        is_deciding_body(user, proposal.call)
        and proposal.status in DECIDABLE
        and proposal.agenda_item_id is not None
    )


def may_approve(user: Any, proposal: Proposal) -> bool:
    return may_decide(user, proposal) and _adopted(proposal, Proposal.Motion.APPROVE)


def may_reject(user: Any, proposal: Proposal) -> bool:
    return may_decide(user, proposal) and _adopted(proposal, Proposal.Motion.REJECT)


def may_invite(user: Any, proposal: Proposal) -> bool:
    interest = proposal.stage == Proposal.Stage.INTEREST
    return may_decide(user, proposal) and interest and _adopted(proposal, Proposal.Motion.INVITE)


def may_decide_revision(user: Any, proposal: Proposal) -> bool:
    return may_decide(user, proposal) and _adopted(proposal, Proposal.Motion.REVISE)


def may_record_external(user: Any, proposal: Proposal) -> bool:
    return is_office(user, proposal.call) and proposal.status == S.APPROVED


def may_ask_revision(user: Any, proposal: Proposal) -> bool:
    """The office asks for a revision, or the steering group decides to."""
    return may_request_revision(user, proposal) or may_decide_revision(user, proposal)
