"""The submission receipt (Eingangsbestätigung) as a tagged PDF (PDF/UA-1), set with Typst.

The figures are those of the submitted version: its number, the time, the budget totals and
the grant rate, and a SHA-256 over the version's content (canonical JSON), so applicant and
office can show later which content the receipt confirms. User text never becomes Typst
markup: every value reaches the document as data (``sys.inputs``, decoded with ``json``),
which Typst sets as plain text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fachkraefte.web.proposals.models import Proposal, ProposalVersion

TEMPLATE = """
#let d = json(bytes(sys.inputs.data))
#set document(title: d.heading, author: d.platform)
#set text(lang: d.lang, font: "Libertinus Serif", size: 11pt)
#set page(paper: "a4", margin: 2.2cm, footer: context align(right, text(size: 9pt, d.footer)))
#heading(level: 1, d.heading)
#par(d.intro)
#table(
  columns: (auto, 1fr),
  stroke: 0.4pt + luma(160),
  inset: 6pt,
  table.header(strong(d.label_field), strong(d.label_value)),
  ..d.rows.map(row => (row.at(0), row.at(1))).flatten(),
)
#heading(level: 2, d.budget_heading)
#table(
  columns: (1fr, auto),
  stroke: 0.4pt + luma(160),
  inset: 6pt,
  table.header(strong(d.label_item), strong(d.label_amount)),
  ..d.budget.map(row => (row.at(0), align(right, row.at(1)))).flatten(),
)
#heading(level: 2, d.hash_heading)
#par(d.hash_intro)
#text(font: "DejaVu Sans Mono", size: 9pt, d.sha256)
"""


def canonical_json(content: Any) -> str:
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def content_sha256(content: Any) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def proposal_number(proposal: Proposal) -> str:
    year = (proposal.submitted_at or proposal.created_at).year
    return f"A-{year}-{proposal.pk:05d}"


def latest_version(proposal: Proposal) -> ProposalVersion | None:
    return proposal.versions.order_by("-number").first()


def _money(value: Any) -> Decimal:
    return Decimal(str(value or "0"))


def budget_figures(proposal: Proposal, content: dict[str, Any] | None) -> dict[str, Decimal]:
    """Totals as submitted: from the version's content where it carries the budget plan
    (``budget_lines`` with ``amount``, ``own_contribution``, ``other_funding``), else from the
    proposal's current record."""
    content = content if isinstance(content, dict) else {}
    if isinstance(content.get("budget_lines"), list):
        total = sum((_money(line.get("amount")) for line in content["budget_lines"]), Decimal("0"))
        own = _money(content.get("own_contribution"))
        other = _money(content.get("other_funding"))
    else:
        total = proposal.budget_lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")
        own, other = proposal.own_contribution, proposal.other_funding
    grant = total - own - other
    rate = (grant / total) if total else Decimal("0")
    return {"total": total, "own": own, "other": other, "grant": grant, "rate": rate}


def euro(amount: Decimal) -> str:
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{formats.number_format(amount, 2, force_grouping=True)} €"


def rate_text(rate: Decimal) -> str:
    # Django's number_format cuts digits off; a rate is rounded half up (89.58 → 89,6 %).
    rounded = (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{formats.number_format(rounded, 1)} %"


def _applicant(proposal: Proposal) -> str:
    person = proposal.applicant.get_full_name() or proposal.applicant.get_username()
    return f"{proposal.organisation_name} ({person})"


def receipt_data(proposal: Proposal, *, version: ProposalVersion) -> dict[str, Any]:
    """Everything the receipt shows, as plain strings (the active language's labels)."""
    figures = budget_figures(proposal, version.content)
    submitted = timezone.localtime(version.submitted_at)
    rows = [
        [_("Antragsnummer"), proposal_number(proposal)],
        [_("Projekttitel"), proposal.title],
        [_("Antragsteller/in"), _applicant(proposal)],
        [_("Förderaufruf"), f"{proposal.call.title} ({proposal.call.programme.name})"],
        [_("Stufe"), str(proposal.get_stage_display())],
        [_("Eingegangen am"), formats.date_format(submitted, "DATETIME_FORMAT")],
        [_("Fassung"), str(version.number)],
    ]
    budget = [
        [_("förderfähige Gesamtausgaben"), euro(figures["total"])],
        [_("Eigenanteil"), euro(figures["own"])],
        [_("Drittmittel"), euro(figures["other"])],
        [_("beantragter Zuschuss"), euro(figures["grant"])],
        [_("Förderquote"), rate_text(figures["rate"])],
    ]
    return {
        "lang": (get_language() or "de")[:2],
        "platform": _("Fachkräfte-Plattform"),
        "heading": _("Eingangsbestätigung"),
        "intro": _(
            "Ihr Antrag ist eingegangen. Diese Bestätigung sagt nichts über die Förderung: "
            "darüber entscheiden die Allianz und die bewilligende Stelle."
        ),
        "label_field": _("Angabe"),
        "label_value": _("Wert"),
        "rows": rows,
        "budget_heading": _("Finanzplan (wie eingereicht)"),
        "label_item": _("Posten"),
        "label_amount": _("Betrag"),
        "budget": budget,
        "hash_heading": _("Prüfsumme des eingereichten Inhalts"),
        "hash_intro": _("SHA-256 über den Inhalt dieser Fassung:"),
        "sha256": content_sha256(version.content),
        "footer": _("Erstellt am %(date)s")
        % {"date": formats.date_format(timezone.localtime(), "DATE_FORMAT")},
    }


def receipt_pdf(proposal: Proposal, *, version: ProposalVersion | None = None) -> bytes:
    """The receipt of ``version`` (default: the latest submitted one) as PDF/UA-1 bytes."""
    import typst

    version = version or latest_version(proposal)
    if version is None:
        raise ValueError("a receipt needs a submitted version")
    data = receipt_data(proposal, version=version)
    return typst.compile(
        TEMPLATE.encode("utf-8"),
        format="pdf",
        pdf_standards="ua-1",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
        timestamp=int(dt.datetime.now(tz=dt.UTC).timestamp()),
    )
