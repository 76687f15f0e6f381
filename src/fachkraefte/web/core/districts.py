"""Rows and columns of the districts table, independent of HTTP."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fachkraefte import geo
from fachkraefte.tabular import Column
from fachkraefte.web.core.figures import DemoFigures


def columns(figures: DemoFigures | None) -> list[Column]:
    """Table columns; the demo columns only where demo data exists."""
    result = [
        Column("ags", _("AGS")),
        Column("name", _("Name")),
        Column("kind", _("Art")),
        Column("bezirk", _("Regierungsbezirk")),
        Column("population", _("Einwohner 31.12.2018"), numeric=True),
    ]
    if figures is not None:
        year = figures.latest_year
        result += [
            Column(
                "employees",
                _("Beschäftigte %(year)s (Demodaten)") % {"year": year},
                numeric=True,
                demo=True,
            ),
            Column(
                "per_1000",
                _("Beschäftigte je 1000 Einwohner %(year)s (Demodaten)") % {"year": year},
                numeric=True,
                demo=True,
            ),
        ]
    return result


def district_rows(land: str, figures: DemoFigures | None) -> list[dict]:
    """One dict per Kreis of ``land`` with the keys of ``columns``."""
    bezirke = {r.ags: r.name for r in geo.regierungsbezirke(land)}
    rows = []
    for district in geo.districts(land):
        row = {
            "ags": district.ags,
            "name": district.name,
            "kind": district.kind or "",
            "bezirk": bezirke.get(district.parent_ags or "", ""),
            "population": district.population,
        }
        if figures is not None:
            year = figures.latest_year
            row["employees"] = figures.employees.get((district.ags, year))
            row["per_1000"] = figures.per_thousand(district.ags, year)
        rows.append(row)
    return rows
