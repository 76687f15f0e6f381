from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "fachkraefte.web.statistics"
    label = "statistics"
    verbose_name = _("Amtliche Statistik")

    def ready(self) -> None:
        # Registers the background task kinds of this app with the task runner.
        from fachkraefte.web.statistics import import_task  # noqa: F401
