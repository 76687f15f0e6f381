"""Background tasks: long work (imports, forecast runs, PDF packs) queued by a request and run
by the worker outside it, with progress the task page polls."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Task(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("läuft")
        DONE = "done", _("abgeschlossen")
        FAILED = "failed", _("fehlgeschlagen")

    kind = models.CharField(_("Art"), max_length=100)
    title = models.CharField(_("Titel"), max_length=200)
    params = models.JSONField(_("Parameter"), default=dict, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    # A German msgid (stored with gettext_noop), translated when shown.
    message = models.CharField(_("Meldung"), max_length=300, blank=True)
    result = models.JSONField(_("Ergebnis"), null=True, blank=True)
    error_report = models.JSONField(_("Fehlerbericht"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="background_tasks",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    started_at = models.DateTimeField(_("gestartet am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=120, blank=True)  # "host:pid" of the running worker

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Hintergrundaufgabe")
        verbose_name_plural = _("Hintergrundaufgaben")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
