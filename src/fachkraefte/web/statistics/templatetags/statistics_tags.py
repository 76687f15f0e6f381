"""Template filters of the statistics app."""

from __future__ import annotations

from typing import Any

from django import template

from fachkraefte.web.accounts.roles import is_coordination

register = template.Library()


@register.filter
def can_import(user: Any) -> bool:
    """Whether ``user`` may upload statistics (the navigation shows the link only then)."""
    return is_coordination(user)
