"""The personal start lists my funded projects with their open reports and my places at upcoming
workshops; the workshop page links the district's briefing pack only for those who may read it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from p1_world import project_records
from role_world import body_text

from fachkraefte.web.projects.models import Project
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.workshops import registration_services, services
from fachkraefte.web.workshops.models import Workshop

pytestmark = pytest.mark.django_db

START = "/mein-bereich/"


def test_my_projects_with_their_open_reports(world, clients):
    records = project_records(world)
    first, second, *_rest = records.reports
    second.status = Report.Status.ACCEPTED
    second.save()
    html = clients["applicant"].get(START).content.decode()
    assert f'href="/projekte/{records.project.pk}/"' in html
    assert f'href="/projekte/berichte/{first.pk}/"' in html  # due: still to write
    assert f'href="/projekte/berichte/{second.pk}/"' not in html  # accepted: nothing to do
    # the first interim report was due in 2025: marked overdue
    section = html[html.index('id="projekte"') : html.index('id="werkstaetten"')]
    assert "überfällig" in section
    # only my projects: the member of the alliance sees none, however many reports are open
    member = clients["member"].get(START).content.decode()
    assert "Für Ihre geförderten Projekte ist kein Bericht offen." in member
    assert records.project.title not in member


def test_a_closed_project_or_one_without_open_reports_is_not_listed(world, clients):
    records = project_records(world)
    Report.objects.filter(project=records.project).update(status=Report.Status.SUBMITTED)
    text = body_text(clients["applicant"].get(START))
    assert "Für Ihre geförderten Projekte ist kein Bericht offen." in text
    Report.objects.filter(project=records.project).update(status=Report.Status.DUE)
    Project.objects.filter(pk=records.project.pk).update(status=Project.Status.CLOSED)
    text = body_text(clients["applicant"].get(START))
    assert "Für Ihre geförderten Projekte ist kein Bericht offen." in text


def _workshop(world, slug: str, *, starts_in: dt.timedelta) -> Workshop:
    """A public workshop of alliance A in its district, open for registration."""
    starts = timezone.now() + starts_in
    workshop = services.workshop_create(
        actor=world.users["steering"],
        alliance=world.a,
        slug=slug,
        title=f"Zukunftswerkstatt {slug}",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6),
        capacity=10,
        districts=list(world.a.districts.all()),
        venue="Landratsamt",
        public=True,
    )
    services.workshop_transition(actor=world.users["steering"], workshop=workshop, to="open")
    workshop.refresh_from_db()
    return workshop


def test_my_upcoming_workshop_registrations(world, clients):
    applicant = world.users["applicant"]
    soon = _workshop(world, "bald", starts_in=dt.timedelta(days=20))
    later = _workshop(world, "spaeter", starts_in=dt.timedelta(days=60))
    registration_services.registration_create(actor=applicant, workshop=soon)
    kept = registration_services.registration_create(actor=applicant, workshop=later)
    html = clients["applicant"].get(START).content.decode()
    section = html[html.index('id="werkstaetten"') :]
    assert section.index("Zukunftswerkstatt bald") < section.index("Zukunftswerkstatt spaeter")
    assert 'href="/werkstaetten/meine/"' in section
    registration_services.registration_cancel(actor=applicant, registration=kept)
    html = clients["applicant"].get(START).content.decode()
    assert "Zukunftswerkstatt spaeter" not in html  # cancelled
    # a workshop that has ended is not "upcoming"
    Workshop.objects.filter(pk=soon.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-6),
    )
    text = body_text(clients["applicant"].get(START))
    assert "Sie sind zu keiner kommenden Werkstatt angemeldet." in text


def test_the_briefing_pack_is_linked_only_for_those_who_may_read_it(world, clients):
    workshop = _workshop(world, "mappe", starts_in=dt.timedelta(days=20))
    ags = world.a.districts.first().ags
    link = f'href="/werkstaetten/unterlagen/{ags}/"'
    url = f"/werkstaetten/{workshop.slug}/"
    for role in ("steering", "member", "coordination"):
        assert link in clients[role].get(url).content.decode(), role
    for role in ("anonymous", "applicant", "outsider_member"):
        page = clients[role].get(url)
        assert page.status_code == 200 and link not in page.content.decode(), role
