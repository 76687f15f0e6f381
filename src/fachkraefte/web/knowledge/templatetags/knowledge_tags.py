"""Catalogue parts other pages show: measures for an occupation group (the monitor's occupation
page) and what runs in given districts (the district page's similar districts)."""

from __future__ import annotations

from typing import Any

from django import template

from fachkraefte.web.knowledge import selectors

register = template.Library()


@register.inclusion_tag("knowledge/_measures_for_occupation.html")
def measures_for_occupation(kldb3: str) -> dict[str, Any]:
    """``{% measures_for_occupation kldb3 %}``: measures that address the bottleneck elsewhere."""
    return {"kldb3": kldb3, "measures": selectors.measures_for_occupation(kldb3=kldb3)}


@register.inclusion_tag("knowledge/_measures_elsewhere.html")
def measures_elsewhere(ags_list: list[str], heading_id: str = "h-elsewhere") -> dict[str, Any]:
    """``{% measures_elsewhere similar_ags %}``: measures, funded projects and good practices
    in the given (similar) districts."""
    return {**selectors.measures_in_districts(ags_list=ags_list), "heading_id": heading_id}
