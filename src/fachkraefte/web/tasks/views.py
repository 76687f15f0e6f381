"""Task pages: the list of one's tasks and a task's status, refreshed by HTMX polling."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.core import tables
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.selectors import task_for_user, tasks_visible_to

POLL_SECONDS = 2


def display_title(task: Task) -> str:
    """The stored msgid translated, with its placeholders filled from the parameters."""
    try:
        return _(task.title) % task.params
    except (KeyError, TypeError, ValueError):
        return task.title


def _result_lines(task: Task) -> list[tuple[str, Any]]:
    # Labels and fixed outcomes are msgids; other values (file names, ids) pass gettext unchanged.
    lines = (task.result or {}).get("lines") or []
    return [
        (_(label), _(value) if isinstance(value, str) and value else value)
        for label, value in lines
    ]


def _problems(task: Task, language: str) -> list[dict[str, Any]]:
    problems = (task.error_report or {}).get("problems") or []
    key = "message_en" if language == "en" else "message_de"
    return [{**p, "message": p.get(key) or p.get("message_de", "")} for p in problems]


def _context(request: HttpRequest, task: Task) -> dict[str, Any]:
    return {
        "task": task,
        "title": display_title(task),
        "message": _(task.message) if task.message else "",
        "lines": _result_lines(task),
        "links": (task.result or {}).get("links") or [],
        "problems": _problems(task, request.LANGUAGE_CODE),
        "internal_error": (task.error_report or {}).get("error"),
        "poll_seconds": POLL_SECONDS,
    }


def _visible_task(request: HttpRequest, task_id: int) -> Task:
    task = task_for_user(user=request.user, task_id=task_id)
    if task is None:
        # Not 403: whether someone else's task exists is none of this user's business.
        raise Http404(_("Keine solche Aufgabe"))
    return task


TASK_COLUMNS = [
    tables.Column("title", gettext_lazy("Aufgabe"), display_title, "title"),
    tables.Column("status", gettext_lazy("Status"), lambda t: t.get_status_display(), "status"),
    tables.Column(
        "progress", gettext_lazy("Fortschritt (%)"), lambda t: t.progress, "progress", True
    ),
    tables.Column(
        "created_by",
        gettext_lazy("angelegt von"),
        lambda t: t.created_by.get_username() if t.created_by else "",
        "created_by__username",
    ),
    tables.Column("created", gettext_lazy("angelegt am"), lambda t: t.created_at, "created_at"),
]


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks the person may see; filter by status and kind; sortable; CSV/XLSX."""
    tasks = tasks_visible_to(user=request.user).select_related("created_by")
    kinds = sorted(set(tasks.order_by().values_list("kind", flat=True)))
    status = request.GET.get("status", "").strip()
    kind = request.GET.get("art", "").strip()
    if status in Task.Status.values:
        tasks = tasks.filter(status=status)
    if kind:
        tasks = tasks.filter(kind=kind)
    result = tables.table(
        request,
        TASK_COLUMNS,
        tasks,
        default="created",
        default_descending=True,
        filename="aufgaben",
    )
    if isinstance(result, HttpResponse):
        return result
    rows = [{"task": task, "title": display_title(task)} for task in result["page"].object_list]
    context = {
        "rows": rows,
        "status": status,
        "statuses": Task.Status.choices,
        "kind": kind,
        "kinds": kinds,
        **result,
    }
    return render(request, "tasks/task_list.html", context)


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _visible_task(request, task_id)
    return render(request, "tasks/task_detail.html", _context(request, task))


@login_required
def task_status(request: HttpRequest, task_id: int) -> HttpResponse:
    """The status block alone, for HTMX to swap in while the task runs."""
    task = _visible_task(request, task_id)
    response = render(request, "tasks/_task_status.html", _context(request, task))
    response["Cache-Control"] = "no-store"
    return response
