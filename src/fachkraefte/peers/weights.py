"""The weights, reason phrases and names of the similar-districts distance, read from TOML.

>>> weights = load_weights()
>>> round(sum(weights.group_weight(g) for g in weights.groups), 6)
1.0
>>> weights.group_of("gap:8"), weights.area_name("8")
('gap', 'Gesundheit/Soziales')
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

WEIGHTS_FILE = Path(__file__).with_name("weights.toml")
LEVELS = ("high", "low", "similar")


@dataclass(frozen=True)
class Group:
    name: str
    weight: float
    indicators: tuple[str, ...]
    rationale: str
    source: str


@dataclass(frozen=True)
class Weights:
    """What ``weights.toml`` says; ``sha256`` identifies the file a peer set was built with."""

    version: int
    area_level: int
    groups: dict[str, Group]
    phrases: dict[str, dict[str, str]]
    areas: dict[str, str]
    kreistypen: dict[str, str]
    sha256: str

    def group_weight(self, group: str) -> float:
        """The group's share of the total weight (the weights sum to 1)."""
        total = sum(g.weight for g in self.groups.values())
        return self.groups[group].weight / total

    def group_of(self, feature: str) -> str:
        base = base_indicator(feature)
        for group in self.groups.values():
            if base in group.indicators:
                return group.name
        raise KeyError(f"indicator {base!r} belongs to no group of {WEIGHTS_FILE.name}")

    def area_name(self, area: str) -> str:
        return self.areas.get(area, area)

    def phrase(self, feature: str, level: str) -> str:
        """The reason phrase of ``feature`` at ``level`` (high, low or similar)."""
        text = self.phrases[base_indicator(feature)][level]
        return text.replace("{area}", self.area_name(area_of(feature) or ""))

    def label(self, feature: str) -> str:
        text = self.phrases[base_indicator(feature)]["label"]
        return text.replace("{area}", self.area_name(area_of(feature) or ""))


def base_indicator(feature: str) -> str:
    """``"gap:8"`` → ``"gap"``; ``"share_55"`` → ``"share_55"``."""
    return feature.split(":", 1)[0]


def area_of(feature: str) -> str | None:
    """``"gap:8"`` → ``"8"`` (the occupation area of a per-area indicator), else None."""
    parts = feature.split(":", 1)
    return parts[1] if len(parts) == 2 else None


def feature_weights(weights: Weights, features: list[str]) -> dict[str, float]:
    """Each feature's weight: its group's share split evenly over the group's features that
    are present. Groups without any feature drop out, and the rest are rescaled to sum 1."""
    members: dict[str, list[str]] = {}
    for feature in features:
        members.setdefault(weights.group_of(feature), []).append(feature)
    total = sum(weights.groups[g].weight for g in members)
    return {
        feature: weights.groups[group].weight / total / len(names)
        for group, names in members.items()
        for feature in names
    }


def parse_weights(text: str) -> Weights:
    data: dict[str, Any] = tomllib.loads(text)
    groups = {
        name: Group(
            name=name,
            weight=float(spec["weight"]),
            indicators=tuple(spec["indicators"]),
            rationale=" ".join(str(spec["rationale"]).split()),
            source=" ".join(str(spec["source"]).split()),
        )
        for name, spec in data["groups"].items()
    }
    for group in groups.values():
        if group.weight < 0:
            raise ValueError(f"weight of {group.name!r} must not be negative")
        missing = [i for i in group.indicators if i not in data["indicators"]]
        if missing:
            raise ValueError(f"indicators {missing} of {group.name!r} have no phrases")
    phrases = {name: dict(spec) for name, spec in data["indicators"].items()}
    for name, spec in phrases.items():
        if not all(key in spec for key in ("label", *LEVELS)):
            raise ValueError(f"indicator {name!r} needs label, high, low and similar")
    return Weights(
        version=int(data["version"]),
        area_level=int(data["area_level"]),
        groups=groups,
        phrases=phrases,
        areas={str(k): str(v) for k, v in data["areas"].items()},
        kreistypen={str(k): str(v) for k, v in data["kreistypen"].items()},
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


@lru_cache(maxsize=1)
def load_weights() -> Weights:
    return parse_weights(WEIGHTS_FILE.read_text(encoding="utf-8"))
