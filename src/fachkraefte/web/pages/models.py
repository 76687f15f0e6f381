"""Public pages a public body must offer (Impressum, Datenschutz, Barrierefreiheit) and Hilfe.

A row exists only once the coordination office has edited a page; until then the shipped
default text (``defaults.py``) is shown, so an update of the defaults reaches every
installation that has not written its own text.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicPage(models.Model):
    class Slug(models.TextChoices):
        IMPRESSUM = "impressum", _("Impressum")
        DATENSCHUTZ = "datenschutz", _("Datenschutzerklärung")
        BARRIEREFREIHEIT = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")
        HILFE = "hilfe", _("Hilfe")

    slug = models.CharField(_("Seite"), max_length=32, choices=Slug.choices, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(
        _("Text"),
        help_text=_(
            "Absätze durch eine Leerzeile trennen; „## “ am Zeilenanfang für eine "
            "Zwischenüberschrift, „- “ für einen Listenpunkt. Adressen (https://…) und "
            "E-Mail-Adressen werden zu Links."
        ),
    )
    title_en = models.CharField(_("Titel (Englisch)"), max_length=200, blank=True)
    body_en = models.TextField(
        _("Text (Englisch)"),
        blank=True,
        help_text=_(
            "Leer lassen, wenn es keine englische Fassung gibt: dann erscheint der "
            "deutsche Text mit einem Hinweis."
        ),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert am"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("Öffentliche Seite")
        verbose_name_plural = _("Öffentliche Seiten")

    def __str__(self) -> str:
        return self.title
