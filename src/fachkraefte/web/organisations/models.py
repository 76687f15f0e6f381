"""Organisations that sit in alliances, with their partner category and named representatives."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerCategory(models.TextChoices):
    """The partner categories that programme composition rules refer to."""

    DISTRICT = "district", _("Landkreis / kreisfreie Stadt")
    TOWN = "town", _("Stadt / Gemeinde")
    CHAMBER = "chamber", _("Kammer")
    EMPLOYERS = "employers", _("Arbeitgebervereinigung / Unternehmensverband")
    UNION = "union", _("Gewerkschaft")
    EMPLOYMENT_AGENCY = "employment_agency", _("Agentur für Arbeit / Jobcenter")
    SCHOOL = "school", _("Schule / Schulverwaltung")
    ECONOMIC_DEVELOPMENT = "economic_development", _("Wirtschaftsförderung")
    UNIVERSITY = "university", _("Hochschule / Berufsakademie")
    MIGRANT = "migrant", _("Migrantenorganisation")
    EQUAL_OPPORTUNITY = "equal_opportunity", _("Gleichstellungsbeauftragte")
    OTHER = "other", _("Sonstige")


class Organisation(models.Model):
    name = models.CharField(_("Name"), max_length=200, unique=True)
    category = models.CharField(
        _("Partnerkategorie"), max_length=32, choices=PartnerCategory.choices
    )
    # The district the organisation belongs to (a town's Kreis; a district's own Kreis).
    region = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("Kreis"),
    )
    # Composition rules such as Saxony's "towns over 10,000 inhabitants" need it.
    inhabitants = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    website = models.URLField(_("Website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")

    def __str__(self) -> str:
        return self.name


class Representative(models.Model):
    """A named person who represents an organisation; linked to a login where there is one."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("Organisation"),
    )
    name = models.CharField(_("Name"), max_length=200)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="representations",
        verbose_name=_("Benutzerkonto"),
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("Vertreterin / Vertreter")
        verbose_name_plural = _("Vertreterinnen und Vertreter")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
