from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "fachkraefte.web.monitor"
    label = "monitor"
    verbose_name = _("Monitor")

    def ready(self) -> None:
        # Registers the background task that builds a run's aggregates.
        from fachkraefte.web.monitor import aggregates_task  # noqa: F401
