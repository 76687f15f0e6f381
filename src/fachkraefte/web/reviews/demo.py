"""Demo reviews and decisions on the demo proposals (synthetic: "Demodaten – fiktiver Vorgang").

Runs after the funding, calls and proposals demos (``fachkraefte demo``) and works on the
proposals they left in the Görlitz call and the Ems-Achse call: reviewer logins, reviews with one
declared conflict, and agenda items whose adoption carries out the decision: one Görlitz
proposal approved with its commitment booked, one rejected, one Ems-Achse expression of interest
invited to the full proposal. Everything goes through the services (and their audit trail);
reruns change nothing. Steps whose preconditions are missing (no such call, no proposal left in
the right state, no budget) are skipped and reported, never forced.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from fachkraefte.web.calls.models import Call
from fachkraefte.web.decisions import services as decisions
from fachkraefte.web.decisions.models import AgendaItem, Meeting, Vote
from fachkraefte.web.decisions.selectors import steering_members
from fachkraefte.web.demo_logins import REVIEWER_USERS, ensure_logins
from fachkraefte.web.funding import ledger
from fachkraefte.web.funding.selectors import budget_for_call
from fachkraefte.web.proposals import decisions as proposal_decisions
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.workflows import workflow_for
from fachkraefte.web.reviews import services
from fachkraefte.web.reviews.models import Review

S = Proposal.Status
GOERLITZ_CALL, EMS_CALL = "goerlitz-2025", "ems-achse-qualifizierung-2025"
OFFICE = "koordination"
REVIEWER, CONFLICTED = "gutachterin", "gutachter"
MEETING_TITLE = "Demo: Förderentscheidungen (Begutachtung abgeschlossen)"
MARK = "(Demodaten – fiktiver Vorgang)"


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _candidates(call: Call) -> list[Proposal]:
    """Proposals of the call not yet on any agenda, in review or submitted, oldest first."""
    return list(
        Proposal.objects.filter(
            call=call,
            agenda_item__isnull=True,
            status__in=[S.IN_REVIEW, S.SUBMITTED, S.FULL_SUBMITTED],
        ).order_by("submitted_at", "id")
    )


def _into_review(office: Any, proposal: Proposal) -> Proposal:
    if proposal.status == S.SUBMITTED:
        workflow_for(proposal).transition(office, proposal, S.IN_REVIEW)
    return proposal


def _reviews(office: Any, proposal: Proposal, reviewer: Any, conflicted: Any) -> None:
    if proposal.reviews.exists():
        return
    review = services.review_assign(actor=office, proposal=proposal, reviewer=reviewer)
    services.review_declare(actor=reviewer, review=review, conflicted=False)
    scores = {
        criterion.pk: str(4 - index % 3)
        for index, criterion in enumerate(proposal.call.criteria.all())
    }
    services.review_save(
        actor=reviewer,
        review=review,
        scores=scores,
        recommendation=Review.Recommendation.APPROVE,
        comment=f"Bedarf aus der Prognose belegt, Kosten plausibel. {MARK}",
        submit=True,
    )
    other = services.review_assign(actor=office, proposal=proposal, reviewer=conflicted)
    services.review_declare(
        actor=conflicted,
        review=other,
        conflicted=True,
        reason=f"Ich sitze im Beirat des Trägers. {MARK}",
    )


def _meeting(alliance: Any, chair: Any, today: dt.date) -> Meeting:
    meeting = Meeting.objects.filter(alliance=alliance, title=MEETING_TITLE).first()
    return meeting or decisions.meeting_create(
        actor=chair, alliance=alliance, title=MEETING_TITLE, date=today, location="Demo"
    )


def _decide(chair: Any, proposal: Proposal, meeting: Meeting, motion: str, **fields: Any) -> bool:
    """Put the proposal on a new item with ``motion``, everyone consents, close. All or nothing."""
    try:
        with transaction.atomic():
            item = decisions.agenda_item_create(
                actor=chair,
                meeting=meeting,
                title=f"Antrag „{proposal.title}“",
                description=f"Beschlussvorschlag: {Proposal.Motion(motion).label}. {MARK}",
            )
            proposal_decisions.proposal_put_on_agenda(
                actor=chair, proposal=proposal, item=item, motion=motion, **fields
            )
            for member in steering_members(alliance=meeting.alliance):
                decisions.vote_cast(actor=member, item=item, choice=Vote.Choice.CONSENT)
            decisions.agenda_item_close(actor=chair, item=AgendaItem.objects.get(pk=item.pk))
    except ValidationError:
        return False
    return True


def _approvable_amount(proposal: Proposal) -> Decimal | None:
    budget = budget_for_call(call=proposal.call)
    if budget is None:
        return None
    asked = proposal_decisions.requested_grant(proposal)
    amount = min(asked, ledger.balances(budget).available)
    return amount.quantize(Decimal("0.01")) if amount > 0 else None


def ensure_demo_reviews_and_decisions(
    *, reset_logins: bool = False, today: dt.date | None = None
) -> dict[str, Any]:
    """Create the demo reviews and decisions once; returns what it did and the reviewer logins."""
    logins = ensure_logins(REVIEWER_USERS, reset=reset_logins)
    done: dict[str, Any] = {
        "logins": {spec["username"]: logins[spec["username"]] for spec in REVIEWER_USERS},
        "approved": 0,
        "rejected": 0,
        "invited": 0,
    }
    office, reviewer, conflicted = _user(OFFICE), _user(REVIEWER), _user(CONFLICTED)
    if office is None:
        return done
    today = today or dt.date.today()
    goerlitz = Call.objects.filter(slug=GOERLITZ_CALL).select_related("alliance").first()
    if goerlitz is not None and goerlitz.alliance is not None:
        done.update(_goerlitz(goerlitz, office, reviewer, conflicted, today))
    ems = Call.objects.filter(slug=EMS_CALL).select_related("alliance").first()
    if ems is not None and ems.alliance is not None:
        done["invited"] = _ems(ems, office, reviewer, conflicted, today)
    return done


def _chair(alliance: Any) -> Any:
    members = list(steering_members(alliance=alliance))
    return members[0] if members else None


def _goerlitz(call: Call, office: Any, reviewer: Any, conflicted: Any, today: dt.date) -> dict:
    result = {"approved": 0, "rejected": 0}
    chair = _chair(call.alliance)
    decided = Proposal.objects.filter(call=call, agenda_item__meeting__title=MEETING_TITLE)
    if chair is None or decided.exists():
        return result
    # Three go into review; two are decided, the third stays "in Begutachtung" for the demo.
    candidates = _candidates(call)[:3]
    with transaction.atomic():
        for proposal in candidates:
            _into_review(office, proposal)
            _reviews(office, proposal, reviewer, conflicted)
    meeting = _meeting(call.alliance, chair, today)
    if candidates:
        amount = _approvable_amount(candidates[0])
        if amount is not None and _decide(
            chair,
            candidates[0],
            meeting,
            Proposal.Motion.APPROVE,
            amount=amount,
            conditions=f"Zwischenbericht nach sechs Monaten. {MARK}",
            rank=1,
        ):
            result["approved"] = 1
    if len(candidates) > 1 and _decide(
        chair,
        candidates[1],
        meeting,
        Proposal.Motion.REJECT,
        reasons=f"Das Vorhaben überschneidet sich mit einem bereits geförderten Projekt. {MARK}",
    ):
        result["rejected"] = 1
    return result


def _ems(call: Call, office: Any, reviewer: Any, conflicted: Any, today: dt.date) -> int:
    chair = _chair(call.alliance)
    decided = Proposal.objects.filter(call=call, agenda_item__meeting__title=MEETING_TITLE)
    if chair is None or decided.exists():
        return 0
    interest = [p for p in _candidates(call) if p.stage == Proposal.Stage.INTEREST][:1]
    if not interest:
        return 0
    proposal = interest[0]
    with transaction.atomic():
        _into_review(office, proposal)
        _reviews(office, proposal, reviewer, conflicted)
    meeting = _meeting(call.alliance, chair, today)
    return int(_decide(chair, proposal, meeting, Proposal.Motion.INVITE))
