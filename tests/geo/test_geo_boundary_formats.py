"""Boundary files as Shapefile, TopoJSON and Eurostat NUTS; the simplified web copy."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import shapefile
import shapely.geometry
from fixtures_geo import GEOJSON, GEOJSON_HESSEN
from typer.testing import CliRunner

from fachkraefte import geo
from fachkraefte.common.errors import ImportValidationError
from fachkraefte.geo.boundaries import stored_boundaries
from fachkraefte.geo.boundary_formats import read_boundary_file
from fachkraefte.geo.cli import app

SHAPEFILE = "geo/vg5000_2021_original/VG5000_KRS"
LAEA_PRJ = (
    'PROJCS["ETRS89_LAEA_Europe",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",'
    'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],'
    'PARAMETER["False_Easting",4321000.0],PARAMETER["False_Northing",3210000.0],'
    'PARAMETER["Central_Meridian",10.0],PARAMETER["Latitude_Of_Origin",52.0],UNIT["Meter",1.0]]'
)
WGS84_PRJ = (
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
)


def _shapes(collection):
    return {f["properties"]["ags"]: shapely.geometry.shape(f["geometry"]) for f in collection}


def _copy_shapefile(shared_data, target, parts=(".shp", ".shx", ".dbf", ".prj", ".cpg")):
    target.mkdir(exist_ok=True)
    for suffix in parts:
        shutil.copy(shared_data / f"{SHAPEFILE}{suffix}", target / f"VG5000_KRS{suffix}")
    return target / "VG5000_KRS.shp"


def _reference_files(data_dir):
    folder = data_dir / "reference"
    return sorted(p.name for p in folder.glob("boundaries*")) if folder.exists() else []


@pytest.mark.shared_data
def test_shapefile_matches_the_geojson_of_the_same_data(shared_data):
    read = read_boundary_file(shared_data / f"{SHAPEFILE}.shp")
    assert read.format == "Shapefile" and read.crs == "DHDN_3_Degree_Gauss_Zone_3"
    features = read.collection["features"]
    assert len(features) == 401
    from_shp = {f["properties"]["AGS"]: shapely.geometry.shape(f["geometry"]) for f in features}
    reference = _shapes(json.loads((shared_data / GEOJSON).read_text())["features"])
    assert from_shp.keys() == reference.keys()
    for ags, shape in from_shp.items():
        other = reference[ags]
        assert shape.is_valid, ags
        # The GeoJSON was made from this file by another tool with 5-decimal rounding:
        # a few metres apart at most (1e-4° is 7–11 m).
        assert shape.centroid.distance(other.centroid) < 1e-4, ags
        assert abs(shape.area - other.area) / other.area < 2e-3, ags
        assert shape.symmetric_difference(other).area / other.area < 5e-3, ags


@pytest.mark.shared_data
def test_shapefile_import_gives_the_same_neighbours(regions_store, shared_data):
    meta = geo.import_boundaries(shared_data / f"{SHAPEFILE}.shp")
    assert meta["districts"] == 401 and meta["format"] == "Shapefile"
    from_shp = stored_boundaries()["neighbours"]
    geo.import_boundaries(shared_data / GEOJSON, replace=True)
    assert from_shp == stored_boundaries()["neighbours"]
    stored = json.loads(geo.boundaries_path().read_text())
    assert len(stored["features"]) == 401  # the transformed GeoJSON is kept for maps


def _topojson(collection, quantised: bool):
    """Each ring as its own arc; quantised arcs are delta-encoded on a 1e-5° grid."""
    arcs, geometries = [], []
    scale, origin = [1e-5, 1e-5], [5.0, 47.0]
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        refs = []
        for polygon in polygons:
            rings = []
            for ring in polygon:
                points = np.asarray(ring)
                if quantised:
                    grid = np.round((points - origin) / scale).astype(int)
                    points = np.vstack([grid[:1], np.diff(grid, axis=0)])
                rings.append([len(arcs)])
                arcs.append(points.tolist())
            refs.append(rings)
        geometries.append(
            {"type": "MultiPolygon", "arcs": refs, "properties": feature["properties"]}
        )
    topology = {
        "type": "Topology",
        "objects": {
            "punkte": {"type": "GeometryCollection", "geometries": []},
            "kreise": {"type": "GeometryCollection", "geometries": geometries},
        },
        "arcs": arcs,
    }
    if quantised:
        topology["transform"] = {"scale": scale, "translate": origin}
    return topology


@pytest.mark.shared_data
@pytest.mark.parametrize("quantised", [True, False])
def test_topojson(regions_store, shared_data, tmp_path, quantised):
    collection = json.loads((shared_data / GEOJSON_HESSEN).read_text())
    path = tmp_path / "kreise.topojson"
    path.write_text(json.dumps(_topojson(collection, quantised)))
    meta = geo.import_boundaries(path)
    assert meta["format"] == "TopoJSON" and meta["districts"] == 26
    from_topo = stored_boundaries()["neighbours"]
    stored = {
        f["properties"]["ags"] for f in json.loads(geo.boundaries_path().read_text())["features"]
    }
    assert stored == {r.ags for r in geo.districts("06")}
    geo.import_boundaries(shared_data / GEOJSON_HESSEN, replace=True)
    assert from_topo == stored_boundaries()["neighbours"]


@pytest.mark.shared_data
def test_eurostat_nuts_file(regions_store, shared_data, tmp_path):
    collection = json.loads((shared_data / GEOJSON_HESSEN).read_text())
    features = []
    for feature in collection["features"]:
        p = feature["properties"]
        features.append(
            {
                **feature,
                "properties": {
                    "NUTS_ID": p["nuts3"],
                    "LEVL_CODE": 3,
                    "CNTR_CODE": "DE",
                    "NAME_LATN": p["name"],
                },
            }
        )
    square = {"type": "Polygon", "coordinates": [[[2, 48], [3, 48], [3, 49], [2, 48]]]}
    features.append(
        {
            "type": "Feature",
            "properties": {"NUTS_ID": "FR101", "LEVL_CODE": 3, "CNTR_CODE": "FR"},
            "geometry": square,
        }
    )
    features.append(
        {
            "type": "Feature",
            "properties": {"NUTS_ID": "DE71", "LEVL_CODE": 2, "CNTR_CODE": "DE"},
            "geometry": square,
        }
    )
    path = tmp_path / "NUTS_RG_01M_2021_4326_LEVL_3.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    meta = geo.import_boundaries(path)
    assert meta["districts"] == 26 and meta["skipped_features"] == 2
    assert "EuroGeographics" in meta["attribution"]
    assert "06413" in {r.ags for r in geo.neighbours("06412")}
    web = json.loads(geo.web_boundaries_path().read_text())
    assert {f["properties"]["ags"] for f in web["features"]} == {r.ags for r in geo.districts("06")}

    features[0]["properties"]["NUTS_ID"] = "DE7ZZ"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with pytest.raises(ImportValidationError) as caught:
        geo.import_boundaries(path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (1, "properties.NUTS_ID", "DE7ZZ")


@pytest.mark.shared_data
def test_web_copy_keeps_every_district_and_every_neighbour(regions_store, shared_data):
    assert geo.web_boundaries_path() is None
    meta = geo.import_boundaries(shared_data / GEOJSON, tolerance=0.01)
    web = json.loads(geo.web_boundaries_path().read_text())
    assert web["attribution"] == "© GeoBasis-DE / BKG (Daten verändert)"
    shapes = _shapes(web["features"])
    assert len(shapes) == 401 and all(s.is_valid and not s.is_empty for s in shapes.values())
    assert set(web["features"][0]["properties"]) == {"ags", "name"}
    stats = meta["web"]
    assert stats["vertices_after"] < 0.6 * stats["vertices_before"]
    assert stats["bytes_after"] < 0.6 * stats["bytes_before"]
    assert stats["bytes_after"] == geo.web_boundaries_path().stat().st_size

    from fachkraefte.geo.neighbours import adjacency, vertices

    simplified = adjacency(
        [(a, vertices(f["geometry"])) for a, f in zip(shapes, web["features"], strict=True)]
    )
    assert simplified == stored_boundaries()["neighbours"]
    # Shared borders are simplified once: neighbours still cover the same ground without
    # gaps or overlaps (their outlines touch, their interiors do not meet).
    for ags, near in stored_boundaries()["neighbours"].items():
        for other in near:
            assert shapes[ags].intersection(shapes[other]).area < 1e-9, (ags, other)


@pytest.mark.shared_data
def test_tolerance_zero_keeps_every_vertex(regions_store, shared_data):
    meta = geo.import_boundaries(shared_data / GEOJSON_HESSEN, tolerance=0)
    assert meta["web"]["vertices_after"] == meta["web"]["vertices_before"]


@pytest.mark.shared_data
def test_missing_dbf(regions_store, shared_data, tmp_path):
    path = _copy_shapefile(shared_data, tmp_path / "ohne-dbf", (".shp", ".shx", ".prj"))
    with pytest.raises(ImportValidationError) as caught:
        geo.import_boundaries(path)
    (problem,) = caught.value.problems
    assert "VG5000_KRS.dbf" in problem.message_de and "fehlt" in problem.message_de
    assert _reference_files(regions_store) == []


@pytest.mark.shared_data
def test_unsupported_crs(regions_store, shared_data, tmp_path):
    path = _copy_shapefile(shared_data, tmp_path / "laea")
    path.with_suffix(".prj").write_text(LAEA_PRJ)
    with pytest.raises(ImportValidationError) as caught:
        geo.import_boundaries(path)
    message = caught.value.problems[0].message_de
    assert "Lambert_Azimuthal_Equal_Area" in message and "EPSG:25832" in message
    assert _reference_files(regions_store) == []


@pytest.mark.shared_data
def test_prj_that_does_not_fit_the_coordinates(regions_store, shared_data, tmp_path):
    path = _copy_shapefile(shared_data, tmp_path / "falsche-prj")
    path.with_suffix(".prj").write_text(WGS84_PRJ)  # the coordinates are Gauss-Krüger metres
    with pytest.raises(ImportValidationError) as caught:
        geo.import_boundaries(path)
    assert len(caught.value.problems) == 200  # capped list; every district is wrong
    assert "EPSG:4326" in caught.value.problems[0].message_de
    assert _reference_files(regions_store) == []


@pytest.mark.shared_data
def test_unknown_ags_in_a_shapefile(regions_store, shared_data, tmp_path):
    source = shapefile.Reader(str(shared_data / f"{SHAPEFILE}.shp"), encoding="utf-8")
    target = tmp_path / "geaendert" / "VG5000_KRS"
    target.parent.mkdir()
    with shapefile.Writer(str(target), shapeType=source.shapeType, encoding="utf-8") as writer:
        writer.fields = source.fields[1:]
        for number, item in enumerate(source.iterShapeRecords()):
            record = item.record.as_dict()
            if number == 4:
                record["AGS"] = "06999"
            writer.record(**record)
            writer.shape(item.shape)
    shutil.copy(shared_data / f"{SHAPEFILE}.prj", target.with_suffix(".prj"))
    with pytest.raises(ImportValidationError) as caught:
        geo.import_boundaries(target.with_suffix(".shp"))
    (problem,) = caught.value.problems
    assert (problem.row, problem.value, problem.file) == (5, "06999", "VG5000_KRS.shp")
    assert "kein Kreis" in problem.message_de
    assert _reference_files(regions_store) == []


def test_ensure_default_boundaries(data_dir):
    # Needs nothing from ../shared/data: the district table and the boundaries both ship.
    assert geo.web_boundaries_path() is None
    meta = geo.ensure_default_boundaries()
    assert meta is not None and meta["districts"] == 401
    assert "GeoBasis-DE / BKG 2021" in meta["file_attribution"]
    assert geo.ensure_default_boundaries() is None  # idempotent
    assert {"06413", "06436", "06434", "06440", "06438"} <= {r.ags for r in geo.neighbours("06412")}
    assert "dl-de/by-2-0" in geo.SHIPPED_BOUNDARIES_ATTRIBUTION.read_text(encoding="utf-8")


@pytest.mark.shared_data
def test_cli_reports_the_size_reduction(regions_store, shared_data):
    result = CliRunner().invoke(
        app, ["import-boundaries", str(shared_data / f"{SHAPEFILE}.shp"), "--tolerance", "0.01"]
    )
    assert result.exit_code == 0, result.output
    assert "Shapefile, DHDN_3_Degree_Gauss_Zone_3" in result.stdout
    assert "Webkopie" in result.stdout and "% kleiner" in result.stdout
