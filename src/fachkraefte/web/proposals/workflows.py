"""The proposal workflows as data, one table per kind of programme (``FundingTerms.workflow``).

One-stage (Saxony's Fachkräfterichtlinie): a project sketch is submitted, reviewed, prioritised
by the alliance's steering group (befürwortet, with rank and amount: the money is committed in
the same transaction) and then approved or not by the state bank — recorded here with date and
reference, never imitated. Two-stage (Niedersachsen, Ems-Achse): an expression of interest of
about two pages, selection by the steering group (zum Vollantrag aufgefordert), the full
proposal with the alliance's Stellungnahme, the decision, then the funder's notice.

Decisions of the steering group happen only through an adopted agenda item (``rules.may_*``
check the item), so these arrows cannot be taken from a button beside the vote.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fachkraefte.web.core.workflows import Transition, Workflow
from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.proposals import rules
from fachkraefte.web.proposals.models import Proposal

S = Proposal.Status
APPLICANT = _("die Antragstellenden")
OFFICE = _("die Koordinierungsstelle")
STEERING = _("die Steuerungsgruppe durch Beschluss")
OFFICE_OR_STEERING = _("die Koordinierungsstelle oder die Steuerungsgruppe durch Beschluss")


def _audit_alliance(proposal: Proposal):
    return proposal.call.alliance


def _withdrawals(states: tuple[str, ...]) -> tuple[Transition, ...]:
    return tuple(
        Transition(state, S.WITHDRAWN, _("Antrag zurückziehen"), rules.may_withdraw, who=APPLICANT)
        for state in states
    )


_REVIEW = (
    Transition(
        S.SUBMITTED, S.IN_REVIEW, _("Begutachtung beginnen"), rules.may_start_review, who=OFFICE
    ),
    Transition(
        S.SUBMITTED, S.REVISION, _("Überarbeitung erbitten"), rules.may_request_revision, who=OFFICE
    ),
    Transition(
        S.IN_REVIEW,
        S.REVISION,
        _("Überarbeitung erbitten"),
        rules.may_ask_revision,
        who=OFFICE_OR_STEERING,
    ),
)
_EXTERNAL = (
    Transition(
        S.APPROVED, S.FUNDED, _("Bewilligung erfassen"), rules.may_record_external, who=OFFICE
    ),
    Transition(
        S.APPROVED,
        S.NOT_FUNDED,
        _("Ablehnung des Fördergebers erfassen"),
        rules.may_record_external,
        who=OFFICE,
    ),
)

ONE_STAGE = Workflow(
    field="status",
    states=Proposal.Status,
    transitions=(
        Transition(
            S.DRAFT, S.SUBMITTED, _("Projektskizze einreichen"), rules.may_submit, who=APPLICANT
        ),
        *_REVIEW,
        Transition(
            S.REVISION,
            S.SUBMITTED,
            _("Überarbeitete Skizze einreichen"),
            rules.may_resubmit_interest,
            who=APPLICANT,
        ),
        Transition(
            S.IN_REVIEW,
            S.APPROVED,
            _("Befürworten und priorisieren"),
            rules.may_approve,
            who=STEERING,
        ),
        Transition(S.IN_REVIEW, S.REJECTED, _("Ablehnen"), rules.may_reject, who=STEERING),
        *_EXTERNAL,
        *_withdrawals((S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.REVISION)),
    ),
    audit_alliance=_audit_alliance,
)

TWO_STAGE = Workflow(
    field="status",
    states=Proposal.Status,
    transitions=(
        Transition(
            S.DRAFT,
            S.SUBMITTED,
            _("Interessenbekundung einreichen"),
            rules.may_submit,
            who=APPLICANT,
        ),
        *_REVIEW,
        Transition(
            S.REVISION,
            S.SUBMITTED,
            _("Überarbeitete Interessenbekundung einreichen"),
            rules.may_resubmit_interest,
            who=APPLICANT,
        ),
        Transition(
            S.IN_REVIEW, S.INVITED, _("Zum Vollantrag auffordern"), rules.may_invite, who=STEERING
        ),
        Transition(S.IN_REVIEW, S.REJECTED, _("Ablehnen"), rules.may_reject, who=STEERING),
        Transition(
            S.INVITED, S.FULL_SUBMITTED, _("Vollantrag einreichen"), rules.may_submit, who=APPLICANT
        ),
        Transition(
            S.FULL_SUBMITTED,
            S.APPROVED,
            _("Mit Stellungnahme befürworten"),
            rules.may_approve,
            who=STEERING,
        ),
        Transition(S.FULL_SUBMITTED, S.REJECTED, _("Ablehnen"), rules.may_reject, who=STEERING),
        Transition(
            S.FULL_SUBMITTED,
            S.REVISION,
            _("Überarbeitung erbitten"),
            rules.may_decide_revision,
            who=STEERING,
        ),
        Transition(
            S.REVISION,
            S.FULL_SUBMITTED,
            _("Überarbeiteten Vollantrag einreichen"),
            rules.may_resubmit_full,
            who=APPLICANT,
        ),
        *_EXTERNAL,
        *_withdrawals((S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.REVISION, S.INVITED, S.FULL_SUBMITTED)),
    ),
    audit_alliance=_audit_alliance,
)

WORKFLOWS = {
    FundingTerms.Workflow.ONE_STAGE.value: ONE_STAGE,
    FundingTerms.Workflow.TWO_STAGE.value: TWO_STAGE,
}


def workflow_for(proposal: Proposal) -> Workflow:
    """The table of the proposal's programme (one-stage where the programme has no terms)."""
    terms = getattr(proposal.call.programme, "funding_terms", None)
    return WORKFLOWS[terms.workflow if terms else FundingTerms.Workflow.ONE_STAGE.value]
