"""Funding pages under /foerderung/: budgets at a glance, a budget's ledger, the office's forms.

Each view asks ``funding.rules`` before it reads the request's data: a budget someone may not
see answers 404, a form someone may not use 403.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.core import tables
from fachkraefte.web.core.exports import FORMATS
from fachkraefte.web.core.form_pages import form_page
from fachkraefte.web.funding import rules, selectors, services
from fachkraefte.web.funding.forms import AllocationForm, BudgetForm, PlanningRevisionForm
from fachkraefte.web.funding.ledger import ZERO, balances
from fachkraefte.web.funding.models import Budget, FundingTerms, LedgerEntry
from fachkraefte.web.programmes.models import Programme

POOL = gettext_lazy("Programmmittel (Pool)")
NO_EARMARK = gettext_lazy("ohne Zweckbindung")
AMOUNTS = (
    ("allocated", gettext_lazy("zugewiesen")),
    ("passed_on", gettext_lazy("weitergegeben")),
    ("committed", gettext_lazy("gebunden")),
    ("paid", gettext_lazy("ausgezahlt")),
    ("released", gettext_lazy("freigegeben")),
    ("returned", gettext_lazy("zurückgezahlt")),
    ("available", gettext_lazy("verfügbar")),
)
OVERVIEW_COLUMNS = [
    tables.Column("owner", gettext_lazy("Budget")),
    tables.Column("earmark", gettext_lazy("Zweckbindung")),
    tables.Column("period", gettext_lazy("Zeitraum")),
    *(tables.Column(key, label, numeric=True, digits=2) for key, label in AMOUNTS),
]
EARMARK_COLUMNS = [
    tables.Column("earmark", gettext_lazy("Zweckbindung")),
    *(tables.Column(key, label, numeric=True, digits=2) for key, label in AMOUNTS),
]


def _visible_budget(request: HttpRequest, budget_id: int) -> Budget:
    budget = (
        Budget.objects.select_related("programme", "alliance", "earmark")
        .filter(pk=budget_id)
        .first()
    )
    if budget is None or not rules.can_view_budget(request.user, budget):
        raise Http404(_("Kein solches Budget"))
    return budget


def _period(budget: Budget) -> str:
    if budget.planning_until and budget.planning_until != budget.year:
        return f"{budget.year}–{budget.planning_until}"
    return str(budget.year)


def _overview_row(row: selectors.BudgetRow) -> dict[str, Any]:
    budget = row.budget
    values = {key: getattr(row.balances, key) for key, _label in AMOUNTS}
    return {
        "budget": budget,
        "owner": budget.alliance.name if budget.alliance_id else str(POOL),
        "earmark": budget.earmark.name if budget.earmark_id else str(NO_EARMARK),
        "period": _period(budget),
        **values,
    }


def _earmark_totals(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per earmark, over the alliances' budgets (the pool's money is counted once, there)."""
    totals: dict[str, dict[str, Any]] = defaultdict(lambda: {key: ZERO for key, _label in AMOUNTS})
    for row in rows:
        if row["budget"].alliance_id is None:
            continue
        total = totals[row["earmark"]]
        total["earmark"] = row["earmark"]
        for key, _label in AMOUNTS:
            total[key] += row[key]
    return sorted(totals.values(), key=lambda total: total["earmark"])


@login_required
def budget_overview(request: HttpRequest) -> HttpResponse:
    """Budgets at a glance, per programme and year: the pool, each alliance, each earmark."""
    if not rules.can_see_funding(request.user):
        raise PermissionDenied
    visible = selectors.budgets_visible(user=request.user)
    programmes = Programme.objects.filter(budgets__in=visible).distinct().order_by("name")
    programme = programmes.filter(slug=request.GET.get("programm", "")).first() or (
        programmes.first()
    )
    in_programme = visible.filter(programme=programme)
    years = selectors.budget_years(budgets=in_programme)
    year_text = request.GET.get("jahr", "")
    year = int(year_text) if year_text.isdigit() and int(year_text) in years else None
    if year is None and years:
        year = years[0]
    # A planning budget counts for every year it covers.
    budgets = [
        row
        for row in selectors.budget_rows(budgets=in_programme)
        if row.budget.year == year
        or (
            row.budget.planning_until
            and row.budget.year <= (year or 0) <= row.budget.planning_until
        )
    ]
    rows = [_overview_row(row) for row in budgets]
    key, descending = tables.parse_sort(
        request.GET.get("sort"), [c.key for c in OVERVIEW_COLUMNS], "owner"
    )
    rows = tables.sort_rows(rows, key, descending, then="owner")
    fmt = request.GET.get("format")
    slug = programme.slug if programme else "keine"
    if fmt in FORMATS:
        return tables.download(
            fmt, OVERVIEW_COLUMNS, rows, filename=f"budgets-{slug}-{year or ''}".rstrip("-")
        )
    params = dict(request.GET.items())
    context = {
        "programmes": programmes,
        "programme": programme,
        "years": years,
        "year": year,
        "rows": rows,
        "amount_keys": [key for key, _label in AMOUNTS],
        "headers": tables.header_links(OVERVIEW_COLUMNS, key, descending, params),
        "earmark_headers": tables.header_links(
            EARMARK_COLUMNS, "earmark", False, params, sortable=()
        ),
        "earmark_totals": _earmark_totals(rows),
        "terms": FundingTerms.objects.filter(programme=programme).first(),
        "can_manage": rules.can_manage_budgets(request.user),
        "csv_url": tables.query(params, format="csv"),
        "xlsx_url": tables.query(params, format="xlsx"),
    }
    return render(request, "funding/budget_overview.html", context)


def _entry_direction(entry: LedgerEntry, budget: Budget) -> str:
    """How the entry moves this budget's available money: in, out, or neither (a payment)."""
    if entry.kind == LedgerEntry.Kind.ALLOCATION:
        return "-" if entry.source_id == budget.pk and entry.budget_id != budget.pk else "+"
    return {"commitment": "-", "release": "+", "return": "+"}.get(entry.kind, "")


def _counterpart(entry: LedgerEntry, budget: Budget) -> str:
    if entry.kind != LedgerEntry.Kind.ALLOCATION:
        return entry.proposal.title if entry.proposal_id else ""
    other = entry.budget if entry.source_id == budget.pk else entry.source
    return str(other) if other else _("Landesmittel")


def ledger_columns(budget: Budget) -> list[tables.Column]:
    return [
        tables.Column("booked_at", gettext_lazy("gebucht am"), lambda e: e.booked_at, "booked_at"),
        tables.Column("kind", gettext_lazy("Art"), lambda e: e.get_kind_display(), "kind"),
        tables.Column("direction", gettext_lazy("Wirkung"), lambda e: _entry_direction(e, budget)),
        tables.Column(
            "amount", gettext_lazy("Betrag (EUR)"), lambda e: e.amount, "amount", True, 2
        ),
        tables.Column(
            "counterpart", gettext_lazy("Antrag / Gegenkonto"), lambda e: _counterpart(e, budget)
        ),
        tables.Column("reference", gettext_lazy("Aktenzeichen / Beleg"), lambda e: e.reference),
        tables.Column("note", gettext_lazy("Vermerk"), lambda e: e.note),
        tables.Column(
            "booked_by",
            gettext_lazy("gebucht von"),
            lambda e: e.booked_by.get_username() if e.booked_by else "",
        ),
    ]


@login_required
def budget_ledger(request: HttpRequest, budget_id: int) -> HttpResponse:
    """A budget's balances and entries (paginated, filter by kind, CSV/XLSX)."""
    budget = _visible_budget(request, budget_id)
    kind = request.GET.get("art", "").strip()
    kind = kind if kind in LedgerEntry.Kind.values else ""
    columns = ledger_columns(budget)
    result = tables.table(
        request,
        columns,
        selectors.entries_of(budget=budget, kind=kind),
        default="booked_at",
        default_descending=True,
        filename=f"buchungen-budget-{budget.pk}",
    )
    if isinstance(result, HttpResponse):
        return result
    rows = [
        {
            "entry": entry,
            "direction": _entry_direction(entry, budget),
            "counterpart": _counterpart(entry, budget),
        }
        for entry in result["page"].object_list
    ]
    context = {
        "budget": budget,
        "period": _period(budget),
        "balances": balances(budget),
        "planned": selectors.planned_total(budget=budget),
        "rows": rows,
        "kind": kind,
        "kinds": LedgerEntry.Kind.choices,
        "can_allocate": rules.can_allocate(request.user, budget),
        "can_carry_over": rules.can_carry_over(request.user, budget),
        "can_revise": rules.can_revise_planning(request.user, budget),
        **result,
    }
    return render(request, "funding/budget_ledger.html", context)


@login_required
def budget_allocate(request: HttpRequest, budget_id: int) -> HttpResponse:
    """Allocate money: the Land's money into a pool, or the pool's money to an alliance."""
    budget = _visible_budget(request, budget_id)
    if not rules.can_allocate(request.user, budget):
        raise PermissionDenied
    source = selectors.pool_for(budget=budget) if budget.alliance_id else None
    form = AllocationForm(request.POST or None)
    return form_page(
        request,
        form,
        "funding/budget_allocate.html",
        lambda: {
            "form": form,
            "budget": budget,
            "source": source,
            "source_available": balances(source).available if source else None,
        },
        save=lambda: services.budget_allocate(
            budget=budget, actor=request.user, **form.cleaned_data
        ),
        message=lambda entry: (
            _("%(amount)s EUR sind %(budget)s zugewiesen.")
            % {"amount": entry.amount, "budget": budget}
        ),
        then=reverse("funding:ledger", args=[budget.pk]),
    )


@login_required
def budget_carry_over(request: HttpRequest, budget_id: int) -> HttpResponse:
    """Carry the remainder into next year, after a confirmation page that names both amounts."""
    budget = _visible_budget(request, budget_id)
    if not rules.can_carry_over(request.user, budget):
        raise PermissionDenied
    remainder = balances(budget).available
    error = None
    if request.method == "POST":
        try:
            entry = services.budget_carry_over(budget=budget, actor=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request,
                _("%(amount)s EUR sind ins Jahr %(year)s übertragen.")
                % {"amount": entry.amount, "year": entry.budget.year},
            )
            return redirect("funding:ledger", entry.budget.pk)
    context = {
        "budget": budget,
        "remainder": remainder,
        "next_year": budget.year + 1,
        "error": error,
    }
    return render(request, "funding/budget_carry_over.html", context, status=400 if error else 200)


@login_required
def planning_revise(request: HttpRequest, budget_id: int) -> HttpResponse:
    """Set a planning budget to a new total (booked as the difference, to or from the pool)."""
    budget = _visible_budget(request, budget_id)
    if not rules.can_revise_planning(request.user, budget):
        raise PermissionDenied
    planned = selectors.planned_total(budget=budget)
    form = PlanningRevisionForm(request.POST or None, initial={"planned_total": planned})
    return form_page(
        request,
        form,
        "funding/planning_revise.html",
        lambda: {
            "form": form,
            "budget": budget,
            "planned": planned,
            "minimum": planned - balances(budget).available,
            "period": _period(budget),
        },
        save=lambda: services.planning_budget_revise(
            budget=budget, actor=request.user, **form.cleaned_data
        ),
        message=_("Das Planungsbudget ist fortgeschrieben."),
        then=reverse("funding:ledger", args=[budget.pk]),
    )


@login_required
def budget_create(request: HttpRequest) -> HttpResponse:
    if not rules.can_manage_budgets(request.user):
        raise PermissionDenied
    form = BudgetForm(request.POST or None)
    return form_page(
        request,
        form,
        "funding/budget_form.html",
        {"form": form},
        save=lambda: services.budget_create(actor=request.user, **form.cleaned_data),
        message=_("Das Budget ist angelegt."),
        then=lambda budget: reverse("funding:ledger", args=[budget.pk]),
    )
