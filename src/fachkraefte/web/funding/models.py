"""A programme's money as a ledger: funding terms, earmarks, budgets and their entries.

A ``Budget`` is one account: a programme's money for one year, either the programme's own pool
(``alliance`` empty: what the Land made available) or one alliance's share, optionally for one
earmark. Its amounts are never stored, only derived from its ``LedgerEntry`` rows (see
``funding.ledger``), so the overview can always be recomputed and audited. The budget row is
also the lock that serialises commitments (``select_for_update`` on PostgreSQL, an immediate
write transaction on SQLite).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class FundingTerms(models.Model):
    """How a programme funds: its proposal workflow, grant rate cap and carry-over rule."""

    class Workflow(models.TextChoices):
        ONE_STAGE = "one_stage", _("einstufig (Projektskizze → Priorisierung → Bewilligung)")
        TWO_STAGE = "two_stage", _("zweistufig (Interessenbekundung → Auswahl → Vollantrag)")

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="funding_terms",
        verbose_name=_("Programm"),
    )
    workflow = models.CharField(
        _("Antragsverfahren"), max_length=16, choices=Workflow.choices, default=Workflow.ONE_STAGE
    )
    max_grant_rate = models.DecimalField(
        _("höchste Förderquote"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Anteil der förderfähigen Ausgaben, z. B. 0,9 für 90 %."),
    )
    carries_over = models.BooleanField(
        _("Restmittel werden übertragen"),
        default=False,
        help_text=_("Nicht gebundene Mittel eines Jahres gehen ins nächste Jahr über."),
    )
    # Who takes the final funding decision outside the platform (Saxony: the state bank SAB).
    external_approver = models.CharField(_("bewilligende Stelle"), max_length=200, blank=True)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    # Funding II: the reporting schedule and what happens to unspent money at closing.
    interim_report_months = models.PositiveSmallIntegerField(
        _("Zwischenbericht alle … Monate"), default=6, help_text=_("0: kein Zwischenbericht")
    )
    final_report_months = models.PositiveSmallIntegerField(
        _("Schlussbericht … Monate nach Projektende"), default=3
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("Erinnerung … Tage vor Fälligkeit"), default=7
    )
    releases_underspend = models.BooleanField(
        _("nicht abgerufene Mittel fließen an das Allianzbudget zurück"), default=True
    )

    class Meta:
        verbose_name = _("Förderbedingungen")
        verbose_name_plural = _("Förderbedingungen")

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_workflow_display()}"


class Earmark(models.Model):
    """Money set aside for one purpose ("Gewinnung und Integration internationaler Fachkräfte")."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="earmarks",
        verbose_name=_("Programm"),
    )
    slug = models.SlugField(_("Kurzname"), max_length=80)
    name = models.CharField(_("Bezeichnung"), max_length=200)

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="earmark_unique_slug")
        ]
        verbose_name = _("Zweckbindung")
        verbose_name_plural = _("Zweckbindungen")

    def __str__(self) -> str:
        return self.name


class Budget(models.Model):
    """One ledger account: (programme, year, alliance or the programme pool, earmark or none)."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="budgets",
        verbose_name=_("Programm"),
    )
    year = models.PositiveSmallIntegerField(_("Haushaltsjahr"))
    # Empty: the programme's pool for the year, from which alliances receive their allocations.
    alliance = models.ForeignKey(
        "alliances.Alliance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
        verbose_name=_("Allianz"),
    )
    earmark = models.ForeignKey(
        Earmark,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
        verbose_name=_("Zweckbindung"),
    )
    # Niedersachsen: a three-year planning budget; the last year it covers.
    planning_until = models.PositiveSmallIntegerField(
        _("Planungszeitraum bis"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "-year", "alliance__name", "earmark__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "alliance", "earmark"],
                name="budget_unique_account",
                nulls_distinct=False,
            )
        ]
        verbose_name = _("Budget")
        verbose_name_plural = _("Budgets")

    def __str__(self) -> str:
        owner = self.alliance or _("Programmmittel")
        label = f"{self.programme} {self.year} – {owner}"
        return f"{label} ({self.earmark})" if self.earmark_id else label


class LedgerEntry(models.Model):
    """One movement of money on a budget; never changed or deleted once booked.

    Amounts are positive; the kind says the direction (see ``funding.ledger.balances``):
    available = allocated − committed + released + returned, and a payment turns committed money
    into paid money. A correction is a new entry of the opposite kind, never an edit.
    """

    class Kind(models.TextChoices):
        ALLOCATION = "allocation", _("Zuweisung")
        COMMITMENT = "commitment", _("Bindung")
        RELEASE = "release", _("Freigabe")
        PAYMENT = "payment", _("Auszahlung")
        RETURN = "return", _("Rückzahlung")

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="entries", verbose_name=_("Budget")
    )
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(
        _("Betrag (EUR)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    # An allocation names the account it comes from (the programme pool, or last year's budget
    # for a carried-over remainder); the source is debited by the same entry.
    source = models.ForeignKey(
        Budget,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outgoing",
        verbose_name=_("aus Budget"),
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("Antrag"),
    )
    agenda_item = models.ForeignKey(
        "decisions.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("Beschluss (TOP)"),
    )
    # Funding II: the project a payment, return or closing release belongs to, and the request
    # or repayment that explains it.
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("Projekt"),
    )
    payment_request = models.ForeignKey(
        "payments.PaymentRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("Mittelabruf"),
    )
    repayment = models.ForeignKey(
        "payments.Repayment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name=_("Rückzahlung"),
    )
    reference = models.CharField(_("Aktenzeichen / Beleg"), max_length=120, blank=True)
    note = models.CharField(_("Vermerk"), max_length=300, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebucht von"),
    )
    booked_at = models.DateTimeField(_("gebucht am"), auto_now_add=True)

    class Meta:
        ordering = ["budget", "booked_at", "id"]
        verbose_name = _("Buchung")
        verbose_name_plural = _("Buchungen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} EUR – {self.budget}"
