"""One outcome: its page with the history, editing (text during entry, planning afterwards),
the follow-up steps and notes, the step to a draft call, and deletion during entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fachkraefte.web.core.form_pages import add_errors
from fachkraefte.web.knowledge.services import measure_from_workshop_outcome
from fachkraefte.web.workshop_outcomes import rules, selectors, services
from fachkraefte.web.workshop_outcomes.forms import NoteForm, OutcomeForm, TransitionForm
from fachkraefte.web.workshop_outcomes.models import Outcome
from fachkraefte.web.workshop_outcomes.workflows import OUTCOME_WORKFLOW
from fachkraefte.web.workshops.views import workshop_or_404


def outcome_or_404(request: HttpRequest, slug: str, pk: int) -> Outcome:
    workshop = workshop_or_404(request, slug)
    if not rules.may_view_outcomes(request.user, workshop):
        raise Http404
    outcome = get_object_or_404(
        selectors.with_points(Outcome.objects.filter(workshop=workshop)).select_related(
            "owner_user", "owner_organisation", "call"
        ),
        pk=pk,
    )
    outcome.workshop = workshop
    return outcome


def _context(request: HttpRequest, outcome: Outcome, **extra) -> dict:
    user = request.user
    template = selectors.template_for(workshop=outcome.workshop)
    return {
        "workshop": outcome.workshop,
        "outcome": outcome,
        "phase_label": template.phase_label(outcome.phase),
        "category_label": template.category_label(outcome.phase, outcome.category),
        "events": outcome.events.select_related("by"),
        "next_steps": OUTCOME_WORKFLOW.next_steps(user, outcome),
        "may_edit": rules.may_edit_text(user, outcome) or rules.may_plan_outcome(user, outcome),
        "may_add_note": rules.may_add_note(user, outcome),
        "may_make_call": rules.may_make_call(user, outcome),
        "may_add_to_catalogue": rules.may_add_to_catalogue(user, outcome),
        "may_delete": rules.may_delete_outcome(user, outcome),
        "is_measure": rules.is_measure(outcome),
        "call_visible": outcome.call is not None and _call_visible(user, outcome),
        "note_form": NoteForm(),
        **extra,
    }


def _call_visible(user, outcome: Outcome) -> bool:
    from fachkraefte.web.calls.rules import may_view_call

    return may_view_call(user, outcome.call)


def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    outcome = outcome_or_404(request, slug, pk)
    return render(request, "workshop_outcomes/outcome_detail.html", _context(request, outcome))


def _initial(outcome: Outcome) -> dict:
    return {
        "text": outcome.text,
        "occupations": ", ".join(outcome.occupations),
        "action_fields": list(outcome.action_fields.all()),
        "target_groups": outcome.target_groups,
        "owner_user": outcome.owner_user,
        "owner_organisation": outcome.owner_organisation,
        "due_on": outcome.due_on,
    }


@login_required
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    outcome = outcome_or_404(request, slug, pk)
    may_text = rules.may_edit_text(request.user, outcome)
    may_plan = rules.may_plan_outcome(request.user, outcome)
    if not (may_text or may_plan):
        raise PermissionDenied
    options = {"outcome": outcome, "may_edit_text": may_text, "may_plan": may_plan}
    if request.method == "POST":
        form = OutcomeForm(request.POST, **options)
        if form.is_valid():
            values = dict(form.cleaned_data)
            fields = values.pop("action_fields", None)
            try:
                services.outcome_update(
                    actor=request.user,
                    outcome=outcome,
                    action_fields=list(fields) if fields is not None else None,
                    **values,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Das Ergebnis ist gespeichert."))
                return redirect("workshop_outcomes:detail", slug, pk)
        status = 400
    else:
        form = OutcomeForm(initial=_initial(outcome), **options)
        status = 200
    return render(
        request,
        "workshop_outcomes/outcome_form.html",
        {"workshop": outcome.workshop, "outcome": outcome, "form": form},
        status=status,
    )


@login_required
@require_POST
def transition(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    outcome = outcome_or_404(request, slug, pk)
    if not OUTCOME_WORKFLOW.allowed(request.user, outcome):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte einen der angebotenen Schritte wählen."))
        return redirect("workshop_outcomes:detail", slug, pk)
    try:
        services.outcome_transition(
            actor=request.user,
            outcome=outcome,
            to=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Stand ist gespeichert."))
    return redirect("workshop_outcomes:detail", slug, pk)


@login_required
@require_POST
def note(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    outcome = outcome_or_404(request, slug, pk)
    if not rules.may_add_note(request.user, outcome):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        services.outcome_note_add(
            actor=request.user, outcome=outcome, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Die Notiz ist gespeichert."))
        return redirect("workshop_outcomes:detail", slug, pk)
    context = _context(request, outcome, note_form=form)
    return render(request, "workshop_outcomes/outcome_detail.html", context, status=400)


@login_required
@require_POST
def make_call(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    outcome = outcome_or_404(request, slug, pk)
    if not rules.may_make_call(request.user, outcome):
        raise PermissionDenied
    try:
        call = services.outcome_make_call(actor=request.user, outcome=outcome)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workshop_outcomes:detail", slug, pk)
    messages.success(
        request,
        _("Der Aufruf ist als Entwurf angelegt. Bitte ergänzen Sie Fristen und Beträge."),
    )
    return redirect("calls:detail", call.slug)


@login_required
@require_POST
def to_catalogue(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    outcome = outcome_or_404(request, slug, pk)
    if not rules.may_add_to_catalogue(request.user, outcome):
        raise PermissionDenied
    try:
        entry = measure_from_workshop_outcome(actor=request.user, outcome=outcome)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workshop_outcomes:detail", slug, pk)
    messages.success(
        request,
        _("Die Maßnahme ist als Entwurf im Maßnahmenkatalog; die Koordinierungsstelle prüft sie."),
    )
    return redirect(entry)


@login_required
@require_POST
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    outcome = outcome_or_404(request, slug, pk)
    if not rules.may_delete_outcome(request.user, outcome):
        raise PermissionDenied
    services.outcome_delete(actor=request.user, outcome=outcome)
    messages.success(request, _("Das Ergebnis ist entfernt."))
    return redirect("workshop_outcomes:moderation", slug)
