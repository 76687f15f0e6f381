"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Fixtures that open the database: a test that uses one (directly or through another fixture)
# is marked ``db``, so the PostgreSQL pass of scripts/test.sh can select exactly those tests.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "client",
    "admin_client",
    "admin_user",
    "django_user_model",
    "live_server",
}

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The official sample files in ../shared/data.

    Outside CI a missing folder skips the test; in CI (``CI`` set) it must be there.
    """
    if not SHARED_DATA.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED_DATA} is missing, and CI must run the official-format tests")
        pytest.skip(f"{SHARED_DATA} not present")
    return SHARED_DATA


@pytest.fixture()
def data_dir(tmp_path, monkeypatch) -> Path:
    """A fresh, empty analytic data store for one test."""
    path = tmp_path / "data"
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(path))
    return path


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") or uses & DATABASE_FIXTURES:
            item.add_marker(pytest.mark.db)
