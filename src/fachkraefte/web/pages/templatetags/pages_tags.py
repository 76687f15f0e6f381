"""The footer asks the pages' rule whether to offer the edit link."""

from __future__ import annotations

from typing import Any

from django import template

from fachkraefte.web.pages import rules

register = template.Library()


@register.filter
def can_edit_pages(user: Any) -> bool:
    return rules.can_edit_pages(user)
