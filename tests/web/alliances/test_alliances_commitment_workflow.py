"""The commitment's declared workflow: every declared step is reachable by the role it names,
every undeclared pair of states is refused, and members cannot take the managers' steps – in the
service, on the page (with and without HTMX) and in the API alike."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from fachkraefte.web.alliances import commitment_services, rules
from fachkraefte.web.alliances.models import Commitment
from fachkraefte.web.alliances.workflows import COMMITMENT_WORKFLOW
from fachkraefte.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

STATES = Commitment.Status.values
DECLARED = [t for t in COMMITMENT_WORKFLOW.transitions]
PAIRS = {(t.source, t.target) for t in DECLARED}
# The same status again is no step (the form may send it unchanged); every other pair is one.
UNDECLARED = [
    (s, t) for s, t in itertools.product(STATES, STATES) if s != t and (s, t) not in PAIRS
]
CHANNELS = ["service", "page", "htmx", "api"]


def _role(transition) -> str:
    """The least-privileged role the table names: the member who speaks for it, or steering."""
    return "member" if transition.rule is rules.can_advance_commitment else "steering"


@pytest.fixture()
def commitment(world):
    return commitment_services.commitment_create(
        actor=world.users["coordination"],
        alliance=world.a,
        membership=world.m_a,  # the member speaks for the chamber
        title="Praktikumsbörse",
    )


def _in_state(commitment: Commitment, state: str) -> Commitment:
    Commitment.objects.filter(pk=commitment.pk).update(status=state)
    return Commitment.objects.select_related("alliance").get(pk=commitment.pk)


def _move(channel: str, user, commitment: Commitment, to: str) -> int:
    """200/302 done, 400 undeclared, 403 not allowed (HTMX answers 200 with the error message)."""
    if channel == "service":
        try:
            commitment_services.commitment_set_status(actor=user, commitment=commitment, status=to)
        except PermissionDenied:
            return 403
        except ValidationError:
            return 400
        return 200
    client = Client()
    client.force_login(user)
    if channel == "api":
        return client.patch(
            f"/api/commitments/{commitment.pk}/", {"status": to}, content_type="application/json"
        ).status_code
    url = f"/allianzen/{commitment.alliance.slug}/verpflichtungen/{commitment.pk}/status/"
    if channel == "htmx":
        response = client.post(url, {"status": to}, HTTP_HX_REQUEST="true")
        if response.status_code == 200 and "kern-alert--danger" in response.content.decode():
            return 400
        return response.status_code
    return client.post(url, {"status": to}).status_code


def test_the_table_covers_every_state():
    assert {t.source for t in DECLARED} == set(STATES)
    assert ("done", "planned") in UNDECLARED and ("dropped", "done") in UNDECLARED


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("transition", DECLARED, ids=lambda t: f"{t.source}-{t.target}")
def test_every_declared_transition_is_reachable_by_its_role(world, commitment, channel, transition):
    item = _in_state(commitment, transition.source)
    user = world.users[_role(transition)]
    assert _move(channel, user, item, transition.target) in {200, 302}
    assert Commitment.objects.get(pk=item.pk).status == transition.target
    entry = AuditEntry.objects.filter(object_id=str(item.pk), actor=user).latest("pk")
    assert entry.changes["status"] == [transition.source, transition.target]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("source", "target"), UNDECLARED)
def test_every_undeclared_transition_is_refused(world, commitment, channel, source, target):
    item = _in_state(commitment, source)
    assert _move(channel, world.users["coordination"], item, target) == 400
    assert Commitment.objects.get(pk=item.pk).status == source


@pytest.mark.parametrize("channel", ["service", "page", "api"])
@pytest.mark.parametrize(
    "transition", [t for t in DECLARED if _role(t) == "steering"], ids=lambda t: t.source
)
def test_members_cannot_take_the_managers_steps(world, commitment, channel, transition):
    item = _in_state(commitment, transition.source)
    assert _move(channel, world.users["member"], item, transition.target) == 403
    assert Commitment.objects.get(pk=item.pk).status == transition.source


@pytest.mark.parametrize("channel", ["service", "page", "api"])
def test_no_step_for_a_member_who_does_not_speak_for_it(world, channel):
    foreign = commitment_services.commitment_create(
        actor=world.users["coordination"],
        alliance=world.a,
        membership=world.m_a2,
        title="Messe",
    )
    assert _move(channel, world.users["member"], foreign, "in_progress") == 403
    assert Commitment.objects.get(pk=foreign.pk).status == "planned"


def test_members_change_only_the_status(world, commitment):
    with pytest.raises(PermissionDenied, match="nur den Status"):
        commitment_services.commitment_update(
            actor=world.users["member"], commitment=commitment, title="Anders"
        )


def test_manager_form_moves_the_status_through_the_table(world, commitment):
    """The managers' full form may change the status too, but only along the table."""
    client = Client()
    client.force_login(world.users["steering"])
    url = f"/allianzen/{world.a.slug}/verpflichtungen/{commitment.pk}/bearbeiten/"
    data = {"title": "Praktikumsbörse 2025", "membership": world.m_a.pk, "status": "done"}
    assert client.post(url, data).status_code == 302
    commitment.refresh_from_db()
    assert (commitment.title, commitment.status) == ("Praktikumsbörse 2025", "done")
    refused = client.post(url, {**data, "status": "planned"})  # done → planned: not declared
    assert refused.status_code == 400 and "Von „erfüllt“ geht es nicht zu „geplant“" in (
        refused.content.decode()
    )
    assert Commitment.objects.get(pk=commitment.pk).status == "done"


def test_list_offers_only_allowed_steps_and_names_the_others(world, commitment):
    _in_state(commitment, "done")
    client = Client()
    client.force_login(world.users["member"])
    html = client.get(f"/allianzen/{world.a.slug}/verpflichtungen/").content.decode()
    assert f'id="status-{commitment.pk}"' not in html  # no form that would answer 403
    assert "wieder aufnehmen – nur durch die Steuerungsgruppe und die Koordinierungsstelle" in html
    client.force_login(world.users["steering"])
    html = client.get(f"/allianzen/{world.a.slug}/verpflichtungen/").content.decode()
    select = html.split(f'id="status-{commitment.pk}"')[1].split("</select>")[0]
    assert '<option value="done" selected>' in select
    assert 'value="in_progress"' in select and 'value="planned"' not in select
