"""Germany as reference: the BA file's official Deutschland row, else the sum of the Kreise."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
import fixtures_ba as fb  # noqa: E402

from fachkraefte.indicators.bottleneck import bottleneck_scores  # noqa: E402
from fachkraefte.indicators.location import location_quotients  # noqa: E402
from fachkraefte.indicators.regions import OFFICIAL_BASIS, SUM_BASIS  # noqa: E402
from fachkraefte.sources.ba_employment import read_employment  # noqa: E402
from fachkraefte.sources.ba_labour_market import read_labour_market  # noqa: E402

FACTOR = 10
"""The Deutschland rows carry ten times the Hessen numbers: clearly not the Kreis sum."""


@pytest.fixture(autouse=True)
def _own_data_store(tmp_path, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path / "store"))


def _times(value: object, factor: int) -> object:
    return value * factor if isinstance(value, int) else value


def _with_germany_block(sheet: fb.Sheet, rows: list[list[object]], label: str) -> fb.Sheet:
    block = [list(r) for r in rows]
    block[0][0] = label
    return fb.Sheet(title=sheet.title, header=sheet.header, data=block + sheet.data)


def _employment(tmp_path, *, germany: bool):
    table = fb.employment_table(small_values=False, seed=21)
    sheet = table.sheet
    if germany:
        land = [r for r in sheet.data[: len(fb.GATTUNGEN)]]
        assert land[0][0] == "06 Hessen"
        rows = [[r[0], r[1], *[_times(v, FACTOR) for v in r[2:]]] for r in land]
        sheet = _with_germany_block(sheet, rows, "Deutschland")
    return read_employment(fb.write_xlsx(sheet, tmp_path / "svb.xlsx")), table


def test_germany_row_is_kept_apart_from_the_kreise(tmp_path):
    imported, table = _employment(tmp_path, germany=True)
    employment = imported.tables["employment"]
    reference = imported.tables["employment_reference"]
    assert set(employment["ags"]) == {ags for ags, _ in fb.KREISE}
    assert set(reference["ags"]) == {"DG", "06"}
    kreis_total = sum(table.expected_rows().values())
    assert employment["employees"].sum() == kreis_total
    assert reference.filter(pl.col("ags") == "DG")["employees"].sum() == FACTOR * kreis_total


def test_location_quotients_use_the_official_germany_total(tmp_path):
    imported, _ = _employment(tmp_path, germany=True)
    employment = imported.tables["employment"]
    reference = imported.tables["employment_reference"]
    lq = location_quotients(employment, year=2023, reference=reference)
    germany = reference.filter(pl.col("ags") == "DG")
    kldb3 = "813"
    national_share = (
        germany.filter(pl.col("kldb3") == kldb3)["employees"].sum() / germany["employees"].sum()
    )
    kreis = employment.filter(pl.col("ags") == "06411")
    kreis_share = (
        kreis.filter(pl.col("kldb3") == kldb3)["employees"].sum() / kreis["employees"].sum()
    )
    row = lq.filter(pl.col("ags") == "06411", pl.col("kldb3") == kldb3).row(0, named=True)
    assert row["lq_national"] == pytest.approx(kreis_share / national_share)
    assert "amtliche Zeile" in row["national_reference"]

    fallback = location_quotients(employment, year=2023)
    assert "Summe aller Kreise" in fallback["national_reference"][0]


def _labour_market(tmp_path, *, germany: bool):
    table = fb.labour_market_table()
    sheet = table.sheet
    if germany:
        first_kreis = [r for r in sheet.data[: 4 * len(fb.GRUPPEN)]]
        rows = [
            [r[0], r[1], r[2], *[_times(v, FACTOR) for v in r[3:7]], r[7], _times(r[8], FACTOR)]
            for r in first_kreis
        ]
        sheet = _with_germany_block(sheet, rows, "Deutschland")
    return read_labour_market(fb.write_xlsx(sheet, tmp_path / "alo.xlsx"))


def test_bottleneck_classification_at_germany_level(tmp_path):
    employment = _employment(tmp_path, germany=True)[0].tables
    labour = _labour_market(tmp_path, germany=True).tables
    lm_germany = labour["labour_market_reference"].filter(pl.col("ags") == "DG")
    assert not lm_germany.is_empty()
    assert labour["labour_market"].filter(pl.col("ags") == "DG").is_empty()

    official = bottleneck_scores(
        year=2023,
        labour_market=labour["labour_market"],
        employment=employment["employment"],
        labour_market_reference=labour["labour_market_reference"],
        employment_reference=employment["employment_reference"],
        level="deutschland",
    )
    assert set(official["ags"]) == {"DG"}
    assert set(official["reference_basis"]) == {OFFICIAL_BASIS}
    cell = official.filter(pl.col("kldb3") == "813", pl.col("niveau") == 2).row(0, named=True)
    row = lm_germany.filter(pl.col("kldb3") == "813", pl.col("niveau") == 2).row(0, named=True)
    assert (cell["unemployed"], cell["vacancies"]) == (row["unemployed"], row["vacancies"])
    # Germany's own job-seekers per vacancy, not those of the imported Kreise.
    assert row["vacancies"] >= 10
    assert cell["jobseekers_per_vacancy"] == pytest.approx(
        100 * row["jobseekers"] / row["vacancies"]
    )

    summed = bottleneck_scores(
        year=2023,
        labour_market=labour["labour_market"],
        employment=employment["employment"],
        level="deutschland",
    )
    assert set(summed["reference_basis"]) == {SUM_BASIS}
    cell = summed.filter(pl.col("kldb3") == "813", pl.col("niveau") == 2).row(0, named=True)
    kreise = labour["labour_market"].filter(pl.col("kldb3") == "813", pl.col("niveau") == 2)
    assert cell["vacancies"] == kreise["vacancies"].sum()
    assert cell["vacancies"] != row["vacancies"]
