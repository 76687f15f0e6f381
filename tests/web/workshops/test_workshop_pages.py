"""The workshop pages with the role world: planning through the form, invitations, registration
and the waiting list on the page, the calendar files parsed back, the attendance list, the
documentation with slides and photos, and the API's own registrations."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pdf_samples import PNG, pdf_bytes
from pypdf import PdfReader
from role_world import body_text, token_client

from fachkraefte.web.notifications.models import Notification
from fachkraefte.web.organisations import services as organisation_services
from fachkraefte.web.workshops import services
from fachkraefte.web.workshops.models import Registration, Workshop, WorkshopInvitation

pytestmark = pytest.mark.django_db

START = timezone.localtime() + dt.timedelta(days=40)


def _plan(clients, world, **extra) -> Workshop:
    form = {
        "title": "Zukunftswerkstatt Görlitz 2027",
        "slug": "zw-goerlitz-2027",
        "kind": "werkstatt",
        "districts": [world.a.districts.first().ags],
        "date": START.date().isoformat(),
        "start_time": "09:00",
        "end_time": "16:00",
        "venue": "Landratsamt Görlitz, Saal 1",
        "moderator": "Moderatorin Muster",
        "forecast_presenter": "Prognoseteam",
        "capacity": "1",
        "offer_hold_hours": "48",
        "reminder_days": "7",
        "public": "on",
        **extra,
    }
    response = clients["steering"].post(reverse("workshops:create", args=[world.a.slug]), form)
    assert response.status_code == 302, body_text(response)
    return Workshop.objects.get(slug=form["slug"])


def _open(world, workshop: Workshop) -> None:
    services.workshop_transition(actor=world.users["steering"], workshop=workshop, to="open")


def test_the_steering_group_plans_a_workshop_nobody_else_sees_it_until_opened(world, clients):
    workshop = _plan(clients, world)
    assert workshop.status == "planned" and workshop.alliance == world.a
    assert [d.ags for d in workshop.districts.all()] == ["14626"]
    url = reverse("workshops:detail", args=[workshop.slug])
    assert clients["applicant"].get(url).status_code == 404
    assert clients["member"].get(url).status_code == 404
    page = body_text(clients["steering"].get(url))
    assert "Anmeldung öffnen" in page
    clients["steering"].post(
        reverse("workshops:transition", args=[workshop.slug]), {"status": "open"}
    )
    assert clients["anonymous"].get(url).status_code == 200
    listed = body_text(clients["anonymous"].get(reverse("workshops:list")))
    assert "Zukunftswerkstatt Görlitz 2027" in listed


def test_the_form_explains_contradictions_at_the_field(world, clients):
    response = clients["steering"].post(
        reverse("workshops:create", args=[world.a.slug]),
        {
            "title": "Online ohne Link",
            "slug": "online-ohne-link",
            "kind": "online",
            "date": "2027-03-01",
            "start_time": "14:00",
            "end_time": "13:00",
            "capacity": "10",
            "offer_hold_hours": "48",
            "reminder_days": "7",
        },
    )
    assert response.status_code == 400
    page = body_text(response)
    assert "braucht den Link zur Teilnahme" in page
    assert "Das Ende muss nach dem Beginn liegen" in page
    assert not Workshop.objects.filter(slug="online-ohne-link").exists()


def test_invitations_reach_people_with_an_account_and_guests_once(
    world, clients, django_capture_on_commit_callbacks
):
    workshop = _plan(clients, world)
    organisation_services.representative_create(
        actor=world.users["coordination"],
        organisation=world.org_a2,
        name="Mira Mitglied",
        user=world.users["member"],
    )
    url = reverse("workshops:invitations", args=[workshop.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["steering"].post(
            url,
            {
                "group": "chambers",
                "organisations": [world.org_a2.pk],
                "emails": "gast@example.org, GAST@example.org; zweiter@example.org",
            },
        )
    assert response.status_code == 302
    invited = WorkshopInvitation.objects.filter(workshop=workshop)
    assert sorted(i.email or i.user.username for i in invited) == [
        "gast@example.org",
        "mitglied-a@example.org",
        "zweiter@example.org",
    ]
    assert Notification.objects.filter(
        user=world.users["member"], subject__startswith="Einladung"
    ).exists()
    _open(world, workshop)
    own = body_text(clients["member"].get(reverse("workshops:own")))
    assert "Einladungen" in own and workshop.title in own
    guest_mail = [m for m in mail.outbox if m.to == ["gast@example.org"]]
    assert len(guest_mail) == 1 and f"/werkstaetten/{workshop.slug}/" in guest_mail[0].body
    # inviting again adds nobody twice
    clients["steering"].post(url, {"group": "other", "emails": "gast@example.org"})
    assert invited.count() == 3
    # an invalid address is named at its field
    response = clients["steering"].post(url, {"group": "other", "emails": "kein-at-zeichen"})
    assert response.status_code == 400 and "kein-at-zeichen" in body_text(response)


def test_register_wait_and_take_the_offered_place_on_the_page(world, clients):
    workshop = _plan(clients, world)
    _open(world, workshop)
    detail = reverse("workshops:detail", args=[workshop.slug])
    clients["applicant"].post(reverse("workshops:register", args=[workshop.slug]))
    assert "Sie sind angemeldet." in body_text(clients["applicant"].get(detail))
    clients["member"].post(
        reverse("workshops:register", args=[workshop.slug]), {"organisation_name": "Kammer A"}
    )
    page = body_text(clients["member"].get(detail))
    assert "Sie stehen auf der Warteliste, an Stelle 1." in page
    clients["applicant"].post(reverse("workshops:cancel", args=[workshop.slug]))
    page = body_text(clients["member"].get(detail))
    assert "Ein Platz ist für Sie frei geworden." in page
    clients["member"].post(reverse("workshops:accept", args=[workshop.slug]))
    registration = Registration.objects.get(workshop=workshop, user=world.users["member"])
    assert registration.status == "registered" and registration.organisation_name == "Kammer A"
    own = body_text(clients["member"].get(reverse("workshops:own")))
    assert "Zukunftswerkstatt Görlitz 2027" in own and "angemeldet" in own


def _calendar(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(b"".join(response) if response.streaming else response.content)


def test_icalendar_files_parse_back_with_the_workshop_and_a_link_back(world, clients):
    workshop = _plan(clients, world)
    _open(world, workshop)
    hidden = _plan(clients, world, slug="zw-in-planung", title="Noch in Planung")
    events = _calendar(clients["anonymous"].get(reverse("workshops:ical", args=[workshop.slug])))
    [event] = events.walk("VEVENT")
    assert str(event["summary"]) == workshop.title
    assert event.decoded("dtstart") == workshop.starts_at
    assert event.decoded("dtend") == workshop.ends_at
    assert str(event["location"]) == "Landratsamt Görlitz, Saal 1"
    assert str(event["url"]) == f"http://testserver/werkstaetten/{workshop.slug}/"
    assert str(event["uid"]).startswith(f"werkstatt-{workshop.pk}@")
    for url in (
        reverse("workshops:alliance_feed", args=[world.a.slug]),
        reverse("workshops:district_feed", args=["14626"]),
    ):
        feed = _calendar(clients["anonymous"].get(url))
        titles = [str(e["summary"]) for e in feed.walk("VEVENT")]
        assert titles == [workshop.title], url  # the planned one stays out
        assert hidden.title not in titles
    assert not _calendar(
        clients["anonymous"].get(reverse("workshops:district_feed", args=["14625"]))
    ).walk("VEVENT")


def test_attendance_list_as_tagged_pdf_and_xlsx(world, clients):
    from openpyxl import load_workbook

    workshop = _plan(clients, world, capacity="5")
    _open(world, workshop)
    clients["member"].post(
        reverse("workshops:register", args=[workshop.slug]), {"organisation_name": "Kammer A"}
    )
    response = clients["steering"].get(reverse("workshops:attendance", args=[workshop.slug, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert "Teilnehmendenliste" in text and "mitglied-a" in text and "Kammer A" in text
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and str(catalog["/Lang"]) == "de"
    assert b"pdfuaid" in response.content  # the PDF/UA identification in the XMP metadata
    response = clients["steering"].get(
        reverse("workshops:attendance", args=[workshop.slug, "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Name", "Organisation") and rows[1][:2] == ("mitglied-a", "Kammer A")


def test_documentation_with_slides_and_photos_on_the_public_page(world, clients):
    workshop = _plan(clients, world)
    _open(world, workshop)
    services.workshop_transition(actor=world.users["steering"], workshop=workshop, to="done")
    url = reverse("workshops:documentation", args=[workshop.slug])
    steering = clients["steering"]
    steering.post(url, {"summary": "Drei Handlungsfelder wurden vereinbart."})
    steering.post(
        url,
        {
            "kind": "slides",
            "title": "Folien zur Prognose",
            "file": SimpleUploadedFile("folien.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    response = steering.post(
        url,
        {
            "kind": "photo",
            "title": "Gruppenarbeit",
            "file": SimpleUploadedFile("foto.png", PNG, "image/png"),
        },
    )
    assert response.status_code == 400 and "was das Foto zeigt" in body_text(response)
    response = steering.post(
        url,
        {
            "kind": "photo",
            "title": "Gruppenarbeit",
            "alt_text": "Menschen an Stellwänden",
            "file": SimpleUploadedFile("foto.png", pdf_bytes(), "image/png"),
        },
    )
    assert response.status_code == 400 and "kein Foto" in body_text(response)
    steering.post(
        url,
        {
            "kind": "photo",
            "title": "Gruppenarbeit",
            "alt_text": "Menschen an Stellwänden",
            "file": SimpleUploadedFile("foto.png", PNG, "image/png"),
        },
    )
    page = body_text(clients["anonymous"].get(reverse("workshops:detail", args=[workshop.slug])))
    assert "Drei Handlungsfelder wurden vereinbart." in page
    assert "Folien zur Prognose" in page and "Eindrücke" in page
    assert 'alt="Menschen an Stellwänden"' in page
    photo = workshop.files.get(kind="photo")
    response = clients["anonymous"].get(reverse("workshops:file", args=[workshop.slug, photo.pk]))
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_api_lists_workshops_and_events_and_only_own_registrations(world, clients):
    workshop = _plan(clients, world)
    _open(world, workshop)
    anonymous = clients["anonymous"].get(reverse("api:workshop-list")).json()
    assert [w["slug"] for w in anonymous["results"]] == [workshop.slug]
    assert anonymous["results"][0]["districts"] == ["14626"]
    events = clients["anonymous"].get(reverse("api:event-list")).json()
    assert events["count"] == 0  # a Zukunftswerkstatt is no event
    applicant = token_client(world.users["applicant"])
    created = applicant.post(
        reverse("api:workshop-registration-list"),
        {"workshop": workshop.slug, "organisation_name": "Träger"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["status"] == "registered"
    member = token_client(world.users["member"])
    waiting = member.post(
        reverse("api:workshop-registration-list"),
        {"workshop": workshop.slug},
        content_type="application/json",
    ).json()
    assert waiting["status"] == "waiting" and waiting["queue_position"] == 1
    assert member.get(reverse("api:workshop-registration-list")).json()["count"] == 1
    other = member.get(reverse("api:workshop-registration-detail", args=[created.json()["id"]]))
    assert other.status_code == 404
    cancelled = applicant.post(
        reverse("api:workshop-registration-cancel", args=[created.json()["id"]])
    )
    assert cancelled.json()["status"] == "cancelled"
    accepted = member.post(reverse("api:workshop-registration-accept", args=[waiting["id"]]))
    assert accepted.json()["status"] == "registered"
    # a planned workshop is as good as none to someone who may not see it
    hidden = _plan(clients, world, slug="zw-versteckt")
    refused = member.post(
        reverse("api:workshop-registration-list"),
        {"workshop": hidden.slug},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_the_online_link_is_only_for_the_registered_also_in_feeds(world, clients):
    workshop = services.workshop_create(
        actor=world.users["steering"],
        alliance=world.a,
        slug="online-a",
        title="Online-Werkstatt A",
        kind="online",
        online_link="https://konferenz.example.org/geheimer-raum",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
        capacity=5,
    )
    _open(world, workshop)
    link = "geheimer-raum"
    for url in (
        reverse("workshops:detail", args=[workshop.slug]),
        reverse("workshops:ical", args=[workshop.slug]),
        reverse("workshops:alliance_feed", args=[world.a.slug]),
        reverse("api:workshop-detail", args=[workshop.slug]),
    ):
        assert link not in body_text(clients["applicant"].get(url)), url
    clients["applicant"].post(reverse("workshops:register", args=[workshop.slug]))
    page = body_text(clients["applicant"].get(reverse("workshops:detail", args=[workshop.slug])))
    assert link in page
    api = clients["applicant"].get(reverse("api:workshop-detail", args=[workshop.slug])).json()
    assert link in api["online_link"]
