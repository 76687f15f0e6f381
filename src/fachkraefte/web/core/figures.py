"""Figures the pages show, read from the analytic store (geo reference data and demo Parquet)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from fachkraefte import geo
from fachkraefte.paths import data_dir


@dataclass(frozen=True)
class DemoFigures:
    """Demo employees and residents per Kreis and year (synthetic, Demodaten)."""

    years: tuple[int, ...]
    employees: dict[tuple[str, int], int]  # (ags, year) -> employees at the workplace, 30 June
    residents: dict[tuple[str, int], int]  # (ags, year) -> residents, 31 December

    @property
    def latest_year(self) -> int:
        return max(self.years)

    def per_thousand(self, ags: str, year: int) -> float | None:
        """Employees per 1000 residents of the same demo year."""
        employees, residents = self.employees.get((ags, year)), self.residents.get((ags, year))
        if employees is None or not residents:
            return None
        return round(employees * 1000 / residents, 1)


def demo_figures() -> DemoFigures | None:
    """The demo figures, or None when no demo data has been built (``fachkraefte demo``)."""
    # Cheap check first: importing the demo generator pulls in numpy-heavy modules that a
    # store without demo data does not need. ``data_dir()/demo`` is ``demo_root()``'s default.
    if not (data_dir() / "demo" / "manifest.json").is_file():
        return None
    from fachkraefte.sources.demo import demo_manifest, demo_root

    if demo_manifest() is None:
        return None
    manifest_file = demo_root() / "manifest.json"
    # Re-read only when the demo build changed: the Parquet files are replaced as a whole.
    return _read_demo(manifest_file, manifest_file.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _read_demo(manifest_file: Path, _stamp: int) -> DemoFigures:
    from fachkraefte.sources.demo import load_demo_table

    employment = (
        load_demo_table("employment").group_by("ags", "year").agg(pl.col("employees").sum())
    )
    population = load_demo_table("population").group_by("ags", "year").agg(pl.col("persons").sum())
    employees = {
        (r["ags"], int(r["year"])): int(r["employees"]) for r in employment.iter_rows(named=True)
    }
    residents = {
        (r["ags"], int(r["year"])): int(r["persons"]) for r in population.iter_rows(named=True)
    }
    years = tuple(sorted({year for _, year in employees}))
    return DemoFigures(years=years, employees=employees, residents=residents)


def land_employees(figures: DemoFigures, land: str, year: int) -> int:
    """Sum of demo employees over the Kreise of one Land in one year."""
    return sum(
        count for (ags, y), count in figures.employees.items() if y == year and ags[:2] == land
    )


def population_source() -> str:
    """Source line for the population and area figures of the region table."""
    return geo.regions_source()
