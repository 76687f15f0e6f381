"""``fachkraefte serve`` runs the task worker beside the web server and ends it with itself.

A real ``serve`` on a free port with its own SQLite database; a second process submits a task
and waits for the worker to finish it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SUBMIT = """
import time, django
django.setup()
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import task_submit
task = task_submit(kind="monitor.aggregates", title="t", params={"run_id": "gibt-es-nicht"},
                   created_by=None)
for _ in range(120):
    task.refresh_from_db()
    if task.is_finished:
        break
    time.sleep(0.5)
print(task.status, task.worker)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def _wait_for_site(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, "serve ended early"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("serve did not answer")


def test_serve_runs_the_task_worker_and_stops_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # own SQLite file
    env.update(FACHKRAEFTE_DATA_DIR=str(tmp_path), FACHKRAEFTE_TASK_WORKERS="1")
    env["DJANGO_SETTINGS_MODULE"] = "fachkraefte.web.settings"
    port = _free_port()
    command = [sys.executable, "-m", "fachkraefte.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", "1", "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_site(f"http://127.0.0.1:{port}/", server)
        family = _descendants(server.pid)
        submitted = subprocess.run(
            [sys.executable, "-c", SUBMIT],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        status, worker = submitted.stdout.split()
        # The run does not exist: the task fails, but in a worker process that serve started.
        assert status == "failed"
        assert int(worker.rpartition(":")[2]) in _descendants(server.pid) | family
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    time.sleep(1)
    assert [pid for pid in family if _alive(pid)] == []
