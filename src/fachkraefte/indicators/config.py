"""The bottleneck thresholds as configuration: ``bottleneck.toml`` in this package, or a copy.

Each indicator scores 0–3 points against three thresholds::

    >>> spec = IndicatorSpec(name="x", label_de="", label_en="", unit="%", direction="higher",
    ...                      thresholds=(0.0, 20.0, 40.0), source="")
    >>> [spec.points(v) for v in (-5.0, 0.0, 25.0, 40.0)]
    [0, 1, 2, 3]
    >>> low = IndicatorSpec(name="y", label_de="", label_en="", unit="%", direction="lower",
    ...                     thresholds=(7.0, 5.0, 3.0), source="")
    >>> [low.points(v) for v in (8.0, 6.0, 4.0, 2.9)]
    [0, 1, 2, 3]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

DEFAULT_CONFIG_NAME = "bottleneck.toml"

CORE_INDICATORS: tuple[str, ...] = (
    "vacancy_duration",
    "jobseekers_per_vacancy",
    "unemployment_rate",
    "foreign_share_change",
    "exit_rate",
    "wage_change",
)
RISK_INDICATORS: tuple[str, ...] = ("older_share_change", "graduates_per_employee")


class ConfigError(ValueError):
    """The threshold configuration is incomplete or inconsistent."""


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    label_de: str
    label_en: str
    unit: str
    direction: str
    thresholds: tuple[float, float, float]
    source: str

    def points(self, value: float | None) -> int | None:
        """0–3 points for ``value``; ``None`` stays ``None`` (not available)."""
        if value is None:
            return None
        if self.direction == "higher":
            return sum(1 for t in self.thresholds if value >= t)
        return sum(1 for t in self.thresholds if value < t)


@dataclass(frozen=True)
class BottleneckConfig:
    bottleneck_from: float
    watch_from: float
    min_core_indicators: int
    excluded_niveaus: tuple[int, ...]
    min_vacancies: int
    min_unemployed: int
    min_employees: int
    older_from_age: int
    core: dict[str, IndicatorSpec]
    risk: dict[str, IndicatorSpec]
    origin: str

    def classify(self, score: float | None) -> str:
        """BA wording: Engpassberuf, unter Beobachtung, kein Engpass (or X without a score)."""
        if score is None:
            return NO_ASSESSMENT
        if score >= self.bottleneck_from:
            return "Engpassberuf"
        if score >= self.watch_from:
            return "unter Beobachtung"
        return "kein Engpass"


NO_ASSESSMENT = "X: keine Bewertung möglich"


def load_config(path: Path | None = None) -> BottleneckConfig:
    """Read the thresholds from ``path`` or from the ``bottleneck.toml`` shipped here."""
    if path is None:
        text = (
            resources.files("fachkraefte.indicators")
            .joinpath(DEFAULT_CONFIG_NAME)
            .read_text(encoding="utf-8")
        )
        origin = f"fachkraefte/indicators/{DEFAULT_CONFIG_NAME}"
    else:
        text = Path(path).read_text(encoding="utf-8")
        origin = str(path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: kein gültiges TOML / not valid TOML: {exc}") from exc
    try:
        classification = raw["classification"]
        minimum = raw["minimum_cases"]
        core = {name: _spec(name, raw["core"][name], origin) for name in CORE_INDICATORS}
        risk = {name: _spec(name, raw["risk"][name], origin) for name in RISK_INDICATORS}
        config = BottleneckConfig(
            bottleneck_from=float(classification["bottleneck_from"]),
            watch_from=float(classification["watch_from"]),
            min_core_indicators=int(classification["min_core_indicators"]),
            excluded_niveaus=tuple(int(n) for n in classification.get("excluded_niveaus", ())),
            min_vacancies=int(minimum["vacancies"]),
            min_unemployed=int(minimum["unemployed"]),
            min_employees=int(minimum["employees"]),
            older_from_age=int(raw["risk"]["older_share_change"]["older_from_age"]),
            core=core,
            risk=risk,
            origin=origin,
        )
    except KeyError as exc:
        raise ConfigError(f"{origin}: Eintrag {exc} fehlt / entry {exc} is missing") from exc
    if not config.watch_from < config.bottleneck_from:
        raise ConfigError(
            f"{origin}: watch_from muss kleiner als bottleneck_from sein / "
            "watch_from must be below bottleneck_from"
        )
    if config.older_from_age % 5 or not 15 <= config.older_from_age <= 70:
        raise ConfigError(
            f"{origin}: older_from_age muss eine Fünfjahresgrenze zwischen 15 und 70 sein / "
            "older_from_age must be a five-year band limit between 15 and 70"
        )
    return config


def _spec(name: str, raw: dict, origin: str) -> IndicatorSpec:
    thresholds = tuple(float(t) for t in raw["thresholds"])
    direction = raw["direction"]
    if direction not in ("higher", "lower"):
        raise ConfigError(
            f"{origin}: {name}.direction muss 'higher' oder 'lower' sein / must be 'higher' or 'lower'"
        )
    ordered = sorted(thresholds) if direction == "higher" else sorted(thresholds, reverse=True)
    if len(thresholds) != 3 or list(thresholds) != ordered:
        raise ConfigError(
            f"{origin}: {name}.thresholds braucht drei Werte in Bewertungsrichtung / "
            f"needs three values ordered in scoring direction, found {list(thresholds)}"
        )
    if not raw.get("source"):
        raise ConfigError(f"{origin}: {name}.source fehlt / source is missing")
    return IndicatorSpec(
        name=name,
        label_de=raw["label_de"],
        label_en=raw["label_en"],
        unit=raw["unit"],
        direction=direction,
        thresholds=thresholds,  # type: ignore[arg-type]
        source=raw["source"],
    )
