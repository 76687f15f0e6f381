from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "fachkraefte.web.tasks"
    label = "tasks"
    verbose_name = _("Hintergrundaufgaben")
