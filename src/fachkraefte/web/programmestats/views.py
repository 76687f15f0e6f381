"""Programme statistics pages: the public statistics with chart, table, downloads and PDF, and the
office's upload of a historic list.

Each view asks ``programmestats.rules`` before it reads the request's data.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fachkraefte.web.core.exports import FORMATS, export_response
from fachkraefte.web.core.tables import header_links, query
from fachkraefte.web.monitor.assets import import_map
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats import rules, selectors
from fachkraefte.web.programmestats.forms import HistoricImportForm
from fachkraefte.web.programmestats.historic_task import HISTORIC_KIND
from fachkraefte.web.programmestats.report import (
    StatisticsView,
    method_note,
    statistics_pdf_bytes,
    statistics_view,
)
from fachkraefte.web.programmestats.services import historic_import_submit
from fachkraefte.web.tasks.selectors import tasks_visible_to
from fachkraefte.web.tasks.views import display_title


def _selection(request: HttpRequest) -> StatisticsView | None:
    """The programme and dimension of ``?programm=`` and ``?nach=`` (unknown ones: defaults)."""
    if not rules.can_view_statistics(request.user):
        raise PermissionDenied
    programmes = selectors.programmes_with_projects()
    programme = (
        programmes.filter(slug=request.GET.get("programm", "")).first() or programmes.first()
    )
    if programme is None or not rules.can_view_programme(request.user, programme):
        return None
    dimension = request.GET.get("nach", "")
    if dimension not in selectors.DIMENSIONS:
        dimension = selectors.DEFAULT_DIMENSION
    return statistics_view(programme=programme, dimension=dimension, sort=request.GET.get("sort"))


def _filename(view: StatisticsView) -> str:
    return f"foerderstatistik-{view.programme.slug}-{view.dimension.slug}"


def statistics_page(request: HttpRequest) -> HttpResponse:
    view = _selection(request)
    fmt = request.GET.get("format")
    if view is not None and fmt in FORMATS:
        return export_response(
            fmt,
            view.columns,
            view.export_rows(),
            filename=_filename(view),
            title=_("Förderstatistik"),
            notes=view.notes(),
        )
    params = dict(request.GET.items())
    context = {
        "view": view,
        "programmes": selectors.programmes_with_projects(),
        "dimensions": [(d.slug, d.label) for d in selectors.DIMENSIONS.values()],
        "may_import": rules.can_import_historic(request.user),
    }
    if view is not None:
        context.update(
            {
                "headers": header_links(view.columns, view.sort_key, view.descending, params),
                "chart_spec": view.chart_spec(),
                "chart_summary": view.chart_summary(),
                "csv_url": query(params, format="csv"),
                "xlsx_url": query(params, format="xlsx"),
                "pdf_query": query(params, format=None, sort=None),
                "import_map": import_map()[0],
                "method_note": method_note(),
            }
        )
    response = render(request, "programmestats/statistics.html", context)
    if view is not None:
        response["Content-Security-Policy"] = import_map()[1]
    return response


def statistics_pdf(request: HttpRequest) -> HttpResponse:
    view = _selection(request)
    if view is None:
        raise Http404(_("Keine geförderten Projekte"))
    response = HttpResponse(statistics_pdf_bytes(view), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(view)}.pdf"'
    return response


@login_required
def historic_upload(request: HttpRequest) -> HttpResponse:
    """The office uploads a funder's list; a background task checks and imports it."""
    if not rules.can_import_historic(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = HistoricImportForm(request.POST, request.FILES)
        if form.is_valid():
            task = historic_import_submit(
                user=request.user,
                programme=form.cleaned_data["programme"],
                uploaded=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect("tasks:detail", task_id=task.pk)
    else:
        form = HistoricImportForm()
    recent = tasks_visible_to(user=request.user).filter(kind=HISTORIC_KIND)[:10]
    context = {
        "form": form,
        "recent": [{"task": t, "title": display_title(t)} for t in recent],
        "programmes": Programme.objects.order_by("name"),
    }
    status = 400 if form.errors else 200
    return render(request, "programmestats/historic_import.html", context, status=status)
