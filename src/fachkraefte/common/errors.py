"""Errors shared by the core packages, each message in German and English.

Importers of every layer (regions, occupations, statistics) report :class:`ImportProblem` s in an
:class:`ImportValidationError`; the projection and the age disaggregation that both importers
and the forecast use raise :class:`InputError`. They live here, below every core package, so
that raising one never imports the layer that defined it first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an input file, located as precisely as the format allows.

    ``row`` is the 1-based row as a spreadsheet program shows it (CSV: line number).
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    message_de: str
    message_en: str

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"Blatt/sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"Zeile/row {self.row}")
        if self.column:
            parts.append(f"Spalte/column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        found = f" (gefunden/found: {self.value!r})" if self.value is not None else ""
        return f"{self.location()}: {self.message_de} / {self.message_en}{found}"


class ImportValidationError(ValueError):
    """A file was rejected; nothing was written. ``problems`` lists every problem found."""

    def __init__(self, problems: list[ImportProblem]):
        if not problems:
            raise ValueError("ImportValidationError needs at least one problem")
        self.problems = list(problems)
        lines = [f"{len(self.problems)} Problem(e) beim Import / import problem(s):"]
        lines += [f"- {p}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"- … und {len(self.problems) - 50} weitere / and more")
        super().__init__("\n".join(lines))


class InputError(ValueError):
    """Inconsistent model inputs; the message names the field and the value found."""
