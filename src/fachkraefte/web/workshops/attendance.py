"""The attendance list (Teilnehmendenliste) as a tagged PDF (PDF/UA-1, Typst) and as XLSX.

The PDF has a signature column to be signed on the day; names reach Typst as data
(``sys.inputs``), never as markup, as in ``proposals.receipt``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from fachkraefte.tabular import Column
from fachkraefte.web.workshops.models import Registration, Workshop

TEMPLATE = """
#let d = json(bytes(sys.inputs.data))
#set document(title: d.heading, author: d.platform)
#set text(lang: d.lang, font: "Libertinus Serif", size: 10pt)
#set page(paper: "a4", margin: 2cm, footer: context align(right, text(size: 8pt, d.footer)))
#heading(level: 1, d.heading)
#par(d.intro)
#table(
  columns: (auto, 1fr, 1fr, 4cm),
  stroke: 0.4pt + luma(160),
  inset: 6pt,
  table.header(strong(d.label_number), strong(d.label_name), strong(d.label_organisation),
               strong(d.label_signature)),
  ..d.rows.map(row => (row.at(0), row.at(1), row.at(2), [])).flatten(),
)
"""


def _name(registration: Registration) -> str:
    user = registration.user
    return user.get_full_name() or user.get_username()


ATTENDANCE_COLUMNS = [
    Column("name", gettext_lazy("Name"), _name),
    Column("organisation", gettext_lazy("Organisation"), lambda r: r.organisation_name),
    Column("email", gettext_lazy("E-Mail"), lambda r: r.user.email),
    Column("confirmed_at", gettext_lazy("Platz bestätigt am"), lambda r: r.confirmed_at),
]


def when_text(workshop: Workshop) -> str:
    start = timezone.localtime(workshop.starts_at)
    if workshop.month_only:
        return formats.date_format(start, "YEAR_MONTH_FORMAT")
    return formats.date_format(start, "DATETIME_FORMAT")


def attendance_data(workshop: Workshop, registrations: list[Registration]) -> dict[str, Any]:
    where = workshop.venue or workshop.online_link or ""
    return {
        "lang": (get_language() or "de")[:2],
        "platform": _("Fachkräfte-Plattform"),
        "heading": _("Teilnehmendenliste: %(title)s") % {"title": workshop.title},
        "intro": f"{when_text(workshop)} · {where}".strip(" ·"),
        "label_number": _("Nr."),
        "label_name": _("Name"),
        "label_organisation": _("Organisation"),
        "label_signature": _("Unterschrift"),
        "rows": [
            [str(number), _name(r), r.organisation_name]
            for number, r in enumerate(registrations, start=1)
        ],
        "footer": _("%(count)s Anmeldungen · erstellt am %(date)s")
        % {
            "count": len(registrations),
            "date": formats.date_format(timezone.localtime(), "DATE_FORMAT"),
        },
    }


def attendance_pdf(workshop: Workshop, registrations: list[Registration]) -> bytes:
    import typst

    data = attendance_data(workshop, registrations)
    return typst.compile(
        TEMPLATE.encode("utf-8"),
        format="pdf",
        pdf_standards="ua-1",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
        timestamp=int(dt.datetime.now(tz=dt.UTC).timestamp()),
    )
