"""A store of its own for the effect tests: the demo data and small forecast runs on two
Kreise, so that new runs here never change the default run of other tests' store."""

from __future__ import annotations

from pathlib import Path

import pytest

from fachkraefte.sources.demo import build_demo


@pytest.fixture(scope="module")
def need_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("need-store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(path))
        build_demo()
    return path


@pytest.fixture()
def in_need_store(need_store, monkeypatch) -> Path:
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(need_store))
    return need_store
