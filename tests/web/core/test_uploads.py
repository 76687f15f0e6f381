"""``core.uploads``: a PDF is recognised by its content, capped in size, stored in one step."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pdf_samples import BROKEN_PDF, PNG, pdf_bytes

from fachkraefte.web.calls.models import CallDocument
from fachkraefte.web.core import uploads


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_pdf_passes_with_its_checksum_and_pages():
    content = pdf_bytes(3)
    checked = uploads.check_pdf(_upload("x.pdf", content))
    assert checked.pages == 3 and checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bild.pdf", PNG),  # a PNG named .pdf
        ("kaputt.pdf", BROKEN_PDF),  # the header alone is not enough
        ("text.pdf", b"Hallo, ich bin kein PDF."),
        ("spaet.pdf", b"    " + pdf_bytes()),  # the header must come first
    ],
)
def test_the_name_does_not_make_a_pdf(name, content):
    with pytest.raises(ValidationError) as error:
        uploads.check_pdf(_upload(name, content))
    assert error.value.message_dict["file"] == [
        f"Die Datei „{name}“ ist kein PDF (Inhalt geprüft). Bitte laden Sie ein lesbares, "
        "nicht verschlüsseltes PDF hoch."
    ]


def test_an_encrypted_pdf_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError, match="kein PDF"):
        uploads.check_pdf(_upload("geheim.pdf", buffer.getvalue()))


def test_the_cap_comes_from_the_settings(settings):
    settings.FACHKRAEFTE_MAX_UPLOAD_BYTES = 1024
    content = pdf_bytes() + b"%" + b"x" * 2048  # a PDF comment: still a valid PDF
    with pytest.raises(ValidationError) as error:
        uploads.check_pdf(_upload("gross.pdf", content))
    message = error.value.message_dict["file"][0]
    assert message.startswith("Die Datei „gross.pdf“ ist ") and "höchstens 1 KB" in message
    assert uploads.size_text(10 * 1024 * 1024) == "10 MB"
    assert uploads.size_text(1536 * 1024) == "1,5 MB"


def test_stored_under_a_generated_name_without_temporary_leftovers(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    field = CallDocument._meta.get_field("file")
    checked = uploads.check_pdf(_upload("../../etc/passwd.pdf", pdf_bytes()))
    first = uploads.store_pdf(field, CallDocument(), checked)
    second = uploads.store_pdf(field, CallDocument(), checked)
    assert first != second and first.startswith("calls/") and "passwd" not in first
    files = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert len(files) == 2 and not any(name.endswith(".part") for name in files)
    assert (tmp_path / first).read_bytes() == checked.content
    uploads.delete_stored(field, first)
    assert not (tmp_path / first).exists()
