from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "fachkraefte.web.outcomes"
    label = "outcomes"
    verbose_name = _("Ergebnisse in Zahlen")

    def ready(self) -> None:
        # Registers the background tasks: effect on the gap, template import.
        from fachkraefte.web.outcomes import tasks  # noqa: F401
