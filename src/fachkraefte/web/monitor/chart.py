"""A chart on a monitor page: its Vega-Lite spec, text alternative, data table and embed code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fachkraefte.web.monitor.embed_links import embed_code
from fachkraefte.web.monitor.tables import Table


@dataclass
class Chart:
    """A chart on a page: its Vega-Lite spec, its text alternative and its data table."""

    key: str
    title: str
    spec: dict[str, Any]
    summary: str
    table: Table
    embed_url: str = ""  # absolute address of the frameable chart (set per page)
    spec_url: str = ""  # absolute address of the Vega-Lite spec as JSON (set per page)

    @property
    def spec_id(self) -> str:
        return f"spec-{self.key}"

    @property
    def embed_code(self) -> str:
        """The ``<iframe>`` snippet shown under the chart (the template escapes it)."""
        return embed_code(self.embed_url, self.title) if self.embed_url else ""
