"""Public aggregates the synthetic Hessen data is calibrated to, each with its source.

Every figure here is an *approximate* published value, rounded on purpose: the demo must have
realistic magnitudes, not reproduce official statistics. The generator steers the Hessen totals
to the ``path`` values; tests and ``docs/demo-data.md`` use the ``accepted`` ranges, which are
wide enough to be honest about how well the figure is known.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_YEARS: tuple[int, ...] = tuple(range(2013, 2025))
"""Twelve years of history: every backtest origin from 2016 on has at least three year pairs
before it, and the pandemic dip of 2020 is one year among many (docs/demo-data.md)."""

REFERENCE_YEAR = 2019
"""The year the demo's shares and participation rates are set for; trends run from it both ways."""

DEFAULT_SEED = 20240630
GENERATOR_VERSION = "3.0.0"
"""Bump whenever a change alters the generated numbers, so stored builds are regenerated."""


@dataclass(frozen=True)
class CalibrationTarget:
    """One Hessen aggregate: what the generator aims for and what counts as plausible."""

    key: str
    description_de: str
    description_en: str
    unit: str
    path: dict[int, float]
    accepted: tuple[float, float]
    source: str
    steered: bool = True
    """False where the value emerges from the model (checked, not forced)."""

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "description_de": self.description_de,
            "description_en": self.description_en,
            "unit": self.unit,
            "path": {str(year): value for year, value in sorted(self.path.items())},
            "accepted": list(self.accepted),
            "source": self.source,
            "steered": self.steered,
        }


POPULATION = CalibrationTarget(
    key="population",
    description_de="Bevölkerung Hessen am 31.12.",
    description_en="Population of Hessen on 31 December",
    unit="persons",
    # 2022 jumps with the arrival of refugees from Ukraine; values on the basis of Zensus 2011.
    path={
        2013: 6_045_000,
        2014: 6_094_000,
        2015: 6_176_000,
        2016: 6_213_000,
        2017: 6_243_000,
        2018: 6_266_000,
        2019: 6_288_000,
        2020: 6_293_000,
        2021: 6_295_000,
        2022: 6_391_000,
        2023: 6_400_000,
        2024: 6_410_000,
    },
    accepted=(5_950_000, 6_550_000),
    source=(
        "Destatis / Hessisches Statistisches Landesamt, Fortschreibung des Bevölkerungsstandes "
        "(Statistik 12411), Stichtag 31.12.: ≈ 6,05 Mio. (2013), ≈ 6,18 Mio. (2015, Zuzug "
        "Geflüchteter), 6,27 Mio. (2018, GV-ISys) → ≈ 6,39 Mio. (2022/2023)"
    ),
)

EMPLOYMENT = CalibrationTarget(
    key="employment",
    description_de="Sozialversicherungspflichtig Beschäftigte am Arbeitsort Hessen, 30.06.",
    description_en="Employees subject to social insurance, workplace Hessen, 30 June",
    unit="persons",
    # 2013–2015 the real Hessen sums of 13111-01-03-4 (the demo uses each Kreis' real value);
    # flat in June 2020 (short-time work kept people employed), growth afterwards.
    path={
        2013: 2_314_537,
        2014: 2_360_262,
        2015: 2_408_926,
        2016: 2_455_000,
        2017: 2_500_000,
        2018: 2_535_000,
        2019: 2_560_000,
        2020: 2_555_000,
        2021: 2_590_000,
        2022: 2_650_000,
        2023: 2_700_000,
        2024: 2_720_000,
    },
    accepted=(2_280_000, 2_820_000),
    source=(
        "Bundesagentur für Arbeit, Beschäftigungsstatistik: Sozialversicherungspflichtig "
        "Beschäftigte nach Arbeitsort, Stichtag 30.06.: 2,31 Mio. (2013, Regionaldatenbank "
        "13111-01-03-4) → ≈ 2,55–2,6 Mio. (2019) → ≈ 2,7–2,75 Mio. (2024)"
    ),
)

WOMEN_SHARE = CalibrationTarget(
    key="women_share",
    description_de="Frauenanteil an den SV-Beschäftigten",
    description_en="Share of women among employees",
    unit="share",
    path={year: round(0.460 + 0.001 * (year - REFERENCE_YEAR), 3) for year in DEMO_YEARS},
    accepted=(0.44, 0.48),
    source="Bundesagentur für Arbeit, Beschäftigungsstatistik nach Geschlecht: ≈ 46 %",
)

SHARE_55_PLUS = CalibrationTarget(
    key="share_55_plus",
    description_de="Anteil der Beschäftigten ab 55 Jahren",
    description_en="Share of employees aged 55 and over",
    unit="share",
    # Emerges from the ageing baby-boom cohorts; the path is what the age model yields.
    path={2013: 0.17, 2019: 0.21, 2024: 0.24},
    accepted=(0.15, 0.26),
    source=(
        "Bundesagentur für Arbeit, Beschäftigungsstatistik nach Altersgruppen: "
        "≈ 17–18 % (2013) → ≈ 21 % (2019) → ≈ 24 % (2024)"
    ),
    steered=False,
)

NIVEAU_SHARES: dict[int, dict[int, float]] = {
    year: {
        1: 0.160,
        2: 0.530 - 0.002 * (year - REFERENCE_YEAR),
        3: 0.140,
        4: 0.170 + 0.002 * (year - REFERENCE_YEAR),
    }
    for year in DEMO_YEARS
}
"""Anforderungsniveau mix of employees per year; slow upskilling from Fachkraft to Experte."""

_NIVEAU_NAMES = {1: "Helfer", 2: "Fachkraft", 3: "Spezialist", 4: "Experte"}

NIVEAU_TARGETS: tuple[CalibrationTarget, ...] = tuple(
    CalibrationTarget(
        key=f"niveau_{niveau}_share",
        description_de=f"Anteil der Beschäftigten im Anforderungsniveau {_NIVEAU_NAMES[niveau]}",
        description_en=f"Share of employees at skill level {_NIVEAU_NAMES[niveau]}",
        unit="share",
        path={year: round(shares[niveau], 3) for year, shares in NIVEAU_SHARES.items()},
        accepted=(
            round(NIVEAU_SHARES[REFERENCE_YEAR][niveau] - 0.03, 3),
            round(NIVEAU_SHARES[REFERENCE_YEAR][niveau] + 0.03, 3),
        ),
        source=(
            "Bundesagentur für Arbeit, Beschäftigte nach Berufen (KldB 2010), Hessen: "
            "≈ 16 % Helfer, 53 % Fachkraft, 14 % Spezialist, 17 % Experte"
        ),
    )
    for niveau in (1, 2, 3, 4)
)

UNEMPLOYED = CalibrationTarget(
    key="unemployed",
    description_de="Arbeitslose in Hessen, Jahresdurchschnitt",
    description_en="Registered unemployed in Hessen, annual average",
    unit="persons",
    path={
        2013: 183_000,
        2014: 181_000,
        2015: 178_000,
        2016: 174_000,
        2017: 167_000,
        2018: 160_000,
        2019: 158_000,
        2020: 188_000,
        2021: 182_000,
        2022: 170_000,
        2023: 178_000,
        2024: 188_000,
    },
    accepted=(150_000, 200_000),
    source=(
        "Bundesagentur für Arbeit, Arbeitslose nach Zielberufen (KldB 2010), "
        "Jahresdurchschnitt: ≈ 155–190 Tsd. (meist ≈ 170–180 Tsd.); 2012 und 2015 die Summe "
        "der Kreise in 13211-02-05-4 (≈ 178 Tsd.)"
    ),
)

VACANCIES = CalibrationTarget(
    key="vacancies",
    description_de="Gemeldete Arbeitsstellen in Hessen, Jahresdurchschnitt (Bestand)",
    description_en="Registered vacancies in Hessen, annual average stock",
    unit="positions",
    # Rose with the upswing of the 2010s (Germany ≈ 0,46 Mio. 2013 → ≈ 0,8 Mio. 2018).
    path={
        2013: 30_000,
        2014: 32_000,
        2015: 37_000,
        2016: 42_000,
        2017: 47_000,
        2018: 51_000,
        2019: 50_000,
        2020: 40_000,
        2021: 44_000,
        2022: 53_000,
        2023: 51_000,
        2024: 46_000,
    },
    accepted=(28_000, 60_000),
    source=(
        "Bundesagentur für Arbeit, Gemeldete Arbeitsstellen nach Berufen (KldB 2010), "
        "Jahresdurchschnitt: ≈ 30 Tsd. (2013) → ≈ 45–55 Tsd., 2020 darunter"
    ),
)

VACANCY_DURATION = CalibrationTarget(
    key="completed_vacancy_duration",
    description_de="Abgeschlossene Vakanzzeit, alle Berufe (Tage)",
    description_en="Completed vacancy duration, all occupations (days)",
    unit="days",
    path={
        2013: 80.0,
        2014: 84.0,
        2015: 90.0,
        2016: 96.0,
        2017: 102.0,
        2018: 108.0,
        2019: 115.0,
        2020: 125.0,
        2021: 120.0,
        2022: 145.0,
        2023: 160.0,
        2024: 155.0,
    },
    accepted=(75.0, 200.0),
    source=(
        "Bundesagentur für Arbeit, Engpassanalyse (Fachkräfteengpassanalyse): abgeschlossene "
        "Vakanzzeit ≈ 80 Tage (2013) → ≈ 110–160 Tage im Durchschnitt, in Engpassberufen (Pflege, SHK, "
        "Energietechnik, Berufskraftfahrer) deutlich länger"
    ),
)

MEDIAN_WAGE = CalibrationTarget(
    key="median_wage",
    description_de="Median des monatlichen Bruttoentgelts Vollzeitbeschäftigter (Kerngruppe), Hessen",
    description_en="Median gross monthly wage of full-time employees (core group), Hessen",
    unit="EUR",
    # Hessen lies several per cent above the German median; strong nominal rises from 2022.
    path={
        2013: 3_200.0,
        2014: 3_270.0,
        2015: 3_340.0,
        2016: 3_410.0,
        2017: 3_490.0,
        2018: 3_570.0,
        2019: 3_650.0,
        2020: 3_700.0,
        2021: 3_780.0,
        2022: 3_920.0,
        2023: 4_080.0,
        2024: 4_240.0,
    },
    accepted=(3_100.0, 4_600.0),
    source=(
        "Bundesagentur für Arbeit, Entgeltstatistik (Stichtag 31.12.) und Entgeltatlas: "
        "≈ 3.200 EUR (2013), ≈ 3.700 EUR (2019) → ≈ 4.200 EUR (2024) in Hessen, Frauen "
        "niedriger als Männer"
    ),
)

PENSION_CEILING_WEST: dict[int, float] = {
    2013: 5_800.0,
    2014: 5_950.0,
    2015: 6_050.0,
    2016: 6_200.0,
    2017: 6_350.0,
    2018: 6_500.0,
    2019: 6_700.0,
    2020: 6_900.0,
    2021: 7_100.0,
    2022: 7_050.0,
    2023: 7_300.0,
    2024: 7_550.0,
}
"""Beitragsbemessungsgrenze der Rentenversicherung (West), EUR per month.

The Entgeltstatistik only knows wages up to this ceiling, so a median above it is not
measurable; the demo censors such medians at the ceiling. Source: Sozialversicherungs-
Rechengrößenverordnung of each year.
"""

TRAINEES = CalibrationTarget(
    key="trainees",
    description_de="Auszubildende in dualer Ausbildung (alle Ausbildungsjahre), 31.12.",
    description_en="Apprentices in dual training (all training years), 31 December",
    unit="persons",
    path={
        2013: 104_000,
        2014: 102_000,
        2015: 100_500,
        2016: 99_500,
        2017: 99_000,
        2018: 98_500,
        2019: 98_000,
        2020: 95_000,
        2021: 93_000,
        2022: 92_000,
        2023: 92_000,
        2024: 92_500,
    },
    accepted=(85_000, 108_000),
    source=(
        "Destatis, Berufsbildungsstatistik (Statistik 21211), Hessen: ≈ 90–105 Tsd. Auszubildende, "
        "langsam weniger"
    ),
)

NEW_CONTRACTS = CalibrationTarget(
    key="new_contracts",
    description_de="Neu abgeschlossene Ausbildungsverträge im Jahr",
    description_en="New training contracts in the year",
    unit="contracts",
    path={
        2013: 38_300,
        2014: 37_900,
        2015: 37_600,
        2016: 37_400,
        2017: 37_700,
        2018: 38_000,
        2019: 37_500,
        2020: 33_500,
        2021: 33_800,
        2022: 34_300,
        2023: 35_000,
        2024: 35_000,
    },
    accepted=(30_000, 42_000),
    source=(
        "BIBB, Erhebung der neu abgeschlossenen Ausbildungsverträge zum 30.09., Hessen: "
        "≈ 35–38 Tsd., 2020 deutlich weniger"
    ),
)

VOCATIONAL_GRADUATES = CalibrationTarget(
    key="vocational_graduates",
    description_de="Bestandene Abschlussprüfungen in dualer und schulischer Berufsausbildung",
    description_en="Passed vocational final exams (dual and school-based)",
    unit="persons",
    path={year: 33_000.0 for year in DEMO_YEARS},
    accepted=(25_000, 42_000),
    source=(
        "Destatis, Berufsbildungsstatistik (bestandene Abschlussprüfungen) und Statistik der "
        "beruflichen Schulen, Hessen: ≈ 30 Tsd. im Jahr"
    ),
)

ACADEMIC_GRADUATES = CalibrationTarget(
    key="academic_graduates",
    description_de="Bestandene Hochschulprüfungen an hessischen Hochschulen",
    description_en="Passed university degrees at Hessen's universities",
    unit="persons",
    path={year: 45_000.0 for year in DEMO_YEARS},
    accepted=(38_000, 52_000),
    source="Destatis, Prüfungsstatistik der Hochschulen (Statistik 21321), Hessen: ≈ 40–50 Tsd.",
)

TARGETS: tuple[CalibrationTarget, ...] = (
    POPULATION,
    EMPLOYMENT,
    WOMEN_SHARE,
    SHARE_55_PLUS,
    *NIVEAU_TARGETS,
    UNEMPLOYED,
    VACANCIES,
    VACANCY_DURATION,
    MEDIAN_WAGE,
    TRAINEES,
    NEW_CONTRACTS,
    VOCATIONAL_GRADUATES,
    ACADEMIC_GRADUATES,
)

STRUCTURE_SOURCES: tuple[str, ...] = (
    "Destatis, Gemeindeverzeichnis GV-ISys 04-kreise, Gebietsstand 31.12.2018 "
    "(Kreisliste und Bevölkerung 2018, über fachkraefte.geo)",
    "Bundesagentur für Arbeit, Klassifikation der Berufe 2010, Fassung 2020 "
    "(144 Berufsgruppen und die je Berufsgruppe vorkommenden Anforderungsniveaus)",
)


GERMANY_EMPLOYEES: dict[int, float] = {
    2013: 29_610_000,
    2014: 30_170_000,
    2015: 30_770_000,
    2016: 31_370_000,
    2017: 32_160_000,
    2018: 32_870_000,
    2019: 33_410_000,
    2020: 33_320_000,
    2021: 33_800_000,
    2022: 34_450_000,
    2023: 34_790_000,
    2024: 34_900_000,
}
"""SV-Beschäftigte am Arbeitsort, Deutschland, 30.06. (BA Beschäftigungsstatistik, rounded).

Outside Hessen each Land's employees move from their real 2015 level (13111-01-03-4) with
this national index; Hessen keeps its own path (EMPLOYMENT). 2013–2015 every Land has its real
sums of 13111-01-03-4, which these rounded values match."""

GERMANY_UNEMPLOYED: dict[int, float] = {
    2013: 2_950_000,
    2014: 2_898_000,
    2015: 2_795_000,
    2016: 2_691_000,
    2017: 2_533_000,
    2018: 2_340_000,
    2019: 2_267_000,
    2020: 2_695_000,
    2021: 2_613_000,
    2022: 2_418_000,
    2023: 2_609_000,
    2024: 2_787_000,
}
"""Arbeitslose, Deutschland, Jahresdurchschnitt (BA Arbeitsmarktstatistik, rounded).

Outside Hessen each Land's unemployed follow their real 2023 level (13211-02-05-4) with
this index; Hessen keeps its own path (UNEMPLOYED)."""

MANUFACTURING_HELPER_TREND = -0.02
"""Yearly relative change of the Helfer share in the production occupations (Berufsbereich 2),
before the niveau margin is steered: helper jobs in manufacturing shrink (BA, Beschäftigte
nach Berufen und Anforderungsniveau, Zeitreihe; IAB-Forschungsbericht 2/2021 on
substitutability potentials of helper occupations). Rounded, see docs/demo-data.md."""

PENSION_CEILING_EAST: dict[int, float] = {
    2013: 4_900.0,
    2014: 5_000.0,
    2015: 5_200.0,
    2016: 5_400.0,
    2017: 5_700.0,
    2018: 5_800.0,
    2019: 6_150.0,
    2020: 6_450.0,
    2021: 6_700.0,
    2022: 6_750.0,
    2023: 7_100.0,
    2024: 7_450.0,
}
"""Beitragsbemessungsgrenze der Rentenversicherung (Ost), EUR per month, for the eastern Kreise
(BBSR West-Ost; Berlin counted East as in the BBSR reference). Sozialversicherungs-
Rechengrößenverordnung of each year."""


def calibration_sources() -> list[dict[str, object]]:
    """All calibration targets and structural sources, as recorded in the manifest."""
    return [target.as_dict() for target in TARGETS] + [
        {"key": "structure", "source": source} for source in STRUCTURE_SOURCES
    ]
