"""Demo budgets: Saxony's regional budgets 2024 and 2025 and the Ems-Achse planning budget.

Saxony's total is real (10.5 M EUR for the regional Fachkräfteallianzen in 2024, SMWA press
release, seed 003); everything else is synthetic and labelled so on every entry:

- the split of the total into general money and the earmark "Gewinnung und Integration
  internationaler Fachkräfte": the release says only "ein Teil"; 2.5 M EUR are assumed, the
  earmarked amount of 2023 (DESIGN.md);
- 2025: the 2024 amounts again (no published figure);
- the Görlitz alliance's share: its district's share of the population of Saxony's 13 districts
  (31.12.2018, the platform's region catalogue); the ministry's real key is not published;
- the Ems-Achse planning budget 2025–2027 of 900,000 EUR out of a Niedersachsen pool of 3 M EUR.

Booked through the services (every entry audited), idempotent: an existing budget is left as it is.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from fachkraefte import geo
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.funding import services
from fachkraefte.web.funding.models import Budget, Earmark
from fachkraefte.web.funding.shipped import ensure_shipped_funding
from fachkraefte.web.programmes.models import Programme

SAXONY = "sachsen-fachkraefteallianzen"
NIEDERSACHSEN = "niedersachsen-fachkraeftebuendnisse"
GOERLITZ = "fachkraefteallianz-landkreis-goerlitz"
GOERLITZ_AGS = "14626"
EMS = "fachkraeftebuendnis-ems-achse"
SAXONY_TOTAL = Decimal("10500000.00")
SAXONY_INTERNATIONAL = Decimal("2500000.00")
NIEDERSACHSEN_POOL = Decimal("3000000.00")
EMS_PLANNING = Decimal("900000.00")
NOTE = "Demodaten (synthetisch)"


def population_share(ags: str, land: str = "14") -> Decimal:
    """The district's share of its Land's population (six decimals, rounded down)."""
    districts = geo.districts(land)
    total = sum(district.population or 0 for district in districts)
    own = next(district.population for district in districts if district.ags == ags)
    return (Decimal(own) / Decimal(total)).quantize(Decimal("0.000001"), rounding=ROUND_DOWN)


def _budget(programme: Programme, year: int, actor: Any, **fields: Any) -> tuple[Budget, bool]:
    existing = Budget.objects.filter(
        programme=programme,
        year=year,
        alliance=fields.get("alliance"),
        earmark=fields.get("earmark"),
    ).first()
    if existing is not None:
        return existing, False
    return services.budget_create(programme=programme, year=year, actor=actor, **fields), True


def _fund(budget: Budget, created: bool, amount: Decimal, actor: Any, note: str) -> None:
    if created:
        services.budget_allocate(budget=budget, amount=amount, actor=actor, note=note)


def _saxony(programme: Programme, actor: Any) -> int:
    alliance = Alliance.objects.filter(slug=GOERLITZ).first()
    earmark = Earmark.objects.get(programme=programme, slug="international")
    share = population_share(GOERLITZ_AGS)
    created_count = 0
    for year in (2024, 2025):
        parts = (
            (None, SAXONY_TOTAL - SAXONY_INTERNATIONAL),
            (earmark, SAXONY_INTERNATIONAL),
        )
        for part, amount in parts:
            pool, created = _budget(programme, year, actor, earmark=part)
            _fund(
                pool, created, amount, actor, f"Landesmittel {year}; {NOTE}: Aufteilung angenommen"
            )
            created_count += int(created)
            if alliance is None:
                continue
            own, created = _budget(programme, year, actor, alliance=alliance, earmark=part)
            grant = (amount * share).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
            note = f"{NOTE}: Anteil nach Einwohnerzahl ({share * 100:.2f} % der 13 Kreise)"
            _fund(own, created, grant, actor, note)
            created_count += int(created)
    return created_count


def _niedersachsen(programme: Programme, actor: Any) -> int:
    alliance = Alliance.objects.filter(slug=EMS).first()
    pool, pool_created = _budget(programme, 2025, actor)
    _fund(pool, pool_created, NIEDERSACHSEN_POOL, actor, f"Landesmittel 2025; {NOTE}")
    if alliance is None:
        return int(pool_created)
    own, created = _budget(programme, 2025, actor, alliance=alliance, planning_until=2027)
    _fund(own, created, EMS_PLANNING, actor, f"Planungsbudget 2025–2027; {NOTE}")
    return int(pool_created) + int(created)


def ensure_demo_budgets() -> int:
    """Create the demo budgets that are missing; returns how many budgets were created."""
    ensure_shipped_funding()
    actor = get_user_model().objects.filter(username="koordination").first()
    programmes = {p.slug: p for p in Programme.objects.filter(slug__in=[SAXONY, NIEDERSACHSEN])}
    created = 0
    with transaction.atomic():
        if SAXONY in programmes:
            created += _saxony(programmes[SAXONY], actor)
        if NIEDERSACHSEN in programmes:
            created += _niedersachsen(programmes[NIEDERSACHSEN], actor)
    return created
