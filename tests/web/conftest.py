"""A data store with geo reference data and (where the generator is available) demo data."""

from __future__ import annotations

from pathlib import Path

import pytest

_DEMO_IMPORT_ERROR: list[str] = []


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> Path:
    """One store for the whole session; the demo build is deterministic and read-only afterwards."""
    path = tmp_path_factory.mktemp("web-store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(path))
        try:
            from fachkraefte.sources.demo import build_demo
        except ImportError as error:  # the generator's own dependencies are not installed
            _DEMO_IMPORT_ERROR.append(str(error))
        else:
            build_demo()
    return path


@pytest.fixture()
def demo_data(web_store) -> Path:
    """The store with demo data; skips only when the demo generator cannot be imported."""
    if _DEMO_IMPORT_ERROR:
        pytest.skip(f"demo generator not importable: {_DEMO_IMPORT_ERROR[0]}")
    return web_store


@pytest.fixture(autouse=True)
def _use_web_store(web_store, monkeypatch, settings):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(web_store))
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
