"""Load benchmark of the monitor (not a test): district page and forecast API under 32 clients.

Starts the platform as it ships — ``fachkraefte serve`` (gunicorn, threaded workers, SQLite,
static files through WhiteNoise) on 127.0.0.1 — over a data store with the demo and its
forecast runs (``fachkraefte demo``; made first in a temporary folder unless ``--data-dir``
names one). Then, one target at a time, 32 concurrent keep-alive clients request

- the district page ``/monitor/kreise/06411/`` (the default base run),
- the forecast API ``/api/forecasts/latest/values/?region=06411&occupation=all&niveau=0``,
- the forecast API with varied questions (regions × occupations × skill levels),
- a static file served by the same server (``/static/monitor/monitor.css``), as the yardstick,

and prints p50/p95/p99 latency, requests per second and each target's ratio to the static file
measured in the same run. Target: p95 < 150 ms for the page and the API.

The load generator is ``wrk`` where installed (``apt-get install wrk``; C, so it leaves the CPU
to the server), else an asyncio HTTP/1.1 client in this file.

Run:  .venv/bin/python benchmarks/web_load.py [--data-dir DIR] [--duration 15]
        [--clients 32] [--workers 2] [--threads 8] [--client wrk|python]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HESSEN = [
    "06411", "06412", "06413", "06414", "06431", "06432", "06433", "06434", "06435",
    "06436", "06437", "06438", "06439", "06440", "06531", "06532", "06533", "06534",
    "06535", "06611", "06631", "06632", "06633", "06634", "06635", "06636",
]  # fmt: skip


def _shuffled(paths) -> list[str]:
    out = list(paths)
    random.Random(6).shuffle(out)
    return out


OCCUPATIONS = ["all", "813", "821", "251", "611", "714", "262", "521", "831", "711", "343", "122"]
TARGETS: dict[str, str | list[str]] = {
    "district page": "/monitor/kreise/06411/",
    # 26 Kreise × 12 occupation choices, each page a cache miss on its first request
    "district pages, varied": [
        f"/monitor/kreise/{ags}/?beruf={code}" for code in OCCUPATIONS for ags in HESSEN
    ],
    "forecast API": "/api/forecasts/latest/values/?region=06411&occupation=all&niveau=0",
    # 27 regions (Land and Kreise) × 12 occupation choices × 5 skill levels = 1,620 distinct
    # questions in a fixed shuffled order, so consecutive requests differ: within one run
    # almost every request is a cache miss that filters the in-memory aggregates.
    "forecast API, varied": _shuffled(
        f"/api/forecasts/latest/values/?region={ags}&occupation={code}&niveau={niveau}"
        for niveau in range(5)
        for code in OCCUPATIONS
        for ags in ["06", *HESSEN]
    ),
    "static file": "/static/monitor/monitor.css",
}
P95_TARGET_MS = 150.0

WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '@@{"requests": %%d, "duration_us": %%d, "p50": %%d, "p95": %%d, "p99": %%d, "errors": %%d, '
    .. '"non2xx": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors, summary.errors.status))
end
"""


def _command() -> list[str]:
    script = Path(sys.executable).with_name("fachkraefte")
    return (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from fachkraefte.cli import main; main()"]
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ensure_demo(env: dict[str, str]) -> None:
    """``fachkraefte demo`` in the store unless its forecast runs are already there."""
    forecasts = Path(env["FACHKRAEFTE_DATA_DIR"]) / "forecasts"
    if forecasts.is_dir() and any(forecasts.iterdir()):
        return
    print("fachkraefte demo (Demodaten und Prognoseläufe) …", flush=True)
    subprocess.run([*_command(), "demo"], env=env, check=True, stdout=subprocess.DEVNULL)


def _wait_until_up(base: str, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + TARGETS["static file"], timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not start")


def _warm_up(base: str) -> None:
    # First requests load the per-process data (aggregates, names); every worker gets some.
    # The varied district pages are not warmed: they measure pages rendered afresh.
    for _ in range(6):
        for path in [t for t in TARGETS.values() if isinstance(t, str)]:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                if response.status != 200:
                    raise RuntimeError(f"{path}: HTTP {response.status}")
                response.read()


def _paths(target: str | list[str]) -> list[str]:
    return [target] if isinstance(target, str) else list(target)


def _run_wrk(base: str, target: str | list[str], clients: int, duration: int) -> dict[str, float]:
    paths = ", ".join(json.dumps(p) for p in _paths(target))
    url = base + _paths(target)[0]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(WRK_SCRIPT % paths)
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{clients}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    result = json.loads(output.split("@@", 1)[1])
    return {
        "p50": result["p50"] / 1000,
        "p95": result["p95"] / 1000,
        "p99": result["p99"] / 1000,
        "rps": result["requests"] / (result["duration_us"] / 1e6),
        "requests": result["requests"],
        "errors": result["errors"] + result["non2xx"],
    }


async def _client(
    host: str, port: int, paths: list[str], offset: int, until: float, latencies: list[float]
) -> int:
    """One keep-alive connection sending requests back to back; returns the error count."""
    reader, writer = await asyncio.open_connection(host, port)
    errors, count = 0, offset
    try:
        while time.monotonic() < until:
            path = paths[count % len(paths)]
            count += 1
            request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n"
            start = time.perf_counter()
            writer.write(request.encode())
            await writer.drain()
            status = await reader.readline()
            length, chunked = 0, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
                    chunked = True
            if chunked:
                while (size := int((await reader.readline()).strip(), 16)) > 0:
                    await reader.readexactly(size + 2)
                await reader.readline()
            else:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if b" 200 " not in status:
                errors += 1
    finally:
        writer.close()
    return errors


def _run_python(
    base: str, target: str | list[str], clients: int, duration: int
) -> dict[str, float]:
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    paths = _paths(target)
    latencies: list[float] = []

    async def main() -> int:
        until = time.monotonic() + duration
        counts = await asyncio.gather(
            *(
                _client(parts.hostname, parts.port, paths, i * 7, until, latencies)
                for i in range(clients)
            )
        )
        return sum(counts)

    started = time.perf_counter()
    errors = asyncio.run(main())
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "p50": cuts[49] * 1000,
        "p95": cuts[94] * 1000,
        "p99": cuts[98] * 1000,
        "rps": len(latencies) / elapsed,
        "requests": len(latencies),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir", type=Path, help="store with demo and runs (default: a new temporary one)"
    )
    parser.add_argument("--duration", type=int, default=15, help="seconds per target")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument(
        "--client", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python"
    )
    args = parser.parse_args()

    temporary = None
    if args.data_dir is None:
        temporary = tempfile.mkdtemp(prefix="fachkraefte-load-")
        args.data_dir = Path(temporary)
    env = {
        **os.environ,
        "FACHKRAEFTE_DATA_DIR": str(args.data_dir.resolve()),
        "FACHKRAEFTE_DEBUG": "0",
    }
    try:
        _ensure_demo(env)
        results = _measure(args, env)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    _report(args, results)


def _measure(args: argparse.Namespace, env: dict[str, str]) -> dict[str, dict[str, float]]:
    """Start the server, warm it up, load every target in turn, stop the server."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [*_command(), "serve", "--port", str(port)]
    command += ["--workers", str(args.workers), "--threads", str(args.threads)]
    # The server's messages go to a file: a pipe nobody reads could fill up and stall it.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            try:
                _wait_until_up(base, server)
            except RuntimeError:
                log.seek(0)
                sys.stderr.write(log.read().decode(errors="replace")[-3000:])
                raise
            _warm_up(base)
            run = _run_wrk if args.client == "wrk" else _run_python
            return {
                name: run(base, target, args.clients, args.duration)
                for name, target in TARGETS.items()
            }
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def _report(args: argparse.Namespace, results: dict[str, dict[str, float]]) -> None:
    static = results["static file"]
    print(
        f"\nfachkraefte serve: gunicorn, {args.workers} workers × {args.threads} threads; "
        f"{args.clients} clients, {args.duration} s per target, load generator: {args.client}; "
        f"{os.cpu_count()} CPU cores"
    )
    header = ["p50 ms", "p95 ms", "p99 ms", "req/s", "errors", "p95/static", "req/s/static"]
    print(f"{'target':<23}" + "".join(f"{h:>13}" for h in header))
    for name, r in results.items():
        print(
            f"{name:<23}{r['p50']:13.1f}{r['p95']:13.1f}{r['p99']:13.1f}{r['rps']:13.0f}"
            f"{r['errors']:13d}{r['p95'] / static['p95']:12.1f}×{r['rps'] / static['rps']:12.2f}×"
        )
    for name in [n for n in results if n != "static file"]:
        verdict = "met" if results[name]["p95"] < P95_TARGET_MS else "NOT met"
        print(f"target p95 < {P95_TARGET_MS:.0f} ms, {name}: {verdict}")


if __name__ == "__main__":
    main()
