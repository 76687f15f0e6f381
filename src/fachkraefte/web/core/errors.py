"""Error pages in the site's layout (400, 403, 404, 405, 429, 500) and one-line 4xx logging.

``urls.py`` names the handlers for the errors Django raises itself; 405 and 429 are answers
that views return (``require_POST``, throttles), so a middleware gives their bare bodies the
same page. API answers (JSON) are left alone: scripts read their status and body.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.urls import Resolver404
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

TEMPLATE = "errors/error.html"


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Ungültige Anfrage"),
            _("Die Anfrage konnte nicht verarbeitet werden. Bitte prüfen Sie die Adresse."),
        ),
        403: (
            _("Zugriff verweigert"),
            _("Sie haben keine Berechtigung für diese Seite oder Aktion."),
        ),
        404: (
            _("Seite nicht gefunden"),
            _("Unter dieser Adresse gibt es keine Seite. Vielleicht ist der Link veraltet."),
        ),
        405: (
            _("Aktion so nicht möglich"),
            _(
                "Diese Adresse nimmt nur Formulare entgegen. Bitte nutzen Sie die Schaltfläche "
                "auf der Seite."
            ),
        ),
        429: (
            _("Zu viele Anfragen"),
            _("Bitte warten Sie einen Moment und versuchen Sie es dann erneut."),
        ),
        500: (
            _("Interner Fehler"),
            _(
                "Auf dem Server ist ein Fehler aufgetreten. Er wurde protokolliert; bitte "
                "versuchen Sie es später erneut."
            ),
        ),
    }


def user_reason(exception: BaseException | None) -> str:
    """The message the code gave, where it is meant for people.

    ``Http404``/``PermissionDenied`` raised by our views carry German (or English) sentences;
    the URL resolver's 404 and ``get_object_or_404``'s "No … matches the given query." are
    technical and say nothing a visitor could act on.
    """
    if not isinstance(exception, Http404 | PermissionDenied) or isinstance(exception, Resolver404):
        return ""
    message = str(exception.args[0]) if exception.args else ""
    if not isinstance(exception.args[0] if exception.args else "", str):
        return ""
    if message.endswith("matches the given query."):
        return ""
    return message


def _back_url(request: HttpRequest) -> str:
    """The previous page on this site, if the browser named one."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: the 400 page itself must not fail
        return ""
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return ""


def error_page(
    request: HttpRequest, status: int, exception: BaseException | None = None
) -> HttpResponse:
    title, explanation = _titles()[status]
    context = {
        "status": status,
        "title": title,
        "explanation": explanation,
        "reason": user_reason(exception),
        "back_url": _back_url(request),
    }
    try:
        body = render_to_string(TEMPLATE, context, request=request)
    except Exception:  # the layout needs the database (user, messages): without it, plain text
        logging.getLogger(__name__).exception("error page %s could not be rendered", status)
        body = (
            f"<!DOCTYPE html><html lang=de><title>{escape(title)}</title><h1>{status} "
            f"{escape(title)}</h1><p>{escape(explanation)}</p><p><a href='/'>Startseite</a>"
        )
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return error_page(request, 400, exception)


def permission_denied(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return error_page(request, 403, exception)


def page_not_found(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return error_page(request, 404, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (e.g. after the session expired)."""
    response = error_page(
        request,
        403,
        PermissionDenied(
            _(
                "Das Formular ist abgelaufen oder wurde nicht von dieser Seite gesendet. Bitte laden "
                "Sie die Seite neu und senden Sie es erneut."
            )
        ),
    )
    return response


def _bare(response: HttpResponse) -> bool:
    """A 405/429 answer without a page of its own (not JSON, not a rendered form)."""
    if response.streaming or response.status_code not in (405, 429):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    return isinstance(response, HttpResponseNotAllowed) or not response.content


def error_pages(get_response: Callable[[HttpRequest], HttpResponse]):
    """Middleware: bare 405 and 429 answers get the error page, keeping their headers."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not _bare(response):
            return response
        page = error_page(request, response.status_code)
        for header in ("Allow", "Retry-After"):
            if header in response:
                page[header] = response[header]
        return page

    return middleware


class OneLineClientErrors(logging.Filter):
    """``django.request`` logs a 403 with the whole traceback of ``PermissionDenied``; an
    ordinary refusal is one line in the log, server errors (5xx) keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
