"""The documentation of a workshop's outcomes by phase as a tagged PDF (PDF/UA-1), set with Typst.

As with the proposal receipt, user text never becomes Typst markup: every value reaches the
document as data (``sys.inputs``, decoded with ``json``), which Typst sets as plain text.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fachkraefte.web.workshop_outcomes import selectors
from fachkraefte.web.workshops.attendance import when_text
from fachkraefte.web.workshops.models import Workshop

TEMPLATE = """
#let d = json(bytes(sys.inputs.data))
#set document(title: d.heading, author: d.platform)
#set text(lang: d.lang, font: "Libertinus Serif", size: 10.5pt)
#set page(paper: "a4", margin: 2cm, footer: context align(right, text(size: 9pt, d.footer)))
#heading(level: 1, d.heading)
#table(
  columns: (auto, 1fr),
  stroke: 0.4pt + luma(160),
  inset: 5pt,
  table.header(strong(d.label_field), strong(d.label_value)),
  ..d.rows.map(row => (row.at(0), row.at(1))).flatten(),
)
#for phase in d.phases [
  #heading(level: 2, phase.label)
  #par(emph(phase.question))
  #if phase.outcomes.len() == 0 [
    #par(d.none_text)
  ] else [
    #table(
      columns: (auto, 1fr, auto, auto, auto, auto),
      stroke: 0.4pt + luma(160),
      inset: 5pt,
      table.header(..d.columns.map(c => strong(c))),
      ..phase.outcomes.map(o => o.map(cell => cell)).flatten(),
    )
  ]
]
"""


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def documentation_data(workshop: Workshop) -> dict[str, Any]:
    """Everything the documentation shows, as plain strings (the active language's labels)."""
    template = selectors.template_for(workshop=workshop)
    districts = ", ".join(d.name for d in workshop.districts.all())
    rows = [
        [_("Werkstatt"), workshop.title],
        [_("Termin"), str(when_text(workshop))],
        [_("Region"), districts or _("zentral (landesweit)")],
        [_("Methode"), str(template.label)],
    ]
    if workshop.moderator:
        rows.append([_("Moderation"), workshop.moderator])
    phases = []
    for phase in selectors.outcomes_by_phase(workshop=workshop):
        outcomes = []
        for number, outcome in enumerate(phase.outcomes, start=1):
            due = formats.date_format(outcome.due_on, "SHORT_DATE_FORMAT") if outcome.due_on else ""
            outcomes.append(
                [
                    str(number),
                    outcome.text,
                    template.category_label(outcome.phase, outcome.category),
                    str(outcome.points),
                    outcome.owner_name + (f" ({due})" if due else ""),
                    str(outcome.get_status_display()),
                ]
            )
        phases.append({"label": phase.label, "question": phase.question, "outcomes": outcomes})
    return {
        "lang": (get_language() or "de")[:2],
        "platform": _("Fachkräfte-Plattform"),
        "heading": _("Dokumentation der Ergebnisse: %(title)s") % {"title": workshop.title},
        "label_field": _("Angabe"),
        "label_value": _("Wert"),
        "rows": rows,
        "columns": [
            _("Nr."),
            _("Ergebnis"),
            _("Kategorie"),
            _("Punkte"),
            _("Zuständig (fällig)"),
            _("Status"),
        ],
        "none_text": _("In dieser Phase wurde nichts festgehalten."),
        "phases": phases,
        "footer": _("Erstellt am %(date)s")
        % {"date": formats.date_format(timezone.localtime(), "DATE_FORMAT")},
    }


def documentation_pdf(workshop: Workshop) -> bytes:
    """The outcomes of ``workshop`` by phase as PDF/UA-1 bytes."""
    import typst

    data = documentation_data(workshop)
    return typst.compile(
        TEMPLATE.encode("utf-8"),
        format="pdf",
        pdf_standards="ua-1",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=_cell)},
        ignore_system_fonts=True,
        timestamp=int(dt.datetime.now(tz=dt.UTC).timestamp()),
    )
