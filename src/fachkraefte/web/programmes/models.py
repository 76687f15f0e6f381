"""State programmes and their rule sets (which partner categories an alliance must include)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsensusRule(models.TextChoices):
    """How a steering-group decision is taken (see ``decisions.consensus``)."""

    UNANIMITY = "unanimity", _("Einstimmigkeit der Abstimmenden")
    NO_OBJECTION = "no_objection", _("Zustimmung ohne Widerspruch")


class Programme(models.Model):
    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    land = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("Land"),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    default_consensus_rule = models.CharField(
        _("Beschlussregel (Standard)"),
        max_length=16,
        choices=ConsensusRule.choices,
        default=ConsensusRule.NO_OBJECTION,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Programm")
        verbose_name_plural = _("Programme")

    def __str__(self) -> str:
        return self.name


class CompositionRule(models.Model):
    """One required (or optional) seat type: at least ``min_count`` members of ``categories``."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="composition_rules",
        verbose_name=_("Programm"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    label = models.CharField(_("Bezeichnung"), max_length=200)
    # A list of PartnerCategory values; any of them fills the seat.
    categories = models.JSONField(_("Partnerkategorien"), default=list)
    min_count = models.PositiveSmallIntegerField(_("Mindestanzahl"), default=1)
    # Exclusive: members need *more than* this many inhabitants ("mehr als 10 000 Einwohner").
    min_inhabitants = models.PositiveIntegerField(
        _("mehr als … Einwohner"),
        null=True,
        blank=True,
        help_text=_("Nur Mitglieder mit mehr Einwohnern als dieser Zahl besetzen den Sitz."),
    )
    required = models.BooleanField(_("Pflicht"), default=True)
    district_towns = models.BooleanField(
        _("nur kreisangehörige Orte"),
        default=False,
        help_text=_(
            "Nur Mitglieder aus einem Landkreis der Allianz zählen; bei einer kreisfreien Stadt "
            "entfällt der Sitz."
        ),
    )

    class Meta:
        ordering = ["programme", "position", "id"]
        verbose_name = _("Zusammensetzungsregel")
        verbose_name_plural = _("Zusammensetzungsregeln")

    def __str__(self) -> str:
        return f"{self.programme}: {self.min_count}× {self.label}"
