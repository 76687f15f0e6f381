"""Territorial changes after the reference date, and importing another vintage."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures_geo import TABLE_SHEET, row_of

from fachkraefte import geo
from fachkraefte.common.errors import ImportValidationError

REFERENCE = dt.date(2018, 12, 31)
MERGER = dt.date(2021, 7, 1)

pytestmark = pytest.mark.usefixtures("regions_store")


def test_documented_changes():
    merges = {merge.dissolved: merge for merge in geo.territorial_changes()}
    assert set(merges) == {"16056", "03152", "03156"}
    merge = merges["16056"]
    assert (merge.dissolved, merge.into, merge.effective) == ("16056", "16063", MERGER)
    assert "Eisenach" in merge.source and "Gebietsänderungen" in merge.source
    assert all("Gebietsänderungen" in merge.source for merge in merges.values())


def test_keys_from_before_the_gebietsstand_name_their_successor():
    """Göttingen and Osterode am Harz formed the new Landkreis Göttingen on 1 November 2016,
    before the shipped table's Gebietsstand: nothing is applied (the table already has 03159),
    but the old keys resolve to it, and the name means the current Kreis."""
    for old in ("03152", "03156"):
        found = geo.region(old)
        assert (found.merged_into, found.merged_on) == ("03159", dt.date(2016, 11, 1))
    assert len(geo.districts()) == 400
    assert "03152" not in {r.ags for r in geo.districts(as_of=REFERENCE)}
    assert geo.find_region("Landkreis Göttingen").ags == "03159"
    assert geo.find_region("Göttingen").ags == "03159"
    assert geo.find_region("Osterode am Harz").ags == "03156"  # still findable by its name


@pytest.mark.parametrize(
    ("as_of", "count"),
    [(REFERENCE, 401), (MERGER - dt.timedelta(days=1), 401), (MERGER, 400), (None, 400)],
)
def test_districts_as_of(as_of, count):
    kreise = geo.districts(as_of=as_of)
    assert len(kreise) == count
    assert ("16056" in {r.ags for r in kreise}) == (count == 401)


def test_eisenach_adds_up_in_the_wartburgkreis():
    before = {r.ags: r for r in geo.districts("16", as_of=REFERENCE)}
    after = geo.region("16063")
    for figure in ("population", "population_male", "population_female"):
        assert getattr(after, figure) == getattr(before["16063"], figure) + getattr(
            before["16056"], figure
        )
    assert after.area_km2 == pytest.approx(before["16063"].area_km2 + before["16056"].area_km2)
    assert (after.ags, after.name, after.nuts3) == ("16063", "Wartburgkreis", "DEG0P")
    thueringen = sum(r.population for r in geo.districts("16"))
    assert thueringen == sum(r.population for r in before.values()) == geo.region("16").population


def test_dissolved_kreis_still_resolves_and_says_where_it_went():
    eisenach = geo.region("16056")
    assert (eisenach.merged_into, eisenach.merged_on) == ("16063", MERGER)
    assert not eisenach.is_current
    assert eisenach.population == 42_370  # its own figures at the reference date
    assert geo.region("16056", as_of=REFERENCE).merged_into is None
    assert geo.region("16063", as_of=REFERENCE).population == 123_025


def test_dates_before_the_reference_date_are_refused():
    with pytest.raises(geo.ReferenceDateError, match="31.12.2018"):
        geo.districts(as_of=dt.date(2015, 1, 1))


def _vintage_2021(workbook):
    """The 2018 table turned into what a 31.12.2021 vintage would list for Thüringen."""
    sheet = workbook[TABLE_SHEET]
    eisenach, wartburg = row_of(sheet, "16056"), row_of(sheet, "16063")
    for column in (5, 6, 7, 8):
        sheet.cell(wartburg, column).value += sheet.cell(eisenach, column).value
    sheet.cell(wartburg, 9).value = round(
        sheet.cell(wartburg, 6).value / sheet.cell(wartburg, 5).value
    )
    sheet.delete_rows(eisenach)
    sheet["A2"] = "Gebietsstand: 31.12.2021"
    workbook["Deckblatt"]["A5"] = "Gebietsstand: 31.12.2021"


def test_importing_a_newer_vintage(broken_copy):
    newer = geo.import_regions(broken_copy(_vintage_2021, name="04-kreise-2021.xlsx"))
    assert newer["gebietsstand"] == "2021-12-31" and newer["kreise"] == 400
    assert "Gebietsstand 31.12.2021" in geo.regions_source()
    assert len(geo.districts()) == 400
    eisenach = geo.region("16056")  # no longer in the table, known from the documented change
    assert (eisenach.name, eisenach.merged_into, eisenach.population) == (
        "Eisenach, Stadt",
        "16063",
        None,
    )
    with pytest.raises(geo.ReferenceDateError):
        geo.districts(as_of=REFERENCE)


def test_an_older_vintage_is_refused_unless_asked_for(broken_copy, kreise_xlsx):
    geo.import_regions(broken_copy(_vintage_2021, name="04-kreise-2021.xlsx"))
    with pytest.raises(ImportValidationError) as caught:
        geo.import_regions(kreise_xlsx)
    assert "älter" in caught.value.problems[0].message_de
    assert len(geo.districts()) == 400
    geo.import_regions(kreise_xlsx, allow_older=True)
    assert len(geo.districts(as_of=REFERENCE)) == 401
