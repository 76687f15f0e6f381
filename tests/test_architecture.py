"""The analytics core must stay usable without Django (DESIGN.md, "Architecture")."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "fachkraefte"
CORE_PACKAGES = ["geo", "occupations", "sources", "forecast", "indicators", "reports"]
FORBIDDEN_PREFIXES = ("django", "rest_framework", "fachkraefte.web")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _core_files() -> list[Path]:
    return [f for pkg in CORE_PACKAGES if (SRC / pkg).is_dir() for f in (SRC / pkg).rglob("*.py")]


def test_core_sources_never_import_django_or_web():
    offenders = {
        str(f.relative_to(SRC)): sorted(
            m for m in _imported_modules(f) if m.startswith(FORBIDDEN_PREFIXES)
        )
        for f in _core_files()
    }
    offenders = {f: mods for f, mods in offenders.items() if mods}
    assert not offenders, f"core modules import the web layer: {offenders}"


def test_there_is_core_code_to_check():
    # Guards the test above against passing vacuously after a package move.
    assert len(_core_files()) >= 5


@pytest.mark.parametrize("package", [p for p in CORE_PACKAGES if (SRC / p).is_dir()])
def test_importing_core_package_does_not_load_django(package):
    code = (
        f"import sys, fachkraefte.{package}; "
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "print(','.join(loaded)); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"fachkraefte.{package} loaded {result.stdout} {result.stderr}"
