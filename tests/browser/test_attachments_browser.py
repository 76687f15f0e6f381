"""Proposal attachments in a real browser: a forged PDF is refused with its message at the field,
a real one is listed with its checksum; axe-core on both states of the page."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfWriter
from test_smoke import assert_accessible

from fachkraefte.web.calls.models import Call
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.proposals.models import Attachment, Proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2024"
PNG = base64.b64decode(  # 1×1 pixel
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture()
def proposal(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    ensure_shipped_programmes()
    applicant = get_user_model().objects.create_user("antrag", password=PASSWORD)
    call = Call.objects.create(
        programme=Programme.objects.get(slug="sachsen-fachkraefteallianzen"),
        slug="aufruf",
        title="Aufruf",
        summary="Kurz",
        status=Call.Status.PUBLISHED,
        opens_on=dt.date.today(),
        rolling=True,
        budget_year=2025,
        max_grant_rate=Decimal("0.9"),
        eligible_cost_types=["personnel"],
    )
    return Proposal.objects.create(
        call=call,
        applicant=applicant,
        organisation_name="Demo-Bildungswerk",
        organisation_category="other",
        stage=Proposal.Stage.SKETCH,
        title="Pflege im Kreis",
    )


def test_applicant_uploads_attachments(page, live_server, proposal, tmp_path):
    forged, real = tmp_path / "foto.pdf", tmp_path / "lebenslauf.pdf"
    forged.write_bytes(PNG)
    real.write_bytes(pdf_bytes())
    url = f"/antraege/{proposal.pk}/anlagen/"
    page.goto(live_server.url + "/konto/anmelden/?next=" + url)
    page.get_by_label("Benutzername").fill("antrag")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**" + url)
    assert_accessible(page)

    page.get_by_label("Titel der Anlage").fill("Foto")
    page.get_by_label("Datei (PDF)").set_input_files(str(forged))
    page.get_by_role("button", name="Hochladen").click()
    assert (
        "Die Datei „foto.pdf“ ist kein PDF (Inhalt geprüft)."
        in page.locator("#id_file_error").inner_text()
    )
    assert not Attachment.objects.exists()
    assert_accessible(page)

    page.get_by_label("Titel der Anlage").fill("Lebenslauf")
    page.get_by_label("Datei (PDF)").set_input_files(str(real))
    page.get_by_role("button", name="Hochladen").click()
    page.wait_for_url("**" + url)
    assert page.get_by_role("link", name="Lebenslauf").is_visible()
    stored = Attachment.objects.get()
    assert stored.sha256 == hashlib.sha256(real.read_bytes()).hexdigest()
    assert_accessible(page)
