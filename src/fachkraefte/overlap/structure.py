"""The structured half: same or neighbouring districts, shared occupations and target groups,
overlapping periods."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fachkraefte.overlap.records import ProjectText

Neighbours = Callable[[str], Iterable[str]]


@functools.lru_cache(maxsize=4096)
def geo_neighbours(ags: str) -> frozenset[str]:
    """Kreise bordering ``ags`` from the imported boundaries; empty when none are imported or
    the code is no Kreis (the check then names only same districts)."""
    from fachkraefte import geo

    try:
        return frozenset(r.ags for r in geo.neighbours(ags))
    except (geo.BoundariesMissingError, LookupError, ValueError):
        return frozenset()


@dataclass(frozen=True)
class Structure:
    same_districts: tuple[str, ...] = ()
    neighbouring_districts: tuple[tuple[str, str], ...] = ()
    shared_occupations: tuple[str, ...] = ()
    shared_target_groups: tuple[str, ...] = ()
    period_overlap_days: int | None = None
    districts_apart: bool = False
    periods_apart: bool = False

    @property
    def any(self) -> bool:
        return bool(
            self.same_districts
            or self.neighbouring_districts
            or self.shared_occupations
            or self.shared_target_groups
            or self.period_overlap_days
        )

    def named(self) -> list[str]:
        """The structured overlaps in words (German, as shown on the pages)."""
        found = []
        if self.same_districts:
            found.append("gleicher Kreis: " + ", ".join(self.same_districts))
        if self.neighbouring_districts:
            found.append(
                "Nachbarkreis: " + ", ".join(f"{a}–{b}" for a, b in self.neighbouring_districts)
            )
        if self.shared_occupations:
            found.append("gleiche Berufe (KldB): " + ", ".join(self.shared_occupations))
        if self.shared_target_groups:
            found.append("gleiche Zielgruppen: " + ", ".join(self.shared_target_groups))
        if self.period_overlap_days:
            found.append(f"Laufzeiten überschneiden sich um {self.period_overlap_days} Tage")
        return found


def _occupations_shared(a: Iterable[str], b: Iterable[str]) -> tuple[str, ...]:
    """Codes shared at the Berufsgruppe (first three digits of the KldB code)."""
    groups_b = {code[:3] for code in b if code}
    return tuple(sorted({code[:3] for code in a if code and code[:3] in groups_b}))


def _period_overlap(a: ProjectText, b: ProjectText) -> int | None:
    if None in (a.starts_on, a.ends_on, b.starts_on, b.ends_on):
        return None
    start: dt.date = max(a.starts_on, b.starts_on)  # type: ignore[type-var]
    end: dt.date = min(a.ends_on, b.ends_on)  # type: ignore[type-var]
    return max(0, (end - start).days + 1)


def structure_of(a: ProjectText, b: ProjectText, neighbours: Neighbours | None) -> Structure:
    same = tuple(sorted(set(a.districts) & set(b.districts)))
    near: list[tuple[str, str]] = []
    if neighbours is not None and a.districts and b.districts:
        others = set(b.districts) - set(same)
        for district in sorted(set(a.districts) - set(same)):
            near.extend((district, n) for n in sorted(set(neighbours(district)) & others))
    days = _period_overlap(a, b)
    return Structure(
        same_districts=same,
        neighbouring_districts=tuple(near),
        shared_occupations=_occupations_shared(a.occupations, b.occupations),
        shared_target_groups=tuple(sorted(set(a.target_groups) & set(b.target_groups))),
        period_overlap_days=days,
        districts_apart=bool(a.districts and b.districts and not same and not near),
        periods_apart=days == 0,
    )
