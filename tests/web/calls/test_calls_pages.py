"""The public list and page of calls, drafting, publishing and closing, criteria and documents."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from calls_world import TODAY, make_call
from openpyxl import load_workbook
from pdf_samples import PNG, pdf_bytes

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_entries_for
from fachkraefte.web.calls.models import Call, CallDocument, CostType, ReviewCriterion

pytestmark = pytest.mark.django_db


def test_public_list_shows_open_calls_and_hides_drafts(clients, world):
    make_call(world, slug="offen-a", title="Offener Aufruf A")
    make_call(world, slug="entwurf-a", title="Geheimer Entwurf", status=Call.Status.DRAFT)
    make_call(
        world, slug="vorbei-a", title="Vergangener Aufruf", closes_on=TODAY - dt.timedelta(days=1)
    )
    page = clients["anonymous"].get("/aufrufe/").content.decode()
    assert "Offener Aufruf A" in page
    assert "Geheimer Entwurf" not in page and "Vergangener Aufruf" not in page
    past = clients["anonymous"].get("/aufrufe/?status=beendet").content.decode()
    assert "Vergangener Aufruf" in past and "Offener Aufruf A" not in past
    # the drafts filter is not offered to, nor obeyed for, the public
    assert (
        "Geheimer Entwurf"
        not in clients["outsider"].get("/aufrufe/?status=entwuerfe").content.decode()
    )
    assert (
        "Geheimer Entwurf" in clients["steering"].get("/aufrufe/?status=entwuerfe").content.decode()
    )


def test_list_filters_by_target_group_programme_and_land(clients, world):
    make_call(world, slug="arbeitslose", title="Für Arbeitslose", target_groups=["unemployed"])
    make_call(world, slug="azubis", title="Für Auszubildende", target_groups=["trainees"])
    client = clients["anonymous"]
    page = client.get("/aufrufe/?zielgruppe=trainees").content.decode()
    assert "Für Auszubildende" in page and "Für Arbeitslose" not in page
    assert (
        "Für Arbeitslose" in client.get(f"/aufrufe/?programm={world.saxony.slug}").content.decode()
    )
    assert "Für Arbeitslose" not in client.get("/aufrufe/?programm=andere").content.decode()
    assert "Für Arbeitslose" in client.get("/aufrufe/?land=14").content.decode()
    assert "Für Arbeitslose" not in client.get("/aufrufe/?land=03").content.decode()


def test_list_downloads_as_csv_and_xlsx(clients, world):
    make_call(world, slug="laufend", title="Laufender Aufruf", closes_on=None, rolling=True)
    csv = clients["anonymous"].get("/aufrufe/?format=csv&sort=title").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Aufruf;Programm;Land")
    assert "Laufender Aufruf" in csv and ";laufend;" in csv
    response = clients["anonymous"].get("/aufrufe/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Laufender Aufruf"


def test_call_page_in_plain_german(clients, world):
    call = make_call(
        world,
        slug="goerlitz",
        closes_on=None,
        rolling=True,
        min_amount=Decimal("5000"),
        max_amount=Decimal("150000"),
        max_months=24,
    )
    call.action_fields.set([world.field])
    page = clients["anonymous"].get("/aufrufe/goerlitz/").content.decode()
    assert "laufend (bis der Aufruf beendet wird)" in page
    assert "höchstens 90 % der förderfähigen Ausgaben" in page
    assert "Zuschuss von 5.000 € bis 150.000 €." in page
    assert "Laufzeit höchstens 24 Monate." in page
    assert "Investitionen" in page and "Pauschalen" in page and "Reisen außerhalb der EU" in page
    assert "Handlungsfeld A1" in page and "internationale Fachkräfte" in page
    assert 'href="/antraege/neu/goerlitz/"' in page


def test_drafts_are_hidden_from_all_but_their_drafters(clients, world):
    make_call(world, slug="entwurf", status=Call.Status.DRAFT)
    expected = {
        "anonymous": 404,
        "applicant": 404,
        "member": 404,
        "steering": 200,
        "outsider": 404,
        "coordination": 200,
    }
    for role, status in expected.items():
        assert clients[role].get("/aufrufe/entwurf/").status_code == status, role


def _form(world, **changes):
    data = {
        "title": "Neuer Aufruf",
        "slug": "neuer-aufruf",
        "summary": "Kurz",
        "opens_on": "2025-03-01",
        "closes_on": "2025-06-30",
        "budget_year": "2025",
        "grant_rate_percent": "90",
        "eligible_cost_types": [CostType.PERSONNEL, CostType.SERVICES],
        "target_groups": ["unemployed"],
        "action_fields": [world.field.pk],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_steering_group_drafts_a_call_and_the_office_publishes_and_closes(clients, world, terms):
    response = clients["steering"].post("/aufrufe/neu/allianz-a/", _form(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get(slug="neuer-aufruf")
    assert call.status == Call.Status.DRAFT and call.max_grant_rate == Decimal("0.9")
    assert list(call.action_fields.all()) == [world.field]
    assert (
        clients["steering"]
        .post("/aufrufe/neuer-aufruf/status/", {"status": "published"})
        .status_code
        == 403
    )
    assert (
        clients["coordination"]
        .post("/aufrufe/neuer-aufruf/status/", {"status": "published"})
        .status_code
        == 302
    )
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED
    # published: the text is frozen, for the drafters too
    assert clients["steering"].get("/aufrufe/neuer-aufruf/bearbeiten/").status_code == 403
    assert (
        clients["coordination"]
        .post("/aufrufe/neuer-aufruf/status/", {"status": "draft"})
        .status_code
        == 400
    )
    assert (
        clients["coordination"]
        .post("/aufrufe/neuer-aufruf/status/", {"status": "closed"})
        .status_code
        == 302
    )
    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED
    steps = audit_entries_for(call).filter(action=AuditEntry.Action.UPDATE).order_by("pk")
    assert [entry.changes["status"] for entry in steps] == [
        ["draft", "published"],
        ["published", "closed"],
    ]
    # the outsider (steering group of B) may not draft for A
    assert (
        clients["outsider"].post("/aufrufe/neu/allianz-a/", _form(world, slug="b")).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"opens_on": "2025-06-30", "closes_on": "2025-03-01"},
            "closes_on",
            "Der Einreichungsschluss muss nach dem Beginn der Einreichung liegen.",
        ),
        (
            {"grant_rate_percent": "95"},
            "grant_rate_percent",
            "Die Förderquote darf höchstens 90 % betragen (Grenze des Programms).",
        ),
        (
            {"min_amount": "20000", "max_amount": "10000"},
            "max_amount",
            "Der Höchstzuschuss darf nicht unter dem Mindestzuschuss liegen.",
        ),
        (
            {"min_amount": "100.005"},
            "min_amount",
            "Bitte höchstens zwei Nachkommastellen (Cent) angeben.",
        ),
        (
            {"closes_on": None},
            "closes_on",
            "Bitte ein Enddatum angeben oder „laufende Einreichung“ wählen.",
        ),
        (
            {"slug": "neu"},
            "slug",
            "Dieser Kurzname ist für die Seiten reserviert.",
        ),
        (
            {"eligible_cost_types": []},
            "eligible_cost_types",
            "Bitte mindestens eine förderfähige Ausgabeart wählen.",
        ),
    ],
)
def test_bad_call_input_is_named_at_its_field_and_nothing_is_stored(
    clients, world, terms, changes, field, message
):
    response = clients["coordination"].post("/aufrufe/neu/allianz-a/", _form(world, **changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert message in form.errors[field]
    assert message in response.content.decode()
    assert not Call.objects.exists()


def test_edit_keeps_the_rate_cap(clients, world, terms):
    make_call(world, slug="entwurf", status=Call.Status.DRAFT)
    data = _form(world, grant_rate_percent="91")
    data.pop("slug")
    response = clients["steering"].post("/aufrufe/entwurf/bearbeiten/", data)
    assert response.status_code == 400
    assert Call.objects.get(slug="entwurf").max_grant_rate == Decimal("0.9")
    data["grant_rate_percent"] = "80"
    assert clients["steering"].post("/aufrufe/entwurf/bearbeiten/", data).status_code == 302
    assert Call.objects.get(slug="entwurf").max_grant_rate == Decimal("0.8")


def test_office_edits_criteria(clients, world):
    make_call(world, slug="k")
    assert clients["steering"].get("/aufrufe/k/kriterien/").status_code == 403
    response = clients["coordination"].post(
        "/aufrufe/k/kriterien/", {"label": "Regionaler Bedarf", "description": "Engpass belegt"}
    )
    assert response.status_code == 302
    criterion = ReviewCriterion.objects.get(call__slug="k")
    assert criterion.label == "Regionaler Bedarf" and criterion.position == 1
    assert "Regionaler Bedarf" in clients["anonymous"].get("/aufrufe/k/").content.decode()
    edit = f"/aufrufe/k/kriterien/{criterion.pk}/"
    assert clients["coordination"].post(edit, {"label": ""}).status_code == 400
    clients["coordination"].post(edit, {"label": "Bedarf belegt", "description": ""})
    criterion.refresh_from_db()
    assert criterion.label == "Bedarf belegt" and criterion.description == ""
    clients["coordination"].post(f"/aufrufe/k/kriterien/{criterion.pk}/loeschen/")
    assert not ReviewCriterion.objects.filter(call__slug="k").exists()


def test_documents_are_checked_by_content(clients, world, media, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_call(world, slug="d")
    office = clients["coordination"]
    good = SimpleUploadedFile("richtlinie.pdf", pdf_bytes(), content_type="application/pdf")
    assert (
        office.post("/aufrufe/d/dokumente/", {"title": "Richtlinie", "file": good}).status_code
        == 302
    )
    document = CallDocument.objects.get(call__slug="d")
    download = clients["anonymous"].get(f"/aufrufe/d/dokumente/{document.pk}/")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    forged = SimpleUploadedFile("bild.pdf", PNG, content_type="application/pdf")
    response = office.post("/aufrufe/d/dokumente/", {"title": "Bild", "file": forged})
    assert response.status_code == 400
    assert "Die Datei „bild.pdf“ ist kein PDF (Inhalt geprüft)." in response.content.decode()
    settings.FACHKRAEFTE_MAX_UPLOAD_BYTES = 200
    large = SimpleUploadedFile("gross.pdf", pdf_bytes(3), content_type="application/pdf")
    response = office.post("/aufrufe/d/dokumente/", {"title": "Groß", "file": large})
    assert response.status_code == 400
    assert "erlaubt sind höchstens 1 KB" in response.content.decode()
    assert CallDocument.objects.filter(call__slug="d").count() == 1
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1
    assert (
        clients["steering"].post(f"/aufrufe/d/dokumente/{document.pk}/loeschen/").status_code == 403
    )
