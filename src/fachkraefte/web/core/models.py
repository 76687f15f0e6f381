"""Database mirror of the regions in ``fachkraefte.geo`` so that later apps can use foreign keys."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A Land, Regierungsbezirk or Kreis; filled from ``geo.regions()`` by ``sync_regions``."""

    class Level(models.TextChoices):
        LAND = "land", _("Land")
        REGIERUNGSBEZIRK = "regierungsbezirk", _("Regierungsbezirk")
        KREIS = "kreis", _("Kreis")

    ags = models.CharField(_("AGS"), max_length=5, primary_key=True)
    level = models.CharField(_("Ebene"), max_length=16, choices=Level.choices)
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnete Region"),
    )
    land = models.CharField(_("Land (AGS)"), max_length=2, db_index=True)

    class Meta:
        ordering = ["ags"]
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")

    def __str__(self) -> str:
        return f"{self.ags} {self.name}"
