"""The knowledge catalogue: measures (Maßnahmen) and good practices ("Betrieb des Monats").

Both are curated: proposed by the coordination office or an alliance's members, reviewed by the
office, then public (``workflows``: draft → in_review → published → archived). Action fields
are the fixed catalogue list ``ActionArea`` (the Ems-Achse's four as the example set), not an
alliance's own ``ActionField`` records: a catalogue that spans Länder and alliances needs one
vocabulary to filter by, while each alliance names its fields in its own words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ActionArea(models.TextChoices):
    """The catalogue's action fields (Handlungsfelder of the Fachkräftebündnis Ems-Achse)."""

    ATTRACT_RETAIN = "attract_retain", _("Fachkräfte gewinnen und binden")
    DUAL_TRAINING = "dual_training", _("Duale Ausbildung stärken")
    ALL_POTENTIALS = "all_potentials", _("Alle Fachkräftepotenziale nutzen")
    QUALIFICATION = (
        "qualification",
        _("Qualifizierungsangebote entwickeln und lebenslanges Lernen unterstützen"),
    )


class Curation(models.TextChoices):
    """Where an entry stands in the office's review; only published entries are public."""

    DRAFT = "draft", _("Entwurf")
    IN_REVIEW = "in_review", _("in Prüfung")
    PUBLISHED = "published", _("veröffentlicht")
    ARCHIVED = "archived", _("archiviert")


class CuratedEntry(models.Model):
    """What measures and good practices share: the slug, the curation state and who keeps it."""

    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    state = models.CharField(
        _("Bearbeitungsstand"), max_length=16, choices=Curation.choices, default=Curation.DRAFT
    )
    # The alliance whose members keep the entry with the office; empty: the office alone.
    alliance = models.ForeignKey(
        "alliances.Alliance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingebracht von (Allianz)"),
    )
    # Where the entry's wording comes from ("Seed 000: soziales.hessen.de"), shown on the page.
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Measure(CuratedEntry):
    class Activity(models.TextChoices):
        RUNNING = "running", _("laufend")
        ENDED = "ended", _("beendet")

    title = models.CharField(_("Titel"), max_length=300)
    summary = models.TextField(_("Kurzbeschreibung"))
    description = models.TextField(_("Beschreibung"), blank=True)
    provider = models.CharField(_("Träger"), max_length=300, blank=True)
    land = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "land"},
        verbose_name=_("Land"),
    )
    districts = models.ManyToManyField(
        "core.Region", blank=True, related_name="measures", verbose_name=_("Kreise")
    )
    action_areas = models.JSONField(_("Handlungsfelder"), default=list, blank=True)
    target_groups = models.JSONField(_("Zielgruppen"), default=list, blank=True)
    # KldB 2010 codes of the occupations the measure addresses (Berufsgruppe, three digits).
    occupations = models.JSONField(_("Berufe (KldB)"), default=list, blank=True)
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    funding_source = models.CharField(_("Finanzierung"), max_length=300, blank=True)
    contact = models.TextField(_("Kontakt"), blank=True)
    links = models.JSONField(_("Links"), default=list, blank=True)
    activity = models.CharField(
        _("Status"), max_length=16, choices=Activity.choices, default=Activity.RUNNING
    )
    # Origin of an entry the platform made from its own records (a funded project, a measure
    # found in a workshop), or the address of a source outside the platform.
    origin_outcome = models.OneToOneField(
        "workshop_outcomes.Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalogue_entry",
        verbose_name=_("Maßnahme aus einer Werkstatt"),
    )
    origin_project = models.OneToOneField(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="catalogue_entry",
        verbose_name=_("gefördertes Projekt"),
    )
    origin_url = models.URLField(_("Herkunft (Adresse)"), blank=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:measure", args=[self.slug])


class GoodPractice(CuratedEntry):
    """An employer portrait in the manner of Hessen's "Betrieb des Monats"."""

    class Size(models.TextChoices):
        MICRO = "micro", _("unter 10 Beschäftigte")
        SMALL = "small", _("10 bis 49 Beschäftigte")
        MEDIUM = "medium", _("50 bis 249 Beschäftigte")
        LARGE = "large", _("250 und mehr Beschäftigte")
        # What a source says when it gives no head count ("mittelständischer Arbeitgeber").
        MITTELSTAND = "mittelstand", _("mittelständisch (ohne Angabe der Beschäftigtenzahl)")

    class Sector(models.TextChoices):
        """WZ 2008 sections (Abschnitte)."""

        A = "A", _("A Land- und Forstwirtschaft, Fischerei")
        B = "B", _("B Bergbau und Gewinnung von Steinen und Erden")
        C = "C", _("C Verarbeitendes Gewerbe")
        D = "D", _("D Energieversorgung")
        E = "E", _("E Wasserversorgung, Abwasser- und Abfallentsorgung")
        F = "F", _("F Baugewerbe")
        G = "G", _("G Handel; Instandhaltung und Reparatur von Kraftfahrzeugen")
        H = "H", _("H Verkehr und Lagerei")
        I = "I", _("I Gastgewerbe")  # noqa: E741 (the section's letter)
        J = "J", _("J Information und Kommunikation")
        K = "K", _("K Finanz- und Versicherungsdienstleistungen")
        L = "L", _("L Grundstücks- und Wohnungswesen")
        M = "M", _("M Freiberufliche, wissenschaftliche und technische Dienstleistungen")
        N = "N", _("N Sonstige wirtschaftliche Dienstleistungen")
        O = "O", _("O Öffentliche Verwaltung, Verteidigung; Sozialversicherung")  # noqa: E741
        P = "P", _("P Erziehung und Unterricht")
        Q = "Q", _("Q Gesundheits- und Sozialwesen")
        R = "R", _("R Kunst, Unterhaltung und Erholung")
        S = "S", _("S Sonstige Dienstleistungen")

    employer = models.CharField(_("Arbeitgeber"), max_length=300)
    title = models.CharField(_("Titel"), max_length=300)
    district = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        related_name="good_practices",
        verbose_name=_("Kreis"),
    )
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    sector = models.CharField(
        _("Wirtschaftszweig (WZ)"), max_length=1, choices=Sector.choices, blank=True
    )
    size = models.CharField(_("Größe"), max_length=16, choices=Size.choices, blank=True)
    summary = models.TextField(_("Kurzbeschreibung"))
    finding = models.TextField(_("Fachkräfte finden"), blank=True)
    binding = models.TextField(_("Fachkräfte binden"), blank=True)
    keeping = models.TextField(_("Fachkräfte halten"), blank=True)
    recommendations = models.TextField(_("Empfehlungen für andere Arbeitgeber"), blank=True)
    # Opened only after the visitor agrees: the page makes no request to the video's server before.
    video_url = models.URLField(_("Video (Adresse)"), blank=True)
    source_url = models.URLField(_("Quelle (Adresse)"), blank=True)
    # The month of the portrait ("Betrieb des Monats August 2020"): stored as its first day.
    published_month = models.DateField(_("Monat der Vorstellung"))
    action_areas = models.JSONField(_("Handlungsfelder"), default=list, blank=True)
    target_groups = models.JSONField(_("Zielgruppen"), default=list, blank=True)
    occupations = models.JSONField(_("Berufe (KldB)"), default=list, blank=True)

    class Meta:
        ordering = ["-published_month", "employer", "id"]
        verbose_name = _("gute Praxis")
        verbose_name_plural = _("gute Praxis")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:practice", args=[self.slug])
