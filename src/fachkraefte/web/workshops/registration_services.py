"""Registration with capacity and a waiting list with automatic promotion (Pretix's model).

Places taken are the registered and the offered registrations; never more than the workshop's
capacity, also when two people take the last place at once: every write that takes or frees a
place first locks the workshop's row (``SELECT ... FOR UPDATE``), so counting and writing
happen one after another. A freed place is offered to the first in the queue for the
workshop's ``offer_hold_hours``; the offer holds the place until it is accepted, declined or
lapses, and then passes on. The periodic jobs (``tasks.schedules``) let offers lapse and send
the reminders; each takes ``now`` so the tests can run them on a fixed clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record
from fachkraefte.web.notifications.services import notify_in_language
from fachkraefte.web.workshops import rules
from fachkraefte.web.workshops.models import Registration, Workshop
from fachkraefte.web.workshops.selectors import places_free, waiting_queue
from fachkraefte.web.workshops.workflows import (
    CLOSED,
    DROPPED,
    EXPIRED,
    OFFERED,
    OPEN,
    REGISTERED,
    REGISTRATION_WORKFLOW,
    WAITING,
)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _locked(workshop: Workshop) -> Workshop:
    """The workshop's row, locked until the transaction ends (the capacity guard)."""
    return (
        Workshop.objects.select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=workshop.pk)
    )


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _tell(registration: Registration, write) -> None:
    workshop = registration.workshop
    notify_in_language(user=registration.user, write=write, link=workshop.get_absolute_url())


def _tell_registered(registration: Registration) -> None:
    workshop = registration.workshop
    _tell(
        registration,
        lambda: (
            _("Anmeldung bestätigt: %(title)s") % {"title": workshop.title},
            _("Ihr Platz bei „%(title)s“ am %(when)s ist bestätigt.")
            % {"title": workshop.title, "when": _when(workshop.starts_at)},
        ),
    )


def _tell_waiting(registration: Registration) -> None:
    workshop = registration.workshop
    _tell(
        registration,
        lambda: (
            _("Warteliste: %(title)s") % {"title": workshop.title},
            _(
                "„%(title)s“ ist ausgebucht. Sie stehen auf der Warteliste; wird ein Platz frei, "
                "bieten wir ihn Ihnen für %(hours)s Stunden an."
            )
            % {"title": workshop.title, "hours": workshop.offer_hold_hours},
        ),
    )


def _tell_offered(registration: Registration) -> None:
    workshop = registration.workshop
    _tell(
        registration,
        lambda: (
            _("Ein Platz ist frei: %(title)s") % {"title": workshop.title},
            _(
                "Bei „%(title)s“ ist ein Platz für Sie frei. Bitte nehmen Sie ihn bis "
                "%(until)s an; danach geht er an die nächste Person auf der Warteliste."
            )
            % {"title": workshop.title, "until": _when(registration.offer_expires_at)},
        ),
    )


def _tell_expired(registration: Registration) -> None:
    workshop = registration.workshop
    _tell(
        registration,
        lambda: (
            _("Platzangebot verfallen: %(title)s") % {"title": workshop.title},
            _(
                "Das Platzangebot für „%(title)s“ ist abgelaufen und an die nächste Person "
                "gegangen. Sie können sich erneut anmelden, solange die Anmeldung offen ist."
            )
            % {"title": workshop.title},
        ),
    )


def _offer_freed_places(workshop: Workshop, now: dt.datetime) -> list[Registration]:
    """Offer every free place to the next in the queue; call with the workshop locked."""
    if workshop.status not in {OPEN, CLOSED} or now >= workshop.starts_at:
        return []
    offered = []
    free = places_free(workshop=workshop)
    for registration in waiting_queue(workshop=workshop)[:free]:
        registration.offered_at = now
        # an offer never runs past the workshop's start
        hold = now + dt.timedelta(hours=workshop.offer_hold_hours)
        registration.offer_expires_at = min(hold, workshop.starts_at)
        registration.workshop = workshop
        REGISTRATION_WORKFLOW.transition(None, registration, OFFERED)
        _tell_offered(registration)
        offered.append(registration)
    return offered


@transaction.atomic
def registration_create(
    *,
    actor: Any,
    workshop: Workshop,
    organisation_name: str = "",
    now: dt.datetime | None = None,
) -> Registration:
    """A place if one is free and nobody queues before; otherwise a place in the queue."""
    now = _now(now)
    if not rules.may_register(actor, workshop):
        raise PermissionDenied(_("Eine Anmeldung ist hier nicht möglich."))
    workshop = _locked(workshop)
    if not rules.may_register(actor, workshop):  # decided again under the lock
        raise PermissionDenied(_("Eine Anmeldung ist hier nicht möglich."))
    takes_place = (
        places_free(workshop=workshop) > 0 and not waiting_queue(workshop=workshop).exists()
    )
    target = REGISTERED if takes_place else WAITING
    registration = workshop.registrations.filter(user=actor).first()
    fields = {
        "organisation_name": organisation_name.strip()[:200],
        "queued_at": None if takes_place else now,
        "confirmed_at": now if takes_place else None,
        "offered_at": None,
        "offer_expires_at": None,
        "cancelled_at": None,
        "reminded_at": None,
    }
    if registration is None:
        registration = Registration(
            workshop=workshop, user=actor, status=target, created_at=now, **fields
        )
        registration.full_clean()
        registration.save()
        audit_record(
            actor=actor,
            instance=registration,
            action=AuditEntry.Action.CREATE,
            changes={"status": target, "workshop": workshop.slug},
            alliance=workshop.alliance,
        )
    else:
        for name, value in fields.items():
            setattr(registration, name, value)
        registration.created_at = now
        registration.workshop = workshop
        REGISTRATION_WORKFLOW.transition(actor, registration, target)
    (_tell_registered if takes_place else _tell_waiting)(registration)
    return registration


@transaction.atomic
def registration_cancel(
    *, actor: Any, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """The person gives up their place, their queue position or the offered place; a freed
    place is offered to the next in the queue at once."""
    now = _now(now)
    if not rules.may_cancel_registration(actor, registration):
        raise PermissionDenied(_("Abmelden kann sich nur die angemeldete Person."))
    workshop = _locked(registration.workshop)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.workshop = workshop
    registration.cancelled_at = now
    REGISTRATION_WORKFLOW.transition(actor, registration, DROPPED)
    _offer_freed_places(workshop, now)
    return registration


@transaction.atomic
def registration_accept(
    *, actor: Any, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """The person takes the offered place (until the offer lapses)."""
    now = _now(now)
    workshop = _locked(registration.workshop)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.workshop = workshop
    if registration.status == OFFERED and registration.offer_expires_at <= now:
        raise ValidationError(_("Das Platzangebot ist abgelaufen."))
    registration.confirmed_at = now
    REGISTRATION_WORKFLOW.transition(actor, registration, REGISTERED)
    _tell_registered(registration)
    return registration


@transaction.atomic
def workshop_offer_places(*, workshop: Workshop, now: dt.datetime | None = None) -> int:
    """After the capacity grew or registration opened again: offer what is free."""
    return len(_offer_freed_places(_locked(workshop), _now(now)))


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Let every offer past its deadline lapse and pass the place on; returns how many lapsed.

    Each workshop in its own transaction, so one failing workshop does not hold up the others.
    """
    now = _now(now)
    due = (
        Registration.objects.filter(status=OFFERED, offer_expires_at__lte=now)
        .values_list("workshop_id", flat=True)
        .distinct()
    )
    lapsed = 0
    for workshop_id in sorted(set(due)):
        with transaction.atomic():
            workshop = _locked(Workshop(pk=workshop_id))
            late = workshop.registrations.select_for_update().filter(
                status=OFFERED, offer_expires_at__lte=now
            )
            for registration in late.select_related("user"):
                registration.workshop = workshop
                REGISTRATION_WORKFLOW.transition(None, registration, EXPIRED)
                _tell_expired(registration)
                lapsed += 1
            _offer_freed_places(workshop, now)
    return lapsed


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind every registered person ``reminder_days`` before the workshop, once: the mark
    (``reminded_at``) is set in the same transaction as the notification, under a row lock, so
    two runs at once or one after another never remind twice."""
    now = _now(now)
    horizon = now + dt.timedelta(days=60)
    candidates = Registration.objects.filter(
        status=REGISTERED,
        reminded_at__isnull=True,
        workshop__status__in=[OPEN, CLOSED],
        workshop__starts_at__gt=now,
        workshop__starts_at__lte=horizon,
    ).select_related("workshop")
    due = [
        r.pk
        for r in candidates
        if r.workshop.reminder_days
        and r.workshop.starts_at - dt.timedelta(days=r.workshop.reminder_days) <= now
    ]
    sent = 0
    for pk in due:
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update()
                .select_related("workshop", "user")
                .filter(pk=pk, status=REGISTERED, reminded_at__isnull=True)
                .first()
            )
            if registration is None:
                continue
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            workshop = registration.workshop
            _tell(
                registration,
                lambda w=workshop: (
                    _("Erinnerung: %(title)s") % {"title": w.title},
                    _("„%(title)s“ beginnt am %(when)s. Ort: %(where)s.")
                    % {
                        "title": w.title,
                        "when": _when(w.starts_at),
                        "where": w.venue or w.online_link or _("wird noch bekannt gegeben"),
                    },
                ),
            )
            sent += 1
    return sent


def workshop_tell_cancelled(*, workshop: Workshop) -> int:
    """Tell everyone with a place or in the queue that the workshop is cancelled."""
    told = 0
    for registration in workshop.registrations.filter(status__in=rules.ACTIVE).select_related(
        "user"
    ):
        _tell(
            registration,
            lambda: (
                _("Abgesagt: %(title)s") % {"title": workshop.title},
                _("„%(title)s“ am %(when)s ist abgesagt.")
                % {"title": workshop.title, "when": _when(workshop.starts_at)},
            ),
        )
        told += 1
    return told
