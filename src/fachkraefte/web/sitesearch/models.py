"""The search index: one document per public record, its text analysed in Python.

``terms`` holds the analysed text (``fachkraefte.textsearch.analyse``: stems of words and of
compound parts, space-separated). The database indexes that column as plain words: an FTS5
table on SQLite, a generated ``tsvector`` (configuration ``simple``) with a GIN index on
PostgreSQL (migration 0002). Neither database stems or splits anything itself, so both find
the same documents for the same query.

The filter columns hold codes between bars ("|06432|06433|"), so "contains |06432|" filters
the same way on both databases.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MEASURE = "measure", _("Maßnahme")
    PRACTICE = "practice", _("gute Praxis")
    CALL = "call", _("Förderaufruf")
    PROJECT = "project", _("gefördertes Projekt")
    ALLIANCE = "alliance", _("Allianz")
    DISTRICT = "district", _("Kreis")
    OCCUPATION = "occupation", _("Beruf")


class SearchDocument(models.Model):
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    # The record's key within its kind (a primary key, slug, AGS or KldB code).
    key = models.CharField(_("Schlüssel"), max_length=100)
    title = models.CharField(_("Titel"), max_length=300)
    url = models.CharField(_("Adresse"), max_length=300)
    text = models.TextField(_("Text"), blank=True)
    title_terms = models.TextField(_("Suchbegriffe des Titels"), blank=True)
    terms = models.TextField(_("Suchbegriffe"))
    land = models.CharField(_("Land (AGS)"), max_length=2, blank=True)
    districts = models.TextField(_("Kreise"), blank=True)
    action_areas = models.TextField(_("Handlungsfelder"), blank=True)
    target_groups = models.TextField(_("Zielgruppen"), blank=True)
    occupations = models.TextField(_("Berufe (KldB)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="searchdocument_unique_key")
        ]
        verbose_name = _("Suchdokument")
        verbose_name_plural = _("Suchdokumente")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
