"""Synthetic demo data for Hessen's 26 Kreise, 2019–2024, in the schema of the official sources.

Deterministic (seeded), with realistic magnitudes calibrated to public aggregates and marked
as synthetic everywhere ("Demodaten – keine amtliche Statistik"). See ``docs/demo-data.md``.

>>> from fachkraefte.sources.demo import DATASET, DEMO_YEARS
>>> DATASET, DEMO_YEARS[0], DEMO_YEARS[-1]
('demo-hessen', 2019, 2024)

Building the store takes some seconds (``fachkraefte demo`` does it once); then every table
reads from it::

    from fachkraefte.sources.demo import build_demo, load_demo_table
    manifest = build_demo()
    load_demo_table("employment").height  # 1,632,384 rows
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
