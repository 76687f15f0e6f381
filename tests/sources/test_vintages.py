"""The vintage store: every import kept, same file once, "current" explicit, writes atomic."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from fachkraefte.sources.vintages import (
    ImportedDataset,
    VintageError,
    current_vintage,
    get_vintage,
    list_vintages,
    load_table,
    set_current,
    store_import,
)


def _wages(value: float, sha: str, when: date = date(2023, 12, 31)) -> ImportedDataset:
    frame = pl.DataFrame(
        {
            "year": [when.year],
            "ags": ["06411"],
            "kldb3": ["813"],
            "sex": ["w"],
            "median_monthly_wage_eur": [value],
        }
    )
    return ImportedDataset(
        dataset="wages",
        source="BA Entgeltstatistik",
        file_name=f"{sha[:4]}.xlsx",
        sha256=sha * (64 // len(sha)),
        reference_date=when,
        tables={"wages": frame},
        notes=("eine Notiz",),
    )


def test_store_records_who_what_when(data_dir):
    outcome = store_import(_wages(3900.0, "a1"), imported_by="analystin")
    vintage = outcome.vintage
    assert outcome.created and outcome.made_current == ("wages",)
    assert vintage.vintage_id == "wages-2023-12-31-a1a1a1a1a1a1"
    assert (vintage.imported_by, vintage.file_name, vintage.rows) == (
        "analystin",
        "a1.xlsx",
        {"wages": 1},
    )
    assert vintage.sha256 == "a1" * 32 and vintage.notes == ("eine Notiz",)
    assert vintage.imported_at.tzinfo is not None
    folder = data_dir / "vintages" / vintage.vintage_id
    assert (folder / "wages.parquet").is_file()
    meta = json.loads((folder / "vintage.json").read_text(encoding="utf-8"))
    assert meta["reference_date"] == "2023-12-31" and meta["source"] == "BA Entgeltstatistik"
    assert load_table("wages")["median_monthly_wage_eur"].to_list() == [3900.0]


def test_default_user_is_the_os_user(data_dir):
    import getpass

    assert store_import(_wages(1.0, "b2")).vintage.imported_by == getpass.getuser()


def test_same_file_again_is_a_no_op(data_dir):
    first = store_import(_wages(3900.0, "a1"))
    folder = data_dir / "vintages" / first.vintage.vintage_id
    mtime = (folder / "wages.parquet").stat().st_mtime_ns
    again = store_import(_wages(3900.0, "a1"), imported_by="jemand anderes")
    assert not again.created and again.vintage.vintage_id == first.vintage.vintage_id
    assert again.vintage.imported_by == first.vintage.imported_by
    assert (folder / "wages.parquet").stat().st_mtime_ns == mtime
    assert len(list_vintages()) == 1


def test_newer_vintage_never_silently_replaces_the_current_one(data_dir):
    old = store_import(_wages(3900.0, "a1", date(2022, 12, 31))).vintage
    new = store_import(_wages(4100.0, "c3")).vintage
    assert [v.vintage_id for v in list_vintages()] == [old.vintage_id, new.vintage_id]
    assert current_vintage("wages").vintage_id == old.vintage_id
    assert load_table("wages")["median_monthly_wage_eur"].item() == 3900.0
    assert (
        load_table("wages", vintage_id=new.vintage_id)["median_monthly_wage_eur"].item() == 4100.0
    )
    set_current(new.vintage_id)
    assert current_vintage("wages").vintage_id == new.vintage_id
    assert get_vintage(old.vintage_id).current_for == ()
    assert load_table("wages")["median_monthly_wage_eur"].item() == 4100.0


def test_make_current_on_import(data_dir):
    store_import(_wages(3900.0, "a1"))
    newer = store_import(_wages(4100.0, "c3"), make_current=True)
    assert newer.made_current == ("wages",)
    assert current_vintage("wages").vintage_id == newer.vintage.vintage_id


def test_nothing_imported_and_unknown_ids(data_dir):
    assert list_vintages() == [] and current_vintage("wages") is None
    with pytest.raises(VintageError, match="fachkraefte import"):
        load_table("wages")
    with pytest.raises(VintageError):
        set_current("wages-2023-12-31-000000000000")
    store_import(_wages(3900.0, "a1"))
    with pytest.raises(VintageError):
        load_table("employment", vintage_id="wages-2023-12-31-a1a1a1a1a1a1")


def test_a_wrong_schema_writes_nothing(data_dir):
    bad = ImportedDataset(
        dataset="wages",
        source="x",
        file_name="x.xlsx",
        sha256="d4" * 32,
        reference_date=date(2023, 12, 31),
        tables={"wages": pl.DataFrame({"year": [2023], "ags": ["06411"]})},
    )
    with pytest.raises(ValueError, match="fehlende Spalten"):
        store_import(bad)
    assert list_vintages() == []
    assert [
        p.name for p in (data_dir / "vintages").iterdir() if not p.name.startswith(".lock")
    ] == []


def test_no_temporary_folders_are_left_behind(data_dir):
    store_import(_wages(3900.0, "a1"))
    store_import(_wages(4100.0, "c3"))
    leftovers = [
        p.name
        for p in (data_dir / "vintages").iterdir()
        if p.name.startswith(".") and p.name != ".lock"
    ]
    assert leftovers == []


def test_extra_table_employment_foreign(data_dir):
    frame = pl.DataFrame(
        {
            "year": [2023],
            "ags": ["06411"],
            "kldb3": ["813"],
            "niveau": [2],
            "employees": [100],
            "foreign_employees": [12],
        }
    )
    imported = ImportedDataset(
        dataset="employment",
        source="BA",
        file_name="e.xlsx",
        sha256="e5" * 32,
        reference_date=date(2023, 6, 30),
        tables={"employment_foreign": frame},
    )
    store_import(imported)
    assert load_table("employment_foreign").schema["niveau"] == pl.Int8
