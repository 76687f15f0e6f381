"""Demo governance content: alliances, members, bodies and a user for every role (idempotent).

Everything here is synthetic and labelled so: organisations are called "Demo-…", persons have
obviously invented names. The districts and programmes are real (Hessen's 2023
Zukunftswerkstätten, Saxony's composition rules, the Ems-Achse's action fields and priorities).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from fachkraefte import geo
from fachkraefte.web.alliances import commitment_services, services
from fachkraefte.web.alliances.models import Alliance, AllianceRole, Membership
from fachkraefte.web.core.models import Region
from fachkraefte.web.demo_logins import GOVERNANCE_USERS, ensure_logins
from fachkraefte.web.organisations import services as organisation_services
from fachkraefte.web.organisations.models import Organisation, PartnerCategory, Representative
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes

SYNTHETIC_NOTE = "Demodaten (synthetisch): Organisationen und Personen sind erfunden."
PROGRAMME_LANDS = {
    "sachsen-fachkraefteallianzen": "14",
    "hessen-zukunftsgerecht-regional": "06",
    "niedersachsen-fachkraeftebuendnisse": "03",
}

# Seed 002: the districts that held a Zukunftswerkstatt in 2023, with its month.
HESSEN_WORKSHOPS_2023 = [
    ("Schwalm-Eder-Kreis", ["Schwalm-Eder-Kreis"], "März 2023"),
    ("Rheingau-Taunus-Kreis", ["Rheingau-Taunus-Kreis"], "April 2023"),
    ("Vogelsbergkreis", ["Vogelsbergkreis"], "Mai 2023"),
    ("Kreis Waldeck-Frankenberg", ["Kreis Waldeck-Frankenberg"], "Mai 2023"),
    ("Kreis Fulda", ["Kreis Fulda"], "Juni 2023"),
    ("Werra-Meißner-Kreis", ["Werra-Meißner-Kreis"], "Juli 2023"),
    ("Lahn-Dill-Kreis", ["Lahn-Dill-Kreis"], "Juli 2023"),
    ("Kreis Hersfeld-Rotenburg", ["Kreis Hersfeld-Rotenburg"], "Juli 2023"),
    ("Main-Kinzig-Kreis", ["Main-Kinzig-Kreis"], "September 2023"),
    ("Kreis Limburg-Weilburg", ["Kreis Limburg-Weilburg"], "September 2023"),
    ("Kreis und Stadt Kassel", ["Stadt Kassel", "Landkreis Kassel"], "Oktober 2023"),
    ("Kreis Darmstadt-Dieburg", ["Kreis Darmstadt-Dieburg"], "Oktober 2023"),
    ("Kreis Gießen", ["Kreis Gießen"], "Oktober 2023"),
    ("Odenwaldkreis", ["Odenwaldkreis"], "Oktober 2023"),
    ("Frankfurt am Main", ["Frankfurt am Main"], "November 2023"),
    ("Kreis Groß-Gerau", ["Kreis Groß-Gerau"], "November 2023"),
    ("Stadt Offenbach", ["Stadt Offenbach"], "November 2023"),
    ("Kreis Offenbach", ["Kreis Offenbach"], "November 2023"),
    ("Main-Taunus-Kreis", ["Main-Taunus-Kreis"], "November 2023"),
    ("Kreis Bergstraße", ["Kreis Bergstraße"], "November 2023"),
    ("Wetteraukreis", ["Wetteraukreis"], "November 2023"),
    ("Stadt Darmstadt", ["Stadt Darmstadt"], "Dezember 2023"),
    ("Kreis Marburg-Biedenkopf", ["Kreis Marburg-Biedenkopf"], "Dezember 2023"),
]

# Seed 004: the Ems-Achse's four action fields and five priorities.
EMS_DISTRICTS = ["03454", "03457", "03452", "03456", "03462", "03402"]
EMS_ACTION_FIELDS = [
    "Fachkräfte gewinnen und binden",
    "Duale Ausbildung stärken",
    "Alle Fachkräftepotenziale nutzen",
    "Qualifizierungsangebote entwickeln und lebenslanges Lernen unterstützen",
]
EMS_PRIORITIES = [
    "Verbesserung des Matchings zwischen Fachkräfteangebot und -nachfrage",
    "Sensibilisierung von Unternehmen und Fachkräften",
    "Regionales und Berufe Marketing",
    "Stärkung digitaler Kompetenzen und Arbeit 4.0",
    "Stärkung der Willkommenskultur/Betreuung internationaler Fachkräfte",
]
EMS_STRATEGY_V1 = """Handlungskonzept des Demo-Fachkräftebündnisses Ems-Achse (synthetisch)
Ziel: alle Fachkräftepotenziale entlang der Ems-Achse nutzen.
Handlungsfeld 1: Fachkräfte gewinnen und binden.
Handlungsfeld 2: Duale Ausbildung stärken."""
EMS_STRATEGY_V2 = """Handlungskonzept des Demo-Fachkräftebündnisses Ems-Achse (synthetisch)
Ziel: alle Fachkräftepotenziale entlang der Ems-Achse nutzen und Frauen in Führung stärken.
Handlungsfeld 1: Fachkräfte gewinnen und binden.
Handlungsfeld 2: Duale Ausbildung stärken.
Handlungsfeld 3: Alle Fachkräftepotenziale nutzen.
Handlungsfeld 4: Qualifizierungsangebote entwickeln und lebenslanges Lernen unterstützen."""

# Görlitz under Saxony's rules: every required seat but the union's is filled; the small
# municipality (under 10,000 inhabitants) shows that it does not count as a district town.
GOERLITZ_MEMBERS = [
    ("Demo-Landkreisverwaltung Görlitz", PartnerCategory.DISTRICT, None),
    ("Demo-Stadt Neißeufer (fiktiv)", PartnerCategory.TOWN, 54_000),
    ("Demo-Stadt Lindenbrunn (fiktiv)", PartnerCategory.TOWN, 24_000),
    ("Demo-Gemeinde Kleinwiesen (fiktiv)", PartnerCategory.TOWN, 4_200),
    ("Demo-Handwerkskammer Oberlausitz", PartnerCategory.CHAMBER, None),
    ("Demo-Agentur für Arbeit Oberlausitz", PartnerCategory.EMPLOYMENT_AGENCY, None),
    ("Demo-Arbeitskreis Schule-Wirtschaft Görlitz", PartnerCategory.SCHOOL, None),
    ("Demo-Wirtschaftsförderung Landkreis Görlitz", PartnerCategory.ECONOMIC_DEVELOPMENT, None),
    ("Demo-Hochschule Oberlausitz", PartnerCategory.UNIVERSITY, None),
]
EMS_MEMBERS = [
    ("Demo-Landkreisverwaltung Emsland", PartnerCategory.DISTRICT, "03454"),
    ("Demo-Stadtverwaltung Emden", PartnerCategory.DISTRICT, "03402"),
    ("Demo-Industrie- und Handelskammer Ems-Achse", PartnerCategory.CHAMBER, "03454"),
    ("Demo-Gewerkschaftsbund Region Ems", PartnerCategory.UNION, "03457"),
    ("Demo-Agentur für Arbeit Ems", PartnerCategory.EMPLOYMENT_AGENCY, "03456"),
    ("Demo-Wachstumsregion Ems-Achse", PartnerCategory.ECONOMIC_DEVELOPMENT, "03452"),
]


def _region(name_or_code: str) -> Region:
    return Region.objects.get(ags=geo.find_region(name_or_code, level="kreis").ags)


def _organisation(name: str, category: str, region: Region | None, inhabitants=None):
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return organisation_services.organisation_create(
        actor=None, name=name, category=category, region=region, inhabitants=inhabitants
    )


def _alliance(slug: str, **fields: Any) -> Alliance:
    existing = Alliance.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    return services.alliance_create(actor=None, slug=slug, **fields)


def _member(alliance: Alliance, organisation: Organisation) -> Membership:
    existing = Membership.objects.filter(alliance=alliance, organisation=organisation).first()
    return existing or services.membership_create(
        actor=None, alliance=alliance, organisation=organisation
    )


def _role(alliance: Alliance, username: str, kind: str, membership: Membership) -> None:
    user = get_user_model().objects.get(username=username)
    if not AllianceRole.objects.filter(alliance=alliance, user=user).exists():
        services.role_create(
            actor=None, alliance=alliance, user=user, kind=kind, membership=membership
        )
    organisation = membership.organisation
    if not Representative.objects.filter(organisation=organisation, user=user).exists():
        organisation_services.representative_create(
            actor=None,
            organisation=organisation,
            name=user.get_full_name() or username,
            function="Vertretung in der Allianz (Demo)",
            user=user,
        )


# Commitments of the Hessen alliances, as in Hessen's Bündnisplan (each member commits to its own
# contribution); synthetic, labelled "(Demo)". Each alliance gets the first one, and every other
# alliance the second as well; statuses and due dates rotate deterministically.
HESSEN_COMMITMENTS = [
    (
        "agency",
        "Berufsorientierungstage an allen weiterführenden Schulen – {label}",
        "Die Agentur für Arbeit berät jede Abgangsklasse mindestens einmal im Schuljahr.",
    ),
    (
        "chamber",
        "Ausbildungsbörse mit den Betrieben – {label}",
        "Die Kammer richtet jährlich eine Ausbildungsbörse mit Betrieben der Region aus.",
    ),
]
HESSEN_STATUSES = ["planned", "in_progress", "done"]
HESSEN_COMMITMENT_NOTE = (
    "Selbstverpflichtung wie im Bündnisplan zur Stärkung der Fachkräftebasis Hessen. "
    + SYNTHETIC_NOTE
)


def _hessen_members(label: str, names: list[str], districts: list[Region]) -> dict[str, Any]:
    """The small membership of one Hessen alliance: its district(s), chamber, employment agency
    and economic development agency (all "Demo-…")."""
    members: dict[str, Any] = {
        f"district:{name}": (f"Demo-Verwaltung {name}", PartnerCategory.DISTRICT, region)
        for name, region in zip(names, districts, strict=True)
    }
    members["chamber"] = (
        f"Demo-Industrie- und Handelskammer {label}",
        PartnerCategory.CHAMBER,
        districts[0],
    )
    members["agency"] = (
        f"Demo-Agentur für Arbeit {label}",
        PartnerCategory.EMPLOYMENT_AGENCY,
        districts[0],
    )
    members["economic_development"] = (
        f"Demo-Wirtschaftsförderung {label}",
        PartnerCategory.ECONOMIC_DEVELOPMENT,
        districts[0],
    )
    return members


def _hessen(programme: Programme) -> None:
    for index, (label, names, month) in enumerate(HESSEN_WORKSHOPS_2023):
        districts = [_region(name) for name in names]
        alliance = _alliance(
            services.slug_base(f"Fachkräfteallianz {label}"),
            name=f"Fachkräfteallianz {label}",
            programme=programme,
            districts=districts,
            description=f"Zukunftswerkstatt im {month}. {SYNTHETIC_NOTE}",
        )
        memberships = {
            key: _member(alliance, _organisation(name, category, region))
            for key, (name, category, region) in _hessen_members(label, names, districts).items()
        }
        count = 2 if index % 2 else 1
        for number, (key, title, description) in enumerate(HESSEN_COMMITMENTS[:count]):
            title = f"{title.format(label=label)} (Demo)"
            if alliance.commitments.filter(title=title).exists():
                continue
            commitment_services.commitment_create(
                actor=None,
                alliance=alliance,
                membership=memberships[key],
                title=title,
                description=f"{description} {HESSEN_COMMITMENT_NOTE}",
                due_on=dt.date(2025 + number, 12, 31),
                status=HESSEN_STATUSES[(index + number) % len(HESSEN_STATUSES)],
            )


def _goerlitz(programme: Programme) -> Alliance:
    district = Region.objects.get(ags="14626")
    alliance = _alliance(
        "fachkraefteallianz-landkreis-goerlitz",
        name="Fachkräfteallianz Landkreis Görlitz (Demo)",
        programme=programme,
        districts=[district],
        description=f"Regionale Fachkräfteallianz nach der Fachkräfterichtlinie. {SYNTHETIC_NOTE}",
        founded_on=dt.date(2016, 1, 1),
    )
    memberships = [
        _member(alliance, _organisation(name, category, district, inhabitants))
        for name, category, inhabitants in GOERLITZ_MEMBERS
    ]
    _role(alliance, "steuerung-sachsen", AllianceRole.Kind.STEERING, memberships[0])
    return alliance


def _ems(programme: Programme) -> Alliance:
    alliance = _alliance(
        "fachkraeftebuendnis-ems-achse",
        name="Regionales Fachkräftebündnis Ems-Achse (Demo)",
        programme=programme,
        districts=list(Region.objects.filter(ags__in=EMS_DISTRICTS)),
        description=(
            "Von Ostfriesland über das Emsland bis in die Grafschaft Bentheim; die "
            f"Steuerungsgruppe entscheidet im Konsens. {SYNTHETIC_NOTE}"
        ),
        founded_on=dt.date(2015, 1, 1),
    )
    members = {
        name: _member(alliance, _organisation(name, category, Region.objects.get(ags=ags)))
        for name, category, ags in EMS_MEMBERS
    }
    fields = {field.title: field for field in alliance.action_fields.all()}
    for title in EMS_ACTION_FIELDS:
        if title not in fields:
            fields[title] = services.action_field_create(actor=None, alliance=alliance, title=title)
    existing = set(alliance.priorities.values_list("title", flat=True))
    for title in EMS_PRIORITIES:
        if title not in existing:
            services.priority_create(actor=None, alliance=alliance, title=title)
    emsland, ihk = (
        members["Demo-Landkreisverwaltung Emsland"],
        members["Demo-Industrie- und Handelskammer Ems-Achse"],
    )
    union = members["Demo-Gewerkschaftsbund Region Ems"]
    _role(alliance, "steuerung1", AllianceRole.Kind.STEERING, emsland)
    _role(alliance, "steuerung2", AllianceRole.Kind.STEERING, ihk)
    _role(alliance, "mitglied", AllianceRole.Kind.MEMBER, union)
    group = alliance.project_groups.filter(name="Projektgruppe Willkommenskultur").first()
    if group is None:
        group = services.project_group_create(
            actor=None,
            alliance=alliance,
            name="Projektgruppe Willkommenskultur",
            topic="Betreuung internationaler Fachkräfte und ihrer Familien (Demo).",
            action_field=fields["Alle Fachkräftepotenziale nutzen"],
        )
        services.expert_create(
            actor=None,
            project_group=group,
            nominated_by=ihk,
            name="Maria Musterfrau (Demo)",
            expertise="Anerkennung ausländischer Berufsabschlüsse",
        )
    if not alliance.strategy_versions.exists():
        for text, note in (
            (EMS_STRATEGY_V1, "Erste Fassung"),
            (EMS_STRATEGY_V2, "Alle Handlungsfelder"),
        ):
            services.strategy_version_create(
                actor=None,
                alliance=alliance,
                title="Handlungskonzept Ems-Achse",
                text=text,
                note=note,
            )
    if not alliance.commitments.exists():
        for membership, field, title, status in (
            (ihk, "Duale Ausbildung stärken", "Ausbildungsbotschafter an Schulen", "in_progress"),
            (union, "Fachkräfte gewinnen und binden", "Beratung zu guter Arbeit", "planned"),
            (emsland, "Alle Fachkräftepotenziale nutzen", "Willkommenslotsen im Kreis", "done"),
        ):
            commitment_services.commitment_create(
                actor=None,
                alliance=alliance,
                membership=membership,
                action_field=fields[field],
                title=f"{title} (Demo)",
                status=status,
            )
    return alliance


@transaction.atomic
def ensure_demo_governance(*, reset_logins: bool = False) -> dict[str, str]:
    """Create the demo governance content once; returns {username: password} of its users."""
    from fachkraefte.web.core.regions import sync_regions

    if Region.objects.filter(level=Region.Level.KREIS).count() < len(geo.districts()):
        sync_regions()
    ensure_shipped_programmes()
    for slug, land in PROGRAMME_LANDS.items():
        Programme.objects.filter(slug=slug, land__isnull=True).update(land_id=land)
    logins = ensure_logins(GOVERNANCE_USERS, reset=reset_logins)
    coordination = get_user_model().objects.filter(username="koordination").first()
    office = _organisation(
        "Demo-Stabsstelle Fachkräftesicherung Hessen", PartnerCategory.OTHER, None
    )
    if coordination and not office.representatives.filter(user=coordination).exists():
        organisation_services.representative_create(
            actor=None,
            organisation=office,
            name="Erika Mustermann (Demo)",
            function="Koordinierungsstelle",
            user=coordination,
        )
    programmes = {p.slug: p for p in Programme.objects.filter(slug__in=PROGRAMME_LANDS)}
    _hessen(programmes["hessen-zukunftsgerecht-regional"])
    _goerlitz(programmes["sachsen-fachkraefteallianzen"])
    _ems(programmes["niedersachsen-fachkraeftebuendnisse"])
    return {spec["username"]: logins[spec["username"]] for spec in GOVERNANCE_USERS}
