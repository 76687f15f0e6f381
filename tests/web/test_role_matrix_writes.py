"""The write half of the role matrix: who may POST (UI forms) and write through the API.

Each row of ``WRITES`` names a URL of ``test_role_matrix.MATRIX``, its payload, the answer every
refused role gets (columns: anonymous, applicant, member of A, member of B, steering member of
B), and one allowed role. Refused roles must change nothing in the database; the allowed role,
sent the same payload, must change it (so a refusal is never just a bad payload).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from fachkraefte.web.accounts.models import Invitation
from fachkraefte.web.alliances.models import (
    ActionField,
    Alliance,
    AllianceRole,
    Commitment,
    Expert,
    Membership,
    Priority,
    ProjectGroup,
    StrategyVersion,
)
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest, Meeting, Vote
from fachkraefte.web.organisations.models import Organisation, Representative
from fachkraefte.web.tasks.models import Task

sys.path.insert(0, str(Path(__file__).resolve().parent / "api"))
from role_world import (  # noqa: E402
    L,
    body_text,
    clients_for,
    outcome,
    world_in_outer_transaction,
)
from test_role_matrix import API_POST_ONLY, MATRIX, POST_ONLY  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_in_outer_transaction(django_db_blocker)


@pytest.fixture()
def clients(world):
    return clients_for(world)


# --- the table -----------------------------------------------------------------------------------

SNAPSHOT_MODELS = [
    Alliance,
    Membership,
    AllianceRole,
    ActionField,
    Priority,
    ProjectGroup,
    Expert,
    StrategyVersion,
    Commitment,
    Meeting,
    AgendaItem,
    Vote,
    ConflictOfInterest,
    AuditEntry,
    Organisation,
    Representative,
    Invitation,
    Token,
    Task,
]


def snapshot() -> dict[str, list[str]]:
    """Every row of the governance tables (and the users, without their login time)."""
    state = {
        model.__name__: sorted(repr(sorted(row.items())) for row in model.objects.values())
        for model in SNAPSHOT_MODELS
    }
    users = get_user_model().objects.values()
    state["User"] = sorted(
        repr(sorted((k, v) for k, v in row.items() if k != "last_login")) for row in users
    )
    return state


@dataclass(frozen=True)
class Write:
    """A POST (``json`` for the API) and who may send it; ``refused`` maps role → answer."""

    name: str
    kwargs: Callable[[Any], dict[str, Any]]
    data: Callable[[Any], dict[str, Any]]
    allowed: str | None
    refused: dict[str, Any] = field(default_factory=dict)
    method: str = "post"
    json: bool = False


def refuse(anon: Any, applicant: Any, member_a: Any, member_b: Any, steering_b: Any) -> dict:
    return {
        "anonymous": anon,
        "applicant": applicant,
        "member_a": member_a,
        "member_b": member_b,
        "steering_b": steering_b,
    }


# Refusal patterns, columns: anonymous, applicant, member of A, member of B, steering of B.
PUBLIC_RECORD = refuse(L, 403, 403, 403, 403)  # managing A's public records
INTERNAL_RECORD = refuse(L, 404, 403, 404, 404)  # managing A's internal records
MEMBER_ACTION = refuse(L, 404, None, 404, 404)  # member_a may do it (speaks for org A)
VOTER_ACTION = refuse(L, 404, 403, 404, 404)  # only steering members of A
COORDINATION_ONLY = refuse(L, 403, 403, 403, 403)
API_PUBLIC_RECORD = refuse(403, 403, 403, 403, 403)
API_INTERNAL_RECORD = refuse(403, 404, 403, 404, 404)
API_INTERNAL_CREATE = refuse(403, 404, 403, 404, 404)
# The decisions API limits the choices of its related fields to what the user sees: an invisible
# alliance or agenda item is "does not exist" (400), the same as one that does not exist.
API_UNKNOWN_PARENT = refuse(403, 400, 403, 400, 400)


def _a(w, **extra) -> dict[str, Any]:
    return {"slug": w.a.slug, **extra}


WRITES = [
    # alliances
    Write(
        "alliances:create",
        lambda w: {},
        lambda w: {
            "name": "Neue Allianz",
            "district_list": "14626",
            "consensus_rule": "no_objection",
        },
        "coordination",
        refuse(L, 403, 403, 403, 403),
    ),
    Write(
        "alliances:edit",
        _a,
        lambda w: {
            "name": "Allianz A neu",
            "district_list": "14626",
            "consensus_rule": "no_objection",
        },
        "steering_a",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:member_add",
        _a,
        lambda w: {"organisation": w.org_free.pk},
        "steering_a",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:member_remove",
        lambda w: _a(w, pk=w.m_a3.pk),
        lambda w: {},
        "steering_a",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:roles",
        _a,
        lambda w: {"username": "antrag", "kind": "member", "membership": ""},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:role_remove",
        lambda w: _a(w, pk=w.role_member_a.pk),
        lambda w: {},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:item_create",
        lambda w: _a(w, kind_name="handlungsfeld"),
        lambda w: {"action_field-title": "Neues Handlungsfeld"},
        "steering_a",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:item_create",
        lambda w: _a(w, kind_name="projektgruppe"),
        lambda w: {"project_group-name": "Neue Projektgruppe"},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:item_edit",
        lambda w: _a(w, kind_name="schwerpunkt", pk=w.priority.pk),
        lambda w: {"priority-title": "Schwerpunkt neu"},
        "steering_a",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:item_edit",
        lambda w: _a(w, kind_name="projektgruppe", pk=w.group.pk),
        lambda w: {"project_group-name": "Gruppe neu"},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:item_delete",
        lambda w: _a(w, kind_name="handlungsfeld", pk=w.field2.pk),
        lambda w: {},
        "steering_a",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:item_delete",
        lambda w: _a(w, kind_name="projektgruppe", pk=w.group.pk),
        lambda w: {},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:item_move",
        lambda w: _a(w, kind_name="handlungsfeld", pk=w.field.pk),
        lambda w: {"richtung": "runter"},
        "steering_a",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:expert_add",
        lambda w: _a(w, pk=w.group.pk),
        lambda w: {"name": "Neuer Fachmann", "nominated_by": w.m_a.pk},
        "member_a",
        MEMBER_ACTION,
    ),
    Write(
        "alliances:expert_remove",
        lambda w: _a(w, pk=w.expert.pk),
        lambda w: {},
        "member_a",
        MEMBER_ACTION,
    ),
    Write(
        "alliances:strategy_new",
        _a,
        lambda w: {"title": "Konzept", "text": "Dritte Fassung", "note": ""},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:commitment_create",
        _a,
        lambda w: {"title": "Neue Verpflichtung", "membership": w.m_a.pk, "status": "planned"},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:commitment_edit",
        lambda w: _a(w, pk=w.commitment.pk),
        lambda w: {"title": "Geändert", "membership": w.m_a.pk, "status": "planned"},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:commitment_status",
        lambda w: _a(w, pk=w.commitment.pk),
        lambda w: {"status": "done"},
        "member_a",
        MEMBER_ACTION,
    ),
    Write(
        "alliances:commitment_delete",
        lambda w: _a(w, pk=w.commitment.pk),
        lambda w: {},
        "steering_a",
        INTERNAL_RECORD,
    ),
    # organisations
    Write(
        "alliances:organisation_create",
        lambda w: {},
        lambda w: {"name": "Neue Organisation", "category": "other"},
        "steering_a",
        refuse(L, 403, 403, 403, None),
    ),
    Write(
        "alliances:organisation_edit",
        lambda w: {"pk": w.org_a.pk},
        lambda w: {"name": "Kammer A neu", "category": "chamber", "region": "14626"},
        "steering_a",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:representative_create",
        lambda w: {"organisation_pk": w.org_a.pk},
        lambda w: {"name": "Neue Vertretung"},
        "steering_a",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:representative_edit",
        lambda w: {"pk": w.representative.pk},
        lambda w: {"name": "Vertretung neu"},
        "steering_a",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:representative_remove",
        lambda w: {"pk": w.representative.pk},
        lambda w: {},
        "steering_a",
        PUBLIC_RECORD,
    ),
    # decisions
    Write(
        "decisions:meeting_create",
        _a,
        lambda w: {"title": "Neue Sitzung", "date": "2025-06-01"},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "decisions:meeting_edit",
        lambda w: _a(w, pk=w.meeting.pk),
        lambda w: {"title": "Sitzung neu", "date": "2025-06-02"},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "decisions:item_create",
        lambda w: _a(w, meeting_pk=w.meeting.pk),
        lambda w: {"title": "Neuer Punkt"},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "decisions:item_edit",
        lambda w: _a(w, pk=w.item.pk),
        lambda w: {"title": "Punkt neu", "description": ""},
        "steering_a",
        INTERNAL_RECORD,
    ),
    Write(
        "decisions:vote",
        lambda w: _a(w, pk=w.item.pk),
        lambda w: {"choice": "objection"},
        "steering_a",
        VOTER_ACTION,
    ),
    Write(
        "decisions:conflict",
        lambda w: _a(w, pk=w.item.pk),
        lambda w: {"reason": "Ich bin beteiligt."},
        "steering_a",
        VOTER_ACTION,
    ),
    Write(
        "decisions:close",
        lambda w: _a(w, pk=w.item.pk),
        lambda w: {},
        "steering_a",
        INTERNAL_RECORD,
    ),
    # accounts
    Write(
        "accounts:invitation_new",
        lambda w: {},
        lambda w: {"email": "neu@example.org", "alliance": w.a.pk, "alliance_role": "member"},
        "steering_a",
        refuse(L, 403, 403, 403, 403),
    ),
    Write(
        "accounts:invitation_revoke",
        lambda w: {"pk": w.invitation.pk},
        lambda w: {},
        "steering_a",
        refuse(L, 403, 403, 403, 404),
    ),
    Write(
        "accounts:person_status",
        lambda w: {"pk": w.users["member_a"].pk},
        lambda w: {"active": "0"},
        "coordination",
        COORDINATION_ONLY,
    ),
    Write("statistics:import", lambda w: {}, lambda w: {}, None, COORDINATION_ONLY),
    # API
    Write(
        "api:alliance-list",
        lambda w: {},
        lambda w: {"name": "Neue Allianz", "districts": ["14626"]},
        "coordination",
        refuse(403, 403, 403, 403, 403),
        json=True,
    ),
    Write(
        "api:alliance-detail",
        lambda w: {"slug": w.a.slug},
        lambda w: {"description": "geändert"},
        "steering_a",
        API_PUBLIC_RECORD,
        method="patch",
        json=True,
    ),
    Write(
        "api:membership-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "organisation": w.org_free.pk},
        "steering_a",
        API_PUBLIC_RECORD,
        json=True,
    ),
    Write(
        "api:action-field-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "title": "Neues Feld"},
        "steering_a",
        API_PUBLIC_RECORD,
        json=True,
    ),
    Write(
        "api:project-group-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "name": "Neue Gruppe"},
        "steering_a",
        API_INTERNAL_CREATE,
        json=True,
    ),
    Write(
        "api:project-group-detail",
        lambda w: {"pk": w.group.pk},
        lambda w: {},
        "steering_a",
        API_INTERNAL_RECORD,
        method="delete",
    ),
    Write(
        "api:strategy-version-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "title": "Konzept", "text": "Neu"},
        "steering_a",
        API_INTERNAL_CREATE,
        json=True,
    ),
    Write(
        "api:commitment-detail",
        lambda w: {"pk": w.commitment.pk},
        lambda w: {"status": "done"},
        "member_a",
        refuse(403, 404, None, 404, 404),
        method="patch",
        json=True,
    ),
    Write(
        "api:alliance-role-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "user": "antrag", "kind": "member"},
        "steering_a",
        API_INTERNAL_CREATE,
        json=True,
    ),
    Write(
        "api:representative-list",
        lambda w: {},
        lambda w: {"organisation": w.org_a.pk, "name": "Neue Vertretung"},
        "steering_a",
        refuse(403, 403, 403, 403, 403),
        json=True,
    ),
    Write(
        "api:meeting-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "title": "Neue Sitzung", "date": "2025-06-01"},
        "steering_a",
        API_UNKNOWN_PARENT,
        json=True,
    ),
    Write(
        "api:agenda-item-close",
        lambda w: {"pk": w.item.pk},
        lambda w: {},
        "steering_a",
        API_INTERNAL_RECORD,
    ),
    Write(
        "api:vote-list",
        lambda w: {},
        lambda w: {"agenda_item": w.item.pk, "choice": "objection"},
        "steering_a",
        API_UNKNOWN_PARENT,
        json=True,
    ),
]


def _send(client: Client, write: Write, url: str, data: dict[str, Any]):
    send = getattr(client, write.method)
    if write.json:
        return send(url, data, content_type="application/json")
    return send(url, data)


@pytest.mark.parametrize(
    "write", [pytest.param(w, id=f"{w.method} {w.name}#{i}") for i, w in enumerate(WRITES)]
)
def test_refused_writes_change_nothing(write, world, clients):
    url = reverse(write.name, kwargs=write.kwargs(world))
    data = write.data(world)
    before = snapshot()
    for role, expected in write.refused.items():
        if expected is None:
            continue
        response = _send(clients[role], write, url, data)
        got = outcome(response)
        # DRF answers 400/404 for a related object the role may not see; both refuse
        assert got == expected, f"{write.method.upper()} {url} as {role}: {got}, not {expected}"
        assert snapshot() == before, f"{write.method.upper()} {url} as {role} changed the DB"
    if write.allowed is not None:
        response = _send(clients[write.allowed], write, url, data)
        assert response.status_code in {200, 201, 204, 302}, (
            f"{write.allowed} may {write.method.upper()} {url}, got {response.status_code}: "
            f"{body_text(response)[:2000]}"
        )
        assert snapshot() != before, (
            f"{write.allowed} sent {write.method.upper()} {url}, got {response.status_code}, but "
            "nothing changed in the database: the view does not save, or the payload is wrong"
        )


def test_every_write_view_has_a_write_row():
    """Views that accept POST and write A's records appear in WRITES (by URL name)."""
    post_views = {
        name
        for name, cases in MATRIX.items()
        if any(c.expect is POST_ONLY or c.expect is API_POST_ONLY for c in cases)
    }
    written = {w.name for w in WRITES}
    # The personal account POSTs (language, token) only ever touch the signed-in person.
    own_account = {"accounts:language", "accounts:token_create"}
    assert post_views - own_account <= written, sorted(post_views - own_account - written)
