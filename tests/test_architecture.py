"""The analytics core stays a layered, Django-free library (DESIGN.md, "Architecture").

``ALLOWED_IMPORTS`` is the one written-down layer order of the core: for every part of
``fachkraefte`` below ``web`` (a package, or a module at the top such as ``paths``), the parts
it may import besides itself. Reference data (``geo``, ``occupations``) sits lowest, importers
(``sources``) read it, the model (``forecast``) reads what was imported, and the read-outs
(``indicators``, ``reports``) read all of them. The imports of every module are parsed,
including those inside functions and ``TYPE_CHECKING`` blocks.
"""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "fachkraefte"
CORE_PACKAGES = [
    "common",
    "geo",
    "occupations",
    "sources",
    "forecast",
    "indicators",
    "reports",
    "need",
    "peers",
    "textsearch",
    "common",
    "geo",
    "occupations",
    "sources",
    "forecast",
    "indicators",
    "reports",
    "overlap",
]
FORBIDDEN_PREFIXES = ("django", "rest_framework", "fachkraefte.web")

_FOUNDATION = {"__init__", "paths", "cli_format", "common", "tabular"}
ALLOWED_IMPORTS: dict[str, set[str]] = {
    "__init__": set(),  # version and the demo-data label
    "paths": set(),
    "cli_format": set(),
    "common": set(),  # shared errors, the working-age range
    "tabular": set(),  # columns and formula-safe cells for every CSV/XLSX writer
    # German stems and compound parts: the site search's and the overlap check's split policies
    "textsearch": set(),
    "geo": _FOUNDATION,
    "occupations": _FOUNDATION,
    "sources": _FOUNDATION | {"geo", "occupations"},
    "forecast": _FOUNDATION | {"geo", "occupations", "sources"},
    "indicators": _FOUNDATION | {"geo", "occupations", "sources", "forecast"},
    # fit to need: reads runs, their aggregates and bottleneck scores, projects measures
    "need": _FOUNDATION | {"geo", "occupations", "sources", "forecast", "indicators", "reports"},
    # similar districts: indicators of a run's districts, standardised on a fixed reference set
    "peers": _FOUNDATION | {"geo", "occupations", "sources", "forecast", "indicators"},
    "reports": _FOUNDATION | {"geo", "occupations", "sources", "forecast", "indicators", "peers"},
    # explained similarity of project texts; districts' neighbours come from geo, the German
    # analyser's EAGER policy from textsearch
    "overlap": _FOUNDATION | {"geo", "textsearch"},
    # ``fachkraefte forecast``: a run also builds the reports' aggregates
    "cli_forecast": _FOUNDATION | {"geo", "occupations", "sources", "forecast", "reports"},
    # ``fachkraefte regions similar``: a run's peer set, read through the reports
    "cli_peers": _FOUNDATION | {"geo", "forecast", "peers", "reports"},
}
"""Part of the core -> the parts it may import. ``web`` and ``cli`` (the ``fachkraefte`` command,
which registers the web server too) build on the core and are never imported by it."""


def _part(dotted: str) -> str | None:
    """The part of ``fachkraefte`` a dotted module name lies in (None outside the project)."""
    names = dotted.split(".")
    if names[0] != "fachkraefte":
        return None
    return names[1] if len(names) > 1 else "__init__"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(path: Path, source: str | None = None) -> set[str]:
    """Every module ``path`` imports, as absolute dotted names (relative imports resolved).

    ``from package import name`` counts as an import of ``package.name`` when that is a module
    of the project (``from fachkraefte import geo`` imports ``fachkraefte.geo``).
    """
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    package = (
        _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    )
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            for alias in node.names:
                candidate = Path(SRC.parent, *f"{module}.{alias.name}".split("."))
                if candidate.is_dir() or candidate.with_suffix(".py").is_file():
                    names.add(f"{module}.{alias.name}")
    return names


def _part_files(part: str) -> list[Path]:
    if (SRC / part).is_dir():
        return sorted((SRC / part).rglob("*.py"))
    return [SRC / f"{part}.py"]


def _core_files() -> list[Path]:
    return [f for pkg in CORE_PACKAGES if (SRC / pkg).is_dir() for f in (SRC / pkg).rglob("*.py")]


def _arrow_violations(part: str, path: Path, source: str | None = None) -> list[str]:
    allowed = ALLOWED_IMPORTS[part] | {part}
    return sorted(
        module
        for module in _imported_modules(path, source)
        if (target := _part(module)) is not None and target not in allowed
    )


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
    # Guards the tests above and below against passing vacuously after a package move.
    assert len(_core_files()) >= 5
    for part in ALLOWED_IMPORTS:
        assert _part_files(part) and all(f.is_file() for f in _part_files(part)), part


def test_every_part_below_web_has_its_place_in_the_layer_order():
    modules = {p.stem for p in SRC.glob("*.py")}
    packages = {p.parent.name for p in SRC.glob("*/__init__.py")}
    parts = (modules | packages) - {"web", "cli"}
    assert parts == set(ALLOWED_IMPORTS)
    assert set(CORE_PACKAGES) <= set(ALLOWED_IMPORTS)


def test_the_allowed_imports_form_layers_without_cycles():
    order = list(graphlib.TopologicalSorter(ALLOWED_IMPORTS).static_order())
    assert order.index("geo") < order.index("sources") < order.index("forecast")
    assert order.index("forecast") < order.index("reports")
    assert order.index("indicators") < order.index("peers") < order.index("reports")


@pytest.mark.parametrize("part", sorted(ALLOWED_IMPORTS))
def test_core_modules_import_only_the_parts_below_them(part):
    offenders = {
        str(f.relative_to(SRC)): bad
        for f in _part_files(part)
        if (bad := _arrow_violations(part, f))
    }
    assert not offenders, f"{part} may import only {sorted(ALLOWED_IMPORTS[part])}: {offenders}"


@pytest.mark.parametrize(
    ("part", "source", "found"),
    [
        (
            "sources",
            "def f():\n    from fachkraefte.forecast import engine\n",
            "fachkraefte.forecast",
        ),
        ("geo", "from fachkraefte import sources\n", "fachkraefte.sources"),
        ("forecast", "from ..reports import charts\n", "fachkraefte.reports"),
        ("occupations", "import fachkraefte.web.core\n", "fachkraefte.web.core"),
    ],
)
def test_the_arrow_check_finds_a_forbidden_import(part, source, found):
    # A module inside the part, fed with a forbidden import (at module or function level).
    path = _part_files(part)[0]
    assert found in _arrow_violations(part, path, source)


@pytest.mark.parametrize("package", [p for p in CORE_PACKAGES if (SRC / p).is_dir()])
def test_importing_core_package_does_not_load_django(package):
    code = (
        f"import sys, fachkraefte.{package}; "
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "print(','.join(loaded)); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"fachkraefte.{package} loaded {result.stdout} {result.stderr}"
