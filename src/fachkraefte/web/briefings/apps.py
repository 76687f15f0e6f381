from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefingsConfig(AppConfig):
    name = "fachkraefte.web.briefings"
    label = "briefings"
    verbose_name = _("Unterlagen für Zukunftswerkstätten")

    def ready(self) -> None:
        from fachkraefte.web.briefings import tasks  # noqa: F401  (registers the task kind)
