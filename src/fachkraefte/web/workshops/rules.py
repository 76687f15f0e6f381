"""Who may see and do what with a workshop and a registration, each rule with the record's state.

Decided for this platform (Hessen's text leaves it to the district and the institute):
- the organisers are the coordination office and, for a workshop of an alliance, its steering
  group; they plan, invite, open and close registration, document and see the attendance list;
  a workshop without an alliance (the central Zukunftsdialog) is the office's alone;
- while planned, a workshop is the organisers' draft; announced (any later state), a public
  workshop is readable by anyone, a non-public one by the alliance's members, the invited and
  the registered;
- signed-in people who may see a workshop register while registration is open; a non-public
  workshop takes only its invited people and the alliance's members;
- a person cancels their own place or queue position until the workshop has taken place, and
  accepts an offered place while it is offered;
- the clock (the periodic jobs, ``actor=None``) offers freed places and lets offers lapse.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.rules import can_manage, can_view_internal
from fachkraefte.web.briefings import rules as briefing_rules
from fachkraefte.web.workshops.models import Registration, Workshop

S = Workshop.Status
R = Registration.Status
ANNOUNCED = {S.OPEN, S.CLOSED, S.DONE, S.CANCELLED}
ACTIVE = {R.REGISTERED, R.WAITING, R.OFFERED}


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_clock(user: Any) -> bool:
    """The periodic jobs act without a person."""
    return user is None


def is_organiser(user: Any, workshop: Workshop) -> bool:
    return is_coordination(user) or (
        workshop.alliance_id is not None and can_manage(user, workshop.alliance)
    )


def is_invited(user: Any, workshop: Workshop) -> bool:
    return _signed_in(user) and workshop.invitations.filter(user=user).exists()


def is_registered(user: Any, workshop: Workshop) -> bool:
    return _signed_in(user) and workshop.registrations.filter(user=user).exists()


def is_insider(user: Any, workshop: Workshop) -> bool:
    """Invited, registered or a member of the workshop's alliance."""
    in_alliance = workshop.alliance_id is not None and can_view_internal(user, workshop.alliance)
    return in_alliance or is_invited(user, workshop) or is_registered(user, workshop)


def may_view_workshop(user: Any, workshop: Workshop) -> bool:
    if is_organiser(user, workshop):
        return True
    if workshop.status not in ANNOUNCED:
        return False
    return workshop.public or is_insider(user, workshop)


def may_create_workshop(user: Any, alliance: Any = None) -> bool:
    return is_coordination(user) or (alliance is not None and can_manage(user, alliance))


def may_edit_workshop(user: Any, workshop: Workshop) -> bool:
    return is_organiser(user, workshop) and workshop.status in {S.PLANNED, S.OPEN, S.CLOSED}


def may_invite(user: Any, workshop: Workshop) -> bool:
    return is_organiser(user, workshop) and workshop.status in {S.PLANNED, S.OPEN}


def may_open_registration(user: Any, workshop: Workshop) -> bool:
    return is_organiser(user, workshop) and workshop.status in {S.PLANNED, S.CLOSED}


def may_close_registration(user: Any, workshop: Workshop) -> bool:
    return is_organiser(user, workshop) and workshop.status == S.OPEN


def may_mark_done(user: Any, workshop: Workshop) -> bool:
    return is_organiser(user, workshop) and workshop.status in {S.OPEN, S.CLOSED}


def may_cancel_workshop(user: Any, workshop: Workshop) -> bool:
    return is_organiser(user, workshop) and workshop.status in {S.PLANNED, S.OPEN, S.CLOSED}


def may_document(user: Any, workshop: Workshop) -> bool:
    return is_organiser(user, workshop) and workshop.status in {S.CLOSED, S.DONE}


def may_view_attendance(user: Any, workshop: Workshop) -> bool:
    return is_organiser(user, workshop) and workshop.status != S.PLANNED


def may_register(user: Any, workshop: Workshop) -> bool:
    return (
        _signed_in(user)
        and workshop.status == S.OPEN
        and (workshop.public or is_insider(user, workshop))
        and not workshop.registrations.filter(user=user, status__in=ACTIVE).exists()
    )


def is_own(user: Any, registration: Registration) -> bool:
    return _signed_in(user) and registration.user_id == user.pk


def may_cancel_registration(user: Any, registration: Registration) -> bool:
    return (
        is_own(user, registration)
        and registration.status in ACTIVE
        and registration.workshop.status in {S.OPEN, S.CLOSED}
    )


def may_accept_offer(user: Any, registration: Registration) -> bool:
    return (
        is_own(user, registration)
        and registration.status == R.OFFERED
        and registration.workshop.status in {S.OPEN, S.CLOSED}
    )


def may_offer_place(user: Any, registration: Registration) -> bool:
    return is_clock(user) and registration.status == R.WAITING


def may_expire_offer(user: Any, registration: Registration) -> bool:
    return is_clock(user) and registration.status == R.OFFERED


def may_view_file(user: Any, workshop: Workshop) -> bool:
    return may_view_workshop(user, workshop)


def may_register_again(user: Any, registration: Registration) -> bool:
    """A cancelled or lapsed registration is taken up again as a new one."""
    return (
        is_own(user, registration)
        and registration.status not in ACTIVE
        and may_register(user, registration.workshop)
    )


def may_open_briefing(user: Any, workshop: Workshop, ags: str) -> bool:
    """The briefing pack of one of the workshop's districts: whoever sees the workshop and may
    read the pack (its alliance members and the office; never the public)."""
    return may_view_workshop(user, workshop) and briefing_rules.can_view(user, ags)
