"""Report reminders, a periodic job: one before the due date, one once the report is overdue.

Each reminder is claimed on the report's row first (``reminded_before_at`` /
``reminded_after_at`` set by a conditional UPDATE) and sent only by whoever claimed it, so the
job can run as often as it likes, even twice at once, and never sends one twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fachkraefte.web.notifications.services import notify_in_language
from fachkraefte.web.projects.models import ProjectPerson
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.reporting.rules import ENDED, WRITABLE

DEFAULT_REMINDER_DAYS = 7


def recipients_of(report: Report) -> list[Any]:
    """Who writes the report: the project's lead and reporting people, and the applicant."""
    project = report.project
    ids = set(
        ProjectPerson.objects.filter(
            project=project, role__in=[ProjectPerson.Role.LEAD, ProjectPerson.Role.REPORTING]
        ).values_list("user_id", flat=True)
    )
    if project.proposal_id:
        ids.add(project.proposal.applicant_id)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _reminder_days(report: Report) -> int:
    terms = getattr(report.project.programme, "funding_terms", None)
    return terms.reminder_days if terms is not None else DEFAULT_REMINDER_DAYS


def _claim(report: Report, field: str, now: dt.datetime) -> bool:
    """Mark the reminder as sent on the row; False if it was already marked (by anyone)."""
    claimed = Report.objects.filter(pk=report.pk, **{f"{field}__isnull": True}).update(
        **{field: now}
    )
    return claimed == 1


def _send(report: Report, *, overdue: bool) -> None:
    project_title, kind = report.project.title, report.get_kind_display
    link = reverse("reporting:detail", args=[report.pk])

    def write() -> tuple[str, str]:
        due = date_format(report.due_on, "SHORT_DATE_FORMAT")
        if overdue:
            return (
                _("Bericht überfällig: %(title)s") % {"title": project_title},
                _("Der %(kind)s war am %(due)s fällig und ist noch nicht eingereicht.")
                % {"kind": kind(), "due": due},
            )
        return (
            _("Bericht bald fällig: %(title)s") % {"title": project_title},
            _("Der %(kind)s ist am %(due)s fällig.") % {"kind": kind(), "due": due},
        )

    for user in recipients_of(report):
        notify_in_language(user=user, write=write, link=link)


def reports_remind(*, today: dt.date | None = None) -> int:
    """Send the reminders that are due today; returns how many reports got one."""
    today = today or timezone.localdate()
    now = timezone.now()
    open_reports = (
        Report.objects.filter(status__in=WRITABLE)
        .exclude(project__status__in=ENDED)
        .select_related("project__programme__funding_terms", "project__proposal")
    )
    sent = 0
    for report in open_reports:
        if report.due_on < today:
            field, overdue = "reminded_after_at", True
        elif report.due_on <= today + dt.timedelta(days=_reminder_days(report)):
            field, overdue = "reminded_before_at", False
        else:
            continue
        if getattr(report, field) is not None:
            continue
        with transaction.atomic():
            if _claim(report, field, now):
                _send(report, overdue=overdue)
                sent += 1
    return sent
