"""The warm-up each gunicorn worker runs before its first client (``web/warmup.py``)."""

from __future__ import annotations

import re

import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from fachkraefte.reports import aggregates
from fachkraefte.web.warmup import warm_up

pytestmark = pytest.mark.django_db


def test_warm_up_answers_the_pages_and_loads_the_run(base_run, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    aggregates._read.cache_clear()  # the per-process store of aggregate tables
    # The real WSGI handler closes the database connection around each request (as it should in
    # production); inside the test's transaction that would close it under the test, now that
    # the district page also lists catalogue entries. Django's test client does the same.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        answered = warm_up(get_wsgi_application(), "127.0.0.1", 8000)
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)
    paths = [path for path, _code in answered]
    assert paths[:3] == ["/", "/api/", "/monitor/"]
    # a Hessen district linked from the map, whose page loads the district-level data
    assert re.fullmatch(r"/monitor/kreise/06\d{3}/", paths[3]) and len(paths) == 4
    assert all(code == 200 for _path, code in answered), answered
    assert aggregates._read.cache_info().currsize > 0


def test_warm_up_never_raises(settings):
    def broken(_environ, _start_response):
        raise RuntimeError("kaputt")

    assert warm_up(broken, "127.0.0.1", 8000) == []
