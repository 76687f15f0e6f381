"""What the overlap check compares: a project text with its optional structure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProjectText:
    """A proposal or project as the overlap check sees it.

    Only ``title`` and ``description`` are compared as text; districts (AGS of Kreise), KldB
    occupation codes, target groups and the period are compared as structure and named in the
    explanation. ``key`` identifies the record in an index (e.g. ``"proposal:12"``); ``label``
    is what a person reads for it (provider, district, status).
    """

    title: str
    description: str = ""
    key: str = ""
    label: str = ""
    districts: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        title = self.title.strip()
        description = self.description.strip()
        if not description:
            return title
        if not title:
            return description
        end = "" if title.endswith((".", "!", "?", ":")) else "."
        return f"{title}{end} {description}"


def as_record(value: str | ProjectText) -> ProjectText:
    """A plain string is a record with that text as its title."""
    if isinstance(value, ProjectText):
        return value
    if isinstance(value, str):
        return ProjectText(title=value)
    raise TypeError(f"expected a string or ProjectText, got {type(value).__name__}")
