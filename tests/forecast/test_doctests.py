"""The docstring examples of the forecast modules run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "fachkraefte.forecast.demand",
    "fachkraefte.forecast.engine",
    "fachkraefte.forecast.mobility",
    "fachkraefte.forecast.scenario",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
