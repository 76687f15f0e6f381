"""Demo content of the catalogue, with the seeds' own wording and nothing invented.

Seed 000 ("Fachkräftesicherung in Hessen", soziales.hessen.de) lists Hessen's measures by name
only: each becomes a published measure whose summary is the seed's sentence that introduces
the list, and whose title is the seed's line. The Zukunftsdialog alone has its own text in the
seed (duration and short description). Seed 001 names the first "Betrieb des Monats": Lässig
GmbH from Babenhausen, August 2020, a mid-sized employer presenting by video its activities
to secure skilled staff during the pandemic; that is all the portrait says. Funded projects
become catalogue entries with a link to their origin (``services.measures_from_projects``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from fachkraefte.web.core.models import Region
from fachkraefte.web.knowledge import services
from fachkraefte.web.knowledge.models import GoodPractice, Measure
from fachkraefte.web.knowledge.workflows import IN_REVIEW, PUBLISHED
from fachkraefte.web.sitesearch.services import search_reindex

HESSEN = "06"
OFFICE = "koordination"  # the demo coordination office (``demo_logins.DEMO_USERS``)
SOURCE_000 = "Seed 000: „Fachkräftesicherung in Hessen“, soziales.hessen.de"
SOURCE_001 = "Seed 001: Hessischer Zukunftsdialog, Praxisformat „Betrieb des Monats“"
PRACTICE_URL = "https://soziales.hessen.de/arbeit/fachkraeftesicherung/betrieb-des-monats"
# The seed's sentence that introduces its list: the only description it gives the measures.
SEED_000_INTRO = (
    "Hessen unterstützt mit förderlichen Rahmenbedingungen und vielfältigen Hilfsangeboten die "
    "Arbeitgeberinnen und Arbeitgeber beim Finden, Binden und Halten von Arbeits-, Fach- und "
    "Führungskräften und die Regionen und trägt zur Stärkung der Beschäftigten und potentieller "
    "Kräfte unter anderem mit folgenden Maßnahmen bei."
)
# (slug, the seed's line) in the seed's order.
HESSEN_MEASURES = [
    (
        "hessischer-zukunftsdialog",
        "Hessischer Zukunftsdialog „Voneinander lernen und gemeinsam gestalten für eine "
        "nachhaltige Fachkräftesicherung in den Regionen“",
    ),
    ("welcomecenter-hessen", "WELCOMECENTER Hessen"),
    (
        "ausbildungs-und-qualifizierungsbudget",
        "Hessisches Ausbildungs- und Qualifizierungsbudget",
    ),
    ("sozialwirtschaft-integriert", "Förderangebot Sozialwirtschaft integriert"),
    ("hessischer-lohnatlas", "Hessischer Lohnatlas"),
    ("ausbau-kinderbetreuung", "Ausbau der Kinderbetreuung"),
    ("familienzentren", "Familienzentren"),
    ("pflegequalifizierungszentrum-hessen", "Pflegequalifizierungszentrum Hessen"),
    ("betrieb-des-monats", "Praxisformat „Betrieb des Monats“"),
    (
        "online-werkstaetten-fachkraeftesicherung",
        "Online-Werkstätten zur Fachkräftesicherung für Unternehmens- und "
        "Personalverantwortliche sowie Beratende von KMU und Multiplikatoren",
    ),
    (
        "fachkraefteinitiative-zukunftsgerecht-und-regional",
        "Hessische Fachkräfteinitiative „Zukunftsgerecht und regional“",
    ),
]
# Seed 000's second part: the Zukunftsdialog's duration and short description, verbatim.
DIALOGUE = {
    "starts_on": dt.date(2016, 1, 1),
    "ends_on": dt.date(2020, 12, 31),
    "activity": Measure.Activity.ENDED,
    "description": (
        "Der Arbeitsmarkt in Hessen und seinen Regionen befindet sich im steten Wandel. "
        "Digitalisierung, Migration, demographischer Wandel – dies sind die großen Schlagworte, "
        "die umgreifende Veränderungen auf dem Arbeitsmarkt in Hessen herbeiführen und "
        "Herausforderungen für eine nachhaltige Fachkräftesicherung darstellen. Vor diesem "
        "Hintergrund bedarf eine nachhaltig angelegte Fachkräftesicherung in den Regionen Hessens "
        "strategischen Allianzen und breite Bündnisse zwischen arbeitsmarktrelevanten Akteuren "
        "aus Politik, Wirtschaft, Bildung und Weiterbildung, Vermittlungseinrichtungen und der "
        "kommunalen Jobcenter.\n\n"
        "Das IWAK und das GEWAK führten gemeinsam dafür in den vergangenen vier Jahren im Auftrag "
        "der Stabsstelle Fachkräftesicherung des Hessischen Ministeriums für Soziales und "
        "Integration regional zugeschnittene Veranstaltungen für die Regierungsbezirke Darmstadt, "
        "Gießen und Kassel in den Regierungsbezirken vor Ort durch. Im Jahr 2020 wird der "
        "Hessische Zukunftsdialog zum fünften Mal umgesetzt, ab August über das virtuelle "
        "Praxisformat „Betrieb des Monats“ und am 7. Dezember mit einer zentralen, "
        "überregionalen Veranstaltung."
    ),
    "provider": "IWAK und GEWAK im Auftrag der Stabsstelle Fachkräftesicherung des Hessischen "
    "Ministeriums für Soziales und Integration",
}
LAESSIG = {
    "slug": "laessig-gmbh-babenhausen",
    "employer": "Lässig GmbH",
    "title": "Betrieb des Monats August 2020: Lässig GmbH, Babenhausen",
    "place": "Babenhausen",
    "district": "06432",  # Landkreis Darmstadt-Dieburg, where Babenhausen lies
    "size": GoodPractice.Size.MITTELSTAND,
    "published_month": dt.date(2020, 8, 1),
    "summary": (
        "Den Beginn des Praxisformats „Betrieb des Monats“ macht die Firma Lässig GmbH aus "
        "Babenhausen. Im Praxisformat stellt sich monatlich ein mittelständischer Arbeitgeber "
        "aus Hessen per Video vor und berichtet von seinen Aktivitäten zur Fachkräftesicherung "
        "während der Pandemie."
    ),
    "source_url": PRACTICE_URL,
    "source": SOURCE_001,
}


def _publish(office: Any, entry: Any) -> None:
    """Through the office's review, as a real entry goes (so the trail shows it)."""
    entry = services.entry_transition(actor=office, entry=entry, to=IN_REVIEW)
    services.entry_transition(actor=office, entry=entry, to=PUBLISHED)


def ensure_demo_knowledge() -> dict[str, int]:
    """Seed 000's measures, seed 001's first portrait, the funded projects' entries; then the
    search index in full. Idempotent: existing entries are left as they are."""
    office = get_user_model().objects.get(username=OFFICE)
    hessen = Region.objects.filter(ags=HESSEN).first()
    made = 0
    for slug, title in HESSEN_MEASURES:
        if Measure.objects.filter(slug=slug).exists() or hessen is None:
            continue
        extra = DIALOGUE if slug == "hessischer-zukunftsdialog" else {}
        measure = services.measure_create(
            actor=office,
            alliance=None,
            slug=slug,
            title=title,
            summary=SEED_000_INTRO,
            land=hessen,
            source=SOURCE_000,
            **extra,
        )
        _publish(office, measure)
        made += 1
    district = Region.objects.filter(ags=LAESSIG["district"]).first()
    if district is not None and not GoodPractice.objects.filter(slug=LAESSIG["slug"]).exists():
        practice = services.practice_create(
            actor=office, alliance=None, **{**LAESSIG, "district": district}
        )
        _publish(office, practice)
        made += 1
    projects = services.measures_from_projects()
    counts = search_reindex()
    return {"entries": made, "projects": projects, "documents": sum(counts.values())}
