"""A funded project of alliance A for the outcome tests and the role matrix (p3).

The project is made with the ORM (the projects app's services come with another branch): the
role world's applicant is its recipient (project lead), it qualifies in KldB 813 in Görlitz
(14626), and it has one report in every state. Imported by name like ``role_world``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import polars as pl

from fachkraefte.forecast.runner import load_tables
from fachkraefte.web.outcomes.models import OutcomeResult
from fachkraefte.web.projects.models import Project, ProjectPerson
from fachkraefte.web.reporting.models import Report

TITLE = "Pflege-Qualifizierung Görlitz (Testprojekt)"
KREISE = ("14626", "14625")
YEARS = 5


def subset_tables() -> dict[str, pl.DataFrame]:
    """The demo tables of the two Kreise of alliances A and B: small forecast runs."""
    return {
        name: frame.filter(pl.col("ags").is_in(KREISE)) if "ags" in frame.columns else frame
        for name, frame in load_tables().items()
    }


def world_project(w: Any) -> Project:
    project = Project.objects.filter(title=TITLE).first()
    if project is not None:
        return project
    project = Project.objects.create(
        programme=w.saxony,
        alliance=w.a,
        title=TITLE,
        recipient="Träger A",
        occupations=["813"],
        target_groups=["unemployed"],
        funding_year=2025,
        approved_amount=Decimal("80000.00"),
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        status=Project.Status.RUNNING,
    )
    project.districts.set(w.a.districts.all())
    ProjectPerson.objects.create(
        project=project, user=w.users["applicant"], role=ProjectPerson.Role.LEAD
    )
    for year in (2025, 2026, 2027):
        OutcomeResult.objects.create(
            project=project,
            kind=OutcomeResult.Kind.PLANNED,
            what="Pflegefachkräfte qualifiziert",
            count=20,
            occupation="813",
            district_id="14626",
            year=year,
        )
    return project


def world_report(w: Any, status: str) -> Report:
    """The world project's interim report in ``status`` (one per status)."""
    project = world_project(w)
    months = list(Report.Status.values).index(status) + 1
    period_to = dt.date(2025, months, 28)
    report, _ = Report.objects.get_or_create(
        project=project,
        kind=Report.Kind.INTERIM,
        period_to=period_to,
        defaults={
            "period_from": dt.date(2025, 1, 1),
            "due_on": period_to + dt.timedelta(days=30),
            "status": status,
        },
    )
    return report


def world_result(w: Any, status: str = Report.Status.DRAFT) -> OutcomeResult:
    """An achieved result of the world project's report in ``status`` (default: the draft)."""
    report = world_report(w, status)
    result = OutcomeResult.objects.filter(report=report).first()
    if result is not None:
        return result
    return OutcomeResult.objects.create(
        project=report.project,
        report=report,
        kind=OutcomeResult.Kind.ACHIEVED,
        what="Pflegefachkräfte qualifiziert",
        count=6,
        occupation="813",
        district_id="14626",
        year=2025,
    )


def world_participants(w: Any):
    from fachkraefte.web.outcomes.models import ParticipantCount

    report = world_report(w, Report.Status.DRAFT)
    row, _ = ParticipantCount.objects.get_or_create(
        project=report.project, report=report, target_group="unemployed", sex="f", count=4
    )
    return row
