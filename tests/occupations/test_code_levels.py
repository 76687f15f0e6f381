"""Property: the code arithmetic agrees with the hierarchy's parent links."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fachkraefte import occupations as kldb
from fachkraefte.occupations.store import shipped_rows

SHIPPED_CODES = [row.code for row in shipped_rows()]


@given(st.sampled_from(SHIPPED_CODES), st.integers(1, 3))
def test_code_at_level_agrees_with_ancestors(code, level):
    if level < len(code):
        assert kldb.code_at_level(code, level) == kldb.ancestors(code)[level - 1].code
    else:
        assert kldb.code_at_level(code, len(code)) == code


EXPORT = "occupations/KldB_2010_V2020_Gliederung_mit_Erlaeuterung_2025-02-03.csv"


@pytest.fixture()
def all_codes(shared_data, data_dir):
    # The import is done once per test, not per example: hypothesis only draws codes.
    kldb.import_export(shared_data / EXPORT)
    return [o.code for o in kldb.occupations()]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
@given(data=st.data())
def test_parent_and_code_at_level_round_trip_over_all_five_levels(all_codes, data):
    code = data.draw(st.sampled_from(all_codes))
    own = kldb.occupation(code)
    assert own.level == len(code)
    for level in range(1, own.level):
        assert kldb.occupation(kldb.code_at_level(code, level)).level == level
    if own.level > 1:
        up = kldb.parent(code)
        assert up.code == kldb.code_at_level(code, own.level - 1)
        assert own in kldb.children(up.code)
    else:
        assert kldb.parent(code) is None
