"""Reads of overlaps: a proposal's stored candidates and the office's labels."""

from __future__ import annotations

from django.db.models import QuerySet

from fachkraefte.web.overlaps.models import OverlapCandidate, OverlapCheck, OverlapLabel
from fachkraefte.web.projects.models import Project
from fachkraefte.web.proposals.models import Proposal


def overlap_candidates(*, proposal: Proposal, kind: str) -> list[OverlapCandidate]:
    return list(
        OverlapCandidate.objects.filter(proposal=proposal, kind=kind)
        .select_related("candidate_proposal", "candidate_project")
        .order_by("rank")
    )


def overlap_labels_of(*, proposal: Proposal) -> dict[str, OverlapLabel]:
    return {label.candidate_key: label for label in OverlapLabel.objects.filter(proposal=proposal)}


def overlap_labels_all() -> QuerySet[OverlapLabel]:
    return OverlapLabel.objects.select_related("proposal", "labelled_by")


def overlap_candidate_of(*, proposal: Proposal, candidate_key: str) -> OverlapCandidate | None:
    return (
        OverlapCandidate.objects.filter(
            proposal=proposal, kind=OverlapCandidate.Kind.CHECK, candidate_key=candidate_key
        )
        .order_by("rank")
        .first()
    )


def indexed_proposals(*, statuses) -> QuerySet[Proposal]:
    return Proposal.objects.filter(status__in=statuses).prefetch_related("districts")


def indexed_projects() -> QuerySet[Project]:
    return Project.objects.exclude(status=Project.Status.CANCELLED).prefetch_related("districts")


def overlap_check_of(*, proposal: Proposal) -> OverlapCheck | None:
    return OverlapCheck.objects.filter(proposal=proposal).first()
