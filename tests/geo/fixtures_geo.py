"""Paths and helpers shared by the regions tests (fixtures live in conftest.py)."""

from __future__ import annotations

KREISE_XLSX = "districts/destatis_gv_04-kreise_2018-12-31.xlsx"
KREISE_CSV = "districts/landkreise-deutschland_districts_2018.csv"
GEOJSON = "geo/kreise_vg5000_2021_wgs84.geojson"
GEOJSON_HESSEN = "geo/kreise_vg5000_2021_wgs84_hessen.geojson"
TABLE_SHEET = "Kreisfreie Städte u. Landkreise"


def row_of(sheet, key: str) -> int:
    """The spreadsheet row that holds ``key`` in column A."""
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        if str(cell.value) == key:
            return cell.row
    raise AssertionError(f"{key} not in sheet {sheet.title!r}")
