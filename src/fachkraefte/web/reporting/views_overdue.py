"""The "Überfällig" overview: reports not submitted and milestones not reached by their due
date, for the office (every alliance) and an alliance's members (their own); sortable, paged
and downloadable as CSV or XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.tabular import Column
from fachkraefte.web.alliances.rules import internal_alliances
from fachkraefte.web.core import tables
from fachkraefte.web.reporting import rules, selectors

COLUMNS = [
    Column("due_on", gettext_lazy("fällig am"), lambda r: r["due_on"]),
    Column("days", gettext_lazy("Tage überfällig"), lambda r: r["days"], numeric=True),
    Column("kind", gettext_lazy("Art"), lambda r: r["kind"]),
    Column("what", gettext_lazy("Was"), lambda r: r["what"]),
    Column("project", gettext_lazy("Projekt"), lambda r: r["project"]),
    Column("recipient", gettext_lazy("Zuwendungsempfänger"), lambda r: r["recipient"]),
    Column("alliance", gettext_lazy("Allianz"), lambda r: r["alliance"]),
    Column("status", gettext_lazy("Status"), lambda r: r["status"]),
]
KEYS = [column.key for column in COLUMNS]


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    if not rules.may_see_overdue(request.user):
        raise PermissionDenied(
            _("Die Übersicht sehen die Koordinierungsstelle und die Mitglieder der Allianzen.")
        )
    alliance = request.GET.get("alliance", "").strip()[:80]
    rows = selectors.overdue_rows(user=request.user, alliance=alliance)
    key, descending = tables.parse_sort(request.GET.get("sort"), KEYS, "-days")
    rows = tables.sort_rows(rows, key, descending, then="project")
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return tables.download(fmt, COLUMNS, rows, filename="ueberfaellig")
    page = tables.paginate(request, rows)
    context = {
        **tables.list_context(request, COLUMNS, key, descending, page),
        "alliance": alliance,
        "alliances": internal_alliances(request.user).order_by("name"),
    }
    return render(request, "reporting/overdue.html", context)
