"""A district's briefing pack for a Zukunftswerkstatt, from one forecast run: HTML and an
accessible PDF (tagged, PDF/UA-1, German), with the monitor's charts as SVG.

>>> from fachkraefte.reports.briefing import percent
>>> percent(0.125)
'12,5 %'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fachkraefte.reports.briefing.charts import Figure, figures, rendered
from fachkraefte.reports.briefing.data import (
    BriefingContext,
    BriefingData,
    Commitment,
    FundedProject,
    UnknownDistrictError,
    briefing_data,
)
from fachkraefte.reports.briefing.document import document, percent
from fachkraefte.reports.briefing.render import html_text, pdf_bytes

__all__ = [
    "BriefingContext",
    "BriefingData",
    "Commitment",
    "Figure",
    "FundedProject",
    "Pack",
    "UnknownDistrictError",
    "briefing_data",
    "document",
    "figures",
    "html_text",
    "make_pack",
    "pdf_bytes",
    "percent",
    "rendered",
]


@dataclass(frozen=True)
class Pack:
    pdf: bytes
    html: str
    data: BriefingData


def make_pack(
    run_id: str,
    ags: str,
    *,
    context: BriefingContext | None = None,
    charts: bool = True,
    step: Callable[[str, int], None] | None = None,
) -> Pack:
    """Read the run, draw the charts, set HTML and PDF. ``step(label, percent)`` reports
    progress; ``charts=False`` sets the same document without charts (benchmark baseline)."""
    say = step or (lambda _label, _percent: None)
    say("Daten des Prognoselaufs lesen", 10)
    data = briefing_data(run_id, ags, context=context)
    shown = None
    if charts:
        say("Grafiken zeichnen", 35)
        shown = rendered(data)
    say("Dokument setzen", 70)
    doc = document(data, shown)
    pdf = pdf_bytes(doc)
    return Pack(pdf=pdf, html=html_text(doc), data=data)
