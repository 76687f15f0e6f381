"""The write half of the role matrix: who may POST (UI forms) and write through the API.

Each row of ``WRITES`` names a URL of ``test_role_matrix.MATRIX``, its payload and method, and
what every role of ``ROLES`` gets: ``refused`` maps a refused role to its answer (columns of
``refuse``: anonymous, applicant, member of A, member of B, steering member of B; ``also_refused``
adds refused roles outside those columns, such as the coordination office for a vote). Every
other role is allowed. Refused roles must change nothing in the database; each allowed role, sent
the same payload in its own rolled-back savepoint, must change it (so a refusal is never just a
bad payload, and an allowed role is really allowed). ``allowed`` names the role whose success is
the row's main claim; it must be one of the allowed roles.

``test_every_write_is_in_the_table`` derives the write-capable URLs itself: every page whose view
accepts POST (by its decorators or its body, or a page with a POST form to itself) and every
unsafe method of every operation of the OpenAPI schema.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from calls_matrix_world import (
    matrix_attachment,
    matrix_call,
    matrix_criterion,
    matrix_document,
    matrix_proposal,
)
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from drf_spectacular.generators import SchemaGenerator
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
from p2_world import world_project, world_request
from p3_world import world_report, world_result
from pdf_samples import pdf_bytes
from proposal_world import CARRIER, world_call, world_co_applicant, world_proposal
from rest_framework.authtoken.models import Token
from review_records import (
    notification_of_member,
    proposal_in_state,
    review_in_state,
    review_records,
)
from role_world import (
    INVITATION_TOKEN,
    ROLES,
    L,
    R,
    body_text,
    outcome,
)
from test_role_matrix import MATRIX
from workshop_outcomes_matrix_world import (
    matrix_measure_for_call,
    matrix_outcome,
    matrix_voter,
)
from workshops_matrix_world import (
    matrix_agenda_entry,
    matrix_offer,
    matrix_photo,
    matrix_registration,
    matrix_workshop,
)

from fachkraefte.web.accounts.models import Invitation
from fachkraefte.web.alliances.models import (
    ActionField,
    Alliance,
    AllianceRole,
    Commitment,
    Expert,
    Membership,
    Priority,
    ProjectGroup,
    StrategyVersion,
)
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.calls.models import Call, CallDocument, ReviewCriterion
from fachkraefte.web.decisions.models import AgendaItem, ConflictOfInterest, Meeting, Vote
from fachkraefte.web.funding.models import Budget, LedgerEntry
from fachkraefte.web.knowledge.models import GoodPractice, Measure
from fachkraefte.web.notifications.models import Notification
from fachkraefte.web.organisations.models import Organisation, Representative
from fachkraefte.web.outcomes.models import OutcomeResult, ParticipantCount
from fachkraefte.web.overlaps.models import OverlapCandidate, OverlapLabel
from fachkraefte.web.payments.models import PaymentLine, PaymentRequest, Repayment
from fachkraefte.web.programmes.models import CompositionRule, Programme
from fachkraefte.web.projects.models import Milestone, Project, ProjectBudgetLine, ProjectPerson
from fachkraefte.web.proposals.models import (
    Attachment,
    BudgetLine,
    CoApplicant,
    Proposal,
    ProposalVersion,
)
from fachkraefte.web.reporting.models import Report, ReportAttachment
from fachkraefte.web.reviews.models import Review, Score
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.workshops.models import (
    AgendaEntry,
    Registration,
    Workshop,
    WorkshopFile,
    WorkshopInvitation,
)

pytestmark = pytest.mark.django_db


# --- the table -----------------------------------------------------------------------------------

SNAPSHOT_MODELS = [
    Alliance,
    Membership,
    AllianceRole,
    ActionField,
    Priority,
    ProjectGroup,
    Expert,
    StrategyVersion,
    Commitment,
    Meeting,
    AgendaItem,
    Vote,
    ConflictOfInterest,
    AuditEntry,
    Organisation,
    Representative,
    Invitation,
    Token,
    Task,
    Programme,
    CompositionRule,
    Budget,
    LedgerEntry,
    Proposal,
    Review,
    Score,
    Notification,
    Call,
    ReviewCriterion,
    CallDocument,
    Attachment,
    BudgetLine,
    CoApplicant,
    ProposalVersion,
    PaymentRequest,
    PaymentLine,
    Repayment,
    Project,
    ProjectPerson,
    ProjectBudgetLine,
    Milestone,
    Report,
    ReportAttachment,
    OutcomeResult,
    ParticipantCount,
    Workshop,
    AgendaEntry,
    WorkshopInvitation,
    Registration,
    WorkshopFile,
    Measure,
    GoodPractice,
    OverlapLabel,
]


def _select_all(model, skip: tuple[str, ...] = ()) -> str:
    quote = connection.ops.quote_name
    columns = [f.column for f in model._meta.concrete_fields if f.column not in skip]
    return (
        f"SELECT {', '.join(map(quote, columns))} FROM {quote(model._meta.db_table)} "
        f"ORDER BY {quote(model._meta.pk.column)}"
    )


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the governance tables (and the users, without their login time).

    Plain SQL: taken twice per refused role, through the ORM it was half the matrix's time."""
    queries = {model.__name__: _select_all(model) for model in SNAPSHOT_MODELS}
    queries["User"] = _select_all(get_user_model(), skip=("last_login",))
    state = {}
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql)
            state[name] = cursor.fetchall()
    return state


@dataclass(frozen=True)
class Write:
    """A POST (``json`` for the API) and who may send it; ``refused`` maps role → answer."""

    name: str
    kwargs: Callable[[Any], dict[str, Any]]
    data: Callable[[Any], dict[str, Any]]
    allowed: str | None
    refused: dict[str, Any] = field(default_factory=dict)
    method: str = "post"
    json: bool = False
    also_refused: dict[str, Any] = field(default_factory=dict)

    def expected(self) -> dict[str, Any]:
        """Every role's expected answer: its refusal, or ``OK`` (the write happens)."""
        refused = {r: c for r, c in {**self.refused, **self.also_refused}.items() if c is not None}
        return {role: refused.get(role, OK) for role in ROLES}


OK = "write happens"


def refuse(anon: Any, applicant: Any, member: Any, outsider_member: Any, outsider: Any) -> dict:
    return {
        "anonymous": anon,
        "applicant": applicant,
        "member": member,
        "outsider_member": outsider_member,
        "outsider": outsider,
    }


# Refusal patterns, columns: anonymous, applicant, member of A, member of B, steering of B.
PUBLIC_RECORD = refuse(L, 403, 403, 403, 403)  # managing A's public records
INTERNAL_RECORD = refuse(L, 404, 403, 404, 404)  # managing A's internal records
MEMBER_ACTION = refuse(L, 404, None, 404, 404)  # the member of A may do it (speaks for org A)
VOTER_ACTION = refuse(L, 404, 403, 404, 404)  # only steering members of A
COORDINATION_ONLY = refuse(L, 403, 403, 403, 403)
# The API answers an anonymous call 401 (with WWW-Authenticate), and asks the rules before it
# validates the body, so that nobody without the right learns what exists from a message.
API_PUBLIC_RECORD = refuse(401, 403, 403, 403, 403)
API_INTERNAL_RECORD = refuse(401, 404, 403, 404, 404)
API_INTERNAL_CREATE = refuse(401, 404, 403, 404, 404)
# The decisions API looks the parent meeting or agenda item up among those the user sees: an
# invisible one is as good as none, so only those with the right somewhere get to validation,
# where it "does not exist" (400), the same as one that does not exist.
API_UNKNOWN_PARENT = refuse(401, 403, 403, 403, 400)
# Only members of the steering group vote or declare a conflict, not the coordination office.
NOT_VOTERS = {"coordination": 403, "admin": 403}
# Roles outside the five columns of ``refuse`` that are refused too.
NOT_STEERING_A = {"steering": 403}
# A decided agenda item takes no vote, conflict, edit or second close from anyone: the managers
# of A get 400 (or, on a page, are sent back to the item), everyone else their usual refusal;
# a vote or conflict on it is refused before validation to all without a vote anywhere.
DECIDED_PAGE = refuse(L, 404, 403, 404, 404)
DECIDED_API = refuse(401, 404, 403, 404, 404)
# only the steering member of B, who may vote somewhere, gets as far as "does not exist" (400)
DECIDED_API_PARENT = refuse(401, 403, 403, 403, 400)
MANAGERS_400 = {"steering": 400, "coordination": 400, "admin": 400}
MANAGERS_BACK = {"steering": R, "coordination": R, "admin": R}
VOTER_400 = {"steering": 400, **NOT_VOTERS}


# Reviews (review_records.py): the member of A reviews the applicant's proposal in A's call.
OWN_REVIEW_ONLY = {
    **refuse(L, 404, None, 404, 404),
    "steering": 404,
    "coordination": 403,
    "admin": 403,
}
API_OWN_REVIEW_ONLY = {
    **refuse(401, 404, None, 404, 404),
    "steering": 404,
    "coordination": 403,
    "admin": 403,
}
OFFICE_ON_REVIEW = {**refuse(L, 404, 403, 404, 404), "steering": 404}
API_OFFICE_ON_REVIEW = {**refuse(401, 404, 403, 404, 404), "steering": 404}
# the applicant and the reviewer see the proposal exist (403); the steering group of A sees its
# scores but assigns no reviewers, nor records the funder's notice
OFFICE_ON_PROPOSAL = {**refuse(L, 403, 403, 404, 404), "steering": 403}
API_OFFICE_ON_PROPOSAL = {**refuse(401, 403, 403, 404, 404), "steering": 403}
EXTERNAL_NOTICE = {**refuse(L, 403, 404, 404, 404), "steering": 403}
API_EXTERNAL_NOTICE = {**refuse(401, 403, 404, 404, 404), "steering": 403}
DECIDERS_ON_PROPOSAL = refuse(L, 403, 404, 404, 404)
API_DECIDERS_ON_PROPOSAL = refuse(401, 403, 404, 404, 404)
OWN_NOTIFICATION = {
    **refuse(L, 404, None, 404, 404),
    "steering": 404,
    "coordination": 404,
    "admin": 404,
}


def _scores(w) -> dict[str, Any]:
    return {str(c.pk): "4" for c in review_records(w).criteria}


def _motion(w) -> dict[str, Any]:
    return {"agenda_item": w.items["open"].pk, "motion": "approve", "approved_amount": "1000.00"}


NOTICE = {"external_decision_on": "2025-06-02", "external_reference": "SAB-2025-1"}
HIDDEN_DRAFT = refuse(L, 404, 404, 404, 404)  # a draft call of A: its drafters only
NOT_APPLICANT = {"steering": 404, "coordination": 404, "admin": 404}  # a draft proposal
# Catalogue entries (knowledge): a draft of A is kept by A's members and the office; members of
# B may propose for B only (naming A, the form refuses the choice: 400)
ENTRY_DRAFT_A = refuse(L, 404, None, 404, 404)
API_ENTRY_DRAFT_A = refuse(401, 404, None, 404, 404)
API_PROPOSE_IN_A = refuse(401, 403, None, 403, 403)  # the rules refuse before the body is read


def _measure_form(w) -> dict[str, Any]:
    return {
        "alliance": w.a.pk,
        "title": "Pflegelotsen",
        "slug": "pflegelotsen-matrix",
        "summary": "Lotsen für Pflegekräfte",
        "activity": "running",
        "occupations": "813",
    }


def _practice_form(w) -> dict[str, Any]:
    return {
        "alliance": w.a.pk,
        "employer": "Muster AG",
        "title": "Muster AG stellt sich vor",
        "slug": "muster-ag-matrix",
        "district": "14626",
        "published_month": "2024-05-01",
        "summary": "Wie die Muster AG Fachkräfte bindet",
    }


def _call_form(w, **changes) -> dict[str, Any]:
    return {
        "title": "Aufruf aus der Matrix",
        "summary": "Kurz",
        "opens_on": "2025-03-01",
        "closes_on": "2025-06-30",
        "budget_year": "2025",
        "grant_rate_percent": "80",
        "eligible_cost_types": ["personnel"],
        **changes,
    }


def _call_body(w) -> dict[str, Any]:
    return {
        "slug": "api-aus-matrix",
        "programme": w.saxony.slug,
        "alliance": w.a.slug,
        "title": "Aufruf über die API",
        "summary": "Kurz",
        "opens_on": "2025-03-01",
        "closes_on": "2025-06-30",
        "budget_year": 2025,
        "max_grant_rate": "0.8",
        "eligible_cost_types": ["personnel"],
    }


def _pdf_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("anlage.pdf", pdf_bytes(), content_type="application/pdf")


# Proposals: a draft is its applicant's alone (404 for everyone else); a submitted one is seen
# by the office and A's steering group, who may not act for the applicant (403).
DRAFT_OWN_WRITE = refuse(L, None, 404, 404, 404)
NOT_OTHERS_DRAFT = {"steering": 404, "coordination": 404, "admin": 404}
NOT_OTHERS_SUBMITTED = {"steering": 403, "coordination": 403, "admin": 403}
OFFICE_WRITE = refuse(L, 403, 404, 404, 404)
API_DRAFT_OWN_WRITE = refuse(401, None, 404, 404, 404)
API_OFFICE_WRITE = refuse(401, 403, 404, 404, 404)
# Projects: A sees its projects (403), B does not (404)
PROJECT_OFFICE_WRITE = refuse(L, 403, 403, 404, 404)
API_PROJECT_OFFICE_WRITE = refuse(401, 403, 403, 404, 404)
RECIPIENT_WRITE = refuse(L, None, 403, 404, 404)
API_RECIPIENT_WRITE = refuse(401, None, 403, 404, 404)
ONLY_RECIPIENT = {"steering": 403, "coordination": 403, "admin": 403}


def _proposal(state: str):
    return lambda w: {"pk": world_proposal(w, state).pk}


def _carrier_post(w) -> dict[str, Any]:
    return {**CARRIER, "starts_on": "2025-09-01", "ends_on": "2026-08-31"}


def _a(w, **extra) -> dict[str, Any]:
    return {"slug": w.a.slug, **extra}


NOT_STEERING_A_404 = {"steering": 404}


def _budget_of(name: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"budget_id": getattr(funding_records(w), name).pk}


# payments (p2_world.py): the applicant is the recipient of A's running project
PAY_RECIPIENT_WRITE = {
    **refuse(L, None, 403, 404, 404),
    "steering": 403,
    "coordination": 403,
    "admin": 403,
}
DRAFT_WRITE = {**refuse(L, None, 404, 404, 404), "steering": 404, "coordination": 404, "admin": 404}
OFFICE_MONEY = {**refuse(L, 403, 403, 404, 404), "steering": 403}
API_PAY_RECIPIENT_WRITE = {
    **refuse(401, None, 403, 404, 404),
    "steering": 403,
    "coordination": 403,
    "admin": 403,
}
API_DRAFT_WRITE = {
    **refuse(401, None, 404, 404, 404),
    "steering": 404,
    "coordination": 404,
    "admin": 404,
}
# Workshops: the open public workshop of A is planned by A's steering group and the office;
# anyone signed in registers; a place is cancelled or an offer accepted by its person only.
OWN_PLACE = {**refuse(L, None, 404, 404, 404), "steering": 404, "coordination": 404, "admin": 404}
API_OWN_PLACE = {
    **refuse(401, None, 404, 404, 404),
    "steering": 404,
    "coordination": 404,
    "admin": 404,
}
API_OFFICE_MONEY = {**refuse(401, 403, 403, 404, 404), "steering": 403}


def _money_page(state: str) -> Callable[[Any], dict[str, Any]]:
    def kwargs(w) -> dict[str, Any]:
        payment_request = world_request(w, state)
        return {"project_pk": payment_request.project_id, "pk": payment_request.pk}

    return kwargs


def _money_api(state: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"pk": world_request(w, state).pk}


def _repayment(w) -> dict[str, Any]:
    return {
        "project": world_project(w).pk,
        "cost_type": "personnel",
        "amount": "1.00",
        "reason": "Rückforderung",
        "received_on": "2026-01-05",
    }


PAYMENT_WRITES = [
    Write(
        "payments:create",
        lambda w: {"project_pk": world_project(w).pk},
        lambda w: {"amount_personnel": "5,00", "note": "Honorare Oktober"},
        "applicant",
        PAY_RECIPIENT_WRITE,
    ),
    Write(
        "payments:edit",
        _money_page("draft"),
        lambda w: {"amount_personnel": "7,00"},
        "applicant",
        DRAFT_WRITE,
    ),
    Write("payments:submit", _money_page("draft"), lambda w: {}, "applicant", DRAFT_WRITE),
    Write("payments:approve", _money_page("submitted"), lambda w: {}, "coordination", OFFICE_MONEY),
    Write(
        "payments:reject",
        _money_page("submitted"),
        lambda w: {"note": "Belege fehlen"},
        "coordination",
        OFFICE_MONEY,
    ),
    Write(
        "payments:pay",
        _money_page("approved"),
        lambda w: {"paid_on": "2025-10-01"},
        "coordination",
        OFFICE_MONEY,
    ),
    Write(
        "payments:repayment",
        lambda w: {"project_pk": world_project(w).pk},
        lambda w: {**_repayment(w), "amount": "1,00"},
        "coordination",
        OFFICE_MONEY,
    ),
    Write(
        "api:payment-request-list",
        lambda w: {},
        lambda w: {"project": world_project(w).pk, "lines": {"personnel": "5.00"}},
        "applicant",
        API_PAY_RECIPIENT_WRITE,
        json=True,
    ),
    Write(
        "api:payment-request-detail",
        _money_api("draft"),
        lambda w: {"lines": {"personnel": "7.00"}},
        "applicant",
        API_DRAFT_WRITE,
        method="patch",
        json=True,
    ),
    Write(
        "api:payment-request-submit",
        _money_api("draft"),
        lambda w: {},
        "applicant",
        API_DRAFT_WRITE,
        json=True,
    ),
    Write(
        "api:payment-request-approve",
        _money_api("submitted"),
        lambda w: {"note": "Belege geprüft"},
        "coordination",
        API_OFFICE_MONEY,
        json=True,
    ),
    Write(
        "api:payment-request-reject",
        _money_api("submitted"),
        lambda w: {"note": "Belege fehlen"},
        "coordination",
        API_OFFICE_MONEY,
        json=True,
    ),
    Write(
        "api:payment-request-pay",
        _money_api("approved"),
        lambda w: {"paid_on": "2025-10-01"},
        "coordination",
        API_OFFICE_MONEY,
        json=True,
    ),
    Write(
        "api:repayment-list", lambda w: {}, _repayment, "coordination", API_OFFICE_MONEY, json=True
    ),
]

# Outcomes (p3): the recipient (the world's applicant) writes a report's outcomes while the
# report is open; who only sees them gets 403, who does not 404. The API's create names the
# report in the body and refuses everyone without the right alike (403), before validation.
NOT_RECIPIENT = {"steering": 403, "coordination": 403, "admin": 403}
API_RECIPIENT_CREATE = refuse(401, None, 403, 403, 403)
OUTCOME_FORM = {
    "tn-TOTAL_FORMS": "1",
    "tn-INITIAL_FORMS": "0",
    "er-TOTAL_FORMS": "1",
    "er-INITIAL_FORMS": "0",
    "tn-0-target_group": "unemployed",
    "tn-0-sex": "d",
    "tn-0-count": "3",
}


def _outcome_body(w) -> dict[str, Any]:
    return {
        "report": world_report(w, "draft").pk,
        "what": "Pflegefachkräfte qualifiziert",
        "count": 4,
        "occupation": "813",
        "district": "14626",
        "year": 2026,
    }


def _ws(w, status: str = "open", kind: str = "werkstatt") -> dict[str, Any]:
    return {"slug": matrix_workshop(w, status, kind).slug}


def _workshop_form(w, **extra: Any) -> dict[str, Any]:
    return {
        "title": "Zukunftswerkstatt Görlitz",
        "kind": "werkstatt",
        "districts": [w.a.districts.first().ags],
        "date": "2027-03-17",
        "start_time": "09:00",
        "end_time": "16:00",
        "venue": "Landratsamt Görlitz",
        "capacity": "30",
        "offer_hold_hours": "48",
        "reminder_days": "7",
        "public": "on",
        **extra,
    }


WORKSHOP_WRITES = [
    Write(
        "workshops:create",
        lambda w: {"alliance_slug": w.a.slug},
        lambda w: _workshop_form(w, slug="zw-aus-matrix"),
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshops:create_central",
        lambda w: {},
        lambda w: _workshop_form(w, slug="dialog-aus-matrix", kind="dialog", districts=[]),
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    Write("workshops:edit", _ws, lambda w: _workshop_form(w), "steering", PUBLIC_RECORD),
    Write(
        "workshops:transition",
        _ws,
        lambda w: {"status": "closed"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write("workshops:agenda", _ws, lambda w: {"title": "Mittagspause"}, "steering", PUBLIC_RECORD),
    Write(
        "workshops:agenda_delete",
        lambda w: {**_ws(w), "pk": matrix_agenda_entry(w).pk},
        lambda w: {},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshops:invitations",
        _ws,
        lambda w: {"group": "other", "emails": "gast@example.org"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshops:documentation",
        lambda w: _ws(w, "done"),
        lambda w: {"summary": "Rückblick auf den Tag"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshops:file_delete",
        lambda w: {**_ws(w, "done"), "pk": matrix_photo(w).pk},
        lambda w: {},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshops:register",
        _ws,
        lambda w: {"organisation_name": "Kammer A"},
        "applicant",
        refuse(L, None, None, None, None),
    ),
    Write(
        "workshops:cancel",
        lambda w: (matrix_registration(w), _ws(w))[1],
        lambda w: {},
        "applicant",
        OWN_PLACE,
    ),
    Write(
        "workshops:accept",
        lambda w: (matrix_offer(w), _ws(w, "open", "online"))[1],
        lambda w: {},
        "applicant",
        OWN_PLACE,
    ),
    Write(
        "api:workshop-registration-list",
        lambda w: {},
        lambda w: {"workshop": matrix_workshop(w).slug, "organisation_name": "Kammer A"},
        "applicant",
        refuse(401, None, None, None, None),
        json=True,
    ),
    Write(
        "api:workshop-registration-cancel",
        lambda w: {"pk": matrix_registration(w).pk},
        lambda w: {},
        "applicant",
        API_OWN_PLACE,
        json=True,
    ),
    Write(
        "api:workshop-registration-accept",
        lambda w: {"pk": matrix_offer(w).pk},
        lambda w: {},
        "applicant",
        API_OWN_PLACE,
        json=True,
    ),
]


def _overlap_pair(w) -> dict[str, Any]:
    """The world's submitted proposal with one stored overlap candidate (as the task leaves)."""
    from django.utils import timezone

    proposal = world_proposal(w, "submitted")
    OverlapCandidate.objects.get_or_create(
        proposal=proposal,
        kind="check",
        candidate_key="project:999",
        defaults={
            "rank": 1,
            "title": "Ähnliches Projekt",
            "score": 0.5,
            "semantic": 0.6,
            "lexical": 0.4,
            "is_duplicate": True,
            "computed_at": timezone.now(),
            "proposal_updated_at": proposal.updated_at,
        },
    )
    return {"pk": proposal.pk}


WRITES = [
    *PAYMENT_WRITES,
    Write(
        "outcomes:report",
        lambda w: {"report_pk": world_report(w, "draft").pk},
        lambda w: OUTCOME_FORM,
        "applicant",
        RECIPIENT_WRITE,
        also_refused=NOT_RECIPIENT,
    ),
    # an upload: the refusals only (the allowed import is in tests/web/outcomes)
    Write(
        "outcomes:import",
        lambda w: {"report_pk": world_report(w, "draft").pk},
        lambda w: {"file": SimpleUploadedFile("e.csv", b"Art\n")},
        None,
        RECIPIENT_WRITE,
        also_refused=NOT_RECIPIENT,
    ),
    Write(
        "api:outcome-list",
        lambda w: {},
        _outcome_body,
        "applicant",
        API_RECIPIENT_CREATE,
        json=True,
        also_refused=NOT_RECIPIENT,
    ),
    Write(
        "api:outcome-detail",
        lambda w: {"pk": world_result(w).pk},
        lambda w: {"count": 9},
        "applicant",
        API_RECIPIENT_WRITE,
        method="patch",
        json=True,
        also_refused=NOT_RECIPIENT,
    ),
    Write(
        "api:outcome-detail",
        lambda w: {"pk": world_result(w).pk},
        lambda w: {},
        "applicant",
        API_RECIPIENT_WRITE,
        method="delete",
        json=True,
        also_refused=NOT_RECIPIENT,
    ),
    # overlaps (issue 14): only the office labels a pair and refreshes the index
    Write(
        "overlaps:label",
        _overlap_pair,
        lambda w: {"candidate_key": "project:999", "verdict": "duplicate", "reason": "gleich"},
        "coordination",
        OFFICE_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "overlaps:refresh",
        lambda w: {},
        lambda w: {},
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    # funding: only the office books and opens budgets
    Write(
        "funding:allocate",
        _budget_of("budget_a"),
        lambda w: {"amount": "10,00"},
        "coordination",
        INTERNAL_RECORD,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "funding:carry_over",
        _budget_of("carry_pool"),
        lambda w: {},
        "coordination",
        refuse(L, 404, 404, 404, 404),
        also_refused=NOT_STEERING_A_404,
    ),
    Write(
        "funding:planning",
        _budget_of("planning_a"),
        lambda w: {"planned_total": "150,00"},
        "coordination",
        INTERNAL_RECORD,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "funding:budget_create",
        lambda w: {},
        lambda w: {"programme": w.saxony.pk, "year": "2030", "alliance": w.a.pk},
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:ledgerentry-list",
        lambda w: {},
        lambda w: {"budget": funding_records(w).budget_a.pk, "amount": "10.00"},
        "coordination",
        API_INTERNAL_CREATE,
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    # proposals
    Write(
        "proposals:create",
        lambda w: {"call_slug": world_call(w).slug},
        _carrier_post,
        "applicant",
        refuse(L, None, None, None, None),
    ),
    Write(
        "proposals:step",
        lambda w: {"pk": world_proposal(w, "draft").pk, "number": 2},
        lambda w: {"target_groups": ["employees"]},
        "applicant",
        DRAFT_OWN_WRITE,
        also_refused=NOT_OTHERS_DRAFT,
    ),
    Write(
        "proposals:submit",
        _proposal("draft"),
        lambda w: {},
        "applicant",
        DRAFT_OWN_WRITE,
        also_refused=NOT_OTHERS_DRAFT,
    ),
    Write(
        "proposals:withdraw",
        _proposal("submitted"),
        lambda w: {},
        "applicant",
        DRAFT_OWN_WRITE,
        also_refused=NOT_OTHERS_SUBMITTED,
    ),
    Write(
        "proposals:transition",
        _proposal("submitted"),
        lambda w: {"status": "in_review"},
        "coordination",
        OFFICE_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "proposals:revision",
        _proposal("submitted"),
        lambda w: {"text": "Bitte den Finanzplan erläutern."},
        "coordination",
        OFFICE_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "proposals:co_applicants",
        _proposal("draft"),
        lambda w: {"identifier": "mitglied-b", "right": "view"},
        "applicant",
        DRAFT_OWN_WRITE,
        also_refused=NOT_OTHERS_DRAFT,
    ),
    Write(
        "proposals:co_applicant_remove",
        lambda w: {"pk": world_proposal(w, "draft").pk, "co_pk": world_co_applicant(w).pk},
        lambda w: {},
        "applicant",
        # the member of B is the co-applicant (view right): sees the draft, may not remove
        refuse(L, None, 404, 403, 404),
        also_refused=NOT_OTHERS_DRAFT,
    ),
    Write(
        "api:proposal-list",
        lambda w: {},
        lambda w: {"call": world_call(w).slug, **_carrier_post(w)},
        "applicant",
        refuse(401, None, None, None, None),
        json=True,
    ),
    Write(
        "api:proposal-detail",
        _proposal("draft"),
        lambda w: {"step": "ziele", "target_groups": ["employees"]},
        "applicant",
        API_DRAFT_OWN_WRITE,
        method="patch",
        json=True,
        also_refused=NOT_OTHERS_DRAFT,
    ),
    Write(
        "api:proposal-submit",
        _proposal("draft"),
        lambda w: {},
        "applicant",
        API_DRAFT_OWN_WRITE,
        also_refused=NOT_OTHERS_DRAFT,
    ),
    Write(
        "api:proposal-withdraw",
        _proposal("submitted"),
        lambda w: {},
        "applicant",
        API_DRAFT_OWN_WRITE,
        also_refused=NOT_OTHERS_SUBMITTED,
    ),
    Write(
        "api:proposal-transition",
        _proposal("submitted"),
        lambda w: {"status": "in_review"},
        "coordination",
        API_OFFICE_WRITE,
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:proposal-revision",
        _proposal("submitted"),
        lambda w: {"text": "Bitte den Finanzplan erläutern."},
        "coordination",
        API_OFFICE_WRITE,
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    # alliances
    Write(
        "alliances:create",
        lambda w: {},
        lambda w: {
            "name": "Neue Allianz",
            "district_list": "14626",
            "consensus_rule": "no_objection",
        },
        "coordination",
        refuse(L, 403, 403, 403, 403),
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "alliances:edit",
        _a,
        lambda w: {
            "name": "Allianz A neu",
            "district_list": "14626",
            "consensus_rule": "no_objection",
        },
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:member_add",
        _a,
        lambda w: {"organisation": w.org_free.pk},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:member_remove",
        lambda w: _a(w, pk=w.m_a3.pk),
        lambda w: {},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:roles",
        _a,
        lambda w: {"username": "antrag", "kind": "member", "membership": ""},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:role_remove",
        lambda w: _a(w, pk=w.role_member_a.pk),
        lambda w: {},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:item_create",
        lambda w: _a(w, kind_name="handlungsfeld"),
        lambda w: {"action_field-title": "Neues Handlungsfeld"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:item_create",
        lambda w: _a(w, kind_name="projektgruppe"),
        lambda w: {"project_group-name": "Neue Projektgruppe"},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:item_edit",
        lambda w: _a(w, kind_name="schwerpunkt", pk=w.priority.pk),
        lambda w: {"priority-title": "Schwerpunkt neu"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:item_edit",
        lambda w: _a(w, kind_name="projektgruppe", pk=w.group.pk),
        lambda w: {"project_group-name": "Gruppe neu"},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:item_delete",
        lambda w: _a(w, kind_name="handlungsfeld", pk=w.field2.pk),
        lambda w: {},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:item_delete",
        lambda w: _a(w, kind_name="projektgruppe", pk=w.group.pk),
        lambda w: {},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:item_move",
        lambda w: _a(w, kind_name="handlungsfeld", pk=w.field.pk),
        lambda w: {"richtung": "runter"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:expert_add",
        lambda w: _a(w, pk=w.group.pk),
        lambda w: {"name": "Neuer Fachmann", "nominated_by": w.m_a.pk},
        "member",
        MEMBER_ACTION,
    ),
    Write(
        "alliances:expert_remove",
        lambda w: _a(w, pk=w.expert.pk),
        lambda w: {},
        "member",
        MEMBER_ACTION,
    ),
    Write(
        "alliances:strategy_new",
        _a,
        lambda w: {"title": "Konzept", "text": "Dritte Fassung", "note": ""},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:commitment_create",
        _a,
        lambda w: {"title": "Neue Verpflichtung", "membership": w.m_a.pk, "status": "planned"},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:commitment_edit",
        lambda w: _a(w, pk=w.commitment.pk),
        lambda w: {"title": "Geändert", "membership": w.m_a.pk, "status": "planned"},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "alliances:commitment_status",
        lambda w: _a(w, pk=w.commitment.pk),
        lambda w: {"status": "done"},
        "member",
        MEMBER_ACTION,
    ),
    Write(
        "alliances:commitment_delete",
        lambda w: _a(w, pk=w.commitment.pk),
        lambda w: {},
        "steering",
        INTERNAL_RECORD,
    ),
    # organisations
    Write(
        "alliances:organisation_create",
        lambda w: {},
        lambda w: {"name": "Neue Organisation", "category": "other"},
        "steering",
        refuse(L, 403, 403, 403, None),
    ),
    Write(
        "alliances:organisation_edit",
        lambda w: {"pk": w.org_a.pk},
        lambda w: {"name": "Kammer A neu", "category": "chamber", "region": "14626"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:representative_create",
        lambda w: {"organisation_pk": w.org_a.pk},
        lambda w: {"name": "Neue Vertretung"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:representative_edit",
        lambda w: {"pk": w.representative.pk},
        lambda w: {"name": "Vertretung neu"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "alliances:representative_remove",
        lambda w: {"pk": w.representative.pk},
        lambda w: {},
        "steering",
        PUBLIC_RECORD,
    ),
    # decisions
    Write(
        "decisions:meeting_create",
        _a,
        lambda w: {"title": "Neue Sitzung", "date": "2025-06-01"},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "decisions:meeting_edit",
        lambda w: _a(w, pk=w.meeting.pk),
        lambda w: {"title": "Sitzung neu", "date": "2025-06-02"},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "decisions:item_create",
        lambda w: _a(w, meeting_pk=w.meeting.pk),
        lambda w: {"title": "Neuer Punkt"},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "decisions:item_edit",
        lambda w: _a(w, pk=w.item.pk),
        lambda w: {"title": "Punkt neu", "description": ""},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "decisions:vote",
        lambda w: _a(w, pk=w.item.pk),
        lambda w: {"choice": "objection"},
        "steering",
        VOTER_ACTION,
        also_refused=NOT_VOTERS,
    ),
    Write(
        "decisions:conflict",
        lambda w: _a(w, pk=w.item.pk),
        lambda w: {"reason": "Ich bin beteiligt."},
        "steering",
        VOTER_ACTION,
        also_refused=NOT_VOTERS,
    ),
    # "Befangenheit feststellen": the steering group and the coordination office record the
    # conflict of a named voting member (for the steering member, their own username is a declaration)
    Write(
        "decisions:conflict",
        lambda w: _a(w, pk=w.item.pk),
        lambda w: {"user": "steuerung-a", "reason": "Vorstand der Antragstellerin"},
        "coordination",
        INTERNAL_RECORD,
    ),
    Write(
        "decisions:close",
        lambda w: _a(w, pk=w.item.pk),
        lambda w: {},
        "steering",
        INTERNAL_RECORD,
    ),
    # decisions on a decided agenda item: refused for everyone, nothing changes
    Write(
        "decisions:vote",
        lambda w: _a(w, pk=w.items["decided"].pk),
        lambda w: {"choice": "objection"},
        None,
        DECIDED_PAGE,
        also_refused=VOTER_400,
    ),
    Write(
        "decisions:conflict",
        lambda w: _a(w, pk=w.items["decided"].pk),
        lambda w: {"reason": "Ich bin beteiligt."},
        None,
        DECIDED_PAGE,
        also_refused=VOTER_400,
    ),
    Write(
        "decisions:conflict",
        lambda w: _a(w, pk=w.items["decided"].pk),
        lambda w: {"user": "steuerung-a", "reason": "Vorstand der Antragstellerin"},
        None,
        DECIDED_PAGE,
        also_refused=MANAGERS_400,
    ),
    Write(
        "decisions:item_edit",
        lambda w: _a(w, pk=w.items["decided"].pk),
        lambda w: {"title": "Punkt neu", "description": ""},
        None,
        DECIDED_PAGE,
        also_refused=MANAGERS_BACK,
    ),
    Write(
        "decisions:close",
        lambda w: _a(w, pk=w.items["decided"].pk),
        lambda w: {},
        None,
        DECIDED_PAGE,
        also_refused=MANAGERS_BACK,
    ),
    Write(
        "api:agenda-item-close",
        lambda w: {"pk": w.items["decided"].pk},
        lambda w: {},
        None,
        DECIDED_API,
        also_refused=MANAGERS_400,
    ),
    Write(
        "api:agenda-item-detail",
        lambda w: {"pk": w.items["decided"].pk},
        lambda w: {"title": "Punkt neu"},
        None,
        DECIDED_API,
        method="patch",
        json=True,
        also_refused=MANAGERS_400,
    ),
    Write(
        "api:vote-list",
        lambda w: {},
        lambda w: {"agenda_item": w.items["decided"].pk, "choice": "objection"},
        None,
        DECIDED_API_PARENT,
        json=True,
        also_refused=VOTER_400,
    ),
    Write(
        "api:conflict-list",
        lambda w: {},
        lambda w: {"agenda_item": w.items["decided"].pk, "reason": "Ich bin beteiligt."},
        None,
        DECIDED_API_PARENT,
        json=True,
        also_refused=VOTER_400,
    ),
    # a commitment under way is reported done by the member who speaks for its organisation
    Write(
        "alliances:commitment_status",
        lambda w: _a(w, pk=w.commitments["in_progress"].pk),
        lambda w: {"status": "done"},
        "member",
        MEMBER_ACTION,
    ),
    # ... but not one of another organisation of the alliance: the steering group may
    Write(
        "alliances:commitment_status",
        lambda w: _a(w, pk=w.commitment_foreign.pk),
        lambda w: {"status": "done"},
        "steering",
        INTERNAL_RECORD,
    ),
    Write(
        "decisions:item_transition",
        lambda w: _a(w, pk=w.item.pk),
        lambda w: {"status": "decided"},
        "steering",
        INTERNAL_RECORD,
    ),
    # accounts
    Write(
        "accounts:invitation_new",
        lambda w: {},
        lambda w: {"email": "neu@example.org", "alliance": w.a.pk, "alliance_role": "member"},
        "steering",
        refuse(L, 403, 403, 403, 403),
    ),
    Write(
        "accounts:invitation_revoke",
        lambda w: {"pk": w.invitation.pk},
        lambda w: {},
        "steering",
        refuse(L, 403, 403, 403, 404),
    ),
    Write(
        "accounts:person_status",
        lambda w: {"pk": w.users["member"].pk},
        lambda w: {"active": "0"},
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    Write("statistics:import", lambda w: {}, lambda w: {}, None, COORDINATION_ONLY),
    Write(
        "programmestats:historic_import",
        lambda w: {},
        lambda w: {},
        None,
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    # Asking for a briefing pack of A's district: no forecast run covers it in the role world,
    # so only the refusals are checked here (the pack itself: tests/web/monitor).
    Write(
        "briefings:district",
        lambda w: {"ags": "14626"},
        lambda w: {},
        None,
        refuse(L, 403, None, 403, 403),
    ),
    # API
    Write(
        "api:alliance-list",
        lambda w: {},
        lambda w: {"name": "Neue Allianz", "districts": ["14626"]},
        "coordination",
        refuse(401, 403, 403, 403, 403),
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:alliance-detail",
        lambda w: {"slug": w.a.slug},
        lambda w: {"description": "geändert"},
        "steering",
        API_PUBLIC_RECORD,
        method="patch",
        json=True,
    ),
    Write(
        "api:membership-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "organisation": w.org_free.pk},
        "steering",
        API_PUBLIC_RECORD,
        json=True,
    ),
    Write(
        "api:action-field-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "title": "Neues Feld"},
        "steering",
        API_PUBLIC_RECORD,
        json=True,
    ),
    Write(
        "api:project-group-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "name": "Neue Gruppe"},
        "steering",
        API_INTERNAL_CREATE,
        json=True,
    ),
    Write(
        "api:project-group-detail",
        lambda w: {"pk": w.group.pk},
        lambda w: {},
        "steering",
        API_INTERNAL_RECORD,
        method="delete",
    ),
    Write(
        "api:strategy-version-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "title": "Konzept", "text": "Neu"},
        "steering",
        API_INTERNAL_CREATE,
        json=True,
    ),
    Write(
        "api:commitment-detail",
        lambda w: {"pk": w.commitment.pk},
        lambda w: {"status": "done"},
        "member",
        refuse(401, 404, None, 404, 404),
        method="patch",
        json=True,
    ),
    Write(
        "api:alliance-role-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "user": "antrag", "kind": "member"},
        "steering",
        API_INTERNAL_CREATE,
        json=True,
    ),
    Write(
        "api:representative-list",
        lambda w: {},
        lambda w: {"organisation": w.org_a.pk, "name": "Neue Vertretung"},
        "steering",
        refuse(401, 403, 403, 403, 403),
        json=True,
    ),
    Write(
        "api:meeting-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "title": "Neue Sitzung", "date": "2025-06-01"},
        "steering",
        API_INTERNAL_CREATE,
        json=True,
    ),
    Write(
        "api:agenda-item-close",
        lambda w: {"pk": w.item.pk},
        lambda w: {},
        "steering",
        API_INTERNAL_RECORD,
    ),
    Write(
        "api:agenda-item-transition",
        lambda w: {"pk": w.item.pk},
        lambda w: {"status": "decided"},
        "steering",
        API_INTERNAL_RECORD,
    ),
    Write(
        "api:vote-list",
        lambda w: {},
        lambda w: {"agenda_item": w.item.pk, "choice": "objection"},
        "steering",
        API_UNKNOWN_PARENT,
        json=True,
        also_refused=NOT_VOTERS,
    ),
    # API writes added with the completeness check (every unsafe method of the schema)
    Write(
        "api:organisation-list",
        lambda w: {},
        lambda w: {"name": "Neue Organisation", "category": "other"},
        "steering",
        refuse(401, 403, 403, 403, None),  # any steering-group member may add organisations
        json=True,
    ),
    Write(
        "api:organisation-detail",
        lambda w: {"pk": w.org_a.pk},
        lambda w: {"name": "Kammer A neu"},
        "steering",
        API_PUBLIC_RECORD,
        method="patch",
        json=True,
    ),
    Write(
        "api:membership-detail",
        lambda w: {"pk": w.m_a3.pk},
        lambda w: {},
        "steering",
        API_PUBLIC_RECORD,
        method="delete",
    ),
    Write(
        "api:action-field-detail",
        lambda w: {"pk": w.field.pk},
        lambda w: {"title": "Feld neu"},
        "steering",
        API_PUBLIC_RECORD,
        method="patch",
        json=True,
    ),
    Write(
        "api:action-field-detail",
        lambda w: {"pk": w.field2.pk},
        lambda w: {},
        "steering",
        API_PUBLIC_RECORD,
        method="delete",
    ),
    Write(
        "api:priority-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "title": "Neuer Schwerpunkt"},
        "steering",
        API_PUBLIC_RECORD,
        json=True,
    ),
    Write(
        "api:priority-detail",
        lambda w: {"pk": w.priority.pk},
        lambda w: {"title": "Schwerpunkt neu"},
        "steering",
        API_PUBLIC_RECORD,
        method="patch",
        json=True,
    ),
    Write(
        "api:priority-detail",
        lambda w: {"pk": w.priority.pk},
        lambda w: {},
        "steering",
        API_PUBLIC_RECORD,
        method="delete",
    ),
    Write(
        "api:project-group-detail",
        lambda w: {"pk": w.group.pk},
        lambda w: {"name": "Gruppe neu"},
        "steering",
        API_INTERNAL_RECORD,
        method="patch",
        json=True,
    ),
    Write(
        "api:expert-list",
        lambda w: {},
        lambda w: {"project_group": w.group.pk, "nominated_by": w.m_a.pk, "name": "Neu"},
        "member",
        # the applicant may nominate nowhere: 403 before the body is read; B's people may
        # nominate in B, so they get as far as A's hidden project group (404)
        refuse(401, 403, None, 404, 404),
        json=True,
    ),
    Write(
        "api:expert-detail",
        lambda w: {"pk": w.expert.pk},
        lambda w: {},
        "member",
        refuse(401, 404, None, 404, 404),
        method="delete",
    ),
    Write(
        "api:commitment-list",
        lambda w: {},
        lambda w: {"alliance": w.a.slug, "membership": w.m_a.pk, "title": "Neu"},
        "steering",
        API_INTERNAL_CREATE,
        json=True,
    ),
    Write(
        "api:commitment-detail",
        lambda w: {"pk": w.commitment.pk},
        lambda w: {},
        "steering",
        API_INTERNAL_RECORD,
        method="delete",
    ),
    Write(
        "api:alliance-role-detail",
        lambda w: {"pk": w.role_member_a.pk},
        lambda w: {},
        "steering",
        API_INTERNAL_RECORD,
        method="delete",
    ),
    Write(
        "api:representative-detail",
        lambda w: {"pk": w.representative.pk},
        lambda w: {"name": "Vertretung neu"},
        "steering",
        API_INTERNAL_RECORD,
        method="patch",
        json=True,
    ),
    Write(
        "api:representative-detail",
        lambda w: {"pk": w.representative.pk},
        lambda w: {},
        "steering",
        API_INTERNAL_RECORD,
        method="delete",
    ),
    Write(
        "api:meeting-detail",
        lambda w: {"pk": w.meeting.pk},
        lambda w: {"title": "Sitzung neu"},
        "steering",
        API_INTERNAL_RECORD,
        method="patch",
        json=True,
    ),
    Write(
        "api:agenda-item-list",
        lambda w: {},
        lambda w: {"meeting": w.meeting.pk, "title": "Neuer Punkt"},
        "steering",
        API_UNKNOWN_PARENT,
        json=True,
    ),
    Write(
        "api:agenda-item-detail",
        lambda w: {"pk": w.item.pk},
        lambda w: {"title": "Punkt neu"},
        "steering",
        API_INTERNAL_RECORD,
        method="patch",
        json=True,
    ),
    Write(
        "api:conflict-list",
        lambda w: {},
        lambda w: {"agenda_item": w.item.pk, "reason": "Ich bin beteiligt."},
        "steering",
        API_UNKNOWN_PARENT,
        json=True,
        also_refused=NOT_VOTERS,
    ),
    Write(
        "api:conflict-list",
        lambda w: {},
        lambda w: {
            "agenda_item": w.item.pk,
            "user": "steuerung-a",
            "reason": "Vorstand der Antragstellerin",
        },
        "coordination",
        API_UNKNOWN_PARENT,
        json=True,
    ),
    # whoever holds the invitation link may accept it (anonymous: by signing up)
    Write(
        "accounts:invitation_accept",
        lambda w: {"token": INVITATION_TOKEN},
        lambda w: {
            "username": "neu-eingeladen",
            "first_name": "Neu",
            "last_name": "Eingeladen",
            "password1": "Ein-sehr-langes-Passwort-2025",
            "password2": "Ein-sehr-langes-Passwort-2025",
        },
        "anonymous",
    ),
    # programmes and their composition rules: coordination office and admins only
    Write(
        "alliances:programme_create",
        lambda w: {},
        lambda w: {
            "slug": "neues-programm",
            "name": "Neues Programm",
            "default_consensus_rule": "no_objection",
            "sitz-TOTAL_FORMS": "1",
            "sitz-INITIAL_FORMS": "0",
            "sitz-0-label": "Kammer",
            "sitz-0-categories": ["chamber"],
            "sitz-0-min_count": "1",
            "sitz-0-position": "1",
        },
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "alliances:programme_edit",
        lambda w: {"slug": w.saxony.slug},
        lambda w: {
            "slug": w.saxony.slug,
            "name": "Sachsen (geändert)",
            "default_consensus_rule": "no_objection",
            "sitz-TOTAL_FORMS": "0",
            "sitz-INITIAL_FORMS": "0",
        },
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:programme-list",
        lambda w: {},
        lambda w: {
            "slug": "neues-programm",
            "name": "Neues Programm",
            "composition_rules": [{"label": "Kammer", "categories": ["chamber"], "min_count": 1}],
        },
        "coordination",
        refuse(401, 403, 403, 403, 403),
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:programme-detail",
        lambda w: {"slug": w.saxony.slug},
        lambda w: {"name": "Sachsen (geändert)"},
        "coordination",
        refuse(401, 403, 403, 403, 403),
        method="patch",
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    # calls: drafted by the steering group of A and the office; published, closed, given
    # criteria and documents by the office
    Write(
        "calls:create",
        lambda w: {"alliance_slug": w.a.slug},
        lambda w: _call_form(w, slug="neu-aus-matrix"),
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "calls:edit",
        lambda w: {"slug": matrix_call(w, "draft").slug},
        lambda w: _call_form(w, title="Entwurf geändert"),
        "steering",
        HIDDEN_DRAFT,
    ),
    Write(
        "calls:transition",
        lambda w: {"slug": matrix_call(w, "draft").slug},
        lambda w: {"status": "published"},
        "coordination",
        HIDDEN_DRAFT,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "calls:criteria",
        lambda w: {"slug": matrix_call(w).slug},
        lambda w: {"label": "Neues Kriterium"},
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "calls:criterion_edit",
        lambda w: {"slug": matrix_call(w).slug, "pk": matrix_criterion(w).pk},
        lambda w: {"label": "Bedarf belegt", "description": "mit Zahlen"},
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "calls:criterion_delete",
        lambda w: {"slug": matrix_call(w).slug, "pk": matrix_criterion(w).pk},
        lambda w: {},
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    # an upload: the refusals only (the allowed upload is in tests/web/calls)
    Write(
        "calls:documents",
        lambda w: {"slug": matrix_call(w).slug},
        lambda w: {"title": "Richtlinie", "file": _pdf_upload()},
        None,
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "calls:document_delete",
        lambda w: {"slug": matrix_call(w).slug, "pk": matrix_document(w).pk},
        lambda w: {},
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:call-list",
        lambda w: {},
        lambda w: _call_body(w),
        "steering",
        API_PUBLIC_RECORD,
        json=True,
    ),
    Write(
        "api:call-detail",
        lambda w: {"slug": matrix_call(w, "draft").slug},
        lambda w: {"title": "Entwurf geändert"},
        "steering",
        refuse(401, 404, 404, 404, 404),
        method="patch",
        json=True,
    ),
    Write(
        "api:call-transition",
        lambda w: {"slug": matrix_call(w, "draft").slug},
        lambda w: {"status": "published"},
        "coordination",
        refuse(401, 404, 404, 404, 404),
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    # the catalogue: proposed by the office and alliance members, kept by A's members while a
    # draft, sent to review by them (the office's steps are in tests/web/knowledge)
    Write(
        "knowledge:measure_create",
        lambda w: {},
        _measure_form,
        "member",
        refuse(L, 403, None, 400, 400),
    ),
    Write(
        "knowledge:measure_edit",
        lambda w: {"slug": matrix_entry(w, "measure", "draft").slug},
        lambda w: {**_measure_form(w), "title": "Geändert"},
        "member",
        ENTRY_DRAFT_A,
    ),
    Write(
        "knowledge:measure_transition",
        lambda w: {"slug": matrix_entry(w, "measure", "draft").slug},
        lambda w: {"state": "in_review"},
        "member",
        ENTRY_DRAFT_A,
    ),
    Write(
        "knowledge:practice_create",
        lambda w: {},
        _practice_form,
        "member",
        refuse(L, 403, None, 400, 400),
    ),
    Write(
        "knowledge:practice_edit",
        lambda w: {"slug": matrix_entry(w, "practice", "draft").slug},
        lambda w: {**_practice_form(w), "title": "Geändert"},
        "member",
        ENTRY_DRAFT_A,
    ),
    Write(
        "knowledge:practice_transition",
        lambda w: {"slug": matrix_entry(w, "practice", "draft").slug},
        lambda w: {"state": "in_review"},
        "member",
        ENTRY_DRAFT_A,
    ),
    Write(
        "api:measure-list",
        lambda w: {},
        lambda w: {
            "alliance": w.a.slug,
            "slug": "api-massnahme",
            "title": "Pflegelotsen",
            "summary": "Lotsen",
            "occupations": ["813"],
        },
        "member",
        API_PROPOSE_IN_A,
        json=True,
    ),
    Write(
        "api:measure-detail",
        lambda w: {"slug": matrix_entry(w, "measure", "draft").slug},
        lambda w: {"title": "Geändert"},
        "member",
        API_ENTRY_DRAFT_A,
        method="patch",
        json=True,
    ),
    Write(
        "api:measure-transition",
        lambda w: {"slug": matrix_entry(w, "measure", "draft").slug},
        lambda w: {"state": "in_review"},
        "member",
        API_ENTRY_DRAFT_A,
        json=True,
    ),
    Write(
        "api:good-practice-list",
        lambda w: {},
        lambda w: {
            "alliance": w.a.slug,
            "slug": "api-praxis",
            "employer": "Muster AG",
            "title": "Muster AG",
            "district": "14626",
            "published_month": "2024-05-01",
            "summary": "Bindet Fachkräfte",
        },
        "member",
        API_PROPOSE_IN_A,
        json=True,
    ),
    Write(
        "api:good-practice-detail",
        lambda w: {"slug": matrix_entry(w, "practice", "draft").slug},
        lambda w: {"title": "Geändert"},
        "member",
        API_ENTRY_DRAFT_A,
        method="patch",
        json=True,
    ),
    Write(
        "api:good-practice-transition",
        lambda w: {"slug": matrix_entry(w, "practice", "draft").slug},
        lambda w: {"state": "in_review"},
        "member",
        API_ENTRY_DRAFT_A,
        json=True,
    ),
    # a draft proposal's attachments: its applicant only; nobody else learns it exists
    Write(
        "proposals:attachments",
        lambda w: {"pk": matrix_proposal(w).pk},
        lambda w: {"title": "Lebenslauf", "file": _pdf_upload()},
        None,
        refuse(L, None, 404, 404, 404),
        also_refused=NOT_APPLICANT,
    ),
    Write(
        "proposals:attachment_delete",
        lambda w: {"pk": matrix_proposal(w).pk, "attachment_pk": matrix_attachment(w).pk},
        lambda w: {},
        "applicant",
        refuse(L, None, 404, 404, 404),
        also_refused=NOT_APPLICANT,
    ),
    # the public pages (Impressum, …): the coordination office and admins
    Write(
        "pages:edit",
        lambda w: {"slug": "impressum"},
        lambda w: {"title": "Impressum", "body": "Land Hessen", "title_en": "", "body_en": ""},
        "coordination",
        COORDINATION_ONLY,
        also_refused=NOT_STEERING_A,
    ),
    # reviews and the way to the decision
    Write(
        "reviews:declare",
        lambda w: {"pk": review_in_state(w, "undeclared").pk},
        lambda w: {"conflict": "none"},
        "member",
        OWN_REVIEW_ONLY,
    ),
    Write(
        "reviews:score",
        lambda w: {"pk": review_in_state(w, "none").pk},
        lambda w: {
            **{f"criterion_{pk}": v for pk, v in _scores(w).items()},
            "recommendation": "approve",
            "abgeben": "1",
        },
        "member",
        OWN_REVIEW_ONLY,
    ),
    Write(
        "reviews:lift",
        lambda w: {"pk": review_in_state(w, "declared").pk},
        lambda w: {"reason": "Beirat ohne Stimmrecht"},
        "coordination",
        OFFICE_ON_REVIEW,
    ),
    Write(
        "reviews:assign",
        lambda w: {"pk": proposal_in_state(w, "in_review").pk},
        lambda w: {"reviewer": "mitglied-b"},
        "coordination",
        OFFICE_ON_PROPOSAL,
    ),
    Write(
        "reviews:agenda",
        lambda w: {"pk": proposal_in_state(w, "in_review").pk},
        _motion,
        "steering",
        DECIDERS_ON_PROPOSAL,
    ),
    Write(
        "reviews:external",
        lambda w: {"pk": proposal_in_state(w, "approved").pk},
        lambda w: {"outcome": "funded", **NOTICE},
        "coordination",
        EXTERNAL_NOTICE,
    ),
    Write(
        "notifications:read",
        lambda w: {"pk": notification_of_member(w).pk},
        lambda w: {},
        "member",
        OWN_NOTIFICATION,
    ),
    Write(
        "api:review-list",
        lambda w: {},
        lambda w: {"proposal": proposal_in_state(w, "in_review").pk, "reviewer": "mitglied-b"},
        "coordination",
        API_OFFICE_ON_PROPOSAL,
        json=True,
    ),
    Write(
        "api:review-declare",
        lambda w: {"pk": review_in_state(w, "undeclared").pk},
        lambda w: {"conflicted": False},
        "member",
        API_OWN_REVIEW_ONLY,
        json=True,
    ),
    Write(
        "api:review-score",
        lambda w: {"pk": review_in_state(w, "none").pk},
        lambda w: {"scores": _scores(w), "recommendation": "approve", "submit": True},
        "member",
        API_OWN_REVIEW_ONLY,
        json=True,
    ),
    Write(
        "api:review-lift",
        lambda w: {"pk": review_in_state(w, "declared").pk},
        lambda w: {"reason": "Beirat ohne Stimmrecht"},
        "coordination",
        API_OFFICE_ON_REVIEW,
        json=True,
    ),
    Write(
        "api:proposal-decision-agenda",
        lambda w: {"pk": proposal_in_state(w, "in_review").pk},
        _motion,
        "steering",
        API_DECIDERS_ON_PROPOSAL,
        json=True,
    ),
    Write(
        "api:proposal-decision-external",
        lambda w: {"pk": proposal_in_state(w, "approved").pk},
        lambda w: {"funded": True, **NOTICE},
        "coordination",
        API_EXTERNAL_NOTICE,
        json=True,
    ),
    # projects and reports (p1_world.py): the office keeps the status and the budget, the
    # recipient the milestones and reports, the lead the people; A sees, outsiders get 404
    Write(
        "projects:create",
        lambda w: {"proposal_pk": unmade_proposal(w).pk},
        lambda w: {},
        "coordination",
        refuse(L, 403, 404, 404, 404),
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "projects:transition",
        lambda w: {"pk": project_records(w).project.pk},
        lambda w: {"status": "paused"},
        "coordination",
        PROJECT_OFFICE_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "projects:budget",
        lambda w: {"pk": project_in_state(w, "preparation").pk},
        lambda w: {"personnel": "8000.00", "material": "1000.00"},
        "coordination",
        PROJECT_OFFICE_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "projects:milestone_add",
        lambda w: {"pk": project_records(w).project.pk},
        lambda w: {"title": "Abschlussprüfung", "due_on": "2026-05-01"},
        "applicant",
        RECIPIENT_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "projects:milestone_edit",
        lambda w: {
            "pk": project_records(w).project.pk,
            "milestone_pk": project_records(w).milestone.pk,
        },
        lambda w: {"title": "Kursstart (verschoben)", "due_on": "2025-04-01"},
        "applicant",
        RECIPIENT_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "projects:milestone_done",
        lambda w: {
            "pk": project_records(w).project.pk,
            "milestone_pk": project_records(w).milestone.pk,
        },
        lambda w: {},
        "applicant",
        RECIPIENT_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "projects:people",
        lambda w: {"pk": project_records(w).project.pk},
        lambda w: {"identifier": "mitglied-b", "role": "finance"},
        "applicant",
        RECIPIENT_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "projects:person_remove",
        lambda w: {"pk": project_records(w).project.pk, "person_pk": reporting_person(w).pk},
        lambda w: {},
        "applicant",
        RECIPIENT_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "reporting:detail",
        lambda w: {"pk": report_in_state(w, "due").pk},
        lambda w: {"text": "Erste Schritte", "save": "1"},
        "applicant",
        RECIPIENT_WRITE,
        also_refused=ONLY_RECIPIENT,
    ),
    Write(
        "reporting:review",
        lambda w: {"pk": report_in_state(w, "submitted").pk},
        lambda w: {"decision": "accept", "note": ""},
        "coordination",
        PROJECT_OFFICE_WRITE,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "reporting:attachment_add",
        lambda w: {"pk": report_in_state(w, "draft").pk},
        lambda w: {"title": "Teilnehmerliste", "file": _pdf_upload()},
        None,
        RECIPIENT_WRITE,
        also_refused=ONLY_RECIPIENT,
    ),
    Write(
        "reporting:attachment_delete",
        lambda w: {"pk": report_attachment(w).report_id, "attachment_pk": report_attachment(w).pk},
        lambda w: {},
        "applicant",
        RECIPIENT_WRITE,
        also_refused=ONLY_RECIPIENT,
    ),
    Write(
        "api:project-list",
        lambda w: {},
        lambda w: {"proposal": unmade_proposal(w).pk},
        "coordination",
        refuse(401, 403, 404, 404, 404),
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:project-transition",
        lambda w: {"pk": project_records(w).project.pk},
        lambda w: {"status": "paused"},
        "coordination",
        API_PROJECT_OFFICE_WRITE,
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:project-budget",
        lambda w: {"pk": project_in_state(w, "preparation").pk},
        lambda w: {"amounts": {"personnel": "9000.00"}},
        "coordination",
        API_PROJECT_OFFICE_WRITE,
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:milestone-list",
        lambda w: {},
        lambda w: {
            "project": project_records(w).project.pk,
            "title": "Prüfung",
            "due_on": "2026-05-01",
        },
        "applicant",
        API_RECIPIENT_WRITE,
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:milestone-detail",
        lambda w: {"pk": project_records(w).milestone.pk},
        lambda w: {"title": "Kursstart (verschoben)"},
        "applicant",
        API_RECIPIENT_WRITE,
        method="patch",
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:milestone-done",
        lambda w: {"pk": project_records(w).milestone.pk},
        lambda w: {"done_on": "2025-03-02"},
        "applicant",
        API_RECIPIENT_WRITE,
        json=True,
        also_refused=NOT_STEERING_A,
    ),
    Write(
        "api:report-detail",
        lambda w: {"pk": report_in_state(w, "due").pk},
        lambda w: {"text": "Erste Schritte"},
        "applicant",
        API_RECIPIENT_WRITE,
        method="patch",
        json=True,
        also_refused=ONLY_RECIPIENT,
    ),
    Write(
        "api:report-submit",
        lambda w: {"pk": report_in_state(w, "draft").pk},
        lambda w: {"text": "Fertig"},
        "applicant",
        API_RECIPIENT_WRITE,
        json=True,
        also_refused=ONLY_RECIPIENT,
    ),
    Write(
        "api:report-review",
        lambda w: {"pk": report_in_state(w, "submitted").pk},
        lambda w: {"accept": False, "note": "Bitte Zahlen ergänzen"},
        "coordination",
        API_PROJECT_OFFICE_WRITE,
        json=True,
        also_refused=NOT_STEERING_A,
    ),
]
WRITES += WORKSHOP_WRITES


def _outcome_page(make: Callable[[Any], Any]) -> Callable[[Any], dict[str, Any]]:
    def kwargs(w) -> dict[str, Any]:
        outcome = make(w)
        return {"slug": outcome.workshop.slug, "pk": outcome.pk}

    return kwargs


# Workshop outcomes (w3): A's done workshop takes entries from its organisers (A's steering
# group, the office); dots come from the registered applicant and the organisers.
PARTICIPANT_DOTS = refuse(L, None, 403, 403, 403)
WORKSHOP_OUTCOME_WRITES = [
    Write(
        "workshop_outcomes:moderation",
        lambda w: _ws(w, "done"),
        lambda w: {"phase": "bild", "bild-category": "anmerkung", "bild-text": "Pflege fehlt"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshop_outcomes:method",
        lambda w: _ws(w, "done"),
        lambda w: {"template": "zukunftswerkstatt", "dots_per_person": "3"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshop_outcomes:moderators",
        lambda w: _ws(w, "done"),
        lambda w: {"moderators": [w.users["member"].pk]},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshop_outcomes:close", lambda w: _ws(w, "done"), lambda w: {}, "steering", PUBLIC_RECORD
    ),
    Write(
        "workshop_outcomes:vote",
        _outcome_page(matrix_voter),
        lambda w: {"dots": "2"},
        "applicant",
        PARTICIPANT_DOTS,
    ),
    Write(
        "workshop_outcomes:edit",
        _outcome_page(matrix_outcome),
        lambda w: {"text": "Ausbildungsverbund Pflege und Gesundheit", "due_on": "2030-06-30"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshop_outcomes:transition",
        _outcome_page(matrix_outcome),
        lambda w: {"status": "in_progress", "note": "begonnen"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshop_outcomes:note",
        _outcome_page(matrix_outcome),
        lambda w: {"note": "Gespräch mit der Kammer"},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshop_outcomes:make_call",
        _outcome_page(matrix_measure_for_call),
        lambda w: {},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshop_outcomes:to_catalogue",
        _outcome_page(matrix_outcome),
        lambda w: {},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "workshop_outcomes:delete",
        _outcome_page(matrix_outcome),
        lambda w: {},
        "steering",
        PUBLIC_RECORD,
    ),
    Write(
        "api:workshop-outcome-list",
        lambda w: {},
        lambda w: {
            "workshop": matrix_workshop(w, "done").slug,
            "phase": "bild",
            "category": "anmerkung",
            "text": "Pflege fehlt",
        },
        "steering",
        API_PUBLIC_RECORD,
        json=True,
    ),
    Write(
        "api:workshop-outcome-vote",
        lambda w: {"pk": matrix_voter(w).pk},
        lambda w: {"dots": 2},
        "applicant",
        refuse(401, None, 403, 403, 403),
        json=True,
    ),
    Write(
        "api:workshop-outcome-transition",
        lambda w: {"pk": matrix_outcome(w).pk},
        lambda w: {"status": "in_progress", "note": "begonnen"},
        "steering",
        API_PUBLIC_RECORD,
        json=True,
    ),
    Write(
        "api:workshop-outcome-call",
        lambda w: {"pk": matrix_measure_for_call(w).pk},
        lambda w: {},
        "steering",
        API_PUBLIC_RECORD,
        json=True,
    ),
]
WRITES += WORKSHOP_OUTCOME_WRITES


def _send(client: Client, write: Write, url: str, data: dict[str, Any]):
    send = getattr(client, write.method)
    if write.json:
        return send(url, data, content_type="application/json")
    return send(url, data)


@pytest.mark.parametrize(
    "write", [pytest.param(w, id=f"{w.method} {w.name}#{i}") for i, w in enumerate(WRITES)]
)
def test_write_matrix(write, world, clients):
    url = reverse(write.name, kwargs=write.kwargs(world))
    data = write.data(world)
    expected = write.expected()
    verb = f"{write.method.upper()} {url}"
    assert write.allowed is None or expected[write.allowed] is OK, (verb, write.allowed)
    before = snapshot()
    for role, expect in expected.items():
        if expect is OK:
            continue
        response = _send(clients[role], write, url, data)
        got = outcome(response)
        assert got == expect, f"{verb} as {role}: {got}, not {expect}: {body_text(response)[:500]}"
        assert snapshot() == before, f"{verb} as {role} changed the DB"
    if write.allowed is None:  # an upload, or a record whose state takes no write
        return
    for role, expect in expected.items():
        if expect is not OK:
            continue
        # each allowed role in its own savepoint, so that all of them find the same world
        with transaction.atomic():
            response = _send(clients[role], write, url, data)
            assert response.status_code in {200, 201, 204, 302}, (
                f"{role} may {verb}, got {response.status_code}: {body_text(response)[:2000]}"
            )
            assert snapshot() != before, (
                f"{role} sent {verb}, got {response.status_code}, but nothing changed in the "
                "database: the view does not save, the payload is wrong, or the role is refused "
                f"without saying so: {body_text(response)[:1000]}"
            )
            transaction.set_rollback(True)
        assert snapshot() == before


# --- completeness: every write-capable URL has a row ---------------------------------------------

# POSTs that only ever touch the person who sends them (or sign them in/out), no record of an
# alliance: tested in tests/web/accounts and tests/web/test_accounts.py.
OWN_ACCOUNT = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "accounts:password_change",
    "accounts:profile",
    "accounts:language",
    "accounts:token_create",
    "accounts:token_delete",
    "accounts:account_delete",
    "api:token",
    "set_language",  # Django's language switch: the session's language only
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# DRF's ``partial_update`` is ``update(partial=True)``: one permission path for PUT and PATCH, so
# the PATCH row covers PUT.
SAME_PATH_AS = {"PUT": "PATCH"}
FORM_POSTS_HERE = re.compile(r"<form\b[^>]*\bmethod=[\"']?post\b[^>]*>", re.IGNORECASE)


def _accepts_post(callback) -> bool:
    """Whether a Django (not DRF) view accepts POST: by its class, or its decorators or body."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return any(hasattr(view_class, m) for m in ("post", "put", "patch", "delete"))
    source = inspect.getsource(inspect.unwrap(callback))
    return '"POST"' in source or "require_POST" in source or "request.POST" in source


def _posts_to_itself(html: str, path: str) -> bool:
    for form in FORM_POSTS_HERE.findall(html):
        action = re.search(r"\baction=[\"']([^\"']*)[\"']", form)
        if action is None or action.group(1) in {"", path}:
            return True
    return False


def _django_views() -> dict[str, Any]:
    """URL name → view of every named Django (not DRF) pattern, walked from the URL resolver."""
    views: dict[str, Any] = {}

    def walk(patterns: list, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, inner)
            elif entry.name and not hasattr(entry.callback, "cls"):  # DRF: from the schema
                views[f"{namespace}:{entry.name}" if namespace else entry.name] = entry.callback

    walk(get_resolver().url_patterns, "")
    return views


def page_writes(world, admin: Client) -> set[tuple[str, str]]:
    """(URL name, POST) for every page whose view accepts POST (from the resolver), or whose
    page (as the matrix opens it, signed in as admin) has a POST form to itself."""
    found = {(name, "POST") for name, view in _django_views().items() if _accepts_post(view)}
    for name, cases in MATRIX.items():
        if name.startswith("api:") or (name, "POST") in found:
            continue
        for case in cases:
            path = reverse(name, kwargs=case.kwargs(world))
            response = admin.get(path + case.query)
            html = response.status_code == 200 and response["Content-Type"].startswith("text/")
            if html and _posts_to_itself(body_text(response), path):
                found.add((name, "POST"))
    return found


def api_writes() -> set[tuple[str, str]]:
    """(URL name, method) for every unsafe method of every operation in the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = set()
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        name = resolve(concrete).view_name
        for method in operations:
            if method.upper() in UNSAFE:
                found.add((name, method.upper()))
    return found


def test_every_write_is_in_the_table(world, clients):
    """Every page that takes a POST and every unsafe API method has a row in ``WRITES``."""
    pages = page_writes(world, clients["admin"])
    api = api_writes()
    # the derivation itself finds what it must (so an empty set cannot pass)
    assert ("decisions:meeting_create", "POST") in pages, sorted(pages)
    assert ("alliances:member_add", "POST") in pages
    assert ("alliances:detail", "POST") not in pages
    assert {("api:meeting-detail", "PATCH"), ("api:expert-detail", "DELETE")} <= api
    assert ("api:forecast-list", "POST") not in api
    written = {(w.name, w.method.upper()) for w in WRITES}
    required = {
        (name, SAME_PATH_AS.get(method, method))
        for name, method in pages | api
        if name not in OWN_ACCOUNT
    }
    assert not required - written, f"writes without a row in WRITES: {sorted(required - written)}"
    stale = {name for name, _m in written} - set(MATRIX)
    assert not stale, f"rows for URL names that do not exist: {sorted(stale)}"
