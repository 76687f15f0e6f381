"""The threshold configuration: every value with a source, broken files rejected."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from fachkraefte.indicators.config import (
    CORE_INDICATORS,
    RISK_INDICATORS,
    ConfigError,
    load_config,
)


def test_shipped_config_is_complete_and_sourced():
    config = load_config()
    assert set(config.core) == set(CORE_INDICATORS) and set(config.risk) == set(RISK_INDICATORS)
    assert (config.bottleneck_from, config.watch_from) == (2.0, 1.5)
    assert config.excluded_niveaus == (1,)
    assert config.older_from_age == 60
    raw = tomllib.loads(
        resources.files("fachkraefte.indicators")
        .joinpath("bottleneck.toml")
        .read_text(encoding="utf-8")
    )
    for section in ("core", "risk"):
        for name, spec in raw[section].items():
            assert spec["source"].strip(), name
    assert raw["classification"]["source"] and raw["minimum_cases"]["source"]


def test_docs_name_every_threshold():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "indicators.md").read_text(
        encoding="utf-8"
    )
    config = load_config()
    for spec in [*config.core.values(), *config.risk.values()]:
        assert f"`{spec.name}`" in docs, spec.name


def _write(tmp_path, text):
    path = tmp_path / "thresholds.toml"
    original = (
        resources.files("fachkraefte.indicators")
        .joinpath("bottleneck.toml")
        .read_text(encoding="utf-8")
    )
    path.write_text(text(original), encoding="utf-8")
    return path


def test_own_thresholds(tmp_path):
    path = _write(
        tmp_path,
        lambda t: t.replace("thresholds = [0.0, 20.0, 40.0]", "thresholds = [10.0, 30.0, 50.0]"),
    )
    config = load_config(path)
    assert config.core["vacancy_duration"].thresholds == (10.0, 30.0, 50.0)
    assert config.origin == str(path)


@pytest.mark.parametrize(
    "breakage",
    [
        lambda t: t.replace("thresholds = [0.0, 20.0, 40.0]", "thresholds = [40.0, 20.0, 0.0]"),
        lambda t: t.replace('direction = "lower"', 'direction = "sideways"', 1),
        lambda t: t.replace("[core.exit_rate]", "[core.exit_rates]"),
        lambda t: t.replace("watch_from = 1.5", "watch_from = 2.5"),
        lambda t: t.replace("older_from_age = 60", "older_from_age = 58"),
        lambda t: t + "\n[[[",
    ],
)
def test_broken_config(tmp_path, breakage):
    with pytest.raises(ConfigError):
        load_config(_write(tmp_path, breakage))
