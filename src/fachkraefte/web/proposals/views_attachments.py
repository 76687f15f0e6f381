"""Pages of a proposal's attachments and its submission receipt.

Who may not see the proposal gets 404 (its existence does not leak); who sees it but may not
change its attachments gets 403. Files are served only through these views, after the rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fachkraefte.web.core.uploads import pdf_download, upload_help
from fachkraefte.web.proposals import attachments, rules
from fachkraefte.web.proposals.forms_attachments import AttachmentForm
from fachkraefte.web.proposals.models import Attachment, Proposal
from fachkraefte.web.proposals.receipt import latest_version, proposal_number, receipt_pdf


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("call__programme"), pk=pk)
    if not rules.may_view(request.user, proposal):
        raise Http404
    return proposal


def attachment_form(request: HttpRequest) -> AttachmentForm:
    form = AttachmentForm(request.POST or None, request.FILES or None)
    form.fields["file"].help_text = upload_help()
    return form


@login_required
def attachment_list(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    form = attachment_form(request)
    status = 200
    if request.method == "POST":
        if not rules.may_edit(request.user, proposal):
            raise PermissionDenied
        if form.is_valid():
            try:
                attachments.attachment_add(
                    actor=request.user,
                    proposal=proposal,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Die Anlage ist hochgeladen."))
                return redirect("proposals:attachments", proposal.pk)
        status = 400
    return render(
        request,
        "proposals/attachments.html",
        {
            "proposal": proposal,
            "attachment_form": form,
            "may_get_receipt": may_get_receipt(request.user, proposal),
        },
        status=status,
    )


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, proposal=proposal)
    filename = f"{proposal_number(proposal)}-anlage-{attachment.pk}.pdf"
    return pdf_download(attachment.file, filename=filename)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not rules.may_edit(request.user, proposal):
        raise PermissionDenied
    attachment = get_object_or_404(Attachment, pk=attachment_pk, proposal=proposal)
    attachments.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("Die Anlage ist gelöscht."))
    return redirect("proposals:attachments", proposal.pk)


def may_get_receipt(user, proposal: Proposal) -> bool:
    return rules.is_party(user, proposal) or rules.is_office(user, proposal.call)


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The submission receipt of the latest submitted version, for the parties and the office."""
    proposal = _proposal(request, pk)
    if not may_get_receipt(request.user, proposal):
        raise PermissionDenied
    version = latest_version(proposal)
    if version is None:
        raise Http404(_("Der Antrag ist noch nicht eingereicht."))
    response = HttpResponse(receipt_pdf(proposal, version=version), content_type="application/pdf")
    name = f"eingangsbestaetigung-{proposal_number(proposal)}-fassung-{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
