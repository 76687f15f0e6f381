"""The workshop's and the registration's workflows as data.

A workshop is planned, then announced with registration open; registration closes (and may
open again, e.g. when the room grows); the workshop takes place (done) or is cancelled.
A registration is a place or a queue position: the clock offers a freed place to the first in
the queue and lets an unanswered offer lapse; the person accepts or cancels.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.workflows import Transition, Workflow
from fachkraefte.web.workshops import rules
from fachkraefte.web.workshops.models import Registration, Workshop

PLANNED, OPEN, CLOSED, DONE, CANCELLED = (s.value for s in Workshop.Status)
REGISTERED, WAITING, OFFERED, DROPPED, EXPIRED = (s.value for s in Registration.Status)
ORGANISERS = _("die Koordinierungsstelle und die Steuerungsgruppe der Allianz")
PARTICIPANT = _("die angemeldete Person")
CLOCK = _("die Plattform (zeitgesteuert)")

WORKSHOP_WORKFLOW = Workflow(
    field="status",
    states=Workshop.Status,
    transitions=(
        Transition(PLANNED, OPEN, _("Anmeldung öffnen"), rules.may_open_registration, ORGANISERS),
        Transition(
            CLOSED, OPEN, _("Anmeldung wieder öffnen"), rules.may_open_registration, ORGANISERS
        ),
        Transition(
            OPEN, CLOSED, _("Anmeldung schließen"), rules.may_close_registration, ORGANISERS
        ),
        Transition(OPEN, DONE, _("Als durchgeführt markieren"), rules.may_mark_done, ORGANISERS),
        Transition(CLOSED, DONE, _("Als durchgeführt markieren"), rules.may_mark_done, ORGANISERS),
        Transition(PLANNED, CANCELLED, _("Absagen"), rules.may_cancel_workshop, ORGANISERS),
        Transition(OPEN, CANCELLED, _("Absagen"), rules.may_cancel_workshop, ORGANISERS),
        Transition(CLOSED, CANCELLED, _("Absagen"), rules.may_cancel_workshop, ORGANISERS),
    ),
    audit_alliance=lambda workshop: workshop.alliance,
)

REGISTRATION_WORKFLOW = Workflow(
    field="status",
    states=Registration.Status,
    transitions=(
        Transition(WAITING, OFFERED, _("Platz anbieten"), rules.may_offer_place, CLOCK),
        Transition(OFFERED, EXPIRED, _("Angebot verfallen lassen"), rules.may_expire_offer, CLOCK),
        Transition(OFFERED, REGISTERED, _("Platz annehmen"), rules.may_accept_offer, PARTICIPANT),
        Transition(
            REGISTERED,
            DROPPED,
            _("Anmeldung zurücknehmen"),
            rules.may_cancel_registration,
            PARTICIPANT,
        ),
        Transition(
            WAITING,
            DROPPED,
            _("Anmeldung zurücknehmen"),
            rules.may_cancel_registration,
            PARTICIPANT,
        ),
        Transition(
            OFFERED, DROPPED, _("Platz ablehnen"), rules.may_cancel_registration, PARTICIPANT
        ),
        Transition(
            DROPPED, REGISTERED, _("Erneut anmelden"), rules.may_register_again, PARTICIPANT
        ),
        Transition(DROPPED, WAITING, _("Erneut anmelden"), rules.may_register_again, PARTICIPANT),
        Transition(
            EXPIRED, REGISTERED, _("Erneut anmelden"), rules.may_register_again, PARTICIPANT
        ),
        Transition(EXPIRED, WAITING, _("Erneut anmelden"), rules.may_register_again, PARTICIPANT),
    ),
    audit_alliance=lambda registration: registration.workshop.alliance,
)
