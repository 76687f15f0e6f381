"""Writes of projects: creation from an approved proposal, status steps, closing, budget by cost
type, milestones and people.

Every service asks ``projects.rules`` first (``PermissionDenied``), runs in one transaction and
moves the status only through ``workflows.PROJECT`` (which audits the step). The money stays in
``funding``: creating a project books nothing (the commitment was booked at the approval).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record
from fachkraefte.web.calls.models import CostType
from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge.services import measure_from_project
from fachkraefte.web.outcomes.models import OutcomeResult
from fachkraefte.web.payments.settlement import project_settle
from fachkraefte.web.projects import rules
from fachkraefte.web.projects.budget import CENT, split_by_cost_type
from fachkraefte.web.projects.models import Milestone, Project, ProjectBudgetLine, ProjectPerson
from fachkraefte.web.projects.workflows import PROJECT
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.reporting.services import report_schedule

S = Project.Status


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _audit(actor: Any, instance: Any, action: str, changes: dict[str, Any], project: Project):
    audit_record(
        actor=actor, instance=instance, action=action, changes=changes, alliance=project.alliance
    )


def _planned_outcomes(project: Project, proposal: Any) -> None:
    year = project.ends_on.year if project.ends_on else project.funding_year
    regions = {
        r.ags: r
        for r in Region.objects.filter(
            ags__in=[str(o.get("district") or "") for o in proposal.expected_outcomes or []]
        )
    }
    for outcome in proposal.expected_outcomes or []:
        count = int(outcome.get("count") or 0)
        if count <= 0:
            continue
        OutcomeResult.objects.create(
            project=project,
            kind=OutcomeResult.Kind.PLANNED,
            what=str(outcome.get("what") or "")[:200],
            count=count,
            occupation=str(outcome.get("occupation") or "")[:5],
            district=regions.get(str(outcome.get("district") or "")),
            year=year,
        )


@transaction.atomic
def project_create_from_proposal(*, proposal: Any, actor: Any) -> Project:
    """The project of an approved (or funded) proposal; creating it twice returns the first."""
    existing = Project.objects.filter(proposal=proposal).first()
    if existing is not None:
        return existing
    _require(
        rules.may_create_from(actor, proposal),
        _("Projekte legt die Koordinierungsstelle aus befürworteten oder bewilligten Anträgen an."),
    )
    if proposal.approved_amount is None or proposal.approved_amount <= 0:
        raise ValidationError(_("Der Antrag hat keinen befürworteten Zuschuss."))
    call = proposal.call
    project = Project.objects.create(
        proposal=proposal,
        programme=call.programme,
        alliance=call.alliance,
        earmark=call.earmark,
        title=proposal.title,
        summary=proposal.summary,
        recipient=proposal.organisation_name,
        organisation=proposal.organisation,
        occupations=list(proposal.occupations or []),
        target_groups=list(proposal.target_groups or []),
        action_field=proposal.action_field,
        priority=proposal.priority,
        funding_year=call.budget_year,
        approved_amount=proposal.approved_amount,
        starts_on=proposal.starts_on,
        ends_on=proposal.ends_on,
    )
    project.districts.set(proposal.districts.all())
    ProjectPerson.objects.create(
        project=project, user=proposal.applicant, role=ProjectPerson.Role.LEAD
    )
    planned = [(line.cost_type, line.amount) for line in proposal.budget_lines.all()]
    for cost_type, amount in split_by_cost_type(project.approved_amount, planned).items():
        ProjectBudgetLine.objects.create(project=project, cost_type=cost_type, amount=amount)
    _planned_outcomes(project, proposal)
    report_schedule(project=project)
    _audit(
        actor,
        project,
        AuditEntry.Action.CREATE,
        {"proposal": proposal.pk, "approved_amount": project.approved_amount},
        project,
    )
    # A funded project is a public record: it enters the catalogue of measures at once.
    measure_from_project(project=project)
    return project


@transaction.atomic
def project_budget_set(
    *, project: Project, actor: Any, amounts: dict[str, Decimal]
) -> list[ProjectBudgetLine]:
    """Replace the budget by cost type; the lines must sum to the approved amount exactly."""
    _require(
        rules.may_edit_budget(actor, project),
        _(
            "Den Finanzplan ändert die Koordinierungsstelle, solange das Projekt in Vorbereitung ist."
        ),
    )
    clean: dict[str, Decimal] = {}
    for cost_type, amount in amounts.items():
        if cost_type not in CostType.values:
            raise ValidationError({cost_type: _("Unbekannte Ausgabeart.")})
        value = Decimal(str(amount or 0))
        if value < 0 or value != value.quantize(CENT):
            raise ValidationError(
                {cost_type: _("Bitte einen Betrag ab 0 mit höchstens zwei Nachkommastellen.")}
            )
        if value > 0:
            clean[cost_type] = value
    total = sum(clean.values(), Decimal("0"))
    if total != project.approved_amount:
        raise ValidationError(
            _("Die Ausgabearten ergeben %(total)s EUR; bewilligt sind %(approved)s EUR.")
            % {"total": _euro(total), "approved": _euro(project.approved_amount)}
        )
    before = {line.cost_type: str(line.amount) for line in project.budget_lines.all()}
    project.budget_lines.all().delete()
    lines = [
        ProjectBudgetLine.objects.create(project=project, cost_type=key, amount=value)
        for key, value in clean.items()
    ]
    after = {key: str(value) for key, value in clean.items()}
    _audit(actor, project, AuditEntry.Action.UPDATE, {"budget": [before, after]}, project)
    return lines


def _euro(amount: Decimal) -> str:
    return number_format(amount, 2, force_grouping=True)


def final_report_accepted(project: Project) -> bool:
    finals = Report.objects.filter(project=project, kind=Report.Kind.FINAL)
    return finals.exists() and not finals.exclude(status=Report.Status.ACCEPTED).exists()


@transaction.atomic
def project_close(*, project: Project, actor: Any) -> Project:
    """Close the project once its final report is accepted, and settle its money."""
    _require(rules.may_close(actor, project), _("Projekte schließt die Koordinierungsstelle ab."))
    if not final_report_accepted(project):
        raise ValidationError(
            _("Das Projekt kann erst abgeschlossen werden, wenn der Schlussbericht angenommen ist.")
        )
    PROJECT.transition(actor, project, S.CLOSED)
    # The closing settlement releases the unpaid remainder to the alliance's budget; it refuses
    # (and the transaction undoes the step) while payment requests are still open.
    project_settle(project=project, actor=actor)
    return project


@transaction.atomic
def project_transition(*, project: Project, actor: Any, to: str) -> Project:
    """A status step; closing goes through ``project_close`` (final report, settlement)."""
    if to == S.CLOSED and PROJECT.declared(project.status, to) is not None:
        return project_close(project=project, actor=actor)
    with transaction.atomic():
        PROJECT.transition(actor, project, to)
        if to == S.RUNNING:
            report_schedule(project=project)
        if to == S.CANCELLED:
            # A cancelled project draws nothing more: its unpaid commitment is settled as at
            # closing (refused while payment requests are open).
            project_settle(project=project, actor=actor)
    return project


def projects_ask_final_reports(*, today: dt.date | None = None) -> int:
    """Periodic job: running projects whose end has passed move to "final report due"."""
    today = today or timezone.localdate()
    moved = 0
    for project in Project.objects.filter(status=S.RUNNING, ends_on__lt=today):
        with transaction.atomic():
            locked = Project.objects.select_for_update().get(pk=project.pk)
            if rules.may_ask_final_report(rules.CLOCK, locked) and rules.ended(locked, today=today):
                PROJECT.transition(rules.CLOCK, locked, S.FINAL_REPORT_DUE)
                moved += 1
    return moved


def _milestone_values(title: str, due_on: Any, note: str) -> tuple[str, dt.date, str]:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Bitte den Meilenstein benennen.")})
    if not isinstance(due_on, dt.date):
        raise ValidationError({"due_on": _("Bitte ein Fälligkeitsdatum angeben.")})
    return title[:200], due_on, (note or "").strip()[:300]


MILESTONE_DENIED = gettext_lazy(
    "Meilensteine pflegen die Koordinierungsstelle und die Zuwendungsempfänger."
)


@transaction.atomic
def milestone_add(
    *, project: Project, actor: Any, title: str, due_on: dt.date, note: str = ""
) -> Milestone:
    _require(rules.may_edit_milestones(actor, project), str(MILESTONE_DENIED))
    title, due_on, note = _milestone_values(title, due_on, note)
    milestone = Milestone.objects.create(project=project, title=title, due_on=due_on, note=note)
    _audit(actor, milestone, AuditEntry.Action.CREATE, {"title": title, "due_on": due_on}, project)
    return milestone


@transaction.atomic
def milestone_edit(
    *, milestone: Milestone, actor: Any, title: str, due_on: dt.date, note: str = ""
) -> Milestone:
    project = milestone.project
    _require(rules.may_edit_milestones(actor, project), str(MILESTONE_DENIED))
    title, due_on, note = _milestone_values(title, due_on, note)
    before = {"title": milestone.title, "due_on": milestone.due_on, "note": milestone.note}
    milestone.title, milestone.due_on, milestone.note = title, due_on, note
    milestone.save()
    changes = {
        k: [v, getattr(milestone, k)] for k, v in before.items() if v != getattr(milestone, k)
    }
    _audit(actor, milestone, AuditEntry.Action.UPDATE, changes, project)
    return milestone


@transaction.atomic
def milestone_done(
    *, milestone: Milestone, actor: Any, done_on: dt.date | None = None
) -> Milestone:
    """Mark the milestone reached (``done_on``: today when not given); None reopens it."""
    project = milestone.project
    _require(rules.may_edit_milestones(actor, project), str(MILESTONE_DENIED))
    before = milestone.done_on
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    _audit(actor, milestone, AuditEntry.Action.UPDATE, {"done_on": [before, done_on]}, project)
    return milestone


PEOPLE_DENIED = gettext_lazy(
    "Verantwortliche pflegen die Koordinierungsstelle und die Projektleitung."
)


@transaction.atomic
def person_add(*, project: Project, actor: Any, identifier: str, role: str) -> ProjectPerson:
    _require(rules.may_edit_people(actor, project), str(PEOPLE_DENIED))
    if role not in ProjectPerson.Role.values:
        raise ValidationError({"role": _("Unbekannte Rolle: %(role)s.") % {"role": role}})
    text = (identifier or "").strip()
    users = get_user_model().objects.filter(is_active=True)
    user = (
        users.filter(Q(username__iexact=text) | Q(email__iexact=text)).order_by("pk").first()
        if text
        else None
    )
    if user is None:
        raise ValidationError(
            {"identifier": _("Kein Konto mit diesem Benutzernamen oder dieser E-Mail-Adresse.")}
        )
    person, _created = ProjectPerson.objects.get_or_create(project=project, user=user, role=role)
    _audit(
        actor, project, AuditEntry.Action.UPDATE, {"person": [None, f"{user} ({role})"]}, project
    )
    return person


@transaction.atomic
def person_remove(*, person: ProjectPerson, actor: Any) -> None:
    project = person.project
    _require(rules.may_edit_people(actor, project), str(PEOPLE_DENIED))
    leads = project.people.filter(role=ProjectPerson.Role.LEAD)
    if person.role == ProjectPerson.Role.LEAD and leads.count() == 1:
        raise ValidationError(_("Ein Projekt braucht eine Projektleitung."))
    label = f"{person.user} ({person.role})"
    person.delete()
    _audit(actor, project, AuditEntry.Action.UPDATE, {"person": [label, None]}, project)
