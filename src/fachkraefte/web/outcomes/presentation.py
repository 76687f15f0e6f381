"""Stored effects made ready for a page, the API and the chart: totals, cells named, series."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fachkraefte.reports.charts.need import gap_contribution_spec, gap_contribution_summary
from fachkraefte.web.monitor.selectors import occupation_title, region_name, scenario_text
from fachkraefte.web.outcomes.models import GapEffect
from fachkraefte.web.outcomes.selectors import EffectState, run_named

SERIES = {
    GapEffect.Kind.EXPECTED: gettext_noop("Beitrag des Antrags"),
    GapEffect.Kind.PLANNED: gettext_noop("Beitrag geplant"),
    GapEffect.Kind.ACHIEVED: gettext_noop("Beitrag erreicht"),
}


def _percent(share: float | None) -> float | None:
    return None if share is None else 100 * share


def _share_text(share: float | None, lang: str) -> str | None:
    if share is None:
        return None
    text = f"{100 * share:.1f}"
    return text if lang == "en" else text.replace(".", ",")


def effect_cells(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The cells in the assessment year, named, biggest gap first."""
    year = result.get("year")
    rows = [dict(row) for row in result.get("cells", []) if row.get("year") == year]
    for row in rows:
        row["district_name"] = region_name(row["ags"])
        row["occupation_title"] = occupation_title(row["kldb3"])
        row["gap_rel_percent"] = _percent(row.get("gap_rel"))
        row["share_percent"] = _percent(row.get("share_closed"))
    return sorted(rows, key=lambda r: -(r.get("gap") or 0))


def _per_year(result: dict[str, Any], column: str) -> dict[int, float]:
    out: dict[int, float] = {}
    for row in result.get("cells", []):
        value = row.get(column)
        if value is not None:
            out[row["year"]] = out.get(row["year"], 0.0) + (
                max(value, 0.0) if column == "gap" else value
            )
    return out


def chart_rows(result: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """Per projected year: the positive gap of the target cells and what the outcomes add."""
    base = result.get("base_year", 0)
    gap, added = _per_year(result, "gap"), _per_year(result, "added_supply")
    rows = [
        {"year": year, "series": _("Prognostizierte Lücke"), "persons": round(value, 1)}
        for year, value in sorted(gap.items())
        if year > base
    ]
    rows += [
        {"year": year, "series": _(SERIES[kind]), "persons": round(value, 1)}
        for year, value in sorted(added.items())
        if year > base
    ]
    return rows


def chart_svgs(result: dict[str, Any], kind: str) -> dict[str, Any]:
    """The chart drawn once, in the task, as SVG in German and English (vl-convert draws the
    same Vega-Lite spec as the monitor), with its text alternative and data rows."""
    import vl_convert

    out: dict[str, Any] = {}
    for lang in ("de", "en"):
        with translation.override(lang):
            rows = chart_rows(result, kind)
            out[lang] = {
                "svg": vl_convert.vegalite_to_svg(gap_contribution_spec(rows, lang=lang)),
                "summary": gap_contribution_summary(rows, lang=lang),
                "rows": rows,
            }
    return out


def effect_context(state: EffectState, *, lang: str) -> dict[str, Any]:
    """One effect for a template: its state, the run named, totals and cells."""
    context: dict[str, Any] = {"state": state, "kind_label": _(SERIES[state.kind])}
    effect = state.effect
    if effect is None or effect.status != GapEffect.Status.READY:
        return context
    result = effect.result
    run = run_named(effect.run_id)
    drawn = (result.get("chart") or {}).get(lang if lang == "en" else "de") or {}
    context.update(
        {
            "result": result,
            "chart": drawn,
            "share_percent": _share_text(result.get("share_closed"), lang),
            "cells": effect_cells(result),
            "run": run,
            "scenario": scenario_text(result.get("scenario", "basis"), lang),
        }
    )
    return context


def api_effect(state: EffectState) -> dict[str, Any]:
    """The API's answer: status, the run, and the stored result when there is one."""
    answer: dict[str, Any] = {
        "status": state.status,
        "kind": state.kind,
        "run_id": state.run.run_id if state.run else None,
        "inputs_hash": state.inputs.digest,
        "task": state.task.pk if state.task else None,
        "progress": state.task.progress if state.task else None,
    }
    if state.effect is not None:
        answer["computed_at"] = state.effect.computed_at.isoformat()
        answer["problem"] = state.effect.problem or None
        result = dict(state.effect.result or {})
        result.pop("chart", None)
        answer["result"] = result or None
    return answer
