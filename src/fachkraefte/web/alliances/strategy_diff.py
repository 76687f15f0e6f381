"""Line-by-line comparison of two strategy texts, with word-level changes inside changed lines.

Plain data for a template that marks changes with ``<del>``/``<ins>`` and a text label, so that
the difference does not rest on colour alone.

>>> rows = compare("A\\nB alt\\nC", "A\\nB neu\\nC\\nD")
>>> [row.kind for row in rows]
['equal', 'changed', 'equal', 'added']
>>> rows[1].old, rows[1].new
([('same', 'B '), ('del', 'alt')], [('same', 'B '), ('ins', 'neu')])
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

Segments = list[tuple[str, str]]  # (op, text); op: "same", "del" or "ins"


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "equal", "changed", "removed" or "added"
    old_number: int | None
    old: Segments
    new_number: int | None
    new: Segments


def _words(line: str) -> list[str]:
    return [token for token in re.split(r"(\s+)", line) if token]


def _inline(old: str, new: str) -> tuple[Segments, Segments]:
    a, b = _words(old), _words(new)
    old_segments: Segments = []
    new_segments: Segments = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            old_segments.append(("same", "".join(a[i1:i2])))
            new_segments.append(("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            old_segments.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            new_segments.append(("ins", "".join(b[j1:j2])))
    return old_segments, new_segments


def compare(old_text: str, new_text: str) -> list[DiffRow]:
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                line = old_lines[i1 + offset]
                rows.append(
                    DiffRow(
                        "equal",
                        i1 + offset + 1,
                        [("same", line)],
                        j1 + offset + 1,
                        [("same", line)],
                    )
                )
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for offset in range(paired):
            old, new = _inline(old_lines[i1 + offset], new_lines[j1 + offset])
            rows.append(DiffRow("changed", i1 + offset + 1, old, j1 + offset + 1, new))
        for index in range(i1 + paired, i2):
            rows.append(DiffRow("removed", index + 1, [("del", old_lines[index])], None, []))
        for index in range(j1 + paired, j2):
            rows.append(DiffRow("added", None, [], index + 1, [("ins", new_lines[index])]))
    return rows
