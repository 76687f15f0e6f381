"""Demo meetings for the Ems-Achse demo alliance (created by ``alliances.demo``).

Everything is written through the services, so the demo also has an audit trail. The meetings are
placed relative to the day of the first run (one past, one upcoming) and not moved afterwards.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.alliances.rules import can_vote
from fachkraefte.web.decisions import services
from fachkraefte.web.decisions.models import AgendaItem, Meeting, Vote
from fachkraefte.web.decisions.selectors import steering_members

ALLIANCE_SLUG = "fachkraeftebuendnis-ems-achse"  # as created by alliances.demo
CHAIR, SECOND = "steuerung1", "steuerung2"
PAST_TITLE = "Demo: 12. Sitzung der Steuerungsgruppe"
UPCOMING_TITLE = "Demo: 13. Sitzung der Steuerungsgruppe"
LOCATION = "Demo-Sitzungsraum, Papenburg"

PAST_ITEM = (
    "Interessenbekundung „Demo-Pflegeschule: Ausbildungsverbund Pflege im Emsland“",
    "Die Demo-Pflegeschule schlägt einen Ausbildungsverbund mit drei Kliniken vor "
    "(Handlungsfeld Fachkräfte gewinnen und binden). Beschlussvorschlag: Die Steuerungsgruppe "
    "empfiehlt, einen Vollantrag einzureichen. (Demodaten – fiktiver Vorgang)",
)
UPCOMING_ITEM = (
    "Interessenbekundung „Demo-Bildungswerk: Deutsch im Beruf für internationale Fachkräfte“",
    "Das Demo-Bildungswerk schlägt berufsbezogene Sprachkurse in Leer und Aurich vor. "
    "Beschlussvorschlag: Die Steuerungsgruppe empfiehlt, einen Vollantrag einzureichen. "
    "(Demodaten – fiktiver Vorgang)",
)


def ensure_demo_decisions(*, today: dt.date | None = None) -> int:
    """Create the two demo meetings if missing; returns how many were created (0 on reruns).

    Does nothing where the Ems-Achse alliance or its steering users "steuerung1"/"steuerung2"
    do not exist (yet).
    """
    alliance = Alliance.objects.filter(slug=ALLIANCE_SLUG).first()
    if alliance is None:
        return 0
    users = {
        user.get_username(): user
        for user in get_user_model().objects.filter(username__in=[CHAIR, SECOND])
    }
    if set(users) != {CHAIR, SECOND}:
        return 0
    chair = users[CHAIR]
    if not can_vote(chair, alliance):
        return 0
    today = today or dt.date.today()
    created = 0
    with transaction.atomic():
        if not Meeting.objects.filter(alliance=alliance, title=PAST_TITLE).exists():
            _past_meeting(alliance, chair, today - dt.timedelta(days=28))
            created += 1
        if not Meeting.objects.filter(alliance=alliance, title=UPCOMING_TITLE).exists():
            _upcoming_meeting(alliance, chair, today + dt.timedelta(days=21))
            created += 1
    return created


def _past_meeting(alliance: Alliance, chair, date: dt.date) -> None:
    meeting = services.meeting_create(
        actor=chair, alliance=alliance, title=PAST_TITLE, date=date, location=LOCATION
    )
    title, description = PAST_ITEM
    item = services.agenda_item_create(
        actor=chair, meeting=meeting, title=title, description=description
    )
    # Every steering member consents, so that the item can be closed under either rule.
    for member in steering_members(alliance=alliance):
        services.vote_cast(
            actor=member,
            item=item,
            choice=Vote.Choice.CONSENT,
            note="Deckt den Pflegeengpass in der Prognose ab." if member == chair else "",
        )
    services.agenda_item_close(actor=chair, item=AgendaItem.objects.get(pk=item.pk))


def _upcoming_meeting(alliance: Alliance, chair, date: dt.date) -> None:
    meeting = services.meeting_create(
        actor=chair, alliance=alliance, title=UPCOMING_TITLE, date=date, location=LOCATION
    )
    title, description = UPCOMING_ITEM
    item = services.agenda_item_create(
        actor=chair, meeting=meeting, title=title, description=description
    )
    # One vote already cast, the others are left for the demo users to record.
    services.vote_cast(
        actor=chair,
        item=item,
        choice=Vote.Choice.CONSENT,
        note="Passt zum Schwerpunkt Integration.",
    )
