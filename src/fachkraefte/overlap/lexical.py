"""The lexical half: shared German stems and compound parts, and where they stand in a text."""

from __future__ import annotations

import math
import re

from fachkraefte.textsearch.analyser import EAGER, analyse, word_terms


def terms_of(text: str) -> frozenset[str]:
    return frozenset(analyse(text, EAGER))


def lexical_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine of the two term sets: shared terms over the geometric mean of their sizes."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def matching_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` that carry one of ``terms`` (for highlighting)."""
    return [
        m.span()
        for m in EAGER.word.finditer(text)
        if terms and set(word_terms(m.group(0), EAGER)) & terms
    ]


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def sentences(title: str, description: str) -> list[str]:
    """The passages of a text: the title, then each sentence of the description."""
    return [
        s.strip()
        for text in (title, description)
        for s in _SENTENCE_END.split(text)
        if len(s.strip()) > 2
    ]
