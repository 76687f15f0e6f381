"""Model parameters are data files that name their source and vintage."""

from __future__ import annotations

import pytest

from fachkraefte.forecast.parameters import FOLDER, ParameterError, parameters


@pytest.mark.parametrize("topic", sorted(path.stem for path in FOLDER.glob("*.toml")))
def test_every_parameter_table_names_source_and_vintage(topic):
    for name, table in parameters(topic).items():
        assert table["source"].strip() and str(table["vintage"]).strip(), (topic, name)


def test_a_table_without_source_is_refused(tmp_path, monkeypatch):
    import fachkraefte.forecast.parameters as module

    (tmp_path / "x.toml").write_text('[a]\nvintage = "2025"\nvalue = 1\n', encoding="utf-8")
    monkeypatch.setattr(module, "FOLDER", tmp_path)
    parameters.cache_clear()
    try:
        with pytest.raises(ParameterError, match=r"x\.toml, \[a\]: source"):
            parameters("x")
    finally:
        parameters.cache_clear()
