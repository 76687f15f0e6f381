"""The programmes the platform ships with, Saxony's composition rule set included.

Saxony's rules follow the list of network partners in the SMWA's description of the regional
Fachkräfteallianzen (press background text 2024, "Netzwerkpartner der regionalen
Fachkräfteallianzen sind ..."). Hessen's initiative has no composition rule; Niedersachsen's
regional alliances decide by consensus in a steering group covering all partner groups.

Installed by the data migration ``0002_shipped_programmes``; ``ensure_shipped_programmes`` is
also called by the demo (and tests) so that a flushed database gets them back. It only adds what
is missing and never changes an existing programme, which its users may have edited.
"""

from __future__ import annotations

from typing import Any

SAXONY_SOURCE = (
    "Sächsisches Staatsministerium für Wirtschaft, Arbeit und Verkehr (SMWA): Regionale "
    "Fachkräfteallianzen, Hintergrund „Netzwerkpartner der regionalen Fachkräfteallianzen“ "
    "(Medieninformation 2024, Förderung nach der Fachkräfterichtlinie)"
)

PROGRAMMES = [
    {
        "slug": "sachsen-fachkraefteallianzen",
        "name": "Sachsen – Regionale Fachkräfteallianzen (Fachkräfterichtlinie)",
        "land": "14",
        "description": (
            "In allen sächsischen Landkreisen und kreisfreien Städten arbeiten regionale "
            "Fachkräfteallianzen mit einem Regionalbudget; die Allianz priorisiert die "
            "Projektideen, die Bewilligung erfolgt durch die Förderbank."
        ),
        "source": SAXONY_SOURCE,
        "default_consensus_rule": "no_objection",
        "rules": [
            ("Landkreis bzw. kreisfreie Stadt", ["district"], 1, None, True),
            # "zwei kreisangehörige Städte mit mehr als 10 000 Einwohnern im Landkreis"
            (
                "Kreisangehörige Städte mit mehr als 10.000 Einwohnern",
                ["town"],
                2,
                10000,
                True,
                True,
            ),
            (
                "Arbeitgebervereinigung / Unternehmensverband (z. B. Kammer)",
                ["employers", "chamber"],
                1,
                None,
                True,
            ),
            ("Gewerkschaft", ["union"], 1, None, True),
            ("Agentur für Arbeit oder Jobcenter", ["employment_agency"], 1, None, True),
            ("Vertretung schulischer Belange", ["school"], 1, None, True),
            ("Regionale Wirtschaftsförderung", ["economic_development"], 1, None, True),
            (
                "Belange von Menschen mit Migrationshintergrund (weiteres Mitglied)",
                ["migrant"],
                1,
                None,
                False,
            ),
            (
                "Universität, Fachhochschule oder Berufsakademie (weiteres Mitglied)",
                ["university"],
                1,
                None,
                False,
            ),
            (
                "Kommunale Gleichstellungsbeauftragte (weiteres Mitglied)",
                ["equal_opportunity"],
                1,
                None,
                False,
            ),
        ],
    },
    {
        "slug": "hessen-zukunftsgerecht-regional",
        "name": "Fachkräfteinitiative Hessen – Zukunftsgerecht und regional",
        "land": "06",
        "description": (
            "Regionale Berufsprognosen, eine Zukunftswerkstatt je Kreis und kreisfreier Stadt "
            "(Prognose → priorisierte Handlungsfelder → Maßnahmen) und die Vernetzung der "
            "kommunalen Wirtschaftsförderungen; kein eigenes Budget und keine "
            "Zusammensetzungsregel."
        ),
        "source": (
            "Hessisches Ministerium für Soziales und Integration, Stabsstelle "
            "Fachkräftesicherung in Hessen: Fachkräfteinitiative „Zukunftsgerecht und "
            "regional“ und Zukunftswerkstätten 2023"
        ),
        "default_consensus_rule": "no_objection",
        "rules": [],
    },
    {
        "slug": "niedersachsen-fachkraeftebuendnisse",
        "name": "Niedersachsen – Regionale Fachkräftebündnisse",
        "land": "03",
        "description": (
            "Regionale Fachkräftebündnisse als Teil der Fachkräfteinitiative Niedersachsen: "
            "Handlungsfelder und Schwerpunkte, eine Steuerungsgruppe aller beteiligten Gruppen "
            "entscheidet im Konsens über Anträge, Projektgruppen mit benannten Fachleuten."
        ),
        "source": "Regionales Fachkräftebündnis Ems-Achse: Handlungskonzept (Selbstdarstellung)",
        "default_consensus_rule": "no_objection",
        "rules": [],
    },
]


def ensure_shipped_programmes(
    programme_model: Any = None, rule_model: Any = None, region_model: Any = None
) -> int:
    """Create the shipped programmes that do not exist yet; returns how many were created.

    The migration passes its historical models; everyone else calls it without arguments.
    """
    if programme_model is None:
        from fachkraefte.web.core.models import Region
        from fachkraefte.web.programmes.models import CompositionRule, Programme

        programme_model, rule_model, region_model = Programme, CompositionRule, Region
    # The migration installing the programmes predates ``district_towns`` (added by 0003).
    has_district_towns = any(f.name == "district_towns" for f in rule_model._meta.get_fields())
    created_count = 0
    for spec in PROGRAMMES:
        # Regions are filled after migrating (``sync_regions``); the demo links the Land then.
        land = region_model.objects.filter(ags=spec["land"]).first()
        programme, created = programme_model.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "land": land,
                "description": spec["description"],
                "source": spec["source"],
                "default_consensus_rule": spec["default_consensus_rule"],
            },
        )
        if not created:
            continue
        created_count += 1
        for position, (label, categories, count, inhabitants, required, *rest) in enumerate(
            spec["rules"], start=1
        ):
            extra = {"district_towns": bool(rest and rest[0])} if has_district_towns else {}
            rule_model.objects.create(
                programme=programme,
                position=position,
                label=label,
                categories=categories,
                min_count=count,
                min_inhabitants=inhabitants,
                required=required,
                **extra,
            )
    return created_count
