"""Writes of overlaps: refresh the index and every proposal's candidates (in the background
task only), and the office's label on a pair (audited)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fachkraefte.overlap import OverlapIndex, ProjectText, refresh_index, search
from fachkraefte.overlap.files import stored_index_dir
from fachkraefte.overlap.structure import geo_neighbours
from fachkraefte.web.audit.services import audit_record
from fachkraefte.web.overlaps import rules, selectors
from fachkraefte.web.overlaps.models import OverlapCandidate, OverlapCheck, OverlapLabel
from fachkraefte.web.overlaps.records import (
    PROJECT,
    PROPOSAL,
    parse_key,
    project_record,
    proposal_record,
)
from fachkraefte.web.proposals.models import Proposal

CHECK_K = 5
INSPIRATION_K = 3
SHOWN_FROM = 0.30
"""Candidates below this score are not stored: on the labelled pairs every "same topic" and
"unrelated" pair but a few scores below it (docs/overlap.md), so the panel stays short."""


def _nearby(record: ProjectText) -> set[str]:
    """The record's districts and their neighbours (same and neighbouring districts)."""
    found = set(record.districts)
    for ags in record.districts:
        found |= set(geo_neighbours(ags))
    return found


def _structure(overlap) -> dict[str, Any]:
    fields = dataclasses.asdict(overlap.structure)
    fields["neighbouring_districts"] = [list(p) for p in fields["neighbouring_districts"]]
    return fields


def _passages(overlap) -> list[dict[str, Any]]:
    return [
        {
            "text_a": p.text_a,
            "text_b": p.text_b,
            "similarity": p.similarity,
            "terms": list(p.terms),
            "spans_a": [list(s) for s in p.spans_a],
            "spans_b": [list(s) for s in p.spans_b],
        }
        for p in overlap.passages
    ]


def _candidate_rows(
    proposal: Proposal, record: ProjectText, index: OverlapIndex, now
) -> list[OverlapCandidate]:
    nearby = _nearby(record)

    def in_check(other: ProjectText) -> bool:
        return not record.districts or bool(nearby & set(other.districts))

    def elsewhere(other: ProjectText) -> bool:
        return other.key.startswith(f"{PROJECT}:") and not nearby & set(other.districts)

    rows = []
    for kind, where, k in (
        (OverlapCandidate.Kind.CHECK, in_check, CHECK_K),
        (OverlapCandidate.Kind.INSPIRATION, elsewhere, INSPIRATION_K),
    ):
        found = [c for c in search(record, index, k=k, where=where) if c.score >= SHOWN_FROM]
        for rank, candidate in enumerate(found, 1):
            other, overlap = candidate.record, candidate.overlap
            kind_pk = parse_key(other.key)
            rows.append(
                OverlapCandidate(
                    proposal=proposal,
                    kind=kind,
                    rank=rank,
                    candidate_key=other.key,
                    candidate_proposal_id=kind_pk[1] if kind_pk[0] == PROPOSAL else None,
                    candidate_project_id=kind_pk[1] if kind_pk[0] == PROJECT else None,
                    title=other.extra.get("title", other.title)[:300],
                    place=other.label[:300],
                    score=overlap.score,
                    semantic=overlap.semantic,
                    lexical=overlap.lexical,
                    is_duplicate=overlap.is_duplicate,
                    shared_terms=list(overlap.shared_terms),
                    passages=_passages(overlap),
                    structure=_structure(overlap),
                    computed_at=now,
                    proposal_updated_at=proposal.updated_at,
                )
            )
    return rows


def overlaps_refresh(*, report: Callable[[int, str], None] | None = None) -> dict[str, int]:
    """Bring the stored index up to date (embedding only new and changed texts) and recompute
    the candidates of every draft and open proposal. Runs in the background task."""
    report = report or (lambda percent, message: None)
    proposals = list(selectors.indexed_proposals(statuses=rules.SUBJECTS))
    indexed = [p for p in proposals if p.status in rules.INDEXED_PROPOSALS]
    records = [proposal_record(p) for p in indexed]
    records += [project_record(p) for p in selectors.indexed_projects()]
    folder = stored_index_dir()
    try:
        previous = OverlapIndex.load(folder)
    except (FileNotFoundError, ValueError):
        previous = None
    report(10, gettext_noop("Index wird aktualisiert"))
    index, embedded = refresh_index(previous, records)
    index.save(folder)
    now = timezone.now()
    rows: list[OverlapCandidate] = []
    for n, proposal in enumerate(proposals, 1):
        rows += _candidate_rows(proposal, proposal_record(proposal), index, now)
        report(10 + 85 * n // max(len(proposals), 1), gettext_noop("Kandidaten werden berechnet"))
    checks = [
        OverlapCheck(proposal=p, computed_at=now, proposal_updated_at=p.updated_at)
        for p in proposals
    ]
    with transaction.atomic():
        OverlapCandidate.objects.all().delete()
        OverlapCandidate.objects.bulk_create(rows)
        OverlapCheck.objects.all().delete()
        OverlapCheck.objects.bulk_create(checks)
    return {
        "indexed": len(index),
        "embedded": embedded,
        "proposals": len(proposals),
        "candidates": len(rows),
    }


def overlap_label(
    *, actor: Any, proposal: Proposal, candidate_key: str, verdict: str, reason: str
) -> OverlapLabel:
    """The office's verdict on the pair (proposal, candidate), kept with the scores shown."""
    if not rules.may_label(actor, proposal):
        raise ValidationError(_("Nur die Koordinierungsstelle bewertet offene Anträge."))
    if verdict not in OverlapLabel.Verdict.values:
        raise ValidationError(_("Unbekannte Bewertung."))
    if not reason.strip():
        raise ValidationError(_("Bitte begründen Sie die Bewertung."))
    candidate = selectors.overlap_candidate_of(proposal=proposal, candidate_key=candidate_key)
    if candidate is None:
        raise ValidationError(_("Dieses Paar steht nicht in der Überschneidungsprüfung."))
    with transaction.atomic():
        label, created = OverlapLabel.objects.update_or_create(
            proposal=proposal,
            candidate_key=candidate_key,
            defaults={
                "candidate_title": candidate.title,
                "verdict": verdict,
                "reason": reason.strip(),
                "score": candidate.score,
                "semantic": candidate.semantic,
                "lexical": candidate.lexical,
                "flagged": candidate.is_duplicate,
                "labelled_by": actor,
            },
        )
        audit_record(
            actor=actor,
            instance=label,
            action="overlap.label" if created else "overlap.relabel",
            changes={"candidate": candidate_key, "verdict": verdict, "reason": reason.strip()},
            alliance=proposal.call.alliance,
        )
    return label
