"""The docstring examples of the regions modules run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "fachkraefte.geo",
    "fachkraefte.geo.names",
    "fachkraefte.geo.neighbours",
    "fachkraefte.geo.projection",
    "fachkraefte.geo.simplify",
    "fachkraefte.geo.region",
    "fachkraefte.geo.destatis_kreise",
    "fachkraefte.geo.destatis_kreise.rows",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, data_dir):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
