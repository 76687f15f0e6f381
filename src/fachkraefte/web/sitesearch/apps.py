from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesearchConfig(AppConfig):
    name = "fachkraefte.web.sitesearch"
    label = "sitesearch"
    verbose_name = _("Suche")

    def ready(self) -> None:
        from fachkraefte.web.sitesearch import signals

        signals.connect()
