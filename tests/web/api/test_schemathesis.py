"""Schemathesis against the OpenAPI schema: no operation answers with a server error.

Every operation of the schema is fuzzed through the WSGI application with the real database
(the demo governance content), once anonymously and once with the API token of a
steering-group member of the demo alliance Ems-Achse. Examples are few and derandomized so the
run stays short and repeatable.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from role_world import load_regions, token_client
from schemathesis.checks import not_a_server_error

from fachkraefte.web.alliances.demo import ensure_demo_governance
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.decisions import services as decisions
from fachkraefte.web.decisions.demo import ensure_demo_decisions
from fachkraefte.web.decisions.models import Meeting

pytestmark = pytest.mark.django_db
EMS = "fachkraeftebuendnis-ems-achse"
STEERING = "steuerung1"  # a steering-group member of the demo Ems-Achse
MAX_EXAMPLES = 10

# Generated here, not fetched: collection has no database, and the schema needs none.
SCHEMA = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}


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


@pytest.mark.parametrize("as_steering", [False, True], ids=["anonymous", "steering"])
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_server_errors(label, as_steering, demo, wsgi_app):
    operation = OPERATIONS[label]
    app = wsgi_app
    headers = {}
    if as_steering:
        headers["Authorization"] = f"Token {Token.objects.get(user=demo).key}"

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
    answer = token_client(demo).get(f"/api/meetings/?alliance__slug={EMS}").json()
    assert answer["count"] >= 1
