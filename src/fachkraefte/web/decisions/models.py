"""Steering-group meetings, agenda items, votes and declared conflicts of interest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.programmes.models import ConsensusRule


class Meeting(models.Model):
    alliance = models.ForeignKey(
        "alliances.Alliance",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("Allianz"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    date = models.DateField(_("Datum"))
    location = models.CharField(_("Ort"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["alliance", "-date"]
        verbose_name = _("Sitzung der Steuerungsgruppe")
        verbose_name_plural = _("Sitzungen der Steuerungsgruppe")

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"


class AgendaItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        DECIDED = "decided", _("entschieden")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("angenommen")
        REJECTED = "rejected", _("abgelehnt")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("Sitzung")
    )
    position = models.PositiveSmallIntegerField(_("TOP"), default=1)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschlussvorlage"), blank=True)
    # Copied from the alliance when the item is created, so later rule changes don't rewrite history.
    consensus_rule = models.CharField(
        _("Beschlussregel"), max_length=16, choices=ConsensusRule.choices
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(_("Ergebnis"), max_length=16, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("festgestellt von"),
    )
    # What the decision rested on, frozen when the item is closed, so that the minutes show the
    # steering group, tally and reasons of that day even after the group changes:
    # {"members": [{"username", "name"}], "tally": {...}, "reasons": [...]}.
    decision_record = models.JSONField(_("Beschlussgrundlage"), default=dict, blank=True)

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")

    def __str__(self) -> str:
        return f"TOP {self.position}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ConflictOfInterest(models.Model):
    """A declared or recorded conflict: the person must abstain on this item (enforced in
    ``decisions.services``)."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("TOP")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Person"),
    )
    reason = models.CharField(_("Grund"), max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)
    # Who recorded it: the person themself, or a manager of the steering group or the
    # coordination office ("Befangenheit feststellen"). Null for conflicts from before 0003.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("festgestellt von"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "user"], name="conflict_unique_user")
        ]
        verbose_name = _("Befangenheit")
        verbose_name_plural = _("Befangenheiten")

    def __str__(self) -> str:
        return f"{self.user} – {self.agenda_item}"


class Vote(models.Model):
    class Choice(models.TextChoices):
        CONSENT = "consent", _("Zustimmung")
        OBJECTION = "objection", _("Einwand")
        ABSTENTION = "abstention", _("Enthaltung")

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="votes", verbose_name=_("TOP")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Person"),
    )
    choice = models.CharField(_("Votum"), max_length=16, choices=Choice.choices)
    note = models.CharField(_("Begründung"), max_length=500, blank=True)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agenda_item", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "user"], name="vote_unique_user")
        ]
        verbose_name = _("Votum")
        verbose_name_plural = _("Voten")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_choice_display()}"
