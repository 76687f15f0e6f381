"""Checks shared by the official-statistics importers (BA and Destatis/GENESIS).

* ``ProblemLog`` collects every problem of one file (file, sheet, row, column, value,
  German and English message) and raises them together as ``ImportValidationError``, so
  that a user fixes a file in one pass and a failed import writes nothing.
* ``RegionChecker`` checks Kreis/Land keys against ``fachkraefte.geo`` and maps keys of
  Kreise dissolved in a territorial reform to their successor, naming the change.
* ``OccupationChecker`` checks KldB 2010 codes against ``fachkraefte.occupations``.
* ``parse_german_number`` reads numbers as the German statistical offices write them.

Both BA and Destatis key regions by the AGS, which is why one module serves both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fachkraefte.common.errors import ImportProblem, ImportValidationError

MAX_PROBLEMS = 200
"""More problems than this in one file are summarised: the file is then the wrong one."""


class ProblemLog:
    """Problems found in one file; ``raise_if_any`` raises them all at once."""

    def __init__(self, file: Path | str, sheet: str | None = None) -> None:
        self.file = Path(file)
        self.sheet = sheet
        self.problems: list[ImportProblem] = []
        self._omitted = 0

    def add(
        self,
        *,
        de: str,
        en: str,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        sheet: str | None = None,
    ) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self._omitted += 1
            return
        self.problems.append(
            ImportProblem(
                file=self.file.name,
                sheet=sheet if sheet is not None else self.sheet,
                row=row,
                column=column,
                value=None if value is None else str(value)[:120],
                message_de=de,
                message_en=en,
            )
        )

    def __len__(self) -> int:
        return len(self.problems) + self._omitted

    def raise_if_any(self) -> None:
        if self._omitted:
            self.problems.append(
                ImportProblem(
                    file=self.file.name,
                    sheet=self.sheet,
                    row=None,
                    column=None,
                    value=None,
                    message_de=f"… und {self._omitted} weitere Probleme",
                    message_en=f"… and {self._omitted} more problems",
                )
            )
            self._omitted = 0
        if self.problems:
            raise ImportValidationError(list(self.problems))


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- numbers -------------------------------------------------------------------------------

_INT = re.compile(r"^-?\d{1,3}(\.\d{3})+$|^-?\d+$")
_DECIMAL = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+),\d+$|^-?\d+\.\d+$")


def parse_german_number(text: str) -> float | int | None:
    """``"1.234"`` → 1234, ``"12,5"`` → 12.5, ``"3.5"`` → 3.5; anything else → ``None``.

    A dot followed by exactly three digits is a thousands separator (German statistics);
    a dot otherwise is a decimal point (files saved by English-language software).

    >>> [parse_german_number(t) for t in ("1.234", "12,5", "1.234,5", "3.5", "7", "abc")]
    [1234, 12.5, 1234.5, 3.5, 7, None]
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if _INT.match(text):
        return int(text.replace(".", ""))
    if _DECIMAL.match(text):
        if "," in text:
            return float(text.replace(".", "").replace(",", "."))
        return float(text)
    return None


# --- regions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionMatch:
    """A region key found in a file, as the importer stores it."""

    ags: str
    level: str  # "kreis" | "land" | "regierungsbezirk" | "deutschland"
    remapped_from: str | None = None
    note: str | None = None


_GERMANY = {"DG", "D", "DEUTSCHLAND", "BUND"}


class RegionChecker:
    """Validates AGS keys with ``fachkraefte.geo`` and remembers what it looked up."""

    def __init__(self, reference_date: date | None = None) -> None:
        self.reference_date = reference_date
        self._cache: dict[str, RegionMatch | str] = {}

    def check(self, code: str) -> RegionMatch | str:
        """The ``RegionMatch`` for ``code``, or a German/English error text (``de / en``)."""
        key = normalise_region_code(code)
        if key not in self._cache:
            self._cache[key] = self._lookup(key)
        return self._cache[key]

    def _lookup(self, key: str) -> RegionMatch | str:
        from fachkraefte import geo

        if key.upper() in _GERMANY:
            return RegionMatch(ags="DG", level="deutschland")
        if not key.isdigit() or len(key) not in (2, 3, 5):
            return (
                f"Regionalschlüssel {key!r} ist kein AGS (2, 3 oder 5 Ziffern) / "
                f"region key {key!r} is not an AGS (2, 3 or 5 digits)"
            )
        try:
            found = geo.region(key)
        except LookupError:
            return (
                f"Regionalschlüssel {key!r} ist in fachkraefte.geo unbekannt / "
                f"region key {key!r} is unknown to fachkraefte.geo"
            )
        successor = _merged_into(found)
        if successor is not None:
            ags, when = successor
            return RegionMatch(
                ags=ags,
                level="kreis",
                remapped_from=key,
                note=(
                    f"{key} {found.name} ist seit {when} Teil von {ags}; Werte wurden {ags} "
                    f"zugerechnet / {key} became part of {ags} on {when}; values added to {ags}"
                ),
            )
        return RegionMatch(ags=found.ags, level=found.level)


def _merged_into(found: object) -> tuple[str, str] | None:
    """(successor AGS, ISO date) when geo says this Kreis was dissolved, else ``None``."""
    successor = getattr(found, "merged_into", None)
    if not successor:
        return None
    when = getattr(found, "merged_on", None) or getattr(found, "valid_until", None)
    return str(successor), (when.isoformat() if hasattr(when, "isoformat") else str(when or "?"))


def normalise_region_code(code: str) -> str:
    """Strip a key and restore leading zeros lost by spreadsheet software.

    >>> [normalise_region_code(c) for c in ("6411", " 06411 ", "6", "06", "DG")]
    ['06411', '06411', '06', '06', 'DG']
    """
    key = str(code).strip()
    if key.isdigit() and len(key) in (1, 4):
        return "0" + key
    return key


_CODE_AND_NAME = re.compile(r"^\s*([0-9]{1,5}|DG|D|W|O)\b[\s:,-]*(.*)$")


def split_code_and_name(label: object) -> tuple[str, str] | None:
    """``"06411 Darmstadt, Wissenschaftsstadt"`` → ``("06411", "Darmstadt, …")``.

    >>> split_code_and_name("813 Gesundheits- und Krankenpflege")
    ('813', 'Gesundheits- und Krankenpflege')
    >>> split_code_and_name("Insgesamt") is None
    True
    """
    if label is None:
        return None
    if isinstance(label, int | float) and not isinstance(label, bool):
        if float(label).is_integer():
            return str(int(label)), ""
        return None
    match = _CODE_AND_NAME.match(str(label))
    if not match:
        return None
    return match.group(1), match.group(2).strip()


# --- occupations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OccupationMatch:
    code: str
    kldb3: str
    niveau: int | None


class OccupationChecker:
    """Validates KldB 2010 codes of level 3 (Berufsgruppe) or 5 (Berufsgattung)."""

    def __init__(self) -> None:
        self._cache: dict[str, OccupationMatch | str] = {}
        self._gattungen_known: bool | None = None

    def _berufsgattungen_imported(self) -> bool:
        # Levels 4 and 5 exist only after the full KldB export was imported; without them a
        # Berufsgattung is checked by its Berufsgruppe and its fifth digit.
        if self._gattungen_known is None:
            from fachkraefte import occupations

            try:
                occupations.occupations(level=5)
                self._gattungen_known = True
            except LookupError:
                self._gattungen_known = False
        return self._gattungen_known

    def check(self, code: str) -> OccupationMatch | str:
        if code not in self._cache:
            self._cache[code] = self._lookup(code)
        return self._cache[code]

    def _lookup(self, code: str) -> OccupationMatch | str:
        from fachkraefte import occupations

        if not code.isdigit() or len(code) not in (3, 5):
            return (
                f"KldB-Schlüssel {code!r} ist weder Berufsgruppe (3 Ziffern) noch "
                f"Berufsgattung (5 Ziffern) / KldB code {code!r} is neither a Berufsgruppe "
                "(3 digits) nor a Berufsgattung (5 digits)"
            )
        kldb3 = code[:3]
        try:
            occupations.occupation(kldb3)
        except LookupError:
            return (
                f"KldB-Berufsgruppe {kldb3!r} ist in der KldB 2010 unbekannt / "
                f"KldB Berufsgruppe {kldb3!r} is not in KldB 2010"
            )
        if len(code) == 3:
            return OccupationMatch(code=code, kldb3=kldb3, niveau=None)
        if self._berufsgattungen_imported():
            try:
                occupations.occupation(code)
            except LookupError:
                return (
                    f"KldB-Berufsgattung {code!r} ist in der KldB 2010 unbekannt / "
                    f"KldB Berufsgattung {code!r} is not in KldB 2010"
                )
        niveau = int(code[4])
        if niveau not in (1, 2, 3, 4):
            return (
                f"KldB-Berufsgattung {code!r}: fünfte Ziffer {niveau} ist kein "
                f"Anforderungsniveau (1–4) / fifth digit {niveau} is no skill level (1–4)"
            )
        return OccupationMatch(code=code, kldb3=kldb3, niveau=niveau)
