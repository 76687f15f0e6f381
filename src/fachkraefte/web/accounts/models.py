"""Account records beside Django's user: preferences, invitations and failed logins."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fachkraefte.web.accounts.roles import APPLICANT_GROUP, COORDINATION_GROUP
from fachkraefte.web.alliances.models import AllianceRole


class Profile(models.Model):
    """What a person sets for themselves; created on first save of the profile page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("Person"),
    )
    # Empty: follow the browser (Django's LocaleMiddleware).
    language = models.CharField(
        _("bevorzugte Sprache"), max_length=8, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("Profil")
        verbose_name_plural = _("Profile")

    def __str__(self) -> str:
        return str(self.user)


class Invitation(models.Model):
    """An e-mailed link that grants an alliance role and/or a platform group when accepted.

    Only a SHA-256 hash of the token is stored: a leaked database cannot be used to accept.
    """

    class Group(models.TextChoices):
        APPLICANT = APPLICANT_GROUP, _("Antragsteller")
        COORDINATION = COORDINATION_GROUP, _("Koordinierungsstelle")

    email = models.EmailField(_("E-Mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("eingeladen am"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("eingeladen von"),
    )
    alliance = models.ForeignKey(
        "alliances.Alliance",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("Allianz"),
    )
    alliance_role = models.CharField(
        _("Rolle in der Allianz"), max_length=16, choices=AllianceRole.Kind.choices, blank=True
    )
    group = models.CharField(_("Plattformrolle"), max_length=40, choices=Group.choices, blank=True)
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("angenommen von"),
    )
    revoked_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # An alliance needs a role in it, and a role needs an alliance.
            models.CheckConstraint(
                condition=(Q(alliance__isnull=True) & Q(alliance_role=""))
                | (Q(alliance__isnull=False) & ~Q(alliance_role="")),
                name="invitation_alliance_with_role",
            ),
            # An invitation that grants nothing would be a trap for the invitee.
            models.CheckConstraint(
                condition=Q(alliance__isnull=False) | ~Q(group=""),
                name="invitation_grants_something",
            ),
        ]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")

    def __str__(self) -> str:
        return gettext("Einladung an %(email)s") % {"email": self.email}

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class LoginAttempt(models.Model):
    """One failed sign-in (form or API token); read by ``accounts.throttling``.

    In the database rather than the cache so that the limit holds across worker processes.
    """

    username = models.CharField(_("Benutzername"), max_length=150)
    ip = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["username", "attempted_at"]),
            models.Index(fields=["ip", "attempted_at"]),
        ]
        verbose_name = _("fehlgeschlagene Anmeldung")
        verbose_name_plural = _("fehlgeschlagene Anmeldungen")

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.attempted_at:%Y-%m-%d %H:%M:%S}"


class KnownLoginAddress(models.Model):
    """An address from which an account last signed in successfully; read by
    ``accounts.throttling``, which spares these addresses the account's soft delay, so that a
    stranger's failures elsewhere never slow the person down at their usual place."""

    username = models.CharField(_("Benutzername"), max_length=150)
    ip = models.GenericIPAddressField(_("IP-Adresse"))
    succeeded_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username", "ip"], name="known_login_address_unique")
        ]
        verbose_name = _("bekannte Anmeldeadresse")
        verbose_name_plural = _("bekannte Anmeldeadressen")

    def __str__(self) -> str:
        return f"{self.username} {self.ip}"
