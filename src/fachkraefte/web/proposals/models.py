"""Project proposals: the applicant's form, its budget plan, attachments, co-applicants, versions.

One record carries a proposal through its programme's workflow (``proposals.workflows``, one
table per programme kind): in a two-stage programme the same record holds the expression of
interest and, once invited, the full proposal (``stage``). The alliance's decision (approval
with amount and conditions, rejection with reasons, rank) is stored here, linked to the agenda
item of the steering group that took it; the money moves in ``funding`` entries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.calls.models import CostType
from fachkraefte.web.funding.models import MONEY


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SUBMITTED = "submitted", _("eingereicht")
        IN_REVIEW = "in_review", _("in Begutachtung")
        REVISION = "revision", _("Überarbeitung erbeten")
        INVITED = "invited", _("zum Vollantrag aufgefordert")
        FULL_SUBMITTED = "full_submitted", _("Vollantrag eingereicht")
        APPROVED = "approved", _("befürwortet")
        REJECTED = "rejected", _("abgelehnt")
        FUNDED = "funded", _("bewilligt")
        NOT_FUNDED = "not_funded", _("nicht bewilligt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    class Stage(models.TextChoices):
        INTEREST = "interest", _("Interessenbekundung")
        FULL = "full", _("Vollantrag")
        SKETCH = "sketch", _("Projektskizze")

    class Motion(models.TextChoices):
        APPROVE = "approve", _("befürworten (mit Zuschuss und Auflagen)")
        INVITE = "invite", _("zum Vollantrag auffordern")
        REVISE = "revise", _("Überarbeitung erbitten")
        REJECT = "reject", _("ablehnen")

    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("Förderaufruf"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("Antragsteller/in"),
    )
    organisation_name = models.CharField(_("Träger"), max_length=200)
    organisation_category = models.CharField(_("Art des Trägers"), max_length=32)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("Organisation"),
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    stage = models.CharField(_("Stufe"), max_length=16, choices=Stage.choices)
    # The form step the applicant saw last, so a draft resumes where it was left.
    form_step = models.PositiveSmallIntegerField(_("Formularschritt"), default=1)

    title = models.CharField(_("Projekttitel"), max_length=200)
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)
    description = models.TextField(_("Vorhabenbeschreibung"), blank=True)
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    districts = models.ManyToManyField(
        "core.Region", blank=True, related_name="proposals", verbose_name=_("Kreise")
    )
    # KldB 2010 codes (3-digit Berufsgruppe or 5-digit Berufsgattung) the project qualifies for.
    occupations = models.JSONField(_("Zielberufe (KldB)"), default=list, blank=True)
    target_groups = models.JSONField(_("Zielgruppen"), default=list, blank=True)
    expected_participants = models.PositiveIntegerField(
        _("erwartete Teilnehmende"), null=True, blank=True
    )
    # [{"count": 20, "what": "Pflegefachkräfte qualifiziert", "occupation": "813", "district": "14626"}]
    expected_outcomes = models.JSONField(_("erwartete Ergebnisse"), default=list, blank=True)
    own_contribution = models.DecimalField(_("Eigenanteil (EUR)"), default=0, **MONEY)
    other_funding = models.DecimalField(_("Drittmittel (EUR)"), default=0, **MONEY)
    # "keine Doppelförderung": other public funding applied for or received for this project.
    other_funding_declared = models.BooleanField(
        _("weitere öffentliche Förderung beantragt oder erhalten"), default=False
    )
    other_funding_details = models.TextField(_("Angaben zu weiterer Förderung"), blank=True)
    # The applicant's explicit "keine Doppelförderung" declaration (form step 5): until it is
    # given, "no other funding" above is only the default, not an answer.
    declaration_given = models.BooleanField(
        _("Erklärung zur Doppelförderung abgegeben"), default=False
    )
    action_field = models.ForeignKey(
        "alliances.ActionField",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("Handlungsfeld"),
    )
    priority = models.ForeignKey(
        "alliances.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("Schwerpunkt"),
    )

    # The alliance's written statement the funder requires (Niedersachsen's "Stellungnahme").
    statement = models.TextField(_("Stellungnahme der Allianz"), blank=True)
    revision_request = models.TextField(_("erbetene Überarbeitung"), blank=True)

    # The decision of the steering group.
    agenda_item = models.ForeignKey(
        "decisions.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("Tagesordnungspunkt"),
    )
    # What the steering group is asked to decide on ``agenda_item``; carried out (and the money
    # committed) in the transaction that closes the item with "angenommen".
    motion = models.CharField(
        _("Beschlussvorschlag"), max_length=16, choices=Motion.choices, blank=True
    )
    approved_amount = models.DecimalField(
        _("befürworteter Zuschuss (EUR)"), null=True, blank=True, **MONEY
    )
    conditions = models.TextField(_("Auflagen"), blank=True)
    decision_reasons = models.TextField(_("Begründung"), blank=True)
    rank = models.PositiveSmallIntegerField(_("Rang"), null=True, blank=True)
    # The external funding decision (Saxony: the state bank), recorded, never imitated.
    external_decision_on = models.DateField(_("Bescheid vom"), null=True, blank=True)
    external_reference = models.CharField(
        _("Aktenzeichen des Bescheids"), max_length=120, blank=True
    )

    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "id"]
        verbose_name = _("Projektantrag")
        verbose_name_plural = _("Projektanträge")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])


class BudgetLine(models.Model):
    """One line of the budget plan: total eligible expenditure of one cost type."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("Antrag")
    )
    cost_type = models.CharField(_("Ausgabeart"), max_length=16, choices=CostType.choices)
    description = models.CharField(_("Erläuterung"), max_length=300, blank=True)
    amount = models.DecimalField(_("Betrag (EUR)"), **MONEY)

    class Meta:
        ordering = ["proposal", "id"]
        verbose_name = _("Position des Finanzplans")
        verbose_name_plural = _("Positionen des Finanzplans")

    def __str__(self) -> str:
        return f"{self.get_cost_type_display()}: {self.amount}"


class Attachment(models.Model):
    """A PDF attached to a proposal (checked by content, size-capped in ``proposals.files``)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("Antrag")
    )
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="proposals/%Y/")
    size = models.PositiveIntegerField(_("Größe (Byte)"))
    sha256 = models.CharField(_("Prüfsumme"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "uploaded_at", "id"]
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")

    def __str__(self) -> str:
        return self.title


class CoApplicant(models.Model):
    class Right(models.TextChoices):
        VIEW = "view", _("lesen")
        EDIT = "edit", _("bearbeiten")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="co_applicants", verbose_name=_("Antrag")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="co_proposals",
        verbose_name=_("Person"),
    )
    right = models.CharField(_("Recht"), max_length=8, choices=Right.choices, default=Right.VIEW)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="coapplicant_unique_user")
        ]
        verbose_name = _("Mitantragsteller/in")
        verbose_name_plural = _("Mitantragstellende")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_right_display()})"


class ProposalVersion(models.Model):
    """The proposal's content as submitted, each time; a revision is shown as a diff of two."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="versions", verbose_name=_("Antrag")
    )
    number = models.PositiveSmallIntegerField(_("Fassung"))
    content = models.JSONField(_("Inhalt"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="version_unique_number")
        ]
        verbose_name = _("Antragsfassung")
        verbose_name_plural = _("Antragsfassungen")

    def __str__(self) -> str:
        return f"{self.proposal} – Fassung {self.number}"
