"""Traits of each KldB Berufsgruppe that shape the synthetic numbers.

A Berufsgruppe gets its traits from its Berufsbereich (first digit), refined for the groups that
matter most in Hessen (large ones, and the BA's shortage occupations), plus a seeded random
factor so that groups inside one Bereich differ smoothly. All sizes are rough German orders of
magnitude (BA, Beschäftigte nach Berufen), not Hessen figures: the generator rescales them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NIVEAUS_BY_KLDB3_SOURCE = (
    "011:4 012:3 013:2 014:2 111:1234 112:1234 113:234 114:1234 115:1234 116:234 117:1234 "
    "121:1234 122:234 211:1234 212:123 213:123 214:123 221:1234 222:1234 223:1234 231:1234 "
    "232:234 233:234 234:1234 241:1234 242:1234 243:1234 244:1234 245:1234 251:1234 252:1234 "
    "261:234 262:234 263:1234 271:234 272:234 273:234 281:1234 282:1234 283:1234 291:234 "
    "292:1234 293:1234 311:234 312:234 321:1234 322:1234 331:123 332:123 333:123 341:234 "
    "342:1234 343:1234 411:34 412:234 413:1234 414:234 421:234 422:234 423:234 431:234 432:234 "
    "433:234 434:234 511:234 512:234 513:1234 514:123 515:1234 516:234 521:2 522:2 523:34 "
    "524:234 525:123 531:1234 532:1234 533:234 541:123 611:234 612:234 613:234 621:1234 622:2 "
    "623:12 624:2 625:234 631:234 632:1234 633:1234 634:1234 711:4 712:4 713:234 714:1234 "
    "715:234 721:234 722:234 723:234 731:234 732:1234 733:234 811:23 812:234 813:1234 814:4 "
    "815:24 816:34 817:234 818:234 821:1234 822:234 823:123 824:1234 825:234 831:1234 832:123 "
    "833:234 841:34 842:34 843:4 844:234 845:34 911:4 912:34 913:1234 914:4 921:234 922:34 "
    "923:234 924:234 931:234 932:234 933:234 934:23 935:234 936:234 941:34 942:234 943:234 "
    "944:234 945:234 946:234 947:234"
)
"""Anforderungsniveaus that exist in each Berufsgruppe: the fifth digits of its Berufsgattungen
in the official KldB 2010, Fassung 2020 (checked against the export in the tests). A niveau
missing here is a structural zero: the demo has no rows for it."""

NIVEAUS_BY_KLDB3: dict[str, frozenset[int]] = {
    item.split(":")[0]: frozenset(int(digit) for digit in item.split(":")[1])
    for item in NIVEAUS_BY_KLDB3_SOURCE.split()
}


@dataclass(frozen=True)
class _Bereich:
    size: float  # default size of a group, thousand employees (Germany, rough)
    mix: tuple[float, float, float, float]  # Helfer, Fachkraft, Spezialist, Experte
    female: float
    growth: float  # yearly relative change
    urban: float  # affinity to cities (log scale per unit of urbanity)
    dip_2020: float  # relative change in June 2020 from the pandemic, partly kept in 2021
    training: float  # apprentices per Fachkraft, relative
    academic: float  # academic graduates per Spezialist/Experte, relative


BEREICHE: dict[str, _Bereich] = {
    "0": _Bereich(2, (0.0, 0.5, 0.3, 0.2), 0.12, 0.000, 0.0, 0.00, 0.0, 0.0),
    "1": _Bereich(40, (0.30, 0.60, 0.06, 0.04), 0.30, -0.005, -1.2, 0.00, 1.2, 0.5),
    "2": _Bereich(120, (0.24, 0.58, 0.10, 0.08), 0.15, -0.006, -0.5, -0.025, 1.3, 0.6),
    "3": _Bereich(150, (0.16, 0.58, 0.14, 0.12), 0.12, 0.010, -0.2, 0.00, 1.4, 0.7),
    "4": _Bereich(60, (0.03, 0.20, 0.25, 0.52), 0.25, 0.035, 0.6, 0.00, 0.6, 1.6),
    "5": _Bereich(120, (0.35, 0.55, 0.06, 0.04), 0.22, 0.008, 0.1, -0.03, 0.8, 0.3),
    "6": _Bereich(160, (0.15, 0.65, 0.10, 0.10), 0.52, 0.000, 0.1, -0.03, 1.3, 0.6),
    "7": _Bereich(100, (0.06, 0.52, 0.18, 0.24), 0.63, 0.012, 0.3, 0.00, 1.0, 1.2),
    "8": _Bereich(180, (0.12, 0.52, 0.12, 0.24), 0.78, 0.022, 0.0, 0.00, 0.5, 1.2),
    "9": _Bereich(30, (0.03, 0.35, 0.22, 0.40), 0.50, 0.008, 0.8, -0.04, 0.6, 1.6),
}

# Refinements for groups that stand out. Keys: size (thousand), female, growth, urban, dip,
# shortage (0..1, BA Engpassanalyse), wage (log premium), training, age (years older).
GROUP_TRAITS: dict[str, dict[str, float]] = {
    "011": {"size": 1.5},
    "012": {"size": 2.5},
    "013": {"size": 2.0},
    "014": {"size": 1.0},
    "111": {"size": 150, "age": 3},
    "121": {"size": 200, "female": 0.25},
    "242": {"size": 500, "female": 0.10, "growth": -0.012, "dip": -0.05},
    "244": {"size": 300, "female": 0.04, "shortage": 0.3},
    "251": {"size": 1000, "female": 0.07, "growth": -0.005},
    "252": {"size": 600, "female": 0.08, "growth": -0.015, "dip": -0.06, "training": 2.5},
    "261": {"size": 300, "female": 0.06, "shortage": 0.4},
    "262": {"size": 330, "female": 0.04, "growth": 0.015, "shortage": 0.9, "training": 1.6},
    "263": {"size": 500, "female": 0.10, "growth": 0.010, "shortage": 0.5},
    "271": {"size": 350, "female": 0.18, "growth": 0.010, "wage": 0.15},
    "273": {"size": 300, "female": 0.20},
    "292": {"size": 300, "female": 0.45},
    "293": {"size": 500, "female": 0.45, "dip": -0.06, "wage": -0.15, "age": -2},
    "321": {"size": 300, "female": 0.02, "shortage": 0.3},
    "342": {"size": 300, "female": 0.03, "growth": 0.012, "shortage": 1.0, "training": 2.0},
    "343": {"size": 150, "female": 0.12},
    "413": {"size": 200, "female": 0.45, "urban": 0.4},
    "431": {"size": 320, "female": 0.20, "growth": 0.045, "wage": 0.15, "age": -5},
    "432": {"size": 200, "female": 0.25, "growth": 0.040, "wage": 0.15, "age": -3},
    "433": {"size": 250, "female": 0.15, "growth": 0.035, "wage": 0.08, "age": -3},
    "434": {"size": 350, "female": 0.20, "growth": 0.050, "wage": 0.15, "age": -6, "training": 1.2},
    "511": {"size": 80, "urban": 1.2},
    "512": {"size": 60},
    "513": {"size": 1600, "female": 0.22, "growth": 0.020, "dip": -0.02},
    "514": {"size": 60, "urban": 1.5, "female": 0.60, "dip": -0.15},
    "516": {"size": 250, "female": 0.55},
    "521": {
        "size": 900,
        "female": 0.05,
        "growth": 0.005,
        "shortage": 0.8,
        "age": 5,
        "training": 0.2,
    },
    "523": {"size": 20, "urban": 1.5, "wage": 0.6, "dip": -0.10},
    "531": {"size": 250, "female": 0.18, "age": 3},
    "532": {"size": 50, "female": 0.30},
    "541": {"size": 800, "female": 0.72, "growth": 0.005, "wage": -0.20, "age": 4},
    "611": {"size": 600, "female": 0.45},
    "612": {"size": 250, "female": 0.45, "training": 1.5},
    "621": {
        "size": 1200,
        "female": 0.70,
        "growth": -0.005,
        "wage": -0.15,
        "age": -2,
        "training": 1.8,
    },
    "623": {"size": 300, "female": 0.70, "wage": -0.15},
    "631": {"size": 150, "training": 0.8},
    "632": {"size": 120, "female": 0.62, "dip": -0.12, "wage": -0.18, "age": -5},
    "633": {"size": 350, "female": 0.55, "growth": 0.005, "dip": -0.12, "wage": -0.20, "age": -6},
    "711": {"size": 280, "female": 0.25, "wage": 0.50, "age": 4},
    "712": {"size": 30, "urban": 0.8},
    "713": {"size": 1800, "female": 0.55, "growth": 0.015, "wage": 0.08},
    "714": {"size": 2000, "female": 0.80, "growth": -0.005, "age": 2},
    "715": {"size": 250, "female": 0.72, "growth": 0.020},
    "721": {"size": 700, "female": 0.50, "growth": -0.010, "urban": 1.2, "wage": 0.15},
    "722": {"size": 800, "female": 0.68, "growth": 0.005},
    "732": {"size": 900, "female": 0.70, "growth": 0.010, "age": 3},
    "811": {"size": 600, "female": 0.97, "growth": 0.020, "age": -4, "training": 2.0},
    "813": {"size": 1100, "female": 0.80, "growth": 0.025, "shortage": 1.0, "training": 1.2},
    "814": {"size": 420, "female": 0.50, "growth": 0.025, "shortage": 0.4, "wage": 0.35, "age": 2},
    "817": {"size": 300, "female": 0.85, "growth": 0.030, "shortage": 0.5},
    "821": {"size": 600, "female": 0.83, "growth": 0.030, "shortage": 1.0, "training": 1.0},
    "831": {"size": 1300, "female": 0.83, "growth": 0.030, "shortage": 0.5},
    "832": {"size": 200, "female": 0.85},
    "841": {"size": 300, "female": 0.70, "growth": 0.020, "age": 3},
    "843": {"size": 200, "female": 0.42, "urban": 1.0, "age": -4},
    "921": {"size": 250, "female": 0.62, "urban": 1.0},
}
"""Rough traits; sizes in thousand employees in Germany (BA, Beschäftigte nach Berufen)."""

SHORTAGE_GROUPS: frozenset[str] = frozenset(
    code for code, traits in GROUP_TRAITS.items() if traits.get("shortage", 0.0) >= 0.8
)
"""The clearest BA Engpassberufe among the Berufsgruppen: 813, 821, 342, 262, 521."""


@dataclass(frozen=True)
class OccupationProfile:
    """Per Berufsgruppe (axis 0, in ``DemoStructure.kldb3`` order) the generator's traits."""

    size: np.ndarray
    niveau_exists: np.ndarray  # (occupation, niveau) bool
    niveau_mix: np.ndarray  # (occupation, niveau) shares, zero where the niveau does not exist
    female_share: np.ndarray
    growth: np.ndarray
    urban_affinity: np.ndarray
    dip_2020: np.ndarray
    age_shift: np.ndarray  # years; positive = older workforce than average
    wage_premium: np.ndarray  # log premium over the niveau-based wage
    shortage: np.ndarray  # 0 … 1
    training: np.ndarray  # relative apprentices per Fachkraft; 0 where no Fachkraft niveau
    academic: np.ndarray  # relative academic graduates per Spezialist/Experte


def occupation_profile(kldb3: tuple[str, ...], rng: np.random.Generator) -> OccupationProfile:
    """Draw the traits of every Berufsgruppe in ``kldb3`` (sorted 3-digit codes)."""
    unknown = [code for code in kldb3 if code not in NIVEAUS_BY_KLDB3]
    if unknown:
        raise ValueError(
            f"Unbekannte Berufsgruppen ohne Anforderungsniveaus: {unknown} / "
            f"unknown Berufsgruppen without skill levels: {unknown}"
        )
    n = len(kldb3)
    bereiche = [BEREICHE[code[0]] for code in kldb3]
    traits = [GROUP_TRAITS.get(code, {}) for code in kldb3]

    def trait(name: str, default: list[float]) -> np.ndarray:
        return np.array([t.get(name, d) for t, d in zip(traits, default, strict=True)])

    exists = np.array([[q in NIVEAUS_BY_KLDB3[code] for q in (1, 2, 3, 4)] for code in kldb3])
    # A Dirichlet draw around the Bereich mix; a niveau that exists keeps at least a small
    # share, one that does not is a structural zero.
    base_mix = np.array([b.mix for b in bereiche]) + 0.02
    mix = rng.gamma(shape=25.0 * base_mix, scale=1.0) * exists
    mix = np.where(exists, np.maximum(mix / mix.sum(axis=1, keepdims=True), 0.02), 0.0)
    mix /= mix.sum(axis=1, keepdims=True)

    listed = np.array([code in GROUP_TRAITS and "size" in GROUP_TRAITS[code] for code in kldb3])
    size = trait("size", [b.size for b in bereiche])
    size = np.where(listed, size * rng.lognormal(0.0, 0.05, n), size * rng.lognormal(0.0, 0.6, n))

    female = np.clip(trait("female", [b.female for b in bereiche]), 0.01, 0.99)
    female_logit = np.log(female / (1.0 - female)) + np.where(listed, 0.0, rng.normal(0, 0.5, n))

    shortage = np.clip(trait("shortage", [0.0] * n) + rng.uniform(0.0, 0.15, n), 0.0, 1.0)
    fachkraft = exists[:, 1]
    return OccupationProfile(
        size=size,
        niveau_exists=exists,
        niveau_mix=mix,
        female_share=1.0 / (1.0 + np.exp(-female_logit)),
        growth=trait("growth", [b.growth for b in bereiche]) + rng.normal(0.0, 0.006, n),
        urban_affinity=trait("urban", [b.urban for b in bereiche]) + rng.normal(0.0, 0.2, n),
        dip_2020=trait("dip", [b.dip_2020 for b in bereiche]) + rng.normal(0.0, 0.005, n),
        age_shift=trait("age", [0.0] * n) + rng.normal(0.0, 1.5, n),
        wage_premium=trait("wage", [0.0] * n) + rng.normal(0.0, 0.06, n),
        shortage=shortage,
        training=np.where(
            fachkraft,
            trait("training", [b.training for b in bereiche]) * rng.lognormal(0, 0.3, n),
            0,
        ),
        academic=np.array([b.academic for b in bereiche]) * rng.lognormal(0.0, 0.3, n),
    )
