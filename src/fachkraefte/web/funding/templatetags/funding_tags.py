"""Template filters of the funding app."""

from __future__ import annotations

from typing import Any

from django import template

from fachkraefte.web.funding import rules

register = template.Library()


@register.filter
def can_see_funding(user: Any) -> bool:
    """Whether the navigation shows the budgets (the office, people with a role in an alliance)."""
    return rules.can_see_funding(user)
