"""Who may see and change a notification: only the person it is addressed to.

Views and services ask these predicates; someone else's notification answers 404 (its
existence does not leak). Marking as read is for the recipient, once: a read notification has
no step left.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.notifications.models import Notification


def is_recipient(user: Any, notification: Notification) -> bool:
    pk = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    return pk is not None and notification.user_id == pk


def may_view(user: Any, notification: Notification) -> bool:
    return is_recipient(user, notification)


def may_mark_read(user: Any, notification: Notification) -> bool:
    return is_recipient(user, notification) and notification.read_at is None
