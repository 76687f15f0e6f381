"""The proposal form: start in a call, fill in step by step, resume, submit.

Access first, input second: a proposal the user may not see is a 404 (its existence does not
leak), one they see but may not edit a 403; the call must take proposals before any field is
read. Every step is saved by ``services.proposal_update_step``; "Speichern und später
weitermachen" stores the step and returns to the proposal, "Weiter" opens the next step.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fachkraefte.occupations.job_titles import code_label, search_job_titles
from fachkraefte.web.calls.models import Call, TargetGroup
from fachkraefte.web.core.form_pages import add_errors
from fachkraefte.web.proposals import rules, services
from fachkraefte.web.proposals.budget import figures_of, grant_cap
from fachkraefte.web.proposals.eligibility import checks_for
from fachkraefte.web.proposals.forms import STEP_FORMS, CarrierForm, initial_for
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.steps import CARRIER, INTEREST_STEPS, step_at, steps_for
from fachkraefte.web.proposals.versions import category_label


def proposal_for(request: HttpRequest, pk: int) -> Proposal:
    """The proposal ``request.user`` may see in full; 404 for everyone else."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("call__programme", "call__alliance", "applicant"), pk=pk
    )
    if not rules.may_view(request.user, proposal):
        raise Http404
    return proposal


def _hundred(rate):
    return None if rate is None else rate * 100


def summary_context(proposal: Proposal) -> dict:
    """What ``_summary.html`` and ``_plan.html`` show of a proposal."""
    groups = dict(TargetGroup.choices)
    return {
        "plan": figures_of(proposal),
        "cap_hundred": _hundred(grant_cap(proposal)),
        "lines": proposal.budget_lines.all(),
        "districts": proposal.districts.order_by("ags"),
        "occupations": [code_label(code) for code in proposal.occupations],
        "target_group_labels": [str(groups.get(g, g)) for g in proposal.target_groups],
        "category": category_label(proposal.organisation_category),
    }


def _open_call(request: HttpRequest, slug: str) -> Call:
    call = get_object_or_404(Call.objects.select_related("programme"), slug=slug)
    if call.status == Call.Status.DRAFT:
        raise Http404
    return call


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: HttpRequest, call_slug: str) -> HttpResponse:
    call = _open_call(request, call_slug)
    if not rules.may_create(request.user, call):
        raise PermissionDenied(
            _("Der Aufruf „%(call)s“ nimmt keine Anträge an.") % {"call": call.title}
        )
    form = CarrierForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                actor=request.user, call=call, values=form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Der Entwurf wurde gespeichert."))
            if "later" in request.POST:
                return redirect(proposal)
            return redirect("proposals:step", proposal.pk, 2)
    two_stage = (
        getattr(getattr(call.programme, "funding_terms", None), "workflow", "") == "two_stage"
    )
    steps = INTEREST_STEPS if two_stage else None
    return render(
        request,
        "proposals/step.html",
        {
            "call": call,
            "proposal": None,
            "form": form,
            "step": CARRIER,
            "number": 1,
            "steps": steps or steps_for(Proposal(call=call, stage=Proposal.Stage.SKETCH)),
        },
    )


def _step_context(request: HttpRequest, proposal: Proposal, number: int, form) -> dict:
    context = {
        "call": proposal.call,
        "proposal": proposal,
        "form": form,
        "step": step_at(proposal, number),
        "number": number,
        "steps": steps_for(proposal),
    }
    key = context["step"].key
    if key == "berufe":
        query = request.GET.get("q", "").strip()[:100]
        context["query"] = query
        context["results"] = search_job_titles(query) if query else []
    if key in ("finanzplan", "pruefen"):
        context.update(summary_context(proposal))
    if key == "pruefen":
        context["checks"] = checks_for(proposal)
        context["missing"] = services.missing_answers(proposal)
        context["may_submit"] = rules.may_submit(request.user, proposal)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def proposal_step(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    proposal = proposal_for(request, pk)
    if not rules.may_edit(request.user, proposal):
        raise PermissionDenied(_("Dieser Antrag kann in seinem Status nicht bearbeitet werden."))
    step = step_at(proposal, number)
    if step is None:
        raise Http404
    form_class = STEP_FORMS.get(step.key)
    form = None
    if form_class is not None:
        extra = request.GET.getlist("code") if step.key == "berufe" else ()
        kwargs = {"proposal": proposal}
        if step.key == "berufe":
            posted = request.POST.getlist("occupations") if request.method == "POST" else []
            kwargs["extra_codes"] = [*extra, *posted]
        data = request.POST if request.method == "POST" else None
        form = form_class(data, initial=initial_for(proposal, step.key), **kwargs)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.proposal_update_step(
                actor=request.user, proposal=proposal, step=step.key, values=form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Schritt „%(step)s“ wurde gespeichert.") % {"step": step.title}
            )
            if "later" in request.POST:
                return redirect(proposal)
            if "back" in request.POST and number > 1:
                return redirect("proposals:step", proposal.pk, number - 1)
            return redirect("proposals:step", proposal.pk, number + 1)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "proposals/step.html",
        _step_context(request, proposal, number, form),
        status=status,
    )


@login_required
def occupation_search(request: HttpRequest) -> HttpResponse:
    """Job titles of the BA Gesamtberufsliste with their KldB code (the form's search field)."""
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "proposals/_occupation_results.html",
        {"query": query, "results": search_job_titles(query) if query else []},
    )


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request, pk)
    if not rules.may_edit(request.user, proposal):
        raise PermissionDenied(_("Sie dürfen diesen Antrag nicht einreichen."))
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("proposals:step", proposal.pk, len(steps_for(proposal)))
    messages.success(request, _("Der Antrag wurde eingereicht."))
    return redirect(proposal)
