"""Funded projects for the programme statistics and public record tests (part p4).

Made directly with the ORM and the ledger in the role world (the projects and payments apps
have their own services; here they are the stage). One project of the platform, created from
the applicant's approved proposal of ``review_records``, with every kind of ledger entry
(commitment, release, payment, return) and reported participants and outcomes; two historic
projects as an imported list would give them. Everything internal carries ``SECRET``:
the project's internal note, the reviewer's comment; the project's responsible person is the
member of A (an e-mail address that must never be public).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from review_records import review_records
from role_world import SECRET

from fachkraefte.web.core.models import Region
from fachkraefte.web.funding import ledger
from fachkraefte.web.funding.models import LedgerEntry
from fachkraefte.web.outcomes.models import OutcomeResult, ParticipantCount
from fachkraefte.web.projects.models import Project, ProjectPerson
from fachkraefte.web.proposals.models import Proposal

K = LedgerEntry.Kind
PLATFORM_TITLE = "Pflege gemeinsam qualifizieren"


def _book(budget: Any, kind: str, amount: str, **fields: Any) -> LedgerEntry:
    with transaction.atomic():
        return ledger.book(budget=budget, kind=kind, amount=amount, actor=None, **fields)


def p4_projects(w: Any) -> SimpleNamespace:
    """Built once per test (cached on the world copy); undone with the test's savepoint."""
    cached = getattr(w, "_p4_projects", None)
    if cached is not None:
        return cached
    records = review_records(w)
    proposal = records.proposal
    proposal.status = Proposal.Status.APPROVED
    proposal.save()
    review = records.review
    review.comment = f"{SECRET} Gutachten: das Konzept ist schwach"
    review.save()
    goerlitz = Region.objects.get(ags="14626")
    bautzen = Region.objects.get(ags="14625")
    platform = Project.objects.create(
        proposal=proposal,
        programme=w.saxony,
        alliance=w.a,
        title=PLATFORM_TITLE,
        summary="Arbeitslose werden zu Pflegehilfskräften qualifiziert.",
        recipient="Pflegeschule Görlitz",
        funding_year=2025,
        approved_amount=Decimal("9000.00"),
        starts_on=dt.date(2025, 3, 1),
        ends_on=dt.date(2026, 2, 28),
        status=Project.Status.RUNNING,
        target_groups=["unemployed"],
        themes=["Pflege"],
        action_field=w.field,
        internal_note=f"{SECRET} interner Vermerk: Träger prüfen",
    )
    platform.districts.set([goerlitz])
    ProjectPerson.objects.create(
        project=platform, user=w.users["member"], role=ProjectPerson.Role.LEAD
    )
    budget = records.budget
    _book(budget, K.COMMITMENT, "9000.00", proposal=proposal)
    _book(budget, K.RELEASE, "1000.00", proposal=proposal)
    _book(budget, K.PAYMENT, "5000.00", proposal=proposal, project=platform)
    _book(budget, K.RETURN, "500.00", proposal=proposal, project=platform)
    for sex, count in (("f", 12), ("m", 8)):
        ParticipantCount.objects.create(
            project=platform, target_group="unemployed", sex=sex, count=count
        )
    OutcomeResult.objects.create(
        project=platform,
        kind=OutcomeResult.Kind.PLANNED,
        what="Pflegehilfskräfte qualifiziert",
        count=20,
        occupation="813",
        district=goerlitz,
        year=2026,
    )
    OutcomeResult.objects.create(
        project=platform,
        kind=OutcomeResult.Kind.ACHIEVED,
        what="Pflegehilfskräfte qualifiziert",
        count=15,
        occupation="813",
        district=goerlitz,
        year=2026,
    )
    closed = Project.objects.create(
        programme=w.saxony,
        alliance=w.a,
        title="Ausbildungsmesse Oberlausitz",
        recipient="Demo-Wirtschaftsförderung",
        funding_year=2018,
        approved_amount=Decimal("50000.00"),
        status=Project.Status.CLOSED,
        themes=["Ausbildung", "Pflege"],
        target_groups=["school_leavers"],
        is_historic=True,
        source="foerderliste-2018.csv, Zeile 2",
    )
    closed.districts.set([goerlitz])
    ParticipantCount.objects.create(
        project=closed, target_group="school_leavers", sex="x", count=300
    )
    OutcomeResult.objects.create(
        project=closed,
        kind=OutcomeResult.Kind.ACHIEVED,
        what="Ausbildungsverträge",
        count=40,
        year=2018,
    )
    running = Project.objects.create(
        programme=w.saxony,
        title="Welcome-Center Ostsachsen",
        recipient="Demo-Verein Willkommen",
        funding_year=2025,
        approved_amount=Decimal("30000.00"),
        status=Project.Status.RUNNING,
        target_groups=["international"],
        is_historic=True,
        source="foerderliste-2025.csv, Zeile 7",
    )
    running.districts.set([goerlitz, bautzen])
    result = SimpleNamespace(
        platform=platform, closed=closed, running=running, proposal=proposal, budget=budget
    )
    w._p4_projects = result
    return result
