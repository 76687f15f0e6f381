"""Follow-up: what became of every outcome of a district's or an alliance's workshops, with
filters, sorting and the CSV/XLSX download of exactly the rows the page lists."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from fachkraefte.tabular import Column
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core import tables
from fachkraefte.web.core.models import Region
from fachkraefte.web.workshop_outcomes import selectors
from fachkraefte.web.workshop_outcomes.models import Outcome
from fachkraefte.web.workshop_outcomes.phases import template_of


def _phase(outcome: Outcome) -> str:
    protocol = getattr(outcome.workshop, "outcome_protocol", None)
    return template_of(protocol.template if protocol else "").phase_label(outcome.phase)


def _last_note(outcome: Outcome) -> str:
    notes = [e for e in outcome.events.all() if e.note]
    return notes[-1].note if notes else ""


def _last_change(outcome: Outcome):
    events = list(outcome.events.all())
    return events[-1].at if events else outcome.created_at


COLUMNS = [
    Column(
        "workshop", gettext_lazy("Werkstatt"), lambda o: o.workshop.title, "workshop__starts_at"
    ),
    Column("phase", gettext_lazy("Phase"), _phase, "phase"),
    Column("text", gettext_lazy("Ergebnis"), lambda o: o.text, "text"),
    Column("points", gettext_lazy("Punkte"), lambda o: o.points, "points", numeric=True),
    Column("owner", gettext_lazy("Zuständig"), lambda o: o.owner_name),
    Column("due_on", gettext_lazy("Fällig am"), lambda o: o.due_on, "due_on"),
    Column("status", gettext_lazy("Status"), lambda o: o.get_status_display(), "status"),
    Column("changed", gettext_lazy("Stand vom"), _last_change),
    Column("note", gettext_lazy("Letzte Notiz"), _last_note),
    Column("call", gettext_lazy("Förderaufruf"), lambda o: o.call.title if o.call else ""),
]


def _page(request: HttpRequest, *, heading: str, filename: str, **scope) -> HttpResponse:
    status = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()[:100]
    outcomes = selectors.followup_outcomes(
        user=request.user, status=status, search=search, **scope
    ).select_related("workshop__outcome_protocol")
    result = tables.table(
        request, COLUMNS, outcomes, default="workshop", default_descending=True, filename=filename
    )
    if isinstance(result, HttpResponse):
        return result
    for row in result["page"]:
        row.phase_label = _phase(row)
        row.last_change = _last_change(row)
        row.last_note = _last_note(row)
    context = {
        "heading": heading,
        "status": status,
        "statuses": Outcome.Status.choices,
        "search": search,
        **result,
    }
    return render(request, "workshop_outcomes/followup.html", context)


def district(request: HttpRequest, ags: str) -> HttpResponse:
    region = get_object_or_404(Region, ags=ags, level=Region.Level.KREIS)
    return _page(
        request,
        heading=str(gettext_lazy("Was aus den Werkstatt-Ergebnissen wurde: %(name)s"))
        % {"name": region.name},
        filename=f"werkstatt-ergebnisse-{region.ags}",
        district=region.ags,
    )


def alliance(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    # public like the alliance's page; the rows are only those of workshops one may read
    found = get_object_or_404(Alliance, slug=alliance_slug)
    return _page(
        request,
        heading=str(gettext_lazy("Was aus den Werkstatt-Ergebnissen wurde: %(name)s"))
        % {"name": found.name},
        filename=f"werkstatt-ergebnisse-{found.slug}",
        alliance=found,
    )
