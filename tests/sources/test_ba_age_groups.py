"""BA age groups wider than the schema's 5-year bands: spread along the population, totals kept."""

from __future__ import annotations

import fixtures_ba as fb
import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fachkraefte.common.ages import integer_split, spread_bands
from fachkraefte.common.errors import ImportValidationError
from fachkraefte.forecast.engine import InputError
from fachkraefte.sources.ba_employment import read_employment
from fachkraefte.sources.schema import AGE_BANDS, MAX_POPULATION_AGE


@pytest.fixture(autouse=True)
def _own_data_store(tmp_path, monkeypatch):
    # An empty store: no population vintage unless a test passes one.
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path / "store"))


def _band_range(band: str) -> tuple[int, int]:
    lo, hi = band.split("-")
    return int(lo), int(hi) + 1


def _group_totals(rows: dict[tuple, int | None], groups) -> dict[tuple, int]:
    """(year, ags, kldb3, niveau, sex, first, end) → sum of the 5-year cells in the group."""
    out: dict[tuple, int] = {}
    for (*key, band), value in rows.items():
        lo, hi = _band_range(band)
        for _, first, end in groups:
            if first <= lo and hi <= end:
                k = (*key, first, end)
                out[k] = out.get(k, 0) + value  # type: ignore[operator]
    return out


def _population(weight_of_age) -> pl.DataFrame:
    return pl.DataFrame(
        [
            (2023, ags, sex, age, weight_of_age(age))
            for ags, _ in fb.KREISE
            for sex in ("m", "w")
            for age in range(MAX_POPULATION_AGE + 1)
        ],
        schema=["year", "ags", "sex", "age", "persons"],
        orient="row",
    )


def test_ba_groups_keep_every_group_total_exactly(tmp_path):
    table = fb.employment_table(small_values=False, seed=21)
    grouped = fb.regroup_ages(table, fb.BA_AGE_GROUPS)
    # Nobody aged 15-19 lives there: the profile must put all of "unter 25" on 20-24.
    population = _population(lambda age: 0 if age < 20 else 1000 + 10 * age)
    imported = read_employment(
        fb.write_xlsx(grouped.sheet, tmp_path / "svb.xlsx"), population=population
    )
    frame = imported.tables["employment"]
    stored = {tuple(r[:-1]): r[-1] for r in frame.rows()}
    assert set(frame["age_band"]) == set(AGE_BANDS)
    assert _group_totals(stored, fb.BA_AGE_GROUPS) == _group_totals(
        table.expected_rows(), fb.BA_AGE_GROUPS
    )
    assert frame.filter(pl.col("age_band") == "15-19")["employees"].sum() == 0
    under_25 = _group_totals(table.expected_rows(), fb.BA_AGE_GROUPS)
    for (*key, first, _end), total in under_25.items():
        if first == 15:
            assert stored[(*key, "20-24")] == total
    assert any("unter 25" in note and "Altersprofil" in note for note in imported.notes)


def test_booklet_groups_with_a_covering_group_and_no_population(tmp_path):
    groups = [
        ("unter 25 Jahre", 15, 25),
        ("25 bis unter 55 Jahre", 25, 55),
        ("55 Jahre und älter", 55, 75),
        ("55 bis unter 65 Jahre", 55, 65),
        ("65 Jahre und älter", 65, 75),
    ]
    table = fb.employment_table(small_values=False, seed=3)
    grouped = fb.regroup_ages(table, groups)
    imported = read_employment(fb.write_xlsx(grouped.sheet, tmp_path / "heft.xlsx"))
    stored = {tuple(r[:-1]): r[-1] for r in imported.tables["employment"].rows()}
    finest = [g for g in groups if g[0] != "55 Jahre und älter"]
    expected = _group_totals(table.expected_rows(), finest)
    assert _group_totals(stored, finest) == expected
    # The covering group is the sum of its parts, not counted a second time.
    assert sum(stored.values()) == sum(table.expected_rows().values())
    # Without a population the years of a group weigh the same: 65-69 gets the larger half.
    for (*key, first, _), total in expected.items():
        if first == 65:
            assert stored[(*key, "65-69")] == (total + 1) // 2
    assert any("gleichmäßig" in note for note in imported.notes)


def test_stored_population_vintage_is_the_default_profile(tmp_path):
    from fachkraefte.sources.vintages import ImportedDataset, store_import

    store_import(
        ImportedDataset(
            dataset="population",
            source="test",
            file_name="pop.csv",
            sha256="0" * 64,
            reference_date=__import__("datetime").date(2023, 12, 31),
            tables={"population": _population(lambda age: 1000 if age >= 70 else 0)},
        )
    )
    table = fb.employment_table(small_values=False, seed=5)
    grouped = fb.regroup_ages(table, fb.BA_AGE_GROUPS)
    imported = read_employment(fb.write_xlsx(grouped.sheet, tmp_path / "svb.xlsx"))
    frame = imported.tables["employment"]
    older = frame.filter(pl.col("age_band").is_in(["55-59", "60-64", "65-69"]))
    assert older["employees"].sum() == 0
    assert any("population-2023" in note for note in imported.notes)


def test_overlapping_age_groups_are_rejected(tmp_path):
    table = fb.employment_table(small_values=False)
    grouped = fb.regroup_ages(
        table, [("unter 30 Jahre", 15, 30), ("25 bis unter 75 Jahre", 25, 75)]
    )
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(fb.write_xlsx(grouped.sheet, tmp_path / "svb.xlsx"))
    problem = excinfo.value.problems[0]
    assert "überschneiden" in problem.message_de and "overlap" in problem.message_en
    assert problem.column == "E" and "25 bis unter 75" in problem.value


def test_age_group_outside_working_age_is_rejected(tmp_path):
    table = fb.employment_table()
    table.sheet.header[2][3] = "unter 15 Jahre"
    with pytest.raises(ImportValidationError) as excinfo:
        read_employment(fb.write_xlsx(table.sheet, tmp_path / "svb.xlsx"))
    problem = excinfo.value.problems[0]
    assert problem.column == "D" and "unter 15" in problem.value


# --- properties of the spreading ----------------------------------------------------------


@st.composite
def _bands(draw):
    inner = draw(st.sets(st.integers(16, 74), max_size=8))
    edges = (15, *sorted(inner), 75)
    totals = draw(st.lists(st.integers(0, 10**7), min_size=len(edges) - 1, max_size=len(edges) - 1))
    population = draw(st.lists(st.integers(0, 10**6) | st.just(0), min_size=60, max_size=60))
    return edges, totals, np.array(population, dtype=float)


@settings(max_examples=150, deadline=None)
@given(_bands())
def test_spreading_keeps_every_band_total(case):
    edges, totals, population = case
    single = spread_bands(np.array(totals, dtype=float), population, edges=edges)
    assert (single >= -1e-9).all()
    for (first, end), total in zip(zip(edges[:-1], edges[1:], strict=False), totals, strict=True):
        assert single[first - 15 : end - 15].sum() == pytest.approx(total, rel=1e-12, abs=1e-6)
        parts = integer_split(total, population[first - 15 : end - 15])
        assert parts.sum() == total and (parts >= 0).all()
        # Each part is its exact share rounded up or down, never further.
        weights = population[first - 15 : end - 15]
        if weights.sum() > 0:
            exact = total * weights / weights.sum()
            assert (np.abs(parts - exact) < 1 + 1e-6).all()


def test_edges_must_cover_working_age():
    with pytest.raises(InputError):
        spread_bands(np.array([1.0]), np.ones(60), edges=(20, 75))
    with pytest.raises(InputError):
        spread_bands(np.array([1.0, 2.0]), np.ones(60), edges=(15, 40, 40, 75))
