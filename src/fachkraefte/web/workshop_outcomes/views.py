"""The outcome board of a workshop (read and dot voting) and the moderator view (quick entry per
phase, method, moderators, closing the entry), plus the documentation PDF.

The moderator view is one page for a projector and a phone: large type, one section per phase
with its quick entry. With htmx, an entry or a vote replaces only its phase or its outcome;
without JavaScript the same forms post and the page comes back. Every view asks the rules
before it reads the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fachkraefte.web.core.exports import download
from fachkraefte.web.core.form_pages import add_errors
from fachkraefte.web.workshop_outcomes import rules, selectors, services
from fachkraefte.web.workshop_outcomes.documentation_pdf import documentation_pdf
from fachkraefte.web.workshop_outcomes.forms import (
    MethodForm,
    ModeratorsForm,
    QuickEntryForm,
    VoteForm,
)
from fachkraefte.web.workshop_outcomes.models import Outcome, OutcomeProtocol
from fachkraefte.web.workshops.models import Workshop
from fachkraefte.web.workshops.views import workshop_or_404

BOARD, MODERATION = "board", "moderation"


def is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _protocol(workshop: Workshop) -> OutcomeProtocol:
    return OutcomeProtocol.objects.filter(workshop=workshop).first() or OutcomeProtocol(
        workshop=workshop
    )


def board_context(request: HttpRequest, workshop: Workshop, *, mode: str, entry_forms=None) -> dict:
    user = request.user
    protocol = _protocol(workshop)
    phases = selectors.outcomes_by_phase(workshop=workshop)
    may_record = mode == MODERATION and rules.may_record(user, workshop)
    entry_forms = entry_forms or {}
    for phase in phases:
        phase.form = entry_forms.get(phase.key) or QuickEntryForm(
            prefix=phase.key, categories=phase.categories
        )
    own = selectors.own_dots(workshop=workshop, user=user)
    for phase in phases:
        for outcome in phase.outcomes:
            outcome.my_dots = own.get(outcome.pk, 0)
    may_vote = rules.may_vote(user, workshop)
    used = services.dots_used(workshop=workshop, voter=user) if may_vote else 0
    return {
        "workshop": workshop,
        "protocol": protocol,
        "template": protocol.phase_template,
        "phases": phases,
        "mode": mode,
        "may_record": may_record,
        "may_vote": may_vote,
        "dots_left": protocol.dots_per_person - used,
        "entry_open": rules.entry_open(workshop),
        "may_moderate": rules.may_open_moderation(user, workshop),
        "may_set_method": mode == MODERATION and rules.may_set_method(user, workshop),
        "may_name_moderators": mode == MODERATION and rules.may_name_moderators(user, workshop),
        "may_close": mode == MODERATION and rules.may_close_entry(user, workshop),
    }


def board(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.may_view_outcomes(request.user, workshop):
        raise Http404
    context = board_context(request, workshop, mode=BOARD)
    return render(request, "workshop_outcomes/board.html", context)


def _moderation_workshop(request: HttpRequest, slug: str) -> Workshop:
    workshop = workshop_or_404(request, slug)
    if not rules.may_open_moderation(request.user, workshop):
        raise PermissionDenied
    return workshop


def moderation_context(request: HttpRequest, workshop: Workshop, entry_forms=None) -> dict:
    context = board_context(request, workshop, mode=MODERATION, entry_forms=entry_forms)
    protocol = context["protocol"]
    context["method_form"] = MethodForm(
        initial={"template": protocol.template, "dots_per_person": protocol.dots_per_person}
    )
    context["moderators_form"] = ModeratorsForm(
        workshop=workshop,
        initial={"moderators": list(protocol.moderators.all())} if protocol.pk else None,
    )
    return context


@login_required
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = _moderation_workshop(request, slug)
    if request.method != "POST":
        context = moderation_context(request, workshop)
        return render(request, "workshop_outcomes/moderation.html", context)
    if not rules.may_record(request.user, workshop):
        raise PermissionDenied
    template = selectors.template_for(workshop=workshop)
    phase = request.POST.get("phase", "")
    if template.phase(phase) is None:
        raise Http404
    categories = [(c.key, str(c.label)) for c in template.categories[phase]]
    form = QuickEntryForm(request.POST, prefix=phase, categories=categories)
    saved = False
    if form.is_valid():
        try:
            services.outcome_create(
                actor=request.user,
                workshop=workshop,
                phase=phase,
                category=form.cleaned_data["category"],
                text=form.cleaned_data["text"],
            )
            saved = True
        except ValidationError as error:
            add_errors(form, error)
    if is_htmx(request):
        context = board_context(
            request, workshop, mode=MODERATION, entry_forms={} if saved else {phase: form}
        )
        section = next(p for p in context["phases"] if p.key == phase)
        context.update(phase=section, saved=saved)
        return render(request, "workshop_outcomes/_phase.html", context, status=200)
    if saved:
        messages.success(request, _("Das Ergebnis ist festgehalten."))
        return redirect(reverse("workshop_outcomes:moderation", args=[slug]) + f"#phase-{phase}")
    context = moderation_context(request, workshop, entry_forms={phase: form})
    return render(request, "workshop_outcomes/moderation.html", context, status=400)


@login_required
@require_POST
def method(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = _moderation_workshop(request, slug)
    if not rules.may_set_method(request.user, workshop):
        raise PermissionDenied
    form = MethodForm(request.POST)
    if form.is_valid():
        try:
            services.protocol_setup(actor=request.user, workshop=workshop, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        messages.success(request, _("Die Methode ist gespeichert."))
    return redirect("workshop_outcomes:moderation", slug)


@login_required
@require_POST
def moderators(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = _moderation_workshop(request, slug)
    if not rules.may_name_moderators(request.user, workshop):
        raise PermissionDenied
    form = ModeratorsForm(request.POST, workshop=workshop)
    if form.is_valid():
        services.protocol_moderators_set(
            actor=request.user, workshop=workshop, users=form.cleaned_data["moderators"]
        )
        messages.success(request, _("Die Moderation ist gespeichert."))
    else:
        messages.error(request, _("Bitte nur Personen aus der Liste wählen."))
    return redirect("workshop_outcomes:moderation", slug)


@login_required
@require_POST
def close(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = _moderation_workshop(request, slug)
    if not rules.may_close_entry(request.user, workshop):
        raise PermissionDenied
    services.protocol_close(actor=request.user, workshop=workshop)
    messages.success(request, _("Die Erfassung ist abgeschlossen; die Nachverfolgung läuft."))
    return redirect("workshop_outcomes:board", slug)


@login_required
@require_POST
def vote(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.may_vote(request.user, workshop):
        raise PermissionDenied
    outcome = get_object_or_404(Outcome, pk=pk, workshop=workshop)
    form = VoteForm(request.POST)
    mode = MODERATION if request.POST.get("from") == MODERATION else BOARD
    message = ""
    if form.is_valid():
        try:
            services.outcome_vote(
                actor=request.user, outcome=outcome, dots=form.cleaned_data["dots"]
            )
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if is_htmx(request):
        context = board_context(request, workshop, mode=mode)
        outcome = next(o for p in context["phases"] for o in p.outcomes if o.pk == outcome.pk)
        context.update(outcome=outcome, vote_message=message, oob=True)
        return render(request, "workshop_outcomes/_outcome.html", context)
    if message:
        messages.error(request, message)
    else:
        messages.success(request, _("Ihre Punkte sind gespeichert."))
    target = "workshop_outcomes:moderation" if mode == MODERATION else "workshop_outcomes:board"
    return redirect(reverse(target, args=[slug]) + f"#ergebnis-{outcome.pk}")


def documentation(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = workshop_or_404(request, slug)
    if not rules.may_view_outcomes(request.user, workshop):
        raise Http404
    pdf = documentation_pdf(workshop)
    return download(pdf, filename=f"ergebnisse-{workshop.slug}.pdf", content_type="application/pdf")
