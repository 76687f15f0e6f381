"""How a steering-group decision is reached: pure functions over plain values, no database.

Two rules (``programmes.models.ConsensusRule``; documented for users in ``docs/decisions.md``):

- ``unanimity`` – Einstimmigkeit der Abstimmenden: every non-conflicted member of the steering
  group must have voted before the item can be closed; it is adopted iff there is at least one
  consent and every vote that is not an abstention is a consent.
- ``no_objection`` – Zustimmung ohne Widerspruch: adopted iff there is at least one consent and no
  objection; members who did not vote do not block, so the item can be closed at any time.

A member with a declared conflict of interest counts as abstaining whatever vote is stored (the
service never stores another one, but the rule must not depend on that). Votes of people who are
not (or no longer) in the steering group are not counted.

>>> members = [Member("a", "Anna"), Member("b", "Ben")]
>>> decide(rule="no_objection", members=members, votes={"a": "consent"}, conflicts=set()).outcome
'adopted'
>>> result = decide(rule="unanimity", members=members, votes={"a": "consent"}, conflicts=set())
>>> result.can_close, result.outcome, result.missing
(False, None, ('Ben',))
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

UNANIMITY = "unanimity"
NO_OBJECTION = "no_objection"
RULES = (UNANIMITY, NO_OBJECTION)

CONSENT = "consent"
OBJECTION = "objection"
ABSTENTION = "abstention"
CHOICES = (CONSENT, OBJECTION, ABSTENTION)

ADOPTED = "adopted"
REJECTED = "rejected"


@dataclass(frozen=True)
class Member:
    """A steering-group member: a key that votes and conflicts refer to, and a display name."""

    key: Hashable
    name: str


@dataclass(frozen=True)
class Tally:
    consent: int = 0
    objection: int = 0
    abstention: int = 0
    # Names, in the order of the member list, so that messages and minutes read the same each time.
    not_voted: tuple[str, ...] = ()
    conflicted: tuple[str, ...] = ()

    @property
    def voted(self) -> int:
        return self.consent + self.objection + self.abstention

    def as_dict(self) -> dict:
        return {
            "consent": self.consent,
            "objection": self.objection,
            "abstention": self.abstention,
            "not_voted": list(self.not_voted),
            "conflicted": list(self.conflicted),
        }


@dataclass(frozen=True)
class ConsensusResult:
    rule: str
    tally: Tally
    # None while the item cannot be closed yet (unanimity with members still to vote).
    outcome: str | None
    can_close: bool
    reasons: tuple[str, ...] = field(default=())
    # Names of non-conflicted members who have not voted (they block closing under unanimity).
    missing: tuple[str, ...] = ()
    # Keys of stored votes from people outside the steering group (not counted).
    ignored: tuple[Hashable, ...] = ()

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "tally": self.tally.as_dict(),
            "outcome": self.outcome,
            "can_close": self.can_close,
            "reasons": list(self.reasons),
            "missing": list(self.missing),
        }


def _names(names: Sequence[str]) -> str:
    return ", ".join(names)


def decide(
    *,
    rule: str,
    members: Sequence[Member],
    votes: Mapping[Hashable, str],
    conflicts: Collection[Hashable],
) -> ConsensusResult:
    """Tally ``votes`` ({member key: choice}) of ``members`` under ``rule``; see the module doc."""
    if rule not in RULES:
        raise ValueError(f"unknown consensus rule {rule!r}; expected one of {RULES}")
    for key, choice in votes.items():
        if choice not in CHOICES:
            raise ValueError(f"unknown vote {choice!r} of {key!r}; expected one of {CHOICES}")

    member_keys = {member.key for member in members}
    counts = {CONSENT: 0, OBJECTION: 0, ABSTENTION: 0}
    not_voted: list[str] = []
    conflicted: list[str] = []
    for member in members:
        choice = votes.get(member.key)
        if member.key in conflicts:
            conflicted.append(member.name)
            # A conflicted member abstains, also where no vote was recorded.
            counts[ABSTENTION] += 1
            continue
        if choice is None:
            not_voted.append(member.name)
            continue
        counts[choice] += 1
    tally = Tally(
        consent=counts[CONSENT],
        objection=counts[OBJECTION],
        abstention=counts[ABSTENTION],
        not_voted=tuple(not_voted),
        conflicted=tuple(conflicted),
    )
    ignored = tuple(key for key in votes if key not in member_keys)

    reasons: list[str] = []
    if conflicted:
        reasons.append(
            ngettext(
                "Wegen Befangenheit als Enthaltung gewertet: %(names)s.",
                "Wegen Befangenheit als Enthaltungen gewertet: %(names)s.",
                len(conflicted),
            )
            % {"names": _names(conflicted)}
        )
    if ignored:
        reasons.append(
            ngettext(
                "%(count)d Votum einer Person, die nicht der Steuerungsgruppe angehört, "
                "wird nicht gezählt.",
                "%(count)d Voten von Personen, die nicht der Steuerungsgruppe angehören, "
                "werden nicht gezählt.",
                len(ignored),
            )
            % {"count": len(ignored)}
        )

    if rule == UNANIMITY and not_voted:
        reasons.insert(
            0,
            _(
                "Der Punkt kann noch nicht abgeschlossen werden: Bei Einstimmigkeit müssen alle "
                "nicht befangenen Mitglieder der Steuerungsgruppe abstimmen. Es fehlt das Votum "
                "von: %(names)s."
            )
            % {"names": _names(not_voted)},
        )
        return ConsensusResult(
            rule=rule,
            tally=tally,
            outcome=None,
            can_close=False,
            reasons=tuple(reasons),
            missing=tuple(not_voted),
            ignored=ignored,
        )

    adopted = tally.consent >= 1 and tally.objection == 0
    reasons.insert(0, _explain(rule, tally, adopted))
    if rule == NO_OBJECTION and not_voted:
        reasons.append(
            _("Nicht abgestimmt haben (ohne Einfluss auf das Ergebnis): %(names)s.")
            % {"names": _names(not_voted)}
        )
    return ConsensusResult(
        rule=rule,
        tally=tally,
        outcome=ADOPTED if adopted else REJECTED,
        can_close=True,
        reasons=tuple(reasons),
        missing=(),
        ignored=ignored,
    )


def _explain(rule: str, tally: Tally, adopted: bool) -> str:
    counts = {"consent": tally.consent, "objection": tally.objection}
    if adopted and rule == UNANIMITY:
        return (
            _(
                "Angenommen: Alle abgegebenen Stimmen, die keine Enthaltungen sind, sind "
                "Zustimmungen (%(consent)d Zustimmung(en), keine Einwände)."
            )
            % counts
        )
    if adopted:
        return _("Angenommen: %(consent)d Zustimmung(en) und kein Widerspruch.") % counts
    if tally.consent == 0 and tally.objection == 0:
        return _("Abgelehnt: Es liegt keine Zustimmung vor.")
    if tally.consent == 0:
        return (
            _("Abgelehnt: Es liegt keine Zustimmung vor, aber %(objection)d Einwand/Einwände.")
            % counts
        )
    return _("Abgelehnt: %(objection)d Einwand/Einwände bei %(consent)d Zustimmung(en).") % counts
