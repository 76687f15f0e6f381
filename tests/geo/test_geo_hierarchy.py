"""Land > Regierungsbezirk > Kreis as imported from the official table."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from fixtures_geo import KREISE_CSV

from fachkraefte import geo

REFERENCE = dt.date(2018, 12, 31)

# Kreise per Land on 31.12.2018 (Destatis, Gemeindeverzeichnis; Thüringen before Eisenach's
# Einkreisung). Known facts, not taken from the file under test.
KREISE_PER_LAND = {
    "01": 15,
    "02": 1,
    "03": 45,
    "04": 2,
    "05": 53,
    "06": 26,
    "07": 36,
    "08": 44,
    "09": 96,
    "10": 6,
    "11": 1,
    "12": 18,
    "13": 8,
    "14": 13,
    "15": 14,
    "16": 23,
}

HESSEN = {
    "064": {
        "06411": "Darmstadt, Wissenschaftsstadt",
        "06412": "Frankfurt am Main, Stadt",
        "06413": "Offenbach am Main, Stadt",
        "06414": "Wiesbaden, Landeshauptstadt",
        "06431": "Bergstraße",
        "06432": "Darmstadt-Dieburg",
        "06433": "Groß-Gerau",
        "06434": "Hochtaunuskreis",
        "06435": "Main-Kinzig-Kreis",
        "06436": "Main-Taunus-Kreis",
        "06437": "Odenwaldkreis",
        "06438": "Offenbach",
        "06439": "Rheingau-Taunus-Kreis",
        "06440": "Wetteraukreis",
    },
    "065": {
        "06531": "Gießen",
        "06532": "Lahn-Dill-Kreis",
        "06533": "Limburg-Weilburg",
        "06534": "Marburg-Biedenkopf",
        "06535": "Vogelsbergkreis",
    },
    "066": {
        "06611": "Kassel, documenta-Stadt",
        "06631": "Fulda",
        "06632": "Hersfeld-Rotenburg",
        "06633": "Kassel",
        "06634": "Schwalm-Eder-Kreis",
        "06635": "Waldeck-Frankenberg",
        "06636": "Werra-Meißner-Kreis",
    },
}

pytestmark = pytest.mark.usefixtures("regions_store")


def test_sixteen_laender():
    laender = geo.laender()
    assert [r.ags for r in laender] == [f"{n:02d}" for n in range(1, 17)]
    names = {r.ags: r.name for r in laender}
    assert (names["06"], names["08"], names["14"]) == ("Hessen", "Baden-Württemberg", "Sachsen")
    assert all(r.level == "land" and r.parent_ags is None for r in laender)


@pytest.mark.parametrize(("land", "count"), sorted(KREISE_PER_LAND.items()))
def test_kreise_per_land(land, count):
    assert len(geo.districts(land, as_of=REFERENCE)) == count


def test_totals_at_the_reference_date_and_today():
    assert len(geo.districts(as_of=REFERENCE)) == 401
    assert len(geo.districts(as_of=dt.date(2022, 1, 1))) == 400
    assert len(geo.districts()) == 400


def test_hessen_exactly():
    bezirke = geo.regierungsbezirke("06")
    assert [(r.ags, r.name) for r in bezirke] == [
        ("064", "Reg.-Bez. Darmstadt"),
        ("065", "Reg.-Bez. Gießen"),
        ("066", "Reg.-Bez. Kassel"),
    ]
    for bezirk, members in HESSEN.items():
        kreise = [r for r in geo.districts("06") if r.parent_ags == bezirk]
        assert {r.ags: r.name for r in kreise} == members
        assert [r.ags for r in geo.children(bezirk)] == sorted(members)
        assert all(geo.parent(r.ags).ags == bezirk for r in kreise)
    assert len(geo.districts("06")) == 26
    assert geo.districts("Hessen") == geo.districts(6) == geo.districts("06")
    assert [r.ags for r in geo.districts("06")][0::25] == ["06411", "06636"]


def test_bezirke_of_the_other_laender():
    per_land = {}
    for bezirk in geo.regierungsbezirke():
        per_land[bezirk.land_ags] = per_land.get(bezirk.land_ags, 0) + 1
    # NI: 4 statistical regions, NW 5, HE 3, RP 3 former Bezirke, BW 4, BY 7, SN 3
    assert per_land == {"03": 4, "05": 5, "06": 3, "07": 3, "08": 4, "09": 7, "14": 3}
    assert geo.region("145").name == "Direktionsbezirk Chemnitz"
    assert geo.region("14511").parent_ags == "145"


def test_kreise_without_bezirk_hang_under_their_land():
    for land in ("01", "02", "04", "10", "11", "12", "13", "15", "16"):
        assert {r.parent_ags for r in geo.districts(land)} == {land}
    assert [r.ags for r in geo.children("11")] == ["11000"]
    assert geo.parent("06") is None
    assert geo.children("06411") == []


def test_hierarchy_is_closed():
    everything = {r.ags: r for r in geo.regions()}
    for region in everything.values():
        assert region.land_ags in everything
        assert len(region.ags) == {"land": 2, "regierungsbezirk": 3, "kreis": 5}[region.level]
        if region.parent_ags:
            parent = everything[region.parent_ags]
            assert parent.level != "kreis" and region.ags.startswith(parent.ags)


def test_sums_of_laender_and_bezirke():
    hessen = geo.region("06")
    assert hessen.population == 6_265_809  # "Insgesamt" row of the table
    assert hessen.population == sum(r.population for r in geo.districts("06"))
    darmstadt = geo.region("064")
    assert darmstadt.population == sum(
        r.population for r in geo.districts("06") if r.parent_ags == "064"
    )
    assert sum(r.population for r in geo.laender()) == 83_019_213


def test_region_codes_in_every_spelling():
    assert geo.region("06411") == geo.region("6411") == geo.region(6411) == geo.region(" 06411 ")
    assert geo.region("6").ags == geo.region(6).ags == "06"
    assert geo.region("064").level == "regierungsbezirk"
    with pytest.raises(geo.UnknownRegionError, match="06999"):
        geo.region("06999")
    with pytest.raises(geo.UnknownRegionError, match="NUTS"):
        geo.region("Hessen!")


def test_nuts_codes():
    assert geo.region("DE711").ags == "06411"
    assert geo.region("de712").name == "Frankfurt am Main, Stadt"
    assert geo.region("DE71C").ags == "06438"
    assert geo.region("DEG0N").ags == "16056"  # Eisenach: still resolvable, see merged_into
    nuts = [r.nuts3 for r in geo.districts(as_of=REFERENCE)]
    assert len(set(nuts)) == 401
    assert all(geo.region(code).nuts3 == code for code in nuts)


def test_kinds_as_in_the_table():
    kinds = {r.kind for r in geo.districts()}
    assert kinds == {"Kreisfreie Stadt", "Landkreis", "Kreis", "Stadtkreis", "Regionalverband"}
    assert geo.region("06611").is_city and not geo.region("06633").is_city
    assert geo.region("06633").label == "Landkreis Kassel"


def test_same_kreise_as_the_npm_packages_csv(shared_data):
    with (shared_data / KREISE_CSV).open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    assert {r["AGS"] for r in rows} == {r.ags for r in geo.districts(as_of=REFERENCE)}
    by_ags = {r.ags: r for r in geo.districts(as_of=REFERENCE)}
    for row in rows:
        assert int(row["population"]) == by_ags[row["AGS"]].population
        assert row["NUTS3"] == by_ags[row["AGS"]].nuts3
