"""Precomputed aggregates of a forecast run, for pages and APIs that must answer quickly.

A run's ``results.parquet`` holds one row per year × Kreis × Berufsgruppe × Anforderungsniveau.
Pages show sums over occupations, skill levels and the Land; summing 160,000 rows per request
would be wasteful, and the forecast itself must never be recomputed in a request. So once per
run the sums are written as Parquet next to the run, in ``<run>/aggregates/`` (built in a
hidden folder and renamed, like the run itself), and read back by region, occupation and year.

Tables (``ags``: 5-digit Kreis or 2-digit Land; ``kldb3``: a Berufsgruppe or :data:`ALL`;
``niveau``: 1–4 or :data:`ALL_NIVEAUS`):

- ``cube``: year, ags, kldb3, niveau, demand, supply, expansion, replacement, entries, gap,
  gap_rel, level, and the Monte Carlo bands ``<measure>_p10/_p50/_p90`` (null for a
  deterministic run, and for a single Berufsgruppe × Niveau) read from the run's stored level
  bands: the quantile of that Kreis' or Land's sum over the draws. ``band_exact`` is false
  only for runs made before level bands were stored, whose bands are sums of the
  Berufsgruppen's quantiles.
- ``replacement``: year, ags, kldb3, age_27, age_64, replacement_ratio (persons reaching the
  entry age 27 and the exit age 64; IWAK's demographic replacement picture).
- ``profile``: ags, kldb3, niveau, employees, older_55, share_55, bottleneck_score — the base
  year's employees, those aged 55+, and the employment-weighted mean BA bottleneck score.
- ``age``: ags, kldb3, niveau, age_band, employees in the base year.

>>> from fachkraefte.reports.aggregates import ALL, ALL_NIVEAUS
>>> ALL, ALL_NIVEAUS
('all', 0)
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from fachkraefte.forecast import store
from fachkraefte.forecast.gap import Thresholds, classify_frame

ALL = "all"
"""``kldb3`` value of the rows summed over all Berufsgruppen."""
ALL_NIVEAUS = 0
"""``niveau`` value of the rows summed over all Anforderungsniveaus."""
FOLDER = "aggregates"
VERSION = 2  # bump when the tables change: older aggregates are then rebuilt on first use
TABLES = ("cube", "replacement", "profile", "age")
OLDER_BANDS = ("55-59", "60-64", "65-69", "70-74")
SMALL_CELL = 10_000
"""Cells with less demand than this are indicative only (Cedefop's convention)."""

_SUMS = ("demand", "supply", "expansion", "replacement", "entries")
_BANDS = tuple(f"{m}_p{p}" for m in ("supply", "demand", "gap") for p in (10, 50, 90))


def aggregates_dir(run_id: str) -> Path:
    """Folder of a run's aggregates (it may not exist yet)."""
    return store.run_dir(run_id) / FOLDER


def _rollups(frame: pl.DataFrame, keys: list[str], sums: list[str]) -> pl.DataFrame:
    """Sum ``frame`` at Kreis and Land level and over every subset of (kldb3, niveau)."""
    levels = [frame, frame.with_columns(pl.col("ags").str.slice(0, 2))]
    parts = []
    for level in levels:
        rollups = [keys]
        if "kldb3" in keys:
            rollups.append([k for k in keys if k != "kldb3"])
        if "niveau" in keys:
            rollups += [[k for k in r if k != "niveau"] for r in list(rollups)]
        for group in rollups:
            summed = level.group_by(group).agg(pl.col(c).sum() for c in sums)
            if "kldb3" in keys and "kldb3" not in group:
                summed = summed.with_columns(kldb3=pl.lit(ALL))
            if "niveau" in keys and "niveau" not in group:
                summed = summed.with_columns(niveau=pl.lit(ALL_NIVEAUS, dtype=pl.Int8))
            parts.append(summed.select(*keys, *sums))
    return pl.concat(parts, how="vertical_relaxed")


def cube_bands(level_bands: pl.DataFrame) -> pl.DataFrame:
    """The stored level bands at the cube's levels (Kreis or Land × Berufsgruppe or all,
    Niveau or all): columns year, ags, kldb3, niveau, the bands and ``band_exact``."""
    return level_bands.filter(
        pl.col("region_level").is_in(["kreis", "land"])
        & pl.col("occupation_level").is_in(["berufsgruppe", "gesamt"])
    ).select(
        pl.col("year"),
        pl.col("region").alias("ags"),
        pl.col("occupation").alias("kldb3"),
        pl.col("niveau").cast(pl.Int8),
        *_BANDS,
        band_exact=pl.lit(True),
    )


def _cube(
    results: pl.DataFrame,
    uncertainty: pl.DataFrame | None,
    thresholds: Thresholds,
    level_bands: pl.DataFrame | None = None,
):
    keys = ["year", "ags", "kldb3", "niveau"]
    base = results.select(*keys, *_SUMS).with_columns(pl.col("niveau").cast(pl.Int8))
    cube = classify_frame(_rollups(base, keys, list(_SUMS)), thresholds)
    if level_bands is not None:
        cube = cube.join(cube_bands(level_bands), on=keys, how="left")
    elif uncertainty is not None:
        # Runs made before level bands were stored hold quantiles per Kreis × Berufsgruppe
        # only; their sums are an approximation of the quantile of the sum (quantiles do not
        # add up), which ``band_exact`` marks as such.
        bands = _rollups(
            uncertainty.select("year", "ags", "kldb3", *_BANDS), ["year", "ags", "kldb3"], _BANDS
        ).with_columns(
            niveau=pl.lit(ALL_NIVEAUS, dtype=pl.Int8),
            band_exact=(pl.col("ags").str.len_chars() == 5) & (pl.col("kldb3") != ALL),
        )
        cube = cube.join(bands, on=keys, how="left")
    else:
        cube = cube.with_columns(
            [pl.lit(None, dtype=pl.Float64).alias(c) for c in _BANDS]
            + [pl.lit(None, dtype=pl.Boolean).alias("band_exact")]
        )
    return cube.with_columns(
        pl.col("year").cast(pl.Int16), indicative=pl.col("demand") < SMALL_CELL
    ).sort(keys)


def _replacement(ratio: pl.DataFrame) -> pl.DataFrame:
    keys = ["year", "ags", "kldb3"]
    summed = _rollups(ratio.select(*keys, "age_27", "age_64"), keys, ["age_27", "age_64"])
    return summed.with_columns(
        pl.col("year").cast(pl.Int16),
        replacement_ratio=pl.when(pl.col("age_64") > 0).then(pl.col("age_27") / pl.col("age_64")),
    ).sort(keys)


def _profile(
    employment: pl.DataFrame, scores: pl.DataFrame | None, year: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    keys = ["ags", "kldb3", "niveau"]
    # Kreis rows only: some official files add Land totals, which must not be summed again.
    current = employment.filter(
        (pl.col("year") == year) & (pl.col("ags").str.len_chars() == 5)
    ).with_columns(pl.col("niveau").cast(pl.Int8))
    age = _rollups(
        current.group_by(*keys, "age_band").agg(pl.col("employees").sum()),
        [*keys, "age_band"],
        ["employees"],
    ).sort([*keys, "age_band"])
    cells = current.group_by(keys).agg(
        employees=pl.col("employees").sum(),
        older_55=pl.col("employees").filter(pl.col("age_band").is_in(OLDER_BANDS)).sum(),
    )
    if scores is not None and scores.height:
        # Weighted by employees so that a large occupation counts for more than a tiny one;
        # cells the BA method cannot score (Helfer, too few cases) carry no weight.
        scored = scores.select(*keys, "score").with_columns(pl.col("niveau").cast(pl.Int8))
        cells = cells.join(scored, on=keys, how="left")
    else:
        cells = cells.with_columns(score=pl.lit(None, dtype=pl.Float64))
    cells = cells.with_columns(
        weighted=pl.col("score") * pl.col("employees"),
        scored_employees=pl.when(pl.col("score").is_not_null()).then(pl.col("employees")),
    )
    sums = ["employees", "older_55", "weighted", "scored_employees"]
    profile = _rollups(cells.select(*keys, *sums), keys, sums).with_columns(
        share_55=pl.when(pl.col("employees") > 0).then(pl.col("older_55") / pl.col("employees")),
        bottleneck_score=pl.when(pl.col("scored_employees") > 0).then(
            pl.col("weighted") / pl.col("scored_employees")
        ),
    )
    return profile.drop("weighted", "scored_employees").sort(keys), age


def source_tables(metadata: dict[str, Any]) -> dict[str, pl.DataFrame]:
    """Employment and labour-market tables of the run's *recorded* data vintage.

    Demo runs (``data_vintage`` ``demo…``) read the demo build – for ``demo-<seed>-<version>``
    only if the demo build is still that one. Other runs read, per table, the stored vintage
    the run recorded (``metadata["vintages"]``: table → vintage id), else the first of the
    run's recorded vintages that holds the table (``data_vintage`` ``imported:<id>+<id>`` or a
    single vintage id) – never simply the current vintage: a run's age structure and
    bottleneck scores must describe the data it was made from. A table found in none of them
    is left out, and the aggregates that need it stay empty.
    """
    names = ("employment", "labour_market", "wages", "graduates")
    tables: dict[str, pl.DataFrame] = {}
    recorded = str(metadata.get("data_vintage", ""))
    if recorded.startswith("demo"):
        from fachkraefte.sources.demo import demo_manifest, load_demo_table

        parts = recorded.split("-", 2)
        if len(parts) == 3:  # demo-<seed>-<generator version>: the build must still match
            manifest = demo_manifest()
            if manifest is None or [str(manifest.seed), manifest.generator_version] != parts[1:]:
                return tables
        for name in names:
            with contextlib.suppress(FileNotFoundError):  # the table is optional
                tables[name] = load_demo_table(name)
        return tables
    from fachkraefte.sources.vintages import VintageError, load_table

    pinned: dict[str, str] = dict(metadata.get("vintages") or {})
    recorded_ids = [
        vintage_id
        for vintage_id in recorded.removeprefix("imported:").split("+")
        if vintage_id.strip()
    ]
    for name in names:
        candidates = [pinned[name]] if name in pinned else [*pinned.values(), *recorded_ids]
        for vintage_id in dict.fromkeys(candidates):
            try:
                tables[name] = load_table(name, vintage_id=vintage_id)
            except (VintageError, FileNotFoundError):
                continue
            break
    return tables


def build_aggregates(
    run_id: str,
    *,
    tables: dict[str, pl.DataFrame] | None = None,
    step: Callable[[str], None] | None = None,
) -> Path:
    """Compute and store all aggregates of one run; returns their folder.

    ``tables``: employment (and optionally labour_market, wages, graduates) in the schema of
    ``fachkraefte.sources.schema``; default: :func:`source_tables`. Safe to run concurrently:
    each builder writes its own hidden folder and the first rename wins.
    """
    say = step or (lambda _label: None)
    metadata = store.read_metadata(run_id)
    thresholds = Thresholds(**metadata.get("thresholds", {}))
    folder = store.run_dir(run_id)
    say("Summen je Kreis, Land, Beruf und Niveau")
    uncertainty = level_bands = None
    if "bands" in metadata.get("tables", []):
        level_bands = store.read_frame(run_id, "bands")
    elif "uncertainty" in metadata.get("tables", []):
        uncertainty = store.read_frame(run_id, "uncertainty")
    frames = {
        "cube": _cube(store.read_frame(run_id, "results"), uncertainty, thresholds, level_bands),
        "replacement": _replacement(store.read_frame(run_id, "replacement_ratio")),
    }
    say("Altersstruktur und Engpassindikatoren")
    tables = source_tables(metadata) if tables is None else tables
    base_year = int(metadata["base_year"])
    employment = tables.get("employment")
    sources: dict[str, Any] = {
        "base_year": base_year,
        "data_vintage": metadata.get("data_vintage"),
        "tables": sorted(tables),
    }
    if employment is not None and employment.filter(pl.col("year") == base_year).height:
        scores = _scores(tables, base_year)
        frames["profile"], frames["age"] = _profile(employment, scores, base_year)
        sources["employment_year"] = base_year
        sources["bottleneck_scores"] = scores is not None
    else:
        frames["profile"] = pl.DataFrame(
            schema={
                "ags": pl.String,
                "kldb3": pl.String,
                "niveau": pl.Int8,
                "employees": pl.Int64,
                "older_55": pl.Int64,
                "share_55": pl.Float64,
                "bottleneck_score": pl.Float64,
            }
        )
        frames["age"] = pl.DataFrame(
            schema={
                "ags": pl.String,
                "kldb3": pl.String,
                "niveau": pl.Int8,
                "age_band": pl.String,
                "employees": pl.Int64,
            }
        )
        sources["employment_year"] = None
        sources["bottleneck_scores"] = False
    say("Speichern")
    staging = Path(tempfile.mkdtemp(prefix=f".{FOLDER}.", dir=folder))
    try:
        for name, frame in frames.items():
            frame.write_parquet(staging / f"{name}.parquet", compression="zstd", statistics=True)
        (staging / "aggregates.json").write_text(
            json.dumps({"version": VERSION, "run_id": run_id, "sources": sources}, indent=1),
            encoding="utf-8",
        )
        target = folder / FOLDER
        if _current(target):
            shutil.rmtree(staging, ignore_errors=True)  # another builder finished first
            return target
        if target.exists():  # an outdated version: move it aside before the swap
            old = Path(tempfile.mkdtemp(prefix=f".{FOLDER}-old.", dir=folder))
            target.rename(old / FOLDER)
            shutil.rmtree(old, ignore_errors=True)
        try:
            staging.rename(target)
        except OSError:
            if not _current(target):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _scores(tables: dict[str, pl.DataFrame], year: int) -> pl.DataFrame | None:
    if "labour_market" not in tables:
        return None
    from fachkraefte.indicators import bottleneck_scores

    return bottleneck_scores(
        year=year,
        labour_market=tables["labour_market"],
        employment=tables["employment"],
        wages=tables.get("wages"),
        graduates=tables.get("graduates"),
    )


def _current(folder: Path) -> bool:
    """True when ``folder`` holds aggregates of the current :data:`VERSION`."""
    marker = folder / "aggregates.json"
    try:
        stamp = marker.stat().st_mtime_ns
    except OSError:
        return False
    return _marker(str(marker), stamp).get("version") == VERSION


@lru_cache(maxsize=64)
def _marker(path: str, _stamp: int) -> dict[str, Any]:
    # Pages ask for aggregates many times a request: parse the marker once per version of it.
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class AggregatesNotReady(LookupError):  # noqa: N818  (a state, not a programming error)
    """The run's aggregates are missing or outdated and the caller must not build them."""

    def __init__(self, run_id: str):
        super().__init__(
            f"Die Aggregate des Laufs {run_id} werden noch vorbereitet / "
            f"the aggregates of run {run_id} are not built yet"
        )
        self.run_id = run_id


def aggregates_ready(run_id: str) -> bool:
    """Whether the run has aggregates of the current :data:`VERSION`."""
    return _current(aggregates_dir(run_id))


def ensure_aggregates(
    run_id: str, *, step: Callable[[str], None] | None = None, build: bool = True
) -> Path:
    """The run's aggregates folder, built first if missing or outdated (once per run).

    ``build=False`` (web requests): raise :class:`AggregatesNotReady` instead of building.
    """
    target = aggregates_dir(run_id)
    if _current(target):
        return target
    if not build:
        raise AggregatesNotReady(run_id)
    return build_aggregates(run_id, step=step)


def aggregates_info(run_id: str, *, build: bool = True) -> dict[str, Any]:
    """The ``aggregates.json`` of a run (version, sources), building the aggregates if needed
    (``build=False``: raise :class:`AggregatesNotReady` instead)."""
    marker = ensure_aggregates(run_id, build=build) / "aggregates.json"
    return dict(_marker(str(marker), marker.stat().st_mtime_ns))


def read_aggregate(run_id: str, name: str, *, build: bool = True) -> pl.DataFrame:
    """One aggregate table, cached in memory until the files change (they rarely do).

    ``build=False``: raise :class:`AggregatesNotReady` rather than build missing aggregates.
    """
    if name not in TABLES:
        raise KeyError(f"Unbekanntes Aggregat {name!r}, vorhanden: {TABLES} / unknown aggregate")
    path = ensure_aggregates(run_id, build=build) / f"{name}.parquet"
    return _read(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _read(path: str, _stamp: int) -> pl.DataFrame:
    return pl.read_parquet(path)
