"""Template filters of the statistics app."""

from __future__ import annotations

from typing import Any

from django import template

from fachkraefte.web.statistics import rules

register = template.Library()


@register.filter
def can_import(user: Any) -> bool:
    """Whether ``user`` may upload statistics (the navigation shows the link only then)."""
    return rules.can_import(user)
