"""The public record's map: projects or approved money per district, drawn with the monitor's
district shapes (``monitor.svgmap.shapes_for``: boundaries, else the tile map).

The class limits follow the values shown: a fifth, two fifths, three and four fifths of the
largest district value, rounded to two significant digits. Fixed limits could not serve both a
single year (a few hundred thousand euros a district) and ten years (millions) at once.

>>> nice_bounds(47_100_000)
(9400000, 19000000, 28000000, 38000000)
>>> nice_bounds(7), nice_bounds(0)
((1, 3, 4, 6), (1, 2, 3, 4))
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from fachkraefte.reports import maps
from fachkraefte.web.monitor.svgmap import shapes_for
from fachkraefte.web.transparency.selectors import DistrictTotal

COLOURS = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")  # ColorBrewer Blues


def _round(value: float) -> int:
    if value < 10:
        return max(1, round(value))
    digits = int(math.floor(math.log10(value))) - 1
    return int(round(value, -digits))


def nice_bounds(largest: float) -> tuple[int, ...]:
    """Four increasing class limits for values up to ``largest``."""
    bounds = sorted({_round(largest * share) for share in (0.2, 0.4, 0.6, 0.8)})
    if len(bounds) < 4:
        return (1, 2, 3, 4)
    return tuple(bounds)


def _number(value: float) -> str:
    return number_format(value, 0, force_grouping=True)


def _legend(breaks: maps.Breaks) -> list[dict[str, str]]:
    entries = []
    for index, colour in enumerate(breaks.colours):
        if index == 0:
            label = _("unter %(high)s") % {"high": _number(breaks.bounds[0])}
        elif index == len(breaks.bounds):
            label = _("%(low)s und mehr") % {"low": _number(breaks.bounds[-1])}
        else:
            label = _("%(low)s bis unter %(high)s") % {
                "low": _number(breaks.bounds[index - 1]),
                "high": _number(breaks.bounds[index]),
            }
        entries.append({"colour": colour, "label": label})
    return entries


def district_map(
    totals: list[DistrictTotal], *, by_amount: bool, link: Callable[[str], str]
) -> dict[str, Any]:
    """What the template draws: one linked, labelled shape per district and the legend."""
    if not totals:
        return {"districts": [], "view_box": "0 0 10 10", "tiles": False, "legend": []}

    def value(total: DistrictTotal) -> float:
        return float(total.amount) if by_amount else float(total.projects)

    breaks = maps.Breaks(nice_bounds(max(value(total) for total in totals)), COLOURS)
    by_ags = {total.ags: total for total in totals}
    drawn = shapes_for(sorted(by_ags))
    districts = []
    for shape in drawn.shapes:
        total = by_ags[shape.ags]
        fill = breaks.colours[maps.classify(value(total), breaks) or 0]
        figures = [
            (_("Projekte"), _number(total.projects)),
            (_("bewilligt"), _number(float(total.amount)) + " €"),
        ]
        districts.append(
            {
                "ags": shape.ags,
                "name": total.name,
                "d": shape.d,
                "cx": shape.cx,
                "cy": shape.cy,
                "fill": fill,
                "text_colour": maps.text_colour(fill),
                "aria_label": f"{total.name} ({shape.ags}): "
                + "; ".join(f"{k} {v}" for k, v in figures),
                "url": link(shape.ags),
            }
        )
    return {
        "districts": districts,
        "view_box": drawn.view_box,
        "tiles": drawn.source == "tiles",
        "legend": _legend(breaks),
    }
