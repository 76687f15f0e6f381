"""Report pages: write (draft, submit, PDF attachments), review by the office, and the overdue
overview of reports and milestones for the office and the alliances.

Who may not see the project gets 404; who sees it but may not write or review gets 403. Every
page asks the rules before it reads the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fachkraefte.web.core.form_pages import add_errors, form_page
from fachkraefte.web.core.uploads import pdf_download, upload_help
from fachkraefte.web.reporting import rules, services
from fachkraefte.web.reporting.forms import AttachmentForm, ReportForm, ReviewForm
from fachkraefte.web.reporting.models import Report, ReportAttachment
from fachkraefte.web.reporting.workflows import REPORT


def report_for(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(
        Report.objects.select_related("project__alliance", "project__proposal"), pk=pk
    )
    if not rules.may_view(request.user, report):
        raise Http404
    return report


def _outcome_entry_url(report: Report) -> str:
    """The participants and results of this report (entered in the outcomes app)."""
    return reverse("outcomes:report", args=[report.pk])


def _context(request: HttpRequest, report: Report, **forms) -> dict:
    user = request.user
    may_edit = rules.may_edit(user, report)
    attachment_form = forms.get("attachment_form") or AttachmentForm()
    attachment_form.fields["file"].help_text = upload_help()
    return {
        "report": report,
        "project": report.project,
        "next_steps": REPORT.next_steps(user, report),
        "may_edit": may_edit,
        "may_review": rules.may_review(user, report),
        "form": forms.get("form") or ReportForm(initial={"text": report.text}),
        "attachment_form": attachment_form,
        "attachments": report.attachments.all(),
        "outcome_entry_url": _outcome_entry_url(report),
    }


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report; for its writers also the form (``submit`` in the body: submit, else save)."""
    report = report_for(request, pk)
    if request.method == "GET":
        return render(request, "reporting/detail.html", _context(request, report))
    if not rules.may_edit(request.user, report):
        raise PermissionDenied(_("Diesen Bericht können Sie nicht bearbeiten."))
    form = ReportForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["text"]
        try:
            if "submit" in request.POST:
                services.report_submit(actor=request.user, report=report, text=text)
                messages.success(request, _("Der Bericht ist eingereicht."))
            else:
                services.report_save_draft(actor=request.user, report=report, text=text)
                messages.success(request, _("Der Entwurf ist gespeichert."))
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("reporting:detail", report.pk)
    report.refresh_from_db()
    return render(
        request, "reporting/detail.html", _context(request, report, form=form), status=400
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request, pk)
    if not rules.may_review(request.user, report):
        raise PermissionDenied(_("Eingereichte Berichte prüft die Koordinierungsstelle."))
    form = ReviewForm(request.POST or None)
    return form_page(
        request,
        form,
        "reporting/review.html",
        {"report": report, "project": report.project, "form": form},
        save=lambda: services.report_review(
            actor=request.user,
            report=report,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
        ),
        message=_("Die Prüfung ist gespeichert."),
        then=reverse("reporting:detail", args=[report.pk]),
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request, pk)
    if not rules.may_edit(request.user, report):
        raise PermissionDenied(
            _("Anlagen ändern nur die Berichtenden, solange der Bericht offen ist.")
        )
    form = AttachmentForm(request.POST, request.FILES)
    return form_page(
        request,
        form,
        "reporting/detail.html",
        lambda: _context(request, report, attachment_form=form),
        save=lambda: services.attachment_add(
            actor=request.user,
            report=report,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        ),
        message=_("Die Anlage ist hochgeladen."),
        then=reverse("reporting:detail", args=[report.pk]),
    )


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    report = report_for(request, pk)
    attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report=report)
    return pdf_download(attachment.file, filename=f"bericht-{report.pk}-anlage-{attachment.pk}.pdf")


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    report = report_for(request, pk)
    if not rules.may_edit(request.user, report):
        raise PermissionDenied(
            _("Anlagen ändern nur die Berichtenden, solange der Bericht offen ist.")
        )
    attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report=report)
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("Die Anlage ist gelöscht."))
    return redirect("reporting:detail", report.pk)
