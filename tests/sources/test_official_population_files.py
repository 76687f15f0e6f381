"""The population importer on three official files exactly as published (../shared/data/official).

Expected figures were read off the files by hand (the row of the district, the column named);
the README of shared/data lists the same checks.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from typer.testing import CliRunner

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.sources.genesis_population import read_population
from fachkraefte.sources.import_cli import app
from fachkraefte.sources.life_table import read_life_table_import
from fachkraefte.sources.vintages import list_vintages, store_import

pytestmark = pytest.mark.shared_data

SINGLE_YEARS_2020 = "official/regionalstatistik/download_2021/12411-04-02-4.csv"
GROUPS_2015 = "official/regionalstatistik/ogd_2017/12411-02-03-4_00.csv"
GENESIS_2021 = "official/destatis_genesis/12411-0017.csv"


@pytest.fixture(autouse=True, scope="module")
def _own_data_store(tmp_path_factory):
    # geo keeps its reference tables in the data store; keep them out of the checkout's var/.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path_factory.mktemp("store")))
        yield


@pytest.fixture(scope="module")
def single_years(shared_data):
    return read_population(shared_data / SINGLE_YEARS_2020)


@pytest.fixture(scope="module")
def groups(shared_data):
    return read_population(shared_data / GROUPS_2015)


LIFE_TABLE = "official/destatis_genesis/12621-0001_de_2022-2024.csv"


def _import_life_table(shared_data) -> None:
    store_import(read_life_table_import(shared_data / LIFE_TABLE))


@pytest.fixture(scope="module")
def genesis(shared_data):
    # 12411-0017 has no sex dimension: the importer splits it with the imported life table
    _import_life_table(shared_data)
    return read_population(shared_data / GENESIS_2021)


def _persons(frame: pl.DataFrame, ags: str, *, sex: str | None = None, ages=None) -> int:
    part = frame.filter(pl.col("ags") == ags)
    if sex is not None:
        part = part.filter(pl.col("sex") == sex)
    if ages is not None:
        part = part.filter(pl.col("age").is_between(*ages))
    return int(part["persons"].sum())


def _note(imported, text: str) -> str:
    return next(note for note in imported.notes if text in note)


def test_single_years_2020_windows_1252_with_a_stichtag_line(single_years):
    frame = single_years.tables["population"]
    assert single_years.reference_date == date(2020, 12, 31)  # from "Stichtag: 31.12.2020"
    assert frame["ags"].n_unique() == 400
    assert set(frame["year"]) == {2020}
    # Frankfurt: Insgesamt 764104 (377199 männlich); age 30: 7468 men, 7605 women.
    assert _persons(frame, "06412") == 764_104
    assert _persons(frame, "06412", sex="m") == 377_199
    assert _persons(frame, "06412", sex="m", ages=(30, 30)) == 7_468
    assert _persons(frame, "06412", sex="w", ages=(30, 30)) == 7_605
    assert int(frame.filter(pl.col("ags").str.starts_with("06"))["persons"].sum()) == 6_293_154
    # Hamburg is "02" in the file, stored as Kreis 02000.
    assert _persons(frame, "02000") == 1_852_478
    assert _persons(frame, "02000", sex="w", ages=(30, 30)) == 16_477
    # Eisenach (16056, 41970) merged into the Wartburgkreis (16063, 117967) in July 2021.
    assert "16056" not in set(frame["ags"])
    assert _persons(frame, "16063") == 117_967 + 41_970
    assert "1200 Zeilen unterhalb der Kreisebene" in _note(single_years, "unterhalb")
    assert "02 → 02000" in _note(single_years, "Stadtstaaten")
    # 0 … 74 are single years, 75–79, 80–84, 85–89 groups: the importer saw both by itself.
    assert _note(single_years, "gleichmäßig")


def test_seventeen_groups_2015_utf8_with_a_date_column(groups):
    frame = groups.tables["population"]
    assert groups.reference_date == date(2015, 12, 31)
    assert frame["ags"].n_unique() == 400
    # Frankfurt "unter 3 Jahre" 24054, Insgesamt 732688.
    assert _persons(frame, "06412", ages=(0, 2)) == 24_054
    assert _persons(frame, "06412") == 732_688
    # Göttingen and Osterode (until 31.10.2016) are added to the new Landkreis Göttingen 03159.
    assert _persons(frame, "03159") == 255_653 + 73_885
    assert _persons(frame, "03159", ages=(0, 2)) == 6_307 + 1_499
    assert "54 Zeilen unterhalb der Kreisebene" in _note(groups, "unterhalb")
    # Kreise dissolved long ago carry "-" everywhere and are left aside, not rejected.
    assert "13001" in _note(groups, "aufgelöste Kreise")


def test_genesis_2021_groups_in_columns_and_no_sex(genesis):
    frame = genesis.tables["population"]
    assert genesis.reference_date == date(2021, 12, 31)
    assert frame["ags"].n_unique() == 400
    # Frankfurt 759224 in all, "unter 3 Jahre" 24220, "15 bis unter 18 Jahre" 19372.
    assert _persons(frame, "06412") == 759_224
    assert _persons(frame, "06412", ages=(0, 2)) == 24_220
    assert _persons(frame, "06412", ages=(15, 17)) == 19_372
    # Here Hamburg and Berlin carry their Kreis keys already.
    assert _persons(frame, "02000") == 1_853_935
    assert _persons(frame, "11000") == 3_677_472
    assert "Stadtstaaten" not in " ".join(genesis.notes)
    # Both sexes together in the file: split by the life table's sex ratio, totals kept.
    men = _persons(frame, "06412", sex="m", ages=(20, 24))
    assert 0.45 < men / _persons(frame, "06412", ages=(20, 24)) < 0.55
    assert "12621-0001" in _note(genesis, "kein Merkmal Geschlecht")


def test_a_file_without_sex_needs_an_imported_life_table(shared_data, data_dir):
    with pytest.raises(ImportValidationError) as error:
        read_population(shared_data / GENESIS_2021)
    assert "fachkraefte import life-table" in error.value.problems[0].message_de
    result = CliRunner().invoke(app, ["population", str(shared_data / GENESIS_2021), "--dry-run"])
    assert result.exit_code == 1


def test_cli_dry_run_accepts_the_file_as_published(shared_data, data_dir):
    assert CliRunner().invoke(app, ["life-table", str(shared_data / LIFE_TABLE)]).exit_code == 0
    result = CliRunner().invoke(app, ["population", str(shared_data / GENESIS_2021), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2021-12-31" in result.output
    assert "nichts gespeichert" in result.output
    # only the life table was stored, no population
    assert [v.dataset for v in list_vintages()] == ["life_table"]
