"""German words as search terms: Snowball stems of every word and of its compound parts.

PostgreSQL's ``german`` configuration and SQLite's FTS5 tokenisers do not split compounds, so
"Pflege" would never find "Pflegekräfte". Here a document's text becomes the stems of its words
*and* of their parts ("pflegekraft pfleg kraft"), which either database then indexes as plain
words; a query word matches its own stem or all of its parts together, so "Fachkräftesicherung"
finds "Sicherung von Fachkräften" and "Budget Ausbildung" finds "Ausbildungsbudget".

Compounds are split by ``split-words`` (character n-gram probabilities, MIT licence); a split
is taken only when the splitter is confident and both parts are words of their own (at least
four letters), so "Unternehmen" stays whole ("Unter" + "nehmen" is not what it means). The
labelled list in ``tests/textsearch/test_analyser.py`` guards both directions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from split_words import Splitter

# A split is taken at or above this score of ``split-words`` (its scale: about -2 … 1).
MIN_SPLIT_SCORE = 0.4
# Parts shorter than this are prefixes or Fugen ("Aus", "Mit", "Ung"), not words.
MIN_PART_LENGTH = 4
# A weaker split is still taken when its tail is itself a confident compound: a long word of
# three parts ("Pflegequalifizierungszentrum") scores low as a whole, its tail does not.
MIN_SPLIT_SCORE_BEFORE_COMPOUND = -1.0
# Prefixes the splitter takes for words ("Unter|stützung", "Aner|kennung"): never a part.
NOT_PARTS = frozenset({"aner", "unter", "über", "hinter", "wider", "gegen", "durch", "miss"})
# Words shorter than twice that cannot hold two parts.
MIN_COMPOUND_LENGTH = 2 * MIN_PART_LENGTH
# Splitting stops after this many levels ("Fachkräftesicherung" → "Fachkräfte" → "Fach").
MAX_DEPTH = 2

# Function words that carry no topic (from the Snowball German stop list, BSD licence): a
# query "Kräfte in der Pflege" must not ask for "in" and "der".
_STOP_LIST = """aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes auch auf aus bei bin bis bist da damit dann das dass dasselbe dazu dein deine
    deinem deinen deiner dem demselben den denn denselben der derer derselbe derselben des
    desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir
    doch dort du durch ein eine einem einen einer eines einig einige einigem einigen einiger
    einiges einmal er es etwas euch euer eure eurem euren eurer eures für gegen gewesen hab
    habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer
    ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt
    kann kein keine keinem keinen keiner keines können könnte machen man manche manchem
    manchen mancher manches mein meine meinem meinen meiner meines mich mir mit muss musste
    nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines
    selbst sich sie sind so solche solchem solchen solcher solches soll sollte sondern sonst
    über um und uns unsere unserem unseren unser unseres unter viel vom von vor während war
    waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden
    wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen"""
STOPWORDS = frozenset(_STOP_LIST.split())

_WORD = re.compile(r"[^\W_]+")
_STEMMER = Stemmer.Stemmer("german")
_SPLITTER = Splitter()


def words(text: str) -> list[str]:
    """The words of ``text`` in lower case, without stop words; hyphens and digits separate
    nothing but what they join ("E-Mail" → "e", "mail"; "KldB 813" keeps "813")."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def stem(word: str) -> str:
    """Snowball German: "Pflegekräfte" → "pflegekraft" (umlauts folded, endings removed)."""
    return _STEMMER.stemWord(word.lower())


@lru_cache(maxsize=65536)
def compound_parts(word: str) -> tuple[str, ...]:
    """The two parts of a compound in lower case, as written ("ausbildungs", "budget"), or ()
    for a word the splitter is not confident to split."""
    word = word.lower()
    if len(word) < MIN_COMPOUND_LENGTH or not word.isalpha():
        return ()
    for score, head, tail in _SPLITTER.split_compound(word)[:3]:
        head, tail = str(head).lower(), str(tail).lower()
        if min(len(head), len(tail)) < MIN_PART_LENGTH or head in NOT_PARTS | STOPWORDS:
            continue
        if score >= MIN_SPLIT_SCORE or (
            score >= MIN_SPLIT_SCORE_BEFORE_COMPOUND and compound_parts(tail)
        ):
            return head, tail
    return ()


def _parts_deep(word: str, depth: int) -> list[str]:
    if depth == 0:
        return []
    found = []
    for part in compound_parts(word):
        found.append(part)
        found.extend(_parts_deep(part, depth - 1))
    return found


@lru_cache(maxsize=65536)
def word_terms(word: str) -> tuple[str, ...]:
    """The stem of a lower-case word and the stems of its compound parts."""
    terms = [stem(word)]
    for part in _parts_deep(word, MAX_DEPTH):
        term = stem(part)
        if term not in terms:
            terms.append(term)
    return tuple(terms)


def analyse(text: str) -> list[str]:
    """The search terms of ``text``: per word its stem, then the stems of its compound parts.

    >>> analyse("Pflegekräfte für Krankenhäuser gewinnen")
    ['pflegekraft', 'pfleg', 'kraft', 'krankenhaus', 'krank', 'haus', 'gewinn']
    """
    return [term for word in words(text) for term in word_terms(word)]


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
