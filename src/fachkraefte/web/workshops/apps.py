from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "fachkraefte.web.workshops"
    label = "workshops"
    verbose_name = _("Werkstätten und Veranstaltungen")
