"""Login throttling: 5 failures for one username or 20 from one IP within 15 minutes lock out
further attempts for 15 minutes. Used by the login form and the API token endpoint.

Refused attempts are not recorded, so a lockout ends 15 minutes after the failure that caused
it; otherwise an attacker could keep a person locked out for ever by guessing on. A successful
login clears the username's failures but not the IP's, so that one valid account cannot be
used to reset the counter for guessing at others.
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

from fachkraefte.web.accounts.models import LoginAttempt

USERNAME_LIMIT = 5
IP_LIMIT = 20
WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)
# Failed attempts are kept a day for the record, then deleted (they hold IP addresses).
RETENTION = dt.timedelta(days=1)


def normalise_username(username: str) -> str:
    """Case and surrounding blanks must not give an attacker a fresh counter."""
    return (username or "").strip().casefold()[:150]


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind a reverse proxy set ``FACHKRAEFTE_CLIENT_IP_HEADER`` (a
    Django setting, e.g. ``HTTP_X_FORWARDED_FOR``): the last address in it is the one our own
    proxy saw; earlier ones are supplied by the client and cannot be trusted."""
    header = getattr(settings, "FACHKRAEFTE_CLIENT_IP_HEADER", None)
    raw = request.META.get(header, "") if header else ""
    candidate = raw.split(",")[-1].strip() if raw else request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def _remaining(failures: QuerySet[LoginAttempt], limit: int, now: dt.datetime) -> dt.timedelta:
    recent = list(
        failures.filter(attempted_at__gt=now - WINDOW - LOCKOUT)
        .order_by("-attempted_at")
        .values_list("attempted_at", flat=True)[:limit]
    )
    if len(recent) < limit or recent[0] - recent[-1] > WINDOW:
        return dt.timedelta(0)
    return max(recent[0] + LOCKOUT - now, dt.timedelta(0))


def login_lockout_remaining(
    *, username: str, ip: str | None, now: dt.datetime | None = None
) -> dt.timedelta:
    """How long sign-ins for ``username`` or from ``ip`` are still refused (zero: allowed)."""
    now = now or timezone.now()
    remaining = _remaining(
        LoginAttempt.objects.filter(username=normalise_username(username)), USERNAME_LIMIT, now
    )
    if ip:
        remaining = max(remaining, _remaining(LoginAttempt.objects.filter(ip=ip), IP_LIMIT, now))
    return remaining


def login_failure_record(*, username: str, ip: str | None) -> None:
    now = timezone.now()
    LoginAttempt.objects.create(username=normalise_username(username), ip=ip, attempted_at=now)
    LoginAttempt.objects.filter(attempted_at__lt=now - RETENTION).delete()


def login_success_record(*, username: str) -> None:
    LoginAttempt.objects.filter(username=normalise_username(username)).delete()


def locked_message(remaining: dt.timedelta) -> str:
    """What the person is told, in whole minutes (at least 1, never "0 Minuten")."""
    count = max(1, math.ceil(remaining.total_seconds() / 60))
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
