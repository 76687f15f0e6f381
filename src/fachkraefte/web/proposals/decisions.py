"""The steering group's decision on a proposal, and the funder's external decision afterwards.

1. The office or the steering group puts a proposal on an open agenda item of the call's
   alliance with a motion (approve with amount and conditions, reject with reasons, ask for
   revision, invite to the full proposal) and a rank (``proposal_put_on_agenda``).
2. The decisions app closes the item; when the outcome is "angenommen" it calls
   ``proposals_carry_out_decision`` inside the SAME transaction: each linked proposal moves
   through its workflow (``rules.may_approve`` etc. check the adopted item) and an approval books
   the commitment on the call's budget under the budget's row lock. A failing commitment
   (``BudgetExceeded``) fails the whole close: the item stays open, nothing changes. An item
   closed "abgelehnt" leaves its proposals as they are.
3. The office records the funder's notice (``proposal_record_external``): funded, or not funded,
   which releases the commitment.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record
from fachkraefte.web.calls.models import Call
from fachkraefte.web.decisions.models import AgendaItem
from fachkraefte.web.funding import ledger
from fachkraefte.web.funding import selectors as funding_selectors
from fachkraefte.web.funding import services as funding_services
from fachkraefte.web.funding.models import Budget, LedgerEntry
from fachkraefte.web.notifications.proposal_events import proposal_notify_parties
from fachkraefte.web.proposals import rules
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.workflows import workflow_for

S = Proposal.Status
M = Proposal.Motion
# The state each adopted motion leads to, and what the applicant is told.
MOTION_TARGET = {
    M.APPROVE: S.APPROVED,
    M.REJECT: S.REJECTED,
    M.REVISE: S.REVISION,
    M.INVITE: S.INVITED,
}
MOTION_EVENT = {
    M.APPROVE: "approved",
    M.REJECT: "rejected",
    M.REVISE: "revision",
    M.INVITE: "invited",
}
TEXT_MAX = 5_000


def _budget_for_call(call: Call) -> Budget:
    """The budget the call's approvals are committed on, or a clear refusal without one."""
    budget = funding_selectors.budget_for_call(call=call)
    if budget is None:
        raise ValidationError(
            _("Für „%(call)s“ ist kein Budget %(year)s angelegt; ohne Budget keine Bindung.")
            % {"call": call, "year": call.budget_year}
        )
    return budget


def requested_grant(proposal: Proposal) -> Decimal:
    """The grant asked for: eligible expenditure less own contribution and other funding."""
    total = proposal.budget_lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return total - proposal.own_contribution - proposal.other_funding


def _text(value: str | None, *, field: str, label: str, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("%(label)s fehlt.") % {"label": label}})
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {
                field: _("%(label)s ist zu lang: höchstens %(max)d Zeichen.")
                % {"label": label, "max": TEXT_MAX}
            }
        )
    return text


@transaction.atomic
def proposal_put_on_agenda(
    *,
    actor: Any,
    proposal: Proposal,
    item: AgendaItem,
    motion: str,
    amount: Any = None,
    conditions: str = "",
    reasons: str = "",
    rank: int | None = None,
) -> Proposal:
    """Link the proposal to an open agenda item of the call's alliance with the motion to vote on."""
    if not rules.may_put_on_agenda(actor, proposal):
        raise PermissionDenied(
            _("Auf die Tagesordnung setzen die Steuerungsgruppe und die Koordinierungsstelle.")
        )
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if item.meeting.alliance_id != proposal.call.alliance_id:
        raise ValidationError(
            {"agenda_item": _("Der Tagesordnungspunkt gehört zu einer anderen Allianz.")}
        )
    if not item.is_open:
        raise ValidationError(
            {"agenda_item": _("Über diesen Tagesordnungspunkt wurde bereits entschieden.")}
        )
    if motion not in M.values:
        raise ValidationError({"motion": _("Bitte wählen Sie einen Beschlussvorschlag.")})
    if motion == M.INVITE and proposal.stage != Proposal.Stage.INTEREST:
        raise ValidationError(
            {"motion": _("Zum Vollantrag auffordern lässt sich nur eine Interessenbekundung.")}
        )
    approved = None
    if motion == M.APPROVE:
        if amount in (None, ""):
            raise ValidationError(
                {"approved_amount": _("Bei einer Befürwortung fehlt der Zuschuss.")}
            )
        try:
            approved = ledger.money(amount, field="approved_amount")
        except ArithmeticError as error:
            raise ValidationError(
                {"approved_amount": _("Der Zuschuss ist kein Betrag.")}
            ) from error
        asked = requested_grant(proposal)
        if proposal.budget_lines.exists() and approved > asked:
            raise ValidationError(
                {
                    "approved_amount": _(
                        "Der Zuschuss (%(amount)s EUR) übersteigt den beantragten (%(asked)s EUR)."
                    )
                    % {"amount": approved, "asked": asked}
                }
            )
    if rank is not None and (isinstance(rank, bool) or not 1 <= int(rank) <= 999):
        raise ValidationError({"rank": _("Der Rang ist eine Zahl von 1 bis 999.")})
    proposal.agenda_item = item
    proposal.motion = motion
    proposal.approved_amount = approved
    proposal.conditions = _text(conditions, field="conditions", label=_("Auflagen"), required=False)
    proposal.decision_reasons = _text(
        reasons,
        field="decision_reasons",
        label=_("Begründung"),
        required=motion in (M.REJECT, M.REVISE),
    )
    proposal.rank = rank
    proposal.save()
    audit_record(
        actor=actor,
        instance=proposal,
        action=AuditEntry.Action.UPDATE,
        changes={
            "agenda_item": str(item),
            "motion": motion,
            "approved_amount": approved,
            "rank": rank,
        },
        alliance=proposal.call.alliance,
    )
    return proposal


def proposals_carry_out_decision(*, actor: Any, item: AgendaItem) -> list[Proposal]:
    """Carry out the adopted motions of ``item``'s proposals; call in the close's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("carry out a decision inside the transaction that closes the item")
    if item.outcome != AgendaItem.Outcome.ADOPTED:
        return []
    done = []
    linked = Proposal.objects.select_for_update().filter(
        agenda_item=item, status__in=rules.DECIDABLE
    )
    # A proposal withdrawn since it was put on the agenda is left as it is.
    for proposal in linked.order_by("rank", "id"):
        proposal.agenda_item = item  # the closed item, so the rules see the adopted outcome
        target = MOTION_TARGET[proposal.motion]
        if proposal.motion == M.REVISE:
            proposal.revision_request = proposal.decision_reasons
        workflow_for(proposal).transition(
            actor,
            proposal,
            target,
            action=AuditEntry.Action.DECIDE,
            changes={"agenda_item": str(item)},
        )
        if proposal.motion == M.APPROVE:
            funding_services.ledger_commit(
                budget=_budget_for_call(proposal.call),
                amount=proposal.approved_amount,
                proposal=proposal,
                actor=actor,
                agenda_item=item,
                note=(_("Befürwortung: %(title)s") % {"title": proposal.title})[:300],
            )
        proposal_notify_parties(proposal=proposal, event=MOTION_EVENT[proposal.motion])
        done.append(proposal)
    return done


@transaction.atomic
def proposal_record_external(
    *, actor: Any, proposal: Proposal, funded: bool, decided_on: dt.date | None, reference: str
) -> Proposal:
    """Record the funder's notice (date and reference); "not funded" releases the commitment."""
    if not rules.is_office(actor, proposal.call):
        raise PermissionDenied(_("Den Bescheid des Fördergebers erfasst die Koordinierungsstelle."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if decided_on is None:
        raise ValidationError({"external_decision_on": _("Das Datum des Bescheids fehlt.")})
    if decided_on > dt.date.today():
        raise ValidationError(
            {"external_decision_on": _("Das Datum des Bescheids liegt in der Zukunft.")}
        )
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"external_reference": _("Das Aktenzeichen des Bescheids fehlt.")})
    if len(reference) > 120:
        raise ValidationError(
            {"external_reference": _("Das Aktenzeichen ist zu lang: höchstens 120 Zeichen.")}
        )
    proposal.external_decision_on = decided_on
    proposal.external_reference = reference
    target = S.FUNDED if funded else S.NOT_FUNDED
    workflow_for(proposal).transition(
        actor,
        proposal,
        target,
        action=AuditEntry.Action.DECIDE,
        changes={"external_decision_on": decided_on, "external_reference": reference},
    )
    if not funded:
        entry = LedgerEntry.objects.filter(
            proposal=proposal, kind=LedgerEntry.Kind.COMMITMENT
        ).first()
        if entry is not None:
            still_open = funding_selectors.proposal_balances(
                budget=entry.budget, proposal=proposal
            ).open_commitments
            if still_open > 0:
                funding_services.ledger_release(
                    budget=entry.budget,
                    amount=still_open,
                    proposal=proposal,
                    actor=actor,
                    reference=reference,
                    note=(_("nicht bewilligt: %(title)s") % {"title": proposal.title})[:300],
                )
    proposal_notify_parties(proposal=proposal, event="funded" if funded else "not_funded")
    return proposal
