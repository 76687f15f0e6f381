"""Similar districts with reasons: for each Kreis the k most similar Kreise by a weighted
distance over standardised indicators, with the indicators that make them close.

Plain Python (no Django). The weights and reason phrases are data (``weights.toml``); the
indicator values come from a forecast run's aggregates and the reference data
(``features``); the model standardises on a fixed reference set (``model``); a run's set is
stored next to the run (``store``).
"""

from fachkraefte.peers.features import DistrictFeatures, district_features
from fachkraefte.peers.model import Contribution, Neighbour, PeerSet
from fachkraefte.peers.store import load_peer_set, save_peer_set
from fachkraefte.peers.typology import TYPE_SOURCE, bbsr_kreistypen
from fachkraefte.peers.weights import Weights, load_weights

__all__ = [
    "TYPE_SOURCE",
    "Contribution",
    "DistrictFeatures",
    "Neighbour",
    "PeerSet",
    "Weights",
    "bbsr_kreistypen",
    "district_features",
    "load_peer_set",
    "load_weights",
    "save_peer_set",
]
