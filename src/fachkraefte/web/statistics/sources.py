"""The official statistics the coordination office may upload, and the reader of each.

The readers are the same functions ``fachkraefte import …`` calls
(``fachkraefte.sources.import_cli``): one file as published in, an ``ImportedDataset`` or an
``ImportValidationError`` listing every problem out.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from fachkraefte.sources.vintages import ImportedDataset


@dataclass(frozen=True)
class ImportSource:
    key: str
    label: str  # German msgid (gettext_noop), translated where shown
    module: str
    reader: str
    suffixes: tuple[str, ...]
    dataset: str
    takes_variant: bool = False

    def read_function(self) -> Callable[..., ImportedDataset]:
        # Imported on use: the readers pull in openpyxl and the code tables.
        return getattr(importlib.import_module(self.module), self.reader)


IMPORT_SOURCES: dict[str, ImportSource] = {
    source.key: source
    for source in (
        ImportSource(
            "employment",
            gettext_noop("BA Beschäftigungsstatistik (SV-Beschäftigte nach Kreis und Beruf)"),
            "fachkraefte.sources.ba_employment",
            "read_employment",
            (".xlsx", ".csv"),
            "employment",
        ),
        ImportSource(
            "labour-market",
            gettext_noop("BA Arbeitsmarktstatistik (Arbeitslose, Stellen, Vakanzzeiten)"),
            "fachkraefte.sources.ba_labour_market",
            "read_labour_market",
            (".xlsx", ".csv"),
            "labour_market",
        ),
        ImportSource(
            "wages",
            gettext_noop("BA Entgeltstatistik (Medianentgelte nach Kreis, Beruf, Geschlecht)"),
            "fachkraefte.sources.ba_wages",
            "read_wages",
            (".xlsx", ".csv"),
            "wages",
        ),
        ImportSource(
            "trainees",
            gettext_noop("BA Beschäftigungsstatistik: Auszubildende nach Kreis, Beruf, Geschlecht"),
            "fachkraefte.sources.ba_trainees",
            "read_trainees",
            (".xlsx", ".csv"),
            "trainees",
        ),
        ImportSource(
            "population",
            gettext_noop("Destatis GENESIS: Bevölkerung nach Kreis, Geschlecht, Alter (CSV)"),
            "fachkraefte.sources.genesis_population",
            "read_population",
            (".csv",),
            "population",
            takes_variant=True,
        ),
    )
}

DATASET_LABELS = {
    "employment": _("SV-Beschäftigte"),
    "labour_market": _("Arbeitsmarkt"),
    "wages": _("Entgelte"),
    "population": _("Bevölkerung"),
    "population_projection": _("Bevölkerungsvorausberechnung"),
    "trainees": _("Auszubildende"),
}
