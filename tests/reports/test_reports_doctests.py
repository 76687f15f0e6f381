"""The examples in the reports modules' docstrings run as tests."""

from __future__ import annotations

import doctest

import pytest

from fachkraefte.reports import aggregates, charts, exports, maps, text


@pytest.mark.parametrize(
    "module", [aggregates, charts, exports, maps, text], ids=lambda m: m.__name__
)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
