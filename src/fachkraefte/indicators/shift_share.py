"""Shift-share decomposition of employment change by occupation and Kreis.

For Kreis r, occupation o and reference region R between a base and an end year
(E = SV employees, g = growth rate end/base − 1)::

    change[r, o]          = E1[r, o] − E0[r, o]
    reference growth      = E0[r, o] · g[R]                 (if o grew like all of R)
    occupation mix        = E0[r, o] · (g[R, o] − g[R])     (o grew faster/slower in R)
    regional shift        = change − reference growth − occupation mix
                          = E0[r, o] · (g[r, o] − g[R, o])  where E0[r, o] > 0

The three parts always add up to the change. ``reference`` selects R: "land" (the sum of
the Kreise of r's Land in the table) or "national" (all Kreise in the table); the result
names it in ``reference_region``.

>>> import polars as pl
>>> rows = [(y, a, o, e) for y, a, o, e in [
...     (2020, "06411", "813", 100), (2023, "06411", "813", 130),
...     (2020, "06412", "813", 100), (2023, "06412", "813", 110),
...     (2020, "06411", "434", 100), (2023, "06411", "434", 100),
...     (2020, "06412", "434", 100), (2023, "06412", "434", 80)]]
>>> emp = pl.DataFrame(rows, schema=["year", "ags", "kldb3", "employees"], orient="row")
>>> result = shift_share(emp, base_year=2020, end_year=2023)
>>> row = result.filter(pl.col("ags") == "06411", pl.col("kldb3") == "813").row(0, named=True)
>>> [round(row[k], 6) for k in ("reference_growth", "occupation_mix", "regional_shift")]
[5.0, 15.0, 10.0]
"""

from __future__ import annotations

import polars as pl

from fachkraefte.indicators.regions import describe_reference, to_level

REFERENCES = ("land", "national")


def shift_share(
    employment: pl.DataFrame,
    *,
    base_year: int,
    end_year: int,
    reference: str = "land",
    by_niveau: bool = False,
) -> pl.DataFrame:
    """Decompose the employment change of each Kreis × kldb3 (× niveau) cell."""
    if reference not in REFERENCES:
        raise ValueError(
            f"reference muss {REFERENCES} sein / reference must be one of {REFERENCES}"
        )
    if base_year >= end_year:
        raise ValueError("base_year muss vor end_year liegen / base_year must precede end_year")
    occupation = ["kldb3", "niveau"] if by_niveau else ["kldb3"]
    emp = to_level(employment, "kreis")
    years = set(emp["year"].unique().to_list())
    missing = [y for y in (base_year, end_year) if y not in years]
    if missing:
        raise ValueError(
            f"Keine Beschäftigtendaten für {missing} / no employment rows for {missing}"
        )

    def cells(year: int, name: str) -> pl.DataFrame:
        return (
            emp.filter(pl.col("year") == year)
            .group_by(["ags", *occupation])
            .agg(pl.col("employees").sum().alias(name))
        )

    frame = (
        cells(base_year, "employees_base")
        .join(cells(end_year, "employees_end"), on=["ags", *occupation], how="full", coalesce=True)
        .with_columns(pl.col("employees_base", "employees_end").fill_null(0))
        .with_columns(
            reference_region=pl.col("ags").str.slice(0, 2) if reference == "land" else pl.lit("*")
        )
    )
    ref_occ = frame.group_by(["reference_region", *occupation]).agg(
        ref_occ_base=pl.col("employees_base").sum(), ref_occ_end=pl.col("employees_end").sum()
    )
    ref_all = frame.group_by("reference_region").agg(
        ref_base=pl.col("employees_base").sum(), ref_end=pl.col("employees_end").sum()
    )
    frame = (
        frame.join(ref_occ, on=["reference_region", *occupation])
        .join(ref_all, on="reference_region")
        .with_columns(
            reference_growth_rate=pl.col("ref_end") / pl.col("ref_base") - 1.0,
            occupation_growth_rate=pl.when(pl.col("ref_occ_base") > 0).then(
                pl.col("ref_occ_end") / pl.col("ref_occ_base") - 1.0
            ),
            change=(pl.col("employees_end") - pl.col("employees_base")).cast(pl.Float64),
        )
        .with_columns(
            reference_growth=pl.col("employees_base") * pl.col("reference_growth_rate"),
            occupation_mix=(
                pl.col("employees_base")
                * (pl.col("occupation_growth_rate") - pl.col("reference_growth_rate"))
            ).fill_null(0.0),
        )
        .with_columns(
            regional_shift=pl.col("change") - pl.col("reference_growth") - pl.col("occupation_mix")
        )
    )
    if reference == "land":
        counts = frame.group_by("reference_region").agg(kreise=pl.col("ags").n_unique())
        frame = frame.join(counts, on="reference_region").with_columns(
            reference_region=pl.format(
                "Land {}: Summe der {} Kreise der Tabelle / sum of its {} Kreise in the table",
                "reference_region",
                "kreise",
                "kreise",
            )
        )
    else:
        frame = frame.with_columns(
            reference_region=pl.lit(
                describe_reference(frame["ags"].str.slice(0, 2).unique().to_list())
            )
        )
    return frame.select(
        "ags",
        *occupation,
        "employees_base",
        "employees_end",
        "change",
        "reference_growth",
        "occupation_mix",
        "regional_shift",
        "reference_growth_rate",
        "occupation_growth_rate",
        "reference_region",
    ).sort(["ags", *occupation])
