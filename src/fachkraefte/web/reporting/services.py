"""Writes of reports: the schedule, drafts, submission, PDF attachments and the office's review.

Every service asks ``reporting.rules`` first (``PermissionDenied``) and moves a report only
through ``workflows.REPORT``, which audits the step. The reminders are in ``reminders``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fachkraefte.web.core import uploads
from fachkraefte.web.notifications.services import notify_in_language
from fachkraefte.web.projects.models import Project
from fachkraefte.web.reporting import rules
from fachkraefte.web.reporting.models import Report, ReportAttachment
from fachkraefte.web.reporting.reminders import recipients_of
from fachkraefte.web.reporting.schedule import planned_reports
from fachkraefte.web.reporting.workflows import REPORT

S = Report.Status
MAX_ATTACHMENTS = 20
MAX_TEXT = 50_000


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _terms(project: Project) -> tuple[int, int]:
    terms = getattr(project.programme, "funding_terms", None)
    if terms is None:
        return 6, 3
    return terms.interim_report_months, terms.final_report_months


@transaction.atomic
def report_schedule(*, project: Project) -> list[Report]:
    """The project's report rows from its programme's schedule; existing rows stay as they are.

    Needs the project's start and end; without them nothing is scheduled (yet).
    """
    if project.starts_on is None or project.ends_on is None:
        return []
    interim, final = _terms(project)
    reports = []
    for planned in planned_reports(project.starts_on, project.ends_on, interim, final):
        report, _created = Report.objects.get_or_create(
            project=project,
            kind=planned.kind,
            period_to=planned.period_to,
            defaults={"period_from": planned.period_from, "due_on": planned.due_on},
        )
        reports.append(report)
    return reports


def _clean_text(text: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {
                "text": _("Höchstens %(count)s Zeichen.")
                % {"count": f"{MAX_TEXT:,}".replace(",", ".")}
            }
        )
    return text


@transaction.atomic
def report_save_draft(*, actor: Any, report: Report, text: str) -> Report:
    _require(rules.may_edit(actor, report), _("Diesen Bericht können Sie nicht bearbeiten."))
    report.text = _clean_text(text)
    if report.status == S.DUE:
        REPORT.transition(actor, report, S.DRAFT)
    else:
        report.save(update_fields=["text"])
    return report


@transaction.atomic
def report_submit(*, actor: Any, report: Report, text: str | None = None) -> Report:
    _require(rules.may_submit(actor, report), _("Diesen Bericht können Sie nicht einreichen."))
    if text is not None:
        report.text = _clean_text(text)
    if not report.text:
        raise ValidationError(
            {"text": _("Bitte schreiben Sie den Sachbericht, bevor Sie ihn einreichen.")}
        )
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    REPORT.transition(actor, report, S.SUBMITTED)
    return report


def _notify_recipients(report: Report, write) -> None:
    for user in recipients_of(report):
        notify_in_language(user=user, write=write, link=report_link(report))


def report_link(report: Report) -> str:
    return reverse("reporting:detail", args=[report.pk])


@transaction.atomic
def report_review(*, actor: Any, report: Report, accept: bool, note: str = "") -> Report:
    """Accept the report, or send it back with ``note`` saying what to change."""
    _require(rules.may_review(actor, report), _("Berichte prüft die Koordinierungsstelle."))
    note = (note or "").strip()
    if not accept and not note:
        raise ValidationError({"note": _("Bitte schreiben Sie, was geändert werden soll.")})
    report.review_note = note
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    REPORT.transition(actor, report, S.ACCEPTED if accept else S.CHANGES_REQUESTED)
    title = report.project.title

    def write() -> tuple[str, str]:
        if accept:
            return (
                _("Bericht angenommen: %(title)s") % {"title": title},
                _("Die Koordinierungsstelle hat Ihren Bericht angenommen.")
                + (f"\n\n{note}" if note else ""),
            )
        return (
            _("Änderungen am Bericht erbeten: %(title)s") % {"title": title},
            _("Die Koordinierungsstelle bittet um Änderungen:") + f"\n\n{note}",
        )

    _notify_recipients(report, write)
    return report


def attachment_add(*, actor: Any, report: Report, title: str, upload: Any) -> ReportAttachment:
    """Check, store atomically, then record; nothing remains if a step fails."""
    _require(
        rules.may_edit(actor, report),
        _("Anlagen ändern nur die Berichtenden, solange der Bericht offen ist."),
    )
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Bitte einen Titel für die Anlage angeben.")})
    if report.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {"file": _("Ein Bericht hat höchstens %(count)s Anlagen.") % {"count": MAX_ATTACHMENTS}}
        )
    checked = uploads.check_pdf(upload, field="file")
    field = ReportAttachment._meta.get_field("file")
    attachment = ReportAttachment(
        report=report,
        title=title[:200],
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    name = uploads.store_pdf(field, attachment, checked)
    return uploads.record_with_file_save(
        attachment,
        name,
        actor=actor,
        changes={"report": report.pk, "title": title, "sha256": checked.sha256},
        alliance=report.project.alliance,
    )


@transaction.atomic
def attachment_delete(*, actor: Any, attachment: ReportAttachment) -> None:
    _require(
        rules.may_edit(actor, attachment.report),
        _("Anlagen ändern nur die Berichtenden, solange der Bericht offen ist."),
    )
    uploads.record_with_file_delete(
        attachment,
        actor=actor,
        changes={"report": attachment.report_id, "title": attachment.title},
        alliance=attachment.report.project.alliance,
    )
