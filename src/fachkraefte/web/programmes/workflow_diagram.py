"""A programme's proposal workflow drawn from its transition table, as inline SVG and as rows.

Nothing here is drawn by hand: the states are the table's states, each placed in the column of
its longest distance from the first state ("Entwurf") along the forward arrows (a final state
entered from many states, "zurückgezogen", in a lane below), and each declared transition is an
arrow with a number. The same numbers lead the rows of the text alternative (state → state, label,
who), so a change of ``proposals.workflows`` changes the picture and the table together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from fachkraefte.web.core.workflows import Workflow

NODE_W, NODE_H = 168, 44
COL_GAP, ROW_GAP = 84, 34
MARGIN = 24
TOP = MARGIN + 40  # room for the arcs over skipped columns


@dataclass(frozen=True)
class Arrow:
    number: int
    source: str
    target: str
    source_label: str
    target_label: str
    label: str
    who: str


@dataclass(frozen=True)
class Diagram:
    svg: SafeString
    arrows: list[Arrow]
    states: list[str]


def _states(workflow: Workflow) -> list[str]:
    used = {t.source for t in workflow.transitions} | {t.target for t in workflow.transitions}
    return [state for state in workflow.states.values if state in used]


def _hubs(workflow: Workflow, states: list[str]) -> list[str]:
    """Final states entered from many states (withdrawn): drawn in a lane below the others."""
    return [
        state
        for state in states
        if not any(t.source == state for t in workflow.transitions)
        and len({t.source for t in workflow.transitions if t.target == state}) >= 3
    ]


def _columns(workflow: Workflow, states: list[str], hubs: list[str]) -> dict[str, int]:
    """Longest distance from the first state once the arrows back (loops) are set aside.

    A depth-first walk in the table's order finds the arrows back: those into a state still on
    the walk's path (a revision returning to "submitted").
    """
    edges = [(t.source, t.target) for t in workflow.transitions if t.target not in hubs]
    back: set[tuple[str, str]] = set()
    done: set[str] = set()

    def walk(state: str, path: set[str]) -> None:
        path.add(state)
        for source, target in edges:
            if source != state:
                continue
            if target in path:
                back.add((source, target))
            elif target not in done:
                walk(target, path)
        path.discard(state)
        done.add(state)

    walk(states[0], set())
    forward = [edge for edge in edges if edge not in back]
    column = {state: 0 for state in states if state not in hubs}
    for _round in range(len(states)):  # relax: a DAG settles within as many rounds as states
        for source, target in forward:
            column[target] = max(column[target], column[source] + 1)
    return column


def _positions(
    states: list[str], column: dict[str, int], hubs: list[str]
) -> dict[str, tuple[int, int]]:
    rows: dict[int, int] = {}
    positions = {}
    for state in states:
        if state in hubs:
            continue
        row = rows.get(column[state], 0)
        rows[column[state]] = row + 1
        x = MARGIN + column[state] * (NODE_W + COL_GAP)
        y = TOP + row * (NODE_H + ROW_GAP)
        positions[state] = (x, y)
    lane = TOP + max(rows.values(), default=1) * (NODE_H + ROW_GAP) + ROW_GAP * 2
    middle = max(column.values(), default=0) // 2
    for number, state in enumerate(hubs):
        x = MARGIN + (middle + number) * (NODE_W + COL_GAP)
        positions[state] = (x, lane)
    return positions


def _path(
    source: tuple[int, int], target: tuple[int, int], *, into_hub: bool = False
) -> tuple[str, float, float]:
    """An SVG path between two boxes and the point where its number sits."""
    (sx, sy), (tx, ty) = source, target
    if into_hub:  # down from the box's bottom into the lane below
        x1, y1, x2, y2 = sx + NODE_W / 2, sy + NODE_H, tx + NODE_W / 2, ty
        d = f"M{x1},{y1} C{x1},{(y1 + y2) / 2} {x2},{(y1 + y2) / 2} {x2},{y2}"
        return d, (x1 + x2) / 2, (y1 + y2) / 2
    if tx - sx > NODE_W + COL_GAP:  # forward over a column: an arc above the boxes between
        x1, y1, x2, y2 = sx + NODE_W / 2, sy, tx + NODE_W / 3, ty
        top = min(y1, y2) - TOP * 0.8
        d = f"M{x1},{y1} C{x1},{top} {x2},{top} {x2},{y2}"
        return d, (x1 + x2) / 2, 0.25 * min(y1, y2) + 0.75 * top
    if tx > sx:  # forward: right edge to left edge
        x1, y1, x2, y2 = sx + NODE_W, sy + NODE_H / 2, tx, ty + NODE_H / 2
        bend = (x2 - x1) / 2
        d = f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"
        return d, (x1 + x2) / 2, (y1 + y2) / 2
    if tx < sx:  # backward: bottom to bottom, bowing below both boxes
        x1, y1, x2, y2 = sx + NODE_W / 3, sy + NODE_H, tx + 2 * NODE_W / 3, ty + NODE_H
        low = max(y1, y2) + ROW_GAP * 0.9
        d = f"M{x1},{y1} C{x1},{low} {x2},{low} {x2},{y2}"
        return d, (x1 + x2) / 2, low - ROW_GAP * 0.2
    # same column: along the right side
    x = sx + NODE_W
    y1, y2 = sy + NODE_H / 2, ty + NODE_H / 2
    out = x + COL_GAP * 0.45
    d = f"M{x},{y1} C{out},{y1} {out},{y2} {x},{y2}"
    return d, x + COL_GAP * 0.34, (y1 + y2) / 2


def workflow_diagram(workflow: Workflow, *, element_id: str = "workflow") -> Diagram:
    states = _states(workflow)
    hubs = _hubs(workflow, states)
    column = _columns(workflow, states, hubs)
    positions = _positions(states, column, hubs)
    arrows = [
        Arrow(
            number=number,
            source=t.source,
            target=t.target,
            source_label=workflow.label_of(t.source),
            target_label=workflow.label_of(t.target),
            label=str(t.label),
            who=str(t.who),
        )
        for number, t in enumerate(workflow.transitions, start=1)
    ]
    width = MARGIN * 2 + (max(column.values()) + 1) * (NODE_W + COL_GAP)
    width = max(width, max(x for x, _y in positions.values()) + NODE_W + MARGIN)
    height = MARGIN + max(y for _x, y in positions.values()) + NODE_H + ROW_GAP
    title = _("Ablauf eines Antrags: %(states)s Zustände, %(arrows)s Übergänge") % {
        "states": len(states),
        "arrows": len(arrows),
    }
    description = _(
        "Jeder Pfeil trägt die Nummer seiner Zeile in der Tabelle darunter, die den Übergang, "
        "seine Bezeichnung und wer ihn auslösen darf nennt."
    )
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{element_id}-title {element_id}-desc">',
        f'<title id="{element_id}-title">{escape(title)}</title>',
        f'<desc id="{element_id}-desc">{escape(description)}</desc>',
        "<defs>"
        f'<marker id="{element_id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#1b3a5c"/></marker></defs>',
    ]
    labels = []
    for arrow in arrows:
        d, lx, ly = _path(
            positions[arrow.source], positions[arrow.target], into_hub=arrow.target in hubs
        )
        parts.append(
            f'<path d="{d}" fill="none" stroke="#1b3a5c" stroke-width="1.5" '
            f'marker-end="url(#{element_id}-arrow)" data-transition="{arrow.number}"/>'
        )
        labels.append(
            f'<g data-number="{arrow.number}"><circle cx="{lx:.1f}" cy="{ly:.1f}" r="10" '
            f'fill="#ffffff" stroke="#1b3a5c"/><text x="{lx:.1f}" y="{ly + 4:.1f}" '
            f'text-anchor="middle" font-size="11" fill="#1b1b1b">{arrow.number}</text></g>'
        )
    for state in states:
        x, y = positions[state]
        final = not any(t.source == state for t in workflow.transitions)
        parts.append(
            f'<g data-state="{escape(state)}"><rect x="{x}" y="{y}" width="{NODE_W}" '
            f'height="{NODE_H}" rx="{NODE_H / 2 if final else 6}" fill="#eef3f8" '
            f'stroke="#1b3a5c" stroke-width="{2 if final else 1}"/>'
            f'<text x="{x + NODE_W / 2}" y="{y + NODE_H / 2 + 5}" text-anchor="middle" '
            f'font-size="13" fill="#1b1b1b">{escape(workflow.label_of(state))}</text></g>'
        )
    parts.extend(labels)
    parts.append("</svg>")
    # Every value above is a number or escaped, so the markup is safe to embed.
    return Diagram(svg=mark_safe("".join(parts)), arrows=arrows, states=states)  # noqa: S308


def programme_workflow(programme: Any) -> tuple[Any, Workflow | None]:
    """The programme's funding terms and the workflow table they name (None: no funding)."""
    from fachkraefte.web.proposals.workflows import WORKFLOWS

    terms = getattr(programme, "funding_terms", None)
    if terms is None:
        return None, None
    return terms, WORKFLOWS[terms.workflow]
