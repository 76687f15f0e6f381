"""Calls and proposals for the proposal tests and the role matrix, made through the services.

Imported by name (``from proposal_world import ...``) like ``role_world``. The call belongs to
alliance A of the role world; the proposals are the world's applicant's, one per state.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fachkraefte.web.calls.models import Call, CostType, TargetGroup
from fachkraefte.web.core.models import Region
from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.proposals import services
from fachkraefte.web.proposals.models import Proposal

SAXONY = "sachsen-fachkraefteallianzen"
LOWER_SAXONY = "niedersachsen-fachkraeftebuendnisse"
ELIGIBLE = [
    CostType.PERSONNEL,
    CostType.MATERIAL,
    CostType.SERVICES,
    CostType.TRAVEL,
    CostType.PARTICIPANTS,
    CostType.PUBLICITY,
]


def ensure_terms(programme: Programme, *, two_stage: bool = False) -> FundingTerms:
    terms, _ = FundingTerms.objects.get_or_create(
        programme=programme,
        defaults={
            "workflow": "two_stage" if two_stage else "one_stage",
            "max_grant_rate": Decimal("0.7") if two_stage else Decimal("0.9"),
        },
    )
    return terms


def ensure_call(
    alliance: Any,
    *,
    slug: str = "aufruf-a",
    two_stage: bool = False,
    status: str = Call.Status.PUBLISHED,
    closes_on: dt.date | None = None,
    **fields: Any,
) -> Call:
    programme = Programme.objects.get(slug=LOWER_SAXONY if two_stage else SAXONY)
    ensure_terms(programme, two_stage=two_stage)
    today = dt.date.today()
    call, created = Call.objects.get_or_create(
        slug=slug,
        defaults={
            "programme": programme,
            "alliance": alliance,
            "title": f"Aufruf {slug}",
            "summary": "Qualifizierung in der Pflege",
            "status": status,
            "opens_on": today - dt.timedelta(days=30),
            "closes_on": closes_on or today + dt.timedelta(days=60),
            "budget_year": today.year,
            "max_grant_rate": Decimal("0.9") if not two_stage else Decimal("0.7"),
            "eligible_cost_types": ELIGIBLE,
            "target_groups": [TargetGroup.UNEMPLOYED, TargetGroup.EMPLOYEES],
            "interest_max_chars": 400 if two_stage else None,
            "min_months": 6,
            "max_months": 36,
            **fields,
        },
    )
    if created and alliance is not None:
        call.districts.set(alliance.districts.all() if hasattr(alliance, "districts") else [])
    return call


CARRIER = {
    "organisation_name": "Bildungswerk Görlitz e. V.",
    "organisation_category": PartnerCategory.OTHER,
    "title": "Pflege gemeinsam",
    "summary": "Wir qualifizieren Arbeitslose zu Pflegehilfskräften.",
    "description": "Ein Jahr Qualifizierung mit Praktika in Pflegeheimen der Region.",
    "starts_on": dt.date(2025, 9, 1),
    "ends_on": dt.date(2026, 8, 31),
}


def fill(proposal: Proposal, user: Any, *, district: str | None = None) -> Proposal:
    """Every step answered, eligible for the call (90 % of 10,000 EUR requested)."""
    region = (
        Region.objects.get(ags=district)
        if district
        else (proposal.call.districts.first() or Region.objects.filter(level="kreis").first())
    )
    steps = [
        (
            "ziele",
            {
                "target_groups": [TargetGroup.UNEMPLOYED],
                "expected_participants": 20,
                "outcome_count_1": 20,
                "outcome_what_1": "Pflegehilfskräfte qualifiziert",
                "outcome_occupation_1": "813",
                "outcome_district_1": region.ags,
            },
        ),
        ("berufe", {"occupations": ["813", "82102"], "districts": [region]}),
    ]
    if proposal.stage != Proposal.Stage.INTEREST or proposal.status == Proposal.Status.INVITED:
        rate = proposal.call.max_grant_rate
        own = (Decimal("10000") * (1 - rate)).quantize(Decimal("0.01"))
        steps += [
            (
                "finanzplan",
                {
                    "amount_personnel": Decimal("8000.00"),
                    "description_personnel": "Anleitung",
                    "amount_material": Decimal("2000.00"),
                    "own_contribution": own,
                    "other_funding": Decimal("0"),
                },
            ),
            ("erklaerung", {"other_funding_declared": False, "confirmed": True}),
        ]
    for step, values in steps:
        proposal = services.proposal_update_step(
            actor=user, proposal=proposal, step=step, values=values
        )
    return proposal


def new_proposal(call: Call, user: Any, *, title: str = "Pflege gemeinsam") -> Proposal:
    return services.proposal_create(actor=user, call=call, values={**CARRIER, "title": title})


def proposal_in_state(call: Call, applicant: Any, office: Any, state: str) -> Proposal:
    """A proposal of ``applicant`` in ``state`` (draft, submitted, in_review, revision,
    withdrawn), made through the services; the same one on a second call."""
    title = f"Antrag im Status {state}"
    existing = Proposal.objects.filter(call=call, title=title).first()
    if existing is not None:
        return existing
    proposal = fill(new_proposal(call, applicant, title=title), applicant)
    if state == "draft":
        return proposal
    if state == "withdrawn":
        return services.proposal_withdraw(actor=applicant, proposal=proposal)
    proposal = services.proposal_submit(actor=applicant, proposal=proposal)
    if state == "in_review":
        return services.proposal_start_review(actor=office, proposal=proposal)
    if state == "revision":
        return services.proposal_request_revision(
            actor=office, proposal=proposal, text="Bitte die Zielgruppe genauer beschreiben."
        )
    return proposal


def world_call(w: Any, *, closed: bool = False) -> Call:
    """The role world's call of alliance A (open), or a closed one."""
    if closed:
        return ensure_call(w.a, slug="aufruf-a-beendet", status=Call.Status.CLOSED)
    return ensure_call(w.a)


def world_proposal(w: Any, state: str) -> Proposal:
    """The role world applicant's proposal in ``state`` in A's call."""
    return proposal_in_state(world_call(w), w.users["applicant"], w.users["coordination"], state)


def world_co_applicant(w: Any) -> Any:
    from fachkraefte.web.proposals.models import CoApplicant

    proposal = world_proposal(w, "draft")
    co, _ = CoApplicant.objects.get_or_create(proposal=proposal, user=w.users["outsider_member"])
    return co


def world_foreign_proposal(w: Any) -> Proposal:
    """A draft of the member of A: nothing of it is the world's applicant's."""
    existing = Proposal.objects.filter(title="Entwurf des Mitglieds").first()
    if existing is not None:
        return existing
    return fill(
        new_proposal(world_call(w), w.users["member"], title="Entwurf des Mitglieds"),
        w.users["member"],
    )
