"""Django validation errors of the services as the API's 400 answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError as ApiValidationError

Result = TypeVar("Result")


def api_service_call(service: Callable[..., Result], /, *args: Any, **kwargs: Any) -> Result:
    """Run a service; its (German, translated) validation messages become a 400 answer.

    Services raise Django's ``ValidationError``, which DRF would answer with a 500: messages
    tied to fields keep their field names, the others stand under ``detail``.
    """
    try:
        return service(*args, **kwargs)
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise ApiValidationError(error.message_dict) from error
        raise ApiValidationError({"detail": error.messages}) from error
