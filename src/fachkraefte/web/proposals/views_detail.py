"""The proposal page and what happens to it: withdrawal, review start, revision request,
versions with their differences, co-applicants.

A reviewer who has not declared their conflict of interest sees the summary only (title,
applicant, state: ``rules.may_see_summary``); everyone else who may not see the proposal gets
404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fachkraefte.web.core.form_pages import add_errors
from fachkraefte.web.proposals import rules, selectors, services
from fachkraefte.web.proposals.eligibility import checks_for
from fachkraefte.web.proposals.forms import CoApplicantForm, RevisionRequestForm
from fachkraefte.web.proposals.models import CoApplicant, Proposal
from fachkraefte.web.proposals.steps import steps_for
from fachkraefte.web.proposals.versions import field_labels, version_diff
from fachkraefte.web.proposals.views import proposal_for, summary_context
from fachkraefte.web.proposals.workflows import workflow_for


def _detail_context(request: HttpRequest, proposal: Proposal) -> dict:
    user = request.user
    full = rules.may_view(user, proposal)
    context = {"proposal": proposal, "call": proposal.call, "full": full}
    if full:
        context.update(
            {
                "steps": steps_for(proposal),
                **summary_context(proposal),
                "checks": checks_for(proposal),
                "next_steps": workflow_for(proposal).next_steps(user, proposal),
                "may_edit": rules.may_edit(user, proposal),
                "may_withdraw": rules.may_withdraw(user, proposal),
                "may_request_revision": rules.may_request_revision(user, proposal),
                "may_start_review": rules.may_start_review(user, proposal),
                "may_manage_co": rules.may_manage_co_applicants(user, proposal),
                "co_applicants": proposal.co_applicants.select_related("user"),
                "versions": selectors.proposal_versions(proposal=proposal),
            }
        )
    return context


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related("call__programme", "call__alliance", "applicant"), pk=pk
    )
    if not rules.may_see_summary(request.user, proposal):
        raise Http404
    return render(request, "proposals/detail.html", _detail_context(request, proposal))


@login_required
@require_http_methods(["GET", "POST"])
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request, pk)
    if not rules.may_withdraw(request.user, proposal):
        raise PermissionDenied(_("Nur die Antragstellerin oder der Antragsteller zieht zurück."))
    if request.method == "POST":
        services.proposal_withdraw(actor=request.user, proposal=proposal)
        messages.success(request, _("Der Antrag wurde zurückgezogen."))
        return redirect(proposal)
    return render(request, "proposals/withdraw.html", {"proposal": proposal})


@login_required
@require_POST
def proposal_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """A step without a form of its own (field ``status``: the state to move to). Who may not
    take it gets 403, a step the table does not declare 400 with the proposal page and why."""
    proposal = proposal_for(request, pk)
    try:
        services.proposal_transition(
            actor=request.user, proposal=proposal, to=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        context = _detail_context(request, proposal)
        return render(request, "proposals/detail.html", context, status=400)
    proposal.refresh_from_db()
    messages.success(
        request,
        _("%(title)s: %(status)s.")
        % {"title": proposal.title, "status": proposal.get_status_display()},
    )
    return redirect(proposal)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_revision_request(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request, pk)
    if not rules.may_request_revision(request.user, proposal):
        raise PermissionDenied(_("Um Überarbeitung bittet die Koordinierungsstelle."))
    form = RevisionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_request_revision(
                actor=request.user, proposal=proposal, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Die Überarbeitung wurde erbeten."))
            return redirect(proposal)
    return render(request, "proposals/revision_request.html", {"proposal": proposal, "form": form})


def _number(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@login_required
def proposal_versions(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request, pk)
    versions = list(selectors.proposal_versions(proposal=proposal))
    numbers = [v.number for v in versions]
    newest = numbers[-1] if numbers else 0
    after = _number(request.GET.get("zu"), newest)
    before = _number(request.GET.get("von"), after - 1)
    by_number = {v.number: v for v in versions}
    changes = None
    if before in by_number and after in by_number and before != after:
        changes = version_diff(by_number[before].content, by_number[after].content)
    return render(
        request,
        "proposals/versions.html",
        {
            "proposal": proposal,
            "versions": versions,
            "before": before,
            "after": after,
            "changes": changes,
            "labels": field_labels(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def co_applicants(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request, pk)
    if not rules.may_manage_co_applicants(request.user, proposal):
        raise PermissionDenied(
            _("Nur die Antragstellerin oder der Antragsteller verwaltet Mitantragstellende.")
        )
    form = CoApplicantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            co = services.co_applicant_add(
                actor=request.user, proposal=proposal, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(user)s wurde hinzugefügt (%(right)s).")
                % {"user": co.user.get_username(), "right": co.get_right_display()},
            )
            return redirect("proposals:co_applicants", proposal.pk)
    return render(
        request,
        "proposals/co_applicants.html",
        {
            "proposal": proposal,
            "form": form,
            "co_applicants": proposal.co_applicants.select_related("user"),
        },
    )


@login_required
@require_POST
def co_applicant_remove(request: HttpRequest, pk: int, co_pk: int) -> HttpResponse:
    proposal = proposal_for(request, pk)
    co = get_object_or_404(CoApplicant, pk=co_pk, proposal=proposal)
    services.co_applicant_remove(actor=request.user, co_applicant=co)
    messages.success(request, _("%(user)s wurde entfernt.") % {"user": co.user.get_username()})
    return redirect("proposals:co_applicants", proposal.pk)
