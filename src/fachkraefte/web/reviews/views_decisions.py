"""Pages that lead a reviewed proposal to its decision: onto the steering group's agenda with a
motion (carried out when the item is closed "angenommen"), and the funder's notice afterwards.

Rules first (``proposals.rules``): who may not see the proposal gets 404, who sees it but may not
act 403; then the form, then the service in ``proposals.decisions``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fachkraefte.web.core.form_pages import add_errors
from fachkraefte.web.decisions.models import AgendaItem
from fachkraefte.web.proposals import decisions, rules
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.reviews.forms import AgendaForm, ExternalForm


def _proposal(request: HttpRequest, pk: int, may) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("call__alliance"), pk=pk)
    if not rules.may_view(request.user, proposal):
        raise Http404
    if not may(request.user, proposal):
        raise PermissionDenied(_("Diesen Schritt dürfen Sie bei diesem Antrag jetzt nicht gehen."))
    return proposal


def open_items(proposal: Proposal):
    return (
        AgendaItem.objects.filter(
            meeting__alliance_id=proposal.call.alliance_id, status=AgendaItem.Status.OPEN
        )
        .select_related("meeting")
        .order_by("meeting__date", "position")
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, rules.may_put_on_agenda)
    items = list(open_items(proposal))
    form = AgendaForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        item = next(i for i in items if i.pk == form.cleaned_data["agenda_item"])
        try:
            decisions.proposal_put_on_agenda(
                actor=request.user,
                proposal=proposal,
                item=item,
                motion=form.cleaned_data["motion"],
                amount=form.cleaned_data["approved_amount"] or None,
                conditions=form.cleaned_data["conditions"],
                reasons=form.cleaned_data["decision_reasons"],
                rank=form.cleaned_data["rank"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("„%(title)s“ steht auf „%(item)s“; der Beschluss wird beim Abschluss umgesetzt.")
                % {"title": proposal.title, "item": item},
            )
            return redirect("decisions:item", item.meeting.alliance.slug, item.pk)
    return render(
        request,
        "reviews/proposal_agenda.html",
        {
            "proposal": proposal,
            "form": form,
            "items": items,
            "asked": decisions.requested_grant(proposal),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_external(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, rules.may_record_external)
    form = ExternalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decisions.proposal_record_external(
                actor=request.user,
                proposal=proposal,
                funded=form.cleaned_data["outcome"] == "funded",
                decided_on=form.cleaned_data["external_decision_on"],
                reference=form.cleaned_data["external_reference"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            proposal.refresh_from_db()
            messages.success(
                request,
                _("Der Bescheid ist erfasst: %(status)s.")
                % {"status": proposal.get_status_display()},
            )
            return redirect("reviews:summary", proposal.pk)
    terms = getattr(proposal.call.programme, "funding_terms", None)
    return render(
        request,
        "reviews/proposal_external.html",
        {"proposal": proposal, "form": form, "approver": terms.external_approver if terms else ""},
        status=400 if form.errors else 200,
    )
