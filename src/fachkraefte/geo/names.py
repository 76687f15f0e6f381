"""Tolerant matching of region names as people write them.

Official names carry designations ("Darmstadt, Wissenschaftsstadt", "Frankfurt am Main, Stadt",
"Main-Kinzig-Kreis", "Landkreis Rostock"); people write "Darmstadt", "Stadt Frankfurt",
"Main-Kinzig", "LK Rostock" or "Giessen". Each region gets keys of three strengths:

* 3 – the full official name with its designation (unique by itself), and for
  Regierungsbezirke their name with the prefix ("Reg.-Bez. Kassel", "Regierungsbezirk Kassel");
* 2 – the name before the comma ("Kassel" for both the city and the Landkreis);
* 1 – that name without river or landscape qualifiers and without "…kreis"
  ("Frankfurt" for Frankfurt am Main and Frankfurt (Oder), "Main-Kinzig", "Rostock").

A query is folded the same way; words naming a kind ("Landkreis", "Kreis", "Stadt",
"kreisfreie Stadt", "Landeshauptstadt", …) in front or at the end are taken off and restrict
the match to rural districts or to cities.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

RURAL = frozenset({"Landkreis", "Kreis", "Regionalverband"})
CITY = frozenset({"Kreisfreie Stadt", "Stadtkreis"})

# Folded words that name a kind of Kreis; the longest are tried first.
_KIND_WORDS: dict[str, frozenset[str]] = {
    "kreisfreie stadt": CITY,
    "stadtkreis": CITY,
    "stadt": CITY,
    "kfs": CITY,
    "landeshauptstadt": CITY,
    "wissenschaftsstadt": CITY,
    "hansestadt": CITY,
    "freie und hansestadt": CITY,
    "universitatsstadt": CITY,
    "documenta stadt": CITY,
    "klingenstadt": CITY,
    "grosse kreisstadt": CITY,
    "landkreis": RURAL,
    "kreis": RURAL,
    "lk": RURAL,
    "lkr": RURAL,
    "regionalverband": frozenset({"Regionalverband"}),
}
_KIND_ORDER = sorted(_KIND_WORDS, key=len, reverse=True)

_QUALIFIER = re.compile(r"\s+(?:am|an der|an|in der|im|ob der|a d|a|i d|i)\s+\S.*$")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_LEADING_DISTRICT_WORD = re.compile(
    r"^(?:landkreis|region|stadteregion|regionalverband|(?:.*\s)?\S*kreis)\s+(\S.*)$"
)
_TRAILING_KREIS = re.compile(r"^(.+?)\s*kreis$")


def fold(text: str) -> str:
    """Lower case, without accents, punctuation or the umlaut spelling question.

    "Gießen", "Giessen" and "GIESSEN" fold alike, and so do "München", "Muenchen" and
    "Munchen": umlauts become plain vowels after "ae/oe/ue" are merged into them.

    >>> fold("Gießen") == fold("Giessen"), fold("Neumünster") == fold("Neumuenster")
    (True, True)
    >>> fold("Frankenthal (Pfalz), kreisfreie Stadt")
    'frankenthal (pfalz) kreisfreie stadt'
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold().replace("ß", "ss")
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    text = re.sub(r"[^a-z0-9()]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def region_keys(name: str, level: str) -> Iterator[tuple[str, int]]:
    """(folded key, strength) under which a region with this official name is found."""
    full = fold(name)
    if level == "regierungsbezirk":
        yield full, 3
        bare = re.sub(r"^(?:fruher\s+)?(?:reg bez|regierungsbezirk)\s+", "", full)
        if bare != full:
            for prefix in ("reg bez", "regierungsbezirk", "rb", "bezirk"):
                yield f"{prefix} {bare}", 3
        return
    base = fold(name.split(",")[0])
    if "," in name:
        yield full, 3
    yield base, 2
    if "(" in base:  # "Frankfurt (Oder)" is also written "Frankfurt Oder" or "Frankfurt/Oder"
        yield re.sub(r"\s+", " ", base.replace("(", " ").replace(")", " ")).strip(), 2
    if level != "kreis":
        return
    loose = _PARENTHESIS.sub("", base).strip()
    loose = _QUALIFIER.sub("", loose).strip()
    if match := _LEADING_DISTRICT_WORD.match(loose):
        loose = match[1]
    if match := _TRAILING_KREIS.match(loose):
        loose = match[1].strip()
    if loose and loose != base:
        yield loose, 1


def query_variants(query: str) -> list[tuple[str, frozenset[str] | None]]:
    """The folded query, and without kind words, each with the kinds those words allow.

    >>> [(text, sorted(kinds) if kinds else None) for text, kinds in query_variants("LK Gießen")]
    [('lk giessen', None), ('giessen', ['Kreis', 'Landkreis', 'Regionalverband'])]
    """
    folded = fold(query)
    variants: list[tuple[str, frozenset[str] | None]] = [(folded, None)]
    rest, kinds = folded, None
    for _ in range(3):  # "Kreisfreie Stadt Kassel, Stadt" and the like: peel word by word
        stripped = False
        for word in _KIND_ORDER:
            if rest.startswith(word + " "):
                rest, kinds = rest[len(word) + 1 :], _KIND_WORDS[word]
                stripped = True
                break
            if rest.endswith(" " + word):
                rest, kinds = rest[: -len(word) - 1], _KIND_WORDS[word]
                stripped = True
                break
        if not stripped:
            break
        variants.append((rest.strip(), kinds))
    return variants


def build_index(entries: Iterable[tuple[str, str, str]]) -> dict[str, list[tuple[str, int]]]:
    """Folded key → [(AGS, strength)] for entries of (AGS, official name, level)."""
    index: dict[str, list[tuple[str, int]]] = {}
    for ags, name, level in entries:
        best: dict[str, int] = {}
        for key, strength in region_keys(name, level):
            best[key] = max(strength, best.get(key, 0))
        for key, strength in best.items():
            index.setdefault(key, []).append((ags, strength))
    return index
