"""The ``manifest.json`` that describes one demo build: what, how generated, which files.

It holds nothing time-dependent (no creation date), so the same seed and generator version
give a byte-identical manifest, and its checksums say whether the files on disk are intact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fachkraefte import SYNTHETIC_LABEL_DE, SYNTHETIC_LABEL_EN

DATASET = "demo-hessen"


@dataclass(frozen=True)
class TableFile:
    """One Parquet file of the build."""

    file: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class DemoManifest:
    """Description of a synthetic demo build, as stored in ``manifest.json``.

    >>> manifest = DemoManifest(
    ...     seed=1, generator_version="1.0.0", years=(2019,), calibration_sources=[], tables={}
    ... )
    >>> DemoManifest.from_json(manifest.to_json()) == manifest
    True
    >>> manifest.synthetic, manifest.label
    (True, 'Demodaten – keine amtliche Statistik')
    """

    seed: int
    generator_version: str
    years: tuple[int, ...]
    calibration_sources: list[dict[str, Any]]
    tables: dict[str, TableFile]
    dataset: str = DATASET
    synthetic: bool = True
    label: str = SYNTHETIC_LABEL_DE
    label_en: str = SYNTHETIC_LABEL_EN

    def to_json(self) -> str:
        """Stable JSON text: sorted keys, fixed indentation, UTF-8 characters kept."""
        document = {
            "dataset": self.dataset,
            "synthetic": self.synthetic,
            "label": self.label,
            "label_en": self.label_en,
            "seed": self.seed,
            "generator_version": self.generator_version,
            "years": list(self.years),
            "calibration_sources": self.calibration_sources,
            "tables": {
                name: {"file": entry.file, "rows": entry.rows, "sha256": entry.sha256}
                for name, entry in self.tables.items()
            },
        }
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> DemoManifest:
        """Parse ``manifest.json``; raises ``ValueError`` naming what is missing."""
        document = json.loads(text)
        required = ["dataset", "synthetic", "label", "seed", "generator_version", "years", "tables"]
        missing = [key for key in required if key not in document]
        if missing:
            raise ValueError(f"manifest.json: fehlende Felder {missing} / missing fields {missing}")
        return cls(
            dataset=document["dataset"],
            synthetic=bool(document["synthetic"]),
            label=document["label"],
            label_en=document.get("label_en", ""),
            seed=int(document["seed"]),
            generator_version=document["generator_version"],
            years=tuple(int(year) for year in document["years"]),
            calibration_sources=document.get("calibration_sources", []),
            tables={
                name: TableFile(file=entry["file"], rows=int(entry["rows"]), sha256=entry["sha256"])
                for name, entry in document["tables"].items()
            },
        )
