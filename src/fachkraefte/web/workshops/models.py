"""Workshops (Zukunftswerkstätten), Zukunftsdialog events and online workshops, with their
agenda, invitations, registrations (with a waiting list) and documentation.

One model serves all three kinds: they share registration, calendar and documentation, and
differ only in what they are held for (districts, a Regierungsbezirk, or nobody in particular).
Outcomes by phase (issue 15, points 4–5) will hang off ``Workshop`` by a foreign key.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class StakeholderGroup(models.TextChoices):
    """Who is invited, as Hessen's Zukunftswerkstätten name the regional labour-market actors."""

    CHAMBERS = "chambers", _("Kammern")
    ASSOCIATIONS = "associations", _("Verbände")
    EMPLOYERS = "employers", _("Betriebe")
    AGENCY = "agency", _("Agentur für Arbeit und Jobcenter")
    FURTHER_EDUCATION = "further_education", _("Weiterbildung")
    SCHOOLS = "schools", _("Hoch- und Berufsschulen")
    IMMIGRATION = "immigration", _("Ausländerbehörde")
    COORDINATION = "coordination", _("Koordinierungsstelle")
    OTHER = "other", _("Weitere Gäste")


class Workshop(models.Model):
    class Kind(models.TextChoices):
        WERKSTATT = "werkstatt", _("Zukunftswerkstatt")
        DIALOG = "dialog", _("Zukunftsdialog")
        ONLINE = "online", _("Online-Werkstatt")

    class Status(models.TextChoices):
        PLANNED = "planned", _("in Planung")
        OPEN = "open", _("Anmeldung offen")
        CLOSED = "closed", _("Anmeldung geschlossen")
        DONE = "done", _("durchgeführt")
        CANCELLED = "cancelled", _("abgesagt")

    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices, default=Kind.WERKSTATT)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    alliance = models.ForeignKey(
        "alliances.Alliance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("Allianz"),
    )
    districts = models.ManyToManyField(
        "core.Region", blank=True, related_name="workshops", verbose_name=_("Kreise")
    )
    # A Zukunftsdialog is held per Regierungsbezirk; empty for the central one.
    regierungsbezirk = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dialog_events",
        verbose_name=_("Regierungsbezirk"),
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    # Past workshops known only by their month (the 2023 schedule): shown as "März 2023".
    month_only = models.BooleanField(_("nur der Monat ist bekannt"), default=False)
    venue = models.CharField(_("Ort"), max_length=300, blank=True)
    online_link = models.URLField(_("Link zur Online-Teilnahme"), blank=True)
    organiser = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_workshops",
        verbose_name=_("Veranstalter (Wirtschaftsförderung)"),
    )
    moderator = models.CharField(_("Moderation"), max_length=200, blank=True)
    forecast_presenter = models.CharField(_("Vorstellung der Prognose"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("Plätze"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    offer_hold_hours = models.PositiveSmallIntegerField(
        _("Frist für ein Platzangebot (Stunden)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("Erinnerung (Tage vorher)"), default=7, validators=[MaxValueValidator(60)]
    )
    public = models.BooleanField(_("öffentlich"), default=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True)
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
        ordering = ["starts_at", "title"]
        verbose_name = _("Werkstatt / Veranstaltung")
        verbose_name_plural = _("Werkstätten und Veranstaltungen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", args=[self.slug])


class AgendaEntry(models.Model):
    """One point of the programme: time, title and who speaks."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("Werkstatt")
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    starts_at = models.TimeField(_("Uhrzeit"), null=True, blank=True)
    title = models.CharField(_("Programmpunkt"), max_length=300)
    speaker = models.CharField(_("Referentin / Referent"), max_length=200, blank=True)

    class Meta:
        ordering = ["workshop", "position", "id"]
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programmpunkte")

    def __str__(self) -> str:
        return self.title


class WorkshopInvitation(models.Model):
    """An invitation to one person: a representative of an organisation in the platform (with
    or without an account) or a guest known only by e-mail address."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("Werkstatt")
    )
    group = models.CharField(_("Gruppe"), max_length=24, choices=StakeholderGroup.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    representative = models.ForeignKey(
        "organisations.Representative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Person"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_invitations",
        verbose_name=_("Benutzerkonto"),
    )
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingeladen von"),
    )
    sent_at = models.DateTimeField(_("versandt am"), auto_now_add=True)

    class Meta:
        ordering = ["workshop", "group", "name", "email"]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")

    def __str__(self) -> str:
        return self.name or self.email


class Registration(models.Model):
    """One person's place (or place in the queue) at a workshop.

    Places taken are the registered and the offered ones: an offer holds its place until it is
    accepted, declined or runs out (``offer_expires_at``). The queue is ordered by
    ``queued_at``, the moment the person joined the waiting list.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("angemeldet")
        WAITING = "waiting", _("auf der Warteliste")
        OFFERED = "offered", _("Platz angeboten")
        CANCELLED = "cancelled", _("abgemeldet")
        EXPIRED = "expired", _("Angebot verfallen")

    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("Werkstatt"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workshop_registrations",
        verbose_name=_("Person"),
    )
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices)
    organisation_name = models.CharField(_("Organisation"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("angemeldet am"))
    queued_at = models.DateTimeField(_("auf der Warteliste seit"), null=True, blank=True)
    offered_at = models.DateTimeField(_("Platz angeboten am"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("Angebot gilt bis"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("Platz bestätigt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("erinnert am"), null=True, blank=True)

    class Meta:
        ordering = ["workshop", "created_at", "id"]
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="one_registration_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.workshop}"


class WorkshopFile(models.Model):
    """Documentation after the event: slides (PDF) and photos ("Eindrücke", JPEG/PNG)."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Folien (PDF)")
        PHOTO = "photo", _("Foto")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="files", verbose_name=_("Werkstatt")
    )
    kind = models.CharField(_("Art"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    # Photos need a text alternative (screen readers); slides carry their own title.
    alt_text = models.CharField(_("Bildbeschreibung"), max_length=300, blank=True)
    file = models.FileField(_("Datei"), upload_to="workshops/%Y/")
    content_type = models.CharField(_("Dateityp"), max_length=40)
    size = models.PositiveIntegerField(_("Größe (Byte)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "kind", "uploaded_at", "id"]
        verbose_name = _("Dokumentation")
        verbose_name_plural = _("Dokumentation")

    def __str__(self) -> str:
        return self.title
