"""Vega-Lite specs for the monitor's charts, each with a text alternative.

Every builder takes plain rows (dicts) and returns a Vega-Lite v6 spec as a dict with the data
inline, so the browser (vega-embed) and a PDF renderer (vl-convert) draw the same chart. Every
``*_spec`` has a ``*_summary`` twin that says in one or two sentences what the chart shows,
for screen readers and print. Labels come in German (``lang="de"``, the default) and English.

>>> spec = supply_demand_spec([{"year": 2024, "demand": 100.0, "supply": 100.0},
...                            {"year": 2030, "demand": 120.0, "supply": 105.0}])
>>> spec["$schema"].endswith("v6.json"), len(spec["data"]["values"])
(True, 4)
>>> supply_demand_summary([{"year": 2024, "demand": 100.0, "supply": 100.0},
...                        {"year": 2030, "demand": 120.0, "supply": 105.0}])
'2030: Bedarf 120, Angebot 105, Lücke 15 (12,5 % des Bedarfs). 2024: Bedarf 100, Angebot 100.'
"""

from fachkraefte.reports.charts.base import SCENARIO_COLOURS, SCHEMA, Row
from fachkraefte.reports.charts.forecast import (
    age_structure_spec,
    age_structure_summary,
    gap_comparison_spec,
    gap_comparison_summary,
    gap_ranking_spec,
    gap_ranking_summary,
    replacement_spec,
    replacement_summary,
    scenario_difference_spec,
    scenario_difference_summary,
    supply_demand_spec,
    supply_demand_summary,
)
from fachkraefte.reports.charts.wages import wage_spec, wage_summary

__all__ = [
    "Row",
    "SCENARIO_COLOURS",
    "SCHEMA",
    "age_structure_spec",
    "age_structure_summary",
    "gap_comparison_spec",
    "gap_comparison_summary",
    "gap_ranking_spec",
    "gap_ranking_summary",
    "replacement_spec",
    "replacement_summary",
    "scenario_difference_spec",
    "scenario_difference_summary",
    "supply_demand_spec",
    "supply_demand_summary",
    "wage_spec",
    "wage_summary",
]
