"""Writes to a workshop's outcomes: the method, entry, dot votes, follow-up and the step from a
measure to a call for proposals; each audited in its transaction.

The rules are asked here as well as in the views (the API and the demo call the services).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fachkraefte.occupations.job_titles import known_code
from fachkraefte.web.alliances.models import ActionField
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, diff, snapshot, stored_snapshot
from fachkraefte.web.calls import services as call_services
from fachkraefte.web.calls.models import Call, CostType, TargetGroup
from fachkraefte.web.organisations.models import Organisation
from fachkraefte.web.workshop_outcomes import rules
from fachkraefte.web.workshop_outcomes.models import (
    Outcome,
    OutcomeEvent,
    OutcomeProtocol,
    OutcomeVote,
)
from fachkraefte.web.workshop_outcomes.phases import TEMPLATES
from fachkraefte.web.workshop_outcomes.workflows import OUTCOME_WORKFLOW
from fachkraefte.web.workshops.models import Workshop

PLAN_FIELDS = ("occupations", "target_groups", "owner_user", "owner_organisation", "due_on")
TEXT_FIELDS = ("text",)


def protocol_of(workshop: Workshop) -> OutcomeProtocol:
    """The workshop's protocol; made with the default method the first time it is needed."""
    protocol, _created = OutcomeProtocol.objects.get_or_create(workshop=workshop)
    return protocol


def _locked_protocol(workshop: Workshop) -> OutcomeProtocol:
    protocol_of(workshop)
    return OutcomeProtocol.objects.select_for_update().get(workshop=workshop)


@transaction.atomic
def protocol_setup(
    *, actor: Any, workshop: Workshop, template: str, dots_per_person: int
) -> OutcomeProtocol:
    """Choose the method and the dots each person distributes (before the first outcome)."""
    if not rules.may_set_method(actor, workshop):
        raise PermissionDenied(_("Die Methode wählen die Veranstalter vor dem ersten Ergebnis."))
    protocol = _locked_protocol(workshop)
    if template not in TEMPLATES:
        raise ValidationError({"template": _("Unbekannte Methode.")})
    before = stored_snapshot(protocol, ("template", "dots_per_person"))
    protocol.template, protocol.dots_per_person = template, dots_per_person
    protocol.full_clean()
    protocol.save()
    changes = diff(before, snapshot(protocol, ("template", "dots_per_person")))
    if changes:
        audit_record(
            actor=actor,
            instance=protocol,
            action=AuditEntry.Action.UPDATE,
            changes=changes,
            alliance=workshop.alliance,
        )
    return protocol


@transaction.atomic
def protocol_moderators_set(*, actor: Any, workshop: Workshop, users: Iterable[Any]) -> None:
    """Name the moderators with an account (they record and count votes with the organisers)."""
    if not rules.may_name_moderators(actor, workshop):
        raise PermissionDenied(_("Die Moderation benennen die Veranstalter."))
    protocol = _locked_protocol(workshop)
    users = list(users)
    before = sorted(protocol.moderators.values_list("pk", flat=True))
    protocol.moderators.set(users)
    after = sorted(u.pk for u in users)
    if before != after:
        audit_record(
            actor=actor,
            instance=protocol,
            action=AuditEntry.Action.UPDATE,
            changes={"moderators": [before, after]},
            alliance=workshop.alliance,
        )


@transaction.atomic
def protocol_close(
    *, actor: Any, workshop: Workshop, now: dt.datetime | None = None
) -> OutcomeProtocol:
    """End the entry: texts and votes are frozen, the follow-up goes on."""
    if not rules.may_close_entry(actor, workshop):
        raise PermissionDenied(_("Die Erfassung schließen die Veranstalter nach der Werkstatt."))
    protocol = _locked_protocol(workshop)
    protocol.closed_at = now or timezone.now()
    protocol.closed_by = actor
    protocol.save(update_fields=["closed_at", "closed_by"])
    audit_record(
        actor=actor,
        instance=protocol,
        action=AuditEntry.Action.UPDATE,
        changes={"closed_at": [None, protocol.closed_at.isoformat()]},
        alliance=workshop.alliance,
    )
    return protocol


def outcome_validate(*, workshop: Workshop, values: dict[str, Any]) -> dict[str, list[str]]:
    """Per-field messages: phase and category of the workshop's method, known KldB codes,
    target groups, action fields of the workshop's alliance, one owner at most."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    template = protocol_of(workshop).phase_template
    if "phase" in values and template.phase(values["phase"]) is None:
        add("phase", _("Diese Phase gehört nicht zur Methode der Werkstatt."))
    elif "category" in values and template.category(values["phase"], values["category"]) is None:
        add("category", _("Diese Kategorie gehört nicht zur gewählten Phase."))
    if "text" in values and not (values["text"] or "").strip():
        add("text", _("Bitte das Ergebnis in Worten festhalten."))
    unknown = [c for c in values.get("occupations") or [] if not known_code(c)]
    if unknown:
        add("occupations", _("Kein Schlüssel der KldB 2010: %s.") % ", ".join(unknown))
    groups = set(values.get("target_groups") or []) - set(TargetGroup.values)
    if groups:
        add("target_groups", _("Unbekannte Zielgruppe: %s.") % ", ".join(sorted(groups)))
    foreign = [
        f for f in values.get("action_fields") or [] if f.alliance_id != workshop.alliance_id
    ]
    if foreign:
        add("action_fields", _("Nur Handlungsfelder der Allianz der Werkstatt sind möglich."))
    if values.get("owner_user") is not None and values.get("owner_organisation") is not None:
        add("owner_user", _("Bitte eine Person oder eine Organisation als zuständig angeben."))
    return errors


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _set_action_fields(outcome: Outcome, fields: list[ActionField] | None) -> dict[str, Any]:
    if fields is None:
        return {}
    before = sorted(outcome.action_fields.values_list("pk", flat=True))
    outcome.action_fields.set(fields)
    after = sorted(f.pk for f in fields)
    return {"action_fields": [before, after]} if before != after else {}


@transaction.atomic
def outcome_create(
    *,
    actor: Any,
    workshop: Workshop,
    phase: str,
    category: str,
    text: str,
    occupations: list[str] | None = None,
    target_groups: list[str] | None = None,
    action_fields: list[ActionField] | None = None,
    owner_user: Any = None,
    owner_organisation: Organisation | None = None,
    due_on: dt.date | None = None,
) -> Outcome:
    """An outcome entered by the moderation, at the end of its phase's list."""
    if not rules.may_record(actor, workshop):
        raise PermissionDenied(_("Ergebnisse erfasst die Moderation während der Werkstatt."))
    _locked_protocol(workshop)  # entries of two moderators at once get distinct positions
    values = {
        "phase": phase,
        "category": category,
        "text": text,
        "occupations": list(dict.fromkeys(occupations or [])),
        "target_groups": list(dict.fromkeys(target_groups or [])),
        "action_fields": action_fields or [],
        "owner_user": owner_user,
        "owner_organisation": owner_organisation,
    }
    _raise(outcome_validate(workshop=workshop, values=values))
    last = workshop.outcomes.aggregate(last=Max("position"))["last"] or 0
    outcome = Outcome(
        workshop=workshop,
        position=last + 1,
        due_on=due_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{k: v for k, v in values.items() if k != "action_fields"},
    )
    outcome.text = outcome.text.strip()
    outcome.full_clean()
    outcome.save()
    _set_action_fields(outcome, values["action_fields"])
    audit_record(
        actor=actor,
        instance=outcome,
        action=AuditEntry.Action.CREATE,
        changes=snapshot(outcome, ("phase", "category", "text", *PLAN_FIELDS)),
        alliance=workshop.alliance,
    )
    return outcome


@transaction.atomic
def outcome_update(
    *, actor: Any, outcome: Outcome, action_fields: list[ActionField] | None = None, **values: Any
) -> Outcome:
    """Change the text (during entry) or the planning: owner, due date, occupations, links."""
    outcome = Outcome.objects.select_for_update().select_related("workshop").get(pk=outcome.pk)
    unknown = set(values) - set(PLAN_FIELDS) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"unknown outcome fields: {sorted(unknown)}")
    if "text" in values and not rules.may_edit_text(actor, outcome):
        raise PermissionDenied(_("Den Wortlaut ändert die Moderation während der Erfassung."))
    planning = set(values) & set(PLAN_FIELDS) or action_fields is not None
    if planning and not rules.may_plan_outcome(actor, outcome):
        raise PermissionDenied(_("Zuständigkeit und Frist planen die Veranstalter."))
    merged = {name: getattr(outcome, name) for name in (*PLAN_FIELDS, *TEXT_FIELDS)}
    merged.update(values)
    if {"owner_user", "owner_organisation"} & set(values):  # the owner is replaced as a whole
        merged["owner_user"] = values.get("owner_user")
        merged["owner_organisation"] = values.get("owner_organisation")
    check = {**merged, "action_fields": action_fields or []}
    _raise(outcome_validate(workshop=outcome.workshop, values=check))
    fields = (*PLAN_FIELDS, *TEXT_FIELDS)
    before = stored_snapshot(outcome, fields)
    for name in fields:
        setattr(outcome, name, merged[name])
    outcome.text = outcome.text.strip()
    outcome.full_clean()
    outcome.save()
    changes = {
        **diff(before, snapshot(outcome, fields)),
        **_set_action_fields(outcome, action_fields),
    }
    if changes:
        audit_record(
            actor=actor,
            instance=outcome,
            action=AuditEntry.Action.UPDATE,
            changes=changes,
            alliance=outcome.workshop.alliance,
        )
    return outcome


@transaction.atomic
def outcome_delete(*, actor: Any, outcome: Outcome) -> None:
    if not rules.may_delete_outcome(actor, outcome):
        raise PermissionDenied(_("Ergebnisse entfernt die Moderation während der Erfassung."))
    audit_record(
        actor=actor,
        instance=outcome,
        action=AuditEntry.Action.DELETE,
        changes={"text": outcome.text},
        alliance=outcome.workshop.alliance,
    )
    outcome.delete()


def dots_used(*, workshop: Workshop, voter: Any) -> int:
    return (
        OutcomeVote.objects.filter(outcome__workshop=workshop, voter=voter).aggregate(
            total=Sum("dots")
        )["total"]
        or 0
    )


@transaction.atomic
def outcome_vote(*, actor: Any, outcome: Outcome, dots: int) -> OutcomeVote | None:
    """Set ``actor``'s dots on ``outcome`` (0 takes them back). Under a lock on the protocol,
    so that two quick clicks cannot together exceed the dots a person has."""
    workshop = outcome.workshop
    if not rules.may_vote(actor, workshop):
        raise PermissionDenied(_("Punkte vergeben die Teilnehmenden während der Werkstatt."))
    protocol = _locked_protocol(workshop)
    if dots < 0:
        raise ValidationError({"dots": _("Punkte können nicht negativ sein.")})
    vote = OutcomeVote.objects.filter(outcome=outcome, voter=actor).first()
    elsewhere = dots_used(workshop=workshop, voter=actor) - (vote.dots if vote else 0)
    if elsewhere + dots > protocol.dots_per_person:
        raise ValidationError(
            {
                "dots": _("Sie haben %(n)s Punkte; %(free)s sind noch frei.")
                % {"n": protocol.dots_per_person, "free": protocol.dots_per_person - elsewhere}
            }
        )
    before = vote.dots if vote else 0
    if dots == 0:
        if vote is not None:
            vote.delete()
        vote = None
    elif vote is None:
        vote = OutcomeVote.objects.create(outcome=outcome, voter=actor, dots=dots)
    else:
        vote.dots = dots
        vote.save(update_fields=["dots", "voted_at"])
    if before != dots:
        audit_record(
            actor=actor,
            instance=outcome,
            action=AuditEntry.Action.UPDATE,
            changes={"dots_of_voter": [before, dots]},
            alliance=workshop.alliance,
        )
    return vote


@transaction.atomic
def outcome_transition(
    *, actor: Any, outcome: Outcome, to: str, note: str = "", now: dt.datetime | None = None
) -> Outcome:
    """Move the outcome on (in progress, done, dropped, reopened), with a history row."""
    outcome = Outcome.objects.select_for_update().select_related("workshop").get(pk=outcome.pk)
    source = outcome.status
    OUTCOME_WORKFLOW.transition(actor, outcome, to, changes={"note": note} if note else None)
    OutcomeEvent.objects.create(
        outcome=outcome,
        from_status=source,
        to_status=to,
        note=note.strip(),
        at=now or timezone.now(),
        by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return outcome


@transaction.atomic
def outcome_note_add(
    *, actor: Any, outcome: Outcome, note: str, now: dt.datetime | None = None
) -> OutcomeEvent:
    """A note in the history without a change of status ("Stand: Gespräch mit der IHK")."""
    outcome = Outcome.objects.select_for_update().select_related("workshop").get(pk=outcome.pk)
    if not rules.may_add_note(actor, outcome):
        raise PermissionDenied(_("Notizen schreiben die Veranstalter und die Zuständigen."))
    if not note.strip():
        raise ValidationError({"note": _("Bitte eine Notiz eingeben.")})
    event = OutcomeEvent.objects.create(
        outcome=outcome,
        from_status=outcome.status,
        to_status=outcome.status,
        note=note.strip(),
        at=now or timezone.now(),
        by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        instance=outcome,
        action=AuditEntry.Action.UPDATE,
        changes={"note": note.strip()},
        alliance=outcome.workshop.alliance,
    )
    return event


def _call_slug(outcome: Outcome) -> str:
    base = slugify(f"werkstatt-{outcome.workshop.slug}-{outcome.pk}")[:70] or "werkstatt"
    slug, n = base, 1
    while Call.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def outcome_make_call(*, actor: Any, outcome: Outcome, today: dt.date | None = None) -> Call:
    """A draft call of the workshop's alliance from the measure, in one step: title and text
    from the outcome, its action fields, occupations and target groups; the programme's grant
    rate cap (none: 100 %) and every cost type as a start, rolling submission from today. The drafters then
    complete it on the call's page before the office publishes it."""
    outcome = Outcome.objects.select_for_update().select_related("workshop").get(pk=outcome.pk)
    if not rules.may_make_call(actor, outcome):
        raise PermissionDenied(_("Aus dieser Maßnahme lässt sich kein Aufruf (mehr) entwerfen."))
    alliance = outcome.workshop.alliance
    # A programme without funding terms sets no cap: the draft starts at 100 % and the office
    # sets the rate when it checks the call before publishing it.
    rate = call_services.programme_max_rate(alliance.programme) or Decimal("1")
    today = today or timezone.localdate()
    title = outcome.text.strip().splitlines()[0][:200]
    summary = _("Maßnahme aus der Werkstatt „%(workshop)s“: %(text)s") % {
        "workshop": outcome.workshop.title,
        "text": outcome.text.strip(),
    }
    call = call_services.call_create(
        actor=actor,
        programme=alliance.programme,
        alliance=alliance,
        slug=_call_slug(outcome),
        title=title,
        summary=summary,
        description=outcome.text.strip(),
        opens_on=today,
        rolling=True,
        budget_year=today.year,
        max_grant_rate=rate,
        eligible_cost_types=list(CostType.values),
        action_fields=list(outcome.action_fields.all()),
        districts=list(outcome.workshop.districts.all()),
        target_groups=list(outcome.target_groups),
        occupations=list(outcome.occupations),
    )
    outcome.call = call
    outcome.save(update_fields=["call", "updated_at"])
    audit_record(
        actor=actor,
        instance=outcome,
        action=AuditEntry.Action.UPDATE,
        changes={"call": [None, call.slug]},
        alliance=alliance,
    )
    return call
