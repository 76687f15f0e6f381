"""Every docstring example of the platform's Django-free modules runs: one test per module.

The modules are discovered, not listed: every module below ``src/fachkraefte`` that neither
imports Django (or Django REST framework) nor imports, directly or through other project
modules (their packages' ``__init__`` included), one that does. That is the analytics core,
its command-line helpers and the pure helpers of the web apps. A module without examples is
no test case. Each runs against a fresh, empty data store, so no example depends on local data.
"""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
DJANGO_PREFIXES = ("django", "rest_framework")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Absolute names of everything ``path`` imports, at any level of the module."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(
                f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in modules
            )
    return found


def _with_parents(name: str) -> set[str]:
    """A module and the packages that importing it runs first."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


def django_free_modules() -> list[str]:
    paths = {_module_name(p): p for p in (SRC / "fachkraefte").rglob("*.py")}
    modules = set(paths)
    imports = {name: _imports(path, modules) for name, path in paths.items()}
    needs: dict[str, set[str]] = {
        name: {m for imported in found for m in _with_parents(imported) if m in modules}
        | (_with_parents(name) & modules) - {name}
        for name, found in imports.items()
    }
    dependent = {
        name for name, found in imports.items() if any(m.startswith(DJANGO_PREFIXES) for m in found)
    }
    while grown := {n for n in modules - dependent if needs[n] & dependent}:
        dependent |= grown
    return sorted(modules - dependent)


def _examples(name: str) -> list[doctest.DocTest]:
    tests = doctest.DocTestFinder().find(importlib.import_module(name))
    return [test for test in tests if test.examples]


MODULES = [name for name in django_free_modules() if _examples(name)]


def test_discovery_finds_the_core_and_leaves_django_modules_out():
    free = set(django_free_modules())
    assert {
        "fachkraefte.forecast.engine.kernel",
        "fachkraefte.geo",
        "fachkraefte.cli_format",
    } <= free
    assert "fachkraefte.web.settings" not in free  # imports nothing of Django, but its apps do
    assert "fachkraefte.web.core.models" not in free
    assert "fachkraefte.cli" not in free  # registers the web server's commands
    assert len(MODULES) >= 40


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, data_dir):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in _examples(name):
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0, "".join(report)
