"""Alliances (Fachkräfteallianzen / -bündnisse), their members, bodies, strategy and commitments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.programmes.models import ConsensusRule


class Alliance(models.Model):
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alliances",
        verbose_name=_("Programm"),
    )
    districts = models.ManyToManyField(
        "core.Region", related_name="alliances", verbose_name=_("Kreise")
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    consensus_rule = models.CharField(
        _("Beschlussregel"),
        max_length=16,
        choices=ConsensusRule.choices,
        default=ConsensusRule.NO_OBJECTION,
    )
    founded_on = models.DateField(_("gegründet am"), null=True, blank=True)
    recognised_until = models.DateField(_("anerkannt bis"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Allianz")
        verbose_name_plural = _("Allianzen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("alliances:detail", args=[self.slug])


class Membership(models.Model):
    """An organisation's membership in an alliance."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Allianz")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("Organisation"),
    )
    joined_on = models.DateField(_("Mitglied seit"), null=True, blank=True)
    note = models.CharField(_("Bemerkung"), max_length=300, blank=True)

    class Meta:
        ordering = ["alliance", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"], name="membership_unique_organisation"
            )
        ]
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")

    def __str__(self) -> str:
        return f"{self.organisation} in {self.alliance}"


class AllianceRole(models.Model):
    """A person's role in one alliance: what they may see and do there (see ``alliances.rules``)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Allianzmitglied")
        STEERING = "steering", _("Mitglied der Steuerungsgruppe")

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="roles", verbose_name=_("Allianz")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alliance_roles",
        verbose_name=_("Person"),
    )
    kind = models.CharField(_("Rolle"), max_length=16, choices=Kind.choices)
    # The member organisation the person speaks for (a steering-group seat belongs to one).
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("für Mitgliedsorganisation"),
    )

    class Meta:
        ordering = ["alliance", "kind", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "user"], name="alliance_role_unique_user")
        ]
        verbose_name = _("Rolle in der Allianz")
        verbose_name_plural = _("Rollen in der Allianz")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_kind_display()} ({self.alliance})"


class ActionField(models.Model):
    """A Handlungsfeld."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="action_fields", verbose_name=_("Allianz")
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        ordering = ["alliance", "position", "id"]
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    """A Schwerpunkt; may belong to one action field or span the whole alliance."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("Allianz")
    )
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
        verbose_name=_("Handlungsfeld"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        ordering = ["alliance", "position", "id"]
        verbose_name = _("Schwerpunkt")
        verbose_name_plural = _("Schwerpunkte")

    def __str__(self) -> str:
        return self.title


class ProjectGroup(models.Model):
    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="project_groups", verbose_name=_("Allianz")
    )
    name = models.CharField(_("Name"), max_length=200)
    topic = models.TextField(_("Thema"), blank=True)
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_groups",
        verbose_name=_("Handlungsfeld"),
    )

    class Meta:
        ordering = ["alliance", "name"]
        verbose_name = _("Projektgruppe")
        verbose_name_plural = _("Projektgruppen")

    def __str__(self) -> str:
        return self.name


class Expert(models.Model):
    """An expert that a member organisation nominates for a project group."""

    project_group = models.ForeignKey(
        ProjectGroup,
        on_delete=models.CASCADE,
        related_name="experts",
        verbose_name=_("Projektgruppe"),
    )
    nominated_by = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="experts", verbose_name=_("benannt von")
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail"), blank=True)
    expertise = models.CharField(_("Fachgebiet"), max_length=300, blank=True)

    class Meta:
        ordering = ["project_group", "name"]
        verbose_name = _("Expertin / Experte")
        verbose_name_plural = _("Expertinnen und Experten")

    def __str__(self) -> str:
        return self.name


class StrategyVersion(models.Model):
    """One saved version of the alliance's strategy / Handlungskonzept; versions are never edited."""

    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        related_name="strategy_versions",
        verbose_name=_("Allianz"),
    )
    number = models.PositiveIntegerField(_("Version"))
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Text"))
    note = models.CharField(_("Änderungsvermerk"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,  # None for versions written by the system (demo content, imports)
        related_name="+",
        verbose_name=_("erstellt von"),
    )
    created_at = models.DateTimeField(_("erstellt am"), auto_now_add=True)

    class Meta:
        ordering = ["alliance", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "number"], name="strategy_version_unique")
        ]
        verbose_name = _("Strategieversion")
        verbose_name_plural = _("Strategieversionen")

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class Commitment(models.Model):
    """A member's commitment in the alliance plan (as in Hessen's Bündnisplan)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        IN_PROGRESS = "in_progress", _("in Umsetzung")
        DONE = "done", _("erfüllt")
        DROPPED = "dropped", _("aufgegeben")

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("Allianz")
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("Mitglied")
    )
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("Handlungsfeld"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    due_on = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["alliance", "due_on", "title"]
        verbose_name = _("Selbstverpflichtung")
        verbose_name_plural = _("Selbstverpflichtungen")

    def __str__(self) -> str:
        return self.title
