"""One shape for the API's workflow steps on one record (submit, approve, review, transition …).

Each step is the same four moves: find the record (404 where the user may not see it), ask the
app's rule (403), validate the body, call the service (its refusals are 400s) and answer with
the record. The rule comes before the body for the reason ``authorise`` gives; a step states
only its rule, its body serializer and its service call (``workflow_step``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from fachkraefte.web.core.api_errors import api_service_call

Step = Callable[[Any, Any, Any, Mapping[str, Any]], Any]


def workflow_step(
    rule: Callable[[Any, Any], Any] | None = None,
    refusal: Any = None,
    *,
    body: type[Serializer] | None = None,
) -> Callable[[Step], Callable[..., Response]]:
    """The endpoint of ``step(self, record, actor, values)``, which calls the service.

    The endpoint takes the record from ``self.get_object()``, answers 403 with ``refusal`` (None:
    DRF's own text) where ``rule(user, record)`` is false, validates the request body with
    ``body`` (no body: ``values`` is empty), runs the step through ``api_service_call`` and
    answers with ``self.answer`` of what the step returns (None: the record). A lazy
    ``refusal`` is translated per request.
    """

    def decorate(step: Step) -> Callable[..., Response]:
        @functools.wraps(step)
        def endpoint(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
            record = self.get_object()
            if rule is not None and not rule(request.user, record):
                raise PermissionDenied(refusal)
            values: Mapping[str, Any] = {}
            if body is not None:
                serializer = body(data=request.data)
                serializer.is_valid(raise_exception=True)
                values = serializer.validated_data
            written = api_service_call(step, self, record, request.user, values)
            return self.answer(record if written is None else written)

        return endpoint

    return decorate


# The two answers of a write. No docstrings: drf-spectacular would print a mixin's docstring
# as the description of every operation of a viewset that has none of its own.


class AnswerReadAgain:
    # the record as the viewset's own queryset shows it after the write (read again, so that
    # annotations and prefetched lines are those of the new state)

    def answer(self, record: Any, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(fresh).data, status=code)


class AnswerAsWritten:
    # the record as the service returned it, in the viewset's serializer

    def answer(self, record: Any, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(record).data, status=code)
