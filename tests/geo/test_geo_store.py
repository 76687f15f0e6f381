"""The district table in the data store: first-use import, metadata, caching, atomic writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from fixtures_geo import TABLE_SHEET, row_of

from fachkraefte import geo
from fachkraefte.paths import npm_package_file


def test_first_use_imports_the_npm_copy(data_dir):
    reference = data_dir / "reference"
    assert not (reference / "regions.parquet").exists()
    assert len(geo.districts("06")) == 26
    meta = json.loads((reference / "regions.json").read_text(encoding="utf-8"))
    shipped = npm_package_file("landkreise-deutschland", "source/04-kreise.xlsx")
    assert meta["file"] == "04-kreise.xlsx"
    assert meta["sha256"] == hashlib.sha256(shipped.read_bytes()).hexdigest()
    assert meta["gebietsstand"] == "2018-12-31"
    assert dt.datetime.fromisoformat(meta["imported_at"]).tzinfo is not None
    assert sorted(p.name for p in reference.iterdir()) == ["regions.json", "regions.parquet"]


def test_source_and_attribution(regions_store):
    assert geo.regions_source() == (
        "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis 04-kreise, Gebietsstand 31.12.2018"
    )
    assert geo.regions_attribution() == "© Statistisches Bundesamt (Destatis), 2019, dl-de/by-2-0"
    meta = geo.regions_metadata()
    assert meta["file"] == "destatis_gv_04-kreise_2018-12-31.xlsx" and meta["kreise"] == 401


def test_same_file_again_changes_nothing(regions_store, kreise_xlsx):
    reference = regions_store / "reference"
    before = {p.name: p.stat().st_mtime_ns for p in reference.iterdir()}
    meta = geo.import_regions(kreise_xlsx)
    assert {p.name: p.stat().st_mtime_ns for p in reference.iterdir()} == before
    assert meta == geo.regions_metadata()


def _total_rows(sheet, land_key: str) -> list[int]:
    """The "Insgesamt" rows of a Land and of Germany."""
    totals = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 3).value == "Insgesamt"]
    land_total = next(r for r in totals if r > row_of(sheet, land_key))
    return [land_total, totals[-1]]


def test_cache_follows_a_new_import_in_the_same_process(regions_store, broken_copy):
    assert geo.region("06411").population == 159_207

    def recount(workbook):
        sheet = workbook[TABLE_SHEET]
        for row in (row_of(sheet, "06411"), *_total_rows(sheet, "06")):
            for column in (6, 7):  # total and male, so that every check still holds
                sheet.cell(row, column).value += 100
        sheet["A2"] = "Gebietsstand: 31.12.2019"
        workbook["Deckblatt"]["A5"] = "Gebietsstand: 31.12.2019"

    geo.import_regions(broken_copy(recount, name="04-kreise-2019.xlsx"))
    assert geo.region("06411").population == 159_307
    assert geo.region("06").population == 6_265_909
    assert "31.12.2019" in geo.regions_source()


def test_no_temporary_files_are_left(regions_store, kreise_xlsx, broken_copy):
    def newer(workbook):
        workbook[TABLE_SHEET]["A2"] = "Gebietsstand: 01.01.2019"
        workbook["Deckblatt"]["A5"] = "Gebietsstand: 01.01.2019"

    geo.import_regions(broken_copy(newer))
    names = sorted(p.name for p in (regions_store / "reference").iterdir())
    assert names == ["regions.json", "regions.parquet"]


def test_level_argument_is_checked(regions_store):
    with pytest.raises(ValueError, match="level"):
        geo.find_region("Hessen", level="bundesland")
    assert geo.land("hessen").ags == "06"
    with pytest.raises(geo.UnknownRegionError):
        geo.land("064")
