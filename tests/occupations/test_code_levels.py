"""Property: the code arithmetic agrees with the hierarchy's parent links."""

from __future__ import annotations

from hypothesis import given
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
