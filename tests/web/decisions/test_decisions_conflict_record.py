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
    return f"/beschluesse/nord/tops/{(item or world.item).pk}/{suffix}"


def _login(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- service -------------------------------------------------------------------------------------


@pytest.mark.parametrize("recorder", ["s1", "coordination", "admin"])
def test_manager_records_conflict_vote_becomes_abstention_and_is_audited(world, recorder):
    actor = getattr(world, recorder)
    vote, _ = services.vote_cast(actor=world.s2, item=world.item, choice="consent")
    conflict = services.conflict_record(
        actor=actor, item=world.item, member=world.s2, reason="Arbeitgeber beantragt"
    )
    assert (conflict.user, conflict.recorded_by, conflict.reason) == (
        world.s2,
        actor,
        "Arbeitgeber beantragt",
    )
    vote.refresh_from_db()
    assert vote.choice == "abstention"
    declare = audit_entries_for(conflict).get()
    assert declare.action == AuditEntry.Action.DECLARE
    assert declare.actor == actor and declare.alliance == world.nord
    assert declare.changes == {"reason": "Arbeitgeber beantragt", "person": "bernd"}
    assert "bernd" in declare.object_repr
    update = audit_entries_for(vote).filter(action=AuditEntry.Action.UPDATE).get()
    assert update.actor == actor
    assert update.changes["choice"] == ["consent", "abstention"]
    assert update.changes["person"] == "bernd"
    # the member can only abstain from now on, exactly as after their own declaration
    with pytest.raises(ValidationError, match="nur enthalten"):
        services.vote_cast(actor=world.s2, item=world.item, choice="objection")
    result = selectors.item_consensus(item=world.item)
    assert "Bernd Öztürk" in result.tally.conflicted
    # the item's trail names the person concerned
    details = [row.details for row in trail_rows(selectors.item_trail(item=world.item))]
    assert any("Betroffene Person: bernd" in d for d in details)


def test_record_without_vote_and_twice(world):
    services.conflict_record(actor=world.coordination, item=world.item, member=world.s3, reason="x")
    assert not Vote.objects.exists()
    with pytest.raises(ValidationError, match="bereits eine Befangenheit vermerkt"):
        services.conflict_record(actor=world.s1, item=world.item, member=world.s3, reason="y")
    # nor can the member declare it again
    with pytest.raises(ValidationError, match="bereits eine Befangenheit"):
        services.conflict_declare(actor=world.s3, item=world.item, reason="z")
    assert ConflictOfInterest.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "outsider", "applicant", "s2"])
def test_record_refused_for_non_managers(world, who):
    # s2 is refused too as soon as the item's alliance is not theirs: here, the sued item
    actor = getattr(world, who)
    item = world.sued_item if who == "s2" else world.item
    member = world.outsider if who == "s2" else world.s2
    with pytest.raises(PermissionDenied):
        services.conflict_record(actor=actor, item=item, member=member, reason="x")
    assert (
        not ConflictOfInterest.objects.exists()
        and not AuditEntry.objects.filter(action=AuditEntry.Action.DECLARE).exists()
    )


def test_record_only_for_voting_members_of_the_alliance(world):
    for member in (world.member, world.coordination, world.outsider, None):
        with pytest.raises(ValidationError, match="nur für Mitglieder der Steuerungsgruppe"):
            services.conflict_record(actor=world.s1, item=world.item, member=member, reason="x")
    assert not ConflictOfInterest.objects.exists()


def test_record_for_oneself_is_a_declaration(world):
    conflict = services.conflict_record(
        actor=world.s1, item=world.item, member=world.s1, reason="selbst"
    )
    assert conflict.recorded_by == world.s1
    assert audit_entries_for(conflict).get().changes == {"reason": "selbst"}


def test_record_needs_reason_and_open_item(world):
    with pytest.raises(ValidationError):
        services.conflict_record(actor=world.s1, item=world.item, member=world.s2, reason="  ")
    services.agenda_item_close(actor=world.s1, item=world.item)
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.conflict_record(actor=world.s1, item=world.item, member=world.s2, reason="spät")


# --- page ----------------------------------------------------------------------------------------

# role → answer to POST {"user": "bernd", "reason": …} ("ok": recorded and redirected)
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
    user = None if role == "anonymous" else getattr(world, role)
    response = _login(user).post(_url(world), {"user": "bernd", "reason": "Vorstand"})
    expected = PAGE_EXPECTED[role]
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")
    elif expected == "ok":
        assert response.status_code == 302, response.content.decode()[:500]
        conflict = ConflictOfInterest.objects.get()
        assert (conflict.user, conflict.recorded_by) == (world.s2, user)
        return
    else:
        assert response.status_code == expected
    assert not ConflictOfInterest.objects.exists()


def test_record_form_shown_to_managers_only(world):
    for user in (world.s1, world.coordination):
        html = _login(user).get(_url(world, "")).content.decode()
        assert "Befangenheit feststellen" in html
        assert '<option value="bernd">Bernd Öztürk</option>' in html
    html = _login(world.member).get(_url(world, "")).content.decode()
    assert "Befangenheit feststellen" not in html


def test_member_sees_the_recorded_conflict(world):
    client = _login(world.coordination)
    response = client.post(
        _url(world), {"user": "bernd", "reason": "Geschäftsführer der Antragstellerin"}, follow=True
    )
    html = response.content.decode()
    assert "Die Befangenheit von Bernd Öztürk wurde festgestellt" in html
    assert "(festgestellt von kora)" in html
    # bernd is no longer offered
    assert '<option value="bernd">' not in html
    page = _login(world.s2).get(_url(world, "")).content.decode()
    assert "Für Sie ist eine Befangenheit vermerkt." in page
    assert "Geschäftsführer der Antragstellerin" in page
    assert "Die Befangenheit wurde von kora festgestellt." in page
    assert 'id="id_choice_abstention"' in page and 'id="id_choice_consent"' not in page


def test_record_page_errors(world):
    client = _login(world.s1)
    missing = client.post(_url(world), {"user": "bernd", "reason": ""})
    assert missing.status_code == 400
    not_voting = client.post(_url(world), {"user": "mia", "reason": "x"})
    assert not_voting.status_code == 400
    assert "nur für Mitglieder der Steuerungsgruppe" in not_voting.content.decode()
    client.post(_url(world), {"user": "bernd", "reason": "x"})
    again = client.post(_url(world), {"user": "bernd", "reason": "x"})
    assert (
        again.status_code == 400 and "bereits eine Befangenheit vermerkt" in again.content.decode()
    )
    assert ConflictOfInterest.objects.count() == 1


def test_record_page_in_english(world):
    client = _login(world.s1)
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
    user = None if role == "anonymous" else getattr(world, role)
    response = _login(user).post(
        "/api/conflicts/",
        {"agenda_item": world.item.pk, "user": "bernd", "reason": "Vorstand"},
        content_type="application/json",
    )
    assert response.status_code == API_EXPECTED[role], response.content.decode()[:500]
    if response.status_code == 201:
        body = response.json()
        assert body["user"] == "bernd" and body["recorded_by"] == user.get_username()
        assert ConflictOfInterest.objects.get().recorded_by == user
    else:
        assert not ConflictOfInterest.objects.exists()


def test_record_api_errors(world):
    client = _login(world.coordination)
    for username in ("mia", "niemand", "otto"):
        response = client.post(
            "/api/conflicts/",
            {"agenda_item": world.item.pk, "user": username, "reason": "x"},
            content_type="application/json",
        )
        assert response.status_code == 400 and "user" in response.json()
    # the coordination office has no conflict of its own to declare
    own = client.post(
        "/api/conflicts/",
        {"agenda_item": world.item.pk, "reason": "x"},
        content_type="application/json",
    )
    assert own.status_code == 403
    listed = client.get(f"/api/conflicts/?agenda_item={world.item.pk}").json()
    assert listed["count"] == 0
