"""Attachments of a proposal: PDF only by content, size-capped, changed while editable."""

from __future__ import annotations

import hashlib

import pytest
from attachment_world import make_proposal
from django.core.files.uploadedfile import SimpleUploadedFile
from pdf_samples import BROKEN_PDF, PNG, pdf_bytes

from fachkraefte.web.proposals.models import Attachment, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture()
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def _upload(client, proposal, name, content, title="Anlage"):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(f"/antraege/{proposal.pk}/anlagen/", {"title": title, "file": file})


def _stored(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_applicant_uploads_and_downloads_a_pdf_with_its_checksum(clients, world, media):
    proposal = make_proposal(world)
    content = pdf_bytes(2)
    response = _upload(clients["applicant"], proposal, "lebenslauf.pdf", content, "Lebenslauf")
    assert response.status_code == 302
    attachment = Attachment.objects.get(proposal=proposal)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    # the uploaded name is not kept: the stored name is generated
    assert "lebenslauf" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    page = clients["applicant"].get(f"/antraege/{proposal.pk}/anlagen/").content.decode()
    assert "Lebenslauf" in page
    download = clients["applicant"].get(f"/antraege/{proposal.pk}/anlagen/{attachment.pk}/")
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("foto.pdf", PNG, "Die Datei „foto.pdf“ ist kein PDF (Inhalt geprüft)."),
        ("kaputt.pdf", BROKEN_PDF, "Die Datei „kaputt.pdf“ ist kein PDF (Inhalt geprüft)."),
        ("leer.pdf", b"", "Die übermittelte Datei ist leer."),
    ],
)
def test_forged_or_broken_files_are_refused_and_nothing_is_stored(
    clients, world, media, name, content, message
):
    proposal = make_proposal(world)
    response = _upload(clients["applicant"], proposal, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists() and _stored(media) == []


def test_oversized_file_is_refused_with_the_cap(clients, world, media, settings):
    settings.FACHKRAEFTE_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    proposal = make_proposal(world)
    big = pdf_bytes() + b"%" + b"x" * (2 * 1024 * 1024)
    response = _upload(clients["applicant"], proposal, "gross.pdf", big)
    assert response.status_code == 400
    assert (
        "Die Datei „gross.pdf“ ist 2 MB groß; erlaubt sind höchstens 2 MB."
        in response.content.decode()
    )
    assert not Attachment.objects.exists() and _stored(media) == []


def test_only_editors_change_attachments_and_only_while_editable(clients, world, media):
    proposal = make_proposal(world)
    assert _upload(clients["applicant"], proposal, "a.pdf", pdf_bytes()).status_code == 302
    attachment = Attachment.objects.get()
    # others do not learn that the draft exists
    for role in ("member", "steering", "outsider", "coordination"):
        assert clients[role].get(f"/antraege/{proposal.pk}/anlagen/").status_code == 404, role
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SUBMITTED)
    assert _upload(clients["applicant"], proposal, "b.pdf", pdf_bytes()).status_code == 403
    delete = f"/antraege/{proposal.pk}/anlagen/{attachment.pk}/loeschen/"
    assert clients["applicant"].post(delete).status_code == 403
    # the office sees a submitted proposal and its files, but changes nothing
    assert (
        clients["coordination"].get(f"/antraege/{proposal.pk}/anlagen/{attachment.pk}/").status_code
        == 200
    )
    assert clients["coordination"].post(delete).status_code == 403
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.REVISION)
    assert clients["applicant"].post(delete).status_code == 302
    assert not Attachment.objects.exists()


def test_the_file_goes_once_the_deletion_is_committed(
    clients, world, media, django_capture_on_commit_callbacks
):
    proposal = make_proposal(world)
    _upload(clients["applicant"], proposal, "a.pdf", pdf_bytes())
    attachment = Attachment.objects.get()
    assert len(_stored(media)) == 1
    delete = f"/antraege/{proposal.pk}/anlagen/{attachment.pk}/loeschen/"
    with django_capture_on_commit_callbacks(execute=True):
        assert clients["applicant"].post(delete).status_code == 302
    assert _stored(media) == []
