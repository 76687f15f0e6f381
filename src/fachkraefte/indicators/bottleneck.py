"""Bottleneck indicators per region × Berufsgruppe × Anforderungsniveau, after the BA Engpassanalyse.

Six core indicators are scored 0–3 points each against the thresholds in ``bottleneck.toml``
(see :mod:`fachkraefte.indicators.config`); the mean of the scored ones classifies the cell:
≥ 2.0 "Engpassberuf", 1.5 – < 2.0 "unter Beobachtung", < 1.5 "kein Engpass". A cell with too
few scorable indicators, or an excluded Anforderungsniveau (Helfer), gets
"X: keine Bewertung möglich". Risk indicators are scored the same way but never enter the
classification. docs/indicators.md defines every indicator and names each approximation the
project's schema forces (SV employees only in the unemployment-rate denominator, wages
without Anforderungsniveau) and the fallback to unemployed per vacancy where a labour-market
file has no job-seekers (``jobseekers_basis`` names it per cell).

All functions take the schema tables (``fachkraefte.sources.schema``) as Polars frames and
never read files, so they run the same on imported vintages and on the demo data.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from fachkraefte.indicators.config import (
    CORE_INDICATORS,
    NO_ASSESSMENT,
    RISK_INDICATORS,
    BottleneckConfig,
    IndicatorSpec,
    load_config,
)
from fachkraefte.indicators.regions import (
    LEVELS,
    OFFICIAL_BASIS,
    SUM_BASIS,
    level_key,
    to_level,
    with_official_rows,
)

KEY = ["ags", "kldb3", "niveau"]
JOBSEEKERS = "Arbeitsuchende / job-seekers"
UNEMPLOYED_FALLBACK = (
    "Arbeitslose (Ersatz: keine Zahl der Arbeitsuchenden) / unemployed (fallback: no job-seeker "
    "count)"
)


def bottleneck_scores(
    *,
    year: int,
    labour_market: pl.DataFrame,
    employment: pl.DataFrame,
    wages: pl.DataFrame | None = None,
    employment_foreign: pl.DataFrame | None = None,
    graduates: pl.DataFrame | None = None,
    employment_reference: pl.DataFrame | None = None,
    labour_market_reference: pl.DataFrame | None = None,
    level: str = "kreis",
    regions: Iterable[str] | None = None,
    config: BottleneckConfig | None = None,
) -> pl.DataFrame:
    """Score every region × kldb3 × niveau cell of ``year``.

    ``level``: "kreis" (5-digit AGS rows), "land" or "deutschland" (ags "DG"). At Land and
    Germany level a region's official rows of the BA files (``employment_reference``,
    ``labour_market_reference``: Land keys and "DG") are used where they exist for ``year``,
    otherwise the sum of the table's Kreise; ``reference_basis`` says which, per row.
    ``regions``: AGS keys at that level to return (averages still use every region's data).
    Change indicators compare ``year`` with ``year - 1``; without the earlier year they are
    not available. Returns one row per cell with, for each indicator, its value and
    ``<name>_points``, plus ``core_indicators``, ``score``, ``classification`` and ``note``.
    """
    if level not in LEVELS:
        raise ValueError(f"level muss {LEVELS} sein / level must be one of {LEVELS}")
    config = config or load_config()
    lm_rows, lm_official = with_official_rows(labour_market, labour_market_reference, level, year)
    emp_rows, emp_official = with_official_rows(employment, employment_reference, level, year)
    lm = _labour_market_cells(lm_rows)
    emp = _employment_cells(emp_rows, config.older_from_age)

    cells = (
        pl.concat(
            [
                lm.filter(pl.col("year") == year).select(*KEY),
                emp.filter(pl.col("year") == year).select(*KEY),
            ]
        )
        .unique()
        .sort(KEY)
    )
    frame = (
        cells.join(lm.filter(pl.col("year") == year).drop("year"), on=KEY, how="left")
        .join(emp.filter(pl.col("year") == year).drop("year"), on=KEY, how="left")
        .join(
            emp.filter(pl.col("year") == year - 1).select(
                *KEY, employees_prev=pl.col("employees"), older_prev=pl.col("older")
            ),
            on=KEY,
            how="left",
        )
        .join(_regional_averages(lm, year), on="ags", how="left")
    )
    frame = frame.with_columns(
        vacancy_duration=pl.when(pl.col("vacancies") >= config.min_vacancies).then(
            (pl.col("duration") / pl.col("duration_avg") - 1.0) * 100.0
        ),
        jobseekers_per_vacancy=pl.when(pl.col("vacancies") >= config.min_vacancies).then(
            100.0 * pl.coalesce("jobseekers", "unemployed") / pl.col("vacancies")
        ),
        # Which count the ratio used: the BA indicator, or the documented fallback.
        jobseekers_basis=pl.when(pl.col("jobseekers").is_not_null())
        .then(pl.lit(JOBSEEKERS))
        .when(pl.col("unemployed").is_not_null())
        .then(pl.lit(UNEMPLOYED_FALLBACK)),
        unemployment_rate=pl.when(pl.col("employees") >= config.min_employees).then(
            100.0 * pl.col("unemployed") / (pl.col("unemployed") + pl.col("employees"))
        ),
        exit_rate=pl.when(pl.col("unemployed") >= config.min_unemployed).then(
            (pl.col("exits") / pl.col("unemployed") / pl.col("exit_avg") - 1.0) * 100.0
        ),
        older_share_change=pl.when(
            (pl.col("employees") >= config.min_employees)
            & (pl.col("employees_prev") >= config.min_employees)
        ).then(
            100.0
            * (
                pl.col("older") / pl.col("employees")
                - pl.col("older_prev") / pl.col("employees_prev")
            )
        ),
    )
    frame = frame.join(
        _foreign_share_change(employment_foreign, level, year, config), on=KEY, how="left"
    ).with_columns(pl.col("foreign_share_change").cast(pl.Float64))
    frame = frame.join(
        _wage_change(wages, employment, level, year, config),
        on=["ags", "kldb3"],
        how="left",
    ).with_columns(pl.col("wage_change").cast(pl.Float64))
    frame = frame.join(
        _graduates_per_employee(graduates, level, year), on=KEY, how="left"
    ).with_columns(
        graduates_per_employee=pl.when(pl.col("employees") >= config.min_employees).then(
            100.0 * pl.col("graduates") / pl.col("employees")
        )
    )
    frame = frame.with_columns(
        [_points(config.core[name]) for name in CORE_INDICATORS]
        + [_points(config.risk[name]) for name in RISK_INDICATORS]
    )
    frame = _classify(frame, config)
    frame = frame.with_columns(reference_basis=_basis(level, lm_official, emp_official))
    if regions is not None:
        wanted = list(regions)
        frame = frame.filter(pl.col("ags").is_in(wanted))
    columns = [
        "ags",
        "kldb3",
        "niveau",
        *[c for name in CORE_INDICATORS for c in (name, f"{name}_points")],
        "core_indicators",
        "score",
        "classification",
        "note",
        *[c for name in RISK_INDICATORS for c in (name, f"{name}_points")],
        "risk_score",
        "employees",
        "unemployed",
        "jobseekers",
        "jobseekers_basis",
        "vacancies",
        "reference_basis",
    ]
    return frame.select(pl.lit(year, dtype=pl.Int16).alias("year"), *columns).sort(KEY)


# --- building blocks -------------------------------------------------------------------


def _basis(level: str, lm_official: set[str], emp_official: set[str]) -> pl.Expr:
    """Per region: official rows of the BA files, the sum of the Kreise, or a mix."""
    if level == "kreis":
        return pl.lit("Kreis")
    lm = pl.col("ags").is_in(list(lm_official))
    emp = pl.col("ags").is_in(list(emp_official))
    return (
        pl.when(lm & emp)
        .then(pl.lit(OFFICIAL_BASIS))
        .when(~lm & ~emp)
        .then(pl.lit(SUM_BASIS))
        .when(lm)
        .then(
            pl.lit(
                "Arbeitsmarkt amtlich, Beschäftigung Summe der Kreise / labour market official, "
                "employment sum of the Kreise"
            )
        )
        .otherwise(
            pl.lit(
                "Beschäftigung amtlich, Arbeitsmarkt Summe der Kreise / employment official, "
                "labour market sum of the Kreise"
            )
        )
    )


def _sum_known(column: str) -> pl.Expr:
    # A sum over only suppressed cells is unknown, not zero.
    return pl.when(pl.col(column).count() > 0).then(pl.col(column).sum())


def _labour_market_cells(lm: pl.DataFrame) -> pl.DataFrame:
    if "jobseekers" not in lm.columns:
        # Vintages stored before the schema had job-seekers read like a file without them.
        lm = lm.with_columns(jobseekers=pl.lit(None, dtype=pl.Int64))
    both = (
        pl.col("completed_vacancy_duration_days").is_not_null() & pl.col("vacancies").is_not_null()
    )
    return (
        lm.group_by(["year", *KEY])
        .agg(
            unemployed=_sum_known("unemployed"),
            jobseekers=_sum_known("jobseekers"),
            vacancies=_sum_known("vacancies"),
            exits=_sum_known("exits_from_unemployment"),
            weighted_days=(pl.col("completed_vacancy_duration_days") * pl.col("vacancies"))
            .filter(both)
            .sum(),
            weighting_vacancies=pl.col("vacancies").filter(both).sum(),
        )
        .with_columns(
            duration=pl.when(pl.col("weighting_vacancies") > 0).then(
                pl.col("weighted_days") / pl.col("weighting_vacancies")
            )
        )
        .drop("weighted_days", "weighting_vacancies")
    )


def _regional_averages(lm: pl.DataFrame, year: int) -> pl.DataFrame:
    """Vacancy-weighted mean duration and exit rate of all occupations in each region."""
    current = lm.filter(pl.col("year") == year)
    has_duration = pl.col("duration").is_not_null() & pl.col("vacancies").is_not_null()
    has_exits = pl.col("exits").is_not_null() & pl.col("unemployed").is_not_null()
    return current.group_by("ags").agg(
        duration_avg=(pl.col("duration") * pl.col("vacancies")).filter(has_duration).sum()
        / pl.col("vacancies").filter(has_duration).sum(),
        exit_avg=pl.col("exits").filter(has_exits).sum()
        / pl.col("unemployed").filter(has_exits).sum(),
    )


def _employment_cells(emp: pl.DataFrame, older_from_age: int) -> pl.DataFrame:
    lower_age = pl.col("age_band").str.split("-").list.first().cast(pl.Int32)
    return emp.group_by(["year", *KEY]).agg(
        employees=_sum_known("employees"),
        older=pl.col("employees").filter(lower_age >= older_from_age).sum(),
    )


def _foreign_share_change(
    foreign: pl.DataFrame | None, level: str, year: int, config: BottleneckConfig
) -> pl.DataFrame:
    if foreign is None or foreign.is_empty():
        return pl.DataFrame(
            schema={
                "ags": pl.String,
                "kldb3": pl.String,
                "niveau": pl.Int8,
                "foreign_share_change": pl.Float64,
            }
        )
    cells = (
        to_level(foreign, level)
        .group_by(["year", *KEY])
        .agg(total=_sum_known("employees"), foreign=_sum_known("foreign_employees"))
        .with_columns(share=pl.col("foreign") / pl.col("total"))
    )
    now = cells.filter(pl.col("year") == year).select(*KEY, "total", "share")
    before = cells.filter(pl.col("year") == year - 1).select(
        *KEY, total_prev=pl.col("total"), share_prev=pl.col("share")
    )
    return now.join(before, on=KEY, how="inner").select(
        *KEY,
        foreign_share_change=pl.when(
            (pl.col("total") >= config.min_employees)
            & (pl.col("total_prev") >= config.min_employees)
        ).then(100.0 * (pl.col("share") - pl.col("share_prev"))),
    )


def _wage_levels(wages: pl.DataFrame, employment: pl.DataFrame, level: str) -> pl.DataFrame:
    """Wage level per (year, region, kldb3): employment-weighted mean of the sex medians.

    The wages table has no Anforderungsniveau and no median over both sexes, so the level
    is an approximation; at Land level the Land's own rows are used where the file had them.
    """
    weights_by_sex = (
        employment.group_by(["year", "ags", "kldb3", "sex"])
        .agg(weight=_sum_known("employees"))
        .filter(pl.col("weight") > 0)
    )
    land_rows = wages.filter(pl.col("ags").str.contains(r"^\d{2}$"))
    if level == "land" and not land_rows.is_empty():
        weights = (
            weights_by_sex.with_columns(pl.col("ags").str.slice(0, 2))
            .group_by(["year", "ags", "kldb3", "sex"])
            .agg(pl.col("weight").sum())
        )
        source = land_rows
    else:
        weights = weights_by_sex
        source = wages.filter(pl.col("ags").str.len_chars() == 5)
    levels = (
        source.join(weights, on=["year", "ags", "kldb3", "sex"], how="inner")
        .filter(pl.col("median_monthly_wage_eur").is_not_null())
        .group_by(["year", "ags", "kldb3"])
        .agg(
            wage=(pl.col("median_monthly_wage_eur") * pl.col("weight")).sum()
            / pl.col("weight").sum(),
            weight=pl.col("weight").sum(),
        )
    )
    if level == "deutschland" or (level == "land" and land_rows.is_empty()):
        levels = (
            levels.with_columns(level_key(level))
            .group_by(["year", "ags", "kldb3"])
            .agg(
                wage=(pl.col("wage") * pl.col("weight")).sum() / pl.col("weight").sum(),
                weight=pl.col("weight").sum(),
            )
        )
    return levels


def _wage_change(
    wages: pl.DataFrame | None,
    employment: pl.DataFrame,
    level: str,
    year: int,
    config: BottleneckConfig,
) -> pl.DataFrame:
    empty = pl.DataFrame(schema={"ags": pl.String, "kldb3": pl.String, "wage_change": pl.Float64})
    if wages is None or wages.is_empty():
        return empty
    # Weights come from the unmapped table so that Kreis weights stay per Kreis.
    levels = _wage_levels(wages, employment, level)
    now = levels.filter(pl.col("year") == year).select("ags", "kldb3", "wage", "weight")
    before = levels.filter(pl.col("year") == year - 1).select(
        "ags", "kldb3", wage_prev=pl.col("wage"), weight_prev=pl.col("weight")
    )
    paired = now.join(before, on=["ags", "kldb3"], how="inner")
    if paired.is_empty():
        return empty
    regional = paired.group_by("ags").agg(
        change_all=((pl.col("wage") * pl.col("weight")).sum() / pl.col("weight").sum())
        / ((pl.col("wage_prev") * pl.col("weight_prev")).sum() / pl.col("weight_prev").sum())
        - 1.0
    )
    return paired.join(regional, on="ags").select(
        "ags",
        "kldb3",
        wage_change=pl.when(pl.col("weight") >= config.min_employees).then(
            100.0 * ((pl.col("wage") / pl.col("wage_prev") - 1.0) - pl.col("change_all"))
        ),
    )


def _graduates_per_employee(graduates: pl.DataFrame | None, level: str, year: int) -> pl.DataFrame:
    if graduates is None or graduates.is_empty():
        return pl.DataFrame(
            schema={"ags": pl.String, "kldb3": pl.String, "niveau": pl.Int8, "graduates": pl.Int64}
        )
    return (
        to_level(graduates, level)
        .filter(pl.col("year") == year)
        .group_by(KEY)
        .agg(graduates=_sum_known("graduates"))
    )


def _points(spec: IndicatorSpec) -> pl.Expr:
    value = pl.col(spec.name)
    if spec.direction == "higher":
        hits = [(value >= t).cast(pl.Int8) for t in spec.thresholds]
    else:
        hits = [(value < t).cast(pl.Int8) for t in spec.thresholds]
    scorable = value.is_not_null() & value.is_finite()
    return (
        pl.when(scorable).then(pl.sum_horizontal(hits).cast(pl.Int8)).alias(f"{spec.name}_points")
    )


def _classify(frame: pl.DataFrame, config: BottleneckConfig) -> pl.DataFrame:
    core_points = [pl.col(f"{name}_points") for name in CORE_INDICATORS]
    risk_points = [pl.col(f"{name}_points") for name in RISK_INDICATORS]
    counted = pl.sum_horizontal([p.is_not_null().cast(pl.Int8) for p in core_points])
    mean = pl.sum_horizontal(core_points) / counted
    risk_count = pl.sum_horizontal([p.is_not_null().cast(pl.Int8) for p in risk_points])
    excluded = pl.col("niveau").is_in(list(config.excluded_niveaus))
    frame = frame.with_columns(
        core_indicators=counted.cast(pl.Int8),
        score=pl.when(~excluded & (counted >= config.min_core_indicators)).then(mean),
        risk_score=pl.when(risk_count > 0).then(
            (pl.sum_horizontal(risk_points) / risk_count).round(2)
        ),
        note=pl.when(excluded)
        .then(pl.lit("Anforderungsniveau wird nicht bewertet / skill level not assessed"))
        .when(counted < config.min_core_indicators)
        .then(
            pl.format(
                "nur {} von 6 Indikatoren bewertbar / only {} of 6 indicators scorable",
                counted,
                counted,
            )
        )
        .otherwise(pl.lit("")),
    )
    return frame.with_columns(
        classification=pl.when(pl.col("score").is_null())
        .then(pl.lit(NO_ASSESSMENT))
        .when(pl.col("score") >= config.bottleneck_from)
        .then(pl.lit("Engpassberuf"))
        .when(pl.col("score") >= config.watch_from)
        .then(pl.lit("unter Beobachtung"))
        .otherwise(pl.lit("kein Engpass")),
        # Classified on the exact mean above; rounded only for display.
        score=pl.col("score").round(2),
    )
