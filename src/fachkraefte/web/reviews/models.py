"""Reviews of proposals: assignments, conflicts of interest declared first, scores per criterion.

A reviewer assigned by the office sees only the proposal's title and applicant until they have
declared whether they have a conflict of interest (``conflict`` stays UNDECLARED until then). A
conflicted reviewer sees no other scores and cannot score; the office may lift a declaration
with a reason (audited). Criteria come from the call (``calls.ReviewCriterion``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Review(models.Model):
    class Conflict(models.TextChoices):
        UNDECLARED = "undeclared", _("noch nicht erklärt")
        NONE = "none", _("keine Befangenheit")
        DECLARED = "declared", _("befangen")
        LIFTED = "lifted", _("Befangenheit aufgehoben")

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("befürworten")
        REVISE = "revise", _("überarbeiten lassen")
        REJECT = "reject", _("ablehnen")

    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("Antrag"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("Gutachter/in"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    conflict = models.CharField(
        _("Befangenheit"), max_length=16, choices=Conflict.choices, default=Conflict.UNDECLARED
    )
    conflict_reason = models.CharField(_("Grund der Befangenheit"), max_length=300, blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lifted_reason = models.CharField(_("Grund der Aufhebung"), max_length=300, blank=True)
    recommendation = models.CharField(
        _("Empfehlung"), max_length=16, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("Kommentar"), blank=True)
    submitted_at = models.DateTimeField(_("abgegeben am"), null=True, blank=True)

    class Meta:
        ordering = ["proposal", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="review_unique_reviewer")
        ]
        verbose_name = _("Gutachten")
        verbose_name_plural = _("Gutachten")

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.proposal}"


class Score(models.Model):
    """A criterion's score 0–5; empty value = "n/a" (left out of averages)."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("Gutachten")
    )
    criterion = models.ForeignKey(
        "calls.ReviewCriterion", on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(
        _("Punkte"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_unique_criterion"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=5),
                name="score_value_0_to_5",
            ),
        ]
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")

    def __str__(self) -> str:
        return f"{self.criterion}: {'n/a' if self.value is None else self.value}"
