"""Who may see and do what in the review of a proposal, each rule with the record's state.

- the coordination office ("the office") assigns reviewers while the proposal is being reviewed
  (in review, or a full proposal submitted) and lifts a declared conflict with a reason;
- a reviewer opens an assignment and sees only title and applicant until they declared their
  conflict of interest ("keine Befangenheit" or "befangen" with a reason), once;
- a reviewer without conflict (or whose conflict the office lifted) scores while the proposal is
  in review and until they submit; a conflicted reviewer never scores;
- the scores of others (the summary): the office and the deciding body (the call's steering
  group, which decides on the proposal) always; a reviewer only after submitting their own
  review and only without conflict, so that nobody anchors on others' scores before scoring,
  and nobody conflicted sees anything of the assessment.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.rules import can_manage
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reviews.models import Review

S = Proposal.Status
C = Review.Conflict
REVIEWABLE = {S.IN_REVIEW, S.FULL_SUBMITTED}
OPEN_CONFLICT = {C.NONE, C.LIFTED}


def _pk(user: Any) -> Any:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def is_office(user: Any) -> bool:
    return is_coordination(user)


def is_own(user: Any, review: Review) -> bool:
    return _pk(user) is not None and review.reviewer_id == _pk(user)


def is_deciding_body(user: Any, proposal: Proposal) -> bool:
    return proposal.call.alliance_id is not None and can_manage(user, proposal.call.alliance)


def in_review(proposal: Proposal) -> bool:
    return proposal.status in REVIEWABLE


def may_assign(user: Any, proposal: Proposal) -> bool:
    return is_office(user) and in_review(proposal)


def may_open(user: Any, review: Review) -> bool:
    """The assignment page: title and applicant (the reviewer), or the review (the office)."""
    return is_own(user, review) or is_office(user)


def may_declare(user: Any, review: Review) -> bool:
    return is_own(user, review) and review.conflict == C.UNDECLARED and in_review(review.proposal)


def may_read_proposal(user: Any, review: Review) -> bool:
    return is_own(user, review) and review.conflict in OPEN_CONFLICT


def may_score(user: Any, review: Review) -> bool:
    return (
        is_own(user, review)
        and review.conflict in OPEN_CONFLICT
        and review.submitted_at is None
        and in_review(review.proposal)
    )


def may_lift(user: Any, review: Review) -> bool:
    return is_office(user) and review.conflict == C.DECLARED and in_review(review.proposal)


def may_see_scores(user: Any, proposal: Proposal) -> bool:
    if is_office(user) or is_deciding_body(user, proposal):
        return True
    return Review.objects.filter(
        proposal=proposal,
        reviewer_id=_pk(user),
        conflict__in=OPEN_CONFLICT,
        submitted_at__isnull=False,
    ).exists()
