"""No link on the alliance, organisation, programme and decision pages leads a role to a bare 403:
every page a role can reach is searched for links into these apps, and each is followed."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fachkraefte.web.alliances import commitment_services, services
from fachkraefte.web.decisions import services as decision_services

pytestmark = pytest.mark.django_db

APPS = re.compile(r'href="(/(?:allianzen|beschluesse)/[^"?#]*)"')
SKIP = re.compile(r"\.(pdf|csv|xlsx)$")


@pytest.fixture()
def records(world):
    coordination = world.users["coordination"]
    commitment_services.commitment_create(
        actor=coordination, alliance=world.a, membership=world.m_a2, title="Messe"
    )
    commitment_services.commitment_create(
        actor=coordination, alliance=world.a, membership=world.m_a, title="Praktika"
    )
    group = services.project_group_create(actor=coordination, alliance=world.a, name="Pflege")
    services.expert_create(
        actor=coordination, project_group=group, nominated_by=world.m_a2, name="Dr. Roth"
    )
    meeting = decision_services.meeting_create(
        actor=coordination, alliance=world.a, title="Sitzung", date=dt.date(2025, 5, 1)
    )
    decision_services.agenda_item_create(actor=coordination, meeting=meeting, title="Vorlage")


@pytest.mark.parametrize("role", ["anonymous", "applicant", "outsider", "member", "steering"])
def test_no_link_leads_to_403(client, world, records, role):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    start = ["/allianzen/", f"/allianzen/{world.a.slug}/", "/allianzen/organisationen/"]
    seen, todo, forbidden = set(start), list(start), []
    while todo:
        url = todo.pop()
        response = client.get(url)
        if response.status_code == 403:
            forbidden.append(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in APPS.findall(response.content.decode()):
            if link not in seen and not SKIP.search(link) and len(seen) < 400:
                seen.add(link)
                todo.append(link)
    assert not forbidden, f"{role} is shown links that answer 403: {sorted(forbidden)}"
    assert len(seen) > 10
