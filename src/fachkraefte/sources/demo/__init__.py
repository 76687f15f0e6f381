"""Synthetic demo data for Hessen's 26 Kreise, 2019–2024, in the schema of the official sources.

Deterministic (seeded), with realistic magnitudes calibrated to public aggregates and marked
as synthetic everywhere ("Demodaten – keine amtliche Statistik"). See ``docs/demo-data.md``.

>>> from fachkraefte.sources.demo import build_demo, load_demo_table  # doctest: +SKIP
>>> manifest = build_demo()  # doctest: +SKIP
>>> load_demo_table("employment").height  # doctest: +SKIP
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
