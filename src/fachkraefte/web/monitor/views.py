"""Public monitor pages: overview map, district page, occupation pages.

Pages read the precomputed aggregates of one forecast run (``selectors``); choices come in
the query string, so every view of the data has a stable URL that can be cited.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from fachkraefte import geo
from fachkraefte.reports import ALL, ALL_NIVEAUS, charts
from fachkraefte.web.core.tables import header_links
from fachkraefte.web.monitor import params, selectors, svgmap, wages
from fachkraefte.web.monitor import tables as t
from fachkraefte.web.monitor.bands import band_note, band_rows, has_bands
from fachkraefte.web.monitor.chart import Chart
from fachkraefte.web.monitor.language import lang
from fachkraefte.web.monitor.page_rendering import (
    chosen_run,
    citable_url,
    key_figures,
    monitor_page,
    niveau_choices,
    run_context,
)
from fachkraefte.web.monitor.params import NIVEAUS
from fachkraefte.web.monitor.selectors import Run
from fachkraefte.web.monitor.similar import similar_section

TOP_OCCUPATIONS = 15


def _query(**values: Any) -> str:
    return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "", ALL)})


def district_url(
    run: Run, ags: str, kldb3: str = ALL, niveau: int = ALL_NIVEAUS, year: int | None = None
) -> str:
    """The district page with the same choices, the year included (a click on the map keeps
    the year the map shows)."""
    return reverse("monitor:district", args=[ags]) + _query(
        lauf=run.run_id, beruf=kldb3, niveau=niveau or None, jahr=year
    )


def occupation_url(run: Run, kldb3: str, land: str, niveau: int = ALL_NIVEAUS) -> str:
    return reverse("monitor:occupation", args=[kldb3]) + _query(
        lauf=run.run_id, land=land, niveau=niveau or None
    )


def _selection(request: HttpRequest, run: Run) -> tuple[str, int]:
    kldb3 = params.occupation_code(
        request.GET.get("beruf"), known=selectors.occupation_codes(run), param="beruf"
    )
    return kldb3, params.niveau(request.GET.get("niveau"))


def _occupation_choices(run: Run) -> list[tuple[str, str]]:
    return [
        (code, f"{code} {selectors.occupation_title(code)}")
        for code in selectors.occupation_codes(run)
    ]


def _sort_headers(request: HttpRequest, table: t.Table) -> list[dict[str, Any]]:
    return header_links(
        table.columns,
        table.sort_key,
        table.descending,
        dict(request.GET.items()),
        sort_param="sortierung",
        page_param="seite",
    )


def _supply_demand_chart(key: str, title: str, rows: list[dict], run: Run, niveau: int) -> Chart:
    bands = has_bands(run, rows)
    table = t.series_table(key, title, rows, bands=bands)
    data = (
        band_rows(rows)
        if bands
        else [{"year": r["year"], "demand": r["demand"], "supply": r["supply"]} for r in rows]
    )
    return Chart(
        key,
        title,
        charts.supply_demand_spec(data, lang=lang()),
        charts.supply_demand_summary(data, lang=lang()),
        table,
    )


def _age_chart(key: str, title: str, rows: list[dict]) -> Chart:
    table = t.age_table(key, title, rows)
    return Chart(
        key,
        title,
        charts.age_structure_spec(rows, lang=lang()),
        charts.age_structure_summary(rows, lang=lang()),
        table,
    )


def _replacement_chart(key: str, title: str, rows: list[dict], niveau: int = ALL_NIVEAUS) -> Chart:
    """The demographic replacement picture. The run stores it per Berufsgruppe over all
    Anforderungsniveaus only, so with a niveau chosen the chart says that it covers all."""
    summary = charts.replacement_summary(rows, lang=lang())
    notes = []
    if niveau != ALL_NIVEAUS:
        title = _("%(title)s – alle Anforderungsniveaus") % {"title": title}
        note = _(
            "Der demografische Ersatz liegt nur für alle Anforderungsniveaus zusammen vor: "
            "Grafik und Tabelle zeigen alle Niveaus, nicht nur „%(niveau)s“."
        ) % {"niveau": NIVEAUS[niveau]}
        notes.append(note)
        summary = f"{note} {summary}"
    table = t.replacement_table(key, title, rows)
    table.notes += notes
    return Chart(key, title, charts.replacement_spec(rows, lang=lang()), summary, table)


def _ranking_chart(key: str, title: str, table: t.Table, label: str, category: str) -> Chart:
    data = [
        {
            "label": r[label],
            "gap": r["gap"],
            "gap_rel": r["gap_rel"],
            "gap_p10": r.get("gap_p10"),
            "gap_p90": r.get("gap_p90"),
        }
        for r in table.rows
    ]
    return Chart(
        key,
        title,
        charts.gap_ranking_spec(data, lang=lang(), category=category),
        charts.gap_ranking_summary(data, lang=lang()),
        table,
    )


def _named_ages(rows: list[dict], names: dict[str, str]) -> list[dict]:
    for row in rows:
        row["area"] = names.get(row["ags"], row["ags"])
    return rows


@monitor_page("monitor/map.html")
def overview(request: HttpRequest) -> dict[str, Any]:
    run = chosen_run(request)
    known = selectors.laender(run)
    land = params.land_code(request.GET.get("land"), known=known)
    measure = params.measure(request.GET.get("mass"))
    year = params.year(request.GET.get("jahr"), run=run, param="jahr")
    kldb3, niveau = _selection(request, run)
    rows = selectors.district_rows(run, land=land, year=year, kldb3=kldb3, niveau=niveau)

    def link(row: dict) -> str:
        return district_url(run, row["ags"], kldb3, niveau, year)

    land_name = selectors.region_name(land)
    table = t.districts_table(
        "kreise",
        _("Kreise in %(land)s: Prognose %(year)s") % {"land": land_name, "year": year},
        rows,
        link,
    )
    table.sortable = True
    t.sort_table(table, request.GET.get("sortierung") or "ags")
    choices = {"land": land, "mass": measure, "jahr": year, "beruf": kldb3, "niveau": niveau}
    return {
        **run_context(run),
        "land": land,
        "land_name": land_name,
        "laender": [(code, selectors.region_name(code)) for code in known],
        "measure": measure,
        "measure_label": params.MEASURES[measure],
        "measures": list(params.MEASURES.items()),
        "year": year,
        "years": run.years,
        "kldb3": kldb3,
        "occupation_title": selectors.occupation_title(kldb3),
        "occupations": _occupation_choices(run),
        "niveau": niveau,
        "niveaus": niveau_choices(),
        "map": svgmap.map_context(rows, measure=measure, year=year, link=link),
        "table": table,
        "headers": _sort_headers(request, table),
        "tables": {table.key: table},
        "base_year_measure": measure != "gap_rel",
        "citable_url": citable_url(request, run, choices),
    }


@monitor_page("monitor/district.html")
def district(request: HttpRequest, ags: str) -> dict[str, Any]:
    run = chosen_run(request)
    try:
        region = geo.region(ags)
    except geo.UnknownRegionError as error:
        raise Http404(str(error)) from error
    if region.level != "kreis" or region.ags != ags:
        raise Http404(_("Kein Kreis mit dem AGS „%(ags)s“.") % {"ags": ags})
    land = region.land_ags
    if ags not in selectors.districts_in(run, land):
        raise Http404(
            _("Der Prognoselauf enthält keine Daten für %(name)s.") % {"name": region.name}
        )
    kldb3, niveau = _selection(request, run)
    year = params.year(request.GET.get("jahr"), run=run, param="jahr")
    land_name = selectors.region_name(land)
    subject = selectors.occupation_title(kldb3) or _("alle Berufe")

    rows = selectors.series(run, ags=ags, kldb3=kldb3, niveau=niveau)
    land_rows = selectors.series(run, ags=land, kldb3=kldb3, niveau=niveau)
    supply_demand = _supply_demand_chart(
        "angebot-bedarf",
        _("Angebot und Bedarf %(first)s–%(last)s: %(subject)s")
        % {"first": run.base_year, "last": run.horizon, "subject": subject},
        rows,
        run,
        niveau,
    )
    flows = t.flows_table("ersatzbedarf", _("Veränderungs- und Ersatzbedarf je Jahr"), rows)
    charts_: list[Chart] = [supply_demand]
    top_gaps = None
    ranked: list[dict] = []
    if kldb3 == ALL:
        ranked = sorted(
            selectors.occupation_rows(run, ags=ags, year=year, niveau=niveau),
            key=lambda r: r["gap"],
            reverse=True,
        )[:TOP_OCCUPATIONS]
        table = t.occupations_table(
            "groesste-luecken",
            _("Berufsgruppen mit den größten Lücken %(year)s") % {"year": year},
            ranked,
            lambda r: occupation_url(run, r["kldb3"], land, niveau),
        )
        top_gaps = _ranking_chart("groesste-luecken", table.caption, table, "title", "occupation")
        charts_.append(top_gaps)
    ages = _named_ages(
        selectors.age_structure(run, areas=[ags, land], kldb3=kldb3, niveau=niveau),
        {ags: region.name, land: land_name},
    )
    age_chart = _age_chart(
        "altersstruktur",
        _("Altersstruktur der Beschäftigten %(year)s") % {"year": run.base_year},
        ages,
    )
    demography = _replacement_chart(
        "demografie",
        _("Demografischer Ersatz: Personen, die 27 bzw. 64 Jahre alt werden"),
        selectors.replacement(run, ags=ags, kldb3=kldb3),
        niveau,
    )
    comparison_rows = [
        {"year": r["year"], "series": name, "gap_rel": r["gap_rel"]}
        for name, series_rows in ((region.name, rows), (land_name, land_rows))
        for r in series_rows
    ]
    comparison = Chart(
        "land-vergleich",
        _("Lücke im Vergleich mit %(land)s") % {"land": land_name},
        charts.gap_comparison_spec(comparison_rows, lang=lang()),
        charts.gap_comparison_summary(comparison_rows, lang=lang()),
        t.comparison_table(
            "land-vergleich",
            _("Lücke im Vergleich mit %(land)s") % {"land": land_name},
            comparison_rows,
            _("Gebiet"),
        ),
    )
    charts_ += [age_chart, demography, comparison]
    known_occupations = set(selectors.occupation_codes(run))
    wage = wages.district_wages(
        ags=ags,
        name=region.name,
        kldb3s=[kldb3] if kldb3 != ALL else [r["kldb3"] for r in ranked],
        subject=subject,
        link=lambda r: (
            occupation_url(run, r["kldb3"], land, niveau)
            if r["kldb3"] in known_occupations
            else None
        ),
    )
    if wage.chart:
        charts_.append(wage.chart)
    profile = selectors.profile(run, ags=ags, kldb3=kldb3, niveau=niveau)
    horizon_row = rows[-1] if rows else None
    choices = {"beruf": kldb3, "niveau": niveau, "jahr": year}
    return {
        **run_context(run),
        "district": region,
        "land": land,
        "land_name": land_name,
        "kldb3": kldb3,
        "subject": subject,
        "occupations": _occupation_choices(run),
        "niveau": niveau,
        "niveaus": niveau_choices(),
        "year": year,
        "years": run.years,
        "cards": key_figures(horizon_row, profile, land_rows[-1] if land_rows else None),
        "supply_demand": supply_demand,
        "band_note": band_note(run, rows, niveau),
        "top_gaps": top_gaps,
        "flows": flows,
        "age_chart": age_chart,
        "demography": demography,
        "comparison": comparison,
        "wages": wage,
        "similar": similar_section(
            run, ags, link=lambda code: district_url(run, code, kldb3, niveau)
        ),
        "charts": charts_,
        "tables": {c.table.key: c.table for c in charts_} | {flows.key: flows},
        "map_url": reverse("monitor:map") + _query(lauf=run.run_id, land=land, beruf=kldb3),
        "citable_url": citable_url(request, run, choices),
    }


@monitor_page("monitor/occupation_list.html")
def occupation_list(request: HttpRequest) -> dict[str, Any]:
    run = chosen_run(request)
    known = selectors.laender(run)
    land = params.land_code(request.GET.get("land"), known=known)
    year = params.year(request.GET.get("jahr"), run=run, param="jahr")
    niveau = params.niveau(request.GET.get("niveau"))
    rows = selectors.occupation_rows(run, ags=land, year=year, niveau=niveau)
    land_name = selectors.region_name(land)
    table = t.occupations_table(
        "berufsgruppen",
        _("Berufsgruppen in %(land)s: Prognose %(year)s") % {"land": land_name, "year": year},
        rows,
        lambda r: occupation_url(run, r["kldb3"], land, niveau),
    )
    table.sortable = True
    t.sort_table(table, request.GET.get("sortierung") or "-gap")
    page = Paginator(table.rows, 50).get_page(request.GET.get("seite"))
    query = {k: v for k, v in request.GET.items() if k != "seite"}
    return {
        **run_context(run),
        "land": land,
        "land_name": land_name,
        "laender": [(code, selectors.region_name(code)) for code in known],
        "year": year,
        "years": run.years,
        "niveau": niveau,
        "niveaus": niveau_choices(),
        "table": table,
        "page": page,
        "page_query": urlencode(query),
        "headers": _sort_headers(request, table),
        "tables": {table.key: table},
        "citable_url": citable_url(request, run, {"land": land, "jahr": year, "niveau": niveau}),
    }


@monitor_page("monitor/occupation.html")
def occupation(request: HttpRequest, kldb3: str) -> dict[str, Any]:
    run = chosen_run(request)
    if kldb3 not in selectors.occupation_codes(run):
        raise Http404(_("Keine Berufsgruppe „%(code)s“ im Prognoselauf.") % {"code": kldb3})
    known = selectors.laender(run)
    land = params.land_code(request.GET.get("land"), known=known)
    niveau = params.niveau(request.GET.get("niveau"))
    year = params.year(request.GET.get("jahr"), run=run, param="jahr")
    title = selectors.occupation_title(kldb3)
    land_name = selectors.region_name(land)

    rows = selectors.series(run, ags=land, kldb3=kldb3, niveau=niveau)
    supply_demand = _supply_demand_chart(
        "angebot-bedarf",
        _("Angebot und Bedarf in %(land)s %(first)s–%(last)s")
        % {"land": land_name, "first": run.base_year, "last": run.horizon},
        rows,
        run,
        niveau,
    )
    flows = t.flows_table("ersatzbedarf", _("Veränderungs- und Ersatzbedarf je Jahr"), rows)
    district_rows = sorted(
        selectors.district_rows(run, land=land, year=year, kldb3=kldb3, niveau=niveau),
        key=lambda r: r["gap"],
        reverse=True,
    )
    districts = t.districts_table(
        "kreise",
        _("Kreise nach Lücke %(year)s") % {"year": year},
        district_rows,
        lambda r: district_url(run, r["ags"], kldb3, niveau, year),
    )
    ranking = _ranking_chart("kreise", districts.caption, districts, "name", "district")
    everyone = _("alle Berufe")
    ages = _named_ages(
        selectors.age_structure(run, areas=[land], kldb3=kldb3, niveau=niveau),
        {land: title},
    ) + _named_ages(
        selectors.age_structure(run, areas=[land], kldb3=ALL, niveau=niveau), {land: everyone}
    )
    age_chart = _age_chart(
        "altersstruktur",
        _("Altersstruktur in %(land)s %(year)s: diese Berufsgruppe und alle Berufe")
        % {"land": land_name, "year": run.base_year},
        ages,
    )
    demography = _replacement_chart(
        "demografie",
        _("Demografischer Ersatz: Personen, die 27 bzw. 64 Jahre alt werden"),
        selectors.replacement(run, ags=land, kldb3=kldb3),
        niveau,
    )
    charts_ = [supply_demand, ranking, age_chart, demography]
    in_run = set(selectors.districts_in(run, land))
    wage = wages.occupation_wages(
        kldb3=kldb3,
        title=title,
        land=land,
        land_name=land_name,
        link=lambda r: (
            district_url(run, r["ags"], kldb3, niveau, year) if r["ags"] in in_run else None
        ),
    )
    if wage.chart:
        charts_.append(wage.chart)
    return {
        **run_context(run),
        "kldb3": kldb3,
        "title": title,
        "land": land,
        "land_name": land_name,
        "laender": [(code, selectors.region_name(code)) for code in known],
        "niveau": niveau,
        "niveaus": niveau_choices(),
        "year": year,
        "years": run.years,
        "cards": key_figures(
            rows[-1] if rows else None,
            selectors.profile(run, ags=land, kldb3=kldb3, niveau=niveau),
        ),
        "supply_demand": supply_demand,
        "band_note": band_note(run, rows, niveau),
        "flows": flows,
        "ranking": ranking,
        "age_chart": age_chart,
        "demography": demography,
        "wages": wage,
        "charts": charts_,
        "tables": {c.table.key: c.table for c in charts_} | {flows.key: flows},
        "list_url": reverse("monitor:occupations") + _query(lauf=run.run_id, land=land),
        "citable_url": citable_url(request, run, {"land": land, "niveau": niveau, "jahr": year}),
    }
