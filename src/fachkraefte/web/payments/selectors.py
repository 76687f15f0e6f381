"""Reads of a project's money: the per-cost-type table, the ledger behind it, visible requests.

``project_money`` is the one source of the numbers "approved / paid / requested / remaining":
the pages, the API, the checks of the services and the programme statistics read it, so they
cannot disagree. Requests count by state: approved but not yet paid money is bound to its
request and no longer requestable; repaid money is not requestable again (Saxony's rule: a
return closes that part of the grant), so ``remaining`` ignores repayments.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.rules import internal_alliances
from fachkraefte.web.calls.models import CostType
from fachkraefte.web.funding.ledger import ZERO, Balances
from fachkraefte.web.funding.models import Budget, LedgerEntry
from fachkraefte.web.funding.selectors import proposal_balances
from fachkraefte.web.payments.models import PaymentLine, PaymentRequest, Repayment
from fachkraefte.web.payments.rules import is_recipient
from fachkraefte.web.projects.models import Project

S = PaymentRequest.Status


@dataclass(frozen=True)
class CostTypeMoney:
    cost_type: str
    approved: Decimal  # the project's approved grant of this cost type
    paid: Decimal  # paid requests (gross: a repayment does not reduce it)
    approved_unpaid: Decimal  # approved requests waiting for payment
    requested_open: Decimal  # submitted requests the office has not decided yet
    repaid: Decimal

    @property
    def label(self) -> str:
        return str(CostType(self.cost_type).label) if self.cost_type in CostType.values else ""

    @property
    def remaining(self) -> Decimal:
        """What may still be requested: approved − paid − approved-unpaid − requested-open."""
        return self.approved - self.paid - self.approved_unpaid - self.requested_open

    @property
    def payable(self) -> Decimal:
        """The most that may still be paid: approved − paid."""
        return self.approved - self.paid

    @property
    def approvable(self) -> Decimal:
        """The most an office may approve now (submitted requests compete with each other)."""
        return self.approved - self.paid - self.approved_unpaid


@dataclass(frozen=True)
class ProjectMoney:
    project: Project
    rows: list[CostTypeMoney]
    budget: Budget | None  # the budget the proposal's commitment was booked on
    ledger: Balances | None  # that budget's entries for the project's proposal

    def row(self, cost_type: str) -> CostTypeMoney | None:
        return next((row for row in self.rows if row.cost_type == cost_type), None)

    def _sum(self, name: str) -> Decimal:
        return sum((getattr(row, name) for row in self.rows), ZERO)

    @property
    def approved(self) -> Decimal:
        return self._sum("approved")

    @property
    def paid(self) -> Decimal:
        return self._sum("paid")

    @property
    def approved_unpaid(self) -> Decimal:
        return self._sum("approved_unpaid")

    @property
    def requested_open(self) -> Decimal:
        return self._sum("requested_open")

    @property
    def repaid(self) -> Decimal:
        return self._sum("repaid")

    @property
    def remaining(self) -> Decimal:
        return self._sum("remaining")

    @property
    def open_commitment(self) -> Decimal:
        """Bound on the ledger for the project and not paid or released yet."""
        return self.ledger.open_commitments if self.ledger else ZERO


def commitment_budget(*, project: Project) -> Budget | None:
    """The budget whose commitment funds the project (the proposal's first commitment)."""
    if project.proposal_id is None:
        return None
    entry = (
        LedgerEntry.objects.filter(
            proposal_id=project.proposal_id, kind=LedgerEntry.Kind.COMMITMENT
        )
        .select_related("budget")
        .order_by("booked_at", "id")
        .first()
    )
    return entry.budget if entry else None


def _line_sums(project: Project) -> dict[tuple[str, str], Decimal]:
    rows = (
        PaymentLine.objects.filter(request__project=project)
        .values_list("request__status", "cost_type")
        .annotate(total=Sum("amount"))
        .values_list("request__status", "cost_type", "total")
    )
    return {(status, cost_type): total for status, cost_type, total in rows}


def project_money(*, project: Project) -> ProjectMoney:
    """Per approved cost type: approved, paid, approved-unpaid, requested-open, repaid and
    remaining; plus the ledger's view of the project's commitment."""
    lines = _line_sums(project)
    repaid = dict(
        Repayment.objects.filter(project=project)
        .values_list("cost_type")
        .annotate(total=Sum("amount"))
        .values_list("cost_type", "total")
    )
    approved = {line.cost_type: line.amount for line in project.budget_lines.all()}
    order = {value: index for index, value in enumerate(CostType.values)}
    cost_types = sorted(
        set(approved) | {cost_type for _status, cost_type in lines} | set(repaid),
        key=lambda c: order.get(c, len(order)),
    )
    rows = [
        CostTypeMoney(
            cost_type=cost_type,
            approved=approved.get(cost_type, ZERO),
            paid=lines.get((S.PAID, cost_type), ZERO),
            approved_unpaid=lines.get((S.APPROVED, cost_type), ZERO),
            requested_open=lines.get((S.SUBMITTED, cost_type), ZERO),
            repaid=repaid.get(cost_type, ZERO),
        )
        for cost_type in cost_types
    ]
    budget = commitment_budget(project=project)
    ledger = proposal_balances(budget=budget, proposal=project.proposal) if budget else None
    return ProjectMoney(project=project, rows=rows, budget=budget, ledger=ledger)


def request_total(*, payment_request: PaymentRequest) -> Decimal:
    return payment_request.lines.aggregate(total=Sum("amount"))["total"] or ZERO


def requests_of_project(*, project: Project, user: Any) -> QuerySet[PaymentRequest]:
    """The project's requests; drafts only for those who may edit them (the recipient)."""
    queryset = project.payment_requests.prefetch_related("lines").select_related("requested_by")
    if not is_recipient(user, project):
        queryset = queryset.exclude(status=S.DRAFT)
    return queryset.order_by("number")


def _own_projects(user: Any) -> QuerySet[Project]:
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    return Project.objects.filter(Q(people__user=user) | Q(proposal__applicant=user))


def projects_with_money_visible(*, user: Any) -> QuerySet[Project]:
    """Projects whose money ``user`` may read: the office all, alliances theirs, recipients
    their own (``rules.may_view_money`` for many at once)."""
    if is_coordination(user):
        return Project.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    alliance = Q(alliance__in=internal_alliances(user))
    own = Q(pk__in=_own_projects(user).values("pk"))
    return Project.objects.filter(alliance | own)


def payment_requests_visible(*, user: Any) -> QuerySet[PaymentRequest]:
    """Requests of projects the user may see; drafts only of the user's own projects."""
    visible = projects_with_money_visible(user=user).values("pk")
    own = _own_projects(user).values("pk")
    return (
        PaymentRequest.objects.filter(
            (~Q(status=S.DRAFT) & Q(project__in=visible)) | (Q(status=S.DRAFT) & Q(project__in=own))
        )
        .select_related("project__alliance", "project__proposal", "requested_by")
        .prefetch_related("lines")
    )


def payment_queue(*, status: str = "", q: str = "") -> QuerySet[PaymentRequest]:
    """The office's queue: every submitted or approved (not yet paid) request across projects."""
    states = [status] if status in (S.SUBMITTED, S.APPROVED) else [S.SUBMITTED, S.APPROVED]
    queryset = PaymentRequest.objects.filter(status__in=states).select_related(
        "project__alliance", "requested_by"
    )
    if q:
        queryset = queryset.filter(
            Q(project__title__icontains=q) | Q(project__recipient__icontains=q)
        )
    return queryset.annotate(total=Sum("lines__amount"))


def repayments_visible(*, user: Any) -> QuerySet[Repayment]:
    """Repayments are the office's bookings: the office sees them all, nobody else through here."""
    if not is_coordination(user):
        return Repayment.objects.none()
    return Repayment.objects.select_related("project", "booked_by")
