"""Writes of a project's money: payment requests, their decision and payment, repayments.

Views and the API ask ``payments.rules`` first; these services ask again (a refusal is
``PermissionDenied``), validate and book. Every check that concerns money runs under the lock
of the budget the project's commitment was booked on (``funding.ledger.locked``), the same lock
every payment takes, so two office users approving or paying at the same moment cannot both
pass a check that only one of them may pass.

The limits, per approved cost type (``selectors.CostTypeMoney``):
- submit: requested ≤ approved − paid − approved-unpaid − requested by other submitted requests;
- approve: requested ≤ approved − paid − approved-unpaid;
- mark paid: paid + requested ≤ approved, and the total ≤ the project's open commitment on the
  ledger. Repaid money is not requestable again (Saxony's rule): ``paid`` counts gross.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record
from fachkraefte.web.calls.models import CostType
from fachkraefte.web.funding import ledger
from fachkraefte.web.funding import services as funding
from fachkraefte.web.funding.ledger import ZERO
from fachkraefte.web.funding.models import Budget, LedgerEntry
from fachkraefte.web.notifications.models import Notification
from fachkraefte.web.notifications.services import notify_in_language
from fachkraefte.web.payments import rules, selectors
from fachkraefte.web.payments.models import PaymentLine, PaymentRequest, Repayment
from fachkraefte.web.payments.workflows import PAYMENT_REQUEST
from fachkraefte.web.projects.models import Project, ProjectPerson

S = PaymentRequest.Status


def eur(value: Decimal) -> str:
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def _label(cost_type: str) -> str:
    return str(CostType(cost_type).label) if cost_type in CostType.values else cost_type


def _field(cost_type: str) -> str:
    return f"amount_{cost_type}"


def clean_lines(*, project: Project, lines: dict[str, Any]) -> dict[str, Decimal]:
    """{cost type: amount} with empty and zero amounts left out; only the project's approved
    cost types, at most two decimals, at least one line."""
    approved = set(project.budget_lines.values_list("cost_type", flat=True))
    cleaned: dict[str, Decimal] = {}
    errors: dict[str, str] = {}
    for cost_type, raw in lines.items():
        if raw in (None, ""):
            continue
        try:
            value = raw if isinstance(raw, Decimal) else Decimal(str(raw).replace(",", "."))
        except InvalidOperation:
            errors[_field(cost_type)] = _("Bitte einen Betrag in Euro eingeben.")
            continue
        if value == ZERO:
            continue
        if cost_type not in approved:
            errors[_field(cost_type)] = _(
                "%(cost_type)s ist für dieses Projekt nicht bewilligt."
            ) % {"cost_type": _label(cost_type)}
            continue
        try:
            cleaned[cost_type] = ledger.money(value, field=_field(cost_type))
        except ValidationError as error:
            errors.update({k: " ".join(v) for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(
            _("Bitte mindestens einen Betrag für eine bewilligte Ausgabeart angeben.")
        )
    return cleaned


def _check_limits(
    money: selectors.ProjectMoney, amounts: dict[str, Decimal], *, limit: str, step: str
) -> None:
    """Refuse each cost type whose amount exceeds ``limit`` (a ``CostTypeMoney`` property)."""
    errors = {}
    for cost_type, amount in amounts.items():
        row = money.row(cost_type)
        allowed = getattr(row, limit) if row else ZERO
        if amount > allowed:
            errors[_field(cost_type)] = _(
                "%(cost_type)s: %(step)s %(amount)s EUR, möglich sind noch %(allowed)s EUR "
                "(bewilligt %(approved)s EUR, ausgezahlt %(paid)s EUR, freigegeben und nicht "
                "ausgezahlt %(bound)s EUR, eingereicht %(open)s EUR)."
            ) % {
                "cost_type": _label(cost_type),
                "step": step,
                "amount": eur(amount),
                "allowed": eur(max(allowed, ZERO)),
                "approved": eur(row.approved if row else ZERO),
                "paid": eur(row.paid if row else ZERO),
                "bound": eur(row.approved_unpaid if row else ZERO),
                "open": eur(row.requested_open if row else ZERO),
            }
    if errors:
        raise ValidationError(errors)


def _check_commitment(money: selectors.ProjectMoney, total: Decimal, *, bound: Decimal) -> None:
    """The request's total never exceeds the project's open commitment on the ledger."""
    free = money.open_commitment - bound
    if total > free:
        raise ValidationError(
            _(
                "Der Mittelabruf (%(total)s EUR) übersteigt die offene Bindung des Projekts "
                "(%(free)s EUR)."
            )
            % {"total": eur(total), "free": eur(max(free, ZERO))}
        )


def _budget(project: Project) -> Budget:
    budget = selectors.commitment_budget(project=project)
    if budget is None:
        raise ValidationError(
            _("Für dieses Projekt ist keine Bindung gebucht; Mittel können nicht abgerufen werden.")
        )
    return budget


def _amounts(payment_request: PaymentRequest) -> dict[str, Decimal]:
    return {line.cost_type: line.amount for line in payment_request.lines.all()}


def _write_lines(payment_request: PaymentRequest, amounts: dict[str, Decimal]) -> None:
    payment_request.lines.exclude(cost_type__in=list(amounts)).delete()
    for cost_type, amount in amounts.items():
        PaymentLine.objects.update_or_create(
            request=payment_request, cost_type=cost_type, defaults={"amount": amount}
        )


def _lock(payment_request: PaymentRequest) -> None:
    """Lock the request's row and read its state again: another office user may have moved it
    while this one waited for the budget's lock."""
    PaymentRequest.objects.select_for_update().filter(pk=payment_request.pk).first()
    payment_request.refresh_from_db()


def _audit(actor: Any, instance: Any, action: str, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        instance=instance,
        action=action,
        changes=changes,
        alliance=instance.project.alliance,
    )


def payment_request_create(
    *, project: Project, actor: Any, lines: dict[str, Any], note: str = ""
) -> PaymentRequest:
    """A draft request with one line per cost type; numbered per project."""
    if not rules.may_create_request(actor, project):
        raise PermissionDenied(
            _("Mittel rufen die Projektverantwortlichen eines laufenden Projekts ab.")
        )
    amounts = clean_lines(project=project, lines=lines)
    _budget(project)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()  # numbering
        number = (project.payment_requests.aggregate(n=Max("number"))["n"] or 0) + 1
        payment_request = PaymentRequest.objects.create(
            project=project, number=number, note=note, requested_by=actor
        )
        _write_lines(payment_request, amounts)
        _audit(
            actor,
            payment_request,
            AuditEntry.Action.CREATE,
            {"number": number, "lines": {k: str(v) for k, v in amounts.items()}, "note": note},
        )
        return payment_request


def payment_request_update(
    *, payment_request: PaymentRequest, actor: Any, lines: dict[str, Any], note: str = ""
) -> PaymentRequest:
    if not rules.may_edit_request(actor, payment_request):
        raise PermissionDenied(_("Nur ein Entwurf wird von den Projektverantwortlichen geändert."))
    amounts = clean_lines(project=payment_request.project, lines=lines)
    with transaction.atomic():
        before = {k: str(v) for k, v in _amounts(payment_request).items()}
        _write_lines(payment_request, amounts)
        payment_request.note = note
        payment_request.save(update_fields=["note"])
        _audit(
            actor,
            payment_request,
            AuditEntry.Action.UPDATE,
            {"lines": [before, {k: str(v) for k, v in amounts.items()}], "note": note},
        )
        return payment_request


def payment_request_submit(*, payment_request: PaymentRequest, actor: Any) -> PaymentRequest:
    """Submit a draft; each line within what is still requestable of its cost type."""
    project = payment_request.project
    PAYMENT_REQUEST.check(actor, payment_request, S.SUBMITTED)
    with transaction.atomic():
        ledger.locked(_budget(project))
        money = selectors.project_money(project=project)
        amounts = _amounts(payment_request)
        if not amounts:
            raise ValidationError(_("Der Mittelabruf hat keine Positionen."))
        _check_limits(money, amounts, limit="remaining", step=_("abgerufen"))
        bound = money.approved_unpaid + money.requested_open
        _check_commitment(money, sum(amounts.values(), ZERO), bound=bound)
        payment_request.submitted_at = timezone.now()
        PAYMENT_REQUEST.transition(actor, payment_request, S.SUBMITTED)
        return payment_request


def payment_request_approve(
    *, payment_request: PaymentRequest, actor: Any, note: str = ""
) -> PaymentRequest:
    project = payment_request.project
    PAYMENT_REQUEST.check(actor, payment_request, S.APPROVED)
    with transaction.atomic():
        ledger.locked(_budget(project))
        _lock(payment_request)
        PAYMENT_REQUEST.check(actor, payment_request, S.APPROVED)
        money = selectors.project_money(project=project)
        amounts = _amounts(payment_request)
        _check_limits(money, amounts, limit="approvable", step=_("zur Freigabe"))
        _check_commitment(money, sum(amounts.values(), ZERO), bound=money.approved_unpaid)
        _decide(payment_request, actor, note)
        PAYMENT_REQUEST.transition(actor, payment_request, S.APPROVED, changes={"note": note})
        _tell_recipients(payment_request, "approved")
        return payment_request


def payment_request_reject(
    *, payment_request: PaymentRequest, actor: Any, note: str
) -> PaymentRequest:
    PAYMENT_REQUEST.check(actor, payment_request, S.REJECTED)
    if not note.strip():
        raise ValidationError({"note": _("Bitte begründen Sie die Ablehnung.")})
    with transaction.atomic():
        _decide(payment_request, actor, note)
        PAYMENT_REQUEST.transition(actor, payment_request, S.REJECTED, changes={"note": note})
        _tell_recipients(payment_request, "rejected")
        return payment_request


def _decide(payment_request: PaymentRequest, actor: Any, note: str) -> None:
    payment_request.decision_note = note
    payment_request.decided_by = actor
    payment_request.decided_at = timezone.now()


def payment_request_mark_paid(
    *,
    payment_request: PaymentRequest,
    actor: Any,
    paid_on: dt.date | None = None,
    reference: str = "",
) -> LedgerEntry:
    """Book the payment (``funding.ledger_pay``, naming project and request) and mark the
    request paid, under the budget's lock: paying the same request twice, or more than approved
    per cost type, is refused however many office users press the button at once."""
    project = payment_request.project
    PAYMENT_REQUEST.check(actor, payment_request, S.PAID)
    paid_on = paid_on or timezone.localdate()
    with transaction.atomic():
        budget = ledger.locked(_budget(project))
        _lock(payment_request)
        PAYMENT_REQUEST.check(actor, payment_request, S.PAID)
        money = selectors.project_money(project=project)
        amounts = _amounts(payment_request)
        _check_limits(money, amounts, limit="payable", step=_("zur Auszahlung"))
        total = sum(amounts.values(), ZERO)
        entry = funding.ledger_pay(
            budget=budget,
            amount=total,
            proposal=project.proposal,
            actor=actor,
            reference=reference or f"MA-{project.pk}-{payment_request.number}",
            note=_("Mittelabruf %(number)s: %(title)s")
            % {"number": payment_request.number, "title": project.title[:200]},
            project=project,
            payment_request=payment_request,
        )
        payment_request.paid_on = paid_on
        PAYMENT_REQUEST.transition(
            actor, payment_request, S.PAID, changes={"amount": total, "paid_on": paid_on}
        )
        _tell_recipients(payment_request, "paid")
        return entry


def repayment_book(
    *,
    project: Project,
    actor: Any,
    cost_type: str,
    amount: Any,
    reason: str,
    received_on: dt.date,
) -> Repayment:
    """Money paid back by the recipient, per cost type, booked as a return on the ledger; at
    most what was paid of that cost type and not yet repaid."""
    if not rules.may_book_repayment(actor, project):
        raise PermissionDenied(_("Rückzahlungen bucht die Koordinierungsstelle."))
    value = ledger.money(amount)
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte den Grund der Rückzahlung angeben.")})
    with transaction.atomic():
        budget = ledger.locked(_budget(project))
        row = selectors.project_money(project=project).row(cost_type)
        repayable = row.paid - row.repaid if row else ZERO
        if value > repayable:
            raise ValidationError(
                {
                    "amount": _(
                        "%(cost_type)s: zurückgezahlt werden können höchstens %(limit)s EUR "
                        "(ausgezahlt %(paid)s EUR, schon zurückgezahlt %(repaid)s EUR)."
                    )
                    % {
                        "cost_type": _label(cost_type),
                        "limit": eur(max(repayable, ZERO)),
                        "paid": eur(row.paid if row else ZERO),
                        "repaid": eur(row.repaid if row else ZERO),
                    }
                }
            )
        repayment = Repayment.objects.create(
            project=project,
            cost_type=cost_type,
            amount=value,
            reason=reason,
            received_on=received_on,
            booked_by=actor,
        )
        funding.ledger_return(
            budget=budget,
            amount=value,
            proposal=project.proposal,
            actor=actor,
            note=_("Rückzahlung: %(reason)s") % {"reason": reason[:250]},
            project=project,
            repayment=repayment,
        )
        _audit(
            actor,
            repayment,
            AuditEntry.Action.CREATE,
            {"cost_type": cost_type, "amount": value, "reason": reason, "received_on": received_on},
        )
        return repayment


def recipients(project: Project) -> list[Any]:
    """Who hears about the project's money: the proposal's applicant and the project's people."""
    people = [project.proposal.applicant] if project.proposal_id else []
    for person in ProjectPerson.objects.filter(project=project).select_related("user"):
        if person.user_id not in {p.pk for p in people}:
            people.append(person.user)
    return people


def _tell_recipients(payment_request: PaymentRequest, event: str) -> list[Notification]:
    project = payment_request.project
    total = selectors.request_total(payment_request=payment_request)
    link = reverse("payments:detail", args=[project.pk, payment_request.pk])

    def write() -> tuple[str, str]:
        values = {
            "number": payment_request.number,
            "title": project.title,
            "total": eur(total),
            "note": payment_request.decision_note,
        }
        if event == "approved":
            return (
                _("Mittelabruf %(number)s freigegeben: %(title)s") % values,
                _(
                    "Die Koordinierungsstelle hat Ihren Mittelabruf %(number)s über %(total)s EUR "
                    "für „%(title)s“ freigegeben. Die Auszahlung folgt."
                )
                % values,
            )
        if event == "rejected":
            return (
                _("Mittelabruf %(number)s abgelehnt: %(title)s") % values,
                _(
                    "Die Koordinierungsstelle hat Ihren Mittelabruf %(number)s für „%(title)s“ "
                    "abgelehnt. Begründung: %(note)s"
                )
                % values,
            )
        return (
            _("Mittelabruf %(number)s ausgezahlt: %(title)s") % values,
            _("%(total)s EUR aus Ihrem Mittelabruf %(number)s für „%(title)s“ wurden ausgezahlt.")
            % values,
        )

    return [
        notify_in_language(user=person, write=write, link=link) for person in recipients(project)
    ]
