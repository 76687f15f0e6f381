"""The demo build as a product: schema, keys, determinism, manifest, idempotency, atomicity."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.geo import districts
from fachkraefte.occupations import berufsgruppen
from fachkraefte.sources.demo import (
    DEFAULT_SEED,
    DEMO_YEARS,
    GENERATOR_VERSION,
    build_demo,
    demo_manifest,
    load_demo_table,
)
from fachkraefte.sources.demo.calibration import TARGETS
from fachkraefte.sources.demo.occupation_profile import NIVEAUS_BY_KLDB3
from fachkraefte.sources.schema import AGE_BANDS, MAX_POPULATION_AGE, TABLES, check_table

KEYS = {
    "population": ["year", "ags", "sex", "age"],
    "employment": ["year", "ags", "kldb3", "niveau", "sex", "age_band"],
    "employment_industry": ["year", "ags", "kldb3", "niveau", "wz_section"],
    "trainees": ["year", "ags", "kldb3", "sex"],
    "graduates": ["year", "ags", "kldb3", "niveau", "sex"],
    "labour_market": ["year", "ags", "kldb3", "niveau"],
    "wages": ["year", "ags", "kldb3", "sex"],
}
COUNT_COLUMNS = {
    "population": ["persons"],
    "employment": ["employees"],
    "employment_industry": ["employees"],
    "trainees": ["trainees", "new_contracts"],
    "graduates": ["graduates"],
    "labour_market": ["unemployed", "jobseekers", "vacancies", "exits_from_unemployment"],
    "wages": [],
}


def _file_hashes(root: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.iterdir())
        if path.is_file()
    }


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "demo"
    return root, build_demo(out_dir=root)


@pytest.fixture(scope="module")
def raw_tables(build):
    root, _ = build
    return {name: pl.read_parquet(root / f"{name}.parquet") for name in TABLES}


def test_same_seed_gives_byte_identical_files(build, tmp_path):
    root, _ = build
    again = build_demo(out_dir=tmp_path / "again")
    hashes = _file_hashes(root)
    assert set(hashes) == {f"{name}.parquet" for name in TABLES} | {"manifest.json"}
    assert _file_hashes(tmp_path / "again") == hashes
    assert again == demo_manifest(root)


def test_different_seed_gives_different_tables(build, tmp_path):
    _, first = build
    other = build_demo(seed=DEFAULT_SEED + 1, out_dir=tmp_path / "other")
    assert other.seed == DEFAULT_SEED + 1
    for name in TABLES:
        assert other.tables[name].sha256 != first.tables[name].sha256, name


@pytest.mark.parametrize("name", list(TABLES))
def test_stored_schema_is_exactly_the_shared_schema(raw_tables, name):
    frame = raw_tables[name]
    assert dict(frame.schema) == TABLES[name]
    assert check_table(name, frame).equals(frame)


@pytest.mark.parametrize("name", list(TABLES))
def test_rows_are_unique_and_sorted_by_their_keys(raw_tables, name):
    frame = raw_tables[name]
    keys = KEYS[name]
    assert keys == [column for column in TABLES[name] if column in keys]
    assert frame.select(keys).is_duplicated().sum() == 0
    assert frame.equals(frame.sort(keys))


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_covers_the_demo_alliances_kreise_and_all_years(raw_tables, name):
    frame = raw_tables[name]
    hessen = sorted(region.ags for region in districts(land="06"))
    assert len(hessen) == 26 and hessen[0] == "06411" and hessen[-1] == "06636"
    # Görlitz (Sachsen) and the Ems-Achse (Niedersachsen), the other demo alliances.
    others = ["03402", "03452", "03454", "03456", "03457", "03462", "14626"]
    assert sorted(frame["ags"].unique()) == sorted(others + hessen)
    assert sorted(frame["year"].unique()) == list(DEMO_YEARS) == list(range(2013, 2025))


@pytest.mark.parametrize("name", list(TABLES))
def test_counts_are_whole_non_negative_and_never_missing(raw_tables, name):
    frame = raw_tables[name]
    for column in COUNT_COLUMNS[name]:
        assert frame[column].null_count() == 0, column
        assert frame[column].min() >= 0, column
    if "sex" in frame.columns:
        assert sorted(frame["sex"].unique()) == ["m", "w"]


def test_employment_has_all_144_berufsgruppen_and_only_their_kldb_niveaus(raw_tables):
    employment = raw_tables["employment"]
    codes = sorted(group.code for group in berufsgruppen())
    assert len(codes) == 144
    assert sorted(employment["kldb3"].unique()) == codes
    niveaus = employment.group_by("kldb3").agg(pl.col("niveau").unique().sort())
    found = {row["kldb3"]: frozenset(row["niveau"]) for row in niveaus.iter_rows(named=True)}
    assert found == NIVEAUS_BY_KLDB3
    assert found["814"] == {4}  # Human- und Zahnmedizin: Experten only
    assert sorted(employment["age_band"].unique()) == sorted(AGE_BANDS)
    # Realistic zeros: small cells exist with no employees, but every Berufsgruppe has some.
    assert (employment["employees"] == 0).sum() > 0
    per_group = employment.group_by("kldb3").agg(pl.col("employees").sum())
    assert per_group["employees"].min() > 0


def test_population_has_every_single_year_of_age(raw_tables):
    population = raw_tables["population"]
    assert sorted(population["age"].unique()) == list(range(MAX_POPULATION_AGE + 1))
    assert population.height == len(DEMO_YEARS) * (26 + 7) * 2 * (MAX_POPULATION_AGE + 1)


def test_other_tables_use_only_known_codes(raw_tables):
    codes = set(NIVEAUS_BY_KLDB3)
    for name in ("trainees", "graduates", "labour_market", "wages"):
        assert set(raw_tables[name]["kldb3"].unique()) <= codes, name
    assert sorted(raw_tables["graduates"]["niveau"].unique()) == [2, 3, 4]


def test_manifest_marks_the_data_as_synthetic(build):
    root, built = build
    stored = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    assert stored["dataset"] == "demo-hessen"
    assert stored["synthetic"] is True
    assert stored["label"] == SYNTHETIC_LABEL_DE == "Demodaten – keine amtliche Statistik"
    assert stored["seed"] == DEFAULT_SEED
    assert stored["generator_version"] == GENERATOR_VERSION
    assert stored["years"] == list(DEMO_YEARS)
    assert all(entry["source"] for entry in stored["calibration_sources"])
    assert {entry["key"] for entry in stored["calibration_sources"]} >= {
        "population",
        "employment",
        "unemployed",
        "median_wage",
    }
    # Nothing time-dependent may enter the manifest, or equal seeds would differ.
    assert not any("created" in key or "time" in key for key in stored)
    for name, entry in stored["tables"].items():
        assert entry["file"] == f"{name}.parquet"
        assert entry["sha256"] == hashlib.sha256((root / entry["file"]).read_bytes()).hexdigest()
        assert entry["rows"] == pl.read_parquet(root / entry["file"]).height
    assert demo_manifest(root) == built


def test_second_build_with_same_seed_does_not_rewrite_files(build):
    root, built = build
    before = {path.name: path.stat().st_mtime_ns for path in root.iterdir()}
    assert build_demo(out_dir=root) == built
    assert {path.name: path.stat().st_mtime_ns for path in root.iterdir()} == before


def test_damaged_file_is_rebuilt(build, tmp_path):
    root, built = build
    copy = tmp_path / "demo"
    shutil.copytree(root, copy)
    (copy / "wages.parquet").write_bytes(b"not parquet")
    rebuilt = build_demo(out_dir=copy)
    assert rebuilt == built
    assert _file_hashes(copy) == _file_hashes(root)


def test_newly_imported_district_table_triggers_a_rebuild(build, tmp_path, monkeypatch):
    root, built = build
    assert built.calibration_sources[-1]["key"] == "regions"
    assert "04-kreise" in built.calibration_sources[-1]["source"]
    copy = tmp_path / "demo"
    shutil.copytree(root, copy)
    newer = {"key": "regions", "source": "04-kreise, Gebietsstand 31.12.2023", "sha256": "0" * 64}
    monkeypatch.setattr("fachkraefte.sources.demo.build.regions_provenance", lambda: newer)
    rebuilt = build_demo(out_dir=copy)
    assert rebuilt.calibration_sources[-1] == newer
    assert demo_manifest(copy) == rebuilt != built


def test_failed_build_leaves_the_previous_build_untouched(build, tmp_path, monkeypatch):
    root, _ = build
    copy = tmp_path / "demo"
    shutil.copytree(root, copy)
    before = _file_hashes(copy)

    def failing_write(frame, path):
        raise OSError("disk full")

    monkeypatch.setattr("fachkraefte.sources.demo.build.write_table", failing_write)
    with pytest.raises(OSError, match="disk full"):
        build_demo(seed=DEFAULT_SEED + 7, out_dir=copy)
    assert _file_hashes(copy) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["demo"]  # no staging left


def test_default_location_is_the_data_store(data_dir):
    assert demo_manifest() is None
    with pytest.raises(FileNotFoundError, match="fachkraefte demo"):
        load_demo_table("population")
    built = build_demo(show_progress=True)
    assert (data_dir / "demo" / "manifest.json").is_file()
    assert demo_manifest() == built
    population = load_demo_table("population")
    assert population.height == built.tables["population"].rows
    assert dict(population.schema) == TABLES["population"]


def test_unknown_table_is_refused(build):
    root, _ = build
    with pytest.raises(KeyError, match="unknown table 'jobs'"):
        load_demo_table("jobs", root=root)


def test_damaged_manifest_is_reported_and_rebuilt(build, tmp_path):
    root, built = build
    copy = tmp_path / "demo"
    shutil.copytree(root, copy)
    (copy / "manifest.json").write_text('{"dataset": "demo-hessen"}', encoding="utf-8")
    with pytest.raises(ValueError, match="missing fields"):
        demo_manifest(copy)
    assert build_demo(out_dir=copy) == built


def test_documentation_covers_every_table_column_and_calibration_target():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "demo-data.md").read_text("utf-8")
    assert SYNTHETIC_LABEL_DE in doc
    for name, columns in TABLES.items():
        assert f"`{name}`" in doc, name
        for column in columns:
            if column not in KEYS[name]:
                assert f"`{column}`" in doc, column
    for target in TARGETS:
        assert f"`{target.key}`" in doc, target.key


@pytest.mark.shared_data
def test_niveaus_per_berufsgruppe_match_the_official_kldb_export(shared_data):
    export = next((shared_data / "occupations").glob("KldB_2010_*.csv"))
    with export.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    # The export loses leading zeros: pad a key to the length its level (Ebene) gives.
    berufsgattungen = [row[0].zfill(5) for row in rows[1:] if row[1] == "5"]
    official: dict[str, set[int]] = {}
    for key in berufsgattungen:
        official.setdefault(key[:3], set()).add(int(key[4]))
    assert len(official) == 144
    assert {code: frozenset(levels) for code, levels in official.items()} == NIVEAUS_BY_KLDB3


def test_history_carries_the_structural_change(raw_tables):
    """Manufacturing helpers shrink, health/care and IT grow, the Experte share rises
    (docs/demo-data.md names the sources of each trend)."""
    employment = raw_tables["employment"]

    def share(part: pl.Expr, year: int, within: pl.Expr | None = None) -> float:
        rows = employment.filter((pl.col("year") == year) & (True if within is None else within))
        return rows.filter(part)["employees"].sum() / rows["employees"].sum()

    manufacturing = pl.col("kldb3").str.starts_with("2")
    helpers = pl.col("niveau") == 1
    assert share(helpers, 2024, manufacturing) < 0.98 * share(helpers, 2019, manufacturing)
    for growing in ("8", "43"):  # health, care, social; IT
        part = pl.col("kldb3").str.starts_with(growing)
        assert share(part, 2024) > 1.05 * share(part, 2019), growing
    assert share(pl.col("niveau") == 4, 2024) > share(pl.col("niveau") == 4, 2019) + 0.005
