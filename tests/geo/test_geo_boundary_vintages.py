"""Boundary imports are vintages: recorded, a re-import is a no-op, no silent replacement."""

from __future__ import annotations

import json

import pytest
from fixtures_geo import GEOJSON_HESSEN
from typer.testing import CliRunner

from fachkraefte import geo
from fachkraefte.geo.cli import app
from fachkraefte.geo.store import file_sha256

pytestmark = pytest.mark.shared_data


def _snapshot(data_dir) -> dict[str, bytes]:
    folder = data_dir / "reference"
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _other_file(shared_data, tmp_path):
    # The same districts written differently: another file with another SHA-256.
    collection = json.loads((shared_data / GEOJSON_HESSEN).read_text(encoding="utf-8"))
    path = tmp_path / "hessen-neu.geojson"
    path.write_text(json.dumps(collection, indent=2), encoding="utf-8")
    return path


def test_import_is_recorded_and_the_same_file_again_is_a_no_op(regions_store, shared_data):
    source = shared_data / GEOJSON_HESSEN
    first = geo.import_boundaries(source, imported_by="Koordinierungsstelle")
    assert first["created"] and first["replaces"] is None
    (vintage,) = geo.boundary_vintages()
    assert vintage["vintage_id"] == first["vintage_id"]
    assert vintage["sha256"] == file_sha256(source)
    assert vintage["imported_by"] == "Koordinierungsstelle" and vintage["imported_at"]
    assert vintage["file"] == source.name
    before = _snapshot(regions_store)

    again = geo.import_boundaries(source, imported_by="jemand anderes")
    assert not again["created"] and again["vintage_id"] == first["vintage_id"]
    assert _snapshot(regions_store) == before
    assert len(geo.boundary_vintages()) == 1


def test_a_different_file_does_not_silently_replace(regions_store, shared_data, tmp_path):
    first = geo.import_boundaries(shared_data / GEOJSON_HESSEN)
    before = _snapshot(regions_store)
    other = _other_file(shared_data, tmp_path)
    with pytest.raises(geo.BoundariesReplaceError, match="--replace") as excinfo:
        geo.import_boundaries(other)
    assert GEOJSON_HESSEN.split("/")[-1] in str(excinfo.value)
    assert _snapshot(regions_store) == before

    second = geo.import_boundaries(other, replace=True)
    assert second["created"] and second["replaces"] == first["vintage_id"]
    assert [v["vintage_id"] for v in geo.boundary_vintages()] == [
        first["vintage_id"],
        second["vintage_id"],
    ]
    assert geo.boundaries_metadata()["sha256"] == file_sha256(other)
    # The replaced import is kept, files and all.
    kept = regions_store / "reference" / "boundary_vintages" / first["vintage_id"]
    assert (
        json.loads((kept / "boundaries.json").read_text())["metadata"]["sha256"]
        == (first["sha256"])
    )
    assert (kept / "boundaries.geojson").read_bytes() == (shared_data / GEOJSON_HESSEN).read_bytes()


def test_cli_refuses_a_replacement_without_the_option(regions_store, shared_data, tmp_path):
    runner = CliRunner()
    source = str(shared_data / GEOJSON_HESSEN)
    assert runner.invoke(app, ["import-boundaries", source, "--by", "analyst"]).exit_code == 0
    again = runner.invoke(app, ["import-boundaries", source])
    assert again.exit_code == 0 and "Unverändert / unchanged" in again.stdout
    other = str(_other_file(shared_data, tmp_path))
    refused = runner.invoke(app, ["import-boundaries", other])
    assert refused.exit_code == 1 and "--replace" in refused.output
    replaced = runner.invoke(app, ["import-boundaries", other, "--replace"])
    assert replaced.exit_code == 0 and "Ersetzt / replaced" in replaced.stdout
    assert [v["imported_by"] for v in geo.boundary_vintages()][0] == "analyst"
