"""Authorise before validating: what the API write endpoints use to ask the rules first.

A serializer's validation answers "does not exist", "already has a role" and the like; asked
before the permission check, it tells anyone who may not write which usernames, roles or
records exist. So each write endpoint looks up the parent record named in the *raw* body with
``named`` (no validation, no message), asks its ``rules`` predicate, and only then validates.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def named(queryset: QuerySet[M], data: Any, key: str, *, field: str = "pk") -> M | None:
    """The record of ``queryset`` that ``data[key]`` names by ``field``, or None (absent,
    malformed or unknown alike: the caller falls back to "may the user write anywhere")."""
    value = data.get(key) if hasattr(data, "get") else None
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    try:
        return queryset.filter(**{field: value}).first()
    except (ValueError, TypeError, DjangoValidationError):
        return None
