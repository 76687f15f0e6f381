"""What the role matrix (tests/web/test_role_matrix*.py) does not show: which records an
outsider's pages and counts leave out, and who sees the representatives of an organisation."""

from __future__ import annotations

import pytest

from fachkraefte.web.alliances import commitment_services, services

pytestmark = pytest.mark.django_db


def test_outsider_cannot_remove_a_member_nor_see_internal_counts(client, world):
    coordination = world.users["coordination"]
    services.project_group_create(actor=coordination, alliance=world.a, name="PG Pflege")
    commitment_services.commitment_create(
        actor=coordination, alliance=world.a, membership=world.m_a, title="Praktika"
    )
    client.force_login(world.users["outsider"])
    slug = world.a.slug
    response = client.post(f"/allianzen/{slug}/mitglieder/{world.m_a.pk}/entfernen/")
    assert response.status_code == 403
    assert world.a.memberships.filter(pk=world.m_a.pk).exists()
    html = client.get(f"/allianzen/{slug}/").content.decode()
    # the public page: members and composition, but no internal sections or links
    assert "Kammer A" in html
    assert "Selbstverpflichtung" not in html and "PG Pflege" not in html
    assert "/strategie/" not in html


def test_representatives_are_shown_only_to_people_of_the_alliance(client, world):
    from fachkraefte.web.organisations.services import representative_create

    representative_create(
        actor=world.users["coordination"],
        organisation=world.org_a,
        name="Petra Probe",
        email="p@example.invalid",
    )
    url = f"/allianzen/organisationen/{world.org_a.pk}/"
    assert "Petra Probe" not in client.get(url).content.decode()
    client.force_login(world.users["outsider"])
    assert "Petra Probe" not in client.get(url).content.decode()
    client.force_login(world.users["member"])
    assert "Petra Probe" in client.get(url).content.decode()
