"""Outcomes of a workshop by phase, their dot votes and their follow-up history.

``OutcomeProtocol`` is the workshop's record of how outcomes are taken: the phase template
(``phases.TEMPLATES``), the dots each person distributes, the moderators with an account, and
when the entry was closed. One ``Outcome`` model serves both templates; the phase and category
keys come from the template. Votes are stored per person and outcome, so the dot limit holds
per person across the whole workshop.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.workshop_outcomes.phases import DEFAULT_TEMPLATE, TEMPLATE_CHOICES, template_of


class OutcomeProtocol(models.Model):
    workshop = models.OneToOneField(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        related_name="outcome_protocol",
        verbose_name=_("Werkstatt"),
    )
    template = models.CharField(
        _("Methode"), max_length=32, choices=TEMPLATE_CHOICES, default=DEFAULT_TEMPLATE
    )
    dots_per_person = models.PositiveSmallIntegerField(
        _("Punkte je Person"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_workshop_protocols",
        verbose_name=_("Moderation (Konten)"),
    )
    closed_at = models.DateTimeField(_("Erfassung abgeschlossen am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abgeschlossen von"),
    )

    class Meta:
        verbose_name = _("Ergebnisprotokoll")
        verbose_name_plural = _("Ergebnisprotokolle")

    def __str__(self) -> str:
        return str(self.workshop)

    @property
    def phase_template(self):
        return template_of(self.template)


class Outcome(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        IN_PROGRESS = "in_progress", _("in Arbeit")
        DONE = "done", _("erledigt")
        DROPPED = "dropped", _("verworfen")

    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.CASCADE,
        related_name="outcomes",
        verbose_name=_("Werkstatt"),
    )
    phase = models.CharField(_("Phase"), max_length=32)
    category = models.CharField(_("Kategorie"), max_length=32)
    text = models.TextField(_("Ergebnis"), max_length=2000)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    # KldB 2010 codes (3-digit Berufsgruppe or 5-digit Berufsgattung), as proposals store them.
    occupations = models.JSONField(_("Berufe (KldB)"), default=list, blank=True)
    action_fields = models.ManyToManyField(
        "alliances.ActionField",
        blank=True,
        related_name="workshop_outcomes",
        verbose_name=_("Handlungsfelder"),
    )
    target_groups = models.JSONField(_("Zielgruppen"), default=list, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_workshop_outcomes",
        verbose_name=_("zuständige Person"),
    )
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_workshop_outcomes",
        verbose_name=_("zuständige Organisation"),
    )
    due_on = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_outcomes",
        verbose_name=_("Förderaufruf"),
    )
    reminded_before_at = models.DateTimeField(
        _("vor Fälligkeit erinnert am"), null=True, blank=True
    )
    reminded_after_at = models.DateTimeField(
        _("nach Fälligkeit erinnert am"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "position", "id"]
        verbose_name = _("Werkstatt-Ergebnis")
        verbose_name_plural = _("Werkstatt-Ergebnisse")

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("workshop_outcomes:detail", args=[self.workshop.slug, self.pk])

    @property
    def owner_name(self) -> str:
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.get_username()
        return self.owner_organisation.name if self.owner_organisation_id else ""


class OutcomeVote(models.Model):
    """One person's dots on one outcome (at most the protocol's dots across the workshop)."""

    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="votes", verbose_name=_("Ergebnis")
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workshop_outcome_votes",
        verbose_name=_("Person"),
    )
    dots = models.PositiveSmallIntegerField(_("Punkte"), validators=[MinValueValidator(1)])
    voted_at = models.DateTimeField(_("vergeben am"), auto_now=True)

    class Meta:
        ordering = ["outcome", "voter"]
        verbose_name = _("Punktvergabe")
        verbose_name_plural = _("Punktvergaben")
        constraints = [
            models.UniqueConstraint(fields=["outcome", "voter"], name="one_vote_row_per_person"),
            models.CheckConstraint(condition=models.Q(dots__gte=1), name="vote_has_dots"),
        ]


class OutcomeEvent(models.Model):
    """A row of an outcome's history: a status change or a note, with its date."""

    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="events", verbose_name=_("Ergebnis")
    )
    from_status = models.CharField(_("vorher"), max_length=16, choices=Outcome.Status.choices)
    to_status = models.CharField(_("nachher"), max_length=16, choices=Outcome.Status.choices)
    note = models.TextField(_("Notiz"), blank=True, max_length=2000)
    at = models.DateTimeField(_("am"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("von"),
    )

    class Meta:
        ordering = ["outcome", "at", "id"]
        verbose_name = _("Verlaufseintrag")
        verbose_name_plural = _("Verlauf")
