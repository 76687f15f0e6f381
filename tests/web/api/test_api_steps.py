"""``workflow_step``: the rule answers before the body is read, the body before the service runs,
the service's refusals are 400s, and the answer is the record the step worked on."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from fachkraefte.web.api.steps import AnswerAsWritten, AnswerReadAgain, workflow_step

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
RECORD = object()
ACTOR = object()


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5)


def _may(user: Any, record: Any) -> bool:
    return STEPS.allowed and user is ACTOR and record is RECORD


class Steps:
    """A viewset as far as ``workflow_step`` needs one; ``calls`` records what the steps did."""

    def __init__(self, *, allowed: bool = True) -> None:
        self.allowed = allowed
        self.calls: list[tuple[Any, Any, dict]] = []

    def get_object(self) -> Any:
        return RECORD

    def answer(self, record: Any) -> Response:
        return Response({"answered": record is RECORD})

    @workflow_step(_may, "Nein.", body=NoteSerializer)
    def note(self, record: Any, actor: Any, values: Any) -> None:
        self.calls.append((record, actor, dict(values)))
        if values["note"] == "nope":
            raise DjangoValidationError("Der Dienst lehnt ab.")

    @workflow_step(
        lambda user, record: False, gettext_lazy("Mittelabrufe gibt die Koordinierungsstelle frei.")
    )
    def refused(self, record: Any, actor: Any, values: Any) -> None:
        self.calls.append((record, actor, dict(values)))


STEPS = Steps()


def _request(data: Any) -> Request:
    request = Request(APIRequestFactory().post("/", data, format="json"), parsers=[JSONParser()])
    request.user = ACTOR
    return request


@pytest.fixture(autouse=True)
def _fresh_steps():
    STEPS.allowed = True
    STEPS.calls.clear()


def test_the_rule_refuses_before_the_body_is_read():
    STEPS.allowed = False
    with pytest.raises(PermissionDenied) as refused:
        STEPS.note(_request({"note": "far too long"}))
    assert str(refused.value.detail) == "Nein."
    assert STEPS.calls == []


def test_an_invalid_body_is_a_400_and_the_step_does_not_run():
    with pytest.raises(ValidationError) as invalid:
        STEPS.note(_request({"note": "far too long"}))
    assert set(invalid.value.detail) == {"note"}
    assert STEPS.calls == []


def test_the_step_gets_record_actor_and_values_and_the_answer_is_the_record():
    response = STEPS.note(_request({"note": "ok"}), pk="1")
    assert STEPS.calls == [(RECORD, ACTOR, {"note": "ok"})]
    assert response.data == {"answered": True}


def test_a_refusal_of_the_service_is_a_400_with_its_message():
    with pytest.raises(ValidationError) as refused:
        STEPS.note(_request({"note": "nope"}))
    assert refused.value.detail == {"detail": ["Der Dienst lehnt ab."]}


def test_a_lazy_refusal_speaks_the_language_of_the_request():
    # the decorator is applied on import; the refusal must be translated when it is raised
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        STEPS.refused(_request({}))
    assert str(refused.value.detail) == "Payment requests are approved by the coordination office."
    assert STEPS.calls == []


@pytest.mark.parametrize(
    ("path", "method", "body", "answer"),
    [
        ("/api/payment-requests/{id}/approve/", "post", "Decision", "PaymentRequest"),
        ("/api/reports/{id}/", "put", "ReportText", "Report"),
        ("/api/agenda-items/{id}/transition/", "post", "Transition", "AgendaItem"),
        ("/api/reviews/{id}/lift/", "post", "Reason", "Review"),
        ("/api/proposals/{id}/withdraw/", "post", None, "Proposal"),
    ],
)
def test_the_schema_still_describes_body_and_answer_of_a_step(path, method, body, answer):
    operation = SCHEMA["paths"][path][method]
    sent = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    assert sent.get("schema") == ({"$ref": f"#/components/schemas/{body}"} if body else None)
    answered = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answered == {"$ref": f"#/components/schemas/{answer}"}


def test_the_answer_mixins_add_no_description_to_the_schema():
    # drf-spectacular describes an operation by the first docstring along its viewset's bases
    assert AnswerReadAgain.__doc__ is None and AnswerAsWritten.__doc__ is None
    assert "description" not in SCHEMA["paths"]["/api/reports/{id}/submit/"]["post"]
