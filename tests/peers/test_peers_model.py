"""Similar districts: distances, stability under added districts, and the reasons."""

from __future__ import annotations

import math
import random

import polars as pl
import pytest

from fachkraefte.peers import PeerSet, district_features, load_weights
from fachkraefte.peers.weights import feature_weights, parse_weights

WEIGHTS = load_weights()

# z-scores by construction: over A–D each indicator has mean 0 and (population) sd 1.
HAND = {
    "A": {"share_55": 1.0, "unemployment": 1.0},
    "B": {"share_55": 1.0, "unemployment": -1.0},
    "C": {"share_55": -1.0, "unemployment": 1.0},
    "D": {"share_55": -1.0, "unemployment": -1.0},
}
HAND_WEIGHTS = {"share_55": 0.75, "unemployment": 0.25}


def hand_set() -> PeerSet:
    return PeerSet.build(HAND, weights=WEIGHTS, feature_weight=HAND_WEIGHTS)


def test_hand_made_example_has_the_known_distances_and_order():
    peers = hand_set()
    assert peers.mean == {"share_55": 0.0, "unemployment": 0.0}
    assert peers.sd == {"share_55": 1.0, "unemployment": 1.0}
    # d(A,B)² = 0.25·(1−(−1))² = 1; d(A,C)² = 0.75·4 = 3; d(A,D)² = 0.75·4 + 0.25·4 = 4.
    assert peers.distance("A", "B") == pytest.approx(1.0)
    assert peers.distance("A", "C") == pytest.approx(math.sqrt(3))
    assert peers.distance("A", "D") == pytest.approx(2.0)
    neighbours = peers.neighbours("A", k=3)
    assert [n.ags for n in neighbours] == ["B", "C", "D"]
    assert [n.distance for n in neighbours] == pytest.approx([1.0, math.sqrt(3), 2.0])


def test_hand_made_reasons_name_what_is_shared():
    peers = hand_set()
    by_ags = {n.ags: n for n in peers.neighbours("A", k=3)}
    # A and B share a high share 55+ (contribution 0.75·(1+1−0) = 1.5); unemployment pulls
    # them apart (0.25·(2−4) = −0.5) and is no reason.
    assert [(c.feature, c.contribution) for c in by_ags["B"].reasons] == [("share_55", 1.5)]
    assert by_ags["B"].reason == "beide: hoher Anteil 55+"
    assert by_ags["C"].reason == "beide: hohe Arbeitslosigkeit"
    assert by_ags["D"].reason == ""  # D shares nothing with A


def test_k_limits_and_unknown_district():
    peers = hand_set()
    assert [n.ags for n in peers.neighbours("D", k=1)] == ["C"]  # d(D,C) = 1 < d(D,B) = √3
    assert len(peers.neighbours("A", k=10)) == 3
    with pytest.raises(KeyError):
        peers.neighbours("Z")


def _random_districts(count: int, seed: int) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    names = ["share_55", "share_under_30", "unemployment", "density_log", "gap:2", "gap:8"]
    names += ["bottleneck:2", "bottleneck:8", "employment_share:2", "employment_share:8"]
    return {f"06{400 + i:03d}": {n: rng.gauss(0, 1) for n in names} for i in range(count)}


def test_neighbours_do_not_change_when_an_unrelated_district_is_added():
    districts = _random_districts(26, seed=7)
    peers = PeerSet.build(districts, weights=WEIGHTS)
    before = {ags: peers.neighbours(ags, k=5) for ags in districts}
    far = {"09999": {name: 25.0 for name in next(iter(districts.values()))}}
    grown = peers.with_districts(far)
    assert grown.mean == peers.mean and grown.sd == peers.sd
    for ags in districts:
        after = grown.neighbours(ags, k=5)
        assert [(n.ags, n.distance, n.reason) for n in after] == [
            (n.ags, n.distance, n.reason) for n in before[ags]
        ]
    # Standardising over the grown set instead would have changed the scale – the reason
    # the reference set is fixed and stored.
    rebuilt = PeerSet.build({**districts, **far}, weights=WEIGHTS)
    first = next(iter(districts))
    assert rebuilt.distance(first, before[first][0].ags) != pytest.approx(before[first][0].distance)


def test_a_stored_set_reads_back_with_the_same_neighbours():
    districts = _random_districts(12, seed=3)
    peers = PeerSet.build(districts, weights=WEIGHTS, type_labels={"06400": "städtischer Kreis"})
    again = PeerSet.from_json(peers.to_json(), weights=WEIGHTS)
    for ags in districts:
        assert [(n.ags, n.distance, n.reason, n.type_label) for n in again.neighbours(ags)] == [
            (n.ags, n.distance, n.reason, n.type_label) for n in peers.neighbours(ags)
        ]


def test_reasons_are_the_largest_contributions_and_they_add_up():
    districts = _random_districts(20, seed=11)
    peers = PeerSet.build(districts, weights=WEIGHTS)
    for ags in list(districts)[:5]:
        expected_sq = sum(peers.distance(ags, other) ** 2 for other in districts) / len(districts)
        for neighbour in peers.neighbours(ags, k=4):
            everything = peers.contributions(ags, neighbour.ags)
            values = [c.contribution for c in everything]
            assert values == sorted(values, reverse=True)
            top = [c for c in everything if c.contribution > 0][:3]
            assert neighbour.reasons == tuple(top)
            # Σ contributions = mean squared distance to the reference − squared distance.
            assert sum(values) == pytest.approx(expected_sq - neighbour.distance**2)


def test_reason_text_joins_occupation_areas_of_one_indicator():
    values = {
        "A": {"bottleneck:2": 2.0, "bottleneck:8": 2.0, "share_55": 1.5},
        "B": {"bottleneck:2": 2.0, "bottleneck:8": 1.9, "share_55": 1.4},
        "C": {"bottleneck:2": -1.0, "bottleneck:8": -1.0, "share_55": -1.0},
        "D": {"bottleneck:2": -1.0, "bottleneck:8": -1.0, "share_55": -1.0},
        "E": {"bottleneck:2": -2.0, "bottleneck:8": -2.0, "share_55": -1.0},
    }
    peers = PeerSet.build(values, weights=WEIGHTS)
    (first,) = peers.neighbours("A", k=1)
    assert first.ags == "B"
    assert first.reason.startswith("beide: ")
    assert (
        "Engpass in Gesundheit/Soziales und Produktion" in first.reason
        or "Engpass in Produktion und Gesundheit/Soziales" in first.reason
    )
    assert "hoher Anteil 55+" in first.reason


def test_indicators_without_spread_are_left_out_and_named():
    values = {"A": {"share_55": 0.3, "gap:2": 1.0}, "B": {"share_55": 0.3, "gap:2": 2.0}}
    peers = PeerSet.build(values, weights=WEIGHTS)
    assert "share_55" in peers.missing
    assert set(peers.weights) == {"gap:2"}


def test_weights_file_gives_rationale_and_source_for_every_group():
    assert WEIGHTS.groups
    for group in WEIGHTS.groups.values():
        assert group.weight > 0 and len(group.rationale) > 40 and len(group.source) > 20
    weights = feature_weights(WEIGHTS, ["share_55", "share_under_30", "gap:2", "gap:8", "gap:9"])
    assert sum(weights.values()) == pytest.approx(1.0)
    # A group's weight is split over its indicators: three gap areas share the gap weight.
    assert weights["gap:2"] * 3 == pytest.approx(
        weights["gap:2"] + weights["gap:8"] + weights["gap:9"]
    )
    assert weights["share_55"] == pytest.approx(weights["share_under_30"])


def test_a_weights_file_without_phrases_is_refused():
    text = (
        'version = 1\narea_level = 1\n[groups.x]\nweight = 1\nindicators = ["nope"]\n'
        'rationale = "r"\nsource = "s"\n[indicators]\n[areas]\n[kreistypen]\n'
    )
    with pytest.raises(ValueError, match="phrases"):
        parse_weights(text)


def test_features_from_aggregate_frames():
    profile = pl.DataFrame(
        {
            "ags": ["06411"] * 3 + ["06412"] * 3,
            "kldb3": ["all", "221", "813"] * 2,
            "niveau": [0] * 6,
            "employees": [100, 60, 40, 200, 50, 150],
            "share_55": [0.25, 0.2, 0.3, 0.1, 0.1, 0.1],
            "bottleneck_score": [None, 2.0, 1.0, None, None, 3.0],
        }
    )
    age = pl.DataFrame(
        {
            "ags": ["06411", "06411", "06412", "06412"],
            "kldb3": ["all"] * 4,
            "niveau": [0] * 4,
            "age_band": ["20-24", "50-54", "25-29", "60-64"],
            "employees": [30, 70, 50, 150],
        }
    )
    cube = pl.DataFrame(
        {
            "ags": ["06411", "06411", "06412"],
            "kldb3": ["221", "813", "813"],
            "niveau": [0, 0, 0],
            "demand": [50.0, 40.0, 100.0],
            "gap": [5.0, -4.0, 10.0],
        }
    )
    market = pl.DataFrame(
        {"year": [2024, 2024, 2020], "ags": ["06411", "06412", "06411"], "unemployed": [25, 0, 99]}
    )
    out = district_features(
        districts=["06411", "06412"],
        profile=profile,
        age=age,
        horizon_cube=cube,
        labour_market=market,
        base_year=2024,
        kreistypen={"06411": 1},
    )
    a = out.values["06411"]
    assert a["share_55"] == 0.25
    assert a["share_under_30"] == pytest.approx(0.3)
    assert a["employment_share:2"] == pytest.approx(0.6)
    assert a["bottleneck:8"] == pytest.approx(1.0)
    assert a["gap:2"] == pytest.approx(10.0) and a["gap:8"] == pytest.approx(-10.0)
    assert a["unemployment"] == pytest.approx(20.0)  # 25 / (100 + 25)
    assert a["kreistyp"] == 1.0 and out.type_codes == {"06411": "1"}
    assert a["density_log"] > 2  # Darmstadt: >1,000 inhabitants per km²
    assert out.values["06412"]["bottleneck:2"] is None  # no scored cell in that area
    assert out.missing == []


def test_missing_inputs_are_named_not_guessed():
    out = district_features(
        districts=["06411"],
        profile=None,
        age=None,
        horizon_cube=None,
        labour_market=None,
        base_year=2024,
    )
    assert set(out.missing) >= {"share_55", "gap", "unemployment", "kreistyp", "bottleneck"}
    assert set(out.values["06411"]) == {"density_log"}
