"""Reports: the schedule, drafts and submission, the office's review, and the reminders with a
fixed clock (one before the due date, one when overdue, never twice)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from p1_world import project_records

from fachkraefte.web.notifications.models import Notification
from fachkraefte.web.reporting import services
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.reporting.reminders import reports_remind
from fachkraefte.web.reporting.schedule import add_months, planned_reports
from fachkraefte.web.reporting.selectors import overdue_rows
from fachkraefte.web.reporting.workflows import REPORT

S = Report.Status


def test_schedule_without_interim_reports():
    planned = planned_reports(dt.date(2025, 3, 31), dt.date(2025, 12, 31), 0, 2)
    assert [(p.kind, p.due_on) for p in planned] == [("final", dt.date(2026, 2, 28))]
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


def test_review_table_is_as_declared():
    assert {(t.source, t.target) for t in REPORT.transitions} == {
        (S.DUE, S.DRAFT),
        (S.DUE, S.SUBMITTED),
        (S.DRAFT, S.SUBMITTED),
        (S.CHANGES_REQUESTED, S.SUBMITTED),
        (S.SUBMITTED, S.ACCEPTED),
        (S.SUBMITTED, S.CHANGES_REQUESTED),
    }


def test_draft_submit_changes_and_accept(world):
    report = project_records(world).reports[0]
    applicant, office = world.users["applicant"], world.users["coordination"]
    with pytest.raises(PermissionDenied):
        services.report_save_draft(actor=world.users["member"], report=report, text="x")
    services.report_save_draft(actor=applicant, report=report, text="Erste Hälfte")
    assert report.status == S.DRAFT
    with pytest.raises(PermissionDenied):
        services.report_review(actor=office, report=report, accept=True)
    services.report_submit(actor=applicant, report=report)
    assert (report.status, report.submitted_by) == (S.SUBMITTED, applicant)
    with pytest.raises(PermissionDenied):
        services.report_save_draft(actor=applicant, report=report, text="später")
    with pytest.raises(ValidationError):
        services.report_review(actor=office, report=report, accept=False, note=" ")
    services.report_review(actor=office, report=report, accept=False, note="Bitte Zahlen")
    assert report.status == S.CHANGES_REQUESTED
    assert Notification.objects.filter(user=applicant, subject__contains="Änderungen").exists()
    services.report_submit(actor=applicant, report=report, text="Mit Zahlen")
    services.report_review(actor=office, report=report, accept=True)
    assert Report.objects.get(pk=report.pk).status == S.ACCEPTED


def test_an_empty_report_is_not_submitted(world):
    report = project_records(world).reports[0]
    with pytest.raises(ValidationError):
        services.report_submit(actor=world.users["applicant"], report=report)


def _reminders(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("subject", flat=True))


def test_reminders_with_a_fixed_clock(world):
    records = project_records(world)
    applicant = world.users["applicant"]
    first = records.reports[0]  # due 2025-07-01
    # eight days before: nothing yet (the programme reminds 7 days before)
    assert reports_remind(today=dt.date(2025, 6, 23)) == 0
    # due in 7 days: exactly one reminder, to the lead, by notification and e-mail
    mail.outbox.clear()
    assert reports_remind(today=dt.date(2025, 6, 24)) == 1
    assert _reminders(applicant) == ["Bericht bald fällig: Pflege im Verbund"]
    first.refresh_from_db()
    assert first.reminded_before_at is not None and first.reminded_after_at is None
    # running the job again, the same day or later before the due date: nothing new
    assert reports_remind(today=dt.date(2025, 6, 24)) == 0
    assert reports_remind(today=dt.date(2025, 6, 30)) == 0
    assert len(_reminders(applicant)) == 1
    # overdue: one more, once; and it shows on the office's overview
    assert reports_remind(today=dt.date(2025, 7, 2)) == 1
    assert reports_remind(today=dt.date(2025, 7, 3)) == 0
    assert _reminders(applicant)[0] == "Bericht überfällig: Pflege im Verbund"
    assert len(_reminders(applicant)) == 2
    rows = overdue_rows(user=world.users["coordination"], today=dt.date(2025, 7, 2))
    reports = [row for row in rows if row["url"] == reverse("reporting:detail", args=[first.pk])]
    assert len(reports) == 1 and reports[0]["days"] == 1
    # the alliance sees it too, outsiders do not
    assert overdue_rows(user=world.users["member"], today=dt.date(2025, 7, 2))
    assert overdue_rows(user=world.users["outsider"], today=dt.date(2025, 7, 2)) == []


def test_a_submitted_report_gets_no_reminder(world):
    report = project_records(world).reports[0]
    services.report_submit(actor=world.users["applicant"], report=report, text="Bericht")
    assert reports_remind(today=dt.date(2025, 6, 24)) == 0
    rows = overdue_rows(user=world.users["coordination"], today=dt.date(2025, 7, 2))
    assert not [row for row in rows if row["url"] == reverse("reporting:detail", args=[report.pk])]
