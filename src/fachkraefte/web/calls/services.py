"""Writes to calls, their review criteria and documents; each audited in its transaction.

The rules are asked here as well as in the views (the API and the demo call the services
directly). Field checks that need the programme (the grant rate cap, the cost types) live in
``call_validate``, so the form, the API and the demo refuse the same input with the same words.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fachkraefte.web.alliances.models import ActionField, Alliance, Priority
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, diff, snapshot, stored_snapshot
from fachkraefte.web.calls import rules
from fachkraefte.web.calls.models import Call, CallDocument, CostType, ReviewCriterion, TargetGroup
from fachkraefte.web.calls.workflows import CALL_WORKFLOW, CLOSED, PUBLISHED
from fachkraefte.web.core import uploads
from fachkraefte.web.core.models import Region
from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.programmes.models import Programme

# The call's own fields a service writes (the many-to-many fields are set apart).
FIELDS = (
    "title",
    "summary",
    "description",
    "opens_on",
    "closes_on",
    "rolling",
    "budget_year",
    "earmark",
    "target_groups",
    "occupations",
    "interest_max_chars",
    "applicant_categories",
    "max_grant_rate",
    "min_amount",
    "max_amount",
    "min_months",
    "max_months",
    "eligible_cost_types",
)
RELATIONS = ("action_fields", "priorities", "districts")
# Paths below /aufrufe/ that a call's slug would hide.
RESERVED_SLUGS = {"neu"}


def percent_number(rate: Decimal) -> str:
    """0.9 → ``90``, 0.675 → ``67,5`` (as a German reader writes a percentage)."""
    text = format((rate * 100).normalize(), "f")
    return text.replace(".", ",")


def programme_max_rate(programme: Programme) -> Decimal | None:
    terms = FundingTerms.objects.filter(programme=programme).first()
    return terms.max_grant_rate if terms else None


def call_validate(
    *, programme: Programme, alliance: Alliance | None, values: dict[str, Any]
) -> dict[str, list[str]]:
    """Per-field messages for values that contradict each other or the programme's terms."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    opens, closes = values.get("opens_on"), values.get("closes_on")
    if opens and closes and closes < opens:
        add("closes_on", _("Der Einreichungsschluss muss nach dem Beginn der Einreichung liegen."))
    if not values.get("rolling") and not closes:
        add("closes_on", _("Bitte ein Enddatum angeben oder „laufende Einreichung“ wählen."))
    low, high = values.get("min_amount"), values.get("max_amount")
    if low is not None and high is not None and high < low:
        add("max_amount", _("Der Höchstzuschuss darf nicht unter dem Mindestzuschuss liegen."))
    shortest, longest = values.get("min_months"), values.get("max_months")
    if shortest is not None and longest is not None and longest < shortest:
        add("max_months", _("Die Höchstlaufzeit darf nicht unter der Mindestlaufzeit liegen."))
    rate, cap = values.get("max_grant_rate"), programme_max_rate(programme)
    if rate is not None and cap is not None and rate > cap:
        add(
            "max_grant_rate",
            _("Die Förderquote darf höchstens %(cap)s %% betragen (Grenze des Programms).")
            % {"cap": percent_number(cap)},
        )
    unknown = set(values.get("eligible_cost_types") or []) - set(CostType.values)
    if unknown:
        add("eligible_cost_types", _("Unbekannte Ausgabeart: %s.") % ", ".join(sorted(unknown)))
    if "eligible_cost_types" in values and not values.get("eligible_cost_types"):
        add("eligible_cost_types", _("Bitte mindestens eine förderfähige Ausgabeart wählen."))
    groups = set(values.get("target_groups") or []) - set(TargetGroup.values)
    if groups:
        add("target_groups", _("Unbekannte Zielgruppe: %s.") % ", ".join(sorted(groups)))
    categories = set(values.get("applicant_categories") or []) - set(PartnerCategory.values)
    if categories:
        add(
            "applicant_categories",
            _("Unbekannte Partnerkategorie: %s.") % ", ".join(sorted(categories)),
        )
    earmark = values.get("earmark")
    if earmark is not None and earmark.programme_id != programme.pk:
        add("earmark", _("Die Zweckbindung gehört zu einem anderen Programm."))
    for name in ("action_fields", "priorities"):
        foreign = [
            x for x in values.get(name) or [] if alliance is None or x.alliance_id != alliance.pk
        ]
        if foreign:
            add(name, _("Nur Einträge der Allianz des Aufrufs sind möglich."))
    return errors


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _set_relations(call: Call, values: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {}
    for name in RELATIONS:
        if name in values:
            manager = getattr(call, name)
            before = sorted(str(x.pk) for x in manager.all())
            manager.set(values[name])
            after = sorted(str(x.pk) for x in values[name])
            if before != after:
                changes[name] = [before, after]
    return changes


@transaction.atomic
def call_create(
    *,
    actor: Any,
    programme: Programme,
    alliance: Alliance | None,
    slug: str,
    title: str,
    summary: str,
    opens_on: dt.date,
    budget_year: int,
    max_grant_rate: Decimal,
    eligible_cost_types: list[str],
    action_fields: list[ActionField] | None = None,
    priorities: list[Priority] | None = None,
    districts: list[Region] | None = None,
    **fields: Any,
) -> Call:
    """A draft call; its drafter is the office or the steering group of ``alliance``."""
    if not rules.may_create_call(actor, alliance):
        raise PermissionDenied(
            _("Aufrufe entwerfen die Koordinierungsstelle und die Steuerungsgruppe.")
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("Dieser Kurzname ist für die Seiten reserviert.")})
    if alliance is not None and alliance.programme_id != programme.pk:
        raise ValidationError({"alliance": _("Die Allianz arbeitet in einem anderen Programm.")})
    values = {
        "opens_on": opens_on,
        "budget_year": budget_year,
        "max_grant_rate": max_grant_rate,
        "eligible_cost_types": eligible_cost_types,
        "action_fields": action_fields or [],
        "priorities": priorities or [],
        **fields,
    }
    _raise(call_validate(programme=programme, alliance=alliance, values=values))
    call = Call(
        programme=programme,
        alliance=alliance,
        slug=slug,
        title=title,
        summary=summary,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{k: v for k, v in values.items() if k in FIELDS},
    )
    call.full_clean()
    call.save()
    _set_relations(
        call,
        {
            "action_fields": action_fields or [],
            "priorities": priorities or [],
            "districts": districts or [],
        },
    )
    audit_record(
        actor=actor,
        instance=call,
        action=AuditEntry.Action.CREATE,
        changes=snapshot(call, ("slug", "title", "status", *FIELDS[3:])),
        alliance=alliance,
    )
    return call


@transaction.atomic
def call_update(*, actor: Any, call: Call, **values: Any) -> Call:
    """Change a draft; fields not given stay as they are."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not rules.may_edit_call(actor, call):
        raise PermissionDenied(_("Nur Entwürfe lassen sich ändern, von ihren Verfassern."))
    unknown = set(values) - set(FIELDS) - set(RELATIONS)
    if unknown:
        raise ValueError(f"unknown call fields: {sorted(unknown)}")
    merged = {name: getattr(call, name) for name in FIELDS}
    merged.update(values)
    _raise(call_validate(programme=call.programme, alliance=call.alliance, values=merged))
    before = stored_snapshot(call, FIELDS)
    for name in FIELDS:
        setattr(call, name, merged[name])
    call.full_clean()
    call.save()
    changes = {**diff(before, snapshot(call, FIELDS)), **_set_relations(call, values)}
    if changes:
        audit_record(
            actor=actor,
            instance=call,
            action=AuditEntry.Action.UPDATE,
            changes=changes,
            alliance=call.alliance,
        )
    return call


@transaction.atomic
def call_publish(*, actor: Any, call: Call) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    CALL_WORKFLOW.check(actor, call, PUBLISHED)
    errors = call_validate(
        programme=call.programme,
        alliance=call.alliance,
        values={name: getattr(call, name) for name in FIELDS},
    )
    _raise(errors)
    CALL_WORKFLOW.transition(actor, call, PUBLISHED)
    return call


@transaction.atomic
def call_close(*, actor: Any, call: Call) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    CALL_WORKFLOW.transition(actor, call, CLOSED)
    return call


def _check_criteria(actor: Any, call: Call) -> None:
    if not rules.may_edit_criteria(actor, call):
        raise PermissionDenied(_("Bewertungskriterien pflegt die Koordinierungsstelle."))


@transaction.atomic
def criterion_create(
    *, actor: Any, call: Call, label: str, description: str = ""
) -> ReviewCriterion:
    _check_criteria(actor, call)
    last = call.criteria.order_by("-position").values_list("position", flat=True).first()
    criterion = ReviewCriterion(
        call=call, label=label, description=description, position=(last or 0) + 1
    )
    criterion.full_clean()
    criterion.save()
    audit_record(
        actor=actor,
        instance=criterion,
        action=AuditEntry.Action.CREATE,
        changes=snapshot(criterion, ("call", "position", "label", "description")),
        alliance=call.alliance,
    )
    return criterion


@transaction.atomic
def criterion_update(*, actor: Any, criterion: ReviewCriterion, **values: Any) -> ReviewCriterion:
    _check_criteria(actor, criterion.call)
    before = stored_snapshot(criterion, ("position", "label", "description"))
    for name in ("position", "label", "description"):
        if name in values:
            setattr(criterion, name, values[name])
    criterion.full_clean()
    criterion.save()
    changes = diff(before, snapshot(criterion, ("position", "label", "description")))
    if changes:
        audit_record(
            actor=actor,
            instance=criterion,
            action=AuditEntry.Action.UPDATE,
            changes=changes,
            alliance=criterion.call.alliance,
        )
    return criterion


@transaction.atomic
def criterion_delete(*, actor: Any, criterion: ReviewCriterion) -> None:
    _check_criteria(actor, criterion.call)
    if criterion.scores.exists():
        raise ValidationError(_("Zu diesem Kriterium gibt es schon Bewertungen."))
    audit_record(
        actor=actor,
        instance=criterion,
        action=AuditEntry.Action.DELETE,
        changes=snapshot(criterion, ("label",)),
        alliance=criterion.call.alliance,
    )
    criterion.delete()


def call_document_add(*, actor: Any, call: Call, title: str, upload: Any) -> CallDocument:
    """Check the PDF by its content, store it atomically, then record it (nothing is left
    behind if either step fails)."""
    if not rules.may_edit_documents(actor, call):
        raise PermissionDenied(_("Dokumente zum Aufruf pflegt die Koordinierungsstelle."))
    if not title.strip():
        raise ValidationError({"title": _("Bitte einen Titel für das Dokument angeben.")})
    checked = uploads.check_pdf(upload, field="file")
    field = CallDocument._meta.get_field("file")
    document = CallDocument(call=call, title=title.strip(), size=checked.size)
    name = uploads.store_pdf(field, document, checked)
    return uploads.record_with_file_save(
        document,
        name,
        actor=actor,
        changes={"title": document.title, "size": document.size, "sha256": checked.sha256},
        alliance=call.alliance,
    )


@transaction.atomic
def call_document_delete(*, actor: Any, document: CallDocument) -> None:
    if not rules.may_edit_documents(actor, document.call):
        raise PermissionDenied(_("Dokumente zum Aufruf pflegt die Koordinierungsstelle."))
    uploads.record_with_file_delete(
        document,
        actor=actor,
        changes={"title": document.title},
        alliance=document.call.alliance,
    )
