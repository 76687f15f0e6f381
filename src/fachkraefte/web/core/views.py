"""Start page and districts pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from fachkraefte import SYNTHETIC_LABEL_DE, SYNTHETIC_LABEL_EN, geo
from fachkraefte.web.core import districts as table
from fachkraefte.web.core import exports, tables
from fachkraefte.web.core.figures import demo_figures, land_employees

DEFAULT_LAND = "06"  # Hessen: the demo data covers its 26 Kreise


def _demo_label(request: HttpRequest) -> str:
    return SYNTHETIC_LABEL_EN if request.LANGUAGE_CODE == "en" else SYNTHETIC_LABEL_DE


def start(request: HttpRequest) -> HttpResponse:
    figures = demo_figures()
    context = {
        "district_count": len(geo.districts()),
        "regions_source": geo.regions_source(),
        "demo": figures,
        "demo_label": _demo_label(request),
    }
    if figures is not None:
        hessen = geo.region(DEFAULT_LAND)
        context.update(
            demo_year=str(figures.latest_year),  # a year, not a number: no thousands separator
            demo_land=hessen.name,
            demo_employees=land_employees(figures, DEFAULT_LAND, figures.latest_year),
        )
    return render(request, "core/start.html", context)


def _has_demo_figures(figures, land: str) -> bool:
    return any(ags[:2] == land for ags, _year in figures.employees)


def district_list(request: HttpRequest) -> HttpResponse:
    laender = geo.laender()
    land = (request.GET.get("land") or DEFAULT_LAND).strip().zfill(2)
    current = next((r for r in laender if r.ags == land), None)
    if current is None:
        raise Http404(f"Unbekanntes Land {land!r} / unknown Land")
    figures = demo_figures()
    table_columns = table.columns(figures)
    keys = [c.key for c in table_columns]
    sort_key, descending = tables.parse_sort(request.GET.get("sort"), keys, "ags")
    rows = tables.sort_rows(table.district_rows(land, figures), sort_key, descending, then="ags")
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.export_response(fmt, table_columns, rows, filename=f"kreise-{land}")
    headers = tables.header_links(table_columns, sort_key, descending, {"land": land})
    params = {"land": land, "sort": ("-" if descending else "") + sort_key}
    context = {
        "laender": laender,
        "land": current,
        "headers": headers,
        "rows": rows,
        "keys": keys,
        # Every Land whose Kreise carry demo figures gets the synthetic-data label.
        "demo": figures if figures is not None and _has_demo_figures(figures, land) else None,
        "demo_label": _demo_label(request),
        "regions_source": geo.regions_source(),
        "csv_url": tables.query(params, format="csv"),
        "xlsx_url": tables.query(params, format="xlsx"),
    }
    return render(request, "core/district_list.html", context)


def district_detail(request: HttpRequest, ags: str) -> HttpResponse:
    try:
        district = geo.region(ags)
    except geo.UnknownRegionError as error:
        raise Http404(str(error)) from error
    if district.level != "kreis" or district.ags != ags:
        raise Http404(f"Kein Kreis mit AGS {ags!r} / no Kreis with this AGS")
    try:
        neighbours = geo.neighbours(ags)
        neighbours_note = geo.neighbours_attribution()
    except geo.BoundariesMissingError:
        neighbours, neighbours_note = None, None
    figures = demo_figures()
    series = []
    if figures is not None:
        series = [
            {
                "year": year,
                "employees": figures.employees[(ags, year)],
                "per_1000": figures.per_thousand(ags, year),
            }
            for year in figures.years
            if (ags, year) in figures.employees
        ]
    land = geo.region(district.land_ags)
    parent = geo.parent(ags)
    density = (
        round(district.population / district.area_km2)
        if district.population and district.area_km2
        else None
    )
    context = {
        "district": district,
        "land": land,
        "bezirk": parent if parent is not None and parent.level == "regierungsbezirk" else None,
        "density": density,
        "neighbours": neighbours,
        "neighbours_note": neighbours_note,
        "series": series,
        "demo_label": _demo_label(request),
        "regions_source": geo.regions_source(),
        "successor": geo.region(district.merged_into) if district.merged_into else None,
        "in_monitor": table.monitor_covers(ags),
    }
    return render(request, "core/district_detail.html", context)
