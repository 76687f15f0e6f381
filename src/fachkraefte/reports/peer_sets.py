"""A forecast run's similar-districts set: built once from the run's aggregates, then stored.

The reference set is every Kreis the run covers (the run's data vintage); it is stored with
the set, so neighbours read later are those computed when the set was built.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from fachkraefte import peers
from fachkraefte.forecast import store
from fachkraefte.peers.store import peers_path
from fachkraefte.reports.aggregates import ALL, read_aggregate, source_tables


def build_peer_set(run_id: str, *, build: bool = True) -> peers.PeerSet:
    """Compute the run's peer set from its aggregates (``build=False``: never build those)."""
    metadata = store.read_metadata(run_id)
    weights = peers.load_weights()
    base_year = int(metadata["base_year"])
    horizon = base_year + int(metadata["years"])
    cube = read_aggregate(run_id, "cube", build=build)
    profile = read_aggregate(run_id, "profile", build=build)
    age = read_aggregate(run_id, "age", build=build)
    districts = sorted(cube.filter(pl.col("ags").str.len_chars() == 5)["ags"].unique().to_list())
    market = source_tables(metadata).get("labour_market")
    features = peers.district_features(
        districts=districts,
        profile=profile,
        age=age,
        horizon_cube=cube.filter((pl.col("year") == horizon) & (pl.col("kldb3") != ALL)),
        labour_market=market,
        base_year=base_year,
        area_level=weights.area_level,
        kreistypen=peers.bbsr_kreistypen(),
    )
    labels = {ags: weights.kreistypen[code] for ags, code in features.type_codes.items()}
    return peers.PeerSet.build(
        features.values,
        weights=weights,
        reference=districts,
        type_labels=labels,
        missing=tuple(features.missing),
        meta={
            "run_id": run_id,
            "data_vintage": metadata.get("data_vintage"),
            "scenario": metadata.get("scenario"),
            "base_year": base_year,
            "horizon": horizon,
            "type_source": peers.TYPE_SOURCE if labels else None,
        },
    )


def peer_set(run_id: str, *, build: bool = True) -> peers.PeerSet:
    """The run's stored peer set, built and stored first when missing or outdated."""
    try:
        stamp = peers_path(run_id).stat().st_mtime_ns
    except OSError:
        stamp = None
    stored = _stored(run_id, stamp) if stamp is not None else None
    if stored is not None:
        return stored
    made = build_peer_set(run_id, build=build)
    peers.save_peer_set(run_id, made)
    return made


@lru_cache(maxsize=16)
def _stored(run_id: str, _stamp: int) -> peers.PeerSet | None:
    # Pages read the set on every district page: parse the file once per version of it.
    return peers.load_peer_set(run_id)
