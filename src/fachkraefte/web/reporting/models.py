"""Reports of funded projects on the programme's schedule (interim and final), and their review.

The schedule comes from the programme's ``FundingTerms`` (interim every n months, the final
report m months after the end); a report row exists from the day it is scheduled, so "due"
and "overdue" are queries over ``due_on``. Reminders are recorded on the row
(``reminded_before_at``, ``reminded_after_at``) so a scheduled job never sends one twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Kind(models.TextChoices):
        INTERIM = "interim", _("Zwischenbericht")
        FINAL = "final", _("Schlussbericht")

    class Status(models.TextChoices):
        DUE = "due", _("ausstehend")
        DRAFT = "draft", _("Entwurf")
        SUBMITTED = "submitted", _("eingereicht")
        CHANGES_REQUESTED = "changes_requested", _("Änderungen erbeten")
        ACCEPTED = "accepted", _("angenommen")

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("Projekt"),
    )
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    period_from = models.DateField(_("Berichtszeitraum von"))
    period_to = models.DateField(_("Berichtszeitraum bis"))
    due_on = models.DateField(_("fällig am"))
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.DUE
    )
    text = models.TextField(_("Sachbericht"), blank=True)
    # What the office asks to change, or its note on acceptance.
    review_note = models.TextField(_("Anmerkung der Koordinierungsstelle"), blank=True)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_after_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "period_to"], name="report_unique_period"
            )
        ]
        verbose_name = _("Bericht")
        verbose_name_plural = _("Berichte")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.project} ({self.due_on:%d.%m.%Y})"


class ReportAttachment(models.Model):
    """A PDF attached to a report (checked by content with ``core.uploads``)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("Bericht")
    )
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="reports/%Y/")
    size = models.PositiveIntegerField(_("Größe (Byte)"))
    sha256 = models.CharField(_("Prüfsumme"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "uploaded_at", "id"]
        verbose_name = _("Anlage zum Bericht")
        verbose_name_plural = _("Anlagen zum Bericht")

    def __str__(self) -> str:
        return self.title
