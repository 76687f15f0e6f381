"""The role world: one person for every role of ``ROLES`` and every kind of record, in every state.

Two alliances, A and B, each with a plain member and a steering-group member, and every kind of
record A keeps: commitments in every status, a meeting with open and decided agenda items. For
the decision tests A's steering group has two more voters (``voters``: Anna, Bernd, Carla) and a
second meeting whose one item (``proposal``) nobody has voted on yet; B has one item (``item_b``).
Everything A keeps internally carries the marker ``SECRET`` in its name, so that a test can check
that no page or API answer shows it to someone who may not see it.

``tests/web/conftest.py`` builds it once per test module (``role_world``) inside an outer
transaction; each test gets a fresh copy (``world``) and runs in a savepoint of its own.
Imported by name (``from role_world import ROLES``): tests/web is on the import path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from http.cookies import SimpleCookie
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from fachkraefte import geo
from fachkraefte.web.accounts.models import Invitation
from fachkraefte.web.accounts.roles import APPLICANT_GROUP, COORDINATION_GROUP
from fachkraefte.web.accounts.selectors import token_hash
from fachkraefte.web.alliances import commitment_services, services
from fachkraefte.web.alliances.models import AllianceRole, Commitment
from fachkraefte.web.core.models import Region
from fachkraefte.web.decisions import services as decisions
from fachkraefte.web.organisations import services as organisation_services
from fachkraefte.web.organisations.models import Organisation, PartnerCategory
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.tasks.models import Task

# Every role, in the column order of the matrices. "member" and "steering" hold their role in
# alliance A; "outsider_member" and "outsider" are a member and a steering member of B only.
ROLES = (
    "anonymous",
    "applicant",
    "member",
    "steering",
    "outsider_member",
    "outsider",
    "coordination",
    "admin",
)
# Roles that must never see A's internal records.
OUTSIDERS = ("anonymous", "applicant", "outsider_member", "outsider")
SECRET = "Geheim-A"
L, R = "login", "redirect"  # answers: a redirect to the login page, or elsewhere
INVITATION_TOKEN = "einladungs-token-fuer-allianz-a"
INVITEE = "eingeladen-in-a@example.org"
INVITATION_STATES = ("pending", "accepted", "revoked", "expired")


def invitation_token(state: str) -> str:
    """The link token of the world's invitation in ``state``."""
    return INVITATION_TOKEN if state == "pending" else f"{INVITATION_TOKEN}-{state}"


def load_regions() -> None:
    """All regions in three bulk inserts (parents first); ``sync_regions`` is slower."""
    if Region.objects.exists():
        return
    for level in geo.LEVELS:
        Region.objects.bulk_create(
            Region(
                ags=r.ags,
                level=r.level,
                name=r.name,
                kind=r.kind or "",
                parent_id=r.parent_ags,
                land=r.land_ags,
            )
            for r in geo.regions()
            if r.level == level
        )


def _user(username: str, *, group: str | None = None, superuser: bool = False, **names: str):
    # No password: the tests log in with force_login (hashing is slow); the API uses tokens.
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@example.org",
        is_superuser=superuser,
        is_staff=superuser,
        **names,
    )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def build_world() -> SimpleNamespace:
    """Create the world through the services (so it has an audit trail, as in real use)."""
    load_regions()
    ensure_shipped_programmes()  # a transactional test may have flushed the migration's rows
    saxony = Programme.objects.get(slug="sachsen-fachkraefteallianzen")
    users = {
        "anonymous": None,
        "applicant": _user("antrag", group=APPLICANT_GROUP),
        "member": _user("mitglied-a"),
        "steering": _user("steuerung-a", first_name="Anna", last_name="Ährenfeld"),
        "outsider_member": _user("mitglied-b"),
        "outsider": _user("steuerung-b"),
        "coordination": _user("koordination", group=COORDINATION_GROUP),
        "admin": _user("admin", superuser=True),
    }
    coordination = users["coordination"]
    a = services.alliance_create(
        actor=coordination,
        name="Allianz A",
        slug="allianz-a",
        programme=saxony,
        districts=[Region.objects.get(ags="14626")],
    )
    b = services.alliance_create(
        actor=coordination,
        name="Allianz B",
        slug="allianz-b",
        programme=saxony,
        districts=[Region.objects.get(ags="14625")],
    )

    def organisation(name: str, category: str, region: str) -> Organisation:
        return organisation_services.organisation_create(
            actor=coordination, name=name, category=category, region=Region.objects.get(ags=region)
        )

    org_a = organisation("Kammer A", PartnerCategory.CHAMBER, "14626")
    org_a2 = organisation("Landkreis A", PartnerCategory.DISTRICT, "14626")
    org_a3 = organisation("Schule A", PartnerCategory.SCHOOL, "14626")
    org_b = organisation("Gewerkschaft B", PartnerCategory.UNION, "14625")
    org_free = organisation("Verband ohne Allianz", PartnerCategory.EMPLOYERS, "14625")
    m_a = services.membership_create(actor=coordination, alliance=a, organisation=org_a)
    m_a2 = services.membership_create(actor=coordination, alliance=a, organisation=org_a2)
    m_a3 = services.membership_create(actor=coordination, alliance=a, organisation=org_a3)
    m_b = services.membership_create(actor=coordination, alliance=b, organisation=org_b)

    def role(alliance, user, kind, membership):
        return services.role_create(
            actor=coordination, alliance=alliance, user=user, kind=kind, membership=membership
        )

    role_member_a = role(a, users["member"], AllianceRole.Kind.MEMBER, m_a)
    role(a, users["steering"], AllianceRole.Kind.STEERING, m_a2)
    role(b, users["outsider_member"], AllianceRole.Kind.MEMBER, m_b)
    role(b, users["outsider"], AllianceRole.Kind.STEERING, m_b)

    steering = users["steering"]
    representative = organisation_services.representative_create(
        actor=coordination, organisation=org_a, name=f"{SECRET} Vertreterin", function="Leitung"
    )
    field = services.action_field_create(actor=steering, alliance=a, title="Handlungsfeld A1")
    field2 = services.action_field_create(actor=steering, alliance=a, title="Handlungsfeld A2")
    priority = services.priority_create(
        actor=steering, alliance=a, title="Schwerpunkt A", action_field=field
    )
    group = services.project_group_create(
        actor=steering, alliance=a, name=f"{SECRET} Projektgruppe", action_field=field
    )
    expert = services.expert_create(
        actor=steering, project_group=group, nominated_by=m_a, name=f"{SECRET} Fachfrau"
    )
    strategy = services.strategy_version_create(
        actor=steering, alliance=a, title=f"{SECRET} Handlungskonzept", text="Erste Fassung\n"
    )
    services.strategy_version_create(
        actor=steering, alliance=a, title=f"{SECRET} Handlungskonzept", text="Zweite Fassung\n"
    )
    # one commitment per status; ``commitment`` is the planned one
    commitments = {
        status: commitment_services.commitment_create(
            actor=steering,
            alliance=a,
            membership=m_a,
            title=f"{SECRET} Verpflichtung ({status.label})",
            status=status,
        )
        for status in Commitment.Status
    }
    commitment = commitments[Commitment.Status.PLANNED]
    # made by the steering member's organisation: the member of A does not speak for it
    commitment_foreign = commitment_services.commitment_create(
        actor=steering, alliance=a, membership=m_a2, title=f"{SECRET} Verpflichtung Landkreis"
    )
    meeting = decisions.meeting_create(
        actor=steering, alliance=a, title=f"{SECRET} Sitzung", date=dt.date(2025, 3, 31)
    )
    item = decisions.agenda_item_create(actor=steering, meeting=meeting, title=f"{SECRET} Punkt")
    item2 = decisions.agenda_item_create(
        actor=steering, meeting=meeting, title=f"{SECRET} Punkt mit Befangenheit"
    )
    vote, _created = decisions.vote_cast(
        actor=steering, item=item, choice="consent", note=f"{SECRET} Anmerkung"
    )
    conflict = decisions.conflict_declare(
        actor=steering, item=item2, reason=f"{SECRET} Grund der Befangenheit"
    )
    item_decided = decisions.agenda_item_create(
        actor=steering, meeting=meeting, title=f"{SECRET} Entschiedener Punkt"
    )
    decisions.vote_cast(actor=steering, item=item_decided, choice="consent")
    decisions.agenda_item_close(actor=steering, item=item_decided)
    item_decided.refresh_from_db()
    meeting_b = decisions.meeting_create(
        actor=users["outsider"], alliance=b, title="Sitzung B", date=dt.date(2025, 4, 1)
    )
    now = timezone.now()
    # one invitation into A per state; ``invitation`` is the pending one
    invitations = {
        state: Invitation.objects.create(
            email=INVITEE if state == "pending" else f"{state}-{INVITEE}",
            token_hash=token_hash(invitation_token(state)),
            expires_at=now + dt.timedelta(days=-1 if state == "expired" else 7),
            invited_by=steering,
            alliance=a,
            alliance_role=AllianceRole.Kind.MEMBER,
            accepted_at=now if state == "accepted" else None,
            accepted_by=users["applicant"] if state == "accepted" else None,
            revoked_at=now if state == "revoked" else None,
        )
        for state in INVITATION_STATES
    }
    invitation = invitations["pending"]
    task = Task.objects.create(
        kind="tests.none", title=f"{SECRET} Aufgabe", created_by=users["member"]
    )
    # A steering group of three that can disagree, and a meeting nobody has voted in yet: the
    # decision tests (consensus, conflicts, minutes) need them. Added last, so the records above
    # were made with the steering member alone.
    voters = [
        steering,
        _user("steuerung-a2", first_name="Bernd", last_name="Öztürk"),
        _user("steuerung-a3", first_name="Carla", last_name="Weiß"),
    ]
    for voter in voters[1:]:
        role(a, voter, AllianceRole.Kind.STEERING, None)
    spring_meeting = decisions.meeting_create(
        actor=steering,
        alliance=a,
        title="Frühjahrssitzung",
        date=dt.date(2025, 3, 31),
        location="Aurich",
    )
    proposal = decisions.agenda_item_create(
        actor=steering,
        meeting=spring_meeting,
        title="Ausbildungsverbund Pflege",
        description="Vorlage Ä",
    )
    item_b = decisions.agenda_item_create(
        actor=users["outsider"], meeting=meeting_b, title="Punkt B"
    )
    return SimpleNamespace(
        users=users,
        saxony=saxony,
        a=a,
        b=b,
        org_a=org_a,
        org_a2=org_a2,
        org_b=org_b,
        org_free=org_free,
        m_a=m_a,
        m_a2=m_a2,
        m_a3=m_a3,
        m_b=m_b,
        role_member_a=role_member_a,
        representative=representative,
        field=field,
        field2=field2,
        priority=priority,
        group=group,
        expert=expert,
        strategy=strategy,
        commitment=commitment,
        commitments=commitments,
        commitment_foreign=commitment_foreign,
        meeting=meeting,
        item=item,
        item2=item2,
        item_decided=item_decided,
        items={"open": item, "decided": item_decided},
        vote=vote,
        conflict=conflict,
        meeting_b=meeting_b,
        item_b=item_b,
        voters=voters,
        spring_meeting=spring_meeting,
        proposal=proposal,
        invitation=invitation,
        invitations=invitations,
        task=task,
    )


def token_client(user) -> Client:
    """A client that authenticates every request with the user's API token, no session."""
    token, _created = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def world_in_outer_transaction(django_db_blocker) -> Iterator[SimpleNamespace]:
    """For a module-scoped fixture: ``build_world`` once, inside an outer transaction, with a
    signed-in session per role. Each test runs in a savepoint of it (pytest-django's ``db``), so
    writes are undone after every test; the whole world is rolled back at the end of the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            world.cookies = {}
            for role in ROLES:
                client = Client()
                if world.users[role] is not None:
                    client.force_login(world.users[role])
                world.cookies[role] = client.cookies
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def clients_for(world: SimpleNamespace) -> dict[str, Client]:
    """A fresh client per role, signed in by the role's session of the world (no new login)."""
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        clients[role].cookies = SimpleCookie(world.cookies[role].output(header=""))
    return clients


def outcome(response) -> Any:
    """The status code, with a redirect told apart by whether it goes to the login page (and
    back: ``?next=``)."""
    if response.status_code == 302:
        return L if response["Location"].startswith(reverse("accounts:login") + "?next=") else R
    return response.status_code


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")
