"""The workflow mechanism (``web.core.workflows``) on its own: declarations are checked when they
are made, and ``check`` authorises before it says which steps exist."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import models

from fachkraefte.web.core.workflows import (
    Transition,
    TransitionNotAllowed,
    TransitionNotDeclared,
    Workflow,
)


class State(models.TextChoices):
    DRAFT = "draft", "Entwurf"
    SUBMITTED = "submitted", "eingereicht"
    FUNDED = "funded", "bewilligt"


def is_author(user, record) -> bool:
    return user == record.author and record.state == State.DRAFT


def is_office(user, record) -> bool:
    return user == "office"


FLOW = Workflow(
    field="state",
    states=State,
    transitions=(
        Transition("draft", "submitted", "einreichen", is_author, who="die Antragstellerin"),
        Transition("submitted", "funded", "bewilligen", is_office, who="die Stelle"),
    ),
)


def record(state: str) -> SimpleNamespace:
    return SimpleNamespace(state=state, author="anna")


@pytest.mark.parametrize(
    "transitions",
    [
        (Transition("draft", "erfunden", "x", is_office),),
        (Transition("draft", "draft", "x", is_office),),
        (Transition("draft", "funded", "x", is_office),) * 2,
    ],
    ids=["unknown state", "to itself", "twice"],
)
def test_bad_declarations_fail_at_import(transitions):
    with pytest.raises(ValueError):
        Workflow(field="state", states=State, transitions=transitions)


def test_next_steps_mark_what_each_user_may_do():
    steps = FLOW.next_steps("anna", record("draft"))
    assert [(s.target, s.allowed) for s in steps] == [("submitted", True)]
    assert FLOW.allowed("bert", record("draft")) == []
    assert FLOW.allowed_targets("office", record("submitted")) == ["funded"]
    assert FLOW.next_steps("office", record("funded")) == []


def test_check_authorises_first_then_names_the_possible_steps():
    assert FLOW.check("anna", record("draft"), "submitted").label == "einreichen"
    with pytest.raises(TransitionNotAllowed, match="„einreichen“ dürfen nur: die Antragstellerin"):
        FLOW.check("bert", record("draft"), "submitted")
    # who may take no step here learns nothing about the table
    with pytest.raises(TransitionNotAllowed):
        FLOW.check("bert", record("draft"), "funded")
    with pytest.raises(TransitionNotDeclared, match="Möglich ist: „eingereicht“"):
        FLOW.check("anna", record("draft"), "funded")
    # a final state: every request is undeclared, for everyone
    with pytest.raises(TransitionNotDeclared, match="Möglich ist: keiner"):
        FLOW.check("bert", record("funded"), "draft")
