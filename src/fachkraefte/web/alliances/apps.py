from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "fachkraefte.web.alliances"
    label = "alliances"
    verbose_name = _("Allianzen und Bündnisse")
