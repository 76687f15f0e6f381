"""Programme statistics: the projects of a programme counted by one dimension at a time.

A project counts in every group it belongs to: a project in two districts counts in both,
a project with two themes under both. So the rows of the districts, themes and target groups
can add up to more than the programme's total, which is computed over the projects
themselves (``programme_totals``). The figures per project come from ``figures``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Min, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats.figures import ZERO, ProjectFigures, project_figures
from fachkraefte.web.projects.models import Project

Group = tuple[str, str]  # (key, label)


@dataclass(frozen=True)
class Dimension:
    slug: str
    label: Any
    groups: Callable[[Project, dict[str, str]], list[Group]]
    by_target_group: bool = False  # participants counted per group, not per project


def _none(label: Any) -> list[Group]:
    return [("", str(label))]


def _year(project: Project, _lands: dict[str, str]) -> list[Group]:
    return [(str(project.funding_year), str(project.funding_year))]


def _land(project: Project, lands: dict[str, str]) -> list[Group]:
    codes = sorted({district.land for district in project.districts.all()})
    return [(code, lands.get(code, code)) for code in codes] or _none(_("ohne Kreis"))


def _district(project: Project, _lands: dict[str, str]) -> list[Group]:
    districts = sorted(project.districts.all(), key=lambda d: d.ags)
    return [(d.ags, d.name) for d in districts] or _none(_("ohne Kreis"))


def _alliance(project: Project, _lands: dict[str, str]) -> list[Group]:
    if project.alliance_id is None:
        return _none(_("ohne Allianz"))
    return [(project.alliance.slug, project.alliance.name)]


def _action_field(project: Project, _lands: dict[str, str]) -> list[Group]:
    if project.action_field_id is None:
        return _none(_("ohne Angabe"))
    return [(str(project.action_field_id), project.action_field.title)]


def _priority(project: Project, _lands: dict[str, str]) -> list[Group]:
    if project.priority_id is None:
        return _none(_("ohne Angabe"))
    return [(str(project.priority_id), project.priority.title)]


def _theme(project: Project, _lands: dict[str, str]) -> list[Group]:
    themes = sorted({str(theme).strip() for theme in project.themes or [] if str(theme).strip()})
    return [(theme, theme) for theme in themes] or _none(_("ohne Angabe"))


def target_group_label(code: str) -> str:
    labels = dict(TargetGroup.choices)
    return str(labels.get(code, code))


def _target_group(project: Project, _lands: dict[str, str]) -> list[Group]:
    codes = [str(code) for code in project.target_groups or []]
    return [(code, target_group_label(code)) for code in codes] or _none(_("ohne Angabe"))


def _earmark(project: Project, _lands: dict[str, str]) -> list[Group]:
    if project.earmark_id is None:
        return _none(_("ohne Zweckbindung"))
    return [(project.earmark.slug, project.earmark.name)]


DIMENSIONS: dict[str, Dimension] = {
    d.slug: d
    for d in (
        Dimension("jahr", gettext_lazy("Förderjahr"), _year),
        Dimension("land", gettext_lazy("Land"), _land),
        Dimension("kreis", gettext_lazy("Kreis"), _district),
        Dimension("allianz", gettext_lazy("Allianz"), _alliance),
        Dimension("handlungsfeld", gettext_lazy("Handlungsfeld"), _action_field),
        Dimension("schwerpunkt", gettext_lazy("Schwerpunkt"), _priority),
        Dimension("thema", gettext_lazy("Thema"), _theme),
        Dimension("zielgruppe", gettext_lazy("Zielgruppe"), _target_group, by_target_group=True),
        Dimension("zweckbindung", gettext_lazy("Zweckbindung"), _earmark),
    )
}
DEFAULT_DIMENSION = "jahr"


def programmes_with_projects() -> QuerySet[Programme]:
    return Programme.objects.filter(projects__isnull=False).distinct().order_by("name")


def programme_projects(*, programme: Programme) -> QuerySet[Project]:
    """Every project of the programme: each one is past its funding decision."""
    return (
        Project.objects.filter(programme=programme)
        .select_related("alliance", "action_field", "priority", "earmark")
        .prefetch_related("districts")
    )


def land_names() -> dict[str, str]:
    return dict(Region.objects.filter(level=Region.Level.LAND).values_list("ags", "name"))


@dataclass
class StatisticsRow:
    key: str
    label: str
    projects: int = 0
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    participants: int = 0
    outcomes: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "projects": self.projects,
            "committed": self.committed,
            "paid": self.paid,
            "participants": self.participants,
            "outcomes": self.outcomes,
        }


def _add(row: StatisticsRow, figures: ProjectFigures, participants: int) -> None:
    row.projects += 1
    row.committed += figures.committed
    row.paid += figures.paid
    row.participants += participants
    row.outcomes += figures.outcomes


def statistics_rows(
    *,
    programme: Programme,
    dimension: str,
    figures: dict[int, ProjectFigures] | None = None,
) -> list[StatisticsRow]:
    """One row per group of ``dimension`` (see ``DIMENSIONS``), ordered by key; ``figures``
    (``project_figures`` of the programme's projects) when the caller has them already."""
    spec = DIMENSIONS[dimension]
    projects = programme_projects(programme=programme)
    figures = figures if figures is not None else project_figures(projects=projects)
    lands = land_names() if dimension == "land" else {}
    rows: dict[str, StatisticsRow] = {}
    for project in projects:
        own = figures[project.pk]
        for key, label in spec.groups(project, lands):
            row = rows.setdefault(key, StatisticsRow(key=key, label=label))
            participants = (
                own.participants_by_group.get(key, 0) if spec.by_target_group else own.participants
            )
            _add(row, own, participants)
    return sorted(rows.values(), key=lambda row: (row.key == "", row.key))


def programme_figures(*, programme: Programme) -> dict[int, ProjectFigures]:
    return project_figures(projects=Project.objects.filter(programme=programme))


def programme_totals(
    *, programme: Programme, figures: dict[int, ProjectFigures] | None = None
) -> StatisticsRow:
    """The programme's total over its projects (each project once)."""
    figures = figures if figures is not None else programme_figures(programme=programme)
    total = StatisticsRow(key="", label=_("Insgesamt"))
    for own in figures.values():
        _add(total, own, own.participants)
    return total


def first_year(*, programme: Programme) -> int | None:
    return Project.objects.filter(programme=programme).aggregate(first=Min("funding_year"))["first"]
