"""Writes to workshops: planning, agenda, status, invitations and documentation; each audited.

Registration and the waiting list are in ``registration_services``. The rules are asked here as
well as in the views (the API and the demo call the services directly).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fachkraefte.web.accounts.roles import is_coordination
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record, diff, snapshot, stored_snapshot
from fachkraefte.web.core import uploads
from fachkraefte.web.core.models import Region
from fachkraefte.web.notifications.services import notify_in_language
from fachkraefte.web.organisations.models import Organisation, PartnerCategory
from fachkraefte.web.workshops import registration_services, rules, selectors
from fachkraefte.web.workshops.documentation import check_image
from fachkraefte.web.workshops.models import (
    AgendaEntry,
    StakeholderGroup,
    Workshop,
    WorkshopFile,
    WorkshopInvitation,
)
from fachkraefte.web.workshops.workflows import CANCELLED, OPEN, WORKSHOP_WORKFLOW

FIELDS = (
    "title",
    "kind",
    "description",
    "regierungsbezirk",
    "starts_at",
    "ends_at",
    "month_only",
    "venue",
    "online_link",
    "organiser",
    "moderator",
    "forecast_presenter",
    "capacity",
    "offer_hold_hours",
    "reminder_days",
    "public",
    "summary",
)
RESERVED_SLUGS = {"neu", "kalender", "meine", "feed"}
# The stakeholder group an organisation is invited in, from its partner category.
GROUP_OF_CATEGORY = {
    PartnerCategory.CHAMBER: StakeholderGroup.CHAMBERS,
    PartnerCategory.EMPLOYERS: StakeholderGroup.ASSOCIATIONS,
    PartnerCategory.UNION: StakeholderGroup.ASSOCIATIONS,
    PartnerCategory.EMPLOYMENT_AGENCY: StakeholderGroup.AGENCY,
    PartnerCategory.SCHOOL: StakeholderGroup.SCHOOLS,
    PartnerCategory.UNIVERSITY: StakeholderGroup.SCHOOLS,
}


def workshop_validate(*, values: dict[str, Any], districts: Iterable[Region]) -> dict[str, list]:
    """Per-field messages for values that contradict each other or the workshop's kind."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts and ends and ends <= starts:
        add("ends_at", _("Das Ende muss nach dem Beginn liegen."))
    kind = values.get("kind")
    if kind == Workshop.Kind.ONLINE and not values.get("online_link"):
        add("online_link", _("Eine Online-Werkstatt braucht den Link zur Teilnahme."))
    if kind != Workshop.Kind.ONLINE and not values.get("venue") and not values.get("month_only"):
        add("venue", _("Bitte den Ort angeben."))
    if kind == Workshop.Kind.WERKSTATT and not list(districts):
        add("districts", _("Eine Zukunftswerkstatt gehört zu mindestens einem Kreis."))
    if any(d.level != Region.Level.KREIS for d in districts):
        add("districts", _("Nur Kreise und kreisfreie Städte sind möglich."))
    bezirk = values.get("regierungsbezirk")
    if bezirk is not None and bezirk.level != Region.Level.REGIERUNGSBEZIRK:
        add("regierungsbezirk", _("Bitte einen Regierungsbezirk wählen."))
    if bezirk is not None and kind != Workshop.Kind.DIALOG:
        add("regierungsbezirk", _("Ein Regierungsbezirk gehört nur zu einem Zukunftsdialog."))
    return errors


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def workshop_create(
    *,
    actor: Any,
    alliance: Alliance | None,
    slug: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    kind: str = Workshop.Kind.WERKSTATT,
    districts: list[Region] | None = None,
    agenda: list[dict[str, Any]] | None = None,
    status: str = Workshop.Status.PLANNED,
    **fields: Any,
) -> Workshop:
    """A planned workshop (the demo also records past ones: ``status`` done, by the office)."""
    if not rules.may_create_workshop(actor, alliance):
        raise PermissionDenied(
            _("Werkstätten planen die Koordinierungsstelle und die Steuerungsgruppe.")
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("Dieser Kurzname ist für die Seiten reserviert.")})
    if status != Workshop.Status.PLANNED and not is_coordination(actor):
        # recording past workshops (the 2023 schedule) is the office's
        raise ValidationError({"status": _("Eine neue Werkstatt beginnt in Planung.")})
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown workshop fields: {sorted(unknown)}")
    districts = list(districts or [])
    values = {"kind": kind, "starts_at": starts_at, "ends_at": ends_at, **fields}
    _raise(workshop_validate(values=values, districts=districts))
    workshop = Workshop(
        alliance=alliance,
        slug=slug,
        title=title,
        capacity=capacity,
        status=status,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    workshop.full_clean()
    workshop.save()
    workshop.districts.set(districts)
    for position, entry in enumerate(agenda or [], start=1):
        AgendaEntry.objects.create(workshop=workshop, position=position, **entry)
    audit_record(
        actor=actor,
        instance=workshop,
        action=AuditEntry.Action.CREATE,
        changes={
            **snapshot(workshop, ("slug", "status", *FIELDS)),
            "districts": sorted(d.ags for d in districts),
        },
        alliance=alliance,
    )
    return workshop


@transaction.atomic
def workshop_update(
    *,
    actor: Any,
    workshop: Workshop,
    districts: list[Region] | None = None,
    now: dt.datetime | None = None,
    **values: Any,
) -> Workshop:
    """Change the plan; fields not given stay. More places are offered to the queue at once."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if not rules.may_edit_workshop(actor, workshop):
        raise PermissionDenied(_("Nur die Veranstalter ändern eine Werkstatt vor ihrem Ende."))
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown workshop fields: {sorted(unknown)}")
    merged = {name: getattr(workshop, name) for name in FIELDS}
    merged.update(values)
    chosen = list(workshop.districts.all()) if districts is None else list(districts)
    errors = workshop_validate(values=merged, districts=chosen)
    taken = selectors.places_taken(workshop=workshop)
    if merged["capacity"] < taken:
        errors.setdefault("capacity", []).append(
            _("Es sind schon %(taken)s Plätze vergeben; weniger Plätze sind nicht möglich.")
            % {"taken": taken}
        )
    _raise(errors)
    before = stored_snapshot(workshop, FIELDS)
    before_districts = sorted(workshop.districts.values_list("ags", flat=True))
    for name in FIELDS:
        setattr(workshop, name, merged[name])
    workshop.full_clean()
    workshop.save()
    changes = diff(before, snapshot(workshop, FIELDS))
    if districts is not None:
        workshop.districts.set(chosen)
        after = sorted(d.ags for d in chosen)
        if after != before_districts:
            changes["districts"] = [before_districts, after]
    if changes:
        audit_record(
            actor=actor,
            instance=workshop,
            action=AuditEntry.Action.UPDATE,
            changes=changes,
            alliance=workshop.alliance,
        )
    registration_services.workshop_offer_places(workshop=workshop, now=now)
    return workshop


@transaction.atomic
def workshop_transition(
    *, actor: Any, workshop: Workshop, to: str, now: dt.datetime | None = None
) -> Workshop:
    """Open or close registration, mark as done, or cancel (telling everyone registered)."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    WORKSHOP_WORKFLOW.transition(actor, workshop, to)
    if to == CANCELLED:
        registration_services.workshop_tell_cancelled(workshop=workshop)
    if to == OPEN:
        registration_services.workshop_offer_places(workshop=workshop, now=now)
    return workshop


def _check_organiser(actor: Any, workshop: Workshop) -> None:
    if not rules.may_edit_workshop(actor, workshop):
        raise PermissionDenied(_("Nur die Veranstalter ändern eine Werkstatt vor ihrem Ende."))


@transaction.atomic
def agenda_entry_add(
    *,
    actor: Any,
    workshop: Workshop,
    title: str,
    starts_at: dt.time | None = None,
    speaker: str = "",
) -> AgendaEntry:
    _check_organiser(actor, workshop)
    last = workshop.agenda.order_by("-position").values_list("position", flat=True).first()
    entry = AgendaEntry(
        workshop=workshop,
        position=(last or 0) + 1,
        title=title,
        starts_at=starts_at,
        speaker=speaker,
    )
    entry.full_clean()
    entry.save()
    audit_record(
        actor=actor,
        instance=entry,
        action=AuditEntry.Action.CREATE,
        changes=snapshot(entry, ("position", "starts_at", "title", "speaker")),
        alliance=workshop.alliance,
    )
    return entry


@transaction.atomic
def agenda_entry_delete(*, actor: Any, entry: AgendaEntry) -> None:
    _check_organiser(actor, entry.workshop)
    audit_record(
        actor=actor,
        instance=entry,
        action=AuditEntry.Action.DELETE,
        changes={"title": entry.title},
        alliance=entry.workshop.alliance,
    )
    entry.delete()


def _invitation_text(workshop: Workshop) -> tuple[str, str]:
    when = formats.date_format(timezone.localtime(workshop.starts_at), "DATETIME_FORMAT")
    subject = _("Einladung: %(title)s") % {"title": workshop.title}
    body = _("Sie sind zu „%(title)s“ am %(when)s eingeladen. Ort: %(where)s.") % {
        "title": workshop.title,
        "when": when,
        # the online link is for the registered: the invitation leads to the page
        "where": workshop.venue
        or (_("online") if workshop.online_link else _("wird noch bekannt gegeben")),
    }
    return subject, body


def _mail_guest(workshop: Workshop, email: str, site_url: str) -> None:
    subject, body = _invitation_text(workshop)
    link = site_url.rstrip("/") + workshop.get_absolute_url()
    text = f"{body}\n\n{link}"
    transaction.on_commit(lambda: send_mail(subject, text, None, [email], fail_silently=True))


@transaction.atomic
def invitations_send(
    *,
    actor: Any,
    workshop: Workshop,
    group: str,
    organisations: Iterable[Organisation] = (),
    emails: Iterable[str] = (),
    site_url: str,
) -> list[WorkshopInvitation]:
    """Invite the representatives of ``organisations`` and the guests at ``emails`` in
    ``group``; people already invited are not invited twice. Returns the new invitations."""
    if not rules.may_invite(actor, workshop):
        raise PermissionDenied(_("Einladen können die Veranstalter, solange die Anmeldung läuft."))
    if group not in StakeholderGroup.values:
        raise ValidationError({"group": _("Unbekannte Gruppe.")})
    organisations, emails = list(organisations), [e.strip().lower() for e in emails if e.strip()]
    if not organisations and not emails:
        raise ValidationError(_("Bitte Organisationen oder E-Mail-Adressen angeben."))
    known = workshop.invitations.all()
    known_users = set(known.exclude(user=None).values_list("user_id", flat=True))
    known_emails = {e.lower() for e in known.values_list("email", flat=True) if e}
    made: list[WorkshopInvitation] = []
    silent: list[str] = []
    for organisation in organisations:
        people = list(organisation.representatives.select_related("user"))
        reachable = [p for p in people if p.user_id or p.email]
        if not reachable:
            silent.append(organisation.name)
        for person in reachable:
            email = (person.email or (person.user.email if person.user else "")).lower()
            if (person.user_id and person.user_id in known_users) or (
                email and email in known_emails
            ):
                continue
            made.append(
                WorkshopInvitation.objects.create(
                    workshop=workshop,
                    group=group,
                    organisation=organisation,
                    representative=person,
                    user=person.user,
                    name=person.name,
                    email=email,
                    invited_by=actor,
                )
            )
            known_users.add(person.user_id)
            known_emails.add(email)
    for email in emails:
        if email in known_emails:
            continue
        made.append(
            WorkshopInvitation.objects.create(
                workshop=workshop, group=group, email=email, invited_by=actor
            )
        )
        known_emails.add(email)
    if silent and not made:
        raise ValidationError(
            _("Für %(names)s ist niemand mit Konto oder E-Mail-Adresse hinterlegt.")
            % {"names": ", ".join(silent)}
        )
    for invitation in made:
        if invitation.user is not None:
            notify_in_language(
                user=invitation.user,
                write=lambda: _invitation_text(workshop),
                link=workshop.get_absolute_url(),
            )
        else:
            _mail_guest(workshop, invitation.email, site_url)
        audit_record(
            actor=actor,
            instance=invitation,
            action=AuditEntry.Action.CREATE,
            changes={"group": group, "name": invitation.name, "email": invitation.email},
            alliance=workshop.alliance,
        )
    return made


def workshop_file_add(
    *, actor: Any, workshop: Workshop, kind: str, title: str, upload: Any, alt_text: str = ""
) -> WorkshopFile:
    """Slides (PDF) or a photo (JPEG/PNG), checked by content, stored, then recorded."""
    if not rules.may_document(actor, workshop):
        raise PermissionDenied(_("Dokumentieren können die Veranstalter nach der Anmeldung."))
    if not title.strip():
        raise ValidationError({"title": _("Bitte einen Titel angeben.")})
    if kind == WorkshopFile.Kind.PHOTO:
        if not alt_text.strip():
            raise ValidationError({"alt_text": _("Bitte beschreiben Sie, was das Foto zeigt.")})
        checked = check_image(upload, field="file")
    elif kind == WorkshopFile.Kind.SLIDES:
        checked = uploads.check_pdf(upload, field="file")
    else:
        raise ValidationError({"kind": _("Unbekannte Art.")})
    field = WorkshopFile._meta.get_field("file")
    record = WorkshopFile(
        workshop=workshop,
        kind=kind,
        title=title.strip(),
        alt_text=alt_text.strip(),
        size=checked.size,
        content_type=getattr(checked, "content_type", "application/pdf"),
    )
    suffix = getattr(checked, "suffix", ".pdf")
    name = uploads.store_checked(field, record, checked.content, suffix=suffix)
    return uploads.record_with_file_save(
        record,
        name,
        actor=actor,
        changes={"kind": kind, "title": record.title, "sha256": checked.sha256},
        alliance=workshop.alliance,
    )


@transaction.atomic
def workshop_file_delete(*, actor: Any, record: WorkshopFile) -> None:
    if not rules.may_document(actor, record.workshop):
        raise PermissionDenied(_("Dokumentieren können die Veranstalter nach der Anmeldung."))
    uploads.record_with_file_delete(
        record,
        actor=actor,
        changes={"title": record.title},
        alliance=record.workshop.alliance,
    )


@transaction.atomic
def workshop_summary_save(*, actor: Any, workshop: Workshop, summary: str) -> Workshop:
    """The documentation's text, written after the event."""
    if not rules.may_document(actor, workshop):
        raise PermissionDenied(_("Dokumentieren können die Veranstalter nach der Anmeldung."))
    if workshop.summary != summary:
        audit_record(
            actor=actor,
            instance=workshop,
            action=AuditEntry.Action.UPDATE,
            changes={"summary": [workshop.summary, summary]},
            alliance=workshop.alliance,
        )
        workshop.summary = summary
        workshop.save(update_fields=["summary", "updated_at"])
    return workshop
