"""Periodic jobs: declared here, written to the task library's schedule table on every
``migrate`` and worker start, and run by the worker (the cluster's scheduler enqueues each
when it is due).

Later apps add their jobs (report and workshop reminders, expiring waiting-list offers) to
:data:`PERIODIC_JOBS`; a job is a plain function path, run without arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_q.models import Schedule


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # the schedule's name, unique: the key for updating it
    func: str  # dotted path of the function to run
    minutes: int  # run every so many minutes


PERIODIC_JOBS: tuple[PeriodicJob, ...] = (
    PeriodicJob(
        name="tasks.fail-stale",
        func="fachkraefte.web.tasks.services.tasks_fail_stale",
        minutes=10,
    ),
    PeriodicJob(
        name="reporting.remind",
        func="fachkraefte.web.reporting.reminders.reports_remind",
        minutes=60,
    ),
    PeriodicJob(
        name="projects.final-report-due",
        func="fachkraefte.web.projects.services.projects_ask_final_reports",
        minutes=60,
    ),
    PeriodicJob(
        name="workshops.offers-expire",
        func="fachkraefte.web.workshops.registration_services.offers_expire",
        minutes=15,
    ),
    PeriodicJob(
        name="workshops.reminders",
        func="fachkraefte.web.workshops.registration_services.reminders_send",
        minutes=60,
    ),
    PeriodicJob(
        name="overlaps.refresh",
        func="fachkraefte.web.overlaps.tasks.refresh_periodically",
        minutes=10,
    ),
    PeriodicJob(
        name="workshop-outcomes.remind-owners",
        func="fachkraefte.web.workshop_outcomes.reminders.outcomes_remind",
        minutes=60,
    ),
)


def schedules_register(*, jobs: tuple[PeriodicJob, ...] = PERIODIC_JOBS) -> int:
    """Create or update the schedule of every declared job; returns how many were created.

    A job's next run stays as it is when only its interval or function changed.
    """
    created = 0
    for job in jobs:
        schedule, new = Schedule.objects.get_or_create(
            name=job.name,
            defaults={
                "func": job.func,
                "schedule_type": Schedule.MINUTES,
                "minutes": job.minutes,
                "repeats": -1,
                "next_run": timezone.now() + timedelta(minutes=1),
            },
        )
        created += new
        if not new and (schedule.func, schedule.minutes) != (job.func, job.minutes):
            schedule.func, schedule.minutes = job.func, job.minutes
            schedule.schedule_type, schedule.repeats = Schedule.MINUTES, -1
            schedule.save()
    return created
