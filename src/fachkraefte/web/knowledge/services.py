"""Writes to the catalogue: propose and edit measures and good practices, move them through the
office's review, and keep the catalogue entries of funded projects in step with the projects.

Each write asks the rules (the API and the demo call these directly), checks the values
(``entry_validate``: the form, the API and the demo refuse the same input with the same
words), records the audit trail in its transaction and indexes the entry for the search.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from fachkraefte import occupations
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, diff, snapshot, stored_snapshot
from fachkraefte.web.calls.models import TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge import rules
from fachkraefte.web.knowledge.models import ActionArea, Curation, GoodPractice, Measure
from fachkraefte.web.knowledge.workflows import CURATION_WORKFLOW
from fachkraefte.web.projects.models import Project
from fachkraefte.web.sitesearch.services import search_document_save

MEASURE_FIELDS = (
    "title",
    "summary",
    "description",
    "provider",
    "land",
    "action_areas",
    "target_groups",
    "occupations",
    "starts_on",
    "ends_on",
    "funding_source",
    "contact",
    "links",
    "activity",
    "origin_url",
    "source",
)
PRACTICE_FIELDS = (
    "employer",
    "title",
    "district",
    "place",
    "sector",
    "size",
    "summary",
    "finding",
    "binding",
    "keeping",
    "recommendations",
    "video_url",
    "source_url",
    "published_month",
    "action_areas",
    "target_groups",
    "occupations",
    "source",
)
# Paths below /massnahmen/ and /gute-praxis/ that an entry's slug would hide.
RESERVED_SLUGS = {"neu"}


def _unknown_occupations(codes: list[str]) -> list[str]:
    unknown = []
    for code in codes:
        try:
            occupations.occupation(code)
        except (occupations.UnknownOccupationError, ValueError):
            unknown.append(str(code))
    return unknown


def entry_validate(*, values: dict[str, Any]) -> dict[str, list[str]]:
    """Per-field messages for values a form field alone cannot check."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    slug = values.get("slug")
    if slug is not None and slug in RESERVED_SLUGS:
        add("slug", _("Dieser Kurzname ist vergeben."))
    for name in ("title", "summary", "employer"):
        if name in values and not str(values[name] or "").strip():
            add(name, _("Bitte ausfüllen."))
    areas = set(values.get("action_areas") or []) - set(ActionArea.values)
    if areas:
        add("action_areas", _("Unbekanntes Handlungsfeld: %s.") % ", ".join(sorted(areas)))
    groups = set(values.get("target_groups") or []) - set(TargetGroup.values)
    if groups:
        add("target_groups", _("Unbekannte Zielgruppe: %s.") % ", ".join(sorted(groups)))
    unknown = _unknown_occupations(values.get("occupations") or [])
    if unknown:
        add("occupations", _("Unbekannter KldB-Code: %s.") % ", ".join(unknown))
    check_url = URLValidator(schemes=["http", "https"])
    for link in values.get("links") or []:
        try:
            check_url(link)
        except ValidationError:
            add("links", _("Keine Web-Adresse (http/https): %s") % link)
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        add("ends_on", _("Das Ende muss nach dem Beginn liegen."))
    land = values.get("land")
    if land is not None and land.level != Region.Level.LAND:
        add("land", _("Bitte ein Land wählen."))
    district = values.get("district")
    if district is not None and district.level != Region.Level.KREIS:
        add("district", _("Bitte einen Kreis oder eine kreisfreie Stadt wählen."))
    for district in values.get("districts") or []:
        if district.level != Region.Level.KREIS:
            add("districts", _("Nur Kreise und kreisfreie Städte."))
            break
    month = values.get("published_month")
    if month is not None:
        values["published_month"] = month.replace(day=1)
    return errors


def _check(values: dict[str, Any]) -> None:
    errors = entry_validate(values=values)
    if errors:
        raise ValidationError(errors)


def _reindex(entry: Measure | GoodPractice) -> None:
    search_document_save(record=entry)


def _create(model: type, *, actor: Any, alliance: Alliance | None, values: dict[str, Any]):
    if not rules.may_propose(actor, alliance):
        raise PermissionDenied(_("Einträge schlagen die Koordinierungsstelle und Mitglieder vor."))
    districts = values.pop("districts", None)
    _check({**values, "districts": districts})
    entry = model.objects.create(
        alliance=alliance,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    changes = snapshot(entry)
    if districts is not None:
        entry.districts.set(districts)
        changes["districts"] = sorted(d.ags for d in districts)
    audit_record(
        actor=actor,
        instance=entry,
        action=AuditEntry.Action.CREATE,
        changes=changes,
        alliance=alliance,
    )
    _reindex(entry)
    return entry


def _update(entry: Any, fields: tuple[str, ...], *, actor: Any, values: dict[str, Any]):
    if not rules.may_edit_entry(actor, entry):
        raise PermissionDenied(_("Dieser Eintrag lässt sich von Ihnen nicht ändern."))
    districts = values.pop("districts", None)
    _check({**values, "districts": districts})
    names = [name for name in fields if name in values]
    before = stored_snapshot(entry, names)
    for name in names:
        setattr(entry, name, values[name])
    entry.save()
    changes = diff(before, snapshot(entry, names))
    if districts is not None:
        old = sorted(d.ags for d in entry.districts.all())
        entry.districts.set(districts)
        new = sorted(d.ags for d in districts)
        if old != new:
            changes["districts"] = [old, new]
    if changes:
        audit_record(
            actor=actor,
            instance=entry,
            action=AuditEntry.Action.UPDATE,
            changes=changes,
            alliance=entry.alliance,
        )
    _reindex(entry)
    return entry


@transaction.atomic
def measure_create(
    *,
    actor: Any,
    alliance: Alliance | None,
    slug: str,
    title: str,
    summary: str,
    districts: list[Region] | None = None,
    **fields: Any,
) -> Measure:
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values = {"slug": slug, "title": title, "summary": summary, "districts": districts or []}
    return _create(Measure, actor=actor, alliance=alliance, values={**values, **fields})


@transaction.atomic
def measure_from_workshop_outcome(*, actor: Any, outcome: Any) -> Measure:
    """A draft catalogue entry from a measure found in a workshop, linked to its origin; the
    office reviews it before it is published, like every proposed entry. Once only: a second
    call returns the entry made the first time."""
    existing = Measure.objects.filter(origin_outcome=outcome).first()
    if existing is not None:
        return existing
    workshop = outcome.workshop
    text = outcome.text.strip()
    entry = measure_create(
        actor=actor,
        alliance=workshop.alliance,
        slug=f"werkstatt-{outcome.pk}",
        title=text.splitlines()[0][:300],
        summary=text,
        districts=list(workshop.districts.all()),
        target_groups=list(outcome.target_groups),
        # the catalogue files occupations by Berufsgruppe (3 digits)
        occupations=list(dict.fromkeys(code[:3] for code in outcome.occupations)),
        source=_("Zukunftswerkstatt „%(title)s“") % {"title": workshop.title},
    )
    entry.origin_outcome = outcome
    entry.save(update_fields=["origin_outcome"])
    return entry


@transaction.atomic
def measure_update(*, actor: Any, measure: Measure, **values: Any) -> Measure:
    unknown = set(values) - set(MEASURE_FIELDS) - {"districts"}
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return _update(measure, MEASURE_FIELDS, actor=actor, values=values)


@transaction.atomic
def practice_create(
    *,
    actor: Any,
    alliance: Alliance | None,
    slug: str,
    employer: str,
    title: str,
    district: Region,
    summary: str,
    published_month: dt.date,
    **fields: Any,
) -> GoodPractice:
    unknown = set(fields) - set(PRACTICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values = {
        "slug": slug,
        "employer": employer,
        "title": title,
        "district": district,
        "summary": summary,
        "published_month": published_month,
        **fields,
    }
    return _create(GoodPractice, actor=actor, alliance=alliance, values=values)


@transaction.atomic
def practice_update(*, actor: Any, practice: GoodPractice, **values: Any) -> GoodPractice:
    unknown = set(values) - set(PRACTICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return _update(practice, PRACTICE_FIELDS, actor=actor, values=values)


@transaction.atomic
def entry_transition(*, actor: Any, entry: Measure | GoodPractice, to: str):
    """Move ``entry`` along the curation workflow (refused as the table and rules say)."""
    entry = type(entry).objects.select_for_update().get(pk=entry.pk)
    CURATION_WORKFLOW.transition(actor, entry, to)
    _reindex(entry)
    return entry


def _project_values(project: Project) -> dict[str, Any]:
    ended = project.status in {Project.Status.CLOSED, Project.Status.CANCELLED}
    return {
        "title": project.title,
        "summary": project.summary or project.title,
        "provider": project.recipient,
        "land": project.programme.land,
        "target_groups": [g for g in project.target_groups if g in TargetGroup.values],
        "occupations": [c for c in project.occupations if not _unknown_occupations([c])],
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "funding_source": project.programme.name,
        "activity": Measure.Activity.ENDED if ended else Measure.Activity.RUNNING,
        "source": _("Gefördertes Projekt (Förderjahr %(year)s)") % {"year": project.funding_year},
    }


@transaction.atomic
def measure_from_project(*, project: Project) -> Measure:
    """The catalogue entry of a funded project, created or brought up to date from it.

    Funded projects are public records (their decision is made), so the entry is published
    without a review; it names the project as its origin. A system write: no actor.
    """
    values = _project_values(project)
    entry = Measure.objects.filter(origin_project=project).first()
    districts = list(project.districts.all())
    if entry is None:
        entry = Measure.objects.create(
            slug=f"projekt-{project.pk}",
            origin_project=project,
            alliance=project.alliance,
            state=Curation.PUBLISHED,
            **values,
        )
        entry.districts.set(districts)
        audit_record(
            actor=None,
            instance=entry,
            action=AuditEntry.Action.CREATE,
            changes=snapshot(entry),
            alliance=entry.alliance,
        )
    else:
        before = stored_snapshot(entry, list(values))
        for name, value in values.items():
            setattr(entry, name, value)
        changes = diff(before, snapshot(entry, list(values)))
        same_districts = {d.pk for d in districts} == set(
            entry.districts.values_list("pk", flat=True)
        )
        if not changes and same_districts:
            # nothing to write, audit or index again (the demo and the nightly refresh call
            # this for every project)
            return entry
        entry.save()
        entry.districts.set(districts)
        if changes:
            audit_record(
                actor=None,
                instance=entry,
                action=AuditEntry.Action.UPDATE,
                changes=changes,
                alliance=entry.alliance,
            )
    _reindex(entry)
    return entry


def measures_from_projects() -> int:
    """Every funded project's catalogue entry brought up to date; the number of projects."""
    count = 0
    for project in Project.objects.select_related("programme__land").prefetch_related("districts"):
        measure_from_project(project=project)
        count += 1
    return count
