"""A data store with geo reference data and the synthetic demo data."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from role_world import clients_for, world_in_outer_transaction

from fachkraefte.sources.demo import build_demo


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> Path:
    """One store for the whole session; the demo build is deterministic and read-only afterwards."""
    path = tmp_path_factory.mktemp("web-store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(path))
        build_demo()
    return path


@pytest.fixture(scope="session", autouse=True)
def _static_files_listed_once():
    """WhiteNoise lists and stats every static file (~0.3 s) each time a middleware chain is
    built, and Django's test ``Client`` builds one per instance, so per test. The listing is the
    same for the whole session unless a test changes how files are served, hence the key."""
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    listed: dict[tuple, dict] = {}
    list_files = WhiteNoiseMiddleware.add_files_from_finders

    def add_files_from_finders(self) -> None:
        key = (
            self.static_prefix,
            self.max_age,
            self.allow_all_origins,
            self.charset,
            self.add_headers_function,
            self.index_file,
            self.__dict__.get("immutable_file_test"),  # set only when configured
            repr(settings.STATICFILES_DIRS),
        )
        if key not in listed:
            before = dict(self.files)
            list_files(self)
            listed[key] = {url: f for url, f in self.files.items() if before.get(url) is not f}
        self.files.update(listed[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoiseMiddleware, "add_files_from_finders", add_files_from_finders)
        yield


@pytest.fixture(scope="module")
def role_world(django_db_setup, django_db_blocker):
    """The role world (role_world.py), built once for each test module that uses it."""
    yield from world_in_outer_transaction(django_db_blocker)


@pytest.fixture()
def world(role_world, db):
    """The role world for one test: a copy, so a test may change its records in memory; the
    database changes are undone with the test's savepoint."""
    return copy.deepcopy(role_world)


@pytest.fixture()
def clients(role_world, db):
    """{role: a client signed in as that role's user of the world} (anonymous: not signed in)."""
    return clients_for(role_world)


@pytest.fixture()
def demo_data(web_store) -> Path:
    """The store with demo data."""
    return web_store


@pytest.fixture(autouse=True)
def _use_web_store(web_store, monkeypatch, settings):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(web_store))
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.MEDIA_ROOT = str(web_store / "uploads")  # uploaded PDFs stay in the test store
    # PBKDF2 with production rounds costs ~0.3 s per login; tests check behaviour, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in German: a request leaves its language active in the thread,
    and code called outside a request (consensus reasons, exports) would inherit it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
