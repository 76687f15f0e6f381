"""Writing notifications: stored for the platform and e-mailed once the transaction commits.

The e-mail goes out only when the change that caused it is committed: a decision that rolls
back sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fachkraefte.web.accounts.models import Profile
from fachkraefte.web.notifications import rules
from fachkraefte.web.notifications.models import Notification

DEFAULT_LANGUAGE = "de"


def language_of(user: Any) -> str:
    """The person's preferred language (their profile), else German."""
    language = (
        Profile.objects.filter(user_id=user.pk).values_list("language", flat=True).first() or ""
    )
    known = {code for code, _label in settings.LANGUAGES}
    return language if language in known else DEFAULT_LANGUAGE


def notify(*, user: Any, subject: str, body: str, link: str = "") -> Notification:
    """Store the notification and send it by e-mail after commit (where the person has one)."""
    notification = Notification.objects.create(
        user=user, subject=subject[:200], body=body, link=link[:300]
    )
    if user.email:
        text = f"{body}\n\n{link}" if link else body
        transaction.on_commit(
            lambda: send_mail(subject[:200], text, None, [user.email], fail_silently=True)
        )
    return notification


def notify_in_language(
    *, user: Any, write: Callable[[], tuple[str, str]], link: str = ""
) -> Notification:
    """``write`` returns (subject, body); it runs in the person's language."""
    with translation.override(language_of(user)):
        subject, body = write()
        subject, body = str(subject), str(body)
    return notify(user=user, subject=subject, body=body, link=link)


def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    if not rules.is_recipient(actor, notification):
        raise PermissionDenied(_("Nur die Empfängerin oder der Empfänger markiert als gelesen."))
    if rules.may_mark_read(actor, notification):  # marking twice changes nothing
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
