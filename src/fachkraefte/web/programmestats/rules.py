"""Who may read the programme statistics and import a programme's history.

The statistics are published aggregates over funded projects (past their decision): public.
Importing a funder's list creates projects and is the coordination office's job.
"""

from __future__ import annotations

from typing import Any

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.programmes.models import Programme


def can_view_statistics(user: Any) -> bool:
    return True


def can_view_programme(user: Any, programme: Programme) -> bool:
    return programme.projects.exists()


def can_import_historic(user: Any) -> bool:
    return is_coordination(user)
