"""What each kind of public record puts into the search index (``Entry``), and what not.

Only what the public pages show is indexed: published measures and good practices, published
and closed calls, funded projects (without their internal note), alliances (public pages),
districts and occupation groups. Drafts and internal records never enter the index, so the
search cannot leak them, whoever searches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Model
from django.urls import reverse

from fachkraefte import occupations
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.calls.models import Call
from fachkraefte.web.calls.rules import PUBLIC_STATES as PUBLIC_CALL_STATES
from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge.models import GoodPractice, Measure
from fachkraefte.web.knowledge.rules import is_public
from fachkraefte.web.projects.models import Project
from fachkraefte.web.sitesearch.models import Kind


@dataclass(frozen=True)
class Entry:
    kind: str
    key: str
    title: str
    url: str
    text: str = ""
    land: str = ""
    districts: tuple[str, ...] = ()
    action_areas: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    occupations: tuple[str, ...] = field(default=())


def _join(*parts: str) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _groups(codes: Iterable[str]) -> tuple[str, ...]:
    """KldB codes as their Berufsgruppe (three digits), the occupation filter's level."""
    return tuple(sorted({str(code)[:3] for code in codes if len(str(code)) >= 3}))


def _land_of(districts: list[Region], land: str = "") -> str:
    lands = {district.land for district in districts}
    return land or (lands.pop() if len(lands) == 1 else "")


def project_url(project: Project) -> str:
    """The project's public page (the public record): search hits and catalogue entries are
    public, so they never link to the internal project page behind the login."""
    return reverse("transparency:detail", args=[project.pk])


def measure_entry(measure: Measure) -> Entry | None:
    if not is_public(measure):
        return None
    districts = list(measure.districts.all())
    return Entry(
        kind=Kind.MEASURE,
        key=str(measure.pk),
        title=measure.title,
        url=measure.get_absolute_url(),
        text=_join(measure.summary, measure.description, measure.provider, measure.funding_source),
        land=_land_of(districts, measure.land_id or ""),
        districts=tuple(d.ags for d in districts),
        action_areas=tuple(measure.action_areas),
        target_groups=tuple(measure.target_groups),
        occupations=_groups(measure.occupations),
    )


def practice_entry(practice: GoodPractice) -> Entry | None:
    if not is_public(practice):
        return None
    return Entry(
        kind=Kind.PRACTICE,
        key=str(practice.pk),
        title=practice.title,
        url=practice.get_absolute_url(),
        text=_join(
            practice.employer,
            practice.place,
            practice.summary,
            practice.finding,
            practice.binding,
            practice.keeping,
            practice.recommendations,
        ),
        land=practice.district.land,
        districts=(practice.district_id,),
        action_areas=tuple(practice.action_areas),
        target_groups=tuple(practice.target_groups),
        occupations=_groups(practice.occupations),
    )


def call_entry(call: Call) -> Entry | None:
    if call.status not in PUBLIC_CALL_STATES:
        return None
    districts = list(call.districts.all())
    if call.alliance_id and not districts:
        districts = list(call.alliance.districts.all())
    return Entry(
        kind=Kind.CALL,
        key=str(call.pk),
        title=call.title,
        url=call.get_absolute_url(),
        text=_join(call.summary, call.description),
        land=_land_of(districts, call.programme.land_id or ""),
        districts=tuple(d.ags for d in districts),
        target_groups=tuple(call.target_groups),
    )


def project_entry(project: Project) -> Entry | None:
    # Every project past the decision is public; its internal note never is.
    districts = list(project.districts.all())
    return Entry(
        kind=Kind.PROJECT,
        key=str(project.pk),
        title=project.title,
        url=project_url(project),
        text=_join(project.summary, project.recipient, " ".join(map(str, project.themes))),
        land=_land_of(districts, project.programme.land_id or ""),
        districts=tuple(d.ags for d in districts),
        target_groups=tuple(project.target_groups),
        occupations=_groups(project.occupations),
    )


def alliance_entry(alliance: Alliance) -> Entry:
    districts = list(alliance.districts.all())
    return Entry(
        kind=Kind.ALLIANCE,
        key=str(alliance.pk),
        title=alliance.name,
        url=alliance.get_absolute_url(),
        text=_join(alliance.description, ", ".join(d.name for d in districts)),
        land=_land_of(districts),
        districts=tuple(d.ags for d in districts),
    )


def district_entry(region: Region) -> Entry | None:
    if region.level != Region.Level.KREIS:
        return None
    parents = []
    parent = region.parent
    while parent is not None:
        parents.append(parent.name)
        parent = parent.parent
    return Entry(
        kind=Kind.DISTRICT,
        key=region.ags,
        title=region.name,
        url=reverse("core:district", args=[region.ags]),
        text=_join(region.kind, ", ".join(parents)),
        land=region.land,
        districts=(region.ags,),
    )


def occupation_entries() -> Iterator[Entry]:
    """The KldB 2010 Berufsgruppen, each with its area's title, linked to the monitor."""
    for group in occupations.berufsgruppen():
        area = occupations.parent(group.code)
        yield Entry(
            kind=Kind.OCCUPATION,
            key=group.code,
            title=f"{group.title} (KldB {group.code})",
            url=reverse("monitor:occupation", args=[group.code]),
            text=_join(area.title if area else "", group.short_title or ""),
            occupations=(group.code,),
        )


ENTRY_OF = {
    Measure: measure_entry,
    GoodPractice: practice_entry,
    Call: call_entry,
    Project: project_entry,
    Alliance: alliance_entry,
    Region: district_entry,
}
KIND_OF = {
    Measure: Kind.MEASURE,
    GoodPractice: Kind.PRACTICE,
    Call: Kind.CALL,
    Project: Kind.PROJECT,
    Alliance: Kind.ALLIANCE,
    Region: Kind.DISTRICT,
}


def entry_for(record: Model) -> Entry | None:
    """The index entry of ``record``, or None where it is not (or no longer) public."""
    return ENTRY_OF[type(record)](record)


def key_of(record: Model) -> tuple[str, str]:
    return KIND_OF[type(record)], str(record.pk)
