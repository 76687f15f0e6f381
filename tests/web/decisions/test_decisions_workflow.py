"""The agenda item's declared workflow: the one declared step is reachable by the managers, and
every other pair of states – and the declared step for people who may not take it – is refused,
in the service, on the page and in the API alike."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.core.workflows import TransitionNotAllowed, TransitionNotDeclared
from fachkraefte.web.decisions import services
from fachkraefte.web.decisions.models import AgendaItem
from fachkraefte.web.decisions.workflows import AGENDA_ITEM_WORKFLOW

pytestmark = pytest.mark.django_db

STATES = AgendaItem.Status.values
DECLARED = [(t.source, t.target) for t in AGENDA_ITEM_WORKFLOW.transitions]
UNDECLARED = [pair for pair in itertools.product(STATES, STATES) if pair not in DECLARED]
CHANNELS = ["service", "page", "api"]


def _in_state(world, state: str) -> AgendaItem:
    services.vote_cast(actor=world.voters[0], item=world.proposal, choice="consent")
    AgendaItem.objects.filter(pk=world.proposal.pk).update(status=state)
    return AgendaItem.objects.select_related("meeting__alliance").get(pk=world.proposal.pk)


def _move(channel: str, user, item: AgendaItem, to: str) -> int:
    """The answer of one channel: 200/302 done, 400 undeclared, 403 not allowed."""
    if channel == "service":
        try:
            services.agenda_item_transition(actor=user, item=item, to=to)
        except PermissionDenied:
            return 403
        except ValidationError:
            return 400
        return 200
    client = Client()
    client.force_login(user)
    if channel == "page":
        url = f"/beschluesse/{item.meeting.alliance.slug}/tops/{item.pk}/status/"
        return client.post(url, {"status": to}).status_code
    return client.post(
        f"/api/agenda-items/{item.pk}/transition/", {"status": to}, content_type="application/json"
    ).status_code


def test_the_table_is_declared_once():
    assert DECLARED == [("open", "decided")]
    assert len(UNDECLARED) == len(STATES) ** 2 - 1


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("role", ["s1", "coordination"])
@pytest.mark.parametrize(("source", "target"), DECLARED)
def test_every_declared_transition_is_reachable_by_its_role(world, channel, role, source, target):
    item = _in_state(world, source)
    actor = world.voters[0] if role == "s1" else world.users[role]
    assert _move(channel, actor, item, target) in {200, 302}
    item.refresh_from_db()
    assert item.status == target and item.outcome == "adopted"
    entry = AuditEntry.objects.get(object_id=str(item.pk), action=AuditEntry.Action.DECIDE)
    assert entry.changes["status"] == [source, target]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("source", "target"), UNDECLARED)
def test_every_undeclared_transition_is_refused(world, channel, source, target):
    item = _in_state(world, source)
    assert _move(channel, world.users["coordination"], item, target) == 400
    assert AgendaItem.objects.get(pk=item.pk).status == source


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("source", "target"), DECLARED)
def test_a_declared_transition_is_refused_to_who_may_not_take_it(world, channel, source, target):
    item = _in_state(world, source)
    assert _move(channel, world.users["member"], item, target) == 403
    assert AgendaItem.objects.get(pk=item.pk).status == source


def test_service_errors_say_what_is_wrong(world):
    item = _in_state(world, "open")
    with pytest.raises(TransitionNotAllowed, match="„Abstimmung abschließen“ dürfen nur"):
        services.agenda_item_transition(actor=world.users["member"], item=item, to="decided")
    with pytest.raises(TransitionNotDeclared, match="Möglich ist: „entschieden“"):
        services.agenda_item_transition(actor=world.users["coordination"], item=item, to="erfunden")
    AgendaItem.objects.filter(pk=item.pk).update(status="decided")
    item.refresh_from_db()
    with pytest.raises(TransitionNotDeclared, match="Von „entschieden“ geht es nicht zu „offen“"):
        services.agenda_item_transition(actor=world.users["coordination"], item=item, to="open")


def test_item_page_shows_what_can_happen_next(world):
    client = Client()
    client.force_login(world.voters[0])
    url = f"/beschluesse/allianz-a/tops/{world.proposal.pk}/"
    html = client.get(url).content.decode()
    assert "Was als Nächstes geschehen kann" in html
    assert f'href="/beschluesse/allianz-a/tops/{world.proposal.pk}/abschliessen/"' in html
    AgendaItem.objects.filter(pk=world.proposal.pk).update(status="decided", outcome="adopted")
    html = client.get(url).content.decode()
    assert "Nichts mehr: Über diesen Punkt ist entschieden" in html
    assert "/abschliessen/" not in html
