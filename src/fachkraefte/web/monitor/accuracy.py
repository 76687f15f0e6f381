"""The page "Treffsicherheit": how well the model did in backtests on the data of the run shown,
beside carry-forward and a naive trend (the way BLS publishes its projection evaluations).

The table takes a Monte Carlo per backtest origin, so a request never computes it: a missing
table queues the task kind ``monitor.accuracy`` (once) and the page answers "being prepared"
(503) until the task is done.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.http import HttpRequest
from django.utils.translation import gettext as _

from fachkraefte.forecast.backtest import (
    ACCURACY_LEVELS,
    ALL_METHODS,
    METHODS,
    mean_by_level,
    side_by_side,
)
from fachkraefte.reports.accuracy import read_accuracy
from fachkraefte.reports.exports import Column
from fachkraefte.web.monitor import tables as t
from fachkraefte.web.monitor.page_rendering import (
    chosen_run,
    citable_url,
    monitor_page,
    run_context,
)


def level_labels() -> dict[str, str]:
    return {
        "berufsgruppe": _("Kreis × Berufsgruppe"),
        "hauptgruppe": _("Kreis × Berufshauptgruppe"),
        "bereich": _("Kreis × Berufsbereich"),
        "land": _("Land"),
    }


def method_labels() -> dict[str, str]:
    return {
        "model_supply": _("Modell: Angebot"),
        "model_demand": _("Modell: Bedarf (Trend)"),
        "model_industry": _("Modell: Bedarf (Branchenpfad)"),
        "carry_forward": _("Fortschreibung (bleibt, wie es ist)"),
        "naive_trend": _("Naiver Trend"),
    }


def _columns(first: list[Column], scored: set[str]) -> list[Column]:
    """``scored``: the methods of the table (the industry path only where it was scored)."""
    names = method_labels()
    methods = tuple(m for m in ALL_METHODS if m in scored)
    measures = (  # (key prefix, German label, digits, methods: bands only for the model)
        ("mape", _("MAPE %(method)s"), 1, methods),
        ("bias", _("Bias %(method)s"), 1, methods),
        ("coverage", _("P10–P90-Abdeckung %(method)s"), 0, METHODS[:2]),
    )
    return list(first) + [
        Column(
            f"{prefix}_{m}",
            label % {"method": names[m]},
            numeric=True,
            percent=True,
            digits=digits,
        )
        for prefix, label, digits, methods in measures
        for m in methods
    ]


def _wide_summary(table: pl.DataFrame) -> list[dict]:
    summary = mean_by_level(table).rename({"origins": "units"})
    wide = summary.pivot(on="method", index=["level", "units"], values=["mape", "bias", "coverage"])
    labels = level_labels()
    rows = []
    for level in ACCURACY_LEVELS:
        for row in wide.filter(pl.col("level") == level).to_dicts():
            row["level_label"] = labels[level]
            rows.append(row)
    return rows


def verdicts(rows: list[dict]) -> list[str]:
    """One sentence per level: does the better of the two model paths beat carry-forward?"""
    out = []
    for row in rows:
        model = min(row["mape_model_supply"], row["mape_model_demand"])
        carry = row["mape_carry_forward"]
        values = {
            "level": row["level_label"],
            "model": f"{model * 100:.1f}",
            "carry": f"{carry * 100:.1f}",
        }
        if model < carry:
            out.append(
                _(
                    "%(level)s: Das Modell ist genauer als die Fortschreibung (MAPE %(model)s %% "
                    "gegenüber %(carry)s %%)."
                )
                % values
            )
        else:
            out.append(
                _(
                    "%(level)s: Das Modell ist nicht genauer als die Fortschreibung – es liegt "
                    "mit einem MAPE von %(model)s %% hinter „bleibt, wie es ist“ (%(carry)s %%)."
                )
                % values
            )
    return out


@monitor_page("monitor/accuracy.html")
def accuracy(request: HttpRequest) -> dict[str, Any]:
    run = chosen_run(request)
    table = read_accuracy(run.run_id)
    scored = set(table["method"].to_list())
    summary_rows = _wide_summary(table)
    summary = t.Table(
        "treffsicherheit",
        _("Mittlerer Fehler über alle Rückrechnungen, je Ebene"),
        _columns([Column("level_label", _("Ebene")), Column("units", _("Rückrechnungen"))], scored),
        summary_rows,
        row_header="level_label",
    )
    labels = level_labels()
    origin_rows = side_by_side(table).to_dicts()
    for row in origin_rows:
        row["level_label"] = labels[row["level"]]
    by_origin = t.Table(
        "rueckrechnungen",
        _("Jede Rückrechnung: Ursprung, Jahre voraus und Ebene"),
        _columns(
            [
                Column("origin", _("Ursprung")),
                Column("year", _("Jahr")),
                Column("level_label", _("Ebene")),
                Column("units", _("Einheiten"), numeric=True),
            ],
            scored,
        ),
        origin_rows,
    )
    return {
        **run_context(run),
        "verdicts": verdicts(summary_rows),
        "summary": summary,
        "by_origin": by_origin,
        "origins": sorted({(r["origin"], r["horizon"]) for r in origin_rows}),
        "tables": {summary.key: summary, by_origin.key: by_origin},
        "citable_url": citable_url(request, run, {}),
    }
