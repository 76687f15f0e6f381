"""The minutes (Protokoll) of a steering-group meeting as PDF (fpdf2).

``minutes_for`` reads the meeting into plain values; ``minutes_pdf`` lays them out without touching
the database. The font must cover German text, so a Unicode font is embedded: Noto Sans from the
KERN UX npm package (which the web app serves anyway, so it is there wherever the app runs, and the
PDF looks the same on every machine); Debian's DejaVu Sans where node_modules is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from fachkraefte.paths import node_modules_dir
from fachkraefte.web.decisions.models import AgendaItem, Meeting
from fachkraefte.web.decisions.selectors import (
    decision_entry,
    item_consensus,
    item_vote_rows,
    person_name,
    steering_members,
)

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")


def font_candidates() -> list[tuple[str, Path, Path]]:
    """(family, regular, bold) in order of preference."""
    noto = node_modules_dir() / "@kern-ux" / "native" / "dist" / "fonts" / "noto-sans"
    return [
        ("NotoSans", noto / "NotoSans-Regular.woff", noto / "NotoSans-Bold.woff"),
        ("DejaVuSans", DEJAVU_DIR / "DejaVuSans.ttf", DEJAVU_DIR / "DejaVuSans-Bold.ttf"),
    ]


def minutes_font(candidates: list[tuple[str, Path, Path]] | None = None) -> tuple[str, Path, Path]:
    """The first font whose regular and bold files both exist."""
    candidates = font_candidates() if candidates is None else candidates
    for family, regular, bold in candidates:
        if regular.is_file() and bold.is_file():
            return family, regular, bold
    tried = ", ".join(str(regular) for _, regular, _ in candidates)
    raise FileNotFoundError(
        f"Keine Unicode-Schrift für das Protokoll gefunden / no Unicode font for the minutes "
        f"(gesucht / tried: {tried}); run 'npm install' for @kern-ux/native."
    )


@dataclass(frozen=True)
class MinutesVote:
    name: str
    vote: str
    note: str
    conflict: str


@dataclass(frozen=True)
class MinutesItem:
    heading: str
    description: str
    rule: str
    status: str
    outcome: str
    reasons: tuple[str, ...]
    votes: tuple[MinutesVote, ...]
    decided: str  # "festgestellt von … am …", or "" while open
    audit_reference: str


@dataclass(frozen=True)
class Minutes:
    alliance: str
    title: str
    date: str
    location: str
    attendees: tuple[str, ...]
    items: tuple[MinutesItem, ...] = field(default=())
    created: str = ""


def _when(value) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _item_minutes(item: AgendaItem) -> MinutesItem:
    rows = item_vote_rows(item=item)
    votes = tuple(
        MinutesVote(
            name=row.name,
            vote=row.choice_label or _("kein Votum"),
            note=row.note,
            conflict=row.conflict_reason,
        )
        for row in rows
    )
    if item.is_open:
        result = item_consensus(item=item)
        outcome = _("noch nicht entschieden")
        reasons = (_("Stand bei Erstellung des Protokolls:"), *result.reasons)
        decided = ""
        reference = ""
    else:
        outcome = item.get_outcome_display()
        reasons = tuple(item.decision_record.get("reasons", ()))
        decided = _("Festgestellt von %(name)s am %(when)s.") % {
            "name": person_name(item.decided_by) or _("unbekannt"),
            "when": _when(item.decided_at),
        }
        entry = decision_entry(item=item)
        reference = (
            _("Änderungsprotokoll, Eintrag Nr. %(id)d vom %(when)s (%(actor)s).")
            % {"id": entry.pk, "when": _when(entry.created_at), "actor": entry.actor_name}
            if entry
            else ""
        )
    return MinutesItem(
        heading=_("TOP %(position)d: %(title)s") % {"position": item.position, "title": item.title},
        description=item.description,
        rule=item.get_consensus_rule_display(),
        status=item.get_status_display(),
        outcome=outcome,
        reasons=reasons,
        votes=votes,
        decided=decided,
        audit_reference=reference,
    )


def minutes_for(meeting: Meeting) -> Minutes:
    """Everything the minutes show, read from the database once."""
    items = list(meeting.agenda_items.select_related("decided_by").order_by("position", "id"))
    attendees: dict[str, str] = {
        user.get_username(): person_name(user)
        for user in steering_members(alliance=meeting.alliance)
    }
    for item in items:
        for member in item.decision_record.get("members", ()):
            attendees.setdefault(member["username"], member["name"])
    return Minutes(
        alliance=meeting.alliance.name,
        title=meeting.title,
        date=date_format(meeting.date, "DATE_FORMAT"),
        location=meeting.location,
        attendees=tuple(sorted(attendees.values(), key=str.casefold)),
        items=tuple(_item_minutes(item) for item in items),
        created=_when(timezone.now()),
    )


class _MinutesPDF(FPDF):
    footer_text = ""
    font_family = ""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.font_family, size=8)
        self.cell(
            0,
            10,
            f"{self.footer_text} – {_('Seite')} {self.page_no()}/{{nb}}",
            align="C",
        )


def minutes_pdf(minutes: Minutes, *, compress: bool = True) -> bytes:
    """The minutes as PDF bytes; ``compress=False`` leaves content streams readable for tests."""
    family, regular, bold = minutes_font()
    pdf = _MinutesPDF(format="A4")
    pdf.set_compression(compress)
    pdf.add_font(family, "", str(regular))
    pdf.add_font(family, "B", str(bold))
    pdf.font_family = family
    pdf.footer_text = _("Protokoll erstellt am %(when)s") % {"when": minutes.created}
    title = _("Protokoll: %(title)s") % {"title": minutes.title}
    pdf.set_title(title)
    pdf.set_lang("de")
    pdf.set_creator(_("Fachkräfte-Plattform"))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    width = pdf.epw

    def heading(text: str, size: int) -> None:
        pdf.set_font(family, "B", size)
        pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def paragraph(text: str, *, bold_label: str = "") -> None:
        # write() flows on the same line, so a bold label and plain user text (which must not be
        # read as markup) share one line and wrap together.
        if bold_label:
            pdf.set_font(family, "B", 10)
            pdf.write(5, bold_label + " ")
        pdf.set_font(family, size=10)
        pdf.write(5, text)
        pdf.ln(6)

    heading(title, 16)
    paragraph(minutes.alliance, bold_label=_("Allianz:"))
    paragraph(minutes.date, bold_label=_("Datum:"))
    if minutes.location:
        paragraph(minutes.location, bold_label=_("Ort:"))
    pdf.ln(2)
    heading(_("Teilnehmende (Mitglieder der Steuerungsgruppe)"), 12)
    paragraph(", ".join(minutes.attendees) if minutes.attendees else _("keine"))
    pdf.ln(2)
    if not minutes.items:
        paragraph(_("Diese Sitzung hat keine Tagesordnungspunkte."))
    for item in minutes.items:
        pdf.ln(3)
        heading(item.heading, 12)
        if item.description:
            paragraph(item.description, bold_label=_("Beschlussvorlage:"))
        paragraph(item.rule, bold_label=_("Beschlussregel:"))
        paragraph(item.outcome, bold_label=_("Ergebnis:"))
        for reason in item.reasons:
            paragraph(reason)
        if item.decided:
            paragraph(item.decided)
        if item.audit_reference:
            paragraph(item.audit_reference, bold_label=_("Nachweis:"))
        pdf.ln(2)
        _vote_table(pdf, family, item.votes)
    return bytes(pdf.output())


def _vote_table(pdf: Any, family: str, votes: tuple[MinutesVote, ...]) -> None:
    pdf.set_font(family, size=9)
    if not votes:
        pdf.multi_cell(pdf.epw, 5, _("Keine Mitglieder der Steuerungsgruppe."), new_x="LMARGIN")
        return
    with pdf.table(
        col_widths=(30, 18, 32, 30),
        headings_style=FontFace(emphasis="BOLD"),
        line_height=5,
        text_align="LEFT",
    ) as table:
        table.row([_("Person"), _("Votum"), _("Begründung"), _("Befangenheit")])
        for vote in votes:
            table.row([vote.name, vote.vote, vote.note, vote.conflict])
