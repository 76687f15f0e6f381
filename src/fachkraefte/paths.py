"""Where the platform keeps its files and finds the packages it installed from npm.

Analytic data (imported statistics, demo data, forecast runs) lives below one data
directory so that a deployment can put it on its own volume.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """Root of the analytic data store: ``$FACHKRAEFTE_DATA_DIR`` or ``./var`` of the checkout."""
    configured = os.environ.get("FACHKRAEFTE_DATA_DIR")
    path = Path(configured) if configured else PROJECT_ROOT / "var"
    path.mkdir(parents=True, exist_ok=True)
    return path


def node_modules_dir() -> Path:
    """The ``node_modules`` folder that ``npm install`` filled (``$FACHKRAEFTE_NODE_MODULES``)."""
    configured = os.environ.get("FACHKRAEFTE_NODE_MODULES")
    return Path(configured) if configured else PROJECT_ROOT / "node_modules"


def npm_package_file(package: str, relative: str) -> Path:
    """Path of a file inside an installed npm package, with a clear error when it is missing."""
    path = node_modules_dir() / package / relative
    if not path.exists():
        raise FileNotFoundError(
            f"{path} fehlt / is missing: run 'npm install' in {PROJECT_ROOT} "
            f"(package {package!r} from package.json)."
        )
    return path
