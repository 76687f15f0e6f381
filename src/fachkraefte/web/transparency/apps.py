from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "fachkraefte.web.transparency"
    label = "transparency"
    verbose_name = _("Öffentliches Förderregister")
