"""What a proposal said when it was submitted, and what changed between two submissions.

``content_of`` flattens the proposal into readable labelled values (texts, lists as lines,
money as Decimal strings), stored in ``ProposalVersion.content``; ``version_diff`` compares two
of them field by field, so the office sees what a revision changed without reading both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from fachkraefte.web.calls.models import CostType, TargetGroup
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.proposals.budget import figures_of
from fachkraefte.web.proposals.models import Proposal


def category_label(value: str) -> str:
    """The partner category's label (the field stores the key, without choices of its own)."""
    return str(dict(PartnerCategory.choices).get(value, value)) if value else ""


def _lines(values: list[str]) -> str:
    return "\n".join(values)


def content_of(proposal: Proposal) -> dict[str, Any]:
    """The proposal's answers; keys are stable field names, values plain text."""
    p = proposal
    plan = figures_of(p)
    labels = dict(TargetGroup.choices)
    costs = dict(CostType.choices)
    return {
        "title": p.title,
        "organisation_name": p.organisation_name,
        "organisation_category": category_label(p.organisation_category),
        "summary": p.summary,
        "description": p.description,
        "starts_on": p.starts_on.isoformat() if p.starts_on else "",
        "ends_on": p.ends_on.isoformat() if p.ends_on else "",
        "target_groups": _lines([str(labels.get(g, g)) for g in p.target_groups]),
        "expected_participants": ""
        if p.expected_participants is None
        else str(p.expected_participants),
        "expected_outcomes": _lines(
            [
                " ".join(
                    str(part)
                    for part in (
                        o.get("count"),
                        o.get("what"),
                        o.get("occupation"),
                        o.get("district"),
                    )
                    if part
                )
                for o in p.expected_outcomes
            ]
        ),
        "occupations": _lines(list(p.occupations)),
        "districts": _lines([f"{r.ags} {r.name}" for r in p.districts.order_by("ags")]),
        "budget_lines": _lines(
            [
                f"{costs.get(line.cost_type, line.cost_type)}: {line.amount} EUR"
                + (f" ({line.description})" if line.description else "")
                for line in p.budget_lines.all()
            ]
        ),
        "own_contribution": str(p.own_contribution),
        "other_funding": str(p.other_funding),
        "requested": str(plan.requested),
        "grant_rate": plan.grant_percent,
        "other_funding_declared": _("ja") if p.other_funding_declared else _("nein"),
        "other_funding_details": p.other_funding_details,
    }


def field_labels() -> dict[str, str]:
    return {
        "title": _("Projekttitel"),
        "organisation_name": _("Träger"),
        "organisation_category": _("Art des Trägers"),
        "summary": _("Kurzbeschreibung"),
        "description": _("Vorhabenbeschreibung"),
        "starts_on": _("Beginn"),
        "ends_on": _("Ende"),
        "target_groups": _("Zielgruppen"),
        "expected_participants": _("erwartete Teilnehmende"),
        "expected_outcomes": _("erwartete Ergebnisse"),
        "occupations": _("Zielberufe (KldB)"),
        "districts": _("Kreise"),
        "budget_lines": _("Finanzplan"),
        "own_contribution": _("Eigenanteil (EUR)"),
        "other_funding": _("Drittmittel (EUR)"),
        "requested": _("beantragter Zuschuss (EUR)"),
        "grant_rate": _("Förderquote"),
        "other_funding_declared": _("weitere öffentliche Förderung"),
        "other_funding_details": _("Angaben zu weiterer Förderung"),
    }


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: str
    after: str

    @property
    def removed_lines(self) -> list[str]:
        return [line for line in self.before.splitlines() if line not in self.after.splitlines()]

    @property
    def added_lines(self) -> list[str]:
        return [line for line in self.after.splitlines() if line not in self.before.splitlines()]


def version_diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Every field whose value differs, in the order of the form, with its label."""
    labels = field_labels()
    keys = [k for k in labels if k in before or k in after]
    keys += [k for k in {**before, **after} if k not in labels]
    return [
        Change(
            key, labels.get(key, key), str(before.get(key, "") or ""), str(after.get(key, "") or "")
        )
        for key in keys
        if str(before.get(key, "") or "") != str(after.get(key, "") or "")
    ]
