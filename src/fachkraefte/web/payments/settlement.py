"""The closing settlement of a project: the commitment nobody will draw is released.

At closing, what the project's commitment still binds (committed − paid − released, on the
budget the proposal's commitment was booked on) goes back to that alliance budget via
``funding.ledger_release`` where the programme's terms say so (``releases_underspend``). Money
the recipient paid back is not part of it: a return is available on the budget the moment it is
booked (``funding.ledger``), so counting it again would release it twice.

Requests still submitted or approved-unpaid stop the settlement (decide or pay them first): their
money is still bound for a purpose. Idempotent: once nothing is open, a second call books
nothing and returns None. Called by the projects app when a project is closed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fachkraefte.web.funding import ledger
from fachkraefte.web.funding import services as funding
from fachkraefte.web.funding.ledger import ZERO
from fachkraefte.web.funding.models import FundingTerms, LedgerEntry
from fachkraefte.web.funding.selectors import proposal_balances
from fachkraefte.web.payments import selectors
from fachkraefte.web.payments.models import PaymentRequest
from fachkraefte.web.projects.models import Project

OPEN = (PaymentRequest.Status.SUBMITTED, PaymentRequest.Status.APPROVED)


def releases_underspend(project: Project) -> bool:
    terms = FundingTerms.objects.filter(programme_id=project.programme_id).first()
    return terms is not None and terms.releases_underspend


def project_settle(*, project: Project, actor: Any) -> LedgerEntry | None:
    """Release the project's unpaid commitment to its alliance budget; the entry it booked, or
    None (nothing open, a historic project, or a programme that keeps the money bound)."""
    budget = selectors.commitment_budget(project=project)
    if budget is None or not releases_underspend(project):
        return None
    with transaction.atomic():
        ledger.locked(budget)
        waiting = project.payment_requests.filter(status__in=OPEN).order_by("number")
        if waiting.exists():
            numbers = ", ".join(str(r.number) for r in waiting)
            raise ValidationError(
                _(
                    "Offene Mittelabrufe (%(numbers)s) zuerst entscheiden oder auszahlen; erst "
                    "dann werden die nicht abgerufenen Mittel freigegeben."
                )
                % {"numbers": numbers}
            )
        remainder = proposal_balances(budget=budget, proposal=project.proposal).open_commitments
        if remainder <= ZERO:
            return None
        return funding.ledger_release(
            budget=budget,
            amount=remainder,
            proposal=project.proposal,
            actor=actor,
            note=_("Abschluss: nicht abgerufene Mittel von „%(title)s“")
            % {"title": project.title[:200]},
            project=project,
        )
