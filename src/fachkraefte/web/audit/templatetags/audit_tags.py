"""``{{ entry|audit_changes }}``: an audit entry's changes in words (``audit.display``)."""

from __future__ import annotations

from django import template

from fachkraefte.web.audit import display
from fachkraefte.web.audit.models import AuditEntry

register = template.Library()


@register.filter
def audit_changes(entry: AuditEntry) -> list[display.ChangeLine]:
    return display.change_lines(entry)
