"""What the statistics page, its downloads and its PDF share: the selection, rows and columns.

One ``StatisticsView`` feeds the HTML table, the chart, the CSV/XLSX download and the PDF,
so they never disagree. The PDF is set with Typst as tagged PDF/UA-1 like the proposal
receipt: every value reaches the document as data (``sys.inputs``), never as markup; the
chart is the page's Vega-Lite spec drawn to SVG by vl-convert, with its summary as alt text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from fachkraefte.reports.charts.programme import programme_spec, programme_summary
from fachkraefte.tabular import Column
from fachkraefte.web.core.tables import parse_sort, sort_rows
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats import selectors
from fachkraefte.web.programmestats.headline import programme_headline

FIGURE_COLUMNS = [
    Column("projects", gettext_lazy("Projekte"), numeric=True),
    Column("committed", gettext_lazy("bewilligt (EUR)"), numeric=True, digits=2),
    Column("paid", gettext_lazy("ausgezahlt (EUR)"), numeric=True, digits=2),
    Column("participants", gettext_lazy("Teilnehmende"), numeric=True),
    Column("outcomes", gettext_lazy("Ergebnisse (erreicht)"), numeric=True),
]
SORT_KEYS = ["label", *(column.key for column in FIGURE_COLUMNS)]


@dataclass
class StatisticsView:
    programme: Programme
    dimension: selectors.Dimension
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    headline: str
    sort_key: str
    descending: bool

    @property
    def columns(self) -> list[Column]:
        return [Column("label", str(self.dimension.label)), *FIGURE_COLUMNS]

    @property
    def over_time(self) -> bool:
        return self.dimension.slug == "jahr"

    def export_rows(self) -> list[dict[str, Any]]:
        """The page's rows and its total line, as the downloads hold them."""
        return [*self.rows, self.total]

    def notes(self) -> list[str]:
        return [self.headline, method_note(), self.programme.name]

    def chart_spec(self) -> dict[str, Any]:
        ordered = sorted(self.rows, key=lambda row: (row["key"] == "", row["key"]))
        return programme_spec(
            ordered,
            group_title=str(self.dimension.label),
            over_time=self.over_time,
            lang=_lang(),
        )

    def chart_summary(self) -> str:
        return programme_summary(self.rows, group_title=str(self.dimension.label), lang=_lang())


def _lang() -> str:
    return (get_language() or "de")[:2]


def method_note() -> str:
    return _(
        "Bewilligt: Bindungen abzüglich Freigaben im Haushaltsbuch; ausgezahlt: Auszahlungen "
        "abzüglich Rückzahlungen. Historische Projekte (aus Förderlisten importiert): bewilligt "
        "ist der Betrag der Liste, ausgezahlt derselbe Betrag, sobald das Projekt abgeschlossen "
        "ist. Ein Projekt in mehreren Kreisen, mit mehreren Themen oder Zielgruppen zählt in "
        "jeder dieser Zeilen; die Summenzeile zählt jedes Projekt einmal."
    )


def statistics_view(
    *, programme: Programme, dimension: str, sort: str | None = None
) -> StatisticsView:
    spec = selectors.DIMENSIONS[dimension]
    # One pass over the ledger and the outcomes for the rows, the total and the headline.
    figures = selectors.programme_figures(programme=programme)
    rows = [
        row.as_dict()
        for row in selectors.statistics_rows(
            programme=programme, dimension=dimension, figures=figures
        )
    ]
    default = "label" if dimension == "jahr" else "-committed"
    key, descending = parse_sort(sort, SORT_KEYS, default)
    totals = selectors.programme_totals(programme=programme, figures=figures)
    total = totals.as_dict()
    total["label"] = _("Insgesamt (jedes Projekt einmal)")
    return StatisticsView(
        programme=programme,
        dimension=spec,
        rows=sort_rows(rows, key, descending, then="label" if key != "label" else None),
        total=total,
        headline=programme_headline(programme=programme, total=totals),
        sort_key=key,
        descending=descending,
    )


TEMPLATE = """
#let d = json(bytes(sys.inputs.data))
#set document(title: d.heading, author: d.platform)
#set text(lang: d.lang, font: "Libertinus Serif", size: 10pt)
#set page(paper: "a4", margin: 2cm, footer: context align(right, text(size: 8pt, d.footer)))
#heading(level: 1, d.heading)
#par(strong(d.headline))
#heading(level: 2, d.chart_heading)
#figure(image(bytes(d.chart_svg), format: "svg", alt: d.chart_alt, width: 100%))
#par(d.chart_alt)
#heading(level: 2, d.table_heading)
#table(
  columns: (1fr, auto, auto, auto, auto, auto),
  stroke: 0.4pt + luma(160),
  inset: 4pt,
  align: (left, right, right, right, right, right),
  table.header(..d.header.map(strong)),
  ..d.rows.flatten(),
)
#par(text(size: 8pt, d.note))
"""


def _cell(value: Any, column: Column) -> str:
    if column.numeric:
        return formats.number_format(value, column.digits, force_grouping=True)
    return str(value)


def pdf_data(view: StatisticsView) -> dict[str, Any]:
    import vl_convert

    spec = view.chart_spec()
    spec["width"] = 480  # vl-convert needs a fixed width ("container" is the browser's)
    columns = view.columns
    return {
        "lang": _lang(),
        "platform": _("Fachkräfte-Plattform"),
        "heading": _("Förderstatistik: %(programme)s") % {"programme": view.programme.name},
        "headline": view.headline,
        "chart_heading": str(spec["description"]),
        "chart_svg": vl_convert.vegalite_to_svg(vl_spec=spec),
        "chart_alt": view.chart_summary(),
        "table_heading": _("nach %(dimension)s") % {"dimension": view.dimension.label},
        "header": [str(column.label) for column in columns],
        "rows": [
            [_cell(column.cell(row), column) for column in columns] for row in view.export_rows()
        ],
        "note": method_note(),
        "footer": _("Erstellt am %(date)s")
        % {"date": formats.date_format(timezone.localtime(), "DATE_FORMAT")},
    }


def statistics_pdf_bytes(view: StatisticsView) -> bytes:
    import typst

    return typst.compile(
        TEMPLATE.encode("utf-8"),
        format="pdf",
        pdf_standards="ua-1",
        sys_inputs={"data": json.dumps(pdf_data(view), ensure_ascii=False, default=str)},
        ignore_system_fonts=True,
        timestamp=int(dt.datetime.now(tz=dt.UTC).timestamp()),
    )
