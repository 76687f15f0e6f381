from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "fachkraefte.web.proposals"
    label = "proposals"
    verbose_name = _("Projektanträge")
