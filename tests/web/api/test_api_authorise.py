"""Authorise before validating: every API write endpoint, taken from the OpenAPI schema, refuses
a person without the right (403/404) before it reads the body, so that no validation message
tells them which usernames, roles or records exist; anonymous calls answer 401."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from calls_matrix_world import matrix_call
from django.test import Client
from django.urls import resolve, reverse
from drf_spectacular.generators import SchemaGenerator
from knowledge_world import matrix_entry
from p1_world import project_in_state, project_records, report_in_state
from p2_world import world_foreign_request
from p3_world import world_result
from proposal_world import world_foreign_proposal
from review_records import review_records
from role_world import SECRET, token_client
from workshop_outcomes_matrix_world import matrix_outcome
from workshops_matrix_world import matrix_foreign_registration

pytestmark = pytest.mark.django_db
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

# The record of the role world each detail route is tried on (A's, which the applicant may not
# change). A new endpoint fails ``test_every_detail_route_has_a_record`` until it is added here.
RECORDS = {
    "alliance": lambda w: w.a,
    "membership": lambda w: w.m_a,
    "organisation": lambda w: w.org_a,
    "representative": lambda w: w.representative,
    "programme": lambda w: w.saxony,
    "action-field": lambda w: w.field,
    "priority": lambda w: w.priority,
    "project-group": lambda w: w.group,
    "expert": lambda w: w.expert,
    "strategy-version": lambda w: w.strategy,
    "commitment": lambda w: w.commitment,
    "alliance-role": lambda w: w.role_member_a,
    "meeting": lambda w: w.meeting,
    "agenda-item": lambda w: w.item,
    "vote": lambda w: w.vote,
    "conflict": lambda w: w.conflict,
    # the member of A's review of the applicant's own proposal (review_records.py)
    "review": lambda w: review_records(w).review,
    "proposal-decision": lambda w: review_records(w).proposal,
    "call": lambda w: matrix_call(w),
    "proposal": world_foreign_proposal,
    "payment-request": world_foreign_request,
    # a result of a submitted report: its recipient (the applicant) may no longer change it
    "outcome": lambda w: world_result(w, "submitted"),
    "workshop-registration": matrix_foreign_registration,
    "measure": lambda w: matrix_entry(w, "measure", "draft"),
    "good-practice": lambda w: matrix_entry(w, "practice", "draft"),
    # the applicant is the recipient of A's project: the office alone changes the project; its
    # milestones are closed with the project, and an accepted report is no longer the applicant's
    "project": lambda w: project_records(w).project,
    "milestone": lambda w: (project_in_state(w, "closed"), project_records(w).milestone)[1],
    "report": lambda w: report_in_state(w, "accepted"),
    "workshop-outcome": matrix_outcome,
}


def invalid_body(w: SimpleNamespace) -> dict[str, Any]:
    """Wrong in every field a write endpoint takes, but naming A's real records and people:
    validated first, it would answer with messages about them."""
    return {
        "alliance": w.a.slug,
        "user": "koordination",
        "kind": "kein-gueltiger-wert",
        "membership": w.m_a.pk,
        "organisation": w.org_a.pk,
        "project_group": w.group.pk,
        "nominated_by": w.m_a.pk,
        "meeting": w.meeting.pk,
        "agenda_item": w.item.pk,
        "choice": "kein-gueltiger-wert",
        "date": "kein Datum",
        "name": "",
        "title": "",
        "slug": "kein gültiger slug!",
        "districts": ["99999"],
        "status": "kein-gueltiger-wert",
        "due_on": "kein Datum",
        "position": "keine Zahl",
    }


def api_writes() -> list[tuple[str, str, str]]:
    """(schema path, URL name, method) of every unsafe operation in the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        name = resolve(re.sub(r"\{[^}]+\}", "1", path)).view_name
        found += [(path, name, m.upper()) for m in operations if m.upper() in UNSAFE]
    return sorted(found)


WRITES = [w for w in api_writes() if w[1] != "api:token"]


def url_for(world: SimpleNamespace, path: str, name: str) -> str:
    basename = name.removeprefix("api:").rsplit("-", 1)[0]
    keys = resolve(re.sub(r"\{[^}]+\}", "1", path)).kwargs  # the schema says "id" for "pk"
    return reverse(name, kwargs={k: getattr(RECORDS[basename](world), k) for k in keys})


def send(client: Client, method: str, url: str, body: dict[str, Any]):
    return getattr(client, method.lower())(url, body, content_type="application/json")


def test_the_walk_covers_the_write_endpoints():
    names = {(name, method) for _path, name, method in WRITES}
    # the derivation finds what it must, so an empty walk cannot pass
    assert {("api:alliance-role-list", "POST"), ("api:expert-list", "POST")} <= names
    assert {("api:commitment-detail", "PATCH"), ("api:agenda-item-close", "POST")} <= names
    assert len(names) >= 30


def test_every_detail_route_has_a_record():
    for path, name, _method in WRITES:
        if "{" in path:
            assert name.removeprefix("api:").rsplit("-", 1)[0] in RECORDS, name


@pytest.mark.parametrize(
    ("path", "name", "method"), WRITES, ids=[f"{m} {p}" for p, _n, m in WRITES]
)
def test_an_applicant_is_refused_before_the_body_is_validated(world, path, name, method):
    url = url_for(world, path, name)
    response = send(token_client(world.users["applicant"]), method, url, invalid_body(world))
    assert response.status_code in {403, 404}, (method, url, response.content[:300])
    assert SECRET not in response.content.decode()
    assert "koordination" not in response.content.decode()


@pytest.mark.parametrize(
    ("path", "name", "method"), WRITES, ids=[f"{m} {p}" for p, _n, m in WRITES]
)
def test_anonymous_write_answers_401_with_www_authenticate(world, path, name, method):
    response = send(Client(), method, url_for(world, path, name), invalid_body(world))
    assert response.status_code == 401, (method, path, response.content[:300])
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_read_of_an_internal_list_answers_401_in_the_request_language(world):
    german = Client().get("/api/alliance-roles/")
    assert german.status_code == 401 and german["WWW-Authenticate"] == "Token"
    assert german.json()["detail"] == "Anmeldedaten fehlen."
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/alliance-roles/")
    assert english.json()["detail"] == "Authentication credentials were not provided."
    # a wrong token is 401 too, not a silent anonymous answer
    wrong = Client(HTTP_AUTHORIZATION="Token falsch").get("/api/alliances/")
    assert wrong.status_code == 401


def test_role_and_username_existence_do_not_leak_to_an_applicant(world):
    """The example of the issue: the same answer whether or not a person or role exists."""
    applicant = token_client(world.users["applicant"])
    answers = set()
    for username in ("mitglied-a", "steuerung-a", "gibt-es-nicht"):
        for alliance in (world.a.slug, world.b.slug):
            body = {"alliance": alliance, "user": username, "kind": "member"}
            response = send(applicant, "POST", "/api/alliance-roles/", body)
            answers.add((response.status_code, response.content))
    nominations = {
        send(applicant, "POST", "/api/experts/", body).content
        for body in (
            {"project_group": world.group.pk, "nominated_by": world.m_a.pk, "name": "X"},
            {"project_group": 999999, "nominated_by": 999999, "name": "X"},
        )
    }
    assert len(answers) == 1 and next(iter(answers))[0] == 404
    assert len(nominations) == 1


def test_a_person_with_the_right_still_gets_validation_messages(world):
    steering = token_client(world.users["steering"])
    body = {"alliance": world.a.slug, "user": "gibt-es-nicht", "kind": "member"}
    response = send(steering, "POST", "/api/alliance-roles/", body)
    assert response.status_code == 400 and "user" in response.json()


def test_session_sign_in_still_works_for_the_api(world):
    client = Client()
    client.force_login(world.users["member"])
    assert client.get("/api/alliance-roles/").status_code == 200
