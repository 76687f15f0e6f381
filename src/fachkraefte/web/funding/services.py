"""Writes to a programme's money: terms, earmarks, budgets and the entries booked on them.

Views and the API check ``funding.rules`` first; these services validate and book. Every entry
goes through ``ledger.book`` (the budget's row lock, the available-money check) and is audited
with the budget's alliance in the same transaction. Checks that concern one proposal's money
(a release or payment never exceeds what is still open for that proposal, a return never exceeds
what was paid to it) run under the same lock, so two bookings cannot both pass them.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, diff, snapshot, stored_snapshot
from fachkraefte.web.decisions.models import AgendaItem
from fachkraefte.web.funding import ledger
from fachkraefte.web.funding.ledger import ZERO, BudgetExceeded
from fachkraefte.web.funding.models import Budget, Earmark, FundingTerms, LedgerEntry
from fachkraefte.web.funding.selectors import planned_total as planned_total_of
from fachkraefte.web.funding.selectors import pool_for, proposal_balances
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.proposals.models import Proposal

K = LedgerEntry.Kind


def _audited_entry(entry: LedgerEntry, *, actor: Any) -> LedgerEntry:
    audit_record(
        actor=actor,
        instance=entry,
        action=AuditEntry.Action.CREATE,
        changes=snapshot(
            entry,
            ["budget", "kind", "amount", "source", "proposal", "agenda_item", "reference", "note"],
        ),
        alliance=entry.budget.alliance,
    )
    return entry


def funding_terms_set(
    *,
    programme: Programme,
    actor: Any,
    workflow: str,
    max_grant_rate: Decimal,
    carries_over: bool,
    external_approver: str = "",
    source: str = "",
) -> FundingTerms:
    """Create or change the programme's funding terms (one row per programme), audited."""
    with transaction.atomic():
        terms = FundingTerms.objects.filter(programme=programme).first()
        creating = terms is None
        terms = terms or FundingTerms(programme=programme)
        before = {} if creating else stored_snapshot(terms)
        terms.workflow = workflow
        terms.max_grant_rate = max_grant_rate
        terms.carries_over = carries_over
        terms.external_approver = external_approver
        terms.source = source
        terms.full_clean()
        changes = diff(before, snapshot(terms))
        if creating or changes:
            terms.save()
            audit_record(
                actor=actor,
                instance=terms,
                action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
                changes=changes,
            )
        return terms


def earmark_create(*, programme: Programme, slug: str, name: str, actor: Any) -> Earmark:
    with transaction.atomic():
        earmark = Earmark(programme=programme, slug=slug, name=name)
        earmark.full_clean()
        earmark.save()
        audit_record(
            actor=actor,
            instance=earmark,
            action=AuditEntry.Action.CREATE,
            changes=snapshot(earmark, ["programme", "slug", "name"]),
        )
        return earmark


def budget_create(
    *,
    programme: Programme,
    year: int,
    actor: Any,
    alliance: Alliance | None = None,
    earmark: Earmark | None = None,
    planning_until: int | None = None,
) -> Budget:
    """Open one account; an alliance's budget needs the programme's pool of the same year."""
    errors: dict[str, str] = {}
    if earmark is not None and earmark.programme_id != programme.pk:
        errors["earmark"] = _("Die Zweckbindung gehört zu einem anderen Programm.")
    if alliance is not None and alliance.programme_id not in (None, programme.pk):
        errors["alliance"] = _("Die Allianz gehört zu einem anderen Programm.")
    if planning_until is not None and planning_until < year:
        errors["planning_until"] = _("Der Planungszeitraum endet vor dem Haushaltsjahr.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        budget = Budget(
            programme=programme,
            year=year,
            alliance=alliance,
            earmark=earmark,
            planning_until=planning_until,
        )
        budget.full_clean()
        budget.save()
        audit_record(
            actor=actor,
            instance=budget,
            action=AuditEntry.Action.CREATE,
            changes=snapshot(
                budget, ["programme", "year", "alliance", "earmark", "planning_until"]
            ),
            alliance=alliance,
        )
        return budget


def budget_allocate(
    *, budget: Budget, amount: Any, actor: Any, reference: str = "", note: str = ""
) -> LedgerEntry:
    """Money into ``budget``: into the programme pool from the Land's budget (no source), or
    into an alliance's budget from the pool of the same programme, year and earmark."""
    source = None
    if budget.alliance_id is not None:
        source = pool_for(budget=budget)
        if source is None:
            raise ValidationError(
                {
                    "budget": _(
                        "Für %(year)s gibt es keine Programmmittel dieser Zweckbindung, aus "
                        "denen zugewiesen werden könnte."
                    )
                    % {"year": budget.year}
                }
            )
    with transaction.atomic():
        entry = ledger.book(
            budget=budget,
            kind=K.ALLOCATION,
            amount=amount,
            actor=actor,
            source=source,
            reference=reference,
            note=note,
        )
        return _audited_entry(entry, actor=actor)


def _check_proposal(budget: Budget, proposal: Proposal) -> None:
    call = proposal.call
    if call.programme_id != budget.programme_id:
        raise ValidationError(
            {"proposal": _("Der Antrag gehört zu einem anderen Programm als das Budget.")}
        )
    if budget.alliance_id and call.alliance_id and call.alliance_id != budget.alliance_id:
        raise ValidationError(
            {"proposal": _("Der Antrag gehört zu einer anderen Allianz als das Budget.")}
        )


def ledger_commit(
    *,
    budget: Budget,
    amount: Any,
    proposal: Proposal,
    actor: Any,
    agenda_item: AgendaItem | None = None,
    note: str = "",
) -> LedgerEntry:
    """Bind money for an approved proposal; refused (BudgetExceeded) beyond what is available.

    Call it inside the decision's transaction so that decision and commitment stand or fall
    together.
    """
    _check_proposal(budget, proposal)
    with transaction.atomic():
        entry = ledger.book(
            budget=budget,
            kind=K.COMMITMENT,
            amount=amount,
            actor=actor,
            proposal=proposal,
            agenda_item=agenda_item,
            note=note,
        )
        return _audited_entry(entry, actor=actor)


def _book_against_proposal(
    *,
    kind: str,
    budget: Budget,
    amount: Any,
    proposal: Proposal,
    actor: Any,
    reference: str = "",
    note: str = "",
    **links: Any,
) -> LedgerEntry:
    """Release, pay or return money of one proposal, never more than it has open (or was paid)."""
    fields = {"reference": reference, "note": note, **_links(links)}
    _check_proposal(budget, proposal)
    value = ledger.money(amount)
    with transaction.atomic():
        ledger.locked(budget)
        own = proposal_balances(budget=budget, proposal=proposal)
        limit = own.paid - own.returned if kind == K.RETURN else own.open_commitments
        if value > limit:
            messages = {
                K.RELEASE: _(
                    "Die Freigabe (%(amount)s EUR) übersteigt die offene Bindung des Antrags "
                    "(%(limit)s EUR)."
                ),
                K.PAYMENT: _(
                    "Die Auszahlung (%(amount)s EUR) übersteigt die offene Bindung des Antrags "
                    "(%(limit)s EUR)."
                ),
                K.RETURN: _(
                    "Die Rückzahlung (%(amount)s EUR) übersteigt das an den Antrag Ausgezahlte "
                    "(%(limit)s EUR)."
                ),
            }
            raise BudgetExceeded(
                {"amount": messages[kind] % {"amount": value, "limit": limit}},
                code="exceeds_proposal",
            )
        entry = ledger.book(
            budget=budget, kind=kind, amount=value, actor=actor, proposal=proposal, **fields
        )
        return _audited_entry(entry, actor=actor)


LINKS = ("project", "payment_request", "repayment")


def _links(links: dict[str, Any]) -> dict[str, Any]:
    """Funding II: the project, payment request or repayment an entry belongs to."""
    unknown = set(links) - set(LINKS)
    if unknown:
        raise TypeError(f"unknown ledger links: {sorted(unknown)}")
    return links


# Give back committed money a proposal will not use (under-spend, withdrawal, refusal).
ledger_release = partial(_book_against_proposal, kind=K.RELEASE)
ledger_pay = partial(_book_against_proposal, kind=K.PAYMENT)
# Money paid out and paid back (Rückforderung); it is available again.
ledger_return = partial(_book_against_proposal, kind=K.RETURN)


def budget_carry_over(*, budget: Budget, actor: Any) -> LedgerEntry:
    """The remainder of year Y into the same account of Y+1, where the programme carries over."""
    terms = FundingTerms.objects.filter(programme_id=budget.programme_id).first()
    if terms is None or not terms.carries_over:
        raise ValidationError(
            _("Im Programm %(programme)s verfallen Restmittel am Jahresende; kein Übertrag.")
            % {"programme": budget.programme}
        )
    with transaction.atomic():
        ledger.locked(budget)
        remainder = ledger.balances(budget).available
        if remainder <= ZERO:
            raise ValidationError(_("%(budget)s hat keine Restmittel.") % {"budget": budget})
        target, created = Budget.objects.get_or_create(
            programme_id=budget.programme_id,
            year=budget.year + 1,
            alliance_id=budget.alliance_id,
            earmark_id=budget.earmark_id,
            defaults={"planning_until": budget.planning_until},
        )
        if created:
            audit_record(
                actor=actor,
                instance=target,
                action=AuditEntry.Action.CREATE,
                changes=snapshot(target, ["programme", "year", "alliance", "earmark"]),
                alliance=target.alliance,
            )
        entry = ledger.book(
            budget=target,
            kind=K.ALLOCATION,
            amount=remainder,
            actor=actor,
            source=budget,
            note=_("Übertrag der Restmittel aus %(year)s") % {"year": budget.year},
        )
        return _audited_entry(entry, actor=actor)


def planning_budget_revise(
    *, budget: Budget, planned_total: Any, actor: Any, note: str = ""
) -> LedgerEntry:
    """Set a Niedersachsen planning budget to a new total by booking the difference.

    Raising it allocates more from the programme pool; lowering it (projects under-spent, their
    money was released) passes the difference back to the pool. The total stays derived from the
    entries, and it cannot fall below what is bound: the back-transfer is checked like any
    other money leaving the budget.
    """
    if budget.planning_until is None or budget.alliance_id is None:
        raise ValidationError(
            {"budget": _("Nur ein Planungsbudget einer Allianz wird so fortgeschrieben.")}
        )
    target_total = ledger.money(planned_total, field="planned_total")
    pool = pool_for(budget=budget)
    if pool is None:
        raise ValidationError(
            {"budget": _("Zu diesem Planungsbudget gibt es keine Programmmittel.")}
        )
    with transaction.atomic():
        ledger.locked(budget)
        delta = target_total - planned_total_of(budget=budget)
        if delta == ZERO:
            raise ValidationError(
                {
                    "planned_total": _("Das Planungsbudget beträgt bereits %(total)s EUR.")
                    % {"total": target_total}
                }
            )
        note = note or _("Fortschreibung des Planungsbudgets auf %(total)s EUR") % {
            "total": target_total
        }
        if delta > ZERO:
            entry = ledger.book(
                budget=budget, kind=K.ALLOCATION, amount=delta, actor=actor, source=pool, note=note
            )
        else:
            entry = ledger.book(
                budget=pool, kind=K.ALLOCATION, amount=-delta, actor=actor, source=budget, note=note
            )
        audit_record(
            actor=actor,
            instance=entry,
            action=AuditEntry.Action.CREATE,
            changes={"planned_total": target_total, "delta": delta, "budget": budget},
            alliance=budget.alliance,
        )
        return entry


__all__ = [
    "BudgetExceeded",
    "budget_allocate",
    "budget_carry_over",
    "budget_create",
    "earmark_create",
    "funding_terms_set",
    "ledger_commit",
    "ledger_pay",
    "ledger_release",
    "ledger_return",
    "planning_budget_revise",
]
