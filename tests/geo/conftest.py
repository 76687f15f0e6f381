"""Fixtures of the regions tests: a district store imported once per session, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from fixtures_geo import GEOJSON, KREISE_XLSX


@pytest.fixture(scope="session")
def kreise_xlsx(shared_data) -> Path:
    return shared_data / KREISE_XLSX


@pytest.fixture(scope="session")
def _built_reference(shared_data, tmp_path_factory) -> Path:
    """A data store with the shared 04-kreise table and VG5000 boundaries imported."""
    root = tmp_path_factory.mktemp("geo-store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(root))
        from fachkraefte import geo

        geo.import_regions(shared_data / KREISE_XLSX)
        geo.import_boundaries(shared_data / GEOJSON)
    return root / "reference"


def _copy_reference(built: Path, data_dir: Path, names: tuple[str, ...]) -> Path:
    target = data_dir / "reference"
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy2(built / name, target / name)
    return data_dir


@pytest.fixture()
def regions_store(data_dir, _built_reference) -> Path:
    """This test's data store, holding the imported 2018 district table (no boundaries)."""
    return _copy_reference(_built_reference, data_dir, ("regions.parquet", "regions.json"))


@pytest.fixture()
def boundaries_store(regions_store, _built_reference) -> Path:
    """``regions_store`` plus the imported VG5000 boundaries and their adjacency."""
    return _copy_reference(
        _built_reference, regions_store, ("boundaries.geojson", "boundaries.json")
    )


@pytest.fixture()
def broken_copy(kreise_xlsx, tmp_path):
    """``broken_copy(change)`` saves a copy of the official file after ``change(workbook)``."""

    def make(change, name: str = "04-kreise-kaputt.xlsx") -> Path:
        workbook = openpyxl.load_workbook(kreise_xlsx)
        change(workbook)
        target = tmp_path / name
        workbook.save(target)
        return target

    return make
