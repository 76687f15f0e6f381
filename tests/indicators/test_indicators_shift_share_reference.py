"""Shift-share against the BA's official Germany/Land rows (``employment_reference``), worked
out by hand, and the fallback to the sum of the Kreise."""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte.indicators.shift_share import OFFICIAL_NATIONAL, shift_share
from fachkraefte.sources.vintages import table_schema


def table(name: str, rows: list[tuple]) -> pl.DataFrame:
    schema = table_schema(name)
    frame = pl.DataFrame(rows, schema=list(schema), orient="row")
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()])


def _employment(rows: list[tuple[int, str, str, int]]) -> pl.DataFrame:
    return table(
        "employment",
        [(year, ags, kldb3, 2, "w", "30-34", n) for year, ags, kldb3, n in rows],
    )


KREISE = _employment(
    [
        (2020, "06411", "813", 100),
        (2023, "06411", "813", 130),
        (2020, "06412", "813", 100),
        (2023, "06412", "813", 110),
        (2020, "06411", "434", 100),
        (2023, "06411", "434", 100),
        (2020, "06412", "434", 100),
        (2023, "06412", "434", 80),
    ]
)


def _reference(rows: list[tuple[int, str, str, int | None]]) -> pl.DataFrame:
    return table(
        "employment_reference",
        [(year, ags, kldb3, 2, "w", "30-34", n) for year, ags, kldb3, n in rows],
    )


def _parts(result: pl.DataFrame, ags: str, kldb3: str) -> list[float]:
    row = result.filter(pl.col("ags") == ags, pl.col("kldb3") == kldb3).row(0, named=True)
    return [row[k] for k in ("reference_growth", "occupation_mix", "regional_shift")]


def test_national_reference_is_germany_official_row():
    # Germany: 813 1000 → 1100 (+10 %), 434 1000 → 1000 (0 %), all 2000 → 2100 (+5 %).
    # 06411/813, E0 = 100, change +30: reference 100·5 % = 5, mix 100·(10 % − 5 %) = 5,
    # regional shift 30 − 5 − 5 = 20. 06412/434, E0 = 100, change −20: reference 5,
    # mix 100·(0 − 5 %) = −5, shift −20 − 5 + 5 = −20.
    germany = _reference(
        [
            (2020, "DG", "813", 1000),
            (2023, "DG", "813", 1100),
            (2020, "DG", "434", 600),
            (2023, "DG", "434", 550),
            (2020, "DG", "434", 400),  # a second sex/age cell of the same occupation
            (2023, "DG", "434", 450),
        ]
    )
    result = shift_share(
        KREISE, base_year=2020, end_year=2023, reference="national", official=germany
    )
    assert _parts(result, "06411", "813") == pytest.approx([5.0, 5.0, 20.0])
    assert _parts(result, "06412", "434") == pytest.approx([5.0, -5.0, -20.0])
    assert set(result["reference_region"]) == {OFFICIAL_NATIONAL}
    total = result["reference_growth"] + result["occupation_mix"] + result["regional_shift"]
    assert total.to_list() == pytest.approx(result["change"].to_list())


def test_without_both_years_the_kreise_are_summed_and_say_so():
    only_end = _reference([(2023, "DG", "813", 1100), (2023, "DG", "434", 1000)])
    for official in (None, only_end):
        result = shift_share(
            KREISE, base_year=2020, end_year=2023, reference="national", official=official
        )
        # the module's doctest case: Kreis sums 400 → 420, 813 200 → 240
        assert _parts(result, "06411", "813") == pytest.approx([5.0, 15.0, 10.0])
        assert result["reference_region"][0].startswith("Summe aller Kreise der Tabelle")


def test_land_reference_uses_the_land_row_where_there_is_one():
    kreise = pl.concat(
        [KREISE, _employment([(2020, "05111", "813", 50), (2023, "05111", "813", 60)])]
    )
    hessen = _reference(
        [
            (2020, "06", "813", 500),
            (2023, "06", "813", 600),  # +20 %
            (2020, "06", "434", 500),
            (2023, "06", "434", 500),  # all of Hessen 1000 → 1100, +10 %
            (2020, "DG", "813", 9999),  # ignored at Land level
            (2023, "DG", "813", 1),
        ]
    )
    result = shift_share(kreise, base_year=2020, end_year=2023, reference="land", official=hessen)
    # 06411/813: reference 100·10 % = 10, mix 100·(20 % − 10 %) = 10, shift 30 − 20 = 10
    assert _parts(result, "06411", "813") == pytest.approx([10.0, 10.0, 10.0])
    labels = dict(zip(result["ags"], result["reference_region"], strict=False))
    assert labels["06411"] == "Land 06: amtliche Zeile der BA-Datei / official row of the BA file"
    # NRW has no official row: the sum of its one Kreis, labelled as such (shift 0)
    assert labels["05111"].startswith("Land 05: Summe der 1 Kreise")
    assert _parts(result, "05111", "813") == pytest.approx([10.0, 0.0, 0.0])
