"""Lists of proposals: "Meine Anträge" of applicants, and the intake of the coordination office
and the steering groups (every submitted proposal per call, alliance and state), each sortable,
filterable and downloadable as CSV or XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.tabular import Column
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core import tables
from fachkraefte.web.proposals import selectors
from fachkraefte.web.proposals.budget import figures_of
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.rules import call_takes_proposals


def _requested(proposal: Proposal):
    """The requested grant; None while the plan has no lines (an expression of interest)."""
    plan = figures_of(proposal)
    return plan.requested if plan.total > 0 else None


def _with_amounts(result: dict) -> dict:
    page = result["page"]
    page.object_list = list(page.object_list)
    for proposal in page.object_list:
        proposal.requested_amount = _requested(proposal)
    return result


COLUMNS = [
    Column("title", gettext_lazy("Projekttitel"), lambda p: p.title, order_by="title"),
    Column(
        "organisation",
        gettext_lazy("Träger"),
        lambda p: p.organisation_name,
        order_by="organisation_name",
    ),
    Column("call", gettext_lazy("Förderaufruf"), lambda p: p.call.title, order_by="call__title"),
    Column(
        "alliance",
        gettext_lazy("Allianz"),
        lambda p: p.call.alliance.name if p.call.alliance_id else "",
        order_by="call__alliance__name",
    ),
    Column("stage", gettext_lazy("Stufe"), lambda p: p.get_stage_display(), order_by="stage"),
    Column("status", gettext_lazy("Status"), lambda p: p.get_status_display(), order_by="status"),
    Column("requested", gettext_lazy("beantragter Zuschuss (EUR)"), _requested, numeric=True),
    Column(
        "submitted_at",
        gettext_lazy("eingereicht am"),
        lambda p: p.submitted_at,
        order_by="submitted_at",
    ),
    Column(
        "updated_at",
        gettext_lazy("zuletzt geändert"),
        lambda p: p.updated_at,
        order_by="updated_at",
    ),
]


def _need_score(proposal: Proposal) -> float | None:
    """The stored need score (``selectors.with_need_scores``), rounded: None ("–") while the
    background task has not computed it for the current forecast run."""
    score = getattr(proposal, "need_score", None)
    return None if score is None else round(score)


# The office's and steering group's list adds the need score (issue 14): sortable, read from
# the stored result only.
INTAKE_COLUMNS = [
    *COLUMNS[:7],
    Column("need_score", gettext_lazy("Bedarf"), _need_score, order_by="need_score", numeric=True),
    *COLUMNS[7:],
]


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    items = selectors.proposals_of_user(user=request.user).prefetch_related("budget_lines")
    result = tables.table(
        request,
        COLUMNS,
        items,
        default="updated_at",
        default_descending=True,
        filename="meine-antraege",
    )
    if isinstance(result, HttpResponse):
        return result
    published = Call.objects.filter(status=Call.Status.PUBLISHED).select_related("alliance")
    open_calls = [call for call in published if call_takes_proposals(call)]
    return render(
        request, "proposals/my_list.html", {**_with_amounts(result), "open_calls": open_calls}
    )


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    if not selectors.may_see_intake(user=request.user):
        raise PermissionDenied(
            _("Die Antragsliste sehen die Koordinierungsstelle und die Steuerungsgruppen.")
        )
    filters = {
        "call": request.GET.get("call", "").strip()[:80],
        "alliance": request.GET.get("alliance", "").strip()[:80],
        "status": request.GET.get("status", "").strip()[:20],
        "q": request.GET.get("q", "").strip()[:100],
    }
    if filters["status"] not in Proposal.Status.values:
        filters["status"] = ""
    items = selectors.with_need_scores(
        proposals=selectors.proposals_intake(user=request.user, **filters), user=request.user
    ).prefetch_related("budget_lines")
    result = tables.table(
        request,
        INTAKE_COLUMNS,
        items,
        default="submitted_at",
        default_descending=True,
        filename="antraege",
    )
    if isinstance(result, HttpResponse):
        return result
    visible = selectors.proposals_intake(user=request.user)
    context = {
        **_with_amounts(result),
        "show_need": True,
        "filters": filters,
        "calls": Call.objects.filter(pk__in=visible.values("call")).order_by("title"),
        "alliances": Alliance.objects.filter(pk__in=visible.values("call__alliance")).order_by(
            "name"
        ),
        "statuses": [
            (v, label) for v, label in Proposal.Status.choices if v != Proposal.Status.DRAFT
        ],
    }
    return render(request, "proposals/intake.html", context)
