"""Changing a commitment's status in place by HTMX, and the full-page fallback without JavaScript."""

from __future__ import annotations

import pytest

from fachkraefte.web.alliances import commitment_services
from fachkraefte.web.alliances.models import Commitment
from fachkraefte.web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture()
def commitments(world):
    actor = world.users["coordination"]
    own = commitment_services.commitment_create(
        actor=actor, alliance=world.a, membership=world.m_a, title="Praktika"
    )
    foreign = commitment_services.commitment_create(
        actor=actor, alliance=world.a, membership=world.m_a2, title="Messe"
    )
    return own, foreign


def _url(world, commitment) -> str:
    return f"/allianzen/{world.a.slug}/verpflichtungen/{commitment.pk}/status/"


def test_list_offers_inline_htmx_forms_with_a_live_region(client, world, commitments):
    own, foreign = commitments
    client.force_login(world.users["member"])
    html = client.get(f"/allianzen/{world.a.slug}/verpflichtungen/").content.decode()
    assert 'id="commitment-message" role="status" aria-live="polite"' in html
    # the member speaks for the chamber: a form for its commitment, none for the district's
    assert f'hx-post="{_url(world, own)}"' in html
    assert f'action="{_url(world, own)}"' in html  # the same form works without JavaScript
    assert f'hx-target="#verpflichtung-{own.pk}-status"' in html
    assert f'id="verpflichtung-{foreign.pk}-status"' in html
    assert f'hx-post="{_url(world, foreign)}"' not in html
    assert f'<label class="kern-label kern-sr-only" for="status-{own.pk}">' in html


def test_htmx_post_answers_the_cell_and_a_message(client, world, commitments):
    own, _foreign = commitments
    client.force_login(world.users["member"])
    response = client.post(_url(world, own), {"status": "in_progress"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment, not the page
    assert html.lstrip().startswith(
        f'<td class="kern-table__cell" id="verpflichtung-{own.pk}-status"'
    )
    assert 'id="commitment-message" hx-swap-oob="innerHTML"' in html
    assert "kern-alert--success" in html and "Status von „Praktika“: in Umsetzung." in html
    assert '<option value="in_progress" selected>' in html
    own.refresh_from_db()
    assert own.status == "in_progress"
    entry = AuditEntry.objects.filter(object_id=str(own.pk), actor=world.users["member"]).get()
    assert entry.changes["status"] == ["planned", "in_progress"]


def test_htmx_post_with_bad_status_answers_an_error_and_changes_nothing(client, world, commitments):
    own, _foreign = commitments
    client.force_login(world.users["steering"])
    response = client.post(_url(world, own), {"status": "erfunden"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "kern-alert--danger" in html and "<html" not in html
    own.refresh_from_db()
    assert own.status == "planned"


def test_post_without_htmx_redirects_to_the_list_with_a_message(client, world, commitments):
    own, _foreign = commitments
    client.force_login(world.users["member"])
    # a bad value without JavaScript: the form page again, with its error (400)
    bad = client.post(_url(world, own), {"status": "erfunden"})
    assert bad.status_code == 400 and "<html" in bad.content.decode()
    response = client.post(_url(world, own), {"status": "done"})
    assert response.status_code == 302
    assert response["Location"] == f"/allianzen/{world.a.slug}/verpflichtungen/"
    page = client.get(response["Location"]).content.decode()
    assert "Status von „Praktika“: erfüllt." in page
    assert Commitment.objects.get(pk=own.pk).status == "done"
    # fulfilled: taking it up again is for the managers, so the member gets no form any more
    assert f'hx-post="{_url(world, own)}"' not in page
    assert "wieder aufnehmen – nur durch die Steuerungsgruppe" in page
    assert client.post(_url(world, own), {"status": "in_progress"}).status_code == 403


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("applicant", 404), ("outsider", 404), ("member", 403)],
)
def test_htmx_post_is_refused_like_the_page(client, world, commitments, role, expected):
    _own, foreign = commitments  # the member does not speak for the district
    if world.users[role] is not None:
        client.force_login(world.users[role])
    response = client.post(_url(world, foreign), {"status": "done"}, **HTMX)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/konto/anmelden/")
    assert Commitment.objects.get(pk=foreign.pk).status == "planned"
