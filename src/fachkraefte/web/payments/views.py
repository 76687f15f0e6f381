"""Pages of a project's money under /projekte/<id>/mittelabrufe/ and the office's queue.

Each view asks ``payments.rules`` before it reads the request's data: a project or request
someone may not see answers 404, a step someone may not take 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fachkraefte.tabular import Column
from fachkraefte.web.core import tables
from fachkraefte.web.core.form_pages import form_page
from fachkraefte.web.payments import rules, selectors, services
from fachkraefte.web.payments.forms import (
    ApproveForm,
    PayForm,
    PaymentRequestForm,
    RejectForm,
    RepaymentForm,
)
from fachkraefte.web.payments.models import PaymentRequest
from fachkraefte.web.payments.workflows import PAYMENT_REQUEST
from fachkraefte.web.projects.models import Project

S = PaymentRequest.Status


def _project(request: HttpRequest, project_pk: int) -> Project:
    project = get_object_or_404(
        Project.objects.select_related("alliance", "proposal", "programme"), pk=project_pk
    )
    if not rules.may_view_money(request.user, project):
        raise Http404(_("Kein Projekt, dessen Mittel Sie sehen dürfen."))
    return project


def _request(request: HttpRequest, project_pk: int, pk: int) -> PaymentRequest:
    project = _project(request, project_pk)
    payment_request = get_object_or_404(
        PaymentRequest.objects.select_related("project__alliance", "requested_by", "decided_by"),
        pk=pk,
        project=project,
    )
    if not rules.may_view_request(request.user, payment_request):
        raise Http404(_("Kein solcher Mittelabruf"))
    return payment_request


@login_required
def project_requests(request: HttpRequest, project_pk: int) -> HttpResponse:
    """The project's money per cost type, its requests and repayments."""
    project = _project(request, project_pk)
    requests = list(selectors.requests_of_project(project=project, user=request.user))
    for payment_request in requests:
        payment_request.total = sum(line.amount for line in payment_request.lines.all())
    context = {
        "project": project,
        "money": selectors.project_money(project=project),
        "requests": requests,
        "repayments": project.repayments.all(),
        "may_create": rules.may_create_request(request.user, project),
        "may_repay": rules.may_book_repayment(request.user, project),
    }
    return render(request, "payments/project_requests.html", context)


def _with_money(project: Project, **context: Any) -> Callable[[], dict[str, Any]]:
    """A form page's context with the project's money, read only when the page is shown."""
    return lambda: {
        "project": project,
        **context,
        "money": selectors.project_money(project=project),
    }


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = _project(request, project_pk)
    if not rules.may_create_request(request.user, project):
        raise PermissionDenied(
            _("Mittel rufen die Projektverantwortlichen eines laufenden Projekts ab.")
        )
    form = PaymentRequestForm(request.POST or None, project=project)
    return form_page(
        request,
        form,
        "payments/request_form.html",
        _with_money(project, form=form),
        save=lambda: services.payment_request_create(
            project=project, actor=request.user, lines=form.lines(), note=form.cleaned_data["note"]
        ),
        message=lambda payment_request: (
            _("Mittelabruf %(number)s ist als Entwurf gespeichert. Prüfen und einreichen.")
            % {"number": payment_request.number}
        ),
        then=lambda payment_request: reverse(
            "payments:detail", args=[project.pk, payment_request.pk]
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    payment_request = _request(request, project_pk, pk)
    project = payment_request.project
    if not rules.may_edit_request(request.user, payment_request):
        raise PermissionDenied(_("Nur ein Entwurf wird von den Projektverantwortlichen geändert."))
    initial = {f"amount_{line.cost_type}": line.amount for line in payment_request.lines.all()}
    form = PaymentRequestForm(
        request.POST or None, project=project, initial={**initial, "note": payment_request.note}
    )
    return form_page(
        request,
        form,
        "payments/request_form.html",
        _with_money(project, form=form, payment_request=payment_request),
        save=lambda: services.payment_request_update(
            payment_request=payment_request,
            actor=request.user,
            lines=form.lines(),
            note=form.cleaned_data["note"],
        ),
        message=_("Der Entwurf wurde gespeichert."),
        then=reverse("payments:detail", args=[project.pk, payment_request.pk]),
    )


def _detail_context(request: HttpRequest, payment_request: PaymentRequest) -> dict[str, Any]:
    user = request.user
    return {
        "project": payment_request.project,
        "payment_request": payment_request,
        "lines": payment_request.lines.all(),
        "total": selectors.request_total(payment_request=payment_request),
        "money": selectors.project_money(project=payment_request.project),
        "next_steps": PAYMENT_REQUEST.next_steps(user, payment_request),
        "may_edit": rules.may_edit_request(user, payment_request),
        "approve_form": ApproveForm(),
        "entries": payment_request.ledger_entries.all(),
    }


@login_required
def request_detail(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    payment_request = _request(request, project_pk, pk)
    return render(
        request, "payments/request_detail.html", _detail_context(request, payment_request)
    )


def _refused(request: HttpRequest, payment_request: PaymentRequest, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    payment_request.refresh_from_db()
    context = _detail_context(request, payment_request)
    return render(request, "payments/request_detail.html", context, status=400)


@login_required
@require_POST
def request_submit(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    payment_request = _request(request, project_pk, pk)
    if not rules.may_submit(request.user, payment_request):
        raise PermissionDenied(_("Einreichen dürfen die Projektverantwortlichen einen Entwurf."))
    try:
        services.payment_request_submit(payment_request=payment_request, actor=request.user)
    except ValidationError as error:
        return _refused(request, payment_request, error)
    messages.success(request, _("Der Mittelabruf wurde eingereicht."))
    return redirect("payments:detail", project_pk, pk)


@login_required
@require_POST
def request_approve(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    payment_request = _request(request, project_pk, pk)
    if not rules.may_decide(request.user, payment_request):
        raise PermissionDenied(_("Mittelabrufe gibt die Koordinierungsstelle frei."))
    form = ApproveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.payment_request_approve(
            payment_request=payment_request, actor=request.user, note=note
        )
    except ValidationError as error:
        return _refused(request, payment_request, error)
    messages.success(request, _("Der Mittelabruf ist freigegeben."))
    return redirect("payments:detail", project_pk, pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_reject(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    payment_request = _request(request, project_pk, pk)
    if not rules.may_decide(request.user, payment_request):
        raise PermissionDenied(_("Mittelabrufe lehnt die Koordinierungsstelle ab."))
    form = RejectForm(request.POST or None)
    return form_page(
        request,
        form,
        "payments/request_reject.html",
        {"project": payment_request.project, "payment_request": payment_request, "form": form},
        save=lambda: services.payment_request_reject(
            payment_request=payment_request, actor=request.user, note=form.cleaned_data["note"]
        ),
        message=_("Der Mittelabruf wurde abgelehnt."),
        then=reverse("payments:detail", args=[project_pk, pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_pay(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    """Confirmation page before the payment is booked: it names amount, budget and date."""
    payment_request = _request(request, project_pk, pk)
    if not rules.may_mark_paid(request.user, payment_request):
        raise PermissionDenied(_("Auszahlungen bucht die Koordinierungsstelle."))
    form = PayForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    return form_page(
        request,
        form,
        "payments/request_pay.html",
        lambda: {
            "project": payment_request.project,
            "payment_request": payment_request,
            "form": form,
            "total": selectors.request_total(payment_request=payment_request),
            "lines": payment_request.lines.all(),
            "money": selectors.project_money(project=payment_request.project),
        },
        save=lambda: services.payment_request_mark_paid(
            payment_request=payment_request, actor=request.user, **form.cleaned_data
        ),
        message=lambda entry: (
            _("%(amount)s EUR sind als ausgezahlt gebucht.")
            % {"amount": services.eur(entry.amount)}
        ),
        then=reverse("payments:detail", args=[project_pk, pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def repayment_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = _project(request, project_pk)
    if not rules.may_book_repayment(request.user, project):
        raise PermissionDenied(_("Rückzahlungen bucht die Koordinierungsstelle."))
    form = RepaymentForm(request.POST or None, project=project)
    return form_page(
        request,
        form,
        "payments/repayment_form.html",
        _with_money(project, form=form),
        save=lambda: services.repayment_book(
            project=project, actor=request.user, **form.cleaned_data
        ),
        message=lambda repayment: (
            _("Die Rückzahlung über %(amount)s EUR ist gebucht.")
            % {"amount": services.eur(repayment.amount)}
        ),
        then=reverse("payments:list", args=[project.pk]),
    )


QUEUE_COLUMNS = [
    Column(
        "project", gettext_lazy("Projekt"), lambda r: r.project.title, order_by="project__title"
    ),
    Column(
        "recipient",
        gettext_lazy("Träger"),
        lambda r: r.project.recipient,
        order_by="project__recipient",
    ),
    Column(
        "alliance",
        gettext_lazy("Allianz"),
        lambda r: r.project.alliance.name if r.project.alliance_id else "",
        order_by="project__alliance__name",
    ),
    Column("number", gettext_lazy("Nr."), lambda r: r.number, order_by="number", numeric=True),
    Column("status", gettext_lazy("Status"), lambda r: r.get_status_display(), order_by="status"),
    Column(
        "total", gettext_lazy("Betrag (EUR)"), lambda r: r.total, order_by="total", numeric=True
    ),
    Column(
        "submitted_at",
        gettext_lazy("eingereicht am"),
        lambda r: r.submitted_at,
        order_by="submitted_at",
    ),
]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The office's queue: submitted requests to decide and approved ones to pay."""
    if not rules.may_see_queue(request.user):
        raise PermissionDenied(_("Die offenen Mittelabrufe sieht die Koordinierungsstelle."))
    filters = {
        "status": request.GET.get("status", "").strip()[:20],
        "q": request.GET.get("q", "").strip()[:100],
    }
    if filters["status"] not in (S.SUBMITTED, S.APPROVED):
        filters["status"] = ""
    items = selectors.payment_queue(**filters)
    result = tables.table(
        request, QUEUE_COLUMNS, items, default="submitted_at", filename="mittelabrufe"
    )
    if isinstance(result, HttpResponse):
        return result
    statuses = [(S.SUBMITTED, S.SUBMITTED.label), (S.APPROVED, S.APPROVED.label)]
    context = {**result, "filters": filters, "statuses": statuses}
    return render(request, "payments/queue.html", context)
