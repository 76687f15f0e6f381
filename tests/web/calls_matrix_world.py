"""Calls, proposals and their files for the role matrix: made on demand with the ORM in the
role world's alliance A (``role_world.py``), once per test (the test's savepoint undoes them).

The draft call's title carries ``SECRET``: a draft is internal to its drafters, so the matrix's
leak check finds it wherever an outsider of A would see it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pdf_samples import pdf_bytes
from role_world import SECRET

from fachkraefte.web.calls.models import Call, CallDocument, CostType, ReviewCriterion
from fachkraefte.web.proposals.models import Attachment, Proposal, ProposalVersion

TODAY = dt.date.today()


def _stored_pdf(folder: str, name: str) -> str:
    path = f"{folder}/{name}.pdf"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(pdf_bytes()))
    return path


def matrix_call(w, status: str = Call.Status.PUBLISHED) -> Call:
    title = f"{SECRET} Aufrufentwurf" if status == Call.Status.DRAFT else f"Aufruf ({status})"
    call, _ = Call.objects.get_or_create(
        slug=f"matrix-{status}",
        defaults={
            "programme": w.saxony,
            "alliance": w.a,
            "title": title,
            "summary": "Aufruf der Allianz A",
            "status": status,
            "opens_on": TODAY - dt.timedelta(days=10),
            "closes_on": TODAY + dt.timedelta(days=30),
            "budget_year": TODAY.year,
            "max_grant_rate": Decimal("0.9"),
            "eligible_cost_types": [CostType.PERSONNEL],
        },
    )
    return call


def matrix_document(w, status: str = Call.Status.PUBLISHED) -> CallDocument:
    call = matrix_call(w, status)
    document, _ = CallDocument.objects.get_or_create(
        call=call,
        title="Richtlinie",
        defaults={"file": _stored_pdf("calls/matrix", status), "size": 100},
    )
    return document


def matrix_criterion(w) -> ReviewCriterion:
    criterion, _ = ReviewCriterion.objects.get_or_create(
        call=matrix_call(w), label="Regionaler Bedarf", defaults={"position": 1}
    )
    return criterion


def matrix_proposal(w, status: str = Proposal.Status.DRAFT) -> Proposal:
    """The applicant's proposal to A's published call; a submitted one has a version."""
    proposal, created = Proposal.objects.get_or_create(
        call=matrix_call(w),
        title=f"Antrag ({status})",
        defaults={
            "applicant": w.users["applicant"],
            "organisation_name": "Träger des Antragstellers",
            "organisation_category": "other",
            "stage": Proposal.Stage.SKETCH,
            "status": status,
        },
    )
    if created and status != Proposal.Status.DRAFT:
        ProposalVersion.objects.create(
            proposal=proposal, number=1, content={"title": proposal.title}
        )
        Proposal.objects.filter(pk=proposal.pk).update(submitted_at=proposal.created_at)
        proposal.refresh_from_db()
    return proposal


def matrix_attachment(w, status: str = Proposal.Status.DRAFT) -> Attachment:
    proposal = matrix_proposal(w, status)
    attachment, _ = Attachment.objects.get_or_create(
        proposal=proposal,
        title="Lebenslauf",
        defaults={
            "file": _stored_pdf("proposals/matrix", status),
            "size": 100,
            "sha256": "0" * 64,
        },
    )
    return attachment
