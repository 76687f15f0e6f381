"""Outcomes by phase: entry only while the workshop runs or is done and not closed, the method
fixed by the first outcome, dot voting within each person's dots, the follow-up workflow with
its history, reminders to owners on a fixed clock (never twice), and a measure becoming a call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from outcomes_world import workshop_in

from fachkraefte.web.alliances.models import ActionField
from fachkraefte.web.calls.models import Call
from fachkraefte.web.core.workflows import TransitionNotAllowed, TransitionNotDeclared
from fachkraefte.web.funding.models import FundingTerms
from fachkraefte.web.notifications.models import Notification
from fachkraefte.web.organisations import services as organisation_services
from fachkraefte.web.workshop_outcomes import rules, services
from fachkraefte.web.workshop_outcomes.models import OutcomeEvent, OutcomeVote
from fachkraefte.web.workshop_outcomes.reminders import outcomes_remind
from fachkraefte.web.workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _measure(world, workshop, text="Ausbildungsverbund Pflege gründen", **extra):
    return services.outcome_create(
        actor=world.users["steering"],
        workshop=workshop,
        phase="massnahmen",
        category="neue_massnahme",
        text=text,
        **extra,
    )


def test_entry_follows_the_workshop_state(world, done):
    steering = world.users["steering"]
    planned = workshop_in(world, Workshop.Status.PLANNED, days=-1)
    future = workshop_in(world, Workshop.Status.OPEN, days=10)
    running = workshop_in(world, Workshop.Status.CLOSED, days=0)
    assert not rules.may_record(steering, planned)
    assert not rules.may_record(steering, future)  # open, but its day has not come
    assert rules.may_record(steering, running)
    assert rules.may_record(steering, done)
    assert not rules.may_record(world.users["member"], done)  # not the moderation
    with pytest.raises(PermissionDenied):
        _measure(world, future)
    _measure(world, done)
    services.protocol_close(actor=steering, workshop=done)
    assert not rules.may_record(steering, done)
    with pytest.raises(PermissionDenied):
        _measure(world, done, text="zu spät")


def test_a_named_moderator_with_an_account_records(world, done):
    member = world.users["member"]
    services.protocol_moderators_set(actor=world.users["steering"], workshop=done, users=[member])
    outcome = services.outcome_create(
        actor=member, workshop=done, phase="bild", category="anmerkung", text="Pflege fehlt"
    )
    assert outcome.position == 1 and outcome.created_by == member


def test_the_method_is_chosen_before_the_first_outcome_and_phases_follow_it(world, done):
    steering = world.users["steering"]
    services.protocol_setup(
        actor=steering, workshop=done, template="zukunftswerkstatt", dots_per_person=3
    )
    with pytest.raises(ValidationError) as wrong_phase:
        _measure(world, done)  # "massnahmen" is Hessen's phase
    assert "phase" in wrong_phase.value.message_dict
    with pytest.raises(ValidationError) as wrong_category:
        services.outcome_create(
            actor=steering, workshop=done, phase="kritik", category="idee", text="x"
        )
    assert "category" in wrong_category.value.message_dict
    services.outcome_create(
        actor=steering, workshop=done, phase="kritik", category="kritikpunkt", text="Zu wenig"
    )
    with pytest.raises(PermissionDenied):
        services.protocol_setup(actor=steering, workshop=done, template="hessen", dots_per_person=3)


def test_dot_voting_keeps_each_person_within_their_dots(world, done):
    steering, applicant = world.users["steering"], world.users["applicant"]
    services.protocol_setup(actor=steering, workshop=done, template="hessen", dots_per_person=3)
    a, b, c = (_measure(world, done, text=t) for t in ("A", "B", "C"))
    services.outcome_vote(actor=applicant, outcome=a, dots=2)
    services.outcome_vote(actor=applicant, outcome=b, dots=1)
    with pytest.raises(ValidationError) as too_many:
        services.outcome_vote(actor=applicant, outcome=c, dots=1)
    assert "0 sind noch frei" in str(too_many.value)
    services.outcome_vote(actor=applicant, outcome=a, dots=1)  # moved, not added
    services.outcome_vote(actor=applicant, outcome=c, dots=1)
    services.outcome_vote(actor=steering, outcome=a, dots=3)  # the moderation's own dots
    assert OutcomeVote.objects.filter(voter=applicant).count() == 3
    assert services.dots_used(workshop=done, voter=applicant) == 3
    assert OutcomeVote.objects.get(outcome=a, voter=steering).dots == 3
    services.outcome_vote(actor=applicant, outcome=c, dots=0)
    assert not OutcomeVote.objects.filter(outcome=c, voter=applicant).exists()
    with pytest.raises(PermissionDenied):  # neither registered nor moderation
        services.outcome_vote(actor=world.users["outsider"], outcome=a, dots=1)


def test_the_follow_up_workflow_writes_history_rows(world, done):
    steering = world.users["steering"]
    organisation_services.representative_create(
        actor=world.users["coordination"],
        organisation=world.org_b,
        name="Vertreter B",
        user=world.users["outsider_member"],
    )
    outcome = _measure(world, done, owner_organisation=world.org_b)
    owner = world.users["outsider_member"]  # speaks for the owning organisation
    with pytest.raises(TransitionNotAllowed):
        services.outcome_transition(actor=world.users["member"], outcome=outcome, to="done")
    services.outcome_transition(actor=owner, outcome=outcome, to="in_progress", note="Start")
    services.outcome_note_add(actor=steering, outcome=outcome, note="Gespräch mit der IHK")
    services.outcome_transition(actor=steering, outcome=outcome, to="done")
    with pytest.raises(TransitionNotDeclared):
        services.outcome_transition(actor=steering, outcome=outcome, to="dropped")
    services.outcome_transition(actor=steering, outcome=outcome, to="open", note="neu auflegen")
    history = list(
        OutcomeEvent.objects.filter(outcome=outcome).values_list("from_status", "to_status", "note")
    )
    assert history == [
        ("open", "in_progress", "Start"),
        ("in_progress", "in_progress", "Gespräch mit der IHK"),
        ("in_progress", "done", ""),
        ("done", "open", "neu auflegen"),
    ]


def test_reminders_to_owners_before_and_after_the_due_date_never_twice(world, done):
    owner = world.users["member"]
    due = dt.date(2030, 6, 30)
    outcome = _measure(world, done, owner_user=owner, due_on=due)
    _measure(world, done, text="ohne Frist", owner_user=owner)
    finished = _measure(world, done, text="erledigt", owner_user=owner, due_on=due)
    services.outcome_transition(actor=world.users["steering"], outcome=finished, to="done")
    at = lambda day: dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)  # noqa: E731
    assert outcomes_remind(now=at(due - dt.timedelta(days=15))) == 0
    assert outcomes_remind(now=at(due - dt.timedelta(days=14))) == 1
    assert outcomes_remind(now=at(due - dt.timedelta(days=10))) == 0  # not twice
    assert outcomes_remind(now=at(due)) == 0
    assert outcomes_remind(now=at(due + dt.timedelta(days=1))) == 1
    assert outcomes_remind(now=at(due + dt.timedelta(days=5))) == 0
    notes = Notification.objects.filter(user=owner).order_by("id")
    subjects = list(notes.values_list("subject", flat=True))
    assert subjects == [
        "Erinnerung: Maßnahme fällig am 30. Juni 2030",
        "Überfällig seit 30. Juni 2030: Werkstatt-Maßnahme",
    ]
    outcome.refresh_from_db()
    assert outcome.reminded_before_at and outcome.reminded_after_at


def _terms(world):
    FundingTerms.objects.update_or_create(
        programme=world.a.programme, defaults={"max_grant_rate": Decimal("0.8")}
    )


def test_a_measure_becomes_a_draft_call_carrying_its_fields(world, done):
    _terms(world)
    steering = world.users["steering"]
    outcome = _measure(
        world,
        done,
        text="Ausbildungsverbund Pflege gründen\nmit drei Kliniken",
        occupations=["813", "82102"],
        target_groups=["trainees", "school_leavers"],
        action_fields=[world.field],
    )
    assert not rules.may_make_call(world.users["member"], outcome)
    with pytest.raises(PermissionDenied):
        services.outcome_make_call(actor=world.users["member"], outcome=outcome)
    call = services.outcome_make_call(actor=steering, outcome=outcome)
    assert call.status == Call.Status.DRAFT and call.alliance == world.a
    assert call.title == "Ausbildungsverbund Pflege gründen"
    assert "mit drei Kliniken" in call.summary and "mit drei Kliniken" in call.description
    assert call.occupations == ["813", "82102"]
    assert call.target_groups == ["trainees", "school_leavers"]
    assert list(call.action_fields.all()) == [world.field]
    assert list(call.districts.all()) == list(done.districts.all())
    assert call.max_grant_rate == Decimal("0.8")
    outcome.refresh_from_db()
    assert outcome.call == call
    with pytest.raises(PermissionDenied):  # once only
        services.outcome_make_call(actor=steering, outcome=outcome)


def test_only_a_measure_becomes_a_call(world, done):
    _terms(world)
    remark = services.outcome_create(
        actor=world.users["steering"], workshop=done, phase="bild", category="anmerkung", text="x"
    )
    assert not rules.is_measure(remark)
    with pytest.raises(PermissionDenied):
        services.outcome_make_call(actor=world.users["steering"], outcome=remark)


def test_action_fields_and_codes_are_checked(world, done):
    foreign = ActionField.objects.create(alliance=world.b, title="Handlungsfeld B")
    with pytest.raises(ValidationError) as error:
        _measure(world, done, occupations=["99999x"], action_fields=[foreign])
    assert set(error.value.message_dict) == {"occupations", "action_fields"}
