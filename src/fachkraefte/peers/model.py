"""Similar districts: weighted distance over indicators standardised on a fixed reference set.

A :class:`PeerSet` holds every district's indicator values, the reference districts (those of
the data vintage the set was built from) and the mean and standard deviation of each indicator
over exactly those districts. Values are standardised with these stored figures, so adding a
district later (as a candidate) changes neither the scale nor any distance between the others:
a district's neighbours change only if the new one is closer than one of them.

Distance: ``d(a, b)² = Σ_f w_f (z_af − z_bf)²``. Why ``b`` is close to ``a``: the contribution
of indicator ``f`` is ``w_f ((1 + z_af²) − (z_af − z_bf)²)``, where ``1 + z_af²`` is the mean
squared difference between ``a`` and the reference districts on ``f``. The contributions sum
to how much closer ``b`` is than the average reference district; the largest ones are the
reasons ("beide: hoher Anteil 55+, Engpass in Gesundheit/Soziales").

>>> from fachkraefte.peers.weights import load_weights
>>> peers = PeerSet.build(
...     {"A": {"share_55": 0.30}, "B": {"share_55": 0.29}, "C": {"share_55": 0.20}},
...     weights=load_weights(),
... )
>>> [(n.ags, n.reason) for n in peers.neighbours("A", k=1)]
[('B', 'beide: hoher Anteil 55+')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from fachkraefte.peers.weights import Weights, area_of, base_indicator, feature_weights

NOTABLE = 0.5
"""Both districts more than half a standard deviation above (below) the reference mean: the
reason says "high" ("low"); otherwise it says "similar"."""
REASONS = 3


@dataclass(frozen=True)
class Contribution:
    feature: str
    label: str
    level: str  # high | low | similar
    contribution: float
    value: float | None
    other_value: float | None


@dataclass(frozen=True)
class Neighbour:
    ags: str
    distance: float
    reasons: tuple[Contribution, ...]
    reason: str
    type_label: str | None = None


@dataclass(frozen=True)
class PeerSet:
    """Indicator values of districts with the reference statistics they are standardised by."""

    features: dict[str, dict[str, float | None]]
    reference: tuple[str, ...]
    mean: dict[str, float]
    sd: dict[str, float]
    weights: dict[str, float]
    vocabulary: Weights
    type_labels: dict[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        features: dict[str, dict[str, float | None]],
        *,
        weights: Weights,
        reference: list[str] | None = None,
        feature_weight: dict[str, float] | None = None,
        type_labels: dict[str, str] | None = None,
        missing: tuple[str, ...] = (),
        meta: dict[str, Any] | None = None,
    ) -> PeerSet:
        """Standardise over ``reference`` (default: every district in ``features``).

        An indicator without spread or without any value in the reference set tells no
        districts apart and is left out (listed in ``missing``).
        """
        reference = sorted(reference if reference is not None else features)
        names = sorted({f for values in features.values() for f in values})
        mean: dict[str, float] = {}
        sd: dict[str, float] = {}
        dropped = list(missing)
        for name in names:
            values = [
                v
                for ags in reference
                if (v := features.get(ags, {}).get(name)) is not None and math.isfinite(v)
            ]
            if len(values) < 2:
                dropped.append(name)
                continue
            m = sum(values) / len(values)
            s = math.sqrt(sum((v - m) ** 2 for v in values) / len(values))
            if s <= 1e-12:
                dropped.append(name)
                continue
            mean[name], sd[name] = m, s
        kept = sorted(mean)
        chosen = feature_weight or feature_weights(weights, kept)
        return cls(
            features={ags: dict(values) for ags, values in features.items()},
            reference=tuple(reference),
            mean=mean,
            sd=sd,
            weights={f: chosen[f] for f in kept if chosen.get(f, 0) > 0},
            vocabulary=weights,
            type_labels=dict(type_labels or {}),
            missing=tuple(sorted(set(dropped))),
            meta=dict(meta or {}),
        )

    def with_districts(self, extra: dict[str, dict[str, float | None]]) -> PeerSet:
        """The same set with more candidate districts, standardised on the same reference."""
        return replace(self, features={**self.features, **extra})

    def z(self, ags: str, feature: str) -> float:
        """Standardised value; a missing value counts as the reference mean (0)."""
        value = self.features[ags].get(feature)
        if value is None or not math.isfinite(value):
            return 0.0
        return (value - self.mean[feature]) / self.sd[feature]

    def distance(self, a: str, b: str) -> float:
        return math.sqrt(
            sum(w * (self.z(a, f) - self.z(b, f)) ** 2 for f, w in self.weights.items())
        )

    def contributions(self, a: str, b: str) -> list[Contribution]:
        """Every indicator's contribution to the closeness of ``b`` to ``a``, largest first."""
        out = []
        for feature, w in self.weights.items():
            za, zb = self.z(a, feature), self.z(b, feature)
            if min(za, zb) > NOTABLE:
                level = "high"
            elif max(za, zb) < -NOTABLE:
                level = "low"
            else:
                level = "similar"
            out.append(
                Contribution(
                    feature=feature,
                    label=self.vocabulary.label(feature),
                    level=level,
                    contribution=w * ((1 + za * za) - (za - zb) ** 2),
                    value=self.features[a].get(feature),
                    other_value=self.features[b].get(feature),
                )
            )
        return sorted(out, key=lambda c: (-c.contribution, c.feature))

    def neighbours(self, ags: str, *, k: int = 5, reasons: int = REASONS) -> list[Neighbour]:
        """The ``k`` closest other districts (ties broken by AGS), each with its reasons."""
        if ags not in self.features:
            raise KeyError(ags)
        others = sorted(
            ((self.distance(ags, other), other) for other in self.features if other != ags),
        )[: max(k, 0)]
        result = []
        for distance, other in others:
            top = [c for c in self.contributions(ags, other) if c.contribution > 0][:reasons]
            result.append(
                Neighbour(
                    ags=other,
                    distance=distance,
                    reasons=tuple(top),
                    reason=self.reason_text(top),
                    type_label=self.type_labels.get(other),
                )
            )
        return result

    def reason_text(self, reasons: list[Contribution]) -> str:
        """``beide: hoher Anteil 55+, Engpass in Gesundheit/Soziales und Produktion``: phrases
        of one indicator and level are joined over their occupation areas."""
        if not reasons:
            return ""
        grouped: dict[tuple[str, str], list[str]] = {}
        for reason in reasons:
            key = (base_indicator(reason.feature), reason.level)
            grouped.setdefault(key, []).append(area_of(reason.feature) or "")
        phrases = []
        for (base, level), areas in grouped.items():
            if len(areas) == 1:
                phrases.append(
                    self.vocabulary.phrase(f"{base}:{areas[0]}" if areas[0] else base, level)
                )
                continue
            names = [self.vocabulary.area_name(a) for a in areas]
            joined = ", ".join(names[:-1]) + " und " + names[-1]
            template = self.vocabulary.phrases[base][level]
            phrases.append(template.replace("{area}", joined))
        return "beide: " + ", ".join(phrases)

    # --- storage ----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "weights_sha256": self.vocabulary.sha256,
            "reference": list(self.reference),
            "mean": self.mean,
            "sd": self.sd,
            "weights": self.weights,
            "features": self.features,
            "type_labels": self.type_labels,
            "missing": list(self.missing),
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, weights: Weights) -> PeerSet:
        return cls(
            features={a: dict(v) for a, v in data["features"].items()},
            reference=tuple(data["reference"]),
            mean=dict(data["mean"]),
            sd=dict(data["sd"]),
            weights=dict(data["weights"]),
            vocabulary=weights,
            type_labels=dict(data.get("type_labels") or {}),
            missing=tuple(data.get("missing") or ()),
            meta=dict(data.get("meta") or {}),
        )
