"""Reports on forecast runs: precomputed aggregates, Vega-Lite chart specs with text
alternatives, maps drawn as SVG shapes, and table exports (CSV, XLSX, JSON).

Plain Python (no Django): the web monitor, the CLI and PDF briefing packs use the same
builders, so a chart looks the same in the browser and on paper.
"""

from fachkraefte.reports.aggregates import (
    ALL,
    ALL_NIVEAUS,
    AggregatesNotReady,
    aggregates_info,
    aggregates_ready,
    build_aggregates,
    ensure_aggregates,
    read_aggregate,
)

__all__ = [
    "ALL",
    "ALL_NIVEAUS",
    "AggregatesNotReady",
    "aggregates_info",
    "aggregates_ready",
    "build_aggregates",
    "ensure_aggregates",
    "read_aggregate",
]
