"""Reminders to an outcome's owner: once ``DAYS_BEFORE`` days before the due date and once when
it has passed (``DAYS_AFTER`` days later), for outcomes still open or in progress.

Each mark is set in the same transaction as the notification, under a row lock, so two runs at
once or one after the other never remind twice. An organisation as owner is reminded through
its representatives with an account.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fachkraefte.web.notifications.services import notify_in_language
from fachkraefte.web.workshop_outcomes import rules
from fachkraefte.web.workshop_outcomes.models import Outcome

DAYS_BEFORE = 14
DAYS_AFTER = 1
BEFORE, AFTER = "reminded_before_at", "reminded_after_at"


def owner_accounts(outcome: Outcome) -> list:
    if outcome.owner_user_id:
        return [outcome.owner_user]
    if outcome.owner_organisation_id:
        people = outcome.owner_organisation.representatives.exclude(user=None)
        return [p.user for p in people.select_related("user")]
    return []


def _text(outcome: Outcome, mark: str) -> tuple[str, str]:
    due = formats.date_format(outcome.due_on, "DATE_FORMAT")
    values = {"text": outcome.text[:120], "due": due, "workshop": outcome.workshop.title}
    if mark == BEFORE:
        return (
            _("Erinnerung: Maßnahme fällig am %(due)s") % values,
            _("„%(text)s“ aus der Werkstatt „%(workshop)s“ ist am %(due)s fällig.") % values,
        )
    return (
        _("Überfällig seit %(due)s: Werkstatt-Maßnahme") % values,
        _(
            "„%(text)s“ aus der Werkstatt „%(workshop)s“ war am %(due)s fällig. "
            "Bitte melden Sie den Stand."
        )
        % values,
    )


def _due(outcome: Outcome, mark: str, today: dt.date) -> bool:
    if mark == BEFORE:
        return outcome.due_on - dt.timedelta(days=DAYS_BEFORE) <= today < outcome.due_on
    return today >= outcome.due_on + dt.timedelta(days=DAYS_AFTER)


def outcomes_remind(*, now: dt.datetime | None = None) -> int:
    """Send the due reminders; returns how many notifications went out."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for mark in (BEFORE, AFTER):
        candidates = Outcome.objects.filter(
            status__in=list(rules.FOLLOWED), due_on__isnull=False, **{f"{mark}__isnull": True}
        ).exclude(owner_user=None, owner_organisation=None)
        for pk in [o.pk for o in candidates if _due(o, mark, today)]:
            with transaction.atomic():
                outcome = (
                    Outcome.objects.select_for_update(of=("self",))
                    .select_related("workshop", "owner_user", "owner_organisation")
                    .filter(pk=pk, **{f"{mark}__isnull": True})
                    .first()
                )
                if outcome is None or not rules.may_remind_owner(None, outcome):
                    continue
                setattr(outcome, mark, now)
                outcome.save(update_fields=[mark])
                for user in owner_accounts(outcome):
                    notify_in_language(
                        user=user,
                        write=lambda o=outcome, m=mark: _text(o, m),
                        link=outcome.get_absolute_url(),
                    )
                    sent += 1
    return sent
