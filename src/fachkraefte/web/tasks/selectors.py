"""Reads of background tasks, filtered to what a user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.tasks.models import Task


def tasks_visible_to(*, user: Any) -> QuerySet[Task]:
    """The creator sees their own tasks; the coordination office and admins see every task."""
    if not getattr(user, "is_authenticated", False):
        return Task.objects.none()
    tasks = Task.objects.select_related("created_by")
    return tasks if is_coordination(user) else tasks.filter(created_by=user)


def task_for_user(*, user: Any, task_id: int) -> Task | None:
    """The task, or ``None`` when it does not exist or the user may not see it."""
    return tasks_visible_to(user=user).filter(pk=task_id).first()
