"""Reads for the briefing page: the alliance context of a district, its stored pack, its task."""

from __future__ import annotations

from fachkraefte.reports import AggregatesNotReady
from fachkraefte.reports.briefing import BriefingContext, Commitment, FundedProject
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.briefings.storage import StoredPack, stored_pack
from fachkraefte.web.monitor import selectors as monitor
from fachkraefte.web.projects.models import Project
from fachkraefte.web.tasks.models import Task

PACK_KIND = "briefings.pack"
MAX_ITEMS = 15


def briefing_run() -> monitor.Run | None:
    """The run packs are made from: the monitor's default run."""
    return monitor.default_run()


def district_in_run(*, run: monitor.Run, ags: str) -> bool:
    """Whether the run covers ``ags`` (False while its aggregates are still being built)."""
    try:
        return ags in monitor.districts_in(run, ags[:2])
    except AggregatesNotReady:
        return False


def briefing_context(*, ags: str) -> BriefingContext:
    """Strategy, commitments and funded projects of the alliance covering ``ags`` (the first
    by name when several do)."""
    alliance = Alliance.objects.filter(districts__ags=ags).order_by("name").first()
    if alliance is None:
        return BriefingContext()
    strategy = alliance.strategy_versions.order_by("-number").first()
    commitments = tuple(
        Commitment(
            text=c.title,
            owner=c.membership.organisation.name,
            status=str(c.get_status_display()),
        )
        for c in alliance.commitments.select_related("membership__organisation")[:MAX_ITEMS]
    )
    projects = tuple(
        FundedProject(
            title=p.title,
            amount_eur=float(p.approved_amount) if p.approved_amount is not None else None,
            status=str(p.get_status_display()),
        )
        for p in Project.objects.filter(alliance=alliance).order_by("title")[:MAX_ITEMS]
    )
    return BriefingContext(
        alliance=alliance.name,
        strategy=f"{strategy.title}: {strategy.text}" if strategy else "",
        commitments=commitments,
        projects=projects,
    )


def briefing_pack(*, run_id: str, ags: str) -> StoredPack | None:
    return stored_pack(run_id, ags)


def briefing_task(*, run_id: str, ags: str) -> Task | None:
    """The newest pack task of this run and district."""
    return (
        Task.objects.filter(kind=PACK_KIND, params__run_id=run_id, params__ags=ags)
        .order_by("-created_at", "-pk")
        .first()
    )
