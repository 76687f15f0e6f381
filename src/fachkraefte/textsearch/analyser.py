"""German words as terms: Snowball stems of every word and of its compound parts.

One analyser with two split policies. ``STRICT`` (the default) feeds the site search:
PostgreSQL's ``german`` configuration and SQLite's FTS5 tokenisers do not split compounds, so
"Pflege" would never find "Pflegekräfte". Here a document's text becomes the stems of its words
*and* of their parts ("pflegekraft pfleg kraft"), which either database then indexes as plain
words; a query word matches its own stem or all of its parts together, so "Fachkräftesicherung"
finds "Sicherung von Fachkräften" and "Budget Ausbildung" finds "Ausbildungsbudget". ``EAGER``
feeds the lexical half of the overlap check (``overlap.lexical``), whose threshold was
calibrated on its terms: it splits more (any positive score, three levels deep, "Fachkraefte"
as "Fachkräfte"), and it drops numbers and short stems, which must never make two texts similar.

Compounds are split by ``split-words`` (CharSplit's character n-gram probabilities, MIT
licence, trained on German Wikipedia nouns); both parts must be at least four letters. Stems
fold umlauts and ß (the Snowball German stemmer does). The labelled lists in
``tests/textsearch/test_analyser.py`` and ``tests/textsearch/test_split_policies.py`` guard
both policies.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from split_words import Splitter

# Parts shorter than this are prefixes or Fugen ("Aus", "Mit", "Ung"), not words.
MIN_PART_LENGTH = 4

# Function words that carry no topic (both policies; from the Snowball German stop list, BSD
# licence): a query "Kräfte in der Pflege" must not ask for "in" and "der".
_FUNCTION_WORDS = """aber alle allem allen aller alles als also am an ander andere anderem
    anderen anderer anderes auch auf aus bei bin bis bist da damit dann das dass dazu dem den
    denn der des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine
    einem einen einer eines einige einigen einiger er es etwas euch für gegen haben hat hatte
    hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in indem ins ist jede jedem
    jeden jeder jedes jetzt kann kein keine keinem keinen keiner können könnte man mit muss nach
    nicht noch nun nur ob oder ohne sehr sein seine seinem seinen seiner sich sie sind so solche
    soll über um und uns unser unsere unter viel vom von vor während war waren was weil welche
    welchem welchen welcher werden wie wieder wir wird wo zu zum zur zwischen"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
# Numbers and amounts: the overlap check drops them (``overlap.embedding`` too).
_NUMBER_WORDS = """null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig
    dreißig hundert tausend million millionen prozent euro eur"""
NUMBER_WORDS = frozenset(_NUMBER_WORDS.split())
# Further function words each policy was tuned with (the search: the rest of the Snowball list).
_OVERLAP_STOP_WORDS = """beim bisher dabei dadurch dafür dagegen daher dar daran darauf darin
    darum denen deren deshalb etwa gibt mehr neben pro sollen sowie sowohl statt wurde wurden"""
_SEARCH_STOP_WORDS = """dasselbe dein deine deinem deinen deiner demselben denselben derer
    derselbe derselben desselben dich dieselbe dieselben dir einig einigem einiges einmal euer
    eure eurem euren eurer eures gewesen hab habe hatten ihres jene jenem jenen jener jenes
    keines machen manche manchem manchen mancher manches mein meine meinem meinen meiner meines
    mich mir musste nichts seines selbst solchem solchen solcher solches sollte sondern sonst
    unserem unseren unseres warst weg weiter welches wenn werde will wirst wollen wollte würde
    würden zwar"""

_STEMMER = Stemmer.Stemmer("german")
_SPLITTER = Splitter()
_WRITTEN_UMLAUT = re.compile(r"(?<!q)ue|ae|oe")
_UMLAUTS = {"ae": "ä", "oe": "ö", "ue": "ü"}
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


@dataclass(frozen=True, eq=False)
class SplitPolicy:
    """How a text is cut into words and how eagerly a word is split into compound parts.

    The policy is the whole difference between the two uses: every step is the same code.
    """

    # a word: letters and digits; EAGER keeps hyphenated words whole (and adds their pieces)
    word: re.Pattern[str]
    stop_words: frozenset[str]
    # stems dropped after stemming, and the shortest stem kept
    stop_stems: frozenset[str]
    min_stem: int
    # whether words with a digit carry terms (the search finds "KldB 813")
    digits: bool
    # the splitter's best splits tried in turn, and the score a split needs
    tries: int
    min_score: float
    # a weaker split is still taken when its tail is itself a compound (None: never)
    min_score_before_compound: float | None
    # words the splitter takes for a head but which are prefixes ("Unter|stützung")
    not_heads: frozenset[str]
    # "Fachkraefte" is also split as "Fachkräfte" (the n-gram model knows the umlaut)
    written_umlauts: bool
    # levels of splitting ("Fachkräftesicherung" → "Fachkräfte" → "Fach")
    max_depth: int
    # a compound's two parts come before their own parts (else each part is followed by its own)
    parts_first: bool


_STRICT_STOP_WORDS = FUNCTION_WORDS | frozenset(_SEARCH_STOP_WORDS.split())
_EAGER_STOP_WORDS = FUNCTION_WORDS | NUMBER_WORDS | frozenset(_OVERLAP_STOP_WORDS.split())

# The site search: a split is taken only when the splitter is confident (score at or above
# 0.4, its scale being about -2 … 1), so "Unternehmen" stays whole ("Unter" + "nehmen" is not
# what it means); a long word of three parts ("Pflegequalifizierungszentrum") scores low as a
# whole, its tail does not, hence the weaker split before a compound.
STRICT = SplitPolicy(
    word=re.compile(r"[^\W_]+"),
    stop_words=_STRICT_STOP_WORDS,
    stop_stems=frozenset(),
    min_stem=1,
    digits=True,
    tries=3,
    min_score=0.4,
    min_score_before_compound=-1.0,
    not_heads=_STRICT_STOP_WORDS
    | frozenset({"aner", "unter", "über", "hinter", "wider", "gegen", "durch", "miss"}),
    written_umlauts=False,
    max_depth=2,
    parts_first=False,
)
# The overlap check: the splitter's best split is taken whenever its score is positive, and
# the parts are split again, up to three levels; numbers, number words and stems shorter than
# three letters are dropped.
EAGER = SplitPolicy(
    word=re.compile(r"[^\W_]+(?:-[^\W_]+)*"),
    stop_words=_EAGER_STOP_WORDS,
    stop_stems=frozenset(w.translate(_FOLD) for w in _EAGER_STOP_WORDS),
    min_stem=3,
    digits=False,
    tries=1,
    min_score=math.nextafter(0.0, 1.0),  # any positive score
    min_score_before_compound=None,
    not_heads=frozenset(),
    written_umlauts=True,
    max_depth=3,
    parts_first=True,
)


def words(text: str, policy: SplitPolicy = STRICT) -> list[str]:
    """The words of ``text`` in lower case, without stop words; for ``STRICT`` hyphens split
    and digits join ("E-Mail" → "e", "mail"; "KldB 813" keeps "813")."""
    return [w for w in policy.word.findall(text.lower()) if w not in policy.stop_words]


def stem(word: str) -> str:
    """Snowball German: "Pflegekräfte" → "pflegekraft" (umlauts folded, endings removed)."""
    return _STEMMER.stemWord(word.lower())


@lru_cache(maxsize=131072)
def compound_parts(word: str, policy: SplitPolicy = STRICT) -> tuple[str, ...]:
    """The two parts of a compound in lower case, as written ("ausbildungs", "budget"), or ()
    for a word the policy does not split."""
    word = word.lower()
    if len(word) < 2 * MIN_PART_LENGTH or not word.isalpha():
        return ()
    spellings = {word}
    if policy.written_umlauts:
        spellings.add(_WRITTEN_UMLAUT.sub(lambda m: _UMLAUTS[m[0]], word))
    splits = (s for v in spellings for s in _SPLITTER.split_compound(v)[: policy.tries])
    ranked = sorted(splits, reverse=True)
    weaker = policy.min_score_before_compound
    for score, head, tail in ranked[: policy.tries]:
        head, tail = str(head).lower(), str(tail).lower()
        if min(len(head), len(tail)) < MIN_PART_LENGTH or head in policy.not_heads:
            continue
        if score >= policy.min_score or (
            weaker is not None and score >= weaker and compound_parts(tail, policy)
        ):
            return head, tail
    return ()


def _parts_deep(word: str, policy: SplitPolicy, depth: int) -> list[str]:
    parts = compound_parts(word, policy) if depth else ()
    below = [_parts_deep(part, policy, depth - 1) for part in parts]
    if policy.parts_first:
        return [*parts, *(p for found in below for p in found)]
    return [p for part, found in zip(parts, below, strict=True) for p in (part, *found)]


@lru_cache(maxsize=200_000)
def word_terms(word: str, policy: SplitPolicy = STRICT) -> tuple[str, ...]:
    """The stems one word contributes: its own stem first, then its compound parts' stems; a
    hyphenated word (``EAGER``) also as the stems of its pieces. () for a stop word."""
    lower = word.lower()
    if lower in policy.stop_words or (not policy.digits and any(c.isdigit() for c in lower)):
        return ()
    pieces = [p for p in lower.split("-") if p]
    terms: list[str] = []
    for piece in [lower.replace("-", ""), *pieces] if len(pieces) > 1 else [lower]:
        if piece in policy.stop_words:
            continue
        for candidate in [piece, *_parts_deep(piece, policy, policy.max_depth)]:
            term = stem(candidate)
            if len(term) >= policy.min_stem and term not in policy.stop_stems and term not in terms:
                terms.append(term)
    return tuple(terms)


def analyse(text: str, policy: SplitPolicy = STRICT) -> list[str]:
    """The terms of ``text``: per word its stem, then the stems of its compound parts, in text
    order (repeats kept, so a caller may count them).

    >>> analyse("Pflegekräfte für Krankenhäuser gewinnen")
    ['pflegekraft', 'pfleg', 'kraft', 'krankenhaus', 'krank', 'haus', 'gewinn']
    >>> analyse("20 Fachkraefte in Unternehmen", STRICT)
    ['20', 'fachkraft', 'unternehm']
    >>> analyse("20 Fachkraefte in Unternehmen", EAGER)
    ['fachkraft', 'fach', 'kraft', 'unternehm', 'unt', 'nehm']
    """
    return [term for word in words(text, policy) for term in word_terms(word, policy)]


@dataclass(frozen=True)
class QueryTerm:
    """One query word: found where its stem occurs, or where all its parts' stems do."""

    word: str
    stem: str
    parts: tuple[str, ...] = ()

    @property
    def alternatives(self) -> tuple[tuple[str, ...], ...]:
        """Term sets of which a document must hold one in full: ``(stem,)`` or the parts."""
        return ((self.stem,), self.parts) if self.parts else ((self.stem,),)


def query_terms(text: str) -> list[QueryTerm]:
    """The words of a search query, each with its stem and the stems of its parts; a document
    matches the query when it matches every word (repeated words count once).

    >>> [(t.stem, t.parts) for t in query_terms("Budget Ausbildung")]
    [('budg', ()), ('ausbild', ())]
    >>> [(t.stem, t.parts) for t in query_terms("Fachkräftesicherung")]
    [('fachkraftesicher', ('fachkraft', 'sicher'))]
    """
    seen: dict[str, QueryTerm] = {}
    for word in words(text):
        parts = tuple(dict.fromkeys(stem(p) for p in compound_parts(word)))
        term = QueryTerm(word=word, stem=stem(word), parts=parts)
        seen.setdefault(term.stem, term)
    return list(seen.values())
