"""Headless Debian Chromium driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_steps import sign_in_as

from fachkraefte.sources.demo import build_demo

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls
# from the test body unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("browser-store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(path))
        build_demo()
    return path


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it; a skip there would hide the browser tests
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture()
def page(browser, live_server, browser_store, monkeypatch, settings):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(browser_store))
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    # PBKDF2 with production rounds costs ~0.3 s per login; tests check behaviour, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # bypass_csp lets the test inject axe-core; the CSP itself is checked in tests/web.
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture()
def sign_in(page, live_server):
    """Sign ``username`` in through the login form on ``page``; returns at the personal start."""

    def _sign_in(username: str, password: str) -> None:
        sign_in_as(page, live_server.url, username, password)

    return _sign_in
