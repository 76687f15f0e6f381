"""Reject request data that contains NUL characters, before any view sees it.

PostgreSQL text cannot hold NUL (0x00), so a NUL in a look-up or a saved field turns into a
server error there, while SQLite accepts it. Django's and DRF's character fields refuse NUL,
but look-ups by slug or user name (e.g. ``/api/token/``) pass the value straight to the
database. One check at the door answers every such request with 400 on both databases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _

# A JSON escape ``\u0000`` (any case), not preceded by an escaped backslash.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(data: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )


def _form_fields(request: HttpRequest) -> Iterable[QueryDict]:
    if request.method == "POST":
        # Django parses the form (files go to the upload handlers, not into memory).
        yield request.POST
    elif request.content_type == "application/x-www-form-urlencoded":
        yield QueryDict(request.body, encoding=request.encoding)
    # Multipart PUT/PATCH is left to the API's own parsers, whose fields refuse NUL.


def _rejected(request: HttpRequest) -> bool:
    if _has_nul(request.GET):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.content_type in _FORM_TYPES:
        return any(_has_nul(fields) for fields in _form_fields(request))
    body = request.body
    return b"\x00" in body or _JSON_NUL.search(body) is not None


def reject_null_characters(get_response: Callable[[HttpRequest], HttpResponse]):
    """Middleware answering 400 to requests whose parameters or body contain NUL."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if _rejected(request):
            message = _(
                "Die Anfrage enthält ein Nullzeichen (U+0000) in einem Parameter oder Feld; "
                "bitte entfernen Sie es."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware
