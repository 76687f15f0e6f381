"""The public face of a project: which fields the public record shows, and its filters.

The columns below are the whole of what the list, its downloads and the API tell about a
project. ``internal_note``, the responsible people, reviews and payment requests are not among
them, and nothing here reads them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy

from fachkraefte.tabular import Column
from fachkraefte.web.projects.models import Project
from fachkraefte.web.transparency.selectors import PublicFilters


def period_text(project: Project) -> str:
    if project.starts_on and project.ends_on:
        return f"{project.starts_on:%m/%Y}–{project.ends_on:%m/%Y}"
    if project.starts_on:
        return f"{project.starts_on:%m/%Y}–"
    return str(project.funding_year)


def district_names(project: Project) -> str:
    return ", ".join(d.name for d in sorted(project.districts.all(), key=lambda d: d.name))


PUBLIC_COLUMNS = [
    Column("title", gettext_lazy("Projekt"), lambda p: p.title, "title"),
    Column("recipient", gettext_lazy("Zuwendungsempfänger"), lambda p: p.recipient, "recipient"),
    Column(
        "alliance",
        gettext_lazy("Allianz"),
        lambda p: p.alliance.name if p.alliance_id else "",
        "alliance__name",
    ),
    Column("districts", gettext_lazy("Kreis"), district_names),
    Column(
        "funding_year", gettext_lazy("Förderjahr"), lambda p: p.funding_year, "funding_year", True
    ),
    Column(
        "amount",
        gettext_lazy("bewilligt (EUR)"),
        lambda p: p.approved_amount,
        "approved_amount",
        True,
        2,
    ),
    Column("period", gettext_lazy("Laufzeit"), period_text, "starts_on"),
    Column(
        "action_field",
        gettext_lazy("Handlungsfeld"),
        lambda p: p.action_field.title if p.action_field_id else "",
        "action_field__title",
    ),
    Column("status", gettext_lazy("Status"), lambda p: p.get_status_display(), "status"),
    Column(
        "outcomes",
        gettext_lazy("Ergebnisse (erreicht)"),
        lambda p: p.outcomes_achieved,
        "outcomes_achieved",
        True,
    ),
]


def _number(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def filters_from(params: Mapping[str, str]) -> PublicFilters:
    """The list's filters from the query string; malformed values are ignored, never an error."""
    status = params.get("status", "")
    return PublicFilters(
        programme=params.get("programm", "").strip()[:80],
        alliance=params.get("allianz", "").strip()[:80],
        district=params.get("kreis", "").strip()[:5],
        year=_number(params.get("jahr")),
        action_field=_number(params.get("handlungsfeld")),
        status=status if status in Project.Status.values else "",
        text=params.get("q", "").strip()[:100],
    )
