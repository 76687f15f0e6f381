"""Location quotients of SV employment by occupation and Kreis, against the Land and the nation.

LQ(r, o) = (E[r, o] / E[r]) / (E[R, o] / E[R]), where R is the reference region. Two
references are reported side by side, each named in the result:

* Land: the sum of the Land's Kreise that are in the table (``land_reference``);
* national: Germany's official row of the BA file (table ``employment_reference``, ags
  "DG") when there is one for the year; otherwise the sum of all Kreise in the table, which
  is Germany only when the table covers all 16 Länder. ``national_reference`` says which.

Suppressed cells (``None``) count as missing, so the totals are sums of the known cells.

>>> import polars as pl
>>> emp = pl.DataFrame({"year": [2023] * 4, "ags": ["06411", "06411", "06412", "06412"],
...     "kldb3": ["813", "434", "813", "434"], "niveau": [2, 4, 2, 4], "sex": ["w"] * 4,
...     "age_band": ["30-34"] * 4, "employees": [30, 10, 20, 40]})
>>> lq = location_quotients(emp, year=2023)
>>> lq.filter(pl.col("ags") == "06411", pl.col("kldb3") == "813")["lq_land"].item()
1.5
"""

from __future__ import annotations

import polars as pl

from fachkraefte.indicators.regions import describe_reference, official_rows, to_level


def location_quotients(
    employment: pl.DataFrame,
    *,
    year: int,
    by_niveau: bool = False,
    reference: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """LQ of every Kreis × kldb3 (× niveau) cell of ``year`` against its Land and the table.

    Columns: ``year, ags, land_ags, kldb3[, niveau], employees, region_total, share_pct,
    land_share_pct, lq_land, national_share_pct, lq_national, land_reference,
    national_reference``.
    """
    occupation = ["kldb3", "niveau"] if by_niveau else ["kldb3"]
    emp = to_level(employment, "kreis").filter(pl.col("year") == year)
    if emp.is_empty():
        raise ValueError(f"Keine Beschäftigtendaten für {year} / no employment rows for {year}")
    cells = (
        emp.group_by(["ags", *occupation])
        .agg(employees=pl.col("employees").sum())
        .with_columns(land_ags=pl.col("ags").str.slice(0, 2))
    )
    region_total = cells.group_by("ags").agg(region_total=pl.col("employees").sum())
    land_occ = cells.group_by(["land_ags", *occupation]).agg(
        land_employees=pl.col("employees").sum()
    )
    land_total = cells.group_by("land_ags").agg(
        land_total=pl.col("employees").sum(), land_kreise=pl.col("ags").n_unique()
    )
    official = official_rows(reference, "deutschland")
    official = None if official is None else official.filter(pl.col("year") == year)
    if official is not None and not official.is_empty():
        # The BA's own Germany total: right even when the table holds only some Länder.
        nat_occ = official.group_by(occupation).agg(national_employees=pl.col("employees").sum())
        national_total = official["employees"].sum()
        label = (
            "Deutschland: amtliche Zeile der BA-Datei (Summe ihrer Berufe) / Germany: "
            "official row of the BA file (sum of its occupations)"
        )
    else:
        nat_occ = cells.group_by(occupation).agg(national_employees=pl.col("employees").sum())
        national_total = cells["employees"].sum()
        label = describe_reference(cells["land_ags"].unique().to_list())
    return (
        cells.join(region_total, on="ags")
        .join(land_occ, on=["land_ags", *occupation])
        .join(land_total, on="land_ags")
        .join(nat_occ, on=occupation, how="left")
        .with_columns(
            share_pct=100.0 * pl.col("employees") / pl.col("region_total"),
            land_share_pct=100.0 * pl.col("land_employees") / pl.col("land_total"),
            national_share_pct=100.0 * pl.col("national_employees") / national_total,
        )
        .with_columns(
            lq_land=pl.col("share_pct") / pl.col("land_share_pct"),
            lq_national=pl.col("share_pct") / pl.col("national_share_pct"),
            land_reference=pl.format(
                "Land {}: Summe der {} Kreise der Tabelle / sum of its {} Kreise in the table",
                "land_ags",
                "land_kreise",
                "land_kreise",
            ),
            national_reference=pl.lit(label),
        )
        .select(
            pl.lit(year, dtype=pl.Int16).alias("year"),
            "ags",
            "land_ags",
            *occupation,
            "employees",
            "region_total",
            "share_pct",
            "land_share_pct",
            "lq_land",
            "national_share_pct",
            "lq_national",
            "land_reference",
            "national_reference",
        )
        .sort(["ags", *occupation])
    )
