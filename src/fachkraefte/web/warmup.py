"""Warm a newly started web process before it takes its first request.

Django imports the URL modules on the first request, and the monitor loads a run's aggregates
and the wage data into each process on first use: together 1–2 s. Under load the first
clients of every gunicorn worker waited that long (the p99 of ``benchmarks/web_load.py``).
gunicorn calls ``warm_up`` in each worker after it has loaded the application and before it
accepts connections; it sends a few GET requests through the WSGI application itself.

It runs in the worker, after the fork: Polars' thread pool must not exist before a fork.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from wsgiref.util import setup_testing_defaults

log = logging.getLogger(__name__)

_DISTRICT_LINK = re.compile(r'href="/monitor/kreise/(\d{5})/')


def _get(application: Callable, host: str, port: int, path: str) -> tuple[int, bytes]:
    path, _, query = path.partition("?")
    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": f"{host}:{port}",
            "SERVER_NAME": host,
            "SERVER_PORT": str(port),
        }
    )
    status: list[int] = []

    def start_response(line: str, _headers: list, _exc_info: object = None) -> Callable:
        status.append(int(line.split(" ", 1)[0]))
        return lambda _data: None

    result: Iterable[bytes] = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()  # fires request_finished: the worker's DB connection is closed again
    return status[0], body


def warm_up(application: Callable, host: str, port: int) -> list[tuple[str, int]]:
    """GET the start page, the map, the API root and the map's last district page once.

    Returns (path, status) per request. Never raises: a process that cannot warm up still
    serves, and the first real request reports whatever is wrong.
    """
    answered: list[tuple[str, int]] = []
    try:
        for path in ("/", "/api/", "/monitor/"):
            code, body = _get(application, host, port, path)
            answered.append((path, code))
        # The map's last district, not a fixed one: warm the code and data, not one page.
        districts = _DISTRICT_LINK.findall(body.decode("utf-8", "replace")) if code == 200 else []
        if districts:
            path = f"/monitor/kreise/{districts[-1]}/"
            answered.append((path, _get(application, host, port, path)[0]))
    except Exception:  # noqa: BLE001 - warming must never keep a worker from serving
        log.warning("warm-up of the web process failed", exc_info=True)
    return answered
