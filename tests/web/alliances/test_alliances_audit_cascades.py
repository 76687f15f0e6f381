"""Cascades are in the trail (a member's commitments and experts, links to an action field), and
the read-only audit API shows the same entries as the trail page, to the same people."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from fachkraefte.web.alliances import commitment_services, services
from fachkraefte.web.alliances.models import (
    AllianceRole,
    Commitment,
    Expert,
    Priority,
    ProjectGroup,
)
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.organisations import services as organisation_services

pytestmark = pytest.mark.django_db


def entries(model, action, alliance):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=action, alliance=alliance
    )


def test_membership_delete_records_its_commitments_experts_and_roles(world):
    actor = world.users["coordination"]
    group = services.project_group_create(actor=actor, alliance=world.a, name="Pflege")
    commitment = commitment_services.commitment_create(
        actor=actor, alliance=world.a, membership=world.m_a, title="10 Plätze"
    )
    expert = services.expert_create(
        actor=actor, project_group=group, nominated_by=world.m_a, name="Dr. Beispiel"
    )
    # the world's chamber made commitments and nominated an expert already: all go, all recorded
    commitments = {str(pk) for pk in world.m_a.commitments.values_list("pk", flat=True)}
    experts = {str(pk) for pk in world.m_a.experts.values_list("pk", flat=True)}
    services.membership_delete(actor=actor, membership=world.m_a)
    assert not Commitment.objects.filter(pk=commitment.pk).exists()
    assert not Expert.objects.filter(pk=expert.pk).exists()
    deleted = entries(Commitment, "delete", world.a)
    assert {entry.object_id for entry in deleted} == commitments
    assert deleted.get(object_id=str(commitment.pk)).changes["title"] == "10 Plätze"
    deleted_experts = entries(Expert, "delete", world.a)
    assert {entry.object_id for entry in deleted_experts} == experts
    assert deleted_experts.get(object_id=str(expert.pk)).changes["name"] == "Dr. Beispiel"
    role_entry = entries(AllianceRole, "update", world.a).get()
    assert role_entry.changes == {"membership": [str(world.m_a), None]}
    assert AllianceRole.objects.get(user=world.users["member"]).membership is None


def test_action_field_delete_records_the_links_it_unsets(world):
    actor = world.users["steering"]
    field = services.action_field_create(actor=actor, alliance=world.a, title="Pflege")
    priority = services.priority_create(
        actor=actor, alliance=world.a, title="Ausbildung", action_field=field
    )
    group = services.project_group_create(
        actor=actor, alliance=world.a, name="AG Pflege", action_field=field
    )
    commitment = commitment_services.commitment_create(
        actor=actor,
        alliance=world.a,
        membership=world.m_a2,
        title="Pflegeschule",
        action_field=field,
    )
    unrelated = services.priority_create(actor=actor, alliance=world.a, title="Andere")
    services.action_field_delete(actor=actor, action_field=field)
    for model, record in ((Priority, priority), (ProjectGroup, group), (Commitment, commitment)):
        entry = entries(model, "update", world.a).get(object_id=str(record.pk))
        assert entry.changes == {"action_field": ["Pflege", None]}
        assert entry.actor_name == "steuerung-a"
    assert not entries(Priority, "update", world.a).filter(object_id=str(unrelated.pk))


def api(world, role):
    client = APIClient()
    if world.users[role] is not None:
        client.force_authenticate(world.users[role])
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture()
def trail(world):
    actor = world.users["coordination"]
    services.action_field_create(actor=actor, alliance=world.a, title="Görlitz-Feld")
    services.action_field_create(actor=actor, alliance=world.b, title="Bautzen-Feld")
    organisation_services.organisation_create(actor=actor, name="Demo-Verein", category="migrant")


def test_audit_api_shows_own_alliances_only(world, trail):
    member = results(api(world, "member").get("/api/audit-entries/?page_size=500"))
    assert {entry["alliance"] for entry in member} == {world.a.slug}
    assert "Görlitz-Feld" in {entry["object_repr"] for entry in member}
    outsider = api(world, "outsider")
    assert results(outsider.get(f"/api/audit-entries/?alliance={world.a.slug}")) == []
    assert results(outsider.get("/api/audit-entries/?platform=true")) == []
    assert results(api(world, "applicant").get("/api/audit-entries/")) == []
    assert api(world, "anonymous").get("/api/audit-entries/").status_code in {401, 403}
    # counts leak nothing either
    count = api(world, "outsider").get("/api/audit-entries/").json()["count"]
    assert count == AuditEntry.objects.filter(alliance=world.b).count()


def test_audit_api_platform_entries_and_filters_for_coordination(world, trail):
    client = api(world, "coordination")
    platform = results(client.get("/api/audit-entries/?platform=true"))
    assert platform and all(entry["alliance"] is None for entry in platform)
    assert "Demo-Verein" in {entry["object_repr"] for entry in platform}
    assert platform[0]["object_type"] == "organisations.organisation"
    filtered = results(
        client.get(f"/api/audit-entries/?alliance={world.b.slug}&action=create&person=koordination")
    )
    assert {entry["object_repr"] for entry in filtered} >= {"Bautzen-Feld"}
    assert all(entry["alliance"] == world.b.slug for entry in filtered)
    assert results(client.get("/api/audit-entries/?since=2999-01-01")) == []
    assert client.post("/api/audit-entries/", {}).status_code == 405


def test_audit_api_is_in_the_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/audit-entries/" in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/audit-entries/"]["get"]["parameters"]}
    assert {"alliance", "platform", "person", "action", "since", "until"} <= names
