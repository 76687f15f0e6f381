from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopOutcomesConfig(AppConfig):
    name = "fachkraefte.web.workshop_outcomes"
    label = "workshop_outcomes"
    verbose_name = _("Werkstatt-Ergebnisse")
