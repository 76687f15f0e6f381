"""Overlap candidates of each proposal (computed in the background) and the office's labels.

``OverlapCandidate`` rows are written only by the refresh task (``services.overlaps_refresh``):
a page reads them and never computes. Two kinds per proposal: ``check`` — open proposals,
funded and running projects of the same and neighbouring districts, for the office, reviewers
and the steering group; ``inspiration`` — similar funded projects elsewhere, for the applicant.

``OverlapLabel`` is the office's verdict on a pair ("Duplikat" / "kein Duplikat", with a
reason), kept with the scores it was given at, so the threshold can later be checked against
real decisions (export as CSV/XLSX).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.projects.models import Project
from fachkraefte.web.proposals.models import Proposal


class OverlapCandidate(models.Model):
    class Kind(models.TextChoices):
        CHECK = "check", _("Prüfung")
        INSPIRATION = "inspiration", _("Anregung")

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="overlap_candidates",
        verbose_name=_("Antrag"),
    )
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    rank = models.PositiveSmallIntegerField(_("Rang"))
    candidate_key = models.CharField(_("Schlüssel"), max_length=40)
    candidate_proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    candidate_project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("Titel"), max_length=300)
    place = models.CharField(_("Kreise"), max_length=300, blank=True)
    score = models.FloatField(_("Score"))
    semantic = models.FloatField(_("semantisch"))
    lexical = models.FloatField(_("lexikalisch"))
    is_duplicate = models.BooleanField(_("mögliches Duplikat"))
    shared_terms = models.JSONField(_("gemeinsame Begriffe"), default=list)
    passages = models.JSONField(_("Passagen"), default=list)
    structure = models.JSONField(_("strukturelle Überschneidungen"), default=dict)
    computed_at = models.DateTimeField(_("berechnet am"))
    proposal_updated_at = models.DateTimeField(_("Antragsstand"))

    class Meta:
        ordering = ["proposal", "kind", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "kind", "candidate_key"], name="overlap_candidate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} ↔ {self.candidate_key} ({self.score:.2f})"


class OverlapLabel(models.Model):
    class Verdict(models.TextChoices):
        DUPLICATE = "duplicate", _("Duplikat")
        NOT_DUPLICATE = "not_duplicate", _("kein Duplikat")

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="overlap_labels",
        verbose_name=_("Antrag"),
    )
    candidate_key = models.CharField(_("Schlüssel"), max_length=40)
    candidate_title = models.CharField(_("Vergleich mit"), max_length=300)
    verdict = models.CharField(_("Bewertung"), max_length=16, choices=Verdict.choices)
    reason = models.TextField(_("Begründung"))
    score = models.FloatField(_("Score"))
    semantic = models.FloatField(_("semantisch"))
    lexical = models.FloatField(_("lexikalisch"))
    flagged = models.BooleanField(_("vom System als Duplikat markiert"))
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    labelled_at = models.DateTimeField(_("bewertet am"), auto_now=True)

    class Meta:
        ordering = ["-labelled_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "candidate_key"], name="overlap_label_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} ↔ {self.candidate_key}: {self.get_verdict_display()}"


class OverlapCheck(models.Model):
    """When a proposal's candidates were last computed, and from which state of it."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="overlap_check", verbose_name=_("Antrag")
    )
    computed_at = models.DateTimeField(_("berechnet am"))
    proposal_updated_at = models.DateTimeField(_("Antragsstand"))

    def __str__(self) -> str:
        return f"{self.proposal_id} ({self.computed_at:%Y-%m-%d %H:%M})"
