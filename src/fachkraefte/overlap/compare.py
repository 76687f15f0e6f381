"""``compare(a, b)``: how much two project texts overlap, and why.

The score is the mean of two components shown side by side:

- ``semantic``: the cosine of the two texts' sentence embeddings (multilingual USE v3), which
  sees paraphrases ("Sprachkurse" / "Deutschunterricht") that share no word;
- ``lexical``: the cosine of their sets of German stems and compound parts (``textsearch.analyse``
  with the ``EAGER`` split policy), which sees the same technical terms even where the
  sentences are built differently.

Numbers never count: they are removed before both components. The structure (districts,
occupations, target groups, period) is not mixed into the score; it is named beside it and it
can veto a duplicate: the same idea in a district that is neither the same nor a neighbour, or
in a period that does not overlap, is "so etwas gibt es schon in …", not a double funding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fachkraefte.overlap import embedding
from fachkraefte.overlap.lexical import lexical_similarity, matching_spans, sentences, terms_of
from fachkraefte.overlap.records import ProjectText, as_record
from fachkraefte.overlap.structure import Neighbours, Structure, geo_neighbours, structure_of

SEMANTIC_WEIGHT = 0.5
LEXICAL_WEIGHT = 0.5
DUPLICATE_THRESHOLD = 0.44
"""Score from which a pair counts as a duplicate. Chosen by ``scripts/overlap_quality.py`` on
the calibration half of the labelled pairs (tests/overlap/pairs.toml, pairs with an odd
number) as the threshold with the best F1 there, rounded to two places; the other half is
held out and its precision and recall are reported and tested separately. See docs/overlap.md."""

PASSAGE_MIN_SIMILARITY = 0.55
MAX_PASSAGES = 3


@dataclass(frozen=True)
class Passage:
    """A passage of ``a`` and the passage of ``b`` most like it, with the terms they share."""

    text_a: str
    text_b: str
    similarity: float
    terms: tuple[str, ...]

    @property
    def spans_a(self) -> list[tuple[int, int]]:
        return matching_spans(self.text_a, frozenset(self.terms))

    @property
    def spans_b(self) -> list[tuple[int, int]]:
        return matching_spans(self.text_b, frozenset(self.terms))


@dataclass(frozen=True)
class Overlap:
    score: float
    semantic: float
    lexical: float
    is_duplicate: bool
    shared_terms: tuple[str, ...]
    passages: tuple[Passage, ...]
    structure: Structure
    a: ProjectText = field(repr=False)
    b: ProjectText = field(repr=False)

    @property
    def structure_named(self) -> list[str]:
        return self.structure.named()


def combine(semantic: float, lexical: float) -> float:
    return float(np.clip(SEMANTIC_WEIGHT * semantic + LEXICAL_WEIGHT * lexical, 0.0, 1.0))


def duplicate(score: float, structure: Structure) -> bool:
    return (
        score >= DUPLICATE_THRESHOLD
        and not structure.districts_apart
        and not structure.periods_apart
    )


def passages_of(a: ProjectText, b: ProjectText) -> tuple[Passage, ...]:
    """The passages of ``a`` with their closest passage in ``b``, best first (at most three)."""
    left, right = sentences(a.title, a.description), sentences(b.title, b.description)
    if not left or not right:
        return ()
    vectors = embedding.encode(left + right)
    similarity = vectors[: len(left)] @ vectors[len(left) :].T
    found = []
    for i, text in enumerate(left):
        j = int(np.argmax(similarity[i]))
        terms = tuple(sorted(terms_of(text) & terms_of(right[j])))
        value = float(similarity[i, j])
        if value >= PASSAGE_MIN_SIMILARITY or len(terms) >= 2:
            found.append(Passage(text, right[j], round(value, 3), terms))
    found.sort(key=lambda p: (p.similarity, len(p.terms)), reverse=True)
    return tuple(found[:MAX_PASSAGES])


def overlap_from(
    a: ProjectText,
    b: ProjectText,
    *,
    semantic: float,
    terms_a: frozenset[str],
    terms_b: frozenset[str],
    neighbours: Neighbours | None,
    explain: bool = True,
) -> Overlap:
    lexical = lexical_similarity(terms_a, terms_b)
    score = combine(semantic, lexical)
    structure = structure_of(a, b, neighbours)
    return Overlap(
        score=round(score, 4),
        semantic=round(float(semantic), 4),
        lexical=round(lexical, 4),
        is_duplicate=duplicate(score, structure),
        shared_terms=tuple(sorted(terms_a & terms_b)),
        passages=passages_of(a, b) if explain else (),
        structure=structure,
        a=a,
        b=b,
    )


def compare(
    a: str | ProjectText,
    b: str | ProjectText,
    *,
    neighbours: Neighbours | None = geo_neighbours,
    explain: bool = True,
) -> Overlap:
    """How much ``a`` and ``b`` (plain texts or records) overlap, with the reasons.

    ``neighbours(ags)`` names the Kreise bordering a Kreis (default: the imported boundaries);
    ``explain=False`` skips the matching passages.
    """
    a, b = as_record(a), as_record(b)
    vectors = embedding.encode([a.text, b.text])
    semantic = float(np.clip(vectors[0] @ vectors[1], 0.0, 1.0))
    return overlap_from(
        a,
        b,
        semantic=semantic,
        terms_a=terms_of(a.text),
        terms_b=terms_of(b.text),
        neighbours=neighbours,
        explain=explain,
    )
