"""Writes of the public pages; every change is recorded in the audit trail (platform-wide)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, diff, snapshot
from fachkraefte.web.pages.models import PublicPage
from fachkraefte.web.pages.rules import can_edit_pages
from fachkraefte.web.pages.selectors import page_get

FIELDS = ("title", "body", "title_en", "body_en")


class PageEditRefused(PermissionError):
    """The person may not edit the public pages."""


@transaction.atomic
def page_update(
    *, actor: Any, slug: str, title: str, body: str, title_en: str = "", body_en: str = ""
) -> PublicPage:
    """Store the page's text (the first edit stores the default as "before" in the trail)."""
    if not can_edit_pages(actor):
        raise PageEditRefused(slug)
    page = page_get(slug=slug)
    created = page.pk is None
    before = snapshot(page, FIELDS)
    page.title, page.body, page.title_en, page.body_en = title, body, title_en, body_en
    page.full_clean()
    changes = diff(before, snapshot(page, FIELDS))
    if not changes and not created:
        return page
    page.save()
    audit_record(
        actor=actor,
        instance=page,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        changes=changes,
    )
    return page
