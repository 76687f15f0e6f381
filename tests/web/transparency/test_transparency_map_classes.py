"""The map's class limits and the list importer's number reading (no database)."""

from __future__ import annotations

import doctest

from fachkraefte.web.programmestats import historic_file
from fachkraefte.web.transparency import district_map


def test_docstring_examples_of_the_django_modules_run():
    # test_doctests.py runs only Django-free modules; these two import Django.
    for module in (district_map, historic_file):
        failed, attempted = doctest.testmod(module)
        assert attempted and not failed, module.__name__


def test_class_limits_follow_the_largest_value():
    assert district_map.nice_bounds(400_000) == (80000, 160000, 240000, 320000)
    assert district_map.nice_bounds(3) == (1, 2, 3, 4)  # too few distinct limits: the fallback
