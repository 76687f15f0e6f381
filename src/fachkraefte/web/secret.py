"""The Django SECRET_KEY: from the environment or generated once and kept in the data store."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from fachkraefte.paths import data_dir


def write_private(path: Path, text: str) -> None:
    """Write ``text`` atomically with mode 0600 (secrets and demo passwords)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def secret_key() -> str:
    """``$FACHKRAEFTE_SECRET_KEY`` or the key in ``data_dir()/secret_key``, created on first use."""
    configured = os.environ.get("FACHKRAEFTE_SECRET_KEY")
    if configured:
        return configured
    path = data_dir() / "secret_key"
    if path.is_file():
        stored = path.read_text(encoding="utf-8").strip()
        if stored:
            return stored
    key = secrets.token_urlsafe(50)
    write_private(path, key + "\n")
    return key
