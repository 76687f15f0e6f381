"""The installed ``fachkraefte`` command, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import fachkraefte

COMMAND = Path(sys.executable).with_name("fachkraefte")


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args], capture_output=True, text=True, timeout=120, **kwargs
    )


def test_version():
    result = _run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"fachkraefte {fachkraefte.__version__}"


def test_help_lists_every_command_group():
    result = _run("--help")
    assert result.returncode == 0, result.stderr
    for command in ("regions", "occupations", "forecast", "import", "indicators", "demo", "serve"):
        assert command in result.stdout


def test_unknown_command_fails_with_message():
    result = _run("no-such-command")
    assert result.returncode != 0
    assert "no-such-command" in result.stdout + result.stderr
