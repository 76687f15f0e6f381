"""Programmes own their rules, API and URLs; paths and URL names stayed as they were."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from fachkraefte.web.programmes import rules

pytestmark = pytest.mark.django_db


def test_pages_and_api_are_the_programmes_app():
    assert reverse("alliances:programmes") == "/allianzen/programme/"
    assert reverse("alliances:programme_edit", args=["x"]) == "/allianzen/programme/x/bearbeiten/"
    page = resolve("/allianzen/programme/neu/").func
    assert page.__module__ == "fachkraefte.web.programmes.views"
    api = resolve("/api/programmes/").func.cls
    assert api.__module__ == "fachkraefte.web.programmes.api"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("member", False), ("steering", False), ("coordination", True)],
)
def test_only_the_coordination_office_edits_programmes(client, world, role, allowed):
    user = world.users[role]
    assert rules.can_edit_programmes(user) is allowed
    if user is not None:
        client.force_login(user)
    response = client.patch(
        f"/api/programmes/{world.saxony.slug}/",
        {"description": "Neu"},
        content_type="application/json",
    )
    if user is None:  # refused before the rule (401 once anonymous API calls say so)
        assert response.status_code in {401, 403}
    else:
        assert response.status_code == (200 if allowed else 403)
    if role in {"member", "steering"}:
        assert response.json()["detail"] == "Nur die Koordinierungsstelle darf Programme ändern."
