"""The alliance API: same permissions as the pages, nothing internal leaks, writes are audited."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from fachkraefte.web.alliances import commitment_services, services
from fachkraefte.web.alliances.models import Alliance, Commitment, Expert
from fachkraefte.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture()
def internal(world):
    coordination = world.users["coordination"]
    for alliance, membership in ((world.a, world.m_a), (world.b, world.m_b)):
        group = services.project_group_create(
            actor=coordination, alliance=alliance, name=f"PG {alliance.name}"
        )
        services.expert_create(
            actor=coordination, project_group=group, nominated_by=membership, name="Fachfrau"
        )
        services.strategy_version_create(
            actor=coordination, alliance=alliance, title="HK", text="intern-geheim"
        )
        commitment_services.commitment_create(
            actor=coordination, alliance=alliance, membership=membership, title="Zusage"
        )
    return world


def api(world, role: str) -> APIClient:
    client = APIClient()
    if world.users[role] is not None:
        client.force_authenticate(world.users[role])
    return client


INTERNAL_ENDPOINTS = [
    "project-groups",
    "experts",
    "strategy-versions",
    "commitments",
    "alliance-roles",
]


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("applicant", set()),
        ("outsider", {"allianz-b"}),
        ("member", {"allianz-a"}),
        ("coordination", {"allianz-a", "allianz-b"}),
    ],
)
def test_internal_lists_and_counts_show_only_own_alliances(internal, role, visible):
    client = api(internal, role)
    for endpoint in INTERNAL_ENDPOINTS:
        data = client.get(f"/api/{endpoint}/").json()
        assert data["count"] == len(data["results"]), endpoint
        if endpoint == "experts":  # one added here per alliance, and the role world's one in A
            assert (
                data["count"]
                == Expert.objects.filter(project_group__alliance__slug__in=visible).count()
            )
            continue
        slugs = {row["alliance"] for row in data["results"]}
        assert slugs == visible, endpoint
    # a search cannot find the other alliance's text either
    found = client.get("/api/strategy-versions/?search=intern-geheim").json()["count"]
    assert found == len(visible)


def test_anonymous_gets_public_records_only(internal):
    client = APIClient()
    assert client.get("/api/alliances/").json()["count"] == 2
    assert client.get("/api/memberships/?alliance=allianz-a").json()["count"] == 3
    assert client.get("/api/programmes/sachsen-fachkraefteallianzen/").json()["composition_rules"]
    for endpoint in [*INTERNAL_ENDPOINTS, "representatives"]:
        assert client.get(f"/api/{endpoint}/").status_code in (401, 403), endpoint
    assert client.post(
        "/api/action-fields/", {"alliance": "allianz-a", "title": "x"}
    ).status_code in (401, 403)


def test_internal_object_of_another_alliance_is_404(internal):
    other = Commitment.objects.get(alliance=internal.b, title="Zusage")
    client = api(internal, "member")
    assert client.get(f"/api/commitments/{other.pk}/").status_code == 404
    assert client.patch(f"/api/commitments/{other.pk}/", {"status": "done"}).status_code == 404


def test_member_updates_only_the_status_of_own_commitments(internal):
    own = Commitment.objects.get(alliance=internal.a, title="Zusage")
    client = api(internal, "member")
    response = client.patch(f"/api/commitments/{own.pk}/", {"status": "in_progress"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    assert (
        client.patch(f"/api/commitments/{own.pk}/", {"title": "anders"}, format="json").status_code
        == 403
    )
    foreign = commitment_services.commitment_create(
        actor=internal.users["coordination"],
        alliance=internal.a,
        membership=internal.m_a2,
        title="Messe",
    )
    assert (
        client.patch(
            f"/api/commitments/{foreign.pk}/", {"status": "done"}, format="json"
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(
        object_id=str(own.pk), action="update", actor=internal.users["member"]
    ).exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("applicant", 403),
        ("outsider", 403),
        ("member", 403),
        ("steering", 201),
        ("coordination", 201),
    ],
)
def test_action_field_create_needs_manager(internal, role, status):
    response = api(internal, role).post(
        "/api/action-fields/",
        {"alliance": "allianz-a", "title": "Neu"},
        format="json",
    )
    assert response.status_code == status
    if status == 201:
        assert response.json()["position"] == 3  # after the world's two action fields
        assert AuditEntry.objects.filter(action="create", object_repr="Neu").count() == 1


@pytest.mark.parametrize(
    ("role", "status"), [("steering", 404), ("member", 403), ("coordination", 201)]
)
def test_strategy_version_create_on_another_alliance(internal, role, status):
    # steering of A posting to B: B's internals are unknown to them (404)
    slug = "allianz-b" if role == "steering" else "allianz-a"
    response = api(internal, role).post(
        "/api/strategy-versions/", {"alliance": slug, "title": "HK", "text": "neu"}, format="json"
    )
    assert response.status_code == status
    if status == 201:
        assert response.json()["number"] == 4  # the world's two, the fixture's, this one


def test_alliance_create_update_and_composition(internal):
    client = api(internal, "coordination")
    response = client.post(
        "/api/alliances/",
        {
            "name": "Allianz Leipzig",
            "programme": "sachsen-fachkraefteallianzen",
            "districts": ["14729"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    slug = response.json()["slug"]
    composition = client.get(f"/api/alliances/{slug}/composition/").json()
    assert composition["complete"] is False and composition["missing_required"] == 8
    assert (
        api(internal, "outsider")
        .patch(f"/api/alliances/{slug}/", {"name": "x"}, format="json")
        .status_code
        == 403
    )
    assert (
        api(internal, "steering")
        .post("/api/alliances/", {"name": "y", "districts": ["14729"]}, format="json")
        .status_code
        == 403
    )
    response = client.patch(f"/api/alliances/{slug}/", {"description": "neu"}, format="json")
    assert response.status_code == 200
    assert Alliance.objects.get(slug=slug).description == "neu"
    assert client.get("/api/alliances/?land=14&ordering=-name").json()["count"] == 3
    assert (
        client.get("/api/alliances/?programme=hessen-zukunftsgerecht-regional").json()["count"] == 0
    )


def test_membership_and_role_writes(internal):
    steering = api(internal, "steering")
    response = steering.post(
        "/api/memberships/",
        {"alliance": "allianz-a", "organisation": internal.org_b.pk},
        format="json",
    )
    assert response.status_code == 201
    duplicate = steering.post(
        "/api/memberships/",
        {"alliance": "allianz-a", "organisation": internal.org_b.pk},
        format="json",
    )
    assert duplicate.status_code == 400 and "schon Mitglied" in str(duplicate.json())
    response = steering.post(
        "/api/alliance-roles/",
        {"alliance": "allianz-a", "user": "antrag", "kind": "member"},
        format="json",
    )
    assert response.status_code == 201
    assert (
        api(internal, "member").delete(f"/api/alliance-roles/{response.json()['id']}/").status_code
        == 403
    )
    assert steering.delete(f"/api/alliance-roles/{response.json()['id']}/").status_code == 204


def test_schema_generates(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/alliances/{slug}/composition/" in text and "CompositionStatus" in text
