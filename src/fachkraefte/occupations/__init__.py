"""The Klassifikation der Berufe 2010 (KldB 2010, Fassung 2020) and the Anforderungsniveau.

Levels 1–3 (10 Berufsbereiche, 37 Berufshauptgruppen, 144 Berufsgruppen) ship with the
package; levels 4–5 (Berufsuntergruppen, Berufsgattungen) come from importing the official
export (``fachkraefte occupations import FILE``).

>>> from fachkraefte import occupations
>>> occupations.occupation("813").title
'Gesundheits- und Krankenpflege, Rettungsdienst und Geburtshilfe'
>>> occupations.code_at_level("81302", 1)
'8'
>>> len(occupations.berufsgruppen())
144
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from fachkraefte.occupations.store import (
    ATTRIBUTION,
    SOURCE,
    VERSION,
    import_export,
    import_metadata,
    imported_rows,
    shipped_rows,
)

__all__ = [
    "ATTRIBUTION",
    "LEVEL_NAMES",
    "VERSION",
    "Anforderungsniveau",
    "Occupation",
    "UnknownOccupationError",
    "aggregate",
    "ancestors",
    "berufsbereiche",
    "berufsgruppen",
    "berufshauptgruppen",
    "children",
    "code_at_level",
    "import_export",
    "import_metadata",
    "kldb_source",
    "occupation",
    "occupations",
    "parent",
    "search",
]

LEVEL_NAMES = {
    1: "Berufsbereich",
    2: "Berufshauptgruppe",
    3: "Berufsgruppe",
    4: "Berufsuntergruppe",
    5: "Berufsgattung",
}


class Anforderungsniveau(enum.IntEnum):
    """Skill level: the fifth digit of a KldB 2010 code."""

    HELFER = 1
    FACHKRAFT = 2
    SPEZIALIST = 3
    EXPERTE = 4

    @property
    def label_de(self) -> str:
        return ("Helfer", "Fachkraft", "Spezialist", "Experte")[self - 1]

    @property
    def label_en(self) -> str:
        return ("Helper", "Skilled worker", "Specialist", "Expert")[self - 1]


class UnknownOccupationError(LookupError):
    """No occupation has this code."""


@dataclass(frozen=True)
class Occupation:
    code: str
    level: int
    title: str
    short_title: str | None
    parent_code: str | None

    @property
    def niveau(self) -> Anforderungsniveau | None:
        """The Anforderungsniveau of a Berufsgattung (level 5); None above it."""
        if self.level != 5:
            return None
        return Anforderungsniveau(int(self.code[-1])) if self.code[-1] in "1234" else None


# The catalogue is rebuilt only when the underlying rows change (an import replaces them);
# lookups in loops (parent, ancestors, aggregate callers) must not rebuild 2,195 objects each time.
_catalogue: tuple[object, tuple[Occupation, ...], dict[str, Occupation]] | None = None


def _load() -> tuple[tuple[Occupation, ...], dict[str, Occupation]]:
    global _catalogue
    rows = imported_rows() or shipped_rows()
    if _catalogue is None or _catalogue[0] is not rows:
        every = tuple(
            Occupation(r.code, r.level, r.title, r.short_title, r.code[:-1] or None) for r in rows
        )
        _catalogue = (rows, every, {o.code: o for o in every})
    return _catalogue[1], _catalogue[2]


def _all() -> tuple[Occupation, ...]:
    return _load()[0]


def _index() -> dict[str, Occupation]:
    return _load()[1]


def occupations(level: int | None = None) -> list[Occupation]:
    """All occupations, or those of one level (1–5), sorted by code."""
    if level is not None and level not in LEVEL_NAMES:
        raise ValueError(f"Ebene muss 1 bis 5 sein / level must be 1 to 5, not {level!r}")
    if level in (4, 5) and imported_rows() is None:
        raise LookupError(
            f"Ebene {level} ({LEVEL_NAMES[level]}) ist erst nach dem Import der amtlichen KldB-Datei "
            "verfügbar: 'fachkraefte occupations import DATEI.csv' / level 4–5 need the official export"
        )
    return sorted(
        (o for o in _all() if level is None or o.level == level), key=lambda o: (o.level, o.code)
    )


def berufsbereiche() -> list[Occupation]:
    return occupations(1)


def berufshauptgruppen() -> list[Occupation]:
    return occupations(2)


def berufsgruppen() -> list[Occupation]:
    return occupations(3)


def occupation(code: str | int) -> Occupation:
    """An occupation by its KldB code ('813', '81302').

    Unpadded input (an int, or a code read from a spreadsheet that dropped leading zeros) is
    accepted only where it is unambiguous: ``occupation(1104)`` is the Berufsgattung '01104',
    while ``occupation(11)`` could be '11' or '011' and is refused.
    """
    text = str(code).strip()
    index = _index()
    if isinstance(code, str) and text in index:
        return index[text]
    candidates = (
        []
        if not text.isdigit()
        else [
            padded
            for padded in (text.zfill(width) for width in range(len(text), 6))
            if padded in index
        ]
    )
    if len(candidates) == 1:
        return index[candidates[0]]
    if len(candidates) > 1:
        raise UnknownOccupationError(
            f"KldB-Schlüssel {text!r} ist mehrdeutig ({', '.join(candidates)}); bitte mit "
            f"führenden Nullen angeben / ambiguous KldB code, give it with leading zeros"
        )
    raise UnknownOccupationError(
        f"Unbekannter KldB-Schlüssel {text!r}: erwartet werden 1 bis 5 Ziffern, z. B. '8', '81', "
        f"'813', '8130', '81302' / unknown KldB code"
    )


def parent(code: str) -> Occupation | None:
    own = occupation(code)
    return occupation(own.parent_code) if own.parent_code else None


def children(code: str) -> list[Occupation]:
    own = occupation(code)
    return [o for o in _all() if o.parent_code == own.code]


def ancestors(code: str) -> list[Occupation]:
    """Parents from the Berufsbereich down, without the occupation itself."""
    own = occupation(code)
    return [occupation(own.code[:length]) for length in range(1, own.level)]


def code_at_level(code: str, level: int) -> str:
    """The code of the enclosing occupation at ``level``: ``code_at_level('81302', 3) == '813'``."""
    if not 1 <= level <= len(code):
        raise ValueError(
            f"Ebene {level} liegt nicht über {code!r} / level {level} is not above {code!r}"
        )
    return code[:level]


def _fold(text: str) -> str:
    text = text.lower().replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return unicodedata.normalize("NFKD", text)


def search(text: str, level: int | None = None) -> list[Occupation]:
    """Occupations whose title contains ``text`` (case and umlaut spelling ignored)."""
    wanted = _fold(text)
    return [
        o
        for o in occupations(level)
        if wanted in _fold(o.title) or wanted in _fold(o.short_title or "")
    ]


def aggregate(
    frame: pl.DataFrame,
    *,
    code_column: str,
    to_level: int,
    value_columns: Sequence[str],
    by: Sequence[str] = (),
) -> pl.DataFrame:
    """Sum ``value_columns`` after replacing each code by its parent at ``to_level``.

    >>> import polars as pl
    >>> frame = pl.DataFrame({"kldb": ["813", "817", "821"], "n": [5, 2, 4]})
    >>> aggregate(frame, code_column="kldb", to_level=2, value_columns=["n"]).rows()
    [('81', 7), ('82', 4)]
    """
    short = frame.filter(pl.col(code_column).str.len_chars() < to_level)
    if short.height:
        raise ValueError(
            f"Schlüssel unterhalb Ebene {to_level}: {short[code_column].head(3).to_list()} "
            f"/ codes below level {to_level}"
        )
    keys = [*by, code_column]
    return (
        frame.with_columns(pl.col(code_column).str.slice(0, to_level))
        .group_by(keys, maintain_order=True)
        .agg(pl.col(c).sum() for c in value_columns)
        .sort(keys)
    )


def kldb_source() -> str:
    """The citation of the classification, e.g. for captions and report footers."""
    return SOURCE
