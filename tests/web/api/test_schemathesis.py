"""Schemathesis against the OpenAPI schema: no operation answers with a server error.

Every operation of the schema is fuzzed through the WSGI application with the real database
(the demo governance content), once anonymously and once with the API token of a
steering-group member of the demo alliance Ems-Achse; every write operation once more with the
token of the coordination office, which may do what the steering group may not (create
alliances, edit any organisation). Examples are few and derandomized so the run stays short and
repeatable.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from role_world import load_regions, token_client
from schemathesis.checks import not_a_server_error

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.alliances.demo import ensure_demo_governance
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.decisions import services as decisions
from fachkraefte.web.decisions.demo import ensure_demo_decisions
from fachkraefte.web.decisions.models import Meeting

pytestmark = pytest.mark.django_db
EMS = "fachkraeftebuendnis-ems-achse"
STEERING = "steuerung1"  # a steering-group member of the demo Ems-Achse
COORDINATION = "koordination"  # the demo coordination office
MAX_EXAMPLES = 10

# Generated here, not fetched: collection has no database, and the schema needs none.
SCHEMA = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}
WRITE_OPERATIONS = sorted(
    label for label in OPERATIONS if label.split()[0] in {"POST", "PUT", "PATCH", "DELETE"}
)


@pytest.fixture()
def wsgi_app():
    """The WSGI application without its per-request connection clean-up, as Django's own test
    client does: ``close_old_connections`` would close the connection that holds the test's
    transaction (harmless on in-memory SQLite, fatal on PostgreSQL)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, web_store, tmp_path_factory):
    """The demo governance content, made once for the module inside an outer transaction
    (each test runs in a savepoint of it, so what the fuzzer writes is undone after each test);
    the demo's login file goes to a temporary folder."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_regions()
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path_factory.mktemp("demo-logins")))
                ensure_demo_governance()
                ensure_demo_decisions()
            steering = get_user_model().objects.get(username=STEERING)
            alliance = Alliance.objects.get(slug=EMS)
            if not Meeting.objects.filter(alliance=alliance).exists():
                # the demo's meetings are missing (test_demo_alliance_has_its_meetings); our own
                # meeting and agenda item keep the decisions endpoints from being only empty
                meeting = decisions.meeting_create(
                    actor=steering, alliance=alliance, title="Sitzung", date=dt.date(2025, 5, 5)
                )
                decisions.agenda_item_create(actor=steering, meeting=meeting, title="Punkt")
            Token.objects.get_or_create(user=steering)
            # the demo's other users come with ``fachkraefte demo``; no password needed here
            coordination, _new = get_user_model().objects.get_or_create(username=COORDINATION)
            coordination.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
            Token.objects.get_or_create(user=coordination)
            yield steering
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_operations_were_found():
    assert len(OPERATIONS) >= 30, sorted(OPERATIONS)
    assert "POST /api/token/" in OPERATIONS and "GET /api/forecasts/" in OPERATIONS


def test_demo_alliance_has_its_meetings(demo):
    """``fachkraefte demo`` gives the demo alliance its two meetings (the decisions demo must
    look the alliance up under the slug that the alliances demo creates)."""
    alliance = Alliance.objects.get(slug=EMS)
    titles = set(Meeting.objects.filter(alliance=alliance).values_list("title", flat=True))
    assert {"Demo: 12. Sitzung der Steuerungsgruppe", "Demo: 13. Sitzung der Steuerungsgruppe"} <= (
        titles
    )


IDENTITIES = [("anonymous", None), ("steering", STEERING)]
CASES = [
    pytest.param(label, username, id=f"{label}-{who}")
    for label in sorted(OPERATIONS)
    for who, username in IDENTITIES
] + [pytest.param(label, COORDINATION, id=f"{label}-coordination") for label in WRITE_OPERATIONS]


@pytest.mark.parametrize(("label", "username"), CASES)
def test_no_server_errors(label, username, demo, wsgi_app):
    operation = OPERATIONS[label]
    app = wsgi_app
    headers = {}
    if username:
        token = Token.objects.get(user__username=username)
        headers["Authorization"] = f"Token {token.key}"

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=[not_a_server_error], headers=headers)

    check()


def test_token_client_reaches_the_demo_alliance(demo):
    """The steering identity used above really is inside the demo alliance."""
    answer = token_client(demo).get(f"/api/meetings/?alliance={EMS}").json()
    assert answer["count"] >= 1


def test_coordination_identity_may_write_what_steering_may_not(demo):
    """The coordination identity used above really holds the coordination office's rights:
    it creates an alliance, which the steering-group member may not."""
    coordination = get_user_model().objects.get(username=COORDINATION)
    payload = {"name": "Allianz der Koordinierungsstelle", "districts": ["06611"]}
    refused = token_client(demo).post("/api/alliances/", payload, content_type="application/json")
    assert refused.status_code == 403
    created = token_client(coordination).post(
        "/api/alliances/", payload, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert WRITE_OPERATIONS and all(label in OPERATIONS for label in WRITE_OPERATIONS)
