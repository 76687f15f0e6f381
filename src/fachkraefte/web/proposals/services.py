"""Writes of proposals: create, fill in step by step, submit, withdraw, revision, co-applicants.

Each service checks the rules itself (``PermissionDenied``), so web and API cannot differ, runs
in one transaction and moves the proposal's state only through its programme's workflow
(``workflows.workflow_for``), which also audits the step. Rules of the programme (two decimals,
grant rate, eligible cost types, the expression of interest's length) raise ``ValidationError``
naming the field, and nothing is stored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fachkraefte.occupations.job_titles import known_code
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record
from fachkraefte.web.calls.models import Call, CostType
from fachkraefte.web.core.models import Region
from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.notifications.proposal_events import proposal_notify_parties
from fachkraefte.web.proposals import eligibility, rules
from fachkraefte.web.proposals.budget import figures, grant_cap
from fachkraefte.web.proposals.models import BudgetLine, CoApplicant, Proposal, ProposalVersion
from fachkraefte.web.proposals.steps import STEP_KEYS, is_interest, number_of, steps_for
from fachkraefte.web.proposals.versions import content_of
from fachkraefte.web.proposals.workflows import workflow_for

S = Proposal.Status
CENT = Decimal("0.01")
CARRIER_FIELDS = (
    "organisation_name",
    "organisation_category",
    "title",
    "summary",
    "description",
    "starts_on",
    "ends_on",
)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).quantize(Decimal('0.1'))} %".replace(".", ",")


def _stage_for(call: Call) -> str:
    terms = getattr(call.programme, "funding_terms", None)
    two_stage = terms is not None and terms.workflow == FundingTerms.Workflow.TWO_STAGE
    return Proposal.Stage.INTEREST if two_stage else Proposal.Stage.SKETCH


def _call_open(call: Call) -> None:
    if not rules.call_takes_proposals(call):
        raise ValidationError(
            {
                "call": _(
                    "Der Aufruf „%(call)s“ nimmt keine Anträge an (Einreichung bis %(date)s)."
                )
                % {"call": call.title, "date": call.closes_on or "–"}
            }
        )


def _audit(actor: Any, proposal: Proposal, action: str, changes: dict[str, Any]) -> None:
    # A draft is its applicants' own: its changes stay out of the alliance's trail.
    alliance = None if proposal.status == S.DRAFT else proposal.call.alliance
    audit_record(actor=actor, instance=proposal, action=action, changes=changes, alliance=alliance)


# -- step rules ------------------------------------------------------------------------------


def _carrier(proposal: Proposal, values: dict[str, Any]) -> None:
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": _("Das Ende liegt vor dem Beginn.")})
    limit = proposal.call.interest_max_chars
    length = len(values.get("summary") or "") + len(values.get("description") or "")
    if is_interest(proposal) and limit and length > limit:
        raise ValidationError(
            {
                "description": _(
                    "Die Interessenbekundung (Kurzbeschreibung und Text) hat %(length)s Zeichen, "
                    "höchstens %(limit)s sind erlaubt."
                )
                % {"length": length, "limit": limit}
            }
        )
    for name in CARRIER_FIELDS:
        if name in values:
            setattr(proposal, name, values[name] if values[name] is not None else _empty(name))
    proposal.save()


def _empty(name: str) -> Any:
    return None if name in ("starts_on", "ends_on") else ""


def _known_code(code: str) -> bool:
    return known_code(code)


def _goals(proposal: Proposal, values: dict[str, Any]) -> None:
    outcomes = []
    for row in range(1, 4):
        count = values.get(f"outcome_count_{row}")
        what = (values.get(f"outcome_what_{row}") or "").strip()
        code = (values.get(f"outcome_occupation_{row}") or "").strip()
        ags = (values.get(f"outcome_district_{row}") or "").strip()
        if count is None and not (what or code or ags):
            continue
        if count is None:
            raise ValidationError({f"outcome_count_{row}": _("Die Anzahl fehlt.")})
        if not what:
            raise ValidationError({f"outcome_what_{row}": _("Was erreicht wird, fehlt.")})
        if code and not _known_code(code):
            raise ValidationError(
                {
                    f"outcome_occupation_{row}": _("„%(code)s“ ist kein Schlüssel der KldB 2010.")
                    % {"code": code}
                }
            )
        if ags and not Region.objects.filter(ags=ags, level=Region.Level.KREIS).exists():
            raise ValidationError(
                {f"outcome_district_{row}": _("„%(ags)s“ ist kein Kreis (AGS).") % {"ags": ags}}
            )
        outcomes.append({"count": count, "what": what, "occupation": code, "district": ags})
    proposal.target_groups = list(values.get("target_groups") or [])
    proposal.expected_participants = values.get("expected_participants")
    proposal.expected_outcomes = outcomes
    proposal.save()


def _occupations(proposal: Proposal, values: dict[str, Any]) -> None:
    codes = list(dict.fromkeys(values.get("occupations") or []))
    unknown = [code for code in codes if not _known_code(code)]
    if unknown:
        raise ValidationError(
            {
                "occupations": _("Kein Schlüssel der KldB 2010: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            }
        )
    districts = list(values.get("districts") or [])
    if any(getattr(d, "level", None) != Region.Level.KREIS for d in districts):
        raise ValidationError({"districts": _("Nur Kreise und kreisfreie Städte sind wählbar.")})
    proposal.occupations = codes
    proposal.save()
    proposal.districts.set(districts)


def _money(value: Any, field: str, label: str) -> Decimal:
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if amount != amount.quantize(CENT):
        raise ValidationError(
            {
                field: _("%(label)s: höchstens zwei Nachkommastellen (%(value)s).")
                % {"label": label, "value": amount}
            }
        )
    if amount < 0:
        raise ValidationError(
            {field: _("%(label)s: Der Betrag darf nicht negativ sein.") % {"label": label}}
        )
    return amount


def _finance(proposal: Proposal, values: dict[str, Any]) -> None:
    call = proposal.call
    lines = []
    for value, label in CostType.choices:
        raw = values.get(f"amount_{value}")
        if raw in (None, ""):
            continue
        amount = _money(raw, f"amount_{value}", str(label))
        if amount == 0:
            continue
        if value not in call.eligible_cost_types:
            raise ValidationError(
                {
                    f"amount_{value}": _(
                        "Position „%(type)s“: Diese Ausgabeart ist in diesem Aufruf nicht förderfähig."
                    )
                    % {"type": label}
                }
            )
        description = (values.get(f"description_{value}") or "").strip()
        lines.append(
            BudgetLine(proposal=proposal, cost_type=value, description=description, amount=amount)
        )
    own = _money(values.get("own_contribution") or 0, "own_contribution", _("Eigenanteil"))
    other = _money(values.get("other_funding") or 0, "other_funding", _("Drittmittel"))
    plan = figures([line.amount for line in lines], own_contribution=own, other_funding=other)
    if plan.requested < 0:
        raise ValidationError(
            {"own_contribution": _("Eigenanteil und Drittmittel übersteigen die Gesamtausgaben.")}
        )
    cap = grant_cap(proposal)
    if plan.grant_rate is not None and cap is not None and plan.grant_rate > cap:
        raise ValidationError(
            {
                "own_contribution": _(
                    "Die Förderquote von %(rate)s übersteigt die höchste Förderquote von %(cap)s "
                    "(Aufruf und Programm); erhöhen Sie Eigenanteil oder Drittmittel."
                )
                % {"rate": _percent(plan.grant_rate), "cap": _percent(cap)}
            }
        )
    proposal.own_contribution = own
    proposal.other_funding = other
    proposal.save()
    proposal.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(lines)


def _declaration(proposal: Proposal, values: dict[str, Any]) -> None:
    declared = bool(values.get("other_funding_declared"))
    details = (values.get("other_funding_details") or "").strip()
    if declared and not details:
        raise ValidationError(
            {"other_funding_details": _("Bitte nennen Sie Fördergeber, Betrag und Stand.")}
        )
    if not values.get("confirmed"):
        raise ValidationError({"confirmed": _("Bitte bestätigen Sie die Erklärung.")})
    proposal.other_funding_declared = declared
    proposal.other_funding_details = details if declared else ""
    proposal.declaration_given = True
    proposal.save()


STEP_WRITERS = {
    "traeger": _carrier,
    "ziele": _goals,
    "berufe": _occupations,
    "finanzplan": _finance,
    "erklaerung": _declaration,
}


# -- services --------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(*, actor: Any, call: Call, values: dict[str, Any]) -> Proposal:
    """A draft in ``call`` with the first step's answers (carrier and project)."""
    _require(getattr(actor, "is_authenticated", False), _("Bitte melden Sie sich an."))
    _call_open(call)
    proposal = Proposal(call=call, applicant=actor, stage=_stage_for(call), form_step=2)
    _carrier(proposal, values)
    _audit(actor, proposal, AuditEntry.Action.CREATE, {"title": [None, proposal.title]})
    return proposal


@transaction.atomic
def proposal_update_step(
    *, actor: Any, proposal: Proposal, step: str, values: dict[str, Any]
) -> Proposal:
    """Store one step's answers; the draft resumes at the next step."""
    _require(rules.may_edit(actor, proposal), _("Sie dürfen diesen Antrag nicht bearbeiten."))
    keys = {s.key for s in steps_for(proposal)}
    if step not in STEP_WRITERS or step not in keys or step not in STEP_KEYS:
        raise ValidationError(
            {"step": _("Diesen Schritt hat der Antrag nicht: %(step)s.") % {"step": step}}
        )
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    STEP_WRITERS[step](proposal, values)
    proposal.form_step = min(number_of(proposal, step) + 1, len(steps_for(proposal)))
    proposal.save(update_fields=["form_step", "updated_at"])
    return proposal


def missing_answers(proposal: Proposal) -> list[str]:
    """What must be answered before the proposal can be submitted, as readable labels."""
    p = proposal
    missing = [
        label
        for label, present in (
            (_("Träger"), p.organisation_name),
            (_("Art des Trägers"), p.organisation_category),
            (_("Projekttitel"), p.title),
            (_("Kurzbeschreibung"), p.summary),
            (_("Zielgruppen"), p.target_groups),
            (_("Kreise"), p.districts.exists()),
        )
        if not present
    ]
    if not is_interest(p):
        if not (p.starts_on and p.ends_on):
            missing.append(_("Beginn und Ende"))
        if not p.budget_lines.exists():
            missing.append(_("Finanzplan"))
        if not p.declaration_given:
            missing.append(_("Erklärung zur Doppelförderung"))
    return missing


def _submit_target(proposal: Proposal) -> str:
    if proposal.status == S.INVITED or (
        proposal.status == S.REVISION and proposal.stage == Proposal.Stage.FULL
    ):
        return S.FULL_SUBMITTED
    return S.SUBMITTED


@transaction.atomic
def proposal_submit(*, actor: Any, proposal: Proposal) -> Proposal:
    """Submit (or resubmit) the proposal: complete, eligible, then a new version and the step."""
    proposal = (
        Proposal.objects.select_for_update().select_related("call__programme").get(pk=proposal.pk)
    )
    _require(rules.may_edit(actor, proposal), _("Sie dürfen diesen Antrag nicht einreichen."))
    if proposal.status == S.DRAFT:
        _call_open(proposal.call)
    missing = missing_answers(proposal)
    if missing:
        raise ValidationError(
            {"__all__": _("Es fehlen noch: %(missing)s.") % {"missing": ", ".join(missing)}}
        )
    failing = eligibility.failing(eligibility.checks_for(proposal))
    if failing:
        raise ValidationError(
            {
                "__all__": [
                    _("%(rule)s: %(reason)s") % {"rule": c.label, "reason": c.reason}
                    for c in failing
                ]
            }
        )
    target = _submit_target(proposal)
    if target == S.FULL_SUBMITTED:
        proposal.stage = Proposal.Stage.FULL
    proposal.submitted_at = timezone.now()
    workflow_for(proposal).transition(actor, proposal, target)
    number = (proposal.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    ProposalVersion.objects.create(
        proposal=proposal, number=number, content=content_of(proposal), submitted_by=actor
    )
    proposal_notify_parties(proposal=proposal, event="submitted")
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor: Any, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    workflow_for(proposal).transition(actor, proposal, S.WITHDRAWN)
    return proposal


@transaction.atomic
def proposal_start_review(*, actor: Any, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    workflow_for(proposal).transition(actor, proposal, S.IN_REVIEW)
    return proposal


# Steps without data of their own; submitting, the revision request (with its text) and the
# steering group's decisions (only through an adopted agenda item) have their own services.
SIMPLE_STEPS = {S.IN_REVIEW: proposal_start_review, S.WITHDRAWN: proposal_withdraw}


def proposal_transition(*, actor: Any, proposal: Proposal, to: str) -> Proposal:
    """One step of the proposal's workflow that needs no further answers."""
    if to in SIMPLE_STEPS:
        return SIMPLE_STEPS[to](actor=actor, proposal=proposal)
    transition = workflow_for(proposal).check(actor, proposal, to)
    raise ValidationError(
        _("„%(step)s“ geschieht mit eigenem Formular, nicht hier.") % {"step": transition.label}
    )


@transaction.atomic
def proposal_request_revision(*, actor: Any, proposal: Proposal, text: str) -> Proposal:
    """The office asks for a revision, saying what to revise; the applicant can edit again."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    workflow_for(proposal).check(actor, proposal, S.REVISION)
    if not (text or "").strip():
        raise ValidationError({"text": _("Bitte schreiben Sie, was überarbeitet werden soll.")})
    proposal.revision_request = text.strip()
    proposal.form_step = 1
    workflow_for(proposal).transition(
        actor, proposal, S.REVISION, changes={"revision_request": [None, text.strip()]}
    )
    proposal_notify_parties(proposal=proposal, event="revision")
    return proposal


def _find_user(identifier: str):
    text = (identifier or "").strip()
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(Q(username__iexact=text) | Q(email__iexact=text)).order_by("pk").first()
        if text
        else None
    )


@transaction.atomic
def co_applicant_add(*, actor: Any, proposal: Proposal, identifier: str, right: str) -> CoApplicant:
    _require(
        rules.may_manage_co_applicants(actor, proposal),
        _("Nur die Antragstellerin oder der Antragsteller verwaltet Mitantragstellende."),
    )
    if right not in CoApplicant.Right.values:
        raise ValidationError({"right": _("Unbekanntes Recht: %(right)s.") % {"right": right}})
    user = _find_user(identifier)
    if user is None:
        raise ValidationError(
            {"identifier": _("Kein Konto mit diesem Benutzernamen oder dieser E-Mail-Adresse.")}
        )
    if user.pk == proposal.applicant_id:
        raise ValidationError(
            {"identifier": _("Das ist das Konto der Antragstellerin oder des Antragstellers.")}
        )
    co, created = CoApplicant.objects.update_or_create(
        proposal=proposal, user=user, defaults={"right": right}
    )
    _audit(
        actor,
        proposal,
        AuditEntry.Action.UPDATE,
        {"co_applicant": [None, f"{user.get_username()} ({right})"]},
    )
    return co


@transaction.atomic
def co_applicant_remove(*, actor: Any, co_applicant: CoApplicant) -> None:
    proposal = co_applicant.proposal
    _require(
        rules.may_manage_co_applicants(actor, proposal),
        _("Nur die Antragstellerin oder der Antragsteller verwaltet Mitantragstellende."),
    )
    name = co_applicant.user.get_username()
    co_applicant.delete()
    _audit(actor, proposal, AuditEntry.Action.UPDATE, {"co_applicant": [name, None]})
