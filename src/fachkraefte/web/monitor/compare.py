"""Scenario comparison: two or more forecast runs side by side, per district and occupation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from fachkraefte.reports import ALL, charts
from fachkraefte.reports.exports import Column
from fachkraefte.web.monitor import params, selectors
from fachkraefte.web.monitor import tables as t
from fachkraefte.web.monitor.chart import Chart
from fachkraefte.web.monitor.language import lang
from fachkraefte.web.monitor.page_rendering import (
    NoRunsYet,
    citable_url,
    monitor_page,
    niveau_choices,
    run_context,
)
from fachkraefte.web.monitor.selectors import Run

TOP_OCCUPATIONS = 20


def run_label(run: Run) -> str:
    """Scenario and the end of the run id: unambiguous even for two runs of one scenario."""
    return f"{selectors.scenario_text(run.scenario, lang())} · {run.run_id[-6:]}"


def _chosen_runs(request: HttpRequest) -> list[Run]:
    ids = [i.strip() for i in request.GET.getlist("lauf") if i.strip()]
    runs = []
    for run_id in dict.fromkeys(ids):
        try:
            runs.append(selectors.run_by_id(run_id))
        except selectors.UnknownRunError as error:
            known = ", ".join(r.run_id for r in selectors.run_list()[:5])
            raise params.ParamError(
                "lauf",
                _("Prognoselauf „%(run)s“ nicht gefunden. Vorhanden sind z. B.: %(known)s.")
                % {"run": run_id, "known": known},
            ) from error
    # The base scenario is the natural reference: it goes first whatever order the boxes had.
    runs.sort(key=lambda run: run.scenario != selectors.BASE_SCENARIO)
    if not ids:
        # A sensible first view: the newest base run against the newest run of each other
        # scenario.
        seen: dict[str, Run] = {}
        for run in selectors.run_list():
            seen.setdefault(run.scenario, run)
        base = seen.pop(selectors.BASE_SCENARIO, None)
        runs = ([base] if base else []) + list(seen.values())
    return runs


def _comparison_columns(runs: list[Run], label: Column) -> list[Column]:
    columns = [label]
    for i, run in enumerate(runs):
        columns.append(
            Column(f"gap_{i}", _("Lücke: %(run)s") % {"run": run_label(run)}, numeric=True)
        )
    for i, run in enumerate(runs[1:], start=1):
        columns.append(
            Column(
                f"diff_{i}",
                _("Unterschied zu Lauf 1: %(run)s") % {"run": run_label(run)},
                numeric=True,
            )
        )
    return columns


def _side_by_side(per_run: list[list[dict]], key: str, label: str) -> list[dict]:
    """Rows keyed by ``key`` with ``gap_<i>`` per run and ``diff_<i>`` against run 0."""
    merged: dict[str, dict] = {}
    for i, rows in enumerate(per_run):
        for row in rows:
            entry = merged.setdefault(row[key], {key: row[key], "label": row[label]})
            entry[f"gap_{i}"] = row["gap"]
    for entry in merged.values():
        for i in range(1, len(per_run)):
            a, b = entry.get("gap_0"), entry.get(f"gap_{i}")
            entry[f"diff_{i}"] = None if a is None or b is None else b - a
    return sorted(merged.values(), key=lambda e: e[key])


def _difference_chart(key: str, title: str, table: t.Table, runs: list[Run]) -> Chart:
    data = [
        {"label": row["label"], "run": run_label(run), "difference": row[f"diff_{i}"]}
        for row in table.rows
        for i, run in enumerate(runs[1:], start=1)
        if row.get(f"diff_{i}") is not None
    ]
    return Chart(
        key,
        title,
        charts.scenario_difference_spec(data, lang=lang()),
        charts.scenario_difference_summary(data, lang=lang()),
        table,
    )


@monitor_page("monitor/compare.html")
def compare(request: HttpRequest) -> dict[str, Any]:
    all_runs = selectors.run_list()
    if not all_runs:
        raise NoRunsYet()
    runs = _chosen_runs(request)
    context: dict[str, Any] = {
        **run_context(runs[0] if runs else all_runs[0]),
        "all_runs": [
            (run, run_label(run))
            for run in sorted(all_runs, key=lambda r: r.scenario != selectors.BASE_SCENARIO)
        ],
        "chosen": {run.run_id for run in runs},
        "niveaus": niveau_choices(),
    }
    if len(runs) < 2:
        context.update(
            enough=False,
            land="06",
            niveau=0,
            kldb3=ALL,
            year=None,
            citable_url=request.build_absolute_uri(),
        )
        return context
    reference = runs[0]
    known = sorted(set.intersection(*(set(selectors.laender(r)) for r in runs)))
    if not known:
        raise params.ParamError("lauf", _("Die gewählten Läufe haben kein Land gemeinsam."))
    land = params.land_code(request.GET.get("land"), known=known)
    shared_years = sorted(set.intersection(*(set(r.years) for r in runs)))
    year = params.year(
        request.GET.get("jahr"), run=reference, param="jahr", default=shared_years[-1]
    )
    if year not in shared_years:
        raise params.ParamError(
            "jahr",
            _(
                "Das Jahr %(year)s liegt nicht in allen gewählten Läufen. Gültig: %(first)s bis %(last)s."
            )
            % {"year": year, "first": shared_years[0], "last": shared_years[-1]},
        )
    kldb3 = params.occupation_code(
        request.GET.get("beruf"), known=selectors.occupation_codes(reference), param="beruf"
    )
    niveau = params.niveau(request.GET.get("niveau"))
    land_name = selectors.region_name(land)

    per_run = [
        selectors.district_rows(r, land=land, year=year, kldb3=kldb3, niveau=niveau) for r in runs
    ]
    district_table = t.Table(
        "kreise",
        _("Lücke %(year)s je Kreis und Lauf") % {"year": year},
        _comparison_columns(runs, Column("label", _("Kreis"))),
        _side_by_side(per_run, "ags", "name"),
        row_header="label",
    )
    charts_ = [
        _difference_chart(
            "kreise",
            _("Unterschied der Lücke %(year)s zu Lauf 1 je Kreis") % {"year": year},
            district_table,
            runs,
        )
    ]
    if kldb3 == ALL:
        per_run_occ = [
            selectors.occupation_rows(r, ags=land, year=year, niveau=niveau) for r in runs
        ]
        merged = _side_by_side(per_run_occ, "kldb3", "title")
        merged.sort(
            key=lambda e: max(abs(e.get(f"diff_{i}") or 0) for i in range(1, len(runs))),
            reverse=True,
        )
        occupation_table = t.Table(
            "berufsgruppen",
            _("Berufsgruppen in %(land)s mit dem größten Unterschied %(year)s")
            % {"land": land_name, "year": year},
            _comparison_columns(runs, Column("label", _("Berufsgruppe"))),
            merged[:TOP_OCCUPATIONS],
            row_header="label",
        )
        charts_.append(
            _difference_chart("berufsgruppen", occupation_table.caption, occupation_table, runs)
        )
    over_time = [
        {"year": row["year"], "series": run_label(run), "gap_rel": row["gap_rel"]}
        for run in runs
        for row in selectors.series(run, ags=land, kldb3=kldb3, niveau=niveau)
    ]
    charts_.append(
        Chart(
            "verlauf",
            _("Lücke in %(land)s je Lauf") % {"land": land_name},
            charts.gap_comparison_spec(over_time, lang=lang(), series_title=_("Prognoselauf")),
            charts.gap_comparison_summary(over_time, lang=lang()),
            t.comparison_table(
                "verlauf",
                _("Lücke in %(land)s je Lauf") % {"land": land_name},
                over_time,
                _("Prognoselauf"),
            ),
        )
    )
    context.update(
        enough=True,
        compared=[(run, run_label(run)) for run in runs],
        land=land,
        land_name=land_name,
        laender=[(code, selectors.region_name(code)) for code in known],
        year=year,
        years=shared_years,
        kldb3=kldb3,
        occupations=[
            (c, f"{c} {selectors.occupation_title(c)}")
            for c in selectors.occupation_codes(reference)
        ],
        niveau=niveau,
        charts=charts_,
        tables={c.table.key: c.table for c in charts_},
        citable_url=citable_url(
            request,
            reference,
            {
                "lauf": [r.run_id for r in runs],
                "land": land,
                "jahr": year,
                "beruf": kldb3,
                "niveau": niveau,
            },
        ),
    )
    return context
