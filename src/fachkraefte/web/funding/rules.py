"""Who may see and book a programme's money; one predicate per question.

- coordination office (and admin): every budget and entry; allocates, carries over, revises
  planning budgets, sets funding terms and earmarks;
- an alliance's members and steering group: their alliance's budgets and entries (read only;
  commitments are booked by the steering group's decision, in the decisions/proposals apps);
- programme pools (no alliance) and everything else: the office only. The public sees nothing,
  and a budget someone may not see answers 404 so that its existence does not leak.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.rules import role_in
from fachkraefte.web.funding.models import Budget, FundingTerms


def can_see_funding(user: Any) -> bool:
    """The overview exists for the office and for people with a role in some alliance."""
    if is_coordination(user):
        return True
    return bool(getattr(user, "is_authenticated", False) and user.alliance_roles.exists())


def can_view_budget(user: Any, budget: Budget) -> bool:
    if is_coordination(user):
        return True
    return budget.alliance_id is not None and role_in(user, budget.alliance) is not None


def can_manage_budgets(user: Any) -> bool:
    return is_coordination(user)


def can_allocate(user: Any, budget: Budget) -> bool:
    return is_coordination(user)


def can_carry_over(user: Any, budget: Budget) -> bool:
    terms = FundingTerms.objects.filter(programme_id=budget.programme_id).first()
    return is_coordination(user) and terms is not None and terms.carries_over


def can_revise_planning(user: Any, budget: Budget) -> bool:
    planning = budget.planning_until is not None and budget.alliance_id is not None
    return is_coordination(user) and planning
