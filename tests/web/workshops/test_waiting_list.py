"""The waiting list on a fixed clock: a freed place is offered to the first in the queue for the
workshop's hold time, then passed on; cancellation frees places; reminders go out once.

Every test checks the invariant as it goes: places taken (registered + offered) never exceed
the capacity.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from workshop_world import T0, build_workshop_world

from fachkraefte.web.notifications.models import Notification
from fachkraefte.web.workshops import services
from fachkraefte.web.workshops.models import Registration
from fachkraefte.web.workshops.registration_services import (
    offers_expire,
    registration_accept,
    registration_cancel,
    registration_create,
    reminders_send,
)
from fachkraefte.web.workshops.selectors import places_taken, queue_position

R = Registration.Status
HOUR = dt.timedelta(hours=1)


def _register(ww, index: int, now=T0) -> Registration:
    return registration_create(actor=ww.people[index], workshop=ww.workshop, now=now)


def _status(registration: Registration) -> str:
    registration.refresh_from_db()
    return registration.status


def _within_capacity(ww) -> None:
    assert places_taken(workshop=ww.workshop) <= ww.workshop.capacity


def test_places_first_then_the_queue_in_order(ww):
    first, second, third, fourth = (_register(ww, i) for i in range(4))
    assert [first.status, second.status] == [R.REGISTERED, R.REGISTERED]
    assert [third.status, fourth.status] == [R.WAITING, R.WAITING]
    assert [queue_position(registration=third), queue_position(registration=fourth)] == [1, 2]
    _within_capacity(ww)
    assert "Warteliste" in Notification.objects.get(user=ww.people[2]).subject


def test_a_freed_place_is_offered_to_the_first_in_the_queue_for_the_hold_time(
    ww, django_capture_on_commit_callbacks
):
    first, _second, third, fourth = (_register(ww, i) for i in range(4))
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(actor=ww.people[0], registration=first, now=T0 + HOUR)
    third.refresh_from_db()
    assert _status(first) == R.CANCELLED
    assert third.status == R.OFFERED
    assert third.offer_expires_at == T0 + HOUR + 48 * HOUR
    assert _status(fourth) == R.WAITING and queue_position(registration=fourth) == 1
    assert places_taken(workshop=ww.workshop) == 2  # the offer holds the place
    offer = Notification.objects.filter(user=ww.people[2]).latest("id")
    assert offer.subject.startswith("Ein Platz ist frei")
    assert any(ww.people[2].email in message.to for message in mail.outbox)


def test_an_unanswered_offer_lapses_and_passes_on_to_the_next(ww):
    first, _second, third, fourth = (_register(ww, i) for i in range(4))
    registration_cancel(actor=ww.people[0], registration=first, now=T0)
    assert offers_expire(now=T0 + 47 * HOUR) == 0
    assert _status(third) == R.OFFERED
    assert offers_expire(now=T0 + 48 * HOUR) == 1
    assert _status(third) == R.EXPIRED
    fourth.refresh_from_db()
    assert fourth.status == R.OFFERED
    assert fourth.offer_expires_at == T0 + 96 * HOUR  # a fresh hold time from the hand-on
    assert offers_expire(now=T0 + 48 * HOUR) == 0  # nothing lapses twice
    _within_capacity(ww)
    # the last in the queue lets it lapse too: nobody is left to offer it to
    assert offers_expire(now=T0 + 96 * HOUR) == 1
    assert places_taken(workshop=ww.workshop) == 1


def test_the_offered_person_accepts_in_time_and_not_after(ww):
    first, _second, third, fourth = (_register(ww, i) for i in range(4))
    registration_cancel(actor=ww.people[0], registration=first, now=T0)
    accepted = registration_accept(actor=ww.people[2], registration=third, now=T0 + 10 * HOUR)
    assert accepted.status == R.REGISTERED
    assert accepted.confirmed_at == T0 + 10 * HOUR
    assert _status(fourth) == R.WAITING
    # someone else cannot take another's offer
    registration_cancel(actor=ww.people[1], registration=_second, now=T0 + 11 * HOUR)
    fourth.refresh_from_db()
    assert fourth.status == R.OFFERED
    with pytest.raises(PermissionDenied):
        registration_accept(actor=ww.people[2], registration=fourth, now=T0 + 12 * HOUR)
    # after the deadline, before the job ran: refused, the job passes it on
    with pytest.raises(ValidationError):
        registration_accept(actor=ww.people[3], registration=fourth, now=T0 + 60 * HOUR)
    assert _status(fourth) == R.OFFERED
    _within_capacity(ww)


def test_declining_an_offer_passes_it_on_at_once(ww):
    first, _second, third, fourth = (_register(ww, i) for i in range(4))
    registration_cancel(actor=ww.people[0], registration=first, now=T0)
    registration_cancel(actor=ww.people[2], registration=third, now=T0 + HOUR)
    assert _status(third) == R.CANCELLED
    fourth.refresh_from_db()
    assert fourth.status == R.OFFERED
    assert fourth.offer_expires_at == T0 + 49 * HOUR


def test_leaving_the_queue_offers_nothing_and_moves_the_others_up(ww):
    regs = [_register(ww, i) for i in range(5)]
    registration_cancel(actor=ww.people[2], registration=regs[2], now=T0)
    assert _status(regs[2]) == R.CANCELLED
    assert [_status(r) for r in regs[3:]] == [R.WAITING, R.WAITING]
    assert [queue_position(registration=regs[3]), queue_position(registration=regs[4])] == [1, 2]
    assert places_taken(workshop=ww.workshop) == 2


def test_registering_again_joins_the_end_of_the_queue(ww):
    regs = [_register(ww, i) for i in range(4)]
    registration_cancel(actor=ww.people[2], registration=regs[2], now=T0)
    again = _register(ww, 2, now=T0 + HOUR)
    assert again.pk == regs[2].pk and again.status == R.WAITING
    assert queue_position(registration=again) == 2
    with pytest.raises(PermissionDenied):  # one active registration per person
        _register(ww, 2, now=T0 + 2 * HOUR)


def test_a_newcomer_never_jumps_the_queue_while_an_offer_is_out(ww):
    first, _second, third, _fourth = (_register(ww, i) for i in range(4))
    registration_cancel(actor=ww.people[0], registration=first, now=T0)
    newcomer = _register(ww, 5, now=T0 + HOUR)
    assert newcomer.status == R.WAITING
    assert queue_position(registration=newcomer) == 2
    assert _status(third) == R.OFFERED


def test_an_offer_never_runs_past_the_start(db):
    ww = build_workshop_world(capacity=1, starts_in=dt.timedelta(hours=20))
    first, second = (_register(ww, i) for i in range(2))
    registration_cancel(actor=ww.people[0], registration=first, now=T0)
    second.refresh_from_db()
    assert second.offer_expires_at == ww.workshop.starts_at


def test_more_places_are_offered_to_the_queue_at_once(ww):
    regs = [_register(ww, i) for i in range(5)]
    services.workshop_update(actor=ww.office, workshop=ww.workshop, capacity=3, now=T0)
    assert [_status(r) for r in regs[2:]] == [R.OFFERED, R.WAITING, R.WAITING]
    with pytest.raises(ValidationError):  # fewer places than taken
        services.workshop_update(actor=ww.office, workshop=ww.workshop, capacity=2)


def test_closed_registration_still_passes_freed_places_on(ww):
    regs = [_register(ww, i) for i in range(3)]
    services.workshop_transition(actor=ww.office, workshop=ww.workshop, to="closed")
    ww.workshop.refresh_from_db()
    with pytest.raises(PermissionDenied):
        _register(ww, 4)
    registration_cancel(actor=ww.people[0], registration=regs[0], now=T0)
    assert _status(regs[2]) == R.OFFERED


def test_reminders_go_out_once_at_the_set_number_of_days(ww):
    regs = [_register(ww, i) for i in range(3)]
    start = ww.workshop.starts_at
    days = ww.workshop.reminder_days
    assert reminders_send(now=start - dt.timedelta(days=days, hours=1)) == 0
    assert reminders_send(now=start - dt.timedelta(days=days)) == 2  # the registered two
    assert reminders_send(now=start - dt.timedelta(days=days - 1)) == 0
    for registration in regs[:2]:
        registration.refresh_from_db()
        assert registration.reminded_at == start - dt.timedelta(days=days)
        subjects = Notification.objects.filter(user=registration.user).values_list(
            "subject", flat=True
        )
        assert sum(s.startswith("Erinnerung") for s in subjects) == 1
    assert not Notification.objects.filter(
        user=ww.people[2], subject__startswith="Erinnerung"
    ).exists()


def test_cancelling_the_workshop_tells_everyone_and_stops_registration(ww):
    for index in range(3):
        _register(ww, index)
    services.workshop_transition(actor=ww.office, workshop=ww.workshop, to="cancelled")
    for index in range(3):
        assert Notification.objects.filter(
            user=ww.people[index], subject__startswith="Abgesagt"
        ).exists()
    ww.workshop.refresh_from_db()
    with pytest.raises(PermissionDenied):
        _register(ww, 4)


def test_only_the_person_cancels_their_place(ww):
    first = _register(ww, 0)
    with pytest.raises(PermissionDenied):
        registration_cancel(actor=ww.people[1], registration=first, now=T0)
    with pytest.raises(PermissionDenied):
        registration_cancel(actor=ww.office, registration=first, now=T0)
    assert _status(first) == R.REGISTERED
