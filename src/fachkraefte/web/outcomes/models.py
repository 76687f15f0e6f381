"""Outcomes in numbers: participants by target group and sex, results per occupation and district.

Planned rows come from the proposal's expected outcomes when the project is created; achieved
rows come from the reports (entered in the report form or imported from the CSV/XLSX
template). A result row is one cell of the forecast ("18 Pflegefachkräfte qualifiziert, KldB
813, Kreis 06535, 2026"), which is what lets ``need`` turn outcomes into a measure scenario.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantCount(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "f", _("weiblich")
        MALE = "m", _("männlich")
        DIVERSE = "d", _("divers")
        UNKNOWN = "x", _("ohne Angabe")

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="participant_counts",
        verbose_name=_("Projekt"),
    )
    report = models.ForeignKey(
        "reporting.Report",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participant_counts",
        verbose_name=_("Bericht"),
    )
    target_group = models.CharField(_("Zielgruppe"), max_length=64)
    sex = models.CharField(_("Geschlecht"), max_length=1, choices=Sex.choices)
    count = models.PositiveIntegerField(_("Anzahl"))

    class Meta:
        ordering = ["project", "report", "target_group", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "target_group", "sex"],
                name="participantcount_unique_cell",
            )
        ]
        verbose_name = _("Teilnehmendenzahl")
        verbose_name_plural = _("Teilnehmendenzahlen")

    def __str__(self) -> str:
        return f"{self.target_group} {self.get_sex_display()}: {self.count}"


class OutcomeResult(models.Model):
    class Kind(models.TextChoices):
        PLANNED = "planned", _("geplant")
        ACHIEVED = "achieved", _("erreicht")

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="outcome_results",
        verbose_name=_("Projekt"),
    )
    report = models.ForeignKey(
        "reporting.Report",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcome_results",
        verbose_name=_("Bericht"),
    )
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    what = models.CharField(_("Ergebnis"), max_length=200)
    count = models.PositiveIntegerField(_("Anzahl"))
    # KldB 2010: 3-digit Berufsgruppe or 5-digit Berufsgattung; empty when not occupational.
    occupation = models.CharField(_("Beruf (KldB)"), max_length=5, blank=True)
    district = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcome_results",
        verbose_name=_("Kreis"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))

    class Meta:
        ordering = ["project", "kind", "year", "occupation", "id"]
        verbose_name = _("Ergebnis")
        verbose_name_plural = _("Ergebnisse")

    def __str__(self) -> str:
        return f"{self.count} {self.what} ({self.occupation or '–'}, {self.year})"


class GapEffect(models.Model):
    """What a proposal's, project's or alliance's outcomes close of the projected gap, as the
    background task computed it with ``fachkraefte.need`` for one forecast run.

    Keyed by the run and the hash of the inputs (target cells and outcome rows): reused while
    both are unchanged; a new default run or changed outcomes ask for a new row.
    """

    class Subject(models.TextChoices):
        PROPOSAL = "proposal", _("Antrag")
        PROJECT = "project", _("Projekt")
        ALLIANCE = "alliance", _("Allianz")

    class Kind(models.TextChoices):
        EXPECTED = "expected", _("erwartet (Antrag)")
        PLANNED = "planned", _("geplant")
        ACHIEVED = "achieved", _("erreicht")

    class Status(models.TextChoices):
        READY = "ready", _("berechnet")
        FAILED = "failed", _("nicht berechenbar")

    subject = models.CharField(_("Gegenstand"), max_length=16, choices=Subject.choices)
    subject_id = models.PositiveIntegerField(_("Nummer"))
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices)
    run_id = models.CharField(_("Prognoselauf"), max_length=200)
    inputs_hash = models.CharField(_("Prüfsumme der Eingaben"), max_length=64)
    status = models.CharField(_("Status"), max_length=8, choices=Status.choices)
    # ``fachkraefte.need.Assessment.to_dict()``; empty when the assessment failed
    result = models.JSONField(_("Ergebnis"), default=dict, blank=True)
    # why it failed (e.g. an implausible measure), German, shown on the page
    problem = models.TextField(_("Problem"), blank=True)
    computed_at = models.DateTimeField(_("berechnet am"), auto_now=True)

    class Meta:
        ordering = ["subject", "subject_id", "kind", "-computed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "subject_id", "kind", "run_id", "inputs_hash"],
                name="gapeffect_unique_inputs",
            )
        ]
        verbose_name = _("Wirkung auf die Lücke")
        verbose_name_plural = _("Wirkungen auf die Lücke")

    def __str__(self) -> str:
        return f"{self.subject} {self.subject_id} {self.kind} ({self.run_id})"
