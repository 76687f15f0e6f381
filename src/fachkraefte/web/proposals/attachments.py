"""Writes to a proposal's attachments: PDFs only (checked by content), while it is editable.

Each upload is checked and stored by ``core.uploads`` and recorded with its SHA-256, so the
office can tell later that the file it reads is the one that was submitted. The audit entries
carry no alliance: proposals are not part of an alliance's internal trail until decided.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fachkraefte.web.core import uploads
from fachkraefte.web.proposals import rules
from fachkraefte.web.proposals.models import Attachment, Proposal

# A proposal's attachments (statements of partners, CVs, letters of intent) are few.
MAX_ATTACHMENTS = 20


def attachment_add(*, actor: Any, proposal: Proposal, title: str, upload: Any) -> Attachment:
    """Check, store atomically, then record; nothing remains if a step fails."""
    if not rules.may_edit(actor, proposal):
        raise PermissionDenied(
            _("Anlagen ändern nur die Antragstellenden, solange der Antrag bearbeitet werden kann.")
        )
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Bitte einen Titel für die Anlage angeben.")})
    if proposal.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {"file": _("Ein Antrag hat höchstens %(count)s Anlagen.") % {"count": MAX_ATTACHMENTS}}
        )
    checked = uploads.check_pdf(upload, field="file")
    field = Attachment._meta.get_field("file")
    attachment = Attachment(
        proposal=proposal,
        title=title,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    name = uploads.store_pdf(field, attachment, checked)
    return uploads.record_with_file_save(
        attachment,
        name,
        actor=actor,
        changes={
            "proposal": proposal.pk,
            "title": title,
            "size": checked.size,
            "sha256": checked.sha256,
        },
    )


@transaction.atomic
def attachment_delete(*, actor: Any, attachment: Attachment) -> None:
    if not rules.may_edit(actor, attachment.proposal):
        raise PermissionDenied(
            _("Anlagen ändern nur die Antragstellenden, solange der Antrag bearbeitet werden kann.")
        )
    uploads.record_with_file_delete(
        attachment,
        actor=actor,
        changes={
            "proposal": attachment.proposal_id,
            "title": attachment.title,
            "sha256": attachment.sha256,
        },
    )
