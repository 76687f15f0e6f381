"""Payment requests of funded projects, per approved cost type, and returns.

Every money step is a ``funding.LedgerEntry`` that names the project's proposal (and here the
request): the office's approval books nothing, "marked paid" books the payment, a return books
a return. So the budget overview stays exact and the requests are its explanation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.calls.models import CostType
from fachkraefte.web.funding.models import MONEY


class PaymentRequest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SUBMITTED = "submitted", _("eingereicht")
        APPROVED = "approved", _("freigegeben")
        REJECTED = "rejected", _("abgelehnt")
        PAID = "paid", _("ausgezahlt")

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="payment_requests",
        verbose_name=_("Projekt"),
    )
    number = models.PositiveSmallIntegerField(_("Nr."))
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("Begründung / Verwendung"), blank=True)
    decision_note = models.TextField(_("Vermerk der Koordinierungsstelle"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    paid_on = models.DateField(_("ausgezahlt am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="paymentrequest_unique_no")
        ]
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")

    def __str__(self) -> str:
        return f"{self.project} – Mittelabruf {self.number}"


class PaymentLine(models.Model):
    request = models.ForeignKey(
        PaymentRequest, on_delete=models.CASCADE, related_name="lines", verbose_name=_("Abruf")
    )
    cost_type = models.CharField(_("Ausgabeart"), max_length=16, choices=CostType.choices)
    amount = models.DecimalField(_("Betrag (EUR)"), **MONEY)

    class Meta:
        ordering = ["request", "cost_type"]
        constraints = [
            models.UniqueConstraint(fields=["request", "cost_type"], name="paymentline_unique")
        ]
        verbose_name = _("Position des Mittelabrufs")
        verbose_name_plural = _("Positionen des Mittelabrufs")

    def __str__(self) -> str:
        return f"{self.get_cost_type_display()}: {self.amount}"


class Repayment(models.Model):
    """Money the recipient pays back (unused, or reclaimed), by cost type; booked as a return."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="repayments",
        verbose_name=_("Projekt"),
    )
    cost_type = models.CharField(_("Ausgabeart"), max_length=16, choices=CostType.choices)
    amount = models.DecimalField(_("Betrag (EUR)"), **MONEY)
    reason = models.CharField(_("Grund"), max_length=300)
    received_on = models.DateField(_("eingegangen am"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "received_on", "id"]
        verbose_name = _("Rückzahlung")
        verbose_name_plural = _("Rückzahlungen")

    def __str__(self) -> str:
        return f"{self.project}: {self.amount} EUR"
