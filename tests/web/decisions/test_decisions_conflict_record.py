"""Conflicts recorded by others ("Befangenheit feststellen"): the steering group and the
coordination office record a voting member's conflict; every role, over the service, the page and
the API, and the audit entries that name the actor and the person concerned."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_entries_for
from fachkraefte.web.decisions import selectors, services
from fachkraefte.web.decisions.models import ConflictOfInterest, Vote
from fachkraefte.web.decisions.trail import trail_rows

pytestmark = pytest.mark.django_db


def _url(world, suffix: str = "befangenheit/", item=None) -> str:
    return f"/beschluesse/allianz-a/tops/{(item or world.proposal).pk}/{suffix}"


def person(world, who: str):
    """ "s1", "s2": the first two of A's steering group; any other name: that role's person."""
    return {"s1": world.voters[0], "s2": world.voters[1]}.get(who) or world.users[who]


def new_conflicts(world):
    """Conflicts beyond the one the role world declared already (on ``item2``)."""
    return ConflictOfInterest.objects.exclude(pk=world.conflict.pk)


def _login(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- service -------------------------------------------------------------------------------------


@pytest.mark.parametrize("recorder", ["s1", "coordination", "admin"])
def test_manager_records_conflict_vote_becomes_abstention_and_is_audited(world, recorder):
    actor = person(world, recorder)
    vote, _ = services.vote_cast(actor=world.voters[1], item=world.proposal, choice="consent")
    conflict = services.conflict_record(
        actor=actor, item=world.proposal, member=world.voters[1], reason="Arbeitgeber beantragt"
    )
    assert (conflict.user, conflict.recorded_by, conflict.reason) == (
        world.voters[1],
        actor,
        "Arbeitgeber beantragt",
    )
    vote.refresh_from_db()
    assert vote.choice == "abstention"
    declare = audit_entries_for(conflict).get()
    assert declare.action == AuditEntry.Action.DECLARE
    assert declare.actor == actor and declare.alliance == world.a
    assert declare.changes == {"reason": "Arbeitgeber beantragt", "person": "steuerung-a2"}
    assert "steuerung-a2" in declare.object_repr
    update = audit_entries_for(vote).filter(action=AuditEntry.Action.UPDATE).get()
    assert update.actor == actor
    assert update.changes["choice"] == ["consent", "abstention"]
    assert update.changes["person"] == "steuerung-a2"
    # the member can only abstain from now on, exactly as after their own declaration
    with pytest.raises(ValidationError, match="nur enthalten"):
        services.vote_cast(actor=world.voters[1], item=world.proposal, choice="objection")
    result = selectors.item_consensus(item=world.proposal)
    assert "Bernd Öztürk" in result.tally.conflicted
    # the item's trail names the person concerned
    details = [row.details for row in trail_rows(selectors.item_trail(item=world.proposal))]
    assert any("Betroffene Person: steuerung-a2" in d for d in details)


def test_record_without_vote_and_twice(world):
    services.conflict_record(
        actor=world.users["coordination"], item=world.proposal, member=world.voters[2], reason="x"
    )
    assert not Vote.objects.filter(agenda_item=world.proposal).exists()
    with pytest.raises(ValidationError, match="bereits eine Befangenheit vermerkt"):
        services.conflict_record(
            actor=world.voters[0], item=world.proposal, member=world.voters[2], reason="y"
        )
    # nor can the member declare it again
    with pytest.raises(ValidationError, match="bereits eine Befangenheit"):
        services.conflict_declare(actor=world.voters[2], item=world.proposal, reason="z")
    assert new_conflicts(world).count() == 1


@pytest.mark.parametrize("who", ["member", "outsider", "applicant", "s2"])
def test_record_refused_for_non_managers(world, who):
    # s2 is refused too as soon as the item's alliance is not theirs: here, the item in B
    actor = person(world, who)
    item = world.item_b if who == "s2" else world.proposal
    member = world.users["outsider"] if who == "s2" else world.voters[1]
    declared = AuditEntry.objects.filter(action=AuditEntry.Action.DECLARE)
    before = declared.count()  # the role world's own declaration
    with pytest.raises(PermissionDenied):
        services.conflict_record(actor=actor, item=item, member=member, reason="x")
    assert not new_conflicts(world).exists() and declared.count() == before


def test_record_only_for_voting_members_of_the_alliance(world):
    for member in (
        world.users["member"],
        world.users["coordination"],
        world.users["outsider"],
        None,
    ):
        with pytest.raises(ValidationError, match="nur für Mitglieder der Steuerungsgruppe"):
            services.conflict_record(
                actor=world.voters[0], item=world.proposal, member=member, reason="x"
            )
    assert not new_conflicts(world).exists()


def test_record_for_oneself_is_a_declaration(world):
    conflict = services.conflict_record(
        actor=world.voters[0], item=world.proposal, member=world.voters[0], reason="selbst"
    )
    assert conflict.recorded_by == world.voters[0]
    assert audit_entries_for(conflict).get().changes == {"reason": "selbst"}


def test_record_needs_reason_and_open_item(world):
    with pytest.raises(ValidationError):
        services.conflict_record(
            actor=world.voters[0], item=world.proposal, member=world.voters[1], reason="  "
        )
    services.agenda_item_close(actor=world.voters[0], item=world.proposal)
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.conflict_record(
            actor=world.voters[0], item=world.proposal, member=world.voters[1], reason="spät"
        )


# --- page ----------------------------------------------------------------------------------------

# role → answer to POST {"user": "steuerung-a2", "reason": …} ("ok": recorded and redirected)
PAGE_EXPECTED = {
    "s2": "ok",  # the member themself: their own username is their own declaration
    "member": 403,  # another member of the alliance (not in the steering group)
    "s1": "ok",  # steering manager
    "coordination": "ok",
    "admin": "ok",
    "outsider": 404,
    "applicant": 404,
    "anonymous": "login",
}


@pytest.mark.parametrize("role", list(PAGE_EXPECTED))
def test_record_page_by_role(world, role):
    user = None if role == "anonymous" else person(world, role)
    response = _login(user).post(_url(world), {"user": "steuerung-a2", "reason": "Vorstand"})
    expected = PAGE_EXPECTED[role]
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")
    elif expected == "ok":
        assert response.status_code == 302, response.content.decode()[:500]
        conflict = new_conflicts(world).get()
        assert (conflict.user, conflict.recorded_by) == (world.voters[1], user)
        return
    else:
        assert response.status_code == expected
    assert not new_conflicts(world).exists()


def test_record_form_shown_to_managers_only(world):
    for user in (world.voters[0], world.users["coordination"]):
        html = _login(user).get(_url(world, "")).content.decode()
        assert "Befangenheit feststellen" in html
        assert '<option value="steuerung-a2">Bernd Öztürk</option>' in html
    html = _login(world.users["member"]).get(_url(world, "")).content.decode()
    assert "Befangenheit feststellen" not in html


def test_member_sees_the_recorded_conflict(world):
    client = _login(world.users["coordination"])
    response = client.post(
        _url(world),
        {"user": "steuerung-a2", "reason": "Geschäftsführer der Antragstellerin"},
        follow=True,
    )
    html = response.content.decode()
    assert "Die Befangenheit von Bernd Öztürk wurde festgestellt" in html
    assert "(festgestellt von koordination)" in html
    # Bernd is no longer offered
    assert '<option value="steuerung-a2">' not in html
    page = _login(world.voters[1]).get(_url(world, "")).content.decode()
    assert "Für Sie ist eine Befangenheit vermerkt." in page
    assert "Geschäftsführer der Antragstellerin" in page
    assert "Die Befangenheit wurde von koordination festgestellt." in page
    assert 'id="id_choice_abstention"' in page and 'id="id_choice_consent"' not in page


def test_record_page_errors(world):
    client = _login(world.voters[0])
    missing = client.post(_url(world), {"user": "steuerung-a2", "reason": ""})
    assert missing.status_code == 400
    not_voting = client.post(_url(world), {"user": "mitglied-a", "reason": "x"})
    assert not_voting.status_code == 400
    assert "nur für Mitglieder der Steuerungsgruppe" in not_voting.content.decode()
    client.post(_url(world), {"user": "steuerung-a2", "reason": "x"})
    again = client.post(_url(world), {"user": "steuerung-a2", "reason": "x"})
    assert (
        again.status_code == 400 and "bereits eine Befangenheit vermerkt" in again.content.decode()
    )
    assert new_conflicts(world).count() == 1


def test_record_page_in_english(world):
    client = _login(world.voters[0])
    client.cookies["django_language"] = "en"
    html = client.get(_url(world, ""), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Record a conflict of interest" in html


# --- API -----------------------------------------------------------------------------------------

API_EXPECTED = {
    "s2": 201,  # own username: own declaration
    "member": 403,
    "s1": 201,
    "coordination": 201,
    "admin": 201,
    "outsider": 400,  # manages elsewhere; the item is invisible: "does not exist"
    "applicant": 403,  # manages nowhere: refused before the body is validated
    "anonymous": 401,
}


@pytest.mark.parametrize("role", list(API_EXPECTED))
def test_record_api_by_role(world, role):
    user = None if role == "anonymous" else person(world, role)
    response = _login(user).post(
        "/api/conflicts/",
        {"agenda_item": world.proposal.pk, "user": "steuerung-a2", "reason": "Vorstand"},
        content_type="application/json",
    )
    assert response.status_code == API_EXPECTED[role], response.content.decode()[:500]
    if response.status_code == 201:
        body = response.json()
        assert body["user"] == "steuerung-a2" and body["recorded_by"] == user.get_username()
        assert new_conflicts(world).get().recorded_by == user
    else:
        assert not new_conflicts(world).exists()


def test_record_api_errors(world):
    client = _login(world.users["coordination"])
    for username in ("mitglied-a", "niemand", "steuerung-b"):
        response = client.post(
            "/api/conflicts/",
            {"agenda_item": world.proposal.pk, "user": username, "reason": "x"},
            content_type="application/json",
        )
        assert response.status_code == 400 and "user" in response.json()
    # the coordination office has no conflict of its own to declare
    own = client.post(
        "/api/conflicts/",
        {"agenda_item": world.proposal.pk, "reason": "x"},
        content_type="application/json",
    )
    assert own.status_code == 403
    listed = client.get(f"/api/conflicts/?agenda_item={world.proposal.pk}").json()
    assert listed["count"] == 0
