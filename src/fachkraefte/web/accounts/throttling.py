"""Login throttling with growing delays that a stranger cannot turn into a lockout.

Used by the login form and the API token endpoint; failures are kept in the database
(``LoginAttempt``), so the delays hold across worker processes. Three counters, each over the
failures of the last day:

- the pair (account, address): after ``PAIR_FREE`` failures the pair waits 2^k seconds after
  its last failure (k = failures beyond the free ones), at most ``MAX_DELAY``. This slows the
  one who guesses; the account's owner at another address is not affected.
- the address, over all accounts: after ``ADDRESS_FREE`` failures the same growing delay, so
  that one address cannot try many accounts (a success does not clear it, else one valid
  account would unlock guessing at all others).
- the account, over all addresses (a guesser with many addresses): a *soft* delay that grows
  the same way but never beyond ``ACCOUNT_DELAY_CAP`` seconds, and that spares the addresses
  from which the account has signed in before (``KnownLoginAddress``).

There is no hard lock: a correct password from an address that is not delayed always works,
so nobody can shut a person out of their account by failing in their name. Refused (delayed)
attempts are not recorded; otherwise a guesser could keep a delay growing for ever.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from fachkraefte.web.accounts.models import KnownLoginAddress, LoginAttempt

PAIR_FREE = 3
ADDRESS_FREE = 20
ACCOUNT_FREE = 10
MAX_DELAY = dt.timedelta(minutes=15)
ACCOUNT_DELAY_CAP = dt.timedelta(seconds=10)
# Failures count for a day and are then deleted (they hold IP addresses); an address from
# which an account signed in is remembered for 90 days.
WINDOW = dt.timedelta(days=1)
KNOWN_ADDRESS_RETENTION = dt.timedelta(days=90)


def normalise_username(username: str) -> str:
    """Case and surrounding blanks must not give an attacker a fresh counter."""
    return (username or "").strip().casefold()[:150]


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or, behind reverse proxies, the entry of the
    header named by ``FACHKRAEFTE_CLIENT_IP_HEADER`` that the outermost of
    ``FACHKRAEFTE_TRUSTED_PROXY_COUNT`` proxies added. Each proxy appends the address it saw,
    so entries left of that one are the client's own claims and are never used. Without both
    settings the header is ignored: anyone could otherwise pick their address per attempt."""
    header = getattr(settings, "FACHKRAEFTE_CLIENT_IP_HEADER", None)
    proxies = int(getattr(settings, "FACHKRAEFTE_TRUSTED_PROXY_COUNT", 0) or 0)
    candidate = request.META.get("REMOTE_ADDR", "")
    if header and proxies > 0:
        entries = [e.strip() for e in request.META.get(header, "").split(",") if e.strip()]
        if len(entries) >= proxies:
            candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def growing_delay(failures: int, free: int, cap: dt.timedelta = MAX_DELAY) -> dt.timedelta:
    """2^k seconds for the k-th failure beyond ``free`` (1, 2, 4, ... s), at most ``cap``.

    >>> [growing_delay(n, 3).total_seconds() for n in (2, 3, 4, 5, 20)]
    [0.0, 1.0, 2.0, 4.0, 900.0]
    """
    if failures < free:
        return dt.timedelta(0)
    # Past 2^30 s every sensible cap is reached; the guard keeps timedelta from overflowing.
    return min(dt.timedelta(seconds=2 ** min(failures - free, 30)), cap)


def _wait(
    failures: QuerySet[LoginAttempt], free: int, now: dt.datetime, cap: dt.timedelta = MAX_DELAY
) -> dt.timedelta:
    recent = failures.filter(attempted_at__gt=now - WINDOW).order_by("-attempted_at")
    count = recent.count()
    if count < free:
        return dt.timedelta(0)
    last = recent.values_list("attempted_at", flat=True)[0]
    return max(last + growing_delay(count, free, cap) - now, dt.timedelta(0))


def login_delay_remaining(
    *, username: str, ip: str | None, now: dt.datetime | None = None
) -> dt.timedelta:
    """How long a sign-in for ``username`` from ``ip`` must still wait (zero: go ahead)."""
    now = now or timezone.now()
    name = normalise_username(username)
    account = LoginAttempt.objects.filter(username=name)
    remaining = dt.timedelta(0)
    known = False
    if ip:
        remaining = max(
            _wait(account.filter(ip=ip), PAIR_FREE, now),
            _wait(LoginAttempt.objects.filter(ip=ip), ADDRESS_FREE, now),
        )
        known = KnownLoginAddress.objects.filter(
            username=name, ip=ip, succeeded_at__gt=now - KNOWN_ADDRESS_RETENTION
        ).exists()
    if not known:
        remaining = max(remaining, _wait(account, ACCOUNT_FREE, now, ACCOUNT_DELAY_CAP))
    return remaining


def login_failure_record(*, username: str, ip: str | None) -> None:
    now = timezone.now()
    LoginAttempt.objects.create(username=normalise_username(username), ip=ip, attempted_at=now)
    LoginAttempt.objects.filter(attempted_at__lt=now - WINDOW).delete()


def login_success_record(*, username: str, ip: str | None = None) -> None:
    """Clears the pair's failures (the address's stay) and remembers the address as known.

    Without ``ip`` (a password reset proves ownership, not a place) all the account's failures
    are cleared."""
    now = timezone.now()
    name = normalise_username(username)
    failures = LoginAttempt.objects.filter(username=name)
    if ip is None:
        failures.delete()
        return
    failures.filter(ip=ip).delete()
    KnownLoginAddress.objects.update_or_create(username=name, ip=ip, defaults={"succeeded_at": now})
    KnownLoginAddress.objects.filter(succeeded_at__lt=now - KNOWN_ADDRESS_RETENTION).delete()


def locked_message(remaining: dt.timedelta) -> str:
    """What the person is told: seconds under two minutes, else whole minutes (never 0)."""
    seconds = max(1, math.ceil(remaining.total_seconds()))
    if seconds < 120:
        return ngettext(
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in %(seconds)d "
            "Sekunde erneut.",
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in %(seconds)d "
            "Sekunden erneut.",
            seconds,
        ) % {"seconds": seconds}
    count = math.ceil(seconds / 60)
    return ngettext(
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in %(minutes)d "
        "Minute erneut.",
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in %(minutes)d "
        "Minuten erneut.",
        count,
    ) % {"minutes": count}


def retry_after(remaining: dt.timedelta) -> str:
    """The HTTP ``Retry-After`` value in seconds."""
    return str(max(1, math.ceil(remaining.total_seconds())))
