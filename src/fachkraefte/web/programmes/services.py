"""Writes of programmes and their composition rules, each recorded in the audit trail.

Programmes belong to no alliance, so their entries have ``alliance=None`` (the platform-wide
trail that the coordination office reads through the audit API). Callers check
``programmes.rules.can_edit_programmes`` first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, audited_update, snapshot
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.programmes.models import CompositionRule, Programme

PROGRAMME_FIELDS = ("slug", "name", "land", "description", "source", "default_consensus_rule")
RULE_FIELDS = (
    "position",
    "label",
    "categories",
    "min_count",
    "min_inhabitants",
    "required",
    "district_towns",
)


def _check_categories(categories: Iterable[str]) -> list[str]:
    categories = list(categories)
    unknown = sorted(set(categories) - set(PartnerCategory.values))
    if not categories:
        raise ValidationError({"categories": _("Mindestens eine Partnerkategorie wählen.")})
    if unknown:
        raise ValidationError(
            {
                "categories": _("Unbekannte Partnerkategorie: %(names)s")
                % {"names": ", ".join(unknown)}
            }
        )
    return categories


@transaction.atomic
def programme_create(
    *, actor: Any, rules: Iterable[dict[str, Any]] = (), **fields: Any
) -> Programme:
    """A new programme with its ``rules`` (dicts of CompositionRule fields)."""
    programme = Programme(**{name: fields[name] for name in PROGRAMME_FIELDS if name in fields})
    programme.full_clean()
    programme.save()
    audit_record(
        actor=actor,
        instance=programme,
        action=AuditEntry.Action.CREATE,
        changes=snapshot(programme),
    )
    for data in rules:
        rule_create(actor=actor, programme=programme, **data)
    return programme


@transaction.atomic
def programme_update(*, actor: Any, programme: Programme, **fields: Any) -> Programme:
    return audited_update(programme, actor=actor, **fields)


@transaction.atomic
def rule_create(*, actor: Any, programme: Programme, **fields: Any) -> CompositionRule:
    data = {name: fields[name] for name in RULE_FIELDS if name in fields}
    data["categories"] = _check_categories(data.get("categories", []))
    if "position" not in data:
        data["position"] = programme.composition_rules.count() + 1
    rule = CompositionRule(programme=programme, **data)
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor, instance=rule, action=AuditEntry.Action.CREATE, changes=snapshot(rule)
    )
    return rule


@transaction.atomic
def rule_update(*, actor: Any, rule: CompositionRule, **fields: Any) -> CompositionRule:
    if "categories" in fields:
        fields["categories"] = _check_categories(fields["categories"])
    return audited_update(rule, actor=actor, **fields)


@transaction.atomic
def rule_delete(*, actor: Any, rule: CompositionRule) -> None:
    audit_record(
        actor=actor, instance=rule, action=AuditEntry.Action.DELETE, changes=snapshot(rule)
    )
    rule.delete()


@transaction.atomic
def programme_replace_rules(
    *, actor: Any, programme: Programme, rules: Iterable[dict[str, Any]]
) -> None:
    """Make the programme's rules exactly ``rules`` (API writes): a dict with an ``id`` of one of
    its rules updates that rule, one without creates a rule, rules not named are deleted."""
    existing = {rule.pk: rule for rule in programme.composition_rules.all()}
    kept = set()
    for position, data in enumerate(rules, start=1):
        data = {**data}
        pk = data.pop("id", None)
        data.setdefault("position", position)
        if pk is not None:
            if pk not in existing:
                raise ValidationError(
                    {
                        "composition_rules": _("Regel %(id)s gehört nicht zu diesem Programm.")
                        % {"id": pk}
                    }
                )
            rule_update(actor=actor, rule=existing[pk], **data)
            kept.add(pk)
        else:
            rule_create(actor=actor, programme=programme, **data)
    for pk, rule in existing.items():
        if pk not in kept:
            rule_delete(actor=actor, rule=rule)
