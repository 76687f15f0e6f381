"""A run's peer set, stored next to the run (``<run>/peers.json``) and written atomically.

The set belongs to the run's data vintage: its reference districts and their statistics are
fixed when it is built, so later reads give the same neighbours. A set built with other
weights (``weights_sha256``) counts as outdated and is rebuilt by the caller.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from fachkraefte.forecast import store
from fachkraefte.peers.model import PeerSet
from fachkraefte.peers.weights import Weights, load_weights

PEERS_FILE = "peers.json"


def peers_path(run_id: str) -> Path:
    return store.run_dir(run_id) / PEERS_FILE


def save_peer_set(run_id: str, peer_set: PeerSet) -> Path:
    target = peers_path(run_id)
    payload = json.dumps(peer_set.to_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{PEERS_FILE}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def load_peer_set(run_id: str, *, weights: Weights | None = None) -> PeerSet | None:
    """The stored set of the run, or None when missing or built with other weights."""
    weights = weights or load_weights()
    try:
        data = json.loads(peers_path(run_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("weights_sha256") != weights.sha256:
        return None
    return PeerSet.from_json(data, weights=weights)
