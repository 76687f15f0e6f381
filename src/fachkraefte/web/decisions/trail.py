"""Audit entries of an agenda item in words, for its page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.decisions.models import AgendaItem, Vote
from fachkraefte.web.programmes.models import ConsensusRule


@dataclass(frozen=True)
class TrailRow:
    entry_id: int
    when: Any
    who: str
    action: str
    subject: str
    details: str


def _field_labels() -> dict[str, str]:
    return {
        "person": _("Betroffene Person"),
        "choice": _("Votum"),
        "note": _("Begründung"),
        "reason": _("Grund"),
        "grund": _("Anlass"),
        "title": _("Titel"),
        "date": _("Datum"),
        "location": _("Ort"),
        "description": _("Beschlussvorlage"),
        "position": _("TOP"),
        "consensus_rule": _("Beschlussregel"),
        "status": _("Status"),
        "outcome": _("Ergebnis"),
        "tally": _("Auszählung"),
        "reasons": _("Begründung des Ergebnisses"),
    }


def _value_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for choices in (Vote.Choice, AgendaItem.Status, AgendaItem.Outcome, ConsensusRule):
        labels.update({str(value): str(label) for value, label in choices.choices})
    return labels


def _value(value: Any, labels: dict[str, str]) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(value, dict) and {"consent", "objection", "abstention"} <= value.keys():
        return _("%(consent)d Zustimmung, %(objection)d Einwand, %(abstention)d Enthaltung") % value
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    text = str(value)
    return labels.get(text, text)


def _details(changes: dict[str, Any]) -> str:
    fields, labels = _field_labels(), _value_labels()
    # PostgreSQL's jsonb keeps keys in its own order (shortest first), so the stored order
    # means nothing: known fields follow the label table, unknown ones come after, sorted.
    rank = {key: position for position, key in enumerate(fields)}
    ordered = sorted(changes.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))
    parts = []
    for key, change in ordered:
        label = fields.get(key, key)
        # Updates store [old, new]; creations and notes store plain values.
        if isinstance(change, list) and len(change) == 2 and key not in {"reasons"}:
            old, new = change
            if old in (None, "") and new in (None, ""):
                continue  # e.g. no note given with a first vote
            if old in (None, ""):
                parts.append(f"{label}: {_value(new, labels)}")
            else:
                parts.append(f"{label}: {_value(old, labels)} → {_value(new, labels)}")
        else:
            parts.append(f"{label}: {_value(change, labels)}")
    return "; ".join(parts)


def trail_rows(entries: Iterable[AuditEntry]) -> list[TrailRow]:
    return [
        TrailRow(
            entry_id=entry.pk,
            when=entry.created_at,
            who=entry.actor_name,
            action=entry.get_action_display(),
            subject=entry.object_repr,
            details=_details(entry.changes or {}),
        )
        for entry in entries
    ]
