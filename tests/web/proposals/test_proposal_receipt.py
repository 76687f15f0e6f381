"""The submission receipt: a tagged PDF whose text carries the submitted figures."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from attachment_world import make_proposal
from pypdf import PdfReader

from fachkraefte.web.proposals.models import Proposal, ProposalVersion

pytestmark = pytest.mark.django_db

# Typst markup, code and math in a title: the receipt must show it as typed.
INJECTION = '#set page(fill: red) *fett* _kursiv_ $x^2$ \\ ] [ <label> @ref // kein Kommentar #"x"'


def _submitted(world, *, title: str = "Pflege im Kreis") -> Proposal:
    proposal = make_proposal(world, status=Proposal.Status.SUBMITTED, title=title)
    content = {
        "title": title,
        "budget_lines": [
            {"cost_type": "personnel", "amount": "48000.00"},
            {"cost_type": "material", "amount": "12000.50"},
        ],
        "own_contribution": "5000.00",
        "other_funding": "1250.50",
    }
    ProposalVersion.objects.create(proposal=proposal, number=1, content={"title": "alt"})
    ProposalVersion.objects.create(proposal=proposal, number=2, content=content)
    Proposal.objects.filter(pk=proposal.pk).update(submitted_at=proposal.created_at)
    proposal.refresh_from_db()
    return proposal


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_receipt_reads_back_with_the_submitted_figures(clients, world):
    proposal = _submitted(world)
    response = clients["applicant"].get(f"/antraege/{proposal.pk}/eingangsbestaetigung.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "fassung-2.pdf" in response["Content-Disposition"]
    text = _text(response.content)
    assert f"A-{proposal.submitted_at.year}-{proposal.pk:05d}" in text
    assert "Pflege im Kreis" in text and "Bildungswerk Lausitz" in text
    assert "Aufruf für Anlagen" in text
    assert "Fassung 2" in text
    assert "60.000,50 €" in text  # total eligible expenditure of version 2
    assert "5.000,00 €" in text and "1.250,50 €" in text
    assert "53.750,00 €" in text  # requested grant: total − own − other
    assert "89,6 %" in text  # 53,750.00 / 60,000.50 = 89.58 %
    content = ProposalVersion.objects.get(proposal=proposal, number=2).content
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert hashlib.sha256(canonical.encode()).hexdigest() in text.replace("\n", "")


def test_receipt_is_a_tagged_pdf_ua_document(clients, world):
    proposal = _submitted(world)
    pdf = clients["applicant"].get(f"/antraege/{proposal.pk}/eingangsbestaetigung.pdf").content
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root and root["/Lang"] == "de"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_user_text_is_set_as_text_not_as_typst_markup(clients, world):
    proposal = _submitted(world, title=INJECTION)
    pdf = clients["applicant"].get(f"/antraege/{proposal.pk}/eingangsbestaetigung.pdf").content
    text = _text(pdf)
    assert INJECTION in text


def test_receipt_in_english_for_an_english_session(clients, world):
    proposal = _submitted(world)
    client = clients["applicant"]
    client.cookies["django_language"] = "en"
    text = _text(client.get(f"/antraege/{proposal.pk}/eingangsbestaetigung.pdf").content)
    assert "Acknowledgement of receipt" in text


def test_receipt_for_parties_and_the_office_only(clients, world):
    proposal = _submitted(world)
    url = f"/antraege/{proposal.pk}/eingangsbestaetigung.pdf"
    expected = {
        "anonymous": 302,
        "applicant": 200,
        "member": 404,
        "steering": 403,  # the deciding body sees the proposal, the receipt is the applicant's
        "outsider": 404,
        "coordination": 200,
    }
    for role, status in expected.items():
        assert clients[role].get(url).status_code == status, role
    draft = make_proposal(world, title="Entwurf")
    assert (
        clients["applicant"].get(f"/antraege/{draft.pk}/eingangsbestaetigung.pdf").status_code
        == 404
    )
