"""Organisations own their rules, API and URLs; paths and URL names stayed as they were."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from fachkraefte.web.organisations import rules
from fachkraefte.web.organisations.models import Representative
from fachkraefte.web.organisations.selectors import visible_representatives

pytestmark = pytest.mark.django_db


def test_pages_and_api_are_the_organisations_app():
    assert reverse("alliances:organisations") == "/allianzen/organisationen/"
    assert reverse("alliances:organisation", args=[7]) == "/allianzen/organisationen/7/"
    assert (
        reverse("alliances:representative_edit", args=[3])
        == "/allianzen/vertretungen/3/bearbeiten/"
    )
    page = resolve("/allianzen/organisationen/neu/").func
    assert page.__module__ == "fachkraefte.web.organisations.views"
    for path in ("/api/organisations/", "/api/representatives/"):
        assert resolve(path).func.cls.__module__ == "fachkraefte.web.organisations.api"


@pytest.mark.parametrize(
    ("role", "create", "edit_chamber", "see_people"),
    [
        ("anonymous", False, False, False),
        ("applicant", False, False, False),
        ("member", False, False, True),
        ("steering", True, True, True),
        ("outsider", True, False, False),  # steering in B: A's chamber is not its member
        ("coordination", True, True, True),
    ],
)
def test_rules_by_role(world, role, create, edit_chamber, see_people):
    user = world.users[role]
    assert rules.can_create_organisation(user) is create
    assert rules.can_edit_organisation(user, world.org_a) is edit_chamber
    assert rules.can_view_representatives(user, world.org_a) is see_people


def test_representatives_are_listed_as_far_as_the_rule_allows(client, world):
    # the world's chamber already has one representative; a second one is listed as well
    Representative.objects.create(organisation=world.org_a, name="Dr. Kammer")
    assert visible_representatives(user=world.users["member"]).count() == 2
    assert visible_representatives(user=world.users["outsider"]).count() == 0
    client.force_login(world.users["outsider"])
    assert client.get("/api/representatives/").json()["count"] == 0
    response = client.patch(
        f"/api/organisations/{world.org_a.pk}/", {"name": "Neu"}, content_type="application/json"
    )
    assert response.status_code == 403
    client.force_login(world.users["steering"])
    response = client.patch(
        f"/api/organisations/{world.org_a.pk}/",
        {"name": "Kammer A Görlitz"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["name"] == "Kammer A Görlitz"
