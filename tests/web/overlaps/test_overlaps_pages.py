"""The overlap half of the checks panel, the office's labels and their export, and the API:
who sees what; the passages are escaped; the applicant is never blocked."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from proposal_world import world_proposal

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.overlaps.models import OverlapCandidate, OverlapCheck, OverlapLabel
from fachkraefte.web.proposals.steps import steps_for

pytestmark = pytest.mark.django_db
PASSAGE = "Deutschkurse für Pflegekräfte <script>alert(1)</script>"


def _stored(proposal, other):
    """What the refresh task stores: one check candidate (another proposal) and one project
    elsewhere as inspiration."""
    now = timezone.now()
    OverlapCheck.objects.update_or_create(
        proposal=proposal, defaults={"computed_at": now, "proposal_updated_at": proposal.updated_at}
    )
    common = {"computed_at": now, "proposal_updated_at": proposal.updated_at, "rank": 1}
    OverlapCandidate.objects.create(
        proposal=proposal,
        kind="check",
        candidate_key=f"proposal:{other.pk}",
        candidate_proposal=other,
        title="SECRET-Vergleichsantrag",
        place="Landkreis Görlitz",
        score=0.81,
        semantic=0.9,
        lexical=0.72,
        is_duplicate=True,
        shared_terms=["pflegekraft", "deutschkurs"],
        passages=[
            {
                "text_a": PASSAGE,
                "text_b": "Sprachkurse für Pflegekräfte",
                "similarity": 0.83,
                "terms": ["pflegekraft"],
                "spans_a": [[0, 12], [17, 29]],
                "spans_b": [[17, 29]],
            }
        ],
        structure={
            "same_districts": ["14626"],
            "neighbouring_districts": [],
            "shared_occupations": [],
            "shared_target_groups": [],
            "period_overlap_days": 30,
        },
        **common,
    )
    OverlapCandidate.objects.create(
        proposal=proposal,
        kind="inspiration",
        candidate_key="project:77",
        title="Sprachkurse in Zwickau",
        place="Landkreis Zwickau",
        score=0.6,
        semantic=0.7,
        lexical=0.5,
        is_duplicate=False,
        **common,
    )


@pytest.fixture()
def stored(world):
    proposal = world_proposal(world, "submitted")
    other = world_proposal(world, "in_review")
    _stored(proposal, other)
    return proposal


def test_the_steering_group_sees_the_flag_the_scores_and_the_escaped_passage(stored, clients):
    page = clients["steering"].get(reverse("proposals:detail", args=[stored.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "mögliches Duplikat" in html and "SECRET-Vergleichsantrag" in html
    assert "<mark>Deutschkurse</mark>" in html and "<mark>Pflegekräfte</mark>" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "0,90" in html or "0.90" in html
    assert "Laufzeiten überschneiden sich um 30 Tage" in html
    assert "Bewertung speichern" not in html  # only the office labels


def test_the_applicant_sees_inspiration_only_and_is_not_blocked(world, clients):
    draft = world_proposal(world, "draft")
    _stored(draft, world_proposal(world, "in_review"))
    page = clients["applicant"].get(reverse("proposals:detail", args=[draft.pk])).content.decode()
    assert "so etwas gibt es schon in Landkreis Zwickau" in page
    assert "SECRET-Vergleichsantrag" not in page and "mögliches Duplikat" not in page
    # the last step of the form shows the checks while drafting; submitting stays open
    last = len(steps_for(draft))
    step = clients["applicant"].get(reverse("proposals:step", args=[draft.pk, last]))
    html = step.content.decode()
    assert step.status_code == 200 and "Sprachkurse in Zwickau" in html
    assert reverse("proposals:submit", args=[draft.pk]) in html


def test_the_office_labels_a_pair_with_a_reason_audited_and_exported(stored, clients):
    office = clients["coordination"]
    assert (
        "Bewertung speichern"
        in office.get(reverse("proposals:detail", args=[stored.pk])).content.decode()
    )
    key = OverlapCandidate.objects.get(proposal=stored, kind="check").candidate_key
    url = reverse("overlaps:label", args=[stored.pk])
    assert (
        office.post(url, {"candidate_key": key, "verdict": "duplicate", "reason": ""}).status_code
        == 302
    )
    assert not OverlapLabel.objects.exists()  # a reason is required
    office.post(url, {"candidate_key": key, "verdict": "not_duplicate", "reason": "anderer Ort"})
    label = OverlapLabel.objects.get()
    assert (label.verdict, label.reason, label.score, label.flagged) == (
        "not_duplicate",
        "anderer Ort",
        0.81,
        True,
    )
    assert AuditEntry.objects.filter(action="overlap.label", object_id=str(label.pk)).exists()
    office.post(url, {"candidate_key": key, "verdict": "duplicate", "reason": "doch gleich"})
    assert OverlapLabel.objects.get().verdict == "duplicate"
    assert AuditEntry.objects.filter(action="overlap.relabel").exists()
    export = office.get(reverse("overlaps:labels") + "?format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][4:6] == ["Duplikat", "doch gleich"]


def test_an_unknown_pair_is_refused(stored, clients):
    url = reverse("overlaps:label", args=[stored.pk])
    clients["coordination"].post(
        url, {"candidate_key": "project:1", "verdict": "duplicate", "reason": "x"}
    )
    assert not OverlapLabel.objects.exists()


def test_the_api_answers_the_check_or_the_inspiration(stored, clients):
    url = reverse("api:proposal-overlap-list", kwargs={"proposal_pk": stored.pk})
    steering = clients["steering"].get(url).json()
    assert steering["kind"] == "check" and steering["inspiration"] == []
    first = steering["candidates"][0]
    assert (first["score"], first["semantic"], first["lexical"]) == (0.81, 0.9, 0.72)
    assert first["is_duplicate"] and first["passages"][0]["text_a"] == PASSAGE
    assert steering["stale"] is False and steering["duplicate_threshold"] > 0
    applicant = clients["applicant"].get(url).json()
    assert applicant["kind"] == "inspiration" and applicant["candidates"] == []
    assert applicant["inspiration"][0]["title"] == "Sprachkurse in Zwickau"
    assert "SECRET" not in str(applicant)
