"""Pages of overlaps: the office labels a pair, lists and exports the labels, and starts a
refresh of the index. The panel beside each proposal is the template tag ``overlap_panel``."""

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

from fachkraefte.tabular import Column
from fachkraefte.web.core import tables
from fachkraefte.web.overlaps import rules, selectors, services
from fachkraefte.web.overlaps.forms import OverlapLabelForm
from fachkraefte.web.overlaps.tasks import request_refresh
from fachkraefte.web.proposals import rules as proposal_rules
from fachkraefte.web.proposals.models import Proposal

LABEL_COLUMNS = [
    Column(
        "proposal",
        gettext_lazy("Antrag"),
        value=lambda row: row.proposal.title,
        order_by="proposal__title",
    ),
    Column(
        "proposal_id", gettext_lazy("Antrag-Nr."), value=lambda row: row.proposal_id, numeric=True
    ),
    Column("candidate_key", gettext_lazy("Schlüssel"), value=lambda row: row.candidate_key),
    Column(
        "candidate_title",
        gettext_lazy("Vergleich mit"),
        value=lambda row: row.candidate_title,
        order_by="candidate_title",
    ),
    Column(
        "verdict",
        gettext_lazy("Bewertung"),
        value=lambda row: row.get_verdict_display(),
        order_by="verdict",
    ),
    Column("reason", gettext_lazy("Begründung"), value=lambda row: row.reason),
    Column(
        "score",
        gettext_lazy("Score"),
        value=lambda row: row.score,
        order_by="score",
        numeric=True,
        digits=2,
    ),
    Column(
        "semantic",
        gettext_lazy("semantisch"),
        value=lambda row: row.semantic,
        numeric=True,
        digits=2,
    ),
    Column(
        "lexical",
        gettext_lazy("lexikalisch"),
        value=lambda row: row.lexical,
        numeric=True,
        digits=2,
    ),
    Column(
        "flagged",
        gettext_lazy("vom System markiert"),
        value=lambda row: _("ja") if row.flagged else _("nein"),
    ),
    Column(
        "labelled_by",
        gettext_lazy("bewertet von"),
        value=lambda row: row.labelled_by.get_username() if row.labelled_by else "–",
    ),
    Column(
        "labelled_at",
        gettext_lazy("bewertet am"),
        value=lambda row: row.labelled_at,
        order_by="labelled_at",
    ),
]


@login_required
@require_POST
def overlap_label(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("call__alliance"), pk=pk)
    if not proposal_rules.may_see_summary(request.user, proposal):
        raise Http404
    if not rules.may_label(request.user, proposal):
        raise PermissionDenied(_("Nur die Koordinierungsstelle bewertet offene Anträge."))
    form = OverlapLabelForm(request.POST)
    target = reverse("proposals:detail", args=[proposal.pk]) + "#overlap-heading"
    if not form.is_valid():
        messages.error(request, _("Bitte Bewertung und Begründung angeben."))
        return redirect(target)
    try:
        services.overlap_label(actor=request.user, proposal=proposal, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    messages.success(request, _("Die Bewertung wurde gespeichert."))
    return redirect(target)


@login_required
def overlap_labels(request: HttpRequest) -> HttpResponse:
    if not rules.may_see_labels(request.user):
        raise PermissionDenied(_("Nur die Koordinierungsstelle sieht die Bewertungen."))
    listing = tables.table(
        request,
        LABEL_COLUMNS,
        selectors.overlap_labels_all(),
        default="labelled_at",
        default_descending=True,
        filename="ueberschneidungen-bewertungen",
    )
    if isinstance(listing, HttpResponse):
        return listing
    return render(
        request,
        "overlaps/label_list.html",
        {**listing, "rows": listing["page"], "may_refresh": rules.may_refresh(request.user)},
    )


@login_required
@require_POST
def overlap_refresh(request: HttpRequest) -> HttpResponse:
    if not rules.may_refresh(request.user):
        raise PermissionDenied(_("Nur die Koordinierungsstelle startet die Prüfung neu."))
    task = request_refresh(created_by=request.user)
    if task is None:
        messages.error(request, _("Die Aufgabe konnte nicht eingereiht werden."))
        return redirect("overlaps:labels")
    return redirect("tasks:detail", task_id=task.pk)
