from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeStatsConfig(AppConfig):
    name = "fachkraefte.web.programmestats"
    label = "programmestats"
    verbose_name = _("Förderstatistik")

    def ready(self) -> None:
        # Registers the historic import with the task runner.
        from fachkraefte.web.programmestats import historic_task  # noqa: F401
