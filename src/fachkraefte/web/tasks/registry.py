"""The kinds of background task: a name and the function that does the work.

A task function takes the task's JSON parameters and a ``report`` callable
(``report(percent, message)``, message a German msgid marked with ``gettext_noop``) and returns
a JSON-serialisable result. It raises ``TaskFailed`` for an expected failure with a report to
show (e.g. every problem of a rejected file); any other exception is an internal error.
Apps register their kinds when Django starts (``AppConfig.ready``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Report = Callable[[int, str], None]
TaskFunction = Callable[[dict[str, Any], Report], dict[str, Any]]

_KINDS: dict[str, TaskFunction] = {}


class TaskFailed(Exception):  # noqa: N818  (a task outcome, raised on purpose)
    """The work could not be done; ``report`` (JSON) says why, for the task page."""

    def __init__(self, message: str, report: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.report = report or {}


class UnknownTaskKindError(LookupError):
    pass


def task_kind(name: str) -> Callable[[TaskFunction], TaskFunction]:
    """Register the decorated function as the task kind ``name``."""

    def register(function: TaskFunction) -> TaskFunction:
        if _KINDS.get(name, function) is not function:
            raise ValueError(f"Aufgabenart {name!r} ist schon registriert / already registered")
        _KINDS[name] = function
        return function

    return register


def task_function(name: str) -> TaskFunction:
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownTaskKindError(
            f"Unbekannte Aufgabenart {name!r} / unknown task kind {name!r}"
        ) from None
