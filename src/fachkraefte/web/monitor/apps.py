from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "fachkraefte.web.monitor"
    label = "monitor"
    verbose_name = _("Monitor")

    def ready(self) -> None:
        # Registers the background tasks that build a run's aggregates and accuracy table.
        from fachkraefte.web.monitor import accuracy_task, aggregates_task  # noqa: F401
