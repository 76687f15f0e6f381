"""Who may see and do what with a workshop's outcomes, each rule with the record's state.

Decided for this platform:
- the moderation is the workshop's organisers (the coordination office, the steering group of
  the workshop's alliance) and the moderators with an account whom the organisers name;
- outcomes are entered while the workshop runs or after it, until the organisers close the
  entry: "running" is a workshop whose registration is open or closed and whose day has come;
  a done workshop takes entries until its protocol is closed; a planned or cancelled one never;
- dots are given in the same window by the registered participants and the moderation;
- the method (phase template) is chosen before the first outcome exists, since outcomes refer
  to the template's phases; entry is closed by the organisers once the workshop is done;
- outcomes are read by whoever may read the workshop; the follow-up (status, notes) is the
  organisers' and the owner's (the person, or a representative of the organisation), once
  the workshop is done; planning (owner, due date, links) is the moderation's during entry
  and the organisers' afterwards, while the outcome is open or in progress;
- a measure becomes a call for proposals by those who may draft calls of the workshop's
  alliance (``calls.rules``), once, after the workshop, while the measure is open or in
  progress.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from fachkraefte.web.calls.rules import may_create_call
from fachkraefte.web.knowledge.models import Measure
from fachkraefte.web.knowledge.rules import may_propose
from fachkraefte.web.workshop_outcomes.models import Outcome, OutcomeProtocol
from fachkraefte.web.workshop_outcomes.phases import template_of
from fachkraefte.web.workshops.models import Workshop
from fachkraefte.web.workshops.rules import is_organiser, may_view_workshop

S = Workshop.Status
OS = Outcome.Status
LIVE = {S.OPEN, S.CLOSED}
FOLLOWED = {OS.OPEN, OS.IN_PROGRESS}


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_clock(user: Any) -> bool:
    return user is None


def is_moderator(user: Any, workshop: Workshop) -> bool:
    return (
        _signed_in(user)
        and OutcomeProtocol.objects.filter(workshop=workshop, moderators=user).exists()
    )


def is_moderation(user: Any, workshop: Workshop) -> bool:
    return is_organiser(user, workshop) or is_moderator(user, workshop)


def is_participant(user: Any, workshop: Workshop) -> bool:
    return (
        _signed_in(user) and workshop.registrations.filter(user=user, status="registered").exists()
    )


def entry_closed(workshop: Workshop) -> bool:
    return OutcomeProtocol.objects.filter(workshop=workshop, closed_at__isnull=False).exists()


def is_running(workshop: Workshop) -> bool:
    return (
        workshop.status in LIVE and timezone.localdate(workshop.starts_at) <= timezone.localdate()
    )


def entry_open(workshop: Workshop) -> bool:
    return (is_running(workshop) or workshop.status == S.DONE) and not entry_closed(workshop)


def may_view_outcomes(user: Any, workshop: Workshop) -> bool:
    return may_view_workshop(user, workshop) and workshop.status != S.PLANNED


def may_open_moderation(user: Any, workshop: Workshop) -> bool:
    return is_moderation(user, workshop) and workshop.status in {S.OPEN, S.CLOSED, S.DONE}


def may_record(user: Any, workshop: Workshop) -> bool:
    return is_moderation(user, workshop) and entry_open(workshop)


def may_set_method(user: Any, workshop: Workshop) -> bool:
    return (
        is_organiser(user, workshop)
        and workshop.status in {S.PLANNED, S.OPEN, S.CLOSED, S.DONE}
        and not entry_closed(workshop)
        and not workshop.outcomes.exists()
    )


def may_name_moderators(user: Any, workshop: Workshop) -> bool:
    return (
        is_organiser(user, workshop)
        and workshop.status in {S.PLANNED, S.OPEN, S.CLOSED, S.DONE}
        and not entry_closed(workshop)
    )


def may_close_entry(user: Any, workshop: Workshop) -> bool:
    return is_organiser(user, workshop) and workshop.status == S.DONE and not entry_closed(workshop)


def may_vote(user: Any, workshop: Workshop) -> bool:
    return (is_participant(user, workshop) or is_moderation(user, workshop)) and entry_open(
        workshop
    )


def may_view_outcome(user: Any, outcome: Outcome) -> bool:
    return may_view_outcomes(user, outcome.workshop)


def may_edit_text(user: Any, outcome: Outcome) -> bool:
    return may_record(user, outcome.workshop) and outcome.call_id is None


def may_delete_outcome(user: Any, outcome: Outcome) -> bool:
    return may_record(user, outcome.workshop) and outcome.call_id is None


def may_plan_outcome(user: Any, outcome: Outcome) -> bool:
    workshop = outcome.workshop
    return outcome.status in FOLLOWED and (
        may_record(user, workshop) or (is_organiser(user, workshop) and workshop.status == S.DONE)
    )


def is_owner(user: Any, outcome: Outcome) -> bool:
    if not _signed_in(user):
        return False
    if outcome.owner_user_id == user.pk:
        return True
    return (
        outcome.owner_organisation_id is not None
        and outcome.owner_organisation.representatives.filter(user=user).exists()
    )


def may_follow_up(user: Any, outcome: Outcome) -> bool:
    """Status changes and notes: the organisers and the owner, once the workshop is done."""
    return outcome.workshop.status == S.DONE and (
        is_organiser(user, outcome.workshop) or is_owner(user, outcome)
    )


def may_start(user: Any, outcome: Outcome) -> bool:
    return may_follow_up(user, outcome) and outcome.status == OS.OPEN


def may_finish(user: Any, outcome: Outcome) -> bool:
    return may_follow_up(user, outcome) and outcome.status in FOLLOWED


def may_drop(user: Any, outcome: Outcome) -> bool:
    return may_follow_up(user, outcome) and outcome.status in FOLLOWED


def may_reopen(user: Any, outcome: Outcome) -> bool:
    return may_follow_up(user, outcome) and outcome.status in {OS.DONE, OS.DROPPED}


def may_add_note(user: Any, outcome: Outcome) -> bool:
    return may_follow_up(user, outcome)


def is_measure(outcome: Outcome) -> bool:
    category = template_of(_template_key(outcome)).category(outcome.phase, outcome.category)
    return category is not None and category.measure


def may_make_call(user: Any, outcome: Outcome) -> bool:
    workshop = outcome.workshop
    return (
        workshop.alliance_id is not None
        and outcome.call_id is None
        and outcome.status in FOLLOWED
        and workshop.status == S.DONE
        and is_measure(outcome)
        and may_create_call(user, workshop.alliance)
    )


def may_add_to_catalogue(user: Any, outcome: Outcome) -> bool:
    workshop = outcome.workshop
    return (
        workshop.alliance_id is not None
        and not Measure.objects.filter(origin_outcome=outcome).exists()
        and workshop.status == S.DONE
        and is_measure(outcome)
        and may_create_call(user, workshop.alliance)
        and may_propose(user, workshop.alliance)
    )


def may_remind_owner(user: Any, outcome: Outcome) -> bool:
    return is_clock(user) and outcome.status in FOLLOWED and outcome.due_on is not None


def _template_key(outcome: Outcome) -> str:
    protocol = OutcomeProtocol.objects.filter(workshop_id=outcome.workshop_id).first()
    return protocol.template if protocol else ""
