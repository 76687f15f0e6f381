"""District boundaries: import, adjacency and neighbours."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from fixtures_geo import GEOJSON, GEOJSON_HESSEN

from fachkraefte import geo
from fachkraefte.common.errors import ImportValidationError
from fachkraefte.geo.neighbours import adjacency


def _codes(regions):
    return [r.ags for r in regions]


def test_frankfurt(boundaries_store):
    near = set(_codes(geo.neighbours("06412")))
    assert {"06413", "06436", "06434", "06440", "06438"} <= near
    assert near <= {r.ags for r in geo.districts("06")}
    assert "06411" not in near  # Darmstadt lies further south


def test_adjacency_is_symmetric_and_complete(boundaries_store):
    stored = json.loads((boundaries_store / "reference/boundaries.json").read_text())["neighbours"]
    assert len(stored) == 401
    for code, near in stored.items():
        assert near, f"{code} has no neighbour"
        assert code not in near
        for other in near:
            assert code in stored[other]
    assert stored["02000"] and set(stored["11000"]) <= {r.ags for r in geo.districts("12")}


@pytest.mark.parametrize(
    ("city", "surrounding"),
    [("16055", "16071"), ("09163", "09187"), ("01001", "01059")],
)
def test_cities_within_their_landkreis(boundaries_store, city, surrounding):
    # Weimar in the Weimarer Land, Rosenheim in the Landkreis Rosenheim, Flensburg by the
    # Kreis Schleswig-Flensburg and the sea
    assert _codes(geo.neighbours(city)) == [surrounding]


def test_neighbours_across_a_land_border(boundaries_store):
    # Kassel touches Lower Saxony's Landkreis Göttingen (Staufenberg) besides its Landkreis
    assert _codes(geo.neighbours("06611")) == ["03159", "06633"]


def test_exclaves_count(boundaries_store):
    # Landau in der Pfalz owns a forest exclave in the Pfälzerwald (a MultiPolygon)
    assert _codes(geo.neighbours("07313")) == ["07332", "07337", "07340"]


def test_neighbours_follow_the_territorial_change(boundaries_store):
    today = _codes(geo.neighbours("16063"))
    before = _codes(geo.neighbours("16063", as_of=dt.date(2018, 12, 31)))
    assert "16056" in before and "16056" not in today
    assert set(today) == set(before) - {"16056"} | (
        set(_codes(geo.neighbours("16056"))) - {"16063"}
    )
    for code in today:
        assert "16063" in _codes(geo.neighbours(code))


def test_boundaries_file_and_attribution_are_stored(boundaries_store, shared_data):
    reference = boundaries_store / "reference"
    assert (reference / "boundaries.geojson").read_bytes() == (shared_data / GEOJSON).read_bytes()
    meta = geo.boundaries_metadata()
    assert meta["attribution"] == "© GeoBasis-DE / BKG (Daten verändert)"
    assert meta["file"] == "kreise_vg5000_2021_wgs84.geojson" and meta["districts"] == 401
    assert "GeoBasis-DE / BKG 2021" in meta["file_attribution"]
    assert geo.boundaries_path() == reference / "boundaries.geojson"


def test_neighbours_without_boundaries_name_the_command(regions_store):
    assert geo.boundaries_path() is None
    with pytest.raises(geo.BoundariesMissingError, match="fachkraefte regions import-boundaries"):
        geo.neighbours("06412")


def test_neighbours_are_for_kreise_only(boundaries_store):
    with pytest.raises(ValueError, match="Kreise"):
        geo.neighbours("06")


def test_hessen_only_file(regions_store, shared_data):
    meta = geo.import_boundaries(shared_data / GEOJSON_HESSEN)
    assert meta["districts"] == 26
    assert {"06413", "06436", "06434", "06440", "06438"} <= set(_codes(geo.neighbours("06412")))
    assert _codes(geo.neighbours("16063")) == []  # Thüringen is not in this file


def test_progress_is_reported(regions_store, shared_data):
    seen = []
    geo.import_boundaries(shared_data / GEOJSON_HESSEN, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (26, 26) and len(seen) == 26


def _write(tmp_path, collection, name="grenzen.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def test_broken_geojson_lists_every_problem(regions_store, shared_data, tmp_path):
    collection = json.loads((shared_data / GEOJSON_HESSEN).read_text(encoding="utf-8"))
    features = collection["features"]
    features[0]["properties"]["ags"] = 6411  # a number: leading zero lost
    features[1]["properties"]["ags"] = "06999"
    features[2]["geometry"] = {"type": "Point", "coordinates": [8.6, 50.1]}
    features[3]["geometry"]["coordinates"] = [
        [[x * 100000, y * 100000] for x, y in ring]
        for ring in features[3]["geometry"]["coordinates"]
    ]
    with pytest.raises(ImportValidationError) as caught:
        geo.import_boundaries(_write(tmp_path, collection))
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (1, "properties.ags"),
        (2, "properties.ags"),
        (3, "geometry.type"),
        (4, "geometry.coordinates"),
    }
    assert any("EPSG:4326" in p.message_de for p in caught.value.problems)
    assert geo.boundaries_path() is None  # nothing was stored


def test_not_a_feature_collection(regions_store, tmp_path):
    with pytest.raises(ImportValidationError) as caught:
        geo.import_boundaries(_write(tmp_path, {"type": "Feature"}))
    assert "FeatureCollection" in caught.value.problems[0].message_de
    broken = tmp_path / "kaputt.geojson"
    broken.write_bytes(b'{"type": "FeatureCollection", "features": [')
    with pytest.raises(ImportValidationError) as caught:
        geo.import_boundaries(broken)
    assert "JSON" in caught.value.problems[0].message_de


def test_adjacency_tolerates_small_offsets():
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float) + [8.0, 50.0]
    shifted = square + [1.00003, 0.00002]  # shares the edge within a few metres
    apart = square + [1.01, 0]  # about 700 m away
    result = adjacency([("A", square), ("B", shifted), ("C", apart)])
    assert result == {"A": ["B"], "B": ["A"], "C": []}
    corner = square + [1, 1]  # touches in a single point
    assert adjacency([("A", square), ("D", corner)]) == {"A": ["D"], "D": ["A"]}


def test_neighbours_attribution(regions_store):
    with pytest.raises(geo.BoundariesMissingError, match="import-boundaries"):
        geo.neighbours_attribution()


def test_neighbours_attribution_after_import(boundaries_store):
    assert geo.neighbours_attribution() == "© GeoBasis-DE / BKG (Daten verändert)"
