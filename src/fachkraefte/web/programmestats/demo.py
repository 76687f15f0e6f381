"""Demo history: synthetic funded projects 2016–2025 in Saxony's 13 districts (idempotent).

Saxony's regional Fachkräfteallianzen have funded projects since 2016 (seed 003: 742 projects
with 44.3 M EUR in the 13 districts, i.e. about 60,000 EUR a project and six projects a
district and year). The demo draws its history from those two published averages with a fixed
random seed, it is not fitted to the published totals: per district and year a number of
projects around six, per project an amount spread around 60,000 EUR (log-normal, rounded to
10 EUR). The Görlitz demo alliance gets the projects of its district (the importer finds the
alliance that covers a district), the other districts have no demo alliance.

The rows pass through the same importer as a funder's list (``historic_sheet_import``) from
an in-memory list named "Demo-Förderliste (synthetisch)", so every project's ``source`` says it
is synthetic. About a third of the closed projects get reported participants and outcomes.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from django.db import transaction

from fachkraefte import geo
from fachkraefte.web.core.models import Region
from fachkraefte.web.outcomes.models import OutcomeResult, ParticipantCount
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmestats.historic import historic_sheet_import
from fachkraefte.web.programmestats.historic_file import SheetRows
from fachkraefte.web.projects.models import Project

SAXONY = "sachsen-fachkraefteallianzen"
DEMO_FILE = "Demo-Förderliste Sachsen 2016–2025 (synthetisch)"
YEARS = range(2016, 2026)
SEED = 2016
MEAN_PROJECTS = 6  # per district and year (seed 003: 742 / 13 districts / ~9.5 years)
MEAN_AMOUNT = 60_000  # EUR per project (seed 003: 44.3 M EUR / 742)
HEADER = ["Projekt", "Zuwendungsempfänger", "Kreis", "Betrag", "Jahr", "Thema", "Beginn", "Ende"]
# (theme, project idea, KldB group of its outcome, what the outcome counts, target group)
IDEAS = (
    ("Pflege", "Pflegeausbildung im Verbund", "813", "Pflegefachkräfte qualifiziert", "unemployed"),
    ("Pflege", "Praxisanleitung stärken", "813", "Praxisanleitungen geschult", "employees"),
    ("Handwerk", "Werkstatttage an Oberschulen", "", "Praktika vermittelt", "school_leavers"),
    ("Handwerk", "Meisterlotsen", "", "Betriebsnachfolgen begleitet", "employees"),
    ("Internationale Fachkräfte", "Willkommenslotsen", "", "Fachkräfte begleitet", "international"),
    (
        "Internationale Fachkräfte",
        "Anerkennung begleiten",
        "",
        "Anerkennungen erreicht",
        "international",
    ),
    ("Berufsorientierung", "Ausbildungsmesse", "", "Ausbildungsverträge", "school_leavers"),
    (
        "Digitalisierung",
        "Digitale Kompetenzen im Mittelstand",
        "",
        "Beschäftigte geschult",
        "employees",
    ),
    ("Rückkehr", "Rückkehrerbörse", "", "Rückkehrende vermittelt", "returners"),
    (
        "Kinderbetreuung",
        "Erzieherinnen gewinnen",
        "831",
        "Erzieherinnen qualifiziert",
        "unemployed",
    ),
)
RECIPIENTS = (
    "Demo-Bildungswerk",
    "Demo-Wirtschaftsförderung",
    "Demo-Kammerbildungszentrum",
    "Demo-Verein Zukunft Region",
    "Demo-Pflegeschule",
    "Demo-Netzwerk Schule-Wirtschaft",
)


def _count(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth), so years and districts differ as real counts do."""
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _amount(rng: random.Random) -> Decimal:
    # Log-normal with the published mean: mu = ln(mean) − sigma² / 2.
    sigma = 0.6
    value = rng.lognormvariate(math.log(MEAN_AMOUNT) - sigma**2 / 2, sigma)
    return Decimal(max(5_000, round(value, -1))).quantize(Decimal("0.01"))


def demo_rows(rng: random.Random) -> SheetRows:
    """The synthetic list: one row per project, as a funder's list would have it."""
    rows: list[tuple[int, list]] = []
    for year in YEARS:
        for district in geo.districts("14"):
            for number in range(_count(rng, MEAN_PROJECTS)):
                theme, idea, *_rest = rng.choice(IDEAS)
                starts = dt.date(year, rng.choice((1, 3, 4, 7, 9)), 1)
                months = rng.choice((12, 18, 24, 36))
                end_year, end_month = divmod(starts.month - 1 + months, 12)
                ends = dt.date(year + end_year, end_month + 1, 1) - dt.timedelta(days=1)
                rows.append(
                    (
                        len(rows) + 2,
                        [
                            f"Demo: {idea} {district.name} {year}-{number + 1}",
                            f"{rng.choice(RECIPIENTS)} {district.name}",
                            district.ags,
                            _amount(rng),
                            year,
                            theme,
                            starts,
                            ends,
                        ],
                    )
                )
    return SheetRows(file=DEMO_FILE, sheet=None, header=HEADER, rows=rows)


def _outcomes(rng: random.Random, programme: Programme) -> None:
    """Participants and achieved results for about a third of the closed demo projects."""
    ideas = {idea: rest for _theme, idea, *rest in IDEAS}
    closed = Project.objects.filter(
        programme=programme, source__startswith=DEMO_FILE, status=Project.Status.CLOSED
    ).prefetch_related("districts")
    counts, results = [], []
    for project in closed.order_by("pk"):
        idea = next((name for name in ideas if name in project.title), None)
        occupation, what, group = ideas[idea]
        project.target_groups = [group]
        project.save(update_fields=["target_groups"])
        if rng.random() > 1 / 3:
            continue
        participants = rng.randint(8, 60)
        women = rng.randint(0, participants)
        for sex, count in (("f", women), ("m", participants - women)):
            if count:
                counts.append(
                    ParticipantCount(project=project, target_group=group, sex=sex, count=count)
                )
        district: Region | None = next(iter(project.districts.all()), None)
        results.append(
            OutcomeResult(
                project=project,
                kind=OutcomeResult.Kind.ACHIEVED,
                what=what,
                count=rng.randint(1, participants),
                occupation=occupation,
                district=district,
                year=project.ends_on.year if project.ends_on else project.funding_year,
            )
        )
    ParticipantCount.objects.bulk_create(counts)
    OutcomeResult.objects.bulk_create(results)


def ensure_demo_history(*, today: dt.date | None = None) -> int:
    """Create the demo history unless it exists; returns how many projects were created."""
    programme = Programme.objects.filter(slug=SAXONY).first()
    if programme is None:
        return 0
    if Project.objects.filter(programme=programme, source__startswith=DEMO_FILE).exists():
        return 0
    rng = random.Random(SEED)
    with transaction.atomic():
        result = historic_sheet_import(demo_rows(rng), programme=programme, actor=None, today=today)
        _outcomes(rng, programme)
    return result.created
