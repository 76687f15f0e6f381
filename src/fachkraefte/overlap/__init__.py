"""Explained overlap of German project texts: is this proposal already funded or proposed?

``compare(a, b)`` says how much two texts (or project records) overlap, with the semantic and
lexical components side by side, the matching passages and terms, and the structured overlaps
(same or neighbouring district, occupations, target groups, period). ``search(query, index)``
finds the closest records in an index built by ``build_index``. ``DUPLICATE_THRESHOLD`` is
documented in ``compare``. No Django: the web app ``overlaps`` keeps an index of proposals and
projects and shows these results beside each proposal.
"""

from fachkraefte.overlap.compare import (
    DUPLICATE_THRESHOLD,
    Overlap,
    Passage,
    compare,
)
from fachkraefte.overlap.index import (
    Candidate,
    OverlapIndex,
    build_index,
    refresh_index,
    search,
)
from fachkraefte.overlap.records import ProjectText
from fachkraefte.overlap.structure import Structure

__all__ = [
    "DUPLICATE_THRESHOLD",
    "Candidate",
    "Overlap",
    "OverlapIndex",
    "Passage",
    "ProjectText",
    "Structure",
    "build_index",
    "compare",
    "refresh_index",
    "search",
]
