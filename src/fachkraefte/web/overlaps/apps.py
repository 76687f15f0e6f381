from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverlapsConfig(AppConfig):
    name = "fachkraefte.web.overlaps"
    label = "overlaps"
    verbose_name = _("Überschneidungen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the background task that refreshes the index and every proposal's candidates.
        from fachkraefte.web.overlaps import tasks  # noqa: F401
