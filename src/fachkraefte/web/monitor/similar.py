"""The "Ähnliche Kreise" section of a district page: the run's stored peer set, read out.

The set is built once per run from its aggregates (a fraction of a second, then stored next
to the run), so a page only reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fachkraefte.reports.peer_sets import peer_set
from fachkraefte.web.monitor import selectors
from fachkraefte.web.monitor.selectors import Run

SHOWN = 5


@dataclass(frozen=True)
class SimilarDistrict:
    ags: str
    name: str
    url: str
    reason: str
    type_label: str | None
    distance: float


@dataclass(frozen=True)
class SimilarSection:
    own_type: str | None
    type_source: str | None
    districts: list[SimilarDistrict]

    @property
    def ags_list(self) -> list[str]:
        """The similar districts' keys, for "Was ähnliche Kreise tun" (the knowledge catalogue)."""
        return [district.ags for district in self.districts]


def similar_section(run: Run, ags: str, *, link: Callable[[str], str]) -> SimilarSection | None:
    """The ``SHOWN`` most similar districts of ``ags`` in ``run`` (None: not in the set)."""
    peers = peer_set(run.run_id, build=False)
    if ags not in peers.features:
        return None
    return SimilarSection(
        own_type=peers.type_labels.get(ags),
        type_source=peers.meta.get("type_source"),
        districts=[
            SimilarDistrict(
                ags=n.ags,
                name=selectors.region_name(n.ags),
                url=link(n.ags),
                reason=n.reason,
                type_label=n.type_label,
                distance=n.distance,
            )
            for n in peers.neighbours(ags, k=SHOWN)
        ],
    )
