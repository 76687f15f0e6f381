"""The role matrix: for every URL of the project, what each role gets, in one table.

``MATRIX`` maps every URL name (namespaced, as ``reverse`` takes it) to the cases it is tried
with: how its arguments come from the world (``role_world.py``: alliances A and B) and the
expected answer to a GET for each role, in the column order of ``ROLES``:

    anonymous, applicant, member of A, steering member of A, member of B, steering member of B
    (the outsider), coordination office, admin

A URL whose record has states is tried once per state (``item_states``, ``commitment_states``):
an open and a decided agenda item, a commitment in every status.

``L`` is a redirect to the login page, ``R`` any other redirect; numbers are status codes.
A URL pattern missing from the table fails ``test_every_url_is_in_the_matrix``: a new view needs
its row. Every 200 answer to an outsider of A is also searched for A's internal records (their
names carry ``SECRET``), so lists, counts and searches are checked for leaks as well.

The writes (POST to the forms, API writes) are in ``test_role_matrix_writes.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from calls_matrix_world import (
    matrix_attachment,
    matrix_call,
    matrix_criterion,
    matrix_document,
    matrix_proposal,
)
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from funding_records import funding_records
from knowledge_world import matrix_entry
from p1_world import (
    project_in_state,
    project_records,
    report_attachment,
    report_in_state,
    reporting_person,
    unmade_proposal,
)
from p2_world import world_project, world_repayment, world_request
from p3_world import world_participants, world_report, world_result
from p3_world import world_project as p3_project
from p4_world import p4_projects
from proposal_world import world_call, world_co_applicant, world_proposal
from review_records import notification_of_member, proposal_in_state, review_in_state
from role_world import (
    INVITATION_STATES,
    OUTSIDERS,
    ROLES,
    SECRET,
    L,
    R,
    body_text,
    invitation_token,
    outcome,
)
from workshop_outcomes_matrix_world import matrix_outcome
from workshops_matrix_world import (
    matrix_agenda_entry,
    matrix_photo,
    matrix_registration,
    matrix_workshop,
)

from fachkraefte.forecast import store
from fachkraefte.web.alliances.models import Commitment
from fachkraefte.web.api.routes import router

pytestmark = pytest.mark.django_db


def row(*codes: Any) -> dict[str, Any]:
    assert len(codes) == len(ROLES), codes
    return dict(zip(ROLES, codes, strict=True))


#        anon app member steering outsider_member outsider coord admin
PUBLIC = row(200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = row(L, 200, 200, 200, 200, 200, 200, 200)
POST_ONLY = row(L, 405, 405, 405, 405, 405, 405, 405)
NO_GET = row(405, 405, 405, 405, 405, 405, 405, 405)
INTERNAL_A = row(L, 404, 200, 200, 404, 404, 200, 200)
MANAGE_PUBLIC_A = row(L, 403, 403, 200, 403, 403, 200, 200)
MANAGE_INTERNAL_A = row(L, 404, 403, 200, 404, 404, 200, 200)
COORDINATION = row(L, 403, 403, 403, 403, 403, 200, 200)
ANY_STEERING = row(L, 403, 403, 200, 403, 200, 200, 200)  # invite, create organisations
OWN_TASK = row(L, 404, 200, 404, 404, 404, 200, 200)  # the member of A started the task
INVITATION_DONE = row(L, 403, 403, 404, 403, 404, 404, 404)
GONE = row(410, 410, 410, 410, 410, 410, 410, 410)
NOT_FOUND = row(404, 404, 404, 404, 404, 404, 404, 404)
# a decided agenda item: its editors are sent back to the item page, which says why
MANAGE_DECIDED_A = row(L, 404, 403, R, 404, 404, R, R)
# Anonymous API calls answer 401 (with WWW-Authenticate: Token), not a login redirect or 403.
API_SIGNED_IN = row(401, 200, 200, 200, 200, 200, 200, 200)
API_INTERNAL_A = row(401, 404, 200, 200, 404, 404, 200, 200)
API_POST_ONLY = row(401, 405, 405, 405, 405, 405, 405, 405)
# Funding: a budget of A (managed by the office only), a pool (the office only)
OFFICE_IN_A = row(L, 404, 403, 403, 404, 404, 200, 200)
NOBODY_IN_A = row(L, 404, 403, 403, 404, 404, 403, 403)
OFFICE_ONLY = row(L, 404, 404, 404, 404, 404, 200, 200)
API_OFFICE_ONLY = row(401, 404, 404, 404, 404, 404, 200, 200)
# calls of A: a draft is seen by its drafters only; a published call is edited by nobody
DRAFTERS_A = row(404, 404, 404, 200, 404, 404, 200, 200)
DRAFTERS_EDIT_A = row(L, 404, 404, 200, 404, 404, 200, 200)
OFFICE_DRAFT_A = row(L, 404, 404, 403, 404, 404, 200, 200)
NOBODY = row(L, 403, 403, 403, 403, 403, 403, 403)
# proposals of the world's applicant
APPLICANT_ONLY = row(L, 200, 404, 404, 404, 404, 404, 404)
PROPOSAL_SEEN = row(L, 200, 404, 200, 404, 404, 200, 200)
# Forecast runs are public: the same answer for all (200 where a run exists, else 404).
SAME_FOR_ALL = "same for all"
# Reviews: the member of A reviews the applicant's proposal (review_records.py).
OWN_REVIEW = row(L, 404, 200, 404, 404, 404, 200, 200)
API_OWN_REVIEW = row(401, 404, 200, 404, 404, 404, 200, 200)
# the summary: the office and the deciding steering group; the reviewer once submitted; the
# applicant and a reviewer before submitting see the proposal exist (403), outsiders do not
SCORES = row(L, 403, 403, 200, 404, 404, 200, 200)
SCORES_SUBMITTED = row(L, 403, 200, 200, 404, 404, 200, 200)
API_SCORES = row(401, 403, 403, 200, 404, 404, 200, 200)
AGENDA = row(L, 403, 404, 200, 404, 404, 200, 200)
EXTERNAL_IN_REVIEW = row(L, 403, 404, 403, 404, 404, 403, 403)
EXTERNAL_APPROVED = row(L, 403, 404, 403, 404, 404, 200, 200)
# Projects (p1_world.py): the applicant's funded project in A, seen by its recipient, A and the
# office; kept by the office (status, budget), its recipient (milestones) and lead (people).
PROJECT_SEEN = row(L, 200, 200, 200, 404, 404, 200, 200)
API_PROJECT_SEEN = row(401, 200, 200, 200, 404, 404, 200, 200)
PROJECT_OFFICE = row(L, 403, 403, 403, 404, 404, 200, 200)
PROJECT_NOBODY = row(L, 403, 403, 403, 404, 404, 403, 403)
PROJECT_RECIPIENT = row(L, 200, 403, 403, 404, 404, 200, 200)
OVERDUE_SEEN = row(L, 403, 200, 200, 200, 200, 200, 200)


def _p4_programme(w) -> dict[str, Any]:
    """No URL arguments; builds the funded projects the page lists (p4_world.py)."""
    p4_projects(w)


# Catalogue entries of A (knowledge): unpublished ones for their keepers (A's members, office)
KEEPERS_A = row(404, 404, 200, 200, 404, 404, 200, 200)
PROPOSERS = row(L, 403, 200, 200, 200, 200, 200, 200)  # the office and every alliance member
ENTRY_EDIT = {
    "draft": row(L, 404, 200, 200, 404, 404, 200, 200),
    "in_review": row(L, 404, 403, 403, 404, 404, 200, 200),
    "published": row(L, 403, 403, 403, 403, 403, 200, 200),
    "archived": row(L, 404, 403, 403, 404, 404, 403, 403),
}
ENTRY_STATES = ("draft", "in_review", "published", "archived")


def entry_states(kind: str, expect: Callable[[str], Any], key: str = "slug") -> list:
    """One case per curation state of a catalogue entry of A."""
    return [
        Case(expect(state), lambda w, s=state: {key: matrix_entry(w, kind, s).slug}, state=state)
        for state in ENTRY_STATES
    ]


def _seen(state: str) -> dict[str, Any]:
    return PUBLIC if state == "published" else KEEPERS_A


def _unpublished_entries(w) -> dict[str, Any]:
    """Every unpublished entry of A (their titles carry SECRET) exists while the search runs."""
    for kind in ("measure", "practice"):
        for state in ("draft", "in_review", "archived"):
            matrix_entry(w, kind, state)
    return {}


@dataclass(frozen=True)
class Case:
    expect: dict[str, Any] | str
    kwargs: Callable[[Any], dict[str, Any]] = lambda w: {}
    query: str = ""
    state: str = ""  # the state of the URL's record, for the test id


def _item_page(w, item) -> dict[str, Any]:
    return {**slug_a(w), "pk": item.pk}


def item_states(expect, decided=None, kwargs=_item_page) -> list[Case]:
    """A case per state of the agenda item: open (``expect``) and decided (``decided``, where
    the answer differs)."""
    return [
        Case(expect, lambda w: kwargs(w, w.items["open"]), state="open"),
        Case(decided or expect, lambda w: kwargs(w, w.items["decided"]), state="decided"),
    ]


def _commitment_page(w, commitment) -> dict[str, Any]:
    return {**slug_a(w), "pk": commitment.pk}


def commitment_states(expect, kwargs=_commitment_page, **other) -> list[Case]:
    """A case per status of the commitment (planned, in progress, done, dropped); ``other``
    maps a status to its answer where it differs from ``expect``."""
    return [
        Case(
            other.get(status, expect),
            lambda w, status=status: kwargs(w, w.commitments[status]),
            state=status,
        )
        for status in Commitment.Status.values
    ]


def workshop_states(expect, **other) -> list[Case]:
    """A case per state of A's workshop that matters for access (planned, open, done);
    ``other`` maps a state to its answer where it differs from ``expect``."""
    return [
        Case(
            other.get(state, expect),
            lambda w, state=state: {"slug": matrix_workshop(w, state).slug},
            state=state,
        )
        for state in ("planned", "open", "done")
    ]


def invitation_states(expect, kwargs, **other) -> list[Case]:
    """A case per state of the invitation into A (pending, accepted, revoked, expired);
    ``other`` maps a state to its answer where it differs from ``expect``."""
    return [
        Case(
            other.get(state, expect),
            lambda w, state=state: kwargs(w, state),
            state=state,
        )
        for state in INVITATION_STATES
    ]


def review_states(expect, kwargs, states=("undeclared", "declared", "none"), **other) -> list[Case]:
    """A case per state of the member of A's review (``review_records.review_in_state``)."""
    return [
        Case(other.get(state, expect), lambda w, state=state: kwargs(w, state), state=state)
        for state in states
    ]


def _review_pk(w, state) -> dict[str, Any]:
    return {"pk": review_in_state(w, state).pk}


def _summary_pk(w, state, **extra) -> dict[str, Any]:
    return {"pk": review_in_state(w, state).proposal_id, **extra}


def _pk(w, record) -> dict[str, Any]:
    return {"pk": record.pk}


def slug_a(w) -> dict[str, Any]:
    return {"slug": w.a.slug}


def _document(w, status: str) -> dict[str, Any]:
    document = matrix_document(w, status)
    return {"slug": document.call.slug, "pk": document.pk}


def _attachment(w, status: str) -> dict[str, Any]:
    attachment = matrix_attachment(w, status)
    return {"pk": attachment.proposal_id, "attachment_pk": attachment.pk}


def _reset_link(w) -> dict[str, Any]:
    user = w.users["member"]
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": "falsch-123"}


def _run_id(w) -> dict[str, Any]:
    runs = store.list_runs()
    return {"run_id": runs[0]["run_id"] if runs else "kein-lauf"}


# proposals: the applicant's own; drafts nobody else's; submitted ones the office and A's
# steering group (the deciding body); members of A and outsiders nothing (404)
PROPOSAL_STATES = ("draft", "submitted", "in_review", "revision", "withdrawn")
DRAFT_OWN = row(L, 200, 404, 404, 404, 404, 404, 404)
SUBMITTED_SEEN = row(L, 200, 404, 200, 404, 404, 200, 200)
SUBMITTED_NOT_EDITABLE = row(L, 403, 404, 403, 404, 404, 403, 403)
OWN_EDIT_SEEN = row(L, 200, 404, 403, 404, 404, 403, 403)
OFFICE_ON_SUBMITTED = row(L, 403, 404, 403, 404, 404, 200, 200)
API_DRAFT_OWN = row(401, 200, 404, 404, 404, 404, 404, 404)
API_SUBMITTED_SEEN = row(401, 200, 404, 200, 404, 404, 200, 200)


def proposal_states(expect, kwargs=_pk, **other) -> list[Case]:
    """A case per state of the world's proposal; ``other`` maps a state to its answer where it
    differs from ``expect``."""
    return [
        Case(
            other.get(state, expect),
            lambda w, state=state: kwargs(w, world_proposal(w, state)),
            state=state,
        )
        for state in PROPOSAL_STATES
    ]


RECIPIENT_AND_A = row(L, 200, 200, 200, 404, 404, 200, 200)
API_RECIPIENT_AND_A = row(401, 200, 200, 200, 404, 404, 200, 200)
API_NEED_SEEN = row(401, 403, 404, 200, 404, 404, 200, 200)
API_NEED_DRAFT = row(401, 403, 404, 404, 404, 404, 404, 404)


def report_states(expect) -> list[Case]:
    """A case per status of the world project's report (``p3_world.world_report``)."""
    return [
        Case(expect, lambda w, s=status: {"report_pk": world_report(w, s).pk}, state=status)
        for status in ("due", "draft", "submitted", "changes_requested", "accepted")
    ]


def _step(w, proposal) -> dict[str, Any]:
    return {"pk": proposal.pk, "number": 1}


# payments (p2_world.py): the applicant's running project in A, one request per state; the
# recipient drafts, A reads, the office decides and pays; drafts are the recipient's only
MONEY_A = row(L, 200, 200, 200, 404, 404, 200, 200)
RECIPIENT_ONLY = row(L, 200, 404, 404, 404, 404, 404, 404)
RECIPIENT_STEP = row(L, 200, 403, 403, 404, 404, 403, 403)
OFFICE_STEP = row(L, 403, 403, 403, 404, 404, 200, 200)
NO_STEP = row(L, 403, 403, 403, 404, 404, 403, 403)
DRAFT_NO_STEP = row(L, 403, 404, 404, 404, 404, 404, 404)
API_MONEY_A = row(401, 200, 200, 200, 404, 404, 200, 200)
API_RECIPIENT_ONLY = row(401, 200, 404, 404, 404, 404, 404, 404)


def _project_pk(w) -> dict[str, Any]:
    return {"project_pk": world_project(w).pk}


def request_states(expect, kwargs=None, **other) -> list[Case]:
    """A case per state of the world project's payment requests; ``other`` maps a state to its
    answer where it differs from ``expect``."""

    def page(w, state):
        payment_request = world_request(w, state)
        return {"project_pk": payment_request.project_id, "pk": payment_request.pk}

    return [
        Case(
            other.get(state, expect),
            lambda w, state=state: (kwargs or page)(w, state),
            state=state,
        )
        for state in ("draft", "submitted", "approved", "paid", "rejected")
    ]


def _api_request(w, state) -> dict[str, Any]:
    return {"pk": world_request(w, state).pk}


MATRIX: dict[str, list[Case]] = {
    "payments:list": [Case(MONEY_A, _project_pk)],
    "payments:create": [Case(RECIPIENT_STEP, _project_pk)],
    "payments:repayment": [Case(OFFICE_STEP, _project_pk)],
    "payments:detail": request_states(MONEY_A, draft=RECIPIENT_ONLY),
    "payments:edit": request_states(NO_STEP, draft=RECIPIENT_ONLY),
    "payments:submit": request_states(POST_ONLY),
    "payments:approve": request_states(POST_ONLY),
    "payments:reject": request_states(NO_STEP, draft=DRAFT_NO_STEP, submitted=OFFICE_STEP),
    "payments:pay": request_states(NO_STEP, draft=DRAFT_NO_STEP, approved=OFFICE_STEP),
    "payment_queue:queue": [Case(COORDINATION), Case(COORDINATION, query="?format=xlsx")],
    "api:payment-request-list": [Case(API_SIGNED_IN)],
    "api:payment-request-detail": request_states(
        API_MONEY_A, _api_request, draft=API_RECIPIENT_ONLY
    ),
    "api:payment-request-submit": [Case(API_POST_ONLY, lambda w: _api_request(w, "draft"))],
    "api:payment-request-approve": [Case(API_POST_ONLY, lambda w: _api_request(w, "submitted"))],
    "api:payment-request-reject": [Case(API_POST_ONLY, lambda w: _api_request(w, "submitted"))],
    "api:payment-request-pay": [Case(API_POST_ONLY, lambda w: _api_request(w, "approved"))],
    "api:repayment-list": [Case(API_SIGNED_IN)],
    "api:repayment-detail": [Case(API_OFFICE_ONLY, lambda w: {"pk": world_repayment(w).pk})],
    "api:project-money-detail": [Case(API_MONEY_A, lambda w: {"pk": world_project(w).pk})],
    # accounts
    "accounts:login": [Case(row(200, R, R, R, R, R, R, R))],
    "accounts:logout": [Case(NO_GET)],
    "accounts:password_reset": [Case(PUBLIC)],
    "accounts:password_reset_done": [Case(PUBLIC)],
    "accounts:password_reset_confirm": [Case(PUBLIC, _reset_link)],
    "accounts:password_reset_complete": [Case(PUBLIC)],
    "accounts:profile": [Case(SIGNED_IN)],
    "accounts:language": [Case(POST_ONLY)],
    "accounts:password_change": [Case(SIGNED_IN)],
    "accounts:token_create": [Case(POST_ONLY)],
    # without a token the page has nothing to delete and sends back to the profile
    "accounts:token_delete": [Case(row(L, R, R, R, R, R, R, R))],
    "accounts:data_export": [Case(SIGNED_IN)],
    "accounts:account_delete": [Case(SIGNED_IN)],
    "accounts:invitations": [Case(ANY_STEERING)],
    "accounts:invitation_new": [Case(ANY_STEERING)],
    # an accepted or revoked invitation is past revoking (an expired one is not)
    "accounts:invitation_revoke": invitation_states(
        row(L, 403, 403, 200, 403, 404, 200, 200),
        lambda w, state: {"pk": w.invitations[state].pk},
        accepted=INVITATION_DONE,
        revoked=INVITATION_DONE,
    ),
    # whoever holds the link may accept it (signed in: accept; anonymous: sign up), while it is
    # pending; after that the link is gone for everyone
    "accounts:invitation_accept": invitation_states(
        PUBLIC,
        lambda w, state: {"token": invitation_token(state)},
        accepted=GONE,
        revoked=GONE,
        expired=GONE,
    ),
    "accounts:people": [Case(COORDINATION)],
    "accounts:person": [Case(COORDINATION, lambda w: {"pk": w.users["member"].pk})],
    "accounts:person_status": [Case(COORDINATION, lambda w: {"pk": w.users["member"].pk})],
    # API: schema, docs, token
    "api:schema": [Case(PUBLIC)],
    "api:docs": [Case(PUBLIC)],
    "api:token": [Case(NO_GET)],
    "api:api-root": [Case(PUBLIC)],
    # API: public records of alliances
    "api:alliance-list": [Case(PUBLIC)],
    "api:alliance-detail": [Case(PUBLIC, slug_a)],
    "api:alliance-composition": [Case(PUBLIC, slug_a)],
    "api:membership-list": [Case(PUBLIC)],
    "api:membership-detail": [Case(PUBLIC, lambda w: {"pk": w.m_a.pk})],
    "api:organisation-list": [Case(PUBLIC)],
    "api:organisation-detail": [Case(PUBLIC, lambda w: {"pk": w.org_a.pk})],
    "api:programme-list": [Case(PUBLIC)],
    "api:programme-detail": [Case(PUBLIC, lambda w: {"slug": w.saxony.slug})],
    # the audit trail: own alliances only (platform-wide entries for the coordination office)
    "api:audit-entry-list": [Case(API_SIGNED_IN)],
    "api:audit-entry-detail": [
        Case(API_INTERNAL_A, lambda w: {"pk": w.a.audit_entries.order_by("pk").first().pk})
    ],
    "api:action-field-list": [Case(PUBLIC)],
    "api:action-field-detail": [Case(PUBLIC, lambda w: {"pk": w.field.pk})],
    "api:priority-list": [Case(PUBLIC)],
    "api:priority-detail": [Case(PUBLIC, lambda w: {"pk": w.priority.pk})],
    # API: internal records
    "api:representative-list": [Case(API_SIGNED_IN)],
    "api:representative-detail": [Case(API_INTERNAL_A, lambda w: {"pk": w.representative.pk})],
    "api:project-group-list": [Case(API_SIGNED_IN)],
    "api:project-group-detail": [Case(API_INTERNAL_A, lambda w: {"pk": w.group.pk})],
    "api:expert-list": [Case(API_SIGNED_IN)],
    "api:expert-detail": [Case(API_INTERNAL_A, lambda w: {"pk": w.expert.pk})],
    "api:strategy-version-list": [Case(API_SIGNED_IN)],
    "api:strategy-version-detail": [Case(API_INTERNAL_A, lambda w: {"pk": w.strategy.pk})],
    "api:commitment-list": [Case(API_SIGNED_IN)],
    "api:commitment-detail": commitment_states(API_INTERNAL_A, _pk),
    "api:alliance-role-list": [Case(API_SIGNED_IN)],
    "api:alliance-role-detail": [Case(API_INTERNAL_A, lambda w: {"pk": w.role_member_a.pk})],
    "api:meeting-list": [Case(API_SIGNED_IN)],
    "api:meeting-detail": [Case(API_INTERNAL_A, lambda w: {"pk": w.meeting.pk})],
    "api:agenda-item-list": [Case(API_SIGNED_IN)],
    "api:agenda-item-detail": item_states(API_INTERNAL_A, kwargs=_pk),
    "api:agenda-item-close": item_states(API_POST_ONLY, kwargs=_pk),
    "api:agenda-item-transition": item_states(API_POST_ONLY, kwargs=_pk),
    "api:vote-list": [Case(API_SIGNED_IN)],
    "api:vote-detail": [Case(API_INTERNAL_A, lambda w: {"pk": w.vote.pk})],
    "api:conflict-list": [Case(API_SIGNED_IN)],
    "api:conflict-detail": [Case(API_INTERNAL_A, lambda w: {"pk": w.conflict.pk})],
    # API: statistics and forecasts (public)
    "api:forecast-list": [Case(PUBLIC)],
    "api:forecast-detail": [Case(SAME_FOR_ALL, _run_id)],
    "api:forecast-values": [Case(SAME_FOR_ALL, _run_id)],
    "api:wages-list": [Case(PUBLIC)],
    "api:bottlenecks-list": [Case(PUBLIC)],
    # alliances, programmes, organisations
    "alliances:list": [Case(PUBLIC), Case(PUBLIC, query="?q=Allianz&format=csv")],
    "alliances:create": [Case(COORDINATION)],
    "alliances:programmes": [Case(PUBLIC)],
    "alliances:programme": [Case(PUBLIC, lambda w: {"slug": w.saxony.slug})],
    "alliances:programme_create": [Case(COORDINATION)],
    "alliances:programme_edit": [Case(COORDINATION, lambda w: {"slug": w.saxony.slug})],
    "alliances:organisations": [Case(PUBLIC), Case(PUBLIC, query="?format=csv")],
    "alliances:organisation_create": [Case(ANY_STEERING)],
    "alliances:organisation": [Case(PUBLIC, lambda w: {"pk": w.org_a.pk})],
    "alliances:organisation_edit": [Case(MANAGE_PUBLIC_A, lambda w: {"pk": w.org_a.pk})],
    "alliances:representative_create": [
        Case(MANAGE_PUBLIC_A, lambda w: {"organisation_pk": w.org_a.pk})
    ],
    "alliances:representative_edit": [Case(MANAGE_PUBLIC_A, lambda w: {"pk": w.representative.pk})],
    "alliances:representative_remove": [
        Case(MANAGE_PUBLIC_A, lambda w: {"pk": w.representative.pk})
    ],
    "alliances:detail": [Case(PUBLIC, slug_a)],
    "alliances:edit": [Case(MANAGE_PUBLIC_A, slug_a)],
    "alliances:audit": [Case(INTERNAL_A, slug_a), Case(INTERNAL_A, slug_a, "?format=csv")],
    "alliances:member_add": [Case(POST_ONLY, slug_a)],
    "alliances:member_picker": [Case(MANAGE_PUBLIC_A, slug_a)],
    "alliances:member_remove": [Case(MANAGE_PUBLIC_A, lambda w: {**slug_a(w), "pk": w.m_a3.pk})],
    "alliances:roles": [Case(INTERNAL_A, slug_a), Case(INTERNAL_A, slug_a, "?format=csv")],
    "alliances:role_remove": [
        Case(MANAGE_INTERNAL_A, lambda w: {**slug_a(w), "pk": w.role_member_a.pk})
    ],
    "alliances:strategy_frame": [Case(MANAGE_PUBLIC_A, slug_a)],
    "alliances:project_groups": [Case(INTERNAL_A, slug_a)],
    # a member nominates experts for the organisation they speak for
    "alliances:expert_add": [Case(INTERNAL_A, lambda w: {**slug_a(w), "pk": w.group.pk})],
    "alliances:expert_remove": [Case(INTERNAL_A, lambda w: {**slug_a(w), "pk": w.expert.pk})],
    "alliances:item_create": [
        Case(POST_ONLY, lambda w: {**slug_a(w), "kind_name": "handlungsfeld"}),
        Case(POST_ONLY, lambda w: {**slug_a(w), "kind_name": "projektgruppe"}),
    ],
    "alliances:item_edit": [
        Case(
            MANAGE_PUBLIC_A, lambda w: {**slug_a(w), "kind_name": "handlungsfeld", "pk": w.field.pk}
        ),
        Case(
            MANAGE_PUBLIC_A,
            lambda w: {**slug_a(w), "kind_name": "schwerpunkt", "pk": w.priority.pk},
        ),
        Case(
            MANAGE_INTERNAL_A,
            lambda w: {**slug_a(w), "kind_name": "projektgruppe", "pk": w.group.pk},
        ),
    ],
    "alliances:item_delete": [
        Case(
            MANAGE_PUBLIC_A, lambda w: {**slug_a(w), "kind_name": "handlungsfeld", "pk": w.field.pk}
        ),
        Case(
            MANAGE_INTERNAL_A,
            lambda w: {**slug_a(w), "kind_name": "projektgruppe", "pk": w.group.pk},
        ),
    ],
    "alliances:item_move": [
        Case(POST_ONLY, lambda w: {**slug_a(w), "kind_name": "handlungsfeld", "pk": w.field.pk})
    ],
    "alliances:strategy": [Case(INTERNAL_A, slug_a)],
    "alliances:strategy_new": [Case(MANAGE_INTERNAL_A, slug_a)],
    "alliances:strategy_compare": [
        Case(INTERNAL_A, slug_a),
        Case(INTERNAL_A, slug_a, query="?von=1&zu=2"),
    ],
    "alliances:strategy_version": [Case(INTERNAL_A, lambda w: {**slug_a(w), "number": 1})],
    "alliances:commitments": [
        Case(INTERNAL_A, slug_a),
        Case(INTERNAL_A, slug_a, query="?format=xlsx"),
        Case(INTERNAL_A, slug_a, query="?format=csv"),
    ],
    "alliances:commitment_create": [Case(MANAGE_INTERNAL_A, slug_a)],
    "alliances:commitment_edit": commitment_states(MANAGE_INTERNAL_A),
    # the member of A speaks for the organisation that made the commitment; a done or dropped
    # commitment is reopened by the managers only (alliances.workflows)
    "alliances:commitment_status": [
        *commitment_states(INTERNAL_A, done=MANAGE_INTERNAL_A, dropped=MANAGE_INTERNAL_A),
        Case(
            row(L, 404, 403, 200, 404, 404, 200, 200),
            lambda w: _commitment_page(w, w.commitment_foreign),
            state="of another organisation",
        ),
    ],
    "alliances:commitment_delete": commitment_states(MANAGE_INTERNAL_A),
    # decisions
    "decisions:meetings": [
        Case(INTERNAL_A, slug_a),
        Case(INTERNAL_A, slug_a, query="?zeitraum=past&sort=title"),
        Case(INTERNAL_A, slug_a, query="?format=csv"),
    ],
    "decisions:votes_export": [
        Case(INTERNAL_A, lambda w: {**slug_a(w), "fmt": "csv"}),
        Case(INTERNAL_A, lambda w: {**slug_a(w), "fmt": "xlsx"}),
    ],
    "decisions:meeting_create": [Case(MANAGE_INTERNAL_A, slug_a)],
    "decisions:meeting": [Case(INTERNAL_A, lambda w: {**slug_a(w), "pk": w.meeting.pk})],
    "decisions:meeting_edit": [
        Case(MANAGE_INTERNAL_A, lambda w: {**slug_a(w), "pk": w.meeting.pk})
    ],
    "decisions:minutes": [Case(INTERNAL_A, lambda w: {**slug_a(w), "pk": w.meeting.pk})],
    "decisions:meeting_votes_export": [
        Case(INTERNAL_A, lambda w: {**slug_a(w), "meeting_pk": w.meeting.pk, "fmt": "csv"}),
        Case(INTERNAL_A, lambda w: {**slug_a(w), "meeting_pk": w.meeting.pk, "fmt": "xlsx"}),
    ],
    "decisions:item_create": [
        Case(MANAGE_INTERNAL_A, lambda w: {**slug_a(w), "meeting_pk": w.meeting.pk})
    ],
    "decisions:item": item_states(INTERNAL_A),
    "decisions:item_edit": item_states(MANAGE_INTERNAL_A, MANAGE_DECIDED_A),
    "decisions:vote": item_states(POST_ONLY),
    "decisions:conflict": item_states(POST_ONLY),
    "decisions:close": item_states(MANAGE_INTERNAL_A, MANAGE_DECIDED_A),
    "decisions:item_transition": item_states(POST_ONLY),
    # calls: published and closed calls are public; a draft only for its drafters (the steering
    # group of A and the office); publishing, closing, criteria and documents: the office
    "calls:list": [
        Case(PUBLIC),
        Case(PUBLIC, query="?status=beendet&zielgruppe=unemployed&land=14&sort=-title"),
        Case(PUBLIC, query="?status=entwuerfe"),
        Case(PUBLIC, query="?format=csv"),
        Case(PUBLIC, query="?format=xlsx"),
    ],
    "calls:create_choose": [Case(ANY_STEERING)],
    "calls:create": [Case(MANAGE_PUBLIC_A, lambda w: {"alliance_slug": w.a.slug})],
    "calls:detail": [
        Case(PUBLIC, lambda w: {"slug": matrix_call(w, "published").slug}, state="published"),
        Case(PUBLIC, lambda w: {"slug": matrix_call(w, "closed").slug}, state="closed"),
        Case(DRAFTERS_A, lambda w: {"slug": matrix_call(w, "draft").slug}, state="draft"),
    ],
    "calls:edit": [
        Case(NOBODY, lambda w: {"slug": matrix_call(w, "published").slug}, state="published"),
        Case(DRAFTERS_EDIT_A, lambda w: {"slug": matrix_call(w, "draft").slug}, state="draft"),
    ],
    "calls:transition": [Case(POST_ONLY, lambda w: {"slug": matrix_call(w).slug})],
    "calls:criteria": [
        Case(COORDINATION, lambda w: {"slug": matrix_call(w, "published").slug}, state="published"),
        Case(OFFICE_DRAFT_A, lambda w: {"slug": matrix_call(w, "draft").slug}, state="draft"),
        Case(NOBODY, lambda w: {"slug": matrix_call(w, "closed").slug}, state="closed"),
    ],
    "calls:criterion_edit": [
        Case(COORDINATION, lambda w: {"slug": matrix_call(w).slug, "pk": matrix_criterion(w).pk})
    ],
    "calls:criterion_delete": [
        Case(POST_ONLY, lambda w: {"slug": matrix_call(w).slug, "pk": matrix_criterion(w).pk})
    ],
    "calls:documents": [
        Case(COORDINATION, lambda w: {"slug": matrix_call(w, "published").slug}, state="published"),
        Case(OFFICE_DRAFT_A, lambda w: {"slug": matrix_call(w, "draft").slug}, state="draft"),
    ],
    "calls:document": [
        Case(PUBLIC, lambda w: _document(w, "published"), state="published"),
        Case(DRAFTERS_A, lambda w: _document(w, "draft"), state="draft"),
    ],
    "calls:document_delete": [Case(POST_ONLY, lambda w: _document(w, "published"))],
    "api:call-list": [Case(PUBLIC)],
    "api:call-detail": [
        Case(PUBLIC, lambda w: {"slug": matrix_call(w, "published").slug}, state="published"),
        Case(DRAFTERS_A, lambda w: {"slug": matrix_call(w, "draft").slug}, state="draft"),
    ],
    "api:call-transition": [Case(NO_GET, lambda w: {"slug": matrix_call(w).slug})],
    # a proposal's attachments and receipt: the applicant; once submitted also the office and
    # the deciding body (the receipt: the applicant and the office)
    "proposals:attachments": [
        Case(APPLICANT_ONLY, lambda w: {"pk": matrix_proposal(w, "draft").pk}, state="draft"),
        Case(
            PROPOSAL_SEEN, lambda w: {"pk": matrix_proposal(w, "submitted").pk}, state="submitted"
        ),
    ],
    "proposals:attachment": [
        Case(APPLICANT_ONLY, lambda w: _attachment(w, "draft"), state="draft"),
        Case(PROPOSAL_SEEN, lambda w: _attachment(w, "submitted"), state="submitted"),
    ],
    "proposals:attachment_delete": [Case(POST_ONLY, lambda w: _attachment(w, "draft"))],
    "proposals:receipt": [
        # a draft has no receipt yet
        Case(
            row(L, 404, 404, 404, 404, 404, 404, 404),
            lambda w: {"pk": matrix_proposal(w, "draft").pk},
            state="draft",
        ),
        Case(
            row(L, 200, 404, 403, 404, 404, 200, 200),
            lambda w: {"pk": matrix_proposal(w, "submitted").pk},
            state="submitted",
        ),
    ],
    # monitor, statistics, tasks, core
    "monitor:map": [Case(PUBLIC)],
    "monitor:district": [Case(PUBLIC, lambda w: {"ags": "06411"})],
    "monitor:occupations": [Case(PUBLIC)],
    "monitor:occupation": [Case(PUBLIC, lambda w: {"kldb3": "813"})],
    "monitor:compare": [Case(PUBLIC)],
    # built by a background task on first visit (503 until then): the same answer for every role
    "monitor:accuracy": [Case(SAME_FOR_ALL)],
    # Embeds need a forecast run (404 without one), like the forecast API above.
    "monitor:embed-map": [Case(SAME_FOR_ALL)],
    "monitor:embed-district": [
        Case(SAME_FOR_ALL, lambda w: {"ags": "06411", "chart": "angebot-bedarf"})
    ],
    "monitor:spec-district": [
        Case(SAME_FOR_ALL, lambda w: {"ags": "06411", "chart": "angebot-bedarf"})
    ],
    "monitor:embed-occupation": [Case(SAME_FOR_ALL, lambda w: {"kldb3": "813", "chart": "kreise"})],
    "monitor:spec-occupation": [Case(SAME_FOR_ALL, lambda w: {"kldb3": "813", "chart": "kreise"})],
    "monitor:embed-compare": [Case(SAME_FOR_ALL, lambda w: {"chart": "kreise"})],
    "monitor:spec-compare": [Case(SAME_FOR_ALL, lambda w: {"chart": "kreise"})],
    # briefing packs: members of an alliance covering the district (A covers 14626), the office
    "briefings:district": [
        Case(row(L, 403, 200, 200, 403, 403, 200, 200), lambda w: {"ags": "14626"})
    ],
    "briefings:download": [
        Case(row(L, 403, 404, 404, 403, 403, 404, 404), lambda w: {"ags": "14626", "fmt": "pdf"})
    ],
    "statistics:import": [Case(COORDINATION)],
    "statistics:vintages": [Case(COORDINATION)],
    "statistics:wages": [Case(PUBLIC)],
    "statistics:bottlenecks": [Case(PUBLIC)],
    "tasks:list": [Case(SIGNED_IN)],
    "tasks:detail": [Case(OWN_TASK, lambda w: {"task_id": w.task.pk})],
    "tasks:status": [Case(OWN_TASK, lambda w: {"task_id": w.task.pk})],
    "core:start": [Case(PUBLIC)],
    "personal_start": [Case(SIGNED_IN)],
    # public pages; the coordination office edits them
    "pages:impressum": [Case(PUBLIC)],
    "pages:datenschutz": [Case(PUBLIC)],
    "pages:barrierefreiheit": [Case(PUBLIC)],
    "pages:hilfe": [Case(PUBLIC)],
    "pages:list": [Case(COORDINATION)],
    "pages:edit": [Case(COORDINATION, lambda w: {"slug": "impressum"})],
    # reviews and the way to the decision
    "reviews:list": [Case(SIGNED_IN)],
    "reviews:detail": review_states(OWN_REVIEW, _review_pk),
    "reviews:declare": review_states(POST_ONLY, _review_pk),
    "reviews:score": review_states(POST_ONLY, _review_pk),
    "reviews:lift": review_states(POST_ONLY, _review_pk),
    "reviews:summary": review_states(
        SCORES, _summary_pk, ("undeclared", "submitted"), submitted=SCORES_SUBMITTED
    ),
    "reviews:summary_export": [
        *review_states(
            SCORES,
            lambda w, s: _summary_pk(w, s, fmt="csv"),
            ("undeclared", "submitted"),
            submitted=SCORES_SUBMITTED,
        ),
        Case(SCORES, lambda w: _summary_pk(w, "declared", fmt="xlsx"), state="declared-xlsx"),
    ],
    "reviews:assign": [Case(POST_ONLY, lambda w: _summary_pk(w, "undeclared"))],
    "reviews:agenda": [Case(AGENDA, lambda w: _summary_pk(w, "undeclared"))],
    "reviews:external": [
        Case(EXTERNAL_IN_REVIEW, lambda w: {"pk": proposal_in_state(w, "in_review").pk}),
        Case(
            EXTERNAL_APPROVED,
            lambda w: {"pk": proposal_in_state(w, "approved").pk},
            state="approved",
        ),
    ],
    "notifications:list": [Case(SIGNED_IN)],
    "notifications:read": [Case(POST_ONLY, lambda w: {"pk": notification_of_member(w).pk})],
    "api:review-list": [Case(API_SIGNED_IN)],
    "api:review-detail": review_states(API_OWN_REVIEW, _review_pk),
    "api:review-declare": [Case(API_POST_ONLY, lambda w: _review_pk(w, "undeclared"))],
    "api:review-score": [Case(API_POST_ONLY, lambda w: _review_pk(w, "none"))],
    "api:review-lift": [Case(API_POST_ONLY, lambda w: _review_pk(w, "declared"))],
    "api:review-summary-detail": [Case(API_SCORES, lambda w: _summary_pk(w, "undeclared"))],
    "api:proposal-decision-agenda": [Case(API_POST_ONLY, lambda w: _summary_pk(w, "undeclared"))],
    "api:proposal-decision-external": [
        Case(API_POST_ONLY, lambda w: {"pk": proposal_in_state(w, "approved").pk})
    ],
    # proposals
    "proposals:mine": [Case(SIGNED_IN), Case(SIGNED_IN, query="?format=csv")],
    "proposals:intake": [
        Case(ANY_STEERING),
        Case(ANY_STEERING, query="?status=submitted&format=xlsx"),
    ],
    "proposals:occupation_search": [Case(SIGNED_IN, query="?q=Pflege")],
    "proposals:create": [
        Case(SIGNED_IN, lambda w: {"call_slug": world_call(w).slug}, state="open call"),
        Case(
            row(L, 403, 403, 403, 403, 403, 403, 403),
            lambda w: {"call_slug": world_call(w, closed=True).slug},
            state="closed call",
        ),
    ],
    "proposals:detail": proposal_states(SUBMITTED_SEEN, draft=DRAFT_OWN),
    "proposals:step": proposal_states(
        SUBMITTED_NOT_EDITABLE, _step, draft=DRAFT_OWN, revision=OWN_EDIT_SEEN
    ),
    "proposals:submit": proposal_states(POST_ONLY),
    "proposals:withdraw": proposal_states(
        OWN_EDIT_SEEN, draft=DRAFT_OWN, withdrawn=SUBMITTED_NOT_EDITABLE
    ),
    "proposals:transition": proposal_states(POST_ONLY),
    "proposals:revision": proposal_states(
        OFFICE_ON_SUBMITTED,
        draft=row(L, 403, 404, 404, 404, 404, 404, 404),
        revision=SUBMITTED_NOT_EDITABLE,
        withdrawn=SUBMITTED_NOT_EDITABLE,
    ),
    "proposals:versions": proposal_states(SUBMITTED_SEEN, draft=DRAFT_OWN),
    "proposals:co_applicants": proposal_states(
        OWN_EDIT_SEEN, draft=DRAFT_OWN, withdrawn=SUBMITTED_NOT_EDITABLE
    ),
    "proposals:co_applicant_remove": [
        Case(
            POST_ONLY,
            lambda w: {"pk": world_proposal(w, "draft").pk, "co_pk": world_co_applicant(w).pk},
        )
    ],
    "api:proposal-list": [Case(API_SIGNED_IN)],
    "api:proposal-detail": proposal_states(API_SUBMITTED_SEEN, draft=API_DRAFT_OWN),
    "api:proposal-versions": proposal_states(API_SUBMITTED_SEEN, draft=API_DRAFT_OWN),
    "api:proposal-submit": proposal_states(API_POST_ONLY),
    "api:proposal-withdraw": proposal_states(API_POST_ONLY),
    "api:proposal-transition": proposal_states(API_POST_ONLY),
    "api:proposal-revision": proposal_states(API_POST_ONLY),
    "core:districts": [Case(PUBLIC)],
    # funding (budgets as a ledger): the office everything, alliances their own budgets
    # outcomes (p3): the recipient (the world's applicant), the office and A's members see a
    # project's outcomes and their effect on the gap; the fit to need of a proposal is seen by
    # the office and A's steering group (the applicant: 403, it is never a step for them)
    "outcomes:report": report_states(RECIPIENT_AND_A),
    "outcomes:template": [
        Case(RECIPIENT_AND_A, lambda w, f=fmt: {"report_pk": world_report(w, "due").pk, "fmt": f})
        for fmt in ("csv", "xlsx")
    ],
    "outcomes:import": [Case(POST_ONLY, lambda w: {"report_pk": world_report(w, "draft").pk})],
    "outcomes:effect": [Case(RECIPIENT_AND_A, lambda w: {"project_pk": p3_project(w).pk})],
    "outcomes:alliance_effect": [Case(INTERNAL_A, slug_a)],
    "api:outcome-list": [Case(API_SIGNED_IN)],
    "api:outcome-detail": [Case(API_RECIPIENT_AND_A, lambda w: {"pk": world_result(w).pk})],
    "api:participant-count-list": [Case(API_SIGNED_IN)],
    "api:participant-count-detail": [
        Case(API_RECIPIENT_AND_A, lambda w: {"pk": world_participants(w).pk})
    ],
    "api:proposal-need-list": proposal_states(
        API_NEED_SEEN, lambda w, p: {"proposal_pk": p.pk}, draft=API_NEED_DRAFT
    ),
    "funding:overview": [Case(row(L, 403, 200, 200, 200, 200, 200, 200))],
    "funding:budget_create": [Case(COORDINATION)],
    "funding:ledger": [
        Case(INTERNAL_A, lambda w: {"budget_id": funding_records(w).budget_a.pk}),
        Case(OFFICE_ONLY, lambda w: {"budget_id": funding_records(w).pool.pk}),
    ],
    "funding:allocate": [
        Case(OFFICE_IN_A, lambda w: {"budget_id": funding_records(w).budget_a.pk}),
        Case(OFFICE_ONLY, lambda w: {"budget_id": funding_records(w).pool.pk}),
    ],
    "funding:carry_over": [
        # Saxony's remainders lapse: nobody carries over; Niedersachsen's carry over
        Case(NOBODY_IN_A, lambda w: {"budget_id": funding_records(w).budget_a.pk}),
        Case(OFFICE_ONLY, lambda w: {"budget_id": funding_records(w).carry_pool.pk}),
    ],
    "funding:planning": [
        Case(OFFICE_IN_A, lambda w: {"budget_id": funding_records(w).planning_a.pk}),
        Case(NOBODY_IN_A, lambda w: {"budget_id": funding_records(w).budget_a.pk}),
    ],
    "api:budget-list": [Case(API_SIGNED_IN)],
    "api:budget-detail": [
        Case(API_INTERNAL_A, lambda w: {"pk": funding_records(w).budget_a.pk}),
        Case(API_OFFICE_ONLY, lambda w: {"pk": funding_records(w).pool.pk}),
    ],
    "api:ledgerentry-list": [Case(API_SIGNED_IN)],
    "api:ledgerentry-detail": [
        Case(API_INTERNAL_A, lambda w: {"pk": funding_records(w).entry_a.pk}),
    ],
    "core:district": [Case(PUBLIC, lambda w: {"ags": "06411"})],
    # programme statistics and the public record (p4_world.py: funded projects of A's programme,
    # one with an internal note marked SECRET)
    "programmestats:overview": [Case(PUBLIC), Case(PUBLIC, _p4_programme, query="?nach=kreis")],
    "programmestats:pdf": [Case(SAME_FOR_ALL), Case(PUBLIC, _p4_programme)],
    "programmestats:historic_import": [Case(COORDINATION)],
    "transparency:list": [Case(PUBLIC), Case(PUBLIC, _p4_programme, query="?kreis=14626")],
    "transparency:map": [Case(PUBLIC, _p4_programme)],
    "transparency:detail": [Case(PUBLIC, lambda w: {"pk": p4_projects(w).platform.pk})],
    "api:programme-statistics-list": [Case(PUBLIC, _p4_programme)],
    "api:programme-statistics-detail": [
        Case(PUBLIC, lambda w: {"slug": p4_projects(w).platform.programme.slug})
    ],
    "api:public-project-list": [Case(PUBLIC, _p4_programme)],
    "api:public-project-detail": [Case(PUBLIC, lambda w: {"pk": p4_projects(w).platform.pk})],
    # projects and reports (p1_world.py)
    "projects:list": [Case(SIGNED_IN), Case(SIGNED_IN, query="?scope=all&format=xlsx")],
    "projects:create": [Case(POST_ONLY, lambda w: {"proposal_pk": unmade_proposal(w).pk})],
    "projects:detail": [Case(PROJECT_SEEN, lambda w: {"pk": project_records(w).project.pk})],
    "projects:transition": [Case(POST_ONLY, lambda w: {"pk": project_records(w).project.pk})],
    "projects:budget": [
        Case(
            PROJECT_OFFICE,
            lambda w: {"pk": project_in_state(w, "preparation").pk},
            state="preparation",
        ),
        Case(PROJECT_NOBODY, lambda w: {"pk": project_records(w).project.pk}, state="running"),
    ],
    "projects:milestone_add": [
        Case(PROJECT_RECIPIENT, lambda w: {"pk": project_records(w).project.pk}),
        Case(
            PROJECT_NOBODY,
            lambda w: {"pk": project_in_state(w, "closed").pk},
            state="closed",
        ),
    ],
    "projects:milestone_edit": [
        Case(
            PROJECT_RECIPIENT,
            lambda w: {
                "pk": project_records(w).project.pk,
                "milestone_pk": project_records(w).milestone.pk,
            },
        )
    ],
    "projects:milestone_done": [
        Case(
            POST_ONLY,
            lambda w: {
                "pk": project_records(w).project.pk,
                "milestone_pk": project_records(w).milestone.pk,
            },
        )
    ],
    "projects:people": [Case(PROJECT_RECIPIENT, lambda w: {"pk": project_records(w).project.pk})],
    "projects:person_remove": [
        Case(
            POST_ONLY,
            lambda w: {"pk": project_records(w).project.pk, "person_pk": reporting_person(w).pk},
        )
    ],
    "reporting:overdue": [Case(OVERDUE_SEEN), Case(OVERDUE_SEEN, query="?format=csv")],
    "reporting:detail": [
        Case(PROJECT_SEEN, lambda w, state=state: {"pk": report_in_state(w, state).pk}, state=state)
        for state in ("due", "submitted", "accepted")
    ],
    "reporting:review": [
        Case(
            PROJECT_OFFICE, lambda w: {"pk": report_in_state(w, "submitted").pk}, state="submitted"
        ),
        Case(PROJECT_NOBODY, lambda w: {"pk": report_in_state(w, "draft").pk}, state="draft"),
    ],
    "reporting:attachment_add": [Case(POST_ONLY, lambda w: {"pk": report_in_state(w, "draft").pk})],
    "reporting:attachment": [
        Case(
            PROJECT_SEEN,
            lambda w: {
                "pk": report_attachment(w).report_id,
                "attachment_pk": report_attachment(w).pk,
            },
        )
    ],
    "reporting:attachment_delete": [
        Case(
            POST_ONLY,
            lambda w: {
                "pk": report_attachment(w).report_id,
                "attachment_pk": report_attachment(w).pk,
            },
        )
    ],
    "api:project-list": [Case(API_SIGNED_IN)],
    "api:project-detail": [Case(API_PROJECT_SEEN, lambda w: {"pk": project_records(w).project.pk})],
    "api:project-transition": [
        Case(API_POST_ONLY, lambda w: {"pk": project_records(w).project.pk})
    ],
    "api:project-budget": [Case(API_POST_ONLY, lambda w: {"pk": project_records(w).project.pk})],
    "api:milestone-list": [Case(API_SIGNED_IN)],
    "api:milestone-detail": [
        Case(API_PROJECT_SEEN, lambda w: {"pk": project_records(w).milestone.pk})
    ],
    "api:milestone-done": [Case(API_POST_ONLY, lambda w: {"pk": project_records(w).milestone.pk})],
    "api:report-list": [Case(API_SIGNED_IN)],
    "api:report-detail": [
        Case(
            API_PROJECT_SEEN,
            lambda w, state=state: {"pk": report_in_state(w, state).pk},
            state=state,
        )
        for state in ("due", "submitted")
    ],
    "api:report-submit": [Case(API_POST_ONLY, lambda w: {"pk": report_in_state(w, "due").pk})],
    "api:report-review": [
        Case(API_POST_ONLY, lambda w: {"pk": report_in_state(w, "submitted").pk})
    ],
    # workshops of A: planned ones are their organisers' (A's steering group, the office);
    # announced public ones are read by anyone; attendance and invitations are the organisers'
    "workshops:list": [
        Case(PUBLIC),
        Case(PUBLIC, query="?wann=vergangene&art=online&land=14&sort=-title"),
        Case(PUBLIC, query="?format=csv"),
        Case(PUBLIC, query="?format=xlsx"),
    ],
    "workshops:calendar": [Case(PUBLIC), Case(PUBLIC, query="?jahr=2027&monat=13")],
    "workshops:own": [Case(SIGNED_IN)],
    "workshops:alliance_feed": [Case(PUBLIC, lambda w: {"alliance_slug": _feed_alliance(w)})],
    "workshops:district_feed": [Case(PUBLIC, lambda w: {"ags": _feed_district(w)})],
    "workshops:create_choose": [Case(ANY_STEERING)],
    "workshops:create_central": [Case(COORDINATION)],
    "workshops:create": [Case(MANAGE_PUBLIC_A, lambda w: {"alliance_slug": w.a.slug})],
    "workshops:detail": workshop_states(PUBLIC, planned=DRAFTERS_A),
    "workshops:edit": workshop_states(MANAGE_PUBLIC_A, planned=DRAFTERS_EDIT_A, done=NOBODY),
    "workshops:transition": [Case(POST_ONLY, lambda w: _workshop(w, "open"))],
    "workshops:agenda": workshop_states(MANAGE_PUBLIC_A, planned=DRAFTERS_EDIT_A, done=NOBODY),
    "workshops:agenda_delete": [
        Case(POST_ONLY, lambda w: {**_workshop(w, "open"), "pk": matrix_agenda_entry(w).pk})
    ],
    "workshops:invitations": workshop_states(MANAGE_PUBLIC_A, planned=DRAFTERS_EDIT_A),
    "workshops:registrations": workshop_states(
        MANAGE_PUBLIC_A, planned=row(L, 404, 404, 403, 404, 404, 403, 403)
    ),
    "workshops:register": [Case(POST_ONLY, lambda w: _workshop(w, "open"))],
    "workshops:cancel": [Case(POST_ONLY, lambda w: _workshop(w, "open"))],
    "workshops:accept": [Case(POST_ONLY, lambda w: _workshop(w, "open"))],
    "workshops:ical": workshop_states(PUBLIC, planned=DRAFTERS_A),
    "workshops:attendance": [
        Case(MANAGE_PUBLIC_A, lambda w: {**_workshop(w, "open"), "fmt": "pdf"}),
        Case(MANAGE_PUBLIC_A, lambda w: {**_workshop(w, "done"), "fmt": "xlsx"}),
    ],
    "workshops:documentation": workshop_states(
        NOBODY, planned=row(L, 404, 404, 403, 404, 404, 403, 403), done=MANAGE_PUBLIC_A
    ),
    "workshops:file": [Case(PUBLIC, lambda w: {**_workshop(w, "done"), "pk": matrix_photo(w).pk})],
    "workshops:file_delete": [
        Case(POST_ONLY, lambda w: {**_workshop(w, "done"), "pk": matrix_photo(w).pk})
    ],
    # workshop outcomes (w3): read with the workshop (never while planned); the moderator view
    # is the organisers'; a done workshop of A takes entries until its protocol is closed
    "workshop_outcomes:board": workshop_states(PUBLIC, planned=NOT_FOUND),
    "workshop_outcomes:moderation": workshop_states(
        MANAGE_PUBLIC_A, planned=row(L, 404, 404, 403, 404, 404, 403, 403)
    ),
    "workshop_outcomes:method": [Case(POST_ONLY, lambda w: _workshop(w, "done"))],
    "workshop_outcomes:moderators": [Case(POST_ONLY, lambda w: _workshop(w, "done"))],
    "workshop_outcomes:close": [Case(POST_ONLY, lambda w: _workshop(w, "done"))],
    "workshop_outcomes:pdf": workshop_states(PUBLIC, planned=NOT_FOUND),
    "workshop_outcomes:detail": [Case(PUBLIC, lambda w: _outcome(w))],
    "workshop_outcomes:edit": [Case(MANAGE_PUBLIC_A, lambda w: _outcome(w))],
    "workshop_outcomes:vote": [Case(POST_ONLY, lambda w: _outcome(w))],
    "workshop_outcomes:transition": [Case(POST_ONLY, lambda w: _outcome(w))],
    "workshop_outcomes:note": [Case(POST_ONLY, lambda w: _outcome(w))],
    "workshop_outcomes:make_call": [Case(POST_ONLY, lambda w: _outcome(w))],
    "workshop_outcomes:to_catalogue": [Case(POST_ONLY, lambda w: _outcome(w))],
    "workshop_outcomes:delete": [Case(POST_ONLY, lambda w: _outcome(w))],
    "workshop_outcomes:district": [
        Case(PUBLIC, lambda w: {"ags": w.a.districts.first().ags}),
        Case(
            PUBLIC, lambda w: {"ags": w.a.districts.first().ags}, query="?status=open&sort=-points"
        ),
        Case(PUBLIC, lambda w: {"ags": w.a.districts.first().ags}, query="?format=xlsx"),
        Case(NOT_FOUND, lambda w: {"ags": "99999"}),
    ],
    "workshop_outcomes:alliance": [
        Case(PUBLIC, lambda w: {"alliance_slug": w.a.slug}),
        Case(PUBLIC, lambda w: {"alliance_slug": w.a.slug}, query="?format=csv&q=Pflege"),
    ],
    "api:workshop-outcome-list": [Case(PUBLIC)],
    "api:workshop-outcome-detail": [Case(PUBLIC, lambda w: {"pk": matrix_outcome(w).pk})],
    "api:workshop-outcome-vote": [Case(API_POST_ONLY, lambda w: {"pk": matrix_outcome(w).pk})],
    "api:workshop-outcome-transition": [
        Case(API_POST_ONLY, lambda w: {"pk": matrix_outcome(w).pk})
    ],
    "api:workshop-outcome-call": [Case(API_POST_ONLY, lambda w: {"pk": matrix_outcome(w).pk})],
    "api:workshop-list": [Case(PUBLIC)],
    "api:workshop-detail": workshop_states(PUBLIC, planned=DRAFTERS_A),
    "api:event-list": [Case(PUBLIC)],
    "api:event-detail": [
        Case(PUBLIC, lambda w: {"slug": matrix_workshop(w, "open", "online").slug})
    ],
    "api:workshop-registration-list": [Case(API_SIGNED_IN)],
    "api:workshop-registration-detail": [
        Case(row(401, 200, 404, 404, 404, 404, 404, 404), lambda w: _registration(w))
    ],
    "api:workshop-registration-cancel": [Case(API_POST_ONLY, lambda w: _registration(w))],
    "api:workshop-registration-accept": [Case(API_POST_ONLY, lambda w: _registration(w))],
    # the catalogue (knowledge): published entries for all; the others for their keepers
    "knowledge:measures": [
        Case(PUBLIC, _unpublished_entries),
        Case(
            PUBLIC,
            _unpublished_entries,
            query="?stand=bearbeitung&handlungsfeld=attract_retain&zielgruppe=international"
            "&beruf=813&land=14&status=running&sort=-title",
        ),
        Case(PUBLIC, _unpublished_entries, query="?stand=bearbeitung&format=csv"),
        Case(PUBLIC, query="?format=xlsx"),
    ],
    "knowledge:measure_create": [Case(PROPOSERS)],
    "knowledge:measure": entry_states("measure", _seen),
    "knowledge:measure_edit": entry_states("measure", ENTRY_EDIT.get),
    "knowledge:measure_transition": [
        Case(POST_ONLY, lambda w: {"slug": matrix_entry(w, "measure", "draft").slug})
    ],
    "knowledge:practices": [
        Case(PUBLIC, _unpublished_entries),
        Case(PUBLIC, _unpublished_entries, query="?stand=bearbeitung&wz=C&land=14&sort=-month"),
        Case(PUBLIC, query="?format=csv"),
        Case(PUBLIC, query="?format=xlsx"),
    ],
    "knowledge:practice_create": [Case(PROPOSERS)],
    "knowledge:practice": entry_states("practice", _seen),
    "knowledge:practice_edit": entry_states("practice", ENTRY_EDIT.get),
    "knowledge:practice_transition": [
        Case(POST_ONLY, lambda w: {"slug": matrix_entry(w, "practice", "draft").slug})
    ],
    "api:measure-list": [Case(PUBLIC, _unpublished_entries)],
    "api:measure-detail": entry_states("measure", _seen),
    "api:measure-transition": [
        Case(NO_GET, lambda w: {"slug": matrix_entry(w, "measure", "draft").slug})
    ],
    "api:good-practice-list": [Case(PUBLIC, _unpublished_entries)],
    "api:good-practice-detail": entry_states("practice", _seen),
    "api:good-practice-transition": [
        Case(NO_GET, lambda w: {"slug": matrix_entry(w, "practice", "draft").slug})
    ],
    # the search holds public records only: A's unpublished entries are found by nobody
    "sitesearch:search": [
        Case(PUBLIC, _unpublished_entries, query="?q=Geheim"),
        Case(PUBLIC, _unpublished_entries, query="?q=Betrieb&typ=practice&land=14&kreis=14626"),
        Case(
            PUBLIC,
            query="?q=Pflege&handlungsfeld=attract_retain&zielgruppe=international&beruf=813",
        ),
        Case(PUBLIC),
    ],
    "api:search-list": [Case(PUBLIC, _unpublished_entries, query="?q=Geheim")],
    # overlaps (issue 14): the office's labels and refresh; the check of each proposal
    "overlaps:labels": [Case(COORDINATION), Case(COORDINATION, query="?format=xlsx")],
    "overlaps:refresh": [Case(POST_ONLY)],
    "overlaps:label": proposal_states(POST_ONLY),
    "api:proposal-overlap-list": proposal_states(
        API_SUBMITTED_SEEN,
        kwargs=lambda w, proposal: {"proposal_pk": proposal.pk},
        draft=API_DRAFT_OWN,
    ),
}


def _workshop(w, status: str) -> dict[str, Any]:
    return {"slug": matrix_workshop(w, status).slug}


def _registration(w) -> dict[str, Any]:
    return {"pk": matrix_registration(w).pk}


def _outcome(w) -> dict[str, Any]:
    outcome = matrix_outcome(w)
    return {"slug": outcome.workshop.slug, "pk": outcome.pk}


def _feed_alliance(w) -> str:
    matrix_workshop(w, "planned"), matrix_workshop(w, "open")  # the feed must hide the first
    return w.a.slug


def _feed_district(w) -> str:
    matrix_workshop(w, "planned"), matrix_workshop(w, "open")
    return w.a.districts.first().ags


# Django's own views, not the project's: the language switch (tested in test_pages.py).
NOT_OURS = {"set_language"}


def _is_format_suffix(pattern: URLPattern) -> bool:
    text = str(pattern.pattern)
    return "(?P<format>" in text or "<drf_format_suffix:format>" in text


def project_url_names() -> set[str]:
    """Every named URL pattern, with its namespaces, except format suffixes and Django's own."""
    names: set[str] = set()

    def walk(patterns: list, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and not _is_format_suffix(entry):
                assert entry.name, f"URL pattern {entry.pattern} has no name"
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, "")
    return names - NOT_OURS


def test_every_url_is_in_the_matrix():
    names = project_url_names()
    missing = sorted(names - set(MATRIX))
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"URL names without a row in MATRIX (add them): {missing}"
    assert not stale, f"rows in MATRIX for URL names that no longer exist: {stale}"


def _case_id(name: str, cases: list[Case], index: int) -> str:
    if cases[index].state:
        return f"{name}[{cases[index].state}]"
    return f"{name}#{index}" if len(cases) > 1 else name


CASES = [
    pytest.param(name, index, id=_case_id(name, cases, index))
    for name, cases in MATRIX.items()
    for index in range(len(cases))
]


@pytest.mark.parametrize(("name", "index"), CASES)
def test_get_matrix(name, index, world, clients):
    case = MATRIX[name][index]
    url = reverse(name, kwargs=case.kwargs(world)) + case.query
    got: dict[str, Any] = {}
    leaks = []
    for role in ROLES:
        response = clients[role].get(url)
        got[role] = outcome(response)
        if role in OUTSIDERS and response.status_code == 200:
            body = body_text(response)
            # the PDF minutes are compressed; everything else is text
            if SECRET.lower() in body.lower():
                leaks.append(role)
    expect = case.expect
    if expect == SAME_FOR_ALL:
        assert got["anonymous"] in {200, 404}, got
        expect = dict.fromkeys(ROLES, got["anonymous"])
    wrong = {role: (expect[role], got[role]) for role in ROLES if expect[role] != got[role]}
    assert not wrong, f"GET {url}: role: (expected, got) {wrong}"
    assert not leaks, f"GET {url} shows A's internal records ({SECRET}) to {leaks}"


# --- searches and filters leak nothing ------------------------------------------------------

INTERNAL_API_LISTS = [
    "api:representative-list",
    "api:project-group-list",
    "api:expert-list",
    "api:strategy-version-list",
    "api:commitment-list",
    "api:meeting-list",
    "api:agenda-item-list",
    "api:vote-list",
    "api:conflict-list",
    "api:alliance-role-list",
]
# One filter name across the API (``web.api.filters``); the decisions lists keep their old names
# as deprecated aliases, checked as well.
ALLIANCE_FILTER = {
    name: ["alliance"] for name in INTERNAL_API_LISTS if name != "api:representative-list"
}
ALLIANCE_FILTER["api:meeting-list"].append("alliance__slug")
ALLIANCE_FILTER["api:agenda-item-list"].append("meeting__alliance__slug")


@pytest.mark.parametrize("name", INTERNAL_API_LISTS)
def test_internal_api_lists_count_only_what_the_role_may_see(name, world, clients):
    """Outsiders of A get lists (and counts) without A's records, by any search or filter."""
    url = reverse(name)
    queries = [""]
    if _searchable(name):
        queries.append("?search=" + SECRET)
    queries += [f"?{param}={world.a.slug}" for param in ALLIANCE_FILTER.get(name, [])]
    for query in queries:
        seen = clients["member"].get(url + query).json()
        assert seen["count"] >= 1, (name, query, seen)
        for role in ("applicant", "outsider_member", "outsider"):
            answer = clients[role].get(url + query).json()
            assert SECRET not in str(answer["results"]), (role, name, query)
            assert answer["count"] == len(answer["results"]), (role, name, query)
            if query:
                assert answer["count"] == 0, (role, name, query, answer)


def _searchable(name: str) -> bool:
    return bool(getattr(resolve(reverse(name)).func.cls, "search_fields", None))


# Every list of the API router that takes ?search= (derived, so a new one is checked at once).
SEARCHABLE_API_LISTS = sorted(
    f"api:{basename}-list"
    for _prefix, viewset, basename in router.registry
    if getattr(viewset, "search_fields", None) and hasattr(viewset, "list")
)


def test_searchable_lists_are_derived():
    assert {"api:alliance-list", "api:conflict-list", "api:vote-list"} <= set(SEARCHABLE_API_LISTS)
    assert {n for n in INTERNAL_API_LISTS if _searchable(n)} <= set(SEARCHABLE_API_LISTS)


@pytest.mark.parametrize("name", SEARCHABLE_API_LISTS)
def test_api_searches_leak_nothing(name, world, clients):
    """A search for A's internal marker finds nothing for an outsider of A, in the results nor
    in the count; a member of A finds A's internal records by the same search."""
    url = reverse(name) + "?search=" + SECRET
    for role in OUTSIDERS:
        response = clients[role].get(url)
        if response.status_code in {401, 403}:  # signed-in lists
            assert role == "anonymous", (name, role, response.status_code)
            continue
        assert response.status_code == 200, (name, role, response.status_code)
        assert SECRET.lower() not in body_text(response).lower(), (name, role)
        answer = response.json()
        if isinstance(answer, dict) and "count" in answer:
            assert answer["count"] == 0, (name, role, answer)
    if name in INTERNAL_API_LISTS:
        found = clients["member"].get(url).json()
        assert found["count"] >= 1 and SECRET in str(found["results"]), (name, found)


def test_ui_searches_leak_nothing(clients):
    """Public lists searched for A's internal names find nothing for an outsider (the search
    box repeats the query, so the query is only the first word of the marker)."""
    for name in ("alliances:list", "alliances:organisations"):
        for role in OUTSIDERS:
            body = body_text(clients[role].get(reverse(name) + "?q=" + SECRET.split("-")[0]))
            assert SECRET.lower() not in body.lower(), (name, role)
