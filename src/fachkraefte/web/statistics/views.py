"""Statistics pages: upload for the coordination office, imported vintages, wage atlas and
bottleneck indicators (public)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from fachkraefte import SYNTHETIC_LABEL_DE, SYNTHETIC_LABEL_EN
from fachkraefte.tabular import Column
from fachkraefte.web.core import exports, tables
from fachkraefte.web.statistics import atlas, selectors
from fachkraefte.web.statistics.forms import ImportForm
from fachkraefte.web.statistics.import_task import IMPORT_KIND
from fachkraefte.web.statistics.rules import can_import
from fachkraefte.web.statistics.services import statistics_import_submit
from fachkraefte.web.statistics.sources import DATASET_LABELS, IMPORT_SOURCES
from fachkraefte.web.tasks.selectors import tasks_visible_to
from fachkraefte.web.tasks.views import display_title

PAGE_SIZE = 50


def _coordination_only(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise PermissionDenied(_("Nur für die Koordinierungsstelle"))


def _source_note(request: HttpRequest, data: selectors.IndicatorData) -> str:
    if data.demo:
        return SYNTHETIC_LABEL_EN if request.LANGUAGE_CODE == "en" else SYNTHETIC_LABEL_DE
    used = ", ".join(f"{table}: {vid}" for table, vid in data.vintages)
    return _("Quelle: Statistik der Bundesagentur für Arbeit; Datenstände: %(used)s") % {
        "used": used
    }


def _table_response(
    request: HttpRequest,
    *,
    rows: list[dict[str, Any]],
    columns: list[Column],
    download_columns: list[Column],
    query: dict[str, str],
    default_sort: str,
    filename: str,
    note: str,
) -> HttpResponse | dict[str, Any]:
    """Sort, then either a download (``format=csv|xlsx``) or the page context for the table."""
    keys = [c.key for c in download_columns]
    key, descending = tables.parse_sort(request.GET.get("sort"), keys, default_sort)
    rows = tables.sort_rows(rows, key, descending)
    wanted = request.GET.get("format")
    if wanted in exports.FORMATS:
        return exports.export_response(
            wanted,
            download_columns,
            rows,
            filename=filename,
            title="Tabelle",
            notes=[note] if note else [],
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    cells = [[tables.display_value(row.get(c.key), c) for c in columns] for row in page.object_list]
    sorted_query = {**query, "sort": ("-" if descending else "") + key}
    return {
        "headers": tables.header_links(columns, key, descending, query),
        "page": page,
        "body": [list(zip(columns, row_cells, strict=True)) for row_cells in cells],
        "row_count": len(rows),
        "page_query": urlencode(sorted_query),
        "csv_url": "?" + urlencode({**sorted_query, "format": "csv"}),
        "xlsx_url": "?" + urlencode({**sorted_query, "format": "xlsx"}),
    }


# --- import ---------------------------------------------------------------------------------


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _coordination_only(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            task = statistics_import_submit(
                user=request.user,
                source=data["source"],
                uploaded=data["file"],
                dry_run=data["dry_run"],
                reference_date=data["reference_date"],
                variant=data["variant"],
                make_current=data["make_current"],
            )
            return redirect("tasks:detail", task_id=task.pk)
    else:
        form = ImportForm()
    recent = tasks_visible_to(user=request.user).filter(kind=IMPORT_KIND)[:10]
    context = {
        "form": form,
        "recent": [{"task": t, "title": display_title(t)} for t in recent],
        "sources": [(_(s.label), ", ".join(s.suffixes)) for s in IMPORT_SOURCES.values()],
    }
    return render(request, "statistics/import.html", context, status=400 if form.errors else 200)


@login_required
def vintage_list(request: HttpRequest) -> HttpResponse:
    _coordination_only(request)
    dataset = request.GET.get("dataset") or None
    if dataset not in (None, *DATASET_LABELS):
        dataset = None
    columns = [
        Column("dataset_label", _("Datensatz")),
        Column("source", _("Quelle")),
        Column("file_name", _("Datei")),
        Column("sha256", _("Prüfsumme (SHA-256)")),
        Column("reference_date", _("Stichtag")),
        Column("imported_at", _("importiert am")),
        Column("imported_by", _("importiert von")),
        Column("tables", _("Tabellen (Zeilen)")),
        Column("current_for", _("aktuell für")),
        Column("vintage_id", _("Kennung")),
    ]
    rows = [
        {
            "dataset_label": str(DATASET_LABELS.get(v.dataset, v.dataset)),
            "source": v.source,
            "file_name": v.file_name,
            "sha256": v.sha256,
            "reference_date": v.reference_date.isoformat(),
            "imported_at": v.imported_at.isoformat(timespec="seconds"),
            "imported_by": v.imported_by,
            "tables": ", ".join(f"{t} ({n})" for t, n in v.rows.items()),
            "current_for": ", ".join(v.current_for),
            "vintage_id": v.vintage_id,
        }
        for v in selectors.vintages(dataset=dataset)
    ]
    query = {"dataset": dataset} if dataset else {}
    table = _table_response(
        request,
        rows=rows,
        columns=columns,
        download_columns=columns,
        query=query,
        default_sort="-imported_at",
        filename="datenstaende",
        note=_("Importierte Datenstände der Fachkräfte-Plattform"),
    )
    if isinstance(table, HttpResponse):
        return table
    context = {
        **table,
        "datasets": [(key, str(label)) for key, label in DATASET_LABELS.items()],
        "dataset": dataset,
    }
    return render(request, "statistics/vintages.html", context)


# --- indicators -----------------------------------------------------------------------------


def _choices(request: HttpRequest, frame, filters: atlas.Filters, years: list[int]) -> dict:
    names, titles = selectors.region_names(), selectors.occupation_titles()
    codes = sorted(set(frame["ags"].to_list())) if frame.height else []
    laender = [] if filters.level == "deutschland" else sorted({c[:2] for c in codes})
    kreise = [c for c in codes if len(c) == 5 and (not filters.land or c.startswith(filters.land))]
    return {
        "years": years,
        "laender": [(c, names.get(c, c)) for c in laender],
        "kreise": [(c, names.get(c, c)) for c in kreise],
        "berufe": [(c, titles.get(c, "")) for c in sorted(set(frame["kldb3"].to_list()))],
    }


def _indicator_page(
    request: HttpRequest,
    *,
    table: str,
    required: tuple[str, ...],
    template: str,
) -> HttpResponse:
    language = request.LANGUAGE_CODE
    data = selectors.indicator_data(required)
    if data is None:
        return render(request, template, {"no_data": True})
    year_table = "wages" if table == "wages" else "labour_market"
    years = selectors.available_years(data, year_table)

    def frame_for(year: int, level: str):
        if table == "wages":
            return selectors.wage_atlas_frame(data, year)
        return selectors.bottleneck_frame(data, year, level)

    errors: dict[str, str] = {}
    try:
        filters, frame = atlas.parse_filters(request.GET, years, frame_for, table=table)
    except atlas.FilterError as error:
        errors = error.errors
        filters, frame = atlas.parse_filters({}, years, frame_for, table=table)
    selected = atlas.filter_frame(frame, filters)
    if table == "wages":
        rows = atlas.wage_rows(selected, language)
        columns = atlas.wage_columns()
        download = columns
        filename = f"lohnatlas-{filters.year}"
    else:
        rows = atlas.bottleneck_rows(selected, language)
        columns = atlas.bottleneck_columns(language, filters.level)
        download = (
            columns + atlas.bottleneck_detail_columns(language) + [Column("note", _("Hinweis"))]
        )
        filename = f"engpaesse-{filters.year}"
    note = _source_note(request, data)
    result = _table_response(
        request,
        rows=rows,
        columns=columns,
        download_columns=download,
        query=filters.query(),
        default_sort="ags",
        filename=filename,
        note=note,
    )
    if isinstance(result, HttpResponse):
        return result
    context = {
        **result,
        **_choices(request, frame, filters, years),
        "filters": filters,
        "errors": errors,
        "demo": data.demo,
        "source_note": note,
        "levels": [
            ("kreis", _("Kreise")),
            ("land", _("Länder")),
            ("deutschland", _("Deutschland")),
        ],
        "niveaus": [(1, _("Helfer")), (2, _("Fachkraft")), (3, _("Spezialist")), (4, _("Experte"))],
        "classifications": [
            (key, atlas.classification_label(value)) for key, value in atlas.CLASSIFICATIONS.items()
        ],
    }
    if table != "wages":
        config = selectors.bottleneck_config()
        context["config"] = config
    return render(request, template, context, status=400 if errors else 200)


def wage_atlas_page(request: HttpRequest) -> HttpResponse:
    return _indicator_page(
        request, table="wages", required=selectors.WAGE_TABLES, template="statistics/wages.html"
    )


def bottlenecks_page(request: HttpRequest) -> HttpResponse:
    return _indicator_page(
        request,
        table="bottlenecks",
        required=selectors.BOTTLENECK_TABLES,
        template="statistics/bottlenecks.html",
    )
