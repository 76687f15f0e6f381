from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _register_schedules(**_kwargs) -> None:
    from fachkraefte.web.tasks.schedules import schedules_register

    schedules_register()


class TasksConfig(AppConfig):
    name = "fachkraefte.web.tasks"
    label = "tasks"
    verbose_name = _("Hintergrundaufgaben")

    def ready(self) -> None:
        # After every migrate (the schedule table exists by then), also in the test database.
        post_migrate.connect(_register_schedules, sender=self, dispatch_uid="tasks-schedules")
