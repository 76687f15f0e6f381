"""Shift-share decomposition of employment change by occupation and Kreis.

For Kreis r, occupation o and reference region R between a base and an end year
(E = SV employees, g = growth rate end/base − 1)::

    change[r, o]          = E1[r, o] − E0[r, o]
    reference growth      = E0[r, o] · g[R]                 (if o grew like all of R)
    occupation mix        = E0[r, o] · (g[R, o] − g[R])     (o grew faster/slower in R)
    regional shift        = change − reference growth − occupation mix
                          = E0[r, o] · (g[r, o] − g[R, o])  where E0[r, o] > 0

The three parts always add up to the change. ``reference`` selects R: "land" or
"national". R's growth rates come from the BA's own rows where ``official`` (the table
``employment_reference`` of the same file) has them for both years — the Land rows (2-digit
key) or Germany's row ("DG") —, otherwise from the sum of R's Kreise in the table, which for
"national" is Germany only when the table covers all 16 Länder. ``reference_region`` names
the basis on every row.

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

from fachkraefte.indicators.regions import GERMANY, describe_reference, to_level

REFERENCES = ("land", "national")
NATIONAL_KEY = "*"
OFFICIAL_NATIONAL = (
    "Deutschland: amtliche Zeile der BA-Datei / Germany: official row of the BA file"
)


def shift_share(
    employment: pl.DataFrame,
    *,
    base_year: int,
    end_year: int,
    reference: str = "land",
    by_niveau: bool = False,
    official: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Decompose the employment change of each Kreis × kldb3 (× niveau) cell.

    ``official``: the ``employment_reference`` rows (Land keys, "DG") of the BA file; used as
    the reference region's totals where they cover both years.
    """
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
            reference_region=pl.col("ags").str.slice(0, 2)
            if reference == "land"
            else pl.lit(NATIONAL_KEY)
        )
    )
    ref_occ = frame.group_by(["reference_region", *occupation]).agg(
        ref_occ_base=pl.col("employees_base").sum(), ref_occ_end=pl.col("employees_end").sum()
    )
    ref_all = frame.group_by("reference_region").agg(
        ref_base=pl.col("employees_base").sum(), ref_end=pl.col("employees_end").sum()
    )
    official_occ, official_all = _official_totals(
        official, reference, occupation, base_year, end_year
    )
    used = set(official_all["reference_region"].to_list())
    if used:
        ref_occ = pl.concat(
            [
                official_occ.cast(dict(ref_occ.schema)),
                ref_occ.filter(~pl.col("reference_region").is_in(list(used))),
            ]
        )
        ref_all = pl.concat(
            [
                official_all.cast(dict(ref_all.schema)),
                ref_all.filter(~pl.col("reference_region").is_in(list(used))),
            ]
        )
    frame = (
        frame.join(ref_occ, on=["reference_region", *occupation], how="left")
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
    is_official = pl.col("reference_region").is_in(list(used))
    if reference == "land":
        counts = frame.group_by("reference_region").agg(kreise=pl.col("ags").n_unique())
        frame = frame.join(counts, on="reference_region").with_columns(
            reference_region=pl.when(is_official)
            .then(
                pl.format(
                    "Land {}: amtliche Zeile der BA-Datei / official row of the BA file",
                    "reference_region",
                )
            )
            .otherwise(
                pl.format(
                    "Land {}: Summe der {} Kreise der Tabelle / sum of its {} Kreise in the table",
                    "reference_region",
                    "kreise",
                    "kreise",
                )
            )
        )
    else:
        summed = describe_reference(frame["ags"].str.slice(0, 2).unique().to_list())
        frame = frame.with_columns(
            reference_region=pl.when(is_official)
            .then(pl.lit(OFFICIAL_NATIONAL))
            .otherwise(pl.lit(summed))
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


def _official_totals(
    official: pl.DataFrame | None,
    reference: str,
    occupation: list[str],
    base_year: int,
    end_year: int,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per reference region with official rows in both years: its totals by occupation and
    over all occupations (suppressed cells count as missing, as in the Kreis sums)."""
    occ_schema = {"reference_region": pl.String, **{c: pl.String for c in occupation}}
    empty_occ = pl.DataFrame(
        schema={**occ_schema, "ref_occ_base": pl.Int64, "ref_occ_end": pl.Int64}
    )
    empty_all = pl.DataFrame(
        schema={"reference_region": pl.String, "ref_base": pl.Int64, "ref_end": pl.Int64}
    )
    if official is None or official.is_empty():
        return empty_occ, empty_all
    if reference == "land":
        rows = official.filter(pl.col("ags").str.contains(r"^\d{2}$"))
        rows = rows.with_columns(reference_region=pl.col("ags"))
    else:
        rows = official.filter(pl.col("ags") == GERMANY)
        rows = rows.with_columns(reference_region=pl.lit(NATIONAL_KEY))
    rows = rows.filter(pl.col("year").is_in([base_year, end_year]))
    complete = (
        rows.group_by("reference_region")
        .agg(pl.col("year").n_unique().alias("years"))
        .filter(pl.col("years") == 2)["reference_region"]
        .to_list()
    )
    if not complete:
        return empty_occ, empty_all
    rows = rows.filter(pl.col("reference_region").is_in(complete))
    base, end = pl.col("year") == base_year, pl.col("year") == end_year
    by_occupation = rows.group_by(["reference_region", *occupation]).agg(
        ref_occ_base=pl.col("employees").filter(base).sum(),
        ref_occ_end=pl.col("employees").filter(end).sum(),
    )
    overall = rows.group_by("reference_region").agg(
        ref_base=pl.col("employees").filter(base).sum(),
        ref_end=pl.col("employees").filter(end).sum(),
    )
    return by_occupation, overall
