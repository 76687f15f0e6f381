"""The in-process worker: one daemon thread per web process, started on the first submit.

It runs queued tasks one at a time and ends when the queue is empty; the next submit starts
it again. So a web process without background work holds no thread and no connection. On
each start it first fails the tasks that a crashed or restarted process left "running".
"""

from __future__ import annotations

import logging
import threading

from django.db import connection

from fachkraefte.web.tasks.services import tasks_fail_stale, tasks_run_queued

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_thread: threading.Thread | None = None
_wake_again = False


def wake() -> None:
    """Make sure a worker thread will look at the queue (start one if none is running)."""
    global _thread, _wake_again
    with _lock:
        _wake_again = True
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_loop, name="fachkraefte-tasks", daemon=True)
            _thread.start()


def is_running() -> bool:
    with _lock:
        return _thread is not None and _thread.is_alive()


def _loop() -> None:
    global _thread, _wake_again
    try:
        tasks_fail_stale()
        while True:
            with _lock:
                _wake_again = False
            tasks_run_queued()
            with _lock:
                if not _wake_again:
                    _thread = None
                    return
    except Exception:  # the thread ends; the next submit starts a new one
        logger.exception("Aufgaben-Worker beendet / task worker stopped")
        with _lock:
            _thread = None
    finally:
        connection.close()
