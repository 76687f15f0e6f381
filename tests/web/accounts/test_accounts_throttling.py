"""Login throttling: 5 failures per username or 20 per IP in 15 minutes lock for 15 minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from django.test import Client, RequestFactory
from fixtures_accounts import PASSWORD, make_user
from rest_framework.test import APIRequestFactory

from fachkraefte.web.accounts.api import throttled_obtain_auth_token
from fachkraefte.web.accounts.models import LoginAttempt
from fachkraefte.web.accounts.throttling import client_ip

pytestmark = pytest.mark.django_db


def login(username: str, password: str, ip: str = "192.0.2.1"):
    return Client(REMOTE_ADDR=ip).post(
        "/konto/anmelden/", {"username": username, "password": password}
    )


def fail(username: str, times: int, ip: str = "192.0.2.1") -> None:
    for _ in range(times):
        assert login(username, "falsch", ip).status_code == 200


def age_attempts(minutes: int) -> None:
    """Move every recorded failure into the past, as if that much time had gone by."""
    LoginAttempt.objects.update(attempted_at=F("attempted_at") - dt.timedelta(minutes=minutes))


def test_five_failures_lock_the_username_for_fifteen_minutes():
    make_user("erika")
    fail("erika", 5)
    response = login("erika", PASSWORD)  # even the right password is refused now
    html = response.content.decode()
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in html
    assert "Bitte versuchen Sie es in 15 Minuten erneut." in html
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in response.client.session
    # refused attempts are not counted, so the lock does not grow while someone keeps trying
    assert LoginAttempt.objects.count() == 5
    # the lock holds for other IPs too (it is the username's)
    assert login("erika", PASSWORD, ip="198.51.100.7").status_code == 429

    age_attempts(14)
    locked = login("erika", PASSWORD)
    assert locked.status_code == 429 and "in 1 Minute erneut" in locked.content.decode()
    age_attempts(2)
    assert login("erika", PASSWORD).status_code == 302


def test_four_failures_do_not_lock_and_username_case_does_not_help():
    make_user("erika")
    fail("erika", 2)
    fail("ERIKA", 1)
    fail(" Erika ", 1)
    assert login("erika", PASSWORD).status_code == 302
    fail("erika", 4)
    fail("Erika", 1)
    assert login("erika", PASSWORD).status_code == 429


def test_failures_further_apart_than_the_window_do_not_lock():
    make_user("erika")
    fail("erika", 4)
    age_attempts(16)
    fail("erika", 1)
    assert login("erika", PASSWORD).status_code == 302


def test_successful_login_clears_the_username_counter():
    make_user("erika")
    fail("erika", 4)
    assert login("erika", PASSWORD).status_code == 302
    assert not LoginAttempt.objects.filter(username="erika").exists()
    fail("erika", 4)
    assert login("erika", PASSWORD).status_code == 302  # 8 failures, but never 5 in a row


def test_twenty_failures_from_one_ip_lock_that_ip_only():
    make_user("erika")
    for number in range(20):  # a different username each time: only the IP rule applies
        fail(f"gast{number}", 1, ip="203.0.113.9")
    response = login("erika", PASSWORD, ip="203.0.113.9")
    assert response.status_code == 429
    assert login("erika", PASSWORD, ip="203.0.113.10").status_code == 302
    # a success does not clear the IP's counter (else one valid account would unlock guessing)
    assert login("erika", PASSWORD, ip="203.0.113.9").status_code == 429
    age_attempts(16)
    assert login("erika", PASSWORD, ip="203.0.113.9").status_code == 302


def test_nineteen_failures_from_one_ip_do_not_lock():
    make_user("erika")
    for number in range(19):
        fail(f"gast{number}", 1, ip="203.0.113.9")
    assert login("erika", PASSWORD, ip="203.0.113.9").status_code == 302


def token_request(username: str, password: str, ip: str = "192.0.2.1"):
    request = APIRequestFactory().post(
        "/api/token/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )
    return throttled_obtain_auth_token(request)


def test_token_endpoint_gives_a_token_and_is_throttled_like_the_form():
    user = make_user("erika")
    ok = token_request("erika", PASSWORD)
    assert ok.status_code == 200 and ok.data["token"] == user.auth_token.key
    assert token_request("erika", PASSWORD).data["token"] == ok.data["token"]  # same token
    for _ in range(3):
        assert token_request("erika", "falsch").status_code == 400
    fail("erika", 2)  # form and API share the counter
    locked = token_request("erika", PASSWORD)
    assert locked.status_code == 429
    assert locked.data["detail"].startswith("Zu viele fehlgeschlagene Anmeldeversuche.")
    assert int(locked["Retry-After"]) > 14 * 60
    age_attempts(16)
    assert token_request("erika", PASSWORD).status_code == 200
    assert not LoginAttempt.objects.filter(username="erika").exists()


def test_inactive_account_gets_no_token():
    make_user("erika", is_active=False)
    assert token_request("erika", PASSWORD).status_code == 400


def test_client_ip_behind_a_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20"
    )
    assert client_ip(request) == "10.0.0.1"  # header ignored unless configured
    settings.FACHKRAEFTE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # the last entry is the one our proxy added; earlier ones are the client's own claims
    assert client_ip(request) == "198.51.100.20"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="kaputt")) is None
