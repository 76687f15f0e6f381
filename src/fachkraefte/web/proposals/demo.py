"""Demo proposals in the Görlitz and Ems-Achse demo calls (created by ``calls.demo``).

Two invented training providers (logins ``traeger1`` and ``traeger2``) apply; every proposal is
written through the services (create, the form's steps, submit, the office's review start and
revision request), so the demo has versions and an audit trail. States: drafts, submitted, in
review, revision asked, and two near-duplicates for the later overlap check (issue 14).
Approvals, rejections and invitations come from the steering groups' decisions (reviews demo).
Every title says "Demo"; all content is synthetic.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from fachkraefte.web.calls.models import Call, TargetGroup
from fachkraefte.web.demo_logins import PROPOSAL_USERS, ensure_logins
from fachkraefte.web.organisations.models import PartnerCategory
from fachkraefte.web.proposals import services
from fachkraefte.web.proposals.budget import grant_cap
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.rules import call_takes_proposals

GOERLITZ_CALL = "goerlitz-2025"
EMS_CALL = "ems-achse-qualifizierung-2025"
OFFICE = "koordination"
NOTE = " (Demodaten – fiktiver Antrag)"

# (call, applicant, title, summary, target state)
DEMO = (
    (
        GOERLITZ_CALL,
        "traeger1",
        "Demo: Pflegehilfe kompakt im Landkreis Görlitz",
        "Zwölf Monate Qualifizierung arbeitsloser Menschen zu Pflegehilfskräften mit Praktika "
        "in Pflegeheimen der Region.",
        "in_review",
    ),
    (
        GOERLITZ_CALL,
        "traeger1",
        "Demo: Willkommenslotsen für internationale Fachkräfte in Zittau",
        "Lotsinnen begleiten zugewanderte Fachkräfte und ihre Familien in den ersten Monaten.",
        "submitted",
    ),
    (
        GOERLITZ_CALL,
        "traeger2",
        "Demo: Berufsorientierung Handwerk an Oberschulen",
        "Werkstatttage und Betriebsbesuche für Schülerinnen und Schüler der Klassen 7 bis 9.",
        "revision",
    ),
    (
        GOERLITZ_CALL,
        "traeger2",
        "Demo: Ausbildungsverbund Mechatronik Oberlausitz",
        "Kleine Betriebe bilden gemeinsam Mechatronikerinnen und Mechatroniker aus.",
        "draft",
    ),
    # two near-duplicates: the same idea from two providers (for the overlap check, issue 14)
    (
        GOERLITZ_CALL,
        "traeger1",
        "Demo: Deutsch im Pflegeberuf – Sprachkurse für Pflegekräfte",
        "Berufsbezogene Deutschkurse für internationale Pflegekräfte in Görlitz und Zittau.",
        "submitted",
    ),
    (
        GOERLITZ_CALL,
        "traeger2",
        "Demo: Deutsch für den Pflegeberuf – Sprachkurse für Pflegekräfte",
        "Berufsbezogene Deutschkurse für internationale Pflegekräfte in Zittau und Görlitz.",
        "submitted",
    ),
    (
        EMS_CALL,
        "traeger2",
        "Demo: Umschulung Berufskraftfahrer im Emsland",
        "Arbeitslose werden in 18 Monaten zu Berufskraftfahrerinnen und -fahrern umgeschult.",
        "in_review",
    ),
    (
        EMS_CALL,
        "traeger1",
        "Demo: Weiterbildung Schweißtechnik für Beschäftigte",
        "Beschäftigte kleiner Metallbetriebe erwerben Schweißzertifikate.",
        "submitted",
    ),
    (
        EMS_CALL,
        "traeger2",
        "Demo: Teilqualifizierung Lagerlogistik",
        "Modulare Teilqualifizierung für an- und ungelernte Beschäftigte.",
        "draft",
    ),
)


def _months(call: Call) -> int:
    months = 12
    if call.min_months:
        months = max(months, call.min_months)
    if call.max_months:
        months = min(months, call.max_months)
    return months


def _total(call: Call, cap: Decimal) -> Decimal:
    """Eligible expenditure whose grant at ``cap`` lies within the call's amounts."""
    requested = Decimal("40000")
    if call.max_amount is not None:
        requested = min(requested, call.max_amount)
    if call.min_amount is not None:
        requested = max(requested, call.min_amount)
    return Decimal(math.ceil(requested / cap))


def _answers(call: Call, proposal: Proposal, title: str, summary: str) -> list[tuple[str, dict]]:
    starts = dt.date(call.budget_year, 9, 1)
    months = _months(call)
    ends = dt.date(
        starts.year + (starts.month + months - 2) // 12, (starts.month + months - 2) % 12 + 1, 28
    )
    category = (call.applicant_categories or [PartnerCategory.OTHER])[0]
    districts = list(call.districts.all()[:2]) or list(call.alliance.districts.all()[:2])
    group = (call.target_groups or [TargetGroup.UNEMPLOYED])[0]
    steps = [
        (
            "traeger",
            {
                "organisation_name": f"Demo-Bildungsträger {proposal.applicant.last_name or ''}".strip(),
                "organisation_category": category,
                "title": title,
                "summary": summary + NOTE,
                "description": "",
                "starts_on": starts,
                "ends_on": ends,
            },
        ),
        (
            "ziele",
            {
                "target_groups": [group],
                "expected_participants": 20,
                "outcome_count_1": 15,
                "outcome_what_1": "Teilnehmende mit Abschluss",
                "outcome_occupation_1": "813",
                "outcome_district_1": districts[0].ags if districts else "",
            },
        ),
        ("berufe", {"occupations": ["813", "82102"], "districts": districts}),
    ]
    if proposal.stage != Proposal.Stage.INTEREST:
        cap = grant_cap(proposal) or Decimal("0.5")
        total = _total(call, cap)
        kinds = [k for k in call.eligible_cost_types][:2] or ["personnel"]
        share = (total / len(kinds)).quantize(Decimal("0.01"))
        amounts = {f"amount_{kind}": share for kind in kinds}
        own = (sum(amounts.values()) * (1 - cap)).quantize(Decimal("0.01"), rounding="ROUND_UP")
        steps += [
            ("finanzplan", {**amounts, "own_contribution": own, "other_funding": Decimal("0")}),
            ("erklaerung", {"other_funding_declared": False, "confirmed": True}),
        ]
    return steps


def _one(call: Call, applicant: Any, office: Any, title: str, summary: str, state: str) -> bool:
    if Proposal.objects.filter(call=call, title=title).exists():
        return False
    with transaction.atomic():
        carrier = _answers(
            call, Proposal(call=call, applicant=applicant, stage="sketch"), title, summary
        )[0][1]
        proposal = services.proposal_create(actor=applicant, call=call, values=carrier)
        answers = _answers(call, proposal, title, summary)[1:]
        if state == "draft":
            answers = answers[:1]  # a draft half done: resumes at step 3
        for step, values in answers:
            proposal = services.proposal_update_step(
                actor=applicant, proposal=proposal, step=step, values=values
            )
        if state == "draft":
            return True
        proposal = services.proposal_submit(actor=applicant, proposal=proposal)
        if state == "in_review":
            services.proposal_start_review(actor=office, proposal=proposal)
        elif state == "revision":
            services.proposal_request_revision(
                actor=office,
                proposal=proposal,
                text="Bitte beschreiben Sie, wie Sie Teilnehmende gewinnen (Demodaten).",
            )
    return True


def ensure_demo_proposals(*, reset_logins: bool = False) -> dict[str, str]:
    """The demo applicants' logins, and their proposals where the demo calls take them."""
    logins = ensure_logins(PROPOSAL_USERS, reset=reset_logins)
    users = {
        u.get_username(): u
        for u in get_user_model().objects.filter(username__in=[OFFICE, "traeger1", "traeger2"])
    }
    office = users.get(OFFICE)
    for slug, username, title, summary, state in DEMO:
        call = Call.objects.filter(slug=slug).select_related("programme", "alliance").first()
        if call is None or office is None or not call_takes_proposals(call):
            continue
        try:
            _one(call, users[username], office, title, summary, state)
        except ValidationError:
            continue  # the call's rules refuse this invented project; the others still come
    return {name: logins[name] for name in ("traeger1", "traeger2") if name in logins}
