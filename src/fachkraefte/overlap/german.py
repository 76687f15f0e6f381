"""The German analyser: the words of a text as lower-cased stems, with their compound parts.

``analyse(text)`` is what the lexical half of the overlap check (and the knowledge search)
compares. For every word it yields the Snowball stem of the whole word and, for a compound,
the stems of its parts, so that "Pflegehilfskräfte" and "Pflegehelfer" share "pfleg" and
"Sprachkurse" meets "Deutschkurse" in "kurs". Umlauts and ß are folded (ä→a, ö→o, ü→u, ß→ss;
written-out "ae/oe/ue" fold the same way through the stemmer), so spelling variants meet.
Stop words, number words and anything with a digit are dropped: numbers and amounts must never
make two texts similar.

Compounds are split by CharSplit's n-gram model (PyPI ``split-words``, MIT licence, trained on
German Wikipedia nouns): a split is taken when its score is positive and both parts are at
least four letters, and the parts are split again, up to three levels.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import Stemmer
from split_words import Splitter

WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
MIN_PART = 4
SPLIT_SCORE = 0.0
MAX_DEPTH = 3
FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})

_STOP_WORDS_TEXT = """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    auch auf aus bei beim bin bis bisher bist da dabei dadurch dafür dagegen daher damit dann
    dar daran darauf darin darum das dass dazu dem den denen denn der deren des deshalb dessen
    die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer
    eines einige einigen einiger er es etwa etwas euch für gegen gibt hat hatte haben hier hin
    hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in indem ins ist jede jedem jeden
    jeder jedes jetzt kann kein keine keinem keinen keiner können könnte man mehr mit muss nach
    neben nicht noch nun nur ob oder ohne pro sehr sein seine seinem seinen seiner sich sie
    sind so solche soll sollen sowie statt über um und uns unser unsere unter viel vom von vor
    während war waren was weil welche welchem welchen welcher werden wie wieder wir wird wo
    wurde wurden zu zum zur zwischen sowohl
    null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig
    hundert tausend million millionen prozent euro eur
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_UMLAUT = re.compile(r"(?<!q)ue|ae|oe")
_UMLAUTS = {"ae": "ä", "oe": "ö", "ue": "ü"}
_FOLDED_STOP_WORDS = frozenset(w.translate(FOLD) for w in STOP_WORDS)


@functools.cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("german")


@functools.cache
def _splitter() -> Splitter:
    return Splitter()


def _stem(word: str) -> str:
    return _stemmer().stemWord(word).translate(FOLD)


def _parts(word: str, depth: int = 0) -> list[str]:
    """The compound parts of one lower-case word (empty when it is no compound)."""
    if depth >= MAX_DEPTH or len(word) < 2 * MIN_PART:
        return []
    # written-out umlauts ("Fachkraefte") are split as the umlaut the n-gram model knows
    variants = {word, _UMLAUT.sub(lambda m: _UMLAUTS[m.group(0)], word)}
    splits = [s[0] for v in variants if (s := _splitter().split_compound(v))]
    if not splits:
        return []
    score, head, tail = max(splits)
    head, tail = head.lower(), tail.lower()
    if score <= SPLIT_SCORE or len(head) < MIN_PART or len(tail) < MIN_PART:
        return []
    found = [head, tail]
    for part in (head, tail):
        found.extend(_parts(part, depth + 1))
    return found


@functools.lru_cache(maxsize=200_000)
def word_terms(word: str) -> tuple[str, ...]:
    """The stems one word contributes: its own stem first, then its compound parts' stems."""
    lower = word.lower()
    if any(ch.isdigit() for ch in lower) or lower in STOP_WORDS:
        return ()
    pieces = [p for p in lower.split("-") if p]
    terms: list[str] = []
    for piece in [lower.replace("-", ""), *pieces] if len(pieces) > 1 else [lower]:
        if len(piece) < 2 or piece in STOP_WORDS:
            continue
        for candidate in [piece, *_parts(piece)]:
            stem = _stem(candidate)
            if len(stem) >= 3 and stem not in _FOLDED_STOP_WORDS and stem not in terms:
                terms.append(stem)
    return tuple(terms)


def words(text: str) -> Iterator[str]:
    """The words of ``text`` in order (hyphenated words stay one word)."""
    for match in WORD.finditer(text):
        yield match.group(0)


def analyse(text: str) -> list[str]:
    """Lower-cased, folded stems of the words of ``text`` and of their compound parts, in text
    order (repeats kept, so a caller may count them); stop words and numbers dropped."""
    return [term for word in words(text) for term in word_terms(word)]
