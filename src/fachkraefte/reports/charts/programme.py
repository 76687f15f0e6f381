"""The programme statistics chart: committed and paid money per group (year, district, …).

Rows are plain dicts (``label``, ``committed``, ``paid``, ``projects``) as the web app's
programme statistics give them. Over the years the groups stand on the x axis (a trend); for
every other dimension they are horizontal bars, so long names stay readable.

>>> rows = [{"label": "2016", "committed": 1000.0, "paid": 800.0, "projects": 2},
...         {"label": "2017", "committed": 1500.0, "paid": 0.0, "projects": 3}]
>>> spec = programme_spec(rows, group_title="Förderjahr", over_time=True)
>>> [(v["label"], v["measure"], v["amount"]) for v in spec["data"]["values"]][:2]
[('2016', 'bewilligt', 1000.0), ('2016', 'ausgezahlt', 800.0)]
>>> programme_summary(rows, group_title="Förderjahr")
'Förderjahr mit den meisten bewilligten Mitteln: 2017 (1.500 Euro, 3 Projekte). Insgesamt 2.500 Euro bewilligt, 800 Euro ausgezahlt.'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fachkraefte.reports.charts.base import BLUE, ORANGE, Row, base_spec
from fachkraefte.reports.text import fmt_number

LABELS = {
    "de": {
        "committed": "bewilligt",
        "paid": "ausgezahlt",
        "amount": "Euro",
        "measure": "Mittel",
        "projects": "Projekte",
        "description": "Bewilligte und ausgezahlte Mittel je {group}",
        "top": "{group} mit den meisten bewilligten Mitteln: {label} ({amount} Euro, {count} Projekte).",
        "total": "Insgesamt {committed} Euro bewilligt, {paid} Euro ausgezahlt.",
        "empty": "Keine Projekte.",
    },
    "en": {
        "committed": "committed",
        "paid": "paid",
        "amount": "euros",
        "measure": "Money",
        "projects": "projects",
        "description": "Committed and paid money per {group}",
        "top": "{group} with the most money committed: {label} ({amount} euros, {count} projects).",
        "total": "In all {committed} euros committed, {paid} euros paid.",
        "empty": "No projects.",
    },
}


def _labels(lang: str) -> dict[str, str]:
    return LABELS["en" if lang == "en" else "de"]


def programme_spec(
    rows: Sequence[Row],
    *,
    group_title: str,
    over_time: bool,
    lang: str = "de",
    title: str | None = None,
) -> dict[str, Any]:
    """Grouped bars of committed and paid money per ``label``."""
    t = _labels(lang)
    measures = [t["committed"], t["paid"]]
    values = [
        {
            "label": row["label"],
            "measure": t[key],
            "amount": float(row.get(key) or 0),
            "projects": int(row.get("projects") or 0),
        }
        for row in rows
        for key in ("committed", "paid")
    ]
    spec = base_spec(title, t["description"].format(group=group_title), values)
    order = list(dict.fromkeys(row["label"] for row in rows))
    group = {
        "field": "label",
        "type": "ordinal" if over_time else "nominal",
        "sort": order,
        "title": group_title,
        "axis": {"labelAngle": 0} if over_time else {"labelLimit": 320},
    }
    amount = {
        "field": "amount",
        "type": "quantitative",
        "title": t["amount"],
        "axis": {"format": ",.0f"},
    }
    colour = {
        "field": "measure",
        "type": "nominal",
        "sort": measures,
        "title": t["measure"],
        "scale": {"domain": measures, "range": [BLUE, ORANGE]},
        "legend": {"orient": "bottom"},
    }
    offset = {"field": "measure", "sort": measures}
    encoding: dict[str, Any] = {
        "color": colour,
        "tooltip": [
            {"field": "label", "title": group_title},
            {"field": "measure", "title": t["measure"]},
            {"field": "amount", "title": t["amount"], "format": ",.2f"},
            {"field": "projects", "title": t["projects"]},
        ],
    }
    if over_time:
        encoding.update({"x": group, "y": amount, "xOffset": offset})
    else:
        encoding.update({"y": group, "x": amount, "yOffset": offset})
        spec["height"] = {"step": 12}
    spec.update({"mark": {"type": "bar"}, "encoding": encoding})
    return spec


def programme_summary(rows: Sequence[Row], *, group_title: str, lang: str = "de") -> str:
    """The chart in words: the group with the most committed money and the totals."""
    t = _labels(lang)
    if not rows:
        return t["empty"]
    top = max(rows, key=lambda row: float(row.get("committed") or 0))
    committed = sum(float(row.get("committed") or 0) for row in rows)
    paid = sum(float(row.get("paid") or 0) for row in rows)
    return " ".join(
        [
            t["top"].format(
                group=group_title,
                label=top["label"],
                amount=fmt_number(float(top.get("committed") or 0), lang=lang),
                count=int(top.get("projects") or 0),
            ),
            t["total"].format(
                committed=fmt_number(committed, lang=lang), paid=fmt_number(paid, lang=lang)
            ),
        ]
    )
