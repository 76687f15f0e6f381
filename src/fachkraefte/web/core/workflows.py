"""Workflows as data: a record's states, the declared transitions between them and who may trigger each.

An app declares one ``Workflow`` per kind of record (agenda items, commitments; later funding
proposals and projects) next to its rules, and its services move a record only through
``Workflow.transition``. Pages render ``Workflow.next_steps`` ("Was als Nächstes geschehen kann"),
so the page, the API and the service read the same table. A module, not a framework: no
registry, no signals, no state stored beside the record's own field.

    ITEM = Workflow(
        field="status",
        states=AgendaItem.Status,
        transitions=(
            Transition("open", "decided", _("Abstimmung abschließen"), rules.may_close_item,
                       who=_("Steuerungsgruppe, Koordinierungsstelle")),
        ),
        audit_alliance=lambda item: item.meeting.alliance,
    )
    ITEM.transition(user, item, "decided")   # or TransitionNotDeclared / TransitionNotAllowed
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.audit.services import audit_record

Rule = Callable[[Any, Any], bool]


class TransitionNotDeclared(ValidationError):
    """The table has no arrow from the record's state to the requested one (a 400 answer)."""


class TransitionNotAllowed(PermissionDenied):
    """The arrow exists, but its rule refuses this user for this record (a 403 answer)."""


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: Any  # a gettext_lazy text: the button's words, e.g. "Abstimmung abschließen"
    rule: Rule  # a predicate of the app's rules.py: (user, record) -> bool, including state
    who: Any = ""  # who may trigger it, for people who may not ("Steuerungsgruppe")


@dataclass(frozen=True)
class Step:
    """One transition out of the record's current state, as seen by one user."""

    transition: Transition
    allowed: bool

    @property
    def target(self) -> str:
        return self.transition.target

    @property
    def label(self) -> Any:
        return self.transition.label

    @property
    def who(self) -> Any:
        return self.transition.who


@dataclass(frozen=True)
class Workflow:
    field: str
    states: type[models.TextChoices]
    transitions: tuple[Transition, ...]
    # The alliance whose audit trail records each transition; None: the app does not audit.
    audit_alliance: Callable[[Any], Any] | None = None

    def __post_init__(self) -> None:
        known = set(self.states.values)
        pairs = [(t.source, t.target) for t in self.transitions]
        for source, target in pairs:
            if source not in known or target not in known or source == target:
                raise ValueError(f"transition {source!r} -> {target!r} is not between two states")
        if len(set(pairs)) != len(pairs):
            raise ValueError("a transition is declared twice")

    def state_of(self, record: Any) -> str:
        return getattr(record, self.field)

    def label_of(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state

    def declared(self, source: str, target: str) -> Transition | None:
        return next(
            (t for t in self.transitions if t.source == source and t.target == target), None
        )

    def next_steps(self, user: Any, record: Any) -> list[Step]:
        """Every transition out of the record's state, each marked whether ``user`` may take it."""
        state = self.state_of(record)
        return [
            Step(transition, bool(transition.rule(user, record)))
            for transition in self.transitions
            if transition.source == state
        ]

    def allowed(self, user: Any, record: Any) -> list[Transition]:
        """The transitions ``user`` may trigger on ``record`` now."""
        return [step.transition for step in self.next_steps(user, record) if step.allowed]

    def allowed_targets(self, user: Any, record: Any) -> list[str]:
        return [transition.target for transition in self.allowed(user, record)]

    def check(self, user: Any, record: Any, to: str) -> Transition:
        """The declared transition to ``to`` if ``user`` may trigger it; refuses otherwise.

        Permission comes first: who may take no step from here learns nothing about the table;
        from a final state (no step declared) every request is undeclared.
        """
        source = self.state_of(record)
        transition = self.declared(source, to)
        if transition is not None:
            if transition.rule(user, record):
                return transition
            raise TransitionNotAllowed(self._refusal(source, transition))
        steps = self.next_steps(user, record)
        if steps and not any(step.allowed for step in steps):
            raise TransitionNotAllowed(self._refusal(source, None))
        raise TransitionNotDeclared(self._undeclared(source, to, self.allowed(user, record)))

    def transition(
        self,
        user: Any,
        record: Any,
        to: str,
        *,
        action: str = AuditEntry.Action.UPDATE,
        changes: dict[str, Any] | None = None,
    ) -> Transition:
        """Move ``record`` to ``to``, save it and, where the app audits, record the step.

        Call inside the service's transaction; other fields set on ``record`` beforehand are
        saved with it, and ``changes`` adds to the audit entry (e.g. a decision's tally).
        """
        source = self.state_of(record)
        transition = self.check(user, record, to)
        setattr(record, self.field, to)
        record.save()
        if self.audit_alliance is not None:
            audit_record(
                actor=user,
                instance=record,
                action=action,
                changes={self.field: [source, to], **(changes or {})},
                alliance=self.audit_alliance(record),
            )
        return transition

    def _refusal(self, source: str, transition: Transition | None) -> str:
        if transition is None:
            return _("Sie dürfen den Status „%(state)s“ nicht ändern.") % {
                "state": self.label_of(source)
            }
        return _("„%(step)s“ dürfen nur: %(who)s.") % {
            "step": transition.label,
            "who": transition.who or _("Berechtigte"),
        }

    def _undeclared(self, source: str, to: str, allowed: Iterable[Transition]) -> str:
        options = ", ".join(f"„{self.label_of(t.target)}“" for t in allowed) or _("keiner")
        return _("Von „%(source)s“ geht es nicht zu „%(target)s“. Möglich ist: %(options)s.") % {
            "source": self.label_of(source),
            "target": self.label_of(to),
            "options": options,
        }
