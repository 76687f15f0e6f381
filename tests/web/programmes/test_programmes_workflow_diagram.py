"""The workflow diagram on the programme page is drawn from the transition table, not by hand."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from fachkraefte.web.core.workflows import Transition, Workflow
from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.programmes.workflow_diagram import workflow_diagram
from fachkraefte.web.proposals.models import Proposal
from fachkraefte.web.proposals.workflows import ONE_STAGE, TWO_STAGE

S = Proposal.Status
SVG = "{http://www.w3.org/2000/svg}"


def _parsed(diagram):
    return ElementTree.fromstring(str(diagram.svg))


def _drawn(diagram) -> tuple[set[str], list[str]]:
    root = _parsed(diagram)
    states = {g.get("data-state") for g in root.iter(f"{SVG}g") if g.get("data-state")}
    arrows = [p.get("data-transition") for p in root.iter(f"{SVG}path") if p.get("data-transition")]
    return states, arrows


def test_every_state_and_transition_of_the_tables_is_drawn_and_listed():
    for workflow in (ONE_STAGE, TWO_STAGE):
        diagram = workflow_diagram(workflow)
        states, arrows = _drawn(diagram)
        declared = {t.source for t in workflow.transitions} | {
            t.target for t in workflow.transitions
        }
        assert states == declared
        assert arrows == [str(n) for n in range(1, len(workflow.transitions) + 1)]
        rows = [(a.source, a.target, a.label) for a in diagram.arrows]
        assert rows == [(t.source, t.target, str(t.label)) for t in workflow.transitions]
        root = _parsed(diagram)
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text.startswith("Ablauf eines Antrags")


def test_the_diagram_changes_when_the_table_changes():
    always = lambda user, record: True  # noqa: E731
    small = Workflow(
        field="status",
        states=S,
        transitions=(
            Transition(S.DRAFT, S.SUBMITTED, "Einreichen", always, who="Antragstellende"),
            Transition(S.SUBMITTED, S.APPROVED, "Befürworten", always, who="Steuerungsgruppe"),
        ),
    )
    larger = Workflow(
        field="status",
        states=S,
        transitions=(
            *small.transitions,
            Transition(S.APPROVED, S.FUNDED, "Bewilligung erfassen", always, who="Büro"),
        ),
    )
    before, after = workflow_diagram(small), workflow_diagram(larger)
    assert _drawn(before) == ({"draft", "submitted", "approved"}, ["1", "2"])
    assert _drawn(after) == ({"draft", "submitted", "approved", "funded"}, ["1", "2", "3"])
    assert after.arrows[-1].who == "Büro" and "bewilligt" not in str(before.svg)
    # Boxes sit in the column of their distance from the draft.
    xs = {
        g.get("data-state"): float(g.find(f"{SVG}rect").get("x"))
        for g in _parsed(after).iter(f"{SVG}g")
        if g.get("data-state")
    }
    assert xs["draft"] < xs["submitted"] < xs["approved"] < xs["funded"]


def test_programme_pages_show_their_own_procedure(client, db):
    saxony = client.get("/allianzen/programme/sachsen-fachkraefteallianzen/").content.decode()
    assert "Projektskizze einreichen" in saxony and "Sächsische Aufbaubank (SAB)" in saxony
    assert "Zum Vollantrag auffordern" not in saxony
    assert len(re.findall(r"data-transition=", saxony)) == len(ONE_STAGE.transitions)
    lower = client.get("/allianzen/programme/niedersachsen-fachkraeftebuendnisse/").content.decode()
    assert "Zum Vollantrag auffordern" in lower
    assert len(re.findall(r"data-transition=", lower)) == len(TWO_STAGE.transitions)
    hessen = client.get("/allianzen/programme/hessen-zukunftsgerecht-regional/").content.decode()
    assert "<svg" not in hessen and "kein eigenes Förderbudget" in hessen
    FundingTerms.objects.filter(programme__slug="sachsen-fachkraefteallianzen").update(
        workflow=FundingTerms.Workflow.TWO_STAGE
    )
    changed = client.get("/allianzen/programme/sachsen-fachkraefteallianzen/").content.decode()
    assert "Zum Vollantrag auffordern" in changed
