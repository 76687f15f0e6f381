"""iCalendar files (RFC 5545): one workshop, and a feed of many (per alliance, per district).

Each event links back to its workshop page (``URL`` and the description), and carries a stable
``UID`` so a subscribed calendar updates the event instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from fachkraefte.web.workshops.models import Workshop

PRODID = "-//Fachkraefte-Plattform//Werkstaetten//DE"
CALENDAR_TYPE = "text/calendar; charset=utf-8"


def workshop_event(workshop: Workshop, *, url: str, domain: str):
    from icalendar import Event

    event = Event()
    event.add("uid", f"werkstatt-{workshop.pk}@{domain}")
    event.add("dtstamp", workshop.updated_at or timezone.now())
    event.add("dtstart", workshop.starts_at)
    event.add("dtend", workshop.ends_at)
    event.add("summary", workshop.title)
    event.add("url", url)
    # The online link is for the registered (as on the page): a feed is public.
    where = workshop.venue or (_("online") if workshop.online_link else "")
    if where:
        event.add("location", str(where))
    text = f"{workshop.get_kind_display()}\n{workshop.description}".strip()
    event.add("description", f"{text}\n\n{url}")
    if workshop.status == Workshop.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def calendar_bytes(
    workshops: Iterable[Workshop], *, name: str, url_of: Callable[[Workshop], str], domain: str
) -> bytes:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for workshop in workshops:
        if workshop.month_only:  # no day known: nothing to put in a calendar
            continue
        cal.add_component(workshop_event(workshop, url=url_of(workshop), domain=domain))
    return cal.to_ical()
