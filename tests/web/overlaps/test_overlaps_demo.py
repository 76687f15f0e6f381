"""The overlap check on the demo proposals: the two near-duplicates flag each other with the
passage that matches; the other demo proposals are not flagged; the index is stored."""

from __future__ import annotations

import pytest
from proposal_world import ensure_call, ensure_terms

from fachkraefte.overlap import OverlapIndex
from fachkraefte.overlap.files import stored_index_dir
from fachkraefte.web.alliances.demo import ensure_demo_governance
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.demo_logins import ensure_demo_users
from fachkraefte.web.overlaps.demo import ensure_demo_overlaps
from fachkraefte.web.overlaps.models import OverlapCandidate, OverlapCheck
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.proposals.demo import EMS_CALL, GOERLITZ_CALL, ensure_demo_proposals
from fachkraefte.web.proposals.models import Proposal

pytestmark = pytest.mark.django_db
FIRST = "Demo: Deutsch im Pflegeberuf – Sprachkurse für Pflegekräfte"
SECOND = "Demo: Deutsch für den Pflegeberuf – Sprachkurse für Pflegekräfte"


@pytest.fixture()
def demo_overlaps(tmp_path, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    sync_regions()
    ensure_demo_users()
    ensure_demo_governance()
    ensure_terms(Programme.objects.get(slug="niedersachsen-fachkraeftebuendnisse"), two_stage=True)
    ensure_call(
        Alliance.objects.get(slug="fachkraefteallianz-landkreis-goerlitz"), slug=GOERLITZ_CALL
    )
    ensure_call(
        Alliance.objects.get(slug="fachkraeftebuendnis-ems-achse"),
        slug=EMS_CALL,
        two_stage=True,
        interest_max_chars=3000,
    )
    ensure_demo_proposals()
    return ensure_demo_overlaps()


def test_the_near_duplicates_flag_each_other_with_their_passage(demo_overlaps):
    first, second = Proposal.objects.get(title=FIRST), Proposal.objects.get(title=SECOND)
    flagged = OverlapCandidate.objects.filter(kind="check", is_duplicate=True)
    pairs = {(c.proposal_id, c.candidate_proposal_id) for c in flagged}
    assert pairs == {(first.pk, second.pk), (second.pk, first.pk)}, [
        (c.proposal.title, c.title, c.score) for c in OverlapCandidate.objects.all()
    ]
    candidate = flagged.get(proposal=first)
    texts = " ".join(p["text_a"] for p in candidate.passages)
    assert "Deutschkurse" in texts
    assert candidate.structure["same_districts"]
    assert "pflegekraft" in candidate.shared_terms


def test_drafts_are_checked_but_never_indexed_and_a_refresh_reuses_the_index(demo_overlaps):
    drafts = Proposal.objects.filter(status="draft")
    assert OverlapCheck.objects.filter(proposal__in=drafts).count() == drafts.count() == 2
    assert not OverlapCandidate.objects.filter(candidate_proposal__in=drafts).exists()
    index = OverlapIndex.load(stored_index_dir())
    assert (
        len(index) == demo_overlaps["indexed"] == Proposal.objects.exclude(status="draft").count()
    )
    # a second refresh embeds nothing: no text changed
    assert demo_overlaps["embedded"] == demo_overlaps["indexed"]
    assert ensure_demo_overlaps()["embedded"] == 0
