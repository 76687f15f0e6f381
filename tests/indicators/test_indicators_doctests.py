"""The docstring examples of the indicator and vintage modules run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "fachkraefte.indicators.config",
    "fachkraefte.indicators.location",
    "fachkraefte.indicators.regions",
    "fachkraefte.indicators.shift_share",
    "fachkraefte.indicators.wages",
    "fachkraefte.sources.ba_cells",
    "fachkraefte.sources.ba_codes",
    "fachkraefte.sources.ba_labels",
    "fachkraefte.sources.ba_table",
    "fachkraefte.sources.genesis_population",
    "fachkraefte.sources.vintages",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, data_dir):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
