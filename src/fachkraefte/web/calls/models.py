"""Calls for proposals (Förderaufrufe / Ausschreibungen) and their structured eligibility rules.

A call belongs to a programme and, usually, to one alliance (Saxony: each alliance's own call;
Ems-Achse: the alliance's call to training providers). Its eligibility is data (``Eligibility``
fields below), evaluated rule by rule in ``calls.eligibility`` beside each proposal, so the
applicant and the office see each rule's pass or fail and why.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.funding.models import MONEY


class TargetGroup(models.TextChoices):
    UNEMPLOYED = "unemployed", _("Arbeitslose")
    EMPLOYEES = "employees", _("Beschäftigte")
    TRAINEES = "trainees", _("Auszubildende")
    SCHOOL_LEAVERS = "school_leavers", _("Schulabgängerinnen und -abgänger")
    RETURNERS = "returners", _("Berufsrückkehrerinnen")
    INTERNATIONAL = "international", _("internationale Fachkräfte")
    EMPLOYERS = "employers", _("Arbeitgeber")


class CostType(models.TextChoices):
    """Cost types of a budget plan; a call lists those it funds (Saxony excludes the last three)."""

    PERSONNEL = "personnel", _("Personalausgaben")
    MATERIAL = "material", _("Sachausgaben")
    SERVICES = "services", _("Fremdleistungen / Honorare")
    TRAVEL = "travel", _("Reisekosten (Inland und EU)")
    PARTICIPANTS = "participants", _("Teilnehmendenkosten")
    PUBLICITY = "publicity", _("Öffentlichkeitsarbeit")
    INVESTMENT = "investment", _("Investitionen")
    FLAT_RATE = "flat_rate", _("Pauschalen")
    TRAVEL_NON_EU = "travel_non_eu", _("Reisen außerhalb der EU")


class Call(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("veröffentlicht")
        CLOSED = "closed", _("beendet")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("Programm"),
    )
    alliance = models.ForeignKey(
        "alliances.Alliance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("Allianz"),
    )
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Kurzbeschreibung"))
    description = models.TextField(_("Ausschreibungstext"), blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    opens_on = models.DateField(_("Einreichung ab"))
    # Empty together with ``rolling``: proposals are taken until the call is closed by hand.
    closes_on = models.DateField(_("Einreichung bis"), null=True, blank=True)
    rolling = models.BooleanField(_("laufende Einreichung"), default=False)
    budget_year = models.PositiveSmallIntegerField(_("Haushaltsjahr"))
    earmark = models.ForeignKey(
        "funding.Earmark",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("Zweckbindung"),
    )
    action_fields = models.ManyToManyField(
        "alliances.ActionField", blank=True, related_name="calls", verbose_name=_("Handlungsfelder")
    )
    priorities = models.ManyToManyField(
        "alliances.Priority", blank=True, related_name="calls", verbose_name=_("Schwerpunkte")
    )
    target_groups = models.JSONField(_("Zielgruppen"), default=list, blank=True)
    # KldB 2010 codes the call aims at (e.g. carried over from a workshop's measure).
    occupations = models.JSONField(_("Zielberufe (KldB)"), default=list, blank=True)
    # Expression of interest in a two-stage procedure: its length cap in characters
    # (about two pages); empty in one-stage calls.
    interest_max_chars = models.PositiveIntegerField(
        _("Interessenbekundung: höchstens Zeichen"), null=True, blank=True
    )

    # Eligibility as structured rules (``calls.eligibility`` evaluates them).
    applicant_categories = models.JSONField(
        _("zugelassene Antragsteller (Partnerkategorien)"), default=list, blank=True
    )
    districts = models.ManyToManyField(
        "core.Region", blank=True, related_name="calls", verbose_name=_("Projektgebiet (Kreise)")
    )
    max_grant_rate = models.DecimalField(
        _("höchste Förderquote"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    min_amount = models.DecimalField(_("Mindestzuschuss (EUR)"), null=True, blank=True, **MONEY)
    max_amount = models.DecimalField(_("Höchstzuschuss (EUR)"), null=True, blank=True, **MONEY)
    min_months = models.PositiveSmallIntegerField(
        _("Mindestlaufzeit (Monate)"), null=True, blank=True
    )
    max_months = models.PositiveSmallIntegerField(
        _("Höchstlaufzeit (Monate)"), null=True, blank=True
    )
    eligible_cost_types = models.JSONField(_("förderfähige Ausgabearten"), default=list)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "title"]
        verbose_name = _("Förderaufruf")
        verbose_name_plural = _("Förderaufrufe")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", args=[self.slug])


class CallDocument(models.Model):
    """A document of the call (guideline, form template), PDF only."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="documents", verbose_name=_("Förderaufruf")
    )
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="calls/%Y/")
    size = models.PositiveIntegerField(_("Größe (Byte)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "title"]
        verbose_name = _("Dokument zum Aufruf")
        verbose_name_plural = _("Dokumente zum Aufruf")

    def __str__(self) -> str:
        return self.title


class ReviewCriterion(models.Model):
    """One criterion reviewers score 0–5 (or "n/a") for the proposals of a call."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("Förderaufruf")
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    label = models.CharField(_("Kriterium"), max_length=200)
    description = models.TextField(_("Erläuterung"), blank=True)

    class Meta:
        ordering = ["call", "position", "id"]
        verbose_name = _("Bewertungskriterium")
        verbose_name_plural = _("Bewertungskriterien")

    def __str__(self) -> str:
        return self.label
