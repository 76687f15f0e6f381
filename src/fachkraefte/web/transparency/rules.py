"""What the public record shows: every funded project (a ``Project`` exists only after the
funding decision), to everyone, without login. What it never shows (internal notes, reviews,
the responsible people, payment requests) is decided by the public fields in ``public``.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.projects.models import Project


def can_view_public_record(user: Any) -> bool:
    return True


def is_public_project(project: Project) -> bool:
    return project.pk is not None and project.programme_id is not None
