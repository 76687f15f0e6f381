"""Where a query hits a text: the matching words and a short passage around the first hit.

Shared by the search pages (which escape each segment and mark the hits) and the CLI; the
same analysis as the index, so a word is marked exactly when it made the document match.
"""

from __future__ import annotations

from dataclasses import dataclass

from fachkraefte.textsearch.analyser import STRICT, QueryTerm, word_terms

WORDS_BEFORE = 12
WORDS_AFTER = 28


@dataclass(frozen=True)
class Segment:
    text: str
    hit: bool = False


def _hits_word(word: str, wanted: set[str]) -> bool:
    return bool(wanted & set(word_terms(word)))


def wanted_terms(terms: list[QueryTerm]) -> set[str]:
    """Every stem a marked word may carry: the query words' stems and their parts' stems."""
    return {stem for term in terms for option in term.alternatives for stem in option}


def passage(text: str, terms: list[QueryTerm]) -> list[Segment]:
    """The words around the first hit of ``terms`` in ``text``, hits marked; the text's
    beginning when nothing hits. "…" marks a cut.

    >>> from fachkraefte.textsearch import query_terms
    >>> [s for s in passage("Wir gewinnen Pflegekräfte.", query_terms("Pflege")) if s.hit]
    [Segment(text='Pflegekräfte', hit=True)]
    """
    wanted = wanted_terms(terms)
    tokens = list(STRICT.word.finditer(text))
    if not tokens:
        return [Segment(text)] if text else []
    first = next((i for i, t in enumerate(tokens) if _hits_word(t.group(), wanted)), 0)
    low = max(0, first - WORDS_BEFORE)
    high = min(len(tokens), low + WORDS_BEFORE + WORDS_AFTER)
    start = tokens[low].start() if low > 0 else 0
    end = tokens[high - 1].end() if high < len(tokens) else len(text)
    segments = [Segment("… ")] if low > 0 else []
    position = start
    for token in tokens[low:high]:
        if _hits_word(token.group(), wanted):
            if token.start() > position:
                segments.append(Segment(text[position : token.start()]))
            segments.append(Segment(token.group(), hit=True))
            position = token.end()
    if end > position:
        segments.append(Segment(text[position:end]))
    if high < len(tokens):
        segments.append(Segment(" …"))
    return segments
