"""Map shapes from boundaries and the tile-map fallback; colour classes."""

from __future__ import annotations

import re

import pytest

from fachkraefte.reports import maps


def test_boundary_shapes_for_hessen(shared_data):
    features = maps.read_features(shared_data / "geo" / "kreise_vg5000_2021_wgs84_hessen.geojson")
    codes = sorted(features)
    drawn = maps.boundary_shapes(features, codes)
    assert drawn is not None and drawn.source == "boundaries"
    assert [s.ags for s in drawn.shapes] == codes and len(codes) == 26
    for shape in drawn.shapes:
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.d)]
        assert min(numbers) >= 0 and max(numbers) <= max(drawn.width, drawn.height)
        assert 0 <= shape.cx <= drawn.width and 0 <= shape.cy <= drawn.height
    # Kassel (city, 06611) lies north of Darmstadt (06411): smaller y in SVG
    by_code = {s.ags: s for s in drawn.shapes}
    assert by_code["06611"].cy < by_code["06411"].cy
    # a district without geometry sends the caller to the tile map
    assert maps.boundary_shapes(features, [*codes, "09162"]) is None


def test_tile_map_groups_by_regierungsbezirk():
    codes = ["06411", "06412", "06531", "06611", "06612"]
    tiles = maps.tile_shapes(codes, columns=8)
    rows = {s.ags: s.cy for s in tiles.shapes}
    assert rows["06411"] == rows["06412"] < rows["06531"] < rows["06611"] == rows["06612"]
    assert tiles.view_box == f"0 0 {2 * maps.TILE} {3 * maps.TILE}"
    assert maps.tile_shapes([]).shapes == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-0.5, 0), (-0.03, 1), (0.0, 1), (0.05, 2), (0.10, 3), (0.3, 4), (None, None)],
)
def test_gap_classes(value, expected):
    assert maps.classify(value, maps.GAP_BREAKS) == expected


def test_text_colour_contrasts():
    assert maps.text_colour("#a50026") == "#ffffff"
    assert maps.text_colour("#e0f3f8") == "#000000"
    with pytest.raises(ValueError):
        maps.Breaks((1.0,), ("#000000",))
