"""``{% attachment_panel proposal %}``: the attachments of a proposal, with the upload form for
those who may change them (``proposals/_attachments.html`` uses it, so a page only includes)."""

from __future__ import annotations

from typing import Any

from django import template

from fachkraefte.web.core.uploads import upload_help
from fachkraefte.web.proposals import rules
from fachkraefte.web.proposals.forms_attachments import AttachmentForm
from fachkraefte.web.proposals.models import Proposal

register = template.Library()


@register.inclusion_tag("proposals/_attachment_panel.html", takes_context=True)
def attachment_panel(context: template.Context, proposal: Proposal, form: Any = None) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not form:  # an undefined template variable arrives as ""
        form = AttachmentForm()
        form.fields["file"].help_text = upload_help()
    return {
        "proposal": proposal,
        "attachments": proposal.attachments.all(),
        "may_edit": rules.may_edit(user, proposal),
        "form": form,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
