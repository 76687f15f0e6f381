"""The payment request's workflow as data: draft → submitted → approved → paid; submitted → rejected.

Approval books nothing (the money stays bound to the project); "paid" books the payment on the
ledger in the same transaction as the step (``services.payment_request_mark_paid``). Paid and
rejected are final: a correction is a repayment or a new request, never an edit.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.workflows import Transition, Workflow
from fachkraefte.web.payments import rules
from fachkraefte.web.payments.models import PaymentRequest

S = PaymentRequest.Status
RECIPIENT = _("die Zuwendungsempfänger (Projektverantwortliche)")
OFFICE = _("die Koordinierungsstelle")

PAYMENT_REQUEST = Workflow(
    field="status",
    states=PaymentRequest.Status,
    transitions=(
        Transition(
            S.DRAFT, S.SUBMITTED, _("Mittelabruf einreichen"), rules.may_submit, who=RECIPIENT
        ),
        Transition(
            S.SUBMITTED, S.APPROVED, _("Mittelabruf freigeben"), rules.may_decide, who=OFFICE
        ),
        Transition(
            S.SUBMITTED, S.REJECTED, _("Mittelabruf ablehnen"), rules.may_decide, who=OFFICE
        ),
        Transition(S.APPROVED, S.PAID, _("als ausgezahlt buchen"), rules.may_mark_paid, who=OFFICE),
    ),
    audit_alliance=lambda payment_request: payment_request.project.alliance,
)
