"""Login throttling: growing delays per (account, address) and per address, a small capped
delay per account for unknown addresses, and never a lock a stranger can set for someone else."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import resolve
from fixtures_accounts import PASSWORD, make_user

from fachkraefte.web.accounts import throttling
from fachkraefte.web.accounts.api import ThrottledObtainAuthToken
from fachkraefte.web.accounts.models import KnownLoginAddress, LoginAttempt
from fachkraefte.web.accounts.throttling import client_ip

pytestmark = pytest.mark.django_db

HOME, ATTACKER = "192.0.2.1", "203.0.113.66"


def about(seconds: int) -> set[int]:
    """Retry-After values for a delay of ``seconds`` that began just now: a slow, shared test
    machine may take a second or two between the failure and the check."""
    return set(range(max(1, seconds - 2), seconds + 1))


def told_seconds(text: str) -> int:
    match = re.search(r"Bitte versuchen Sie es in (\d+) Sekunden? erneut\.", text)
    assert match, text
    return int(match.group(1))


def login(username: str, password: str, ip: str = HOME, language: str = "de"):
    return Client(REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE=language).post(
        "/konto/anmelden/", {"username": username, "password": password}
    )


def age_attempts(seconds: float) -> None:
    """Move every recorded failure into the past, as if that much time had gone by."""
    LoginAttempt.objects.update(attempted_at=F("attempted_at") - dt.timedelta(seconds=seconds))


def fail_patiently(username: str, times: int, ip: str) -> None:
    """``times`` recorded failures, waiting out each delay as a patient attacker would."""
    for _ in range(times):
        wait = throttling.login_delay_remaining(username=username, ip=ip)
        if wait:
            age_attempts(wait.total_seconds() + 0.5)
        assert login(username, "falsch", ip).status_code == 200


def test_delays_grow_for_the_guessing_pair_and_are_capped():
    make_user("erika")
    fail_patiently("erika", throttling.PAIR_FREE, ATTACKER)
    waits = []
    for _ in range(12):
        response = login("erika", "falsch", ATTACKER)
        assert response.status_code == 429  # even a guess is refused before the password is read
        waits.append(int(response["Retry-After"]))
        age_attempts(waits[-1] + 0.5)
        assert login("erika", "falsch", ATTACKER).status_code == 200
    for wait, expected in zip(waits, (1, 2, 4, 8, 16, 32, 64), strict=False):
        assert wait in about(expected), waits
    assert waits == sorted(waits) and waits[-1] == 900  # 15 minutes at most
    # refused attempts are not counted, so a delay does not grow while someone hammers on
    recorded = LoginAttempt.objects.count()
    for _ in range(5):
        assert login("erika", PASSWORD, ATTACKER).status_code == 429
    assert LoginAttempt.objects.count() == recorded
    # after the delay the right password works even from the attacker's address
    age_attempts(901)
    assert login("erika", PASSWORD, ATTACKER).status_code == 302


def test_a_stranger_failing_a_hundred_times_does_not_stop_the_real_login():
    make_user("koordination")
    assert login("koordination", PASSWORD, HOME).status_code == 302  # home becomes known
    fail_patiently("koordination", 40, ATTACKER)
    # the real person at home signs in at once
    assert login("koordination", PASSWORD, HOME).status_code == 302
    # from a new address (a hotel) the account's soft delay applies, but only a few seconds
    hotel = login("koordination", PASSWORD, "198.51.100.7")
    assert hotel.status_code == 429
    assert int(hotel["Retry-After"]) <= throttling.ACCOUNT_DELAY_CAP.total_seconds()
    for _ in range(60):  # and 60 more tries right away: refused, the attacker waits 15 minutes
        response = login("koordination", "falsch", ATTACKER)
        assert response.status_code == 429 and int(response["Retry-After"]) > 800
    assert login("koordination", PASSWORD, HOME).status_code == 302
    age_attempts(throttling.ACCOUNT_DELAY_CAP.total_seconds())
    assert login("koordination", PASSWORD, "198.51.100.7").status_code == 302


def test_few_failures_from_many_addresses_give_at_most_the_small_account_delay():
    make_user("admin")
    for number in range(50):  # a botnet: two guesses from each of 25 addresses
        ip = f"203.0.113.{number // 2 + 1}"
        wait = throttling.login_delay_remaining(username="admin", ip=ip)
        assert wait <= throttling.ACCOUNT_DELAY_CAP
        age_attempts(wait.total_seconds() + 0.5)
        assert login("admin", "falsch", ip).status_code == 200
    assert LoginAttempt.objects.count() == 50
    response = login("admin", PASSWORD, "198.51.100.200")
    assert response.status_code == 429
    assert int(response["Retry-After"]) in about(10)
    assert told_seconds(response.content.decode()) == int(response["Retry-After"])


def test_username_case_does_not_give_a_fresh_counter():
    make_user("erika")
    for name in ("erika", "ERIKA", " Erika ", "Erika", "eRIKA"):
        wait = throttling.login_delay_remaining(username="erika", ip=ATTACKER)
        age_attempts(wait.total_seconds() + 0.5)
        assert login(name, "falsch", ATTACKER).status_code == 200
    response = login("erika", "falsch", ATTACKER)  # 5 failures: 4 seconds
    assert response.status_code == 429 and int(response["Retry-After"]) in about(4)


def test_successful_login_clears_the_pair_but_not_the_address():
    make_user("erika")
    fail_patiently("erika", 2, ATTACKER)
    for number in range(3):
        fail_patiently(f"gast{number}", 1, ATTACKER)
    assert login("erika", PASSWORD, ATTACKER).status_code == 302
    assert not LoginAttempt.objects.filter(username="erika").exists()
    assert LoginAttempt.objects.filter(ip=ATTACKER).count() == 3
    assert KnownLoginAddress.objects.filter(username="erika", ip=ATTACKER).exists()


def test_one_address_trying_many_accounts_is_slowed_down():
    make_user("erika")
    for number in range(throttling.ADDRESS_FREE + 3):  # a different username each time
        fail_patiently(f"gast{number}", 1, ATTACKER)
    response = login("erika", PASSWORD, ATTACKER)
    assert response.status_code == 429 and int(response["Retry-After"]) in about(8)
    assert login("erika", PASSWORD, "203.0.113.10").status_code == 302  # other addresses: not
    age_attempts(8.5)
    assert login("erika", PASSWORD, ATTACKER).status_code == 302


def test_the_wait_is_told_in_the_request_language():
    make_user("erika")
    fail_patiently("erika", throttling.PAIR_FREE + 8, ATTACKER)
    german = login("erika", PASSWORD, ATTACKER)
    assert "Anmeldung vorübergehend gesperrt" in german.content.decode()
    assert "Bitte versuchen Sie es in 5 Minuten erneut." in german.content.decode()
    english = login("erika", PASSWORD, ATTACKER, language="en")
    assert "Please try again in 5 minutes." in english.content.decode()
    assert 240 < int(english["Retry-After"]) <= 256


def test_failures_older_than_a_day_no_longer_count():
    make_user("erika")
    fail_patiently("erika", throttling.PAIR_FREE + 4, ATTACKER)
    age_attempts(24 * 3600 + 1)
    assert throttling.login_delay_remaining(username="erika", ip=ATTACKER) == dt.timedelta(0)


def test_password_reset_clears_every_failure_of_the_account():
    make_user("erika")
    fail_patiently("erika", 4, ATTACKER)
    throttling.login_success_record(username="erika")
    assert not LoginAttempt.objects.exists()


def token_request(username: str, password: str, ip: str = HOME, language: str = "de"):
    """Through the URL (and so the middleware that picks the request's language)."""
    client = Client(REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE=language)
    response = client.post("/api/token/", {"username": username, "password": password})
    response.data = response.json()
    return response


def test_token_endpoint_gives_a_token_and_is_throttled_like_the_form():
    assert resolve("/api/token/").func.view_class is ThrottledObtainAuthToken
    user = make_user("erika")
    ok = token_request("erika", PASSWORD)
    assert ok.status_code == 200 and ok.data["token"] == user.auth_token.key
    assert token_request("erika", PASSWORD).data["token"] == ok.data["token"]  # same token
    for _ in range(2):
        assert token_request("erika", "falsch", ATTACKER).status_code == 400
    fail_patiently("erika", 3, ATTACKER)  # form and API share the counters: 5 failures
    locked = token_request("erika", PASSWORD, ATTACKER)
    assert locked.status_code == 429
    assert locked.data["detail"].startswith("Zu viele fehlgeschlagene Anmeldeversuche.")
    assert int(locked["Retry-After"]) in about(4)
    assert told_seconds(locked.data["detail"]) == int(locked["Retry-After"])
    english = token_request("erika", PASSWORD, ATTACKER, language="en")
    assert "Please try again in" in english.data["detail"]
    assert token_request("erika", PASSWORD, HOME).status_code == 200  # the owner is not slowed
    age_attempts(4.5)
    assert token_request("erika", PASSWORD, ATTACKER).status_code == 200
    assert not LoginAttempt.objects.filter(username="erika").exists()


def test_inactive_account_gets_no_token():
    make_user("erika", is_active=False)
    assert token_request("erika", PASSWORD).status_code == 400


def test_proxy_header_is_ignored_unless_header_and_proxy_count_are_configured(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20, 10.0.0.2"
    )
    assert client_ip(request) == "10.0.0.1"  # not configured: the socket address
    settings.FACHKRAEFTE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert client_ip(request) == "10.0.0.1"  # a header without a proxy count is not trusted
    settings.FACHKRAEFTE_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.2"  # the entry our one proxy added
    settings.FACHKRAEFTE_TRUSTED_PROXY_COUNT = 2
    # two proxies: the address the outer one saw; "1.2.3.4" is the client's own claim
    assert client_ip(request) == "198.51.100.20"
    settings.FACHKRAEFTE_TRUSTED_PROXY_COUNT = 4  # fewer entries than proxies: not via them
    assert client_ip(request) == "10.0.0.1"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="kaputt")) is None


def test_a_spoofed_header_does_not_escape_the_delay_unless_configured(settings):
    make_user("erika")
    for number in range(throttling.PAIR_FREE):
        Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.9.9.{number}").post(
            "/konto/anmelden/", {"username": "erika", "password": "falsch"}
        )
    spoofed = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="10.9.9.99").post(
        "/konto/anmelden/", {"username": "erika", "password": PASSWORD}
    )
    assert spoofed.status_code == 429
    assert set(LoginAttempt.objects.values_list("ip", flat=True)) == {ATTACKER}
