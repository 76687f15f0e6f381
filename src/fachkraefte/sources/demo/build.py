"""Build the synthetic demo data: all tables, checked, written atomically, with manifest."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from fachkraefte.sources.demo.calibration import (
    DEFAULT_SEED,
    DEMO_YEARS,
    GENERATOR_VERSION,
    calibration_sources,
)
from fachkraefte.sources.demo.education import generate_graduates, generate_trainees
from fachkraefte.sources.demo.employment import (
    draw_employment,
    employment_table,
    expected_employment,
)
from fachkraefte.sources.demo.industry import generate_industry_employment
from fachkraefte.sources.demo.kreise import calibration_provenance
from fachkraefte.sources.demo.labour_market import generate_labour_market
from fachkraefte.sources.demo.manifest import DemoManifest, TableFile
from fachkraefte.sources.demo.occupation_profile import occupation_profile
from fachkraefte.sources.demo.population import generate_population, population_table
from fachkraefte.sources.demo.store import (
    MANIFEST_FILE,
    demo_manifest,
    demo_root,
    files_match,
    new_staging_folder,
    publish,
    sha256_file,
    write_table,
)
from fachkraefte.sources.demo.structure import (
    DEFAULT_SELECTION,
    load_structure,
    regions_provenance,
    select_districts,
)
from fachkraefte.sources.demo.wages import generate_wages
from fachkraefte.sources.schema import TABLES, check_table

KEY_COLUMNS = ("year", "ags", "kldb3", "niveau", "sex", "age", "age_band", "wz_section")
_STREAMS = (
    "profile",
    "population",
    "employment",
    "draw",
    "trainees",
    "graduates",
    "labour",
    "wages",
    "industry",
)
"""One independent random stream per component, so changing one leaves the others as they are.
New streams go at the end: ``SeedSequence.spawn`` children are keyed by position."""


def _sources(selection: str | None) -> list[dict[str, object]]:
    chosen = select_districts(selection)
    return [
        *calibration_sources(),
        calibration_provenance(),
        {
            "key": "districts",
            "source": f"Auswahl / selection {selection or DEFAULT_SELECTION!r}",
            "selection": selection or DEFAULT_SELECTION,
            "ags": list(chosen),
        },
        regions_provenance(),
    ]


def _current_build(root: Path, seed: int, sources: list[dict[str, object]]) -> DemoManifest | None:
    try:
        manifest = demo_manifest(root)
    except ValueError:
        return None  # a damaged manifest is simply rebuilt
    if (
        manifest is not None
        and manifest.seed == seed
        and manifest.generator_version == GENERATOR_VERSION
        and manifest.calibration_sources == sources
        and files_match(manifest, root)
    ):
        return manifest
    return None


def _sorted_checked(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    checked = check_table(name, frame)
    keys = [column for column in TABLES[name] if column in KEY_COLUMNS]
    return checked.sort(keys)


def generate_demo_tables(
    seed: int = DEFAULT_SEED,
    *,
    selection: str | None = None,
    step: Callable[[str], None] | None = None,
) -> dict[str, pl.DataFrame]:
    """All demo tables in memory, checked against the schema and sorted by their keys.

    ``selection``: "demo" (default: Hessen and the other demo alliances' Kreise), "all" (all
    400 Kreise) or Land codes such as "06,14,03".

    ``step`` is called with a German label before each stage (used for the progress bar).
    """
    announce = step or (lambda _label: None)
    streams = dict(
        zip(
            _STREAMS,
            (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(_STREAMS))),
            strict=True,
        )
    )
    announce("Kreise und Berufsgruppen")
    structure = load_structure(selection)
    profile = occupation_profile(structure.kldb3, streams["profile"])
    announce("Bevölkerung")
    population = generate_population(structure, streams["population"])
    announce("Beschäftigung")
    expected = expected_employment(structure, profile, population, streams["employment"])
    employees = draw_employment(expected, streams["draw"])
    tables = {
        "population": population_table(structure, population),
        "employment": employment_table(structure, profile, employees),
    }
    announce("Beschäftigte nach Wirtschaftszweigen")
    tables["employment_industry"] = generate_industry_employment(
        structure, profile, employees, streams["industry"]
    )
    announce("Auszubildende und Absolventen")
    tables["trainees"] = generate_trainees(structure, profile, expected, streams["trainees"])
    tables["graduates"] = generate_graduates(structure, profile, expected, streams["graduates"])
    announce("Arbeitsmarkt")
    tables["labour_market"] = generate_labour_market(
        structure, profile, population, expected, streams["labour"]
    )
    announce("Löhne")
    tables["wages"] = generate_wages(structure, profile, expected, employees, streams["wages"])
    return {name: _sorted_checked(name, tables[name]) for name in TABLES}


_GENERATION_STEPS = 7


def build_demo(
    *,
    seed: int = DEFAULT_SEED,
    out_dir: Path | None = None,
    show_progress: bool = False,
    selection: str | None = None,
) -> DemoManifest:
    """Generate the synthetic demo data for ``selection`` (see ``generate_demo_tables``) and store it as Parquet plus ``manifest.json``.

    Writes to ``out_dir`` or ``data_dir()/demo``. If that folder already holds a build with the
    same seed, generator version, calibration sources and district table (``fachkraefte.geo``
    vintage) whose files match their checksums, nothing is written and its manifest is returned. The same seed always gives byte-identical files.
    """
    root = demo_root(out_dir)
    sources = _sources(selection)
    existing = _current_build(root, seed, sources)
    if existing is not None:
        return existing

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        disable=not show_progress,
    )
    with progress:
        task = progress.add_task("Demodaten", total=_GENERATION_STEPS + len(TABLES))

        def step(label: str) -> None:
            progress.update(task, description=f"Demodaten: {label}")
            progress.advance(task)

        tables = generate_demo_tables(seed, selection=selection, step=step)
        staging = new_staging_folder(root)
        try:
            entries: dict[str, TableFile] = {}
            for name, frame in tables.items():
                step(f"schreibe {name}.parquet")
                path = staging / f"{name}.parquet"
                write_table(frame, path)
                entries[name] = TableFile(
                    file=path.name, rows=frame.height, sha256=sha256_file(path)
                )
            manifest = DemoManifest(
                seed=seed,
                generator_version=GENERATOR_VERSION,
                years=DEMO_YEARS,
                calibration_sources=sources,
                tables=entries,
            )
            (staging / MANIFEST_FILE).write_text(manifest.to_json(), encoding="utf-8")
            publish(staging, root)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return manifest
