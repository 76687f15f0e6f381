"""The consensus rules: hand-made tables and properties over random steering groups."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fachkraefte.web.decisions import consensus
from fachkraefte.web.decisions.consensus import (
    ABSTENTION,
    ADOPTED,
    CONSENT,
    NO_OBJECTION,
    OBJECTION,
    REJECTED,
    UNANIMITY,
    Member,
    decide,
)

MEMBERS = [Member("a", "Anna"), Member("b", "Bernd"), Member("c", "Carla")]
C, E, A = CONSENT, OBJECTION, ABSTENTION  # Zustimmung, Einwand, Enthaltung


def _votes(*choices: str | None) -> dict[str, str]:
    return {m.key: c for m, c in zip(MEMBERS, choices, strict=False) if c is not None}


# (votes of Anna, Bernd, Carla; None = not voted), conflicts, outcome (None = cannot close yet)
UNANIMITY_TABLE = [
    ((C, C, C), set(), ADOPTED),
    ((C, C, A), set(), ADOPTED),
    ((C, A, A), set(), ADOPTED),
    ((A, A, A), set(), REJECTED),  # nobody consents
    ((C, C, E), set(), REJECTED),
    ((E, E, E), set(), REJECTED),
    ((C, C, None), set(), None),  # Carla must still vote
    ((None, None, None), set(), None),
    ((C, C, None), {"c"}, ADOPTED),  # a conflicted member need not vote
    ((C, C, C), {"c"}, ADOPTED),
    ((C, E, C), {"b"}, ADOPTED),  # a conflicted objection counts as abstention
    ((None, None, None), {"a", "b", "c"}, REJECTED),
]
NO_OBJECTION_TABLE = [
    ((C, None, None), set(), ADOPTED),  # silence does not block
    ((C, A, A), set(), ADOPTED),
    ((C, C, E), set(), REJECTED),
    ((A, A, None), set(), REJECTED),
    ((None, None, None), set(), REJECTED),
    ((E, None, None), set(), REJECTED),
    ((C, E, None), {"b"}, ADOPTED),
    ((C, None, None), {"a"}, REJECTED),  # the only consent came from a conflicted member
]


@pytest.mark.parametrize(("choices", "conflicts", "outcome"), UNANIMITY_TABLE)
def test_unanimity_table(choices, conflicts, outcome):
    result = decide(rule=UNANIMITY, members=MEMBERS, votes=_votes(*choices), conflicts=conflicts)
    assert result.outcome == outcome
    assert result.can_close == (outcome is not None)


@pytest.mark.parametrize(("choices", "conflicts", "outcome"), NO_OBJECTION_TABLE)
def test_no_objection_table(choices, conflicts, outcome):
    result = decide(rule=NO_OBJECTION, members=MEMBERS, votes=_votes(*choices), conflicts=conflicts)
    assert result.outcome == outcome and result.can_close


def test_unanimity_names_who_has_not_voted_in_german():
    result = decide(rule=UNANIMITY, members=MEMBERS, votes=_votes(C, None, None), conflicts=set())
    assert result.missing == ("Bernd", "Carla")
    assert "Es fehlt das Votum von: Bernd, Carla." in result.reasons[0]
    assert result.tally.not_voted == ("Bernd", "Carla")


def test_tally_counts_conflicts_as_abstentions_and_ignores_outsiders():
    votes = {"a": C, "b": E, "x": E}  # "x" is not in the steering group
    result = decide(rule=NO_OBJECTION, members=MEMBERS, votes=votes, conflicts={"b"})
    assert (result.tally.consent, result.tally.objection, result.tally.abstention) == (1, 0, 1)
    assert result.tally.conflicted == ("Bernd",)
    assert result.ignored == ("x",)
    assert result.outcome == ADOPTED
    assert any("Befangenheit" in reason and "Bernd" in reason for reason in result.reasons)
    assert any("nicht gezählt" in reason for reason in result.reasons)


def test_reasons_explain_the_outcome():
    adopted = decide(rule=NO_OBJECTION, members=MEMBERS, votes=_votes(C, C), conflicts=set())
    assert adopted.reasons[0] == "Angenommen: 2 Zustimmung(en) und kein Widerspruch."
    assert "Nicht abgestimmt haben (ohne Einfluss auf das Ergebnis): Carla." in adopted.reasons
    rejected = decide(rule=NO_OBJECTION, members=MEMBERS, votes=_votes(C, E), conflicts=set())
    assert rejected.reasons[0] == "Abgelehnt: 1 Einwand/Einwände bei 1 Zustimmung(en)."
    empty = decide(rule=NO_OBJECTION, members=MEMBERS, votes={}, conflicts=set())
    assert empty.reasons[0] == "Abgelehnt: Es liegt keine Zustimmung vor."


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="unknown consensus rule"):
        decide(rule="majority", members=MEMBERS, votes={}, conflicts=set())
    with pytest.raises(ValueError, match="unknown vote 'yes'"):
        decide(rule=UNANIMITY, members=MEMBERS, votes={"a": "yes"}, conflicts=set())


def test_module_examples_run():
    failures, tried = doctest.testmod(consensus)
    assert tried >= 3 and failures == 0


# --- properties -------------------------------------------------------------------------------

CHOICE = st.sampled_from([C, E, A, None])


@st.composite
def situations(draw):
    size = draw(st.integers(min_value=0, max_value=7))
    members = [Member(i, f"Person {i}") for i in range(size)]
    choices = draw(st.lists(CHOICE, min_size=size, max_size=size))
    votes = {m.key: c for m, c in zip(members, choices, strict=True) if c is not None}
    conflicts = draw(st.sets(st.sampled_from(range(size)))) if size else set()
    return members, votes, conflicts


RULE = st.sampled_from([UNANIMITY, NO_OBJECTION])


@settings(max_examples=300, deadline=None)
@given(situations(), RULE, st.data())
def test_an_added_objection_never_turns_rejected_into_adopted(situation, rule, data):
    members, votes, conflicts = situation
    before = decide(rule=rule, members=members, votes=votes, conflicts=conflicts)
    if not members or before.outcome != REJECTED:
        return
    member = data.draw(st.sampled_from(members))
    after = decide(rule=rule, members=members, votes={**votes, member.key: E}, conflicts=conflicts)
    assert after.outcome == REJECTED


@settings(max_examples=300, deadline=None)
@given(situations(), st.data())
def test_abstentions_never_change_the_outcome_under_no_objection(situation, data):
    members, votes, conflicts = situation
    silent = [m for m in members if m.key not in votes]
    if not silent:
        return
    member = data.draw(st.sampled_from(silent))
    before = decide(rule=NO_OBJECTION, members=members, votes=votes, conflicts=conflicts)
    after = decide(
        rule=NO_OBJECTION, members=members, votes={**votes, member.key: A}, conflicts=conflicts
    )
    assert after.outcome == before.outcome


@settings(max_examples=300, deadline=None)
@given(situations())
def test_unanimity_is_stricter_than_no_objection(situation):
    members, votes, conflicts = situation
    strict = decide(rule=UNANIMITY, members=members, votes=votes, conflicts=conflicts)
    lenient = decide(rule=NO_OBJECTION, members=members, votes=votes, conflicts=conflicts)
    if strict.outcome == ADOPTED:
        assert lenient.outcome == ADOPTED
    # where everybody who must vote has voted, both rules agree
    if strict.can_close:
        assert strict.outcome == lenient.outcome


@settings(max_examples=300, deadline=None)
@given(situations(), RULE)
def test_adopted_needs_a_consent_and_no_counted_objection(situation, rule):
    members, votes, conflicts = situation
    result = decide(rule=rule, members=members, votes=votes, conflicts=conflicts)
    counted_objections = sum(1 for m in members if votes.get(m.key) == E and m.key not in conflicts)
    counted_consents = sum(1 for m in members if votes.get(m.key) == C and m.key not in conflicts)
    assert result.tally.objection == counted_objections
    assert result.tally.consent == counted_consents
    assert result.tally.voted + len(result.tally.not_voted) == len(members)
    if result.outcome == ADOPTED:
        assert counted_consents >= 1 and counted_objections == 0


@settings(max_examples=200, deadline=None)
@given(situations(), RULE, st.randoms())
def test_member_order_does_not_change_the_outcome(situation, rule, random):
    members, votes, conflicts = situation
    shuffled = list(members)
    random.shuffle(shuffled)
    first = decide(rule=rule, members=members, votes=votes, conflicts=conflicts)
    second = decide(rule=rule, members=shuffled, votes=votes, conflicts=conflicts)
    assert (first.outcome, first.can_close) == (second.outcome, second.can_close)
    assert sorted(first.missing) == sorted(second.missing)
