"""Who sees and labels overlaps, each rule with the proposal's state.

- the office (coordination), the call's steering group and reviewers who may read the
  proposal see its overlap check once it is submitted (never a draft: nobody but its
  applicants sees a draft);
- the applicant and co-applicants never see the check (other providers' proposals are
  confidential) and are never blocked by it; while drafting and afterwards they see similar
  funded projects elsewhere, as inspiration;
- only the office labels a pair, while the proposal is still open (not withdrawn/decided);
  the office exports the labels and starts a refresh of the index.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.proposals import rules as proposal_rules
from fachkraefte.web.proposals.models import Proposal

S = Proposal.Status
OPEN = {S.SUBMITTED, S.IN_REVIEW, S.REVISION, S.INVITED, S.FULL_SUBMITTED}
INDEXED_PROPOSALS = OPEN
SUBJECTS = OPEN | {S.DRAFT}


def is_checker(user: Any, proposal: Proposal) -> bool:
    return (
        proposal_rules.is_office(user, proposal.call)
        or proposal_rules.is_deciding_body(user, proposal.call)
        or (proposal_rules.may_view(user, proposal) and proposal_rules.is_reviewer(user, proposal))
    )


def may_see_check(user: Any, proposal: Proposal) -> bool:
    return proposal.status != S.DRAFT and is_checker(user, proposal)


def may_see_inspiration(user: Any, proposal: Proposal) -> bool:
    return proposal_rules.is_party(user, proposal)  # in every state: it only inspires


def may_label(user: Any, proposal: Proposal) -> bool:
    return proposal_rules.is_office(user, proposal.call) and proposal.status in OPEN


def may_see_labels(user: Any) -> bool:
    return is_coordination(user)


def may_refresh(user: Any) -> bool:
    return is_coordination(user)
