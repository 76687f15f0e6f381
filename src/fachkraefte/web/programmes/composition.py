"""Does an alliance's membership meet its programme's composition rules?

Pure computation on plain values (no database access), so that pages, the API and tests share one
answer. Each member fills at most one seat. Seats are assigned greedily: required rules before
optional ones, and among those the most specific rule first (fewest categories, an inhabitant
threshold before none), so that a chamber that could sit in "employers' association or chamber"
and in "chamber" takes the narrower seat and leaves the broad one to an employers' association.
Within a rule the least flexible members (those fitting the fewest rules) are placed first.

An inhabitant threshold is exclusive: Saxony asks for towns "mit mehr als 10 000 Einwohnern", so a
town of exactly 10,000 does not count. A rule limited to ``district_towns`` (kreisangehörige
Städte) takes only members whose region is one of the alliance's rural districts
(``districts``); an alliance without such a district (a kreisfreie Stadt) cannot fill that seat,
so it is not applicable there and never makes the composition incomplete.

>>> rules = [SeatRule(key=1, label="Kreis", categories=("district",)),
...          SeatRule(key=2, label="Städte", categories=("town",), min_count=2,
...                   min_inhabitants=10_000, district_towns=True)]
>>> members = [Candidate(key="a", name="Landkreis", category="district", region="14626"),
...            Candidate(key="b", name="Kleinstadt", category="town", inhabitants=10_000,
...                      region="14626"),
...            Candidate(key="c", name="Großstadt", category="town", inhabitants=50_000,
...                      region="14626")]
>>> status = composition_status(rules, members, districts={"14626"})
>>> status.complete, [seat.missing for seat in status.seats]
(False, [0, 1])
>>> [member.name for member in status.seats[1].filled_by]
['Großstadt']
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SeatRule:
    """``min_count`` seats for members of any of ``categories``.

    ``min_inhabitants``: members need *more than* this many inhabitants. ``district_towns``: only
    members located in one of the alliance's rural districts (kreisangehörig) count.
    """

    key: Hashable
    label: str
    categories: tuple[str, ...]
    min_count: int = 1
    min_inhabitants: int | None = None
    required: bool = True
    district_towns: bool = False


@dataclass(frozen=True)
class Candidate:
    """A member organisation as the rules see it."""

    key: Hashable
    name: str
    category: str
    inhabitants: int | None = None
    region: Hashable | None = None  # the Kreis the organisation belongs to (its AGS)


@dataclass(frozen=True)
class SeatStatus:
    rule: SeatRule
    filled_by: tuple[Candidate, ...]
    applicable: bool = True  # False: the alliance cannot have such members (kreisfreie Stadt)

    @property
    def filled(self) -> int:
        return len(self.filled_by)

    @property
    def missing(self) -> int:
        if not self.applicable:
            return 0
        return max(self.rule.min_count - self.filled, 0)

    @property
    def satisfied(self) -> bool:
        return self.missing == 0


@dataclass(frozen=True)
class CompositionStatus:
    seats: tuple[SeatStatus, ...]
    unassigned: tuple[Candidate, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """Every required seat is filled; optional seats never make a composition incomplete."""
        return all(seat.satisfied for seat in self.seats if seat.rule.required)

    @property
    def missing_required(self) -> int:
        return sum(seat.missing for seat in self.seats if seat.rule.required)


def fits(rule: SeatRule, member: Candidate, districts: Collection[Hashable] = ()) -> bool:
    """Whether ``member`` may take a seat of ``rule``.

    Unknown inhabitants never meet a threshold, an unknown region never lies in a district.
    """
    if member.category not in rule.categories:
        return False
    if rule.district_towns and (member.region is None or member.region not in districts):
        return False
    if rule.min_inhabitants is None:
        return True
    return member.inhabitants is not None and member.inhabitants > rule.min_inhabitants


def applicable(rule: SeatRule, districts: Collection[Hashable]) -> bool:
    """A seat for district towns needs a rural district among the alliance's districts."""
    return not rule.district_towns or bool(districts)


def _specificity(rule: SeatRule) -> tuple[int, int, int]:
    return (0 if rule.required else 1, len(rule.categories), 0 if rule.min_inhabitants else 1)


def composition_status(
    rules: Sequence[SeatRule],
    members: Sequence[Candidate],
    districts: Collection[Hashable] = (),
) -> CompositionStatus:
    """Per rule (in the given order): who fills its seats and how many are missing.

    ``districts``: the alliance's rural districts (Landkreise, not kreisfreie Städte), the places
    where the members of a ``district_towns`` rule must lie.
    """
    districts = frozenset(districts)
    flexibility = {
        member.key: sum(fits(rule, member, districts) for rule in rules) for member in members
    }
    taken: set[Hashable] = set()
    assigned: dict[int, tuple[Candidate, ...]] = {}
    order = sorted(range(len(rules)), key=lambda index: (_specificity(rules[index]), index))
    for index in order:
        rule = rules[index]
        eligible = sorted(
            (m for m in members if m.key not in taken and fits(rule, m, districts)),
            key=lambda m: (flexibility[m.key], m.name),
        )
        chosen = tuple(eligible[: rule.min_count])
        taken.update(member.key for member in chosen)
        assigned[index] = chosen
    seats = tuple(
        SeatStatus(rule=rules[i], filled_by=assigned[i], applicable=applicable(rules[i], districts))
        for i in range(len(rules))
    )
    return CompositionStatus(
        seats=seats, unassigned=tuple(m for m in members if m.key not in taken)
    )
