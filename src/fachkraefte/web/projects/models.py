"""Funded projects: what an approved proposal becomes, followed until it is closed.

A ``Project`` is created from a proposal the steering group approved (and, where the programme
has an external approver, the funder granted); its money stays in ``funding`` ledger entries
that name the proposal. A historic project (imported from a funder's yearly list) has no
proposal and no ledger entries: its ``approved_amount`` is what the list says, recorded with
its ``source``. The status moves only through ``projects.workflows.PROJECT``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.calls.models import CostType
from fachkraefte.web.funding.models import MONEY


class Project(models.Model):
    class Status(models.TextChoices):
        PREPARATION = "preparation", _("in Vorbereitung")
        RUNNING = "running", _("laufend")
        FINAL_REPORT_DUE = "final_report_due", _("Schlussbericht fällig")
        CLOSED = "closed", _("abgeschlossen")
        PAUSED = "paused", _("ruhend")
        CANCELLED = "cancelled", _("abgebrochen")

    proposal = models.OneToOneField(
        "proposals.Proposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("Antrag"),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("Programm"),
    )
    alliance = models.ForeignKey(
        "alliances.Alliance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("Allianz"),
    )
    earmark = models.ForeignKey(
        "funding.Earmark",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("Zweckbindung"),
    )
    title = models.CharField(_("Projekttitel"), max_length=300)
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)
    recipient = models.CharField(_("Zuwendungsempfänger"), max_length=300)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("Organisation"),
    )
    districts = models.ManyToManyField(
        "core.Region", blank=True, related_name="projects", verbose_name=_("Kreise")
    )
    occupations = models.JSONField(_("Zielberufe (KldB)"), default=list, blank=True)
    target_groups = models.JSONField(_("Zielgruppen"), default=list, blank=True)
    action_field = models.ForeignKey(
        "alliances.ActionField",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("Handlungsfeld"),
    )
    priority = models.ForeignKey(
        "alliances.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("Schwerpunkt"),
    )
    # Free themes (e.g. "Pflege", "Digitalisierung") for the programme statistics.
    themes = models.JSONField(_("Themen"), default=list, blank=True)
    # The budget year whose money funds the project (the year of the commitment or of the list).
    funding_year = models.PositiveSmallIntegerField(_("Förderjahr"))
    approved_amount = models.DecimalField(_("bewilligter Zuschuss (EUR)"), **MONEY)
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PREPARATION
    )
    # Shown only inside the platform (office, alliance, recipient); never on public pages.
    internal_note = models.TextField(_("interner Vermerk"), blank=True)
    # Historic projects: where the record comes from ("SAB Förderliste 2019, Zeile 14").
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    is_historic = models.BooleanField(_("historisches Projekt (importiert)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-funding_year", "title", "id"]
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])


class ProjectPerson(models.Model):
    """A person responsible for the project (project lead, finance contact, reporting)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Projektleitung")
        FINANCE = "finance", _("Finanzen / Mittelabruf")
        REPORTING = "reporting", _("Berichtswesen")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="people", verbose_name=_("Projekt")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="project_roles",
        verbose_name=_("Person"),
    )
    role = models.CharField(_("Rolle"), max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user", "role"], name="projectperson_unique_role"
            )
        ]
        verbose_name = _("verantwortliche Person")
        verbose_name_plural = _("verantwortliche Personen")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ProjectBudgetLine(models.Model):
    """The approved grant of one cost type; payments per cost type never exceed it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("Projekt")
    )
    cost_type = models.CharField(_("Ausgabeart"), max_length=16, choices=CostType.choices)
    amount = models.DecimalField(_("bewilligt (EUR)"), **MONEY)

    class Meta:
        ordering = ["project", "cost_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "cost_type"], name="projectbudgetline_unique_cost_type"
            )
        ]
        verbose_name = _("bewilligte Ausgabeart")
        verbose_name_plural = _("bewilligte Ausgabearten")

    def __str__(self) -> str:
        return f"{self.get_cost_type_display()}: {self.amount}"


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("Projekt")
    )
    title = models.CharField(_("Meilenstein"), max_length=200)
    due_on = models.DateField(_("fällig am"))
    done_on = models.DateField(_("erreicht am"), null=True, blank=True)
    note = models.CharField(_("Vermerk"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "due_on", "id"]
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")

    def __str__(self) -> str:
        return self.title
