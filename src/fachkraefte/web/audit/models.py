"""Who changed what, when: one row per change of a governance or money record."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Append-only; rows are never updated or deleted by the application."""

    class Action(models.TextChoices):
        CREATE = "create", _("angelegt")
        UPDATE = "update", _("geändert")
        DELETE = "delete", _("gelöscht")
        VOTE = "vote", _("Stimme abgegeben")
        DECIDE = "decide", _("beschlossen")
        DECLARE = "declare", _("Befangenheit erklärt")

    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Person"),
    )
    # Kept as text so that the trail still names the person after the account is deleted.
    actor_name = models.CharField(_("Name der Person"), max_length=150, blank=True)
    action = models.CharField(_("Aktion"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("Objektart")
    )
    object_id = models.CharField(_("Objekt-ID"), max_length=64)
    object_repr = models.CharField(_("Objekt"), max_length=300)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    # The alliance whose members may read this entry; None for programme-wide records.
    alliance = models.ForeignKey(
        "alliances.Alliance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("Allianz"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Änderungsprotokoll")

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )
