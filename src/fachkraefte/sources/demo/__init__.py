"""Synthetic demo data, 2013–2024, in the schema of the official sources.

By default for the Kreise of every demo alliance (Hessen's 26, Görlitz, the Ems-Achse);
``selection="all"`` for all 400 Kreise, ``"06,14"`` for whole Länder. Deterministic (seeded),
calibrated to real per-Kreis figures (``data/kreise_calibration.csv``) and public aggregates,
and marked as synthetic everywhere ("Demodaten – keine amtliche Statistik"); the dataset name
``demo-hessen`` is kept for compatibility. See ``docs/demo-data.md``.

>>> from fachkraefte.sources.demo import DATASET, DEMO_YEARS
>>> DATASET, DEMO_YEARS[0], DEMO_YEARS[-1]
('demo-hessen', 2013, 2024)

Building the store takes some seconds (``fachkraefte demo`` does it once); then every table
reads from it::

    from fachkraefte.sources.demo import build_demo, load_demo_table
    manifest = build_demo()
    load_demo_table("employment").height  # 2,071,872 rows (33 Kreise)
"""

from fachkraefte.sources.demo.build import build_demo, generate_demo_tables
from fachkraefte.sources.demo.calibration import DEFAULT_SEED, DEMO_YEARS, GENERATOR_VERSION
from fachkraefte.sources.demo.manifest import DATASET, DemoManifest, TableFile
from fachkraefte.sources.demo.store import demo_manifest, demo_root, load_demo_table

__all__ = [
    "DATASET",
    "DEFAULT_SEED",
    "DEMO_YEARS",
    "GENERATOR_VERSION",
    "DemoManifest",
    "TableFile",
    "build_demo",
    "demo_manifest",
    "demo_root",
    "generate_demo_tables",
    "load_demo_table",
]
