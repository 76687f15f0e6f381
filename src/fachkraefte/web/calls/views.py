"""Call pages: the public list of open calls and the public call page; the office's (and the
steering group's) pages to draft, edit, publish and close a call, its criteria and documents.

Drafts answer 404 to everyone who may not see them, so their existence does not leak; who sees a
call but may not change it gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls import rules, selectors, services
from fachkraefte.web.calls.eligibility_text import eligibility_lines, target_group_labels
from fachkraefte.web.calls.forms import CallCreateForm, CallForm, CriterionForm, DocumentForm
from fachkraefte.web.calls.models import Call, CallDocument, ReviewCriterion, TargetGroup
from fachkraefte.web.calls.workflows import CALL_WORKFLOW
from fachkraefte.web.core import tables
from fachkraefte.web.core.form_pages import form_page
from fachkraefte.web.core.uploads import pdf_download, upload_help
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.proposals.rules import call_takes_proposals


def _closes(call: Call) -> str:
    return str(_("laufend")) if call.closes_on is None else call.closes_on.strftime("%d.%m.%Y")


CALL_COLUMNS = [
    tables.Column("title", gettext_lazy("Aufruf"), lambda c: c.title, "title"),
    tables.Column(
        "programme", gettext_lazy("Programm"), lambda c: c.programme.name, "programme__name"
    ),
    tables.Column(
        "land",
        gettext_lazy("Land"),
        lambda c: c.programme.land.name if c.programme.land else "",
        "programme__land__name",
    ),
    tables.Column(
        "alliance",
        gettext_lazy("Allianz"),
        lambda c: c.alliance.name if c.alliance else "",
        "alliance__name",
    ),
    tables.Column("opens_on", gettext_lazy("Einreichung ab"), lambda c: c.opens_on, "opens_on"),
    tables.Column("closes_on", gettext_lazy("Einreichung bis"), _closes, "closes_on"),
    tables.Column(
        "target_groups",
        gettext_lazy("Zielgruppen"),
        lambda c: ", ".join(target_group_labels(c.target_groups)),
    ),
]
STATUS_CHOICES = [
    (selectors.OPEN, gettext_lazy("offene und kommende")),
    (selectors.PAST, gettext_lazy("beendete")),
]


def call_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", selectors.OPEN)
    choices = list(STATUS_CHOICES)
    if selectors.drafts_visible(user=request.user).exists():
        choices.append((selectors.DRAFTS, gettext_lazy("Entwürfe")))
    if status not in dict(choices):
        status = selectors.OPEN
    land = request.GET.get("land", "").strip()
    programme = request.GET.get("programm", "").strip()
    target_group = request.GET.get("zielgruppe", "").strip()
    calls = selectors.call_list(
        user=request.user,
        status=status,
        land=land,
        programme=programme,
        target_group=target_group if target_group in TargetGroup.values else "",
    )
    result = tables.table(
        request, CALL_COLUMNS, calls, default="opens_on", filename="foerderaufrufe"
    )
    if isinstance(result, HttpResponse):
        return result
    for call in result["page"]:
        call.target_group_labels = target_group_labels(call.target_groups)
    public = Call.objects.filter(status__in=rules.PUBLIC_STATES)
    context = {
        "status": status,
        "status_choices": choices,
        "lands": selectors.call_lands(calls=public),
        "land": land,
        "programmes": Programme.objects.filter(calls__in=public).distinct().order_by("name"),
        "programme": programme,
        "target_groups": TargetGroup.choices,
        "target_group": target_group,
        "may_create": selectors.drafting_alliances(user=request.user).exists(),
        **result,
    }
    return render(request, "calls/call_list.html", context)


def _call(request: HttpRequest, slug: str) -> Call:
    call = selectors.call_detail(slug=slug, user=request.user)
    if call is None:
        raise Http404
    return call


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "takes_proposals": call_takes_proposals(call),
            "target_groups": target_group_labels(call.target_groups),
            "eligibility": eligibility_lines(call),
            "next_steps": CALL_WORKFLOW.next_steps(request.user, call)
            if rules.is_drafter(request.user, call)
            else [],
            "may_edit": rules.may_edit_call(request.user, call),
            "may_edit_criteria": rules.may_edit_criteria(request.user, call),
            "may_edit_documents": rules.may_edit_documents(request.user, call),
        },
    )


@login_required
def call_create_choose(request: HttpRequest) -> HttpResponse:
    alliances = selectors.drafting_alliances(user=request.user)
    if not alliances.exists():
        raise PermissionDenied
    return render(request, "calls/call_create_choose.html", {"alliances": alliances})


# The form says what the service calls max_grant_rate in percent.
RENAME = {"max_grant_rate": "grant_rate_percent"}


@login_required
def call_create(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    alliance = get_object_or_404(Alliance.objects.select_related("programme"), slug=alliance_slug)
    if not rules.may_create_call(request.user, alliance):
        raise PermissionDenied
    form = CallCreateForm(request.POST or None, programme=alliance.programme, alliance=alliance)
    return form_page(
        request,
        form,
        "calls/call_form.html",
        {"form": form, "alliance": alliance},
        save=lambda: services.call_create(
            actor=request.user,
            programme=alliance.programme,
            alliance=alliance,
            slug=form.cleaned_data["slug"],
            **form.values(),
        ),
        message=_("Der Entwurf des Aufrufs ist gespeichert."),
        then=lambda call: reverse("calls:detail", args=[call.slug]),
        rename=RENAME,
    )


@login_required
def call_edit(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    if not rules.may_edit_call(request.user, call):
        raise PermissionDenied
    form = CallForm(
        request.POST or None, instance=call, programme=call.programme, alliance=call.alliance
    )
    return form_page(
        request,
        form,
        "calls/call_form.html",
        lambda: {"form": form, "call": call, "alliance": call.alliance},
        save=lambda: services.call_update(actor=request.user, call=call, **form.values()),
        message=_("Der Aufruf ist gespeichert."),
        then=reverse("calls:detail", args=[call.slug]),
        rename=RENAME,
    )


@login_required
@require_POST
def call_transition(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish or close (field ``status``: the state to move to); 403 for who may not, 400
    with the call page and the reason for a step the table does not declare."""
    call = _call(request, slug)
    to = request.POST.get("status", "")
    service = {"published": services.call_publish, "closed": services.call_close}.get(to)
    try:
        if service is None:
            CALL_WORKFLOW.check(request.user, call, to)
        else:
            service(actor=request.user, call=call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _detail_400(request, call)
    call.refresh_from_db()
    messages.success(
        request, _("%(call)s: %(status)s.") % {"call": call, "status": call.get_status_display()}
    )
    return redirect("calls:detail", call.slug)


def _detail_400(request: HttpRequest, call: Call) -> HttpResponse:
    response = call_detail(request, call.slug)
    response.status_code = 400
    return response


@login_required
def call_criteria(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    if not rules.may_edit_criteria(request.user, call):
        raise PermissionDenied
    form = CriterionForm(request.POST or None)
    return form_page(
        request,
        form,
        "calls/call_criteria.html",
        {"call": call, "form": form, "criteria": call.criteria.all()},
        save=lambda: services.criterion_create(actor=request.user, call=call, **form.cleaned_data),
        message=_("Das Kriterium ist hinzugefügt."),
        then=reverse("calls:criteria", args=[call.slug]),
    )


@login_required
def criterion_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = _call(request, slug)
    if not rules.may_edit_criteria(request.user, call):
        raise PermissionDenied
    criterion = get_object_or_404(ReviewCriterion, pk=pk, call=call)
    initial = {"label": criterion.label, "description": criterion.description}
    form = CriterionForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        "calls/criterion_form.html",
        {"call": call, "criterion": criterion, "form": form},
        save=lambda: services.criterion_update(
            actor=request.user, criterion=criterion, **form.cleaned_data
        ),
        message=_("Das Kriterium ist gespeichert."),
        then=reverse("calls:criteria", args=[call.slug]),
    )


@login_required
@require_POST
def criterion_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = _call(request, slug)
    if not rules.may_edit_criteria(request.user, call):
        raise PermissionDenied
    criterion = get_object_or_404(ReviewCriterion, pk=pk, call=call)
    try:
        services.criterion_delete(actor=request.user, criterion=criterion)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Das Kriterium ist gelöscht."))
    return redirect("calls:criteria", call.slug)


@login_required
def call_documents(request: HttpRequest, slug: str) -> HttpResponse:
    call = _call(request, slug)
    if not rules.may_edit_documents(request.user, call):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    form.fields["file"].help_text = upload_help()
    return form_page(
        request,
        form,
        "calls/call_documents.html",
        {"call": call, "form": form, "documents": call.documents.all()},
        save=lambda: services.call_document_add(
            actor=request.user,
            call=call,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        ),
        message=_("Das Dokument ist hochgeladen."),
        then=reverse("calls:documents", args=[call.slug]),
        rename=RENAME,
    )


def document_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = _call(request, slug)
    document = get_object_or_404(CallDocument, pk=pk, call=call)
    return pdf_download(document.file, filename=f"{call.slug}-{document.pk}.pdf")


@login_required
@require_POST
def document_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = _call(request, slug)
    if not rules.may_edit_documents(request.user, call):
        raise PermissionDenied
    document = get_object_or_404(CallDocument, pk=pk, call=call)
    services.call_document_delete(actor=request.user, document=document)
    messages.success(request, _("Das Dokument ist gelöscht."))
    return redirect("calls:documents", call.slug)
