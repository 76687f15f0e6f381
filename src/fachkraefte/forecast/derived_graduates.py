"""Entries from imported data without a ``graduates`` table: apprentices and employees stand in.

Where only apprentices (``trainees``) are imported, the passed exams and the academic entries
are derived with two documented assumptions (below); the run's metadata flag the table as
derived, so nobody mistakes it for counted graduates.
"""

from __future__ import annotations

import polars as pl

VOCATIONAL_COMPLETION_SHARE = 0.30
"""Passed vocational final exams per year as a share of the apprentices (all training years)
on the reference date. **Assumption**: in the order of the BIBB Datenreport zum
Berufsbildungsbericht (Germany, dual training: about 1.2 million apprentices and about
0.37 million passed final exams a year, i.e. roughly 0.3 — a stock spread over three training
years, less early contract terminations, times an exam success rate above 90 %). The figures
are recalled, not checked against the Datenreport here; replace the share when a table of
passed exams per occupation and Kreis is imported as ``graduates``."""
ACADEMIC_ENTRY_SHARE = 0.03
"""Academic graduates (niveau 3 and 4) entering per year as a share of the base-year SV
employees of the same Kreis × Berufsgruppe × niveau × sex. **Assumption**, no source table:
one entry per working life of about 35 years (1/35 ≈ 2.9 %), rounded up to 3 %."""


def prepare_trainees(trainees: pl.DataFrame, employment: pl.DataFrame) -> tuple[pl.DataFrame, dict]:
    """Imported apprentices restricted to the Kreise and Berufsgruppen of ``employment`` (the
    model's cells), suppressed cells (``None``) counted as 0; and what was changed."""
    ags = set(employment["ags"].unique().to_list())
    kldb = set(employment["kldb3"].unique().to_list())
    inside = pl.col("ags").is_in(list(ags)) & pl.col("kldb3").is_in(list(kldb))
    kept = trainees.filter(inside)
    meta = {
        "rows_outside_employment": trainees.height - kept.height,
        "suppressed_as_zero": int(kept["trainees"].null_count()),
    }
    return kept.with_columns(pl.col("trainees").fill_null(0)), meta


def derive_graduates(trainees: pl.DataFrame, employment: pl.DataFrame) -> tuple[pl.DataFrame, dict]:
    """A ``graduates`` table derived where none is imported, and its description.

    Niveau 2 (vocational): ``round(VOCATIONAL_COMPLETION_SHARE × trainees)`` per year, Kreis,
    Berufsgruppe and sex of ``trainees`` (already :func:`prepare_trainees`). Niveau 3 and 4
    (academic): ``round(ACADEMIC_ENTRY_SHARE × employees)`` per year of ``employment``. Both
    shares are assumptions (see the constants); the run metadata flag the table as derived.
    """
    vocational = trainees.select(
        "year",
        "ags",
        "kldb3",
        pl.lit(2, dtype=pl.Int8).alias("niveau"),
        "sex",
        (pl.col("trainees") * VOCATIONAL_COMPLETION_SHARE)
        .round(0)
        .cast(pl.Int64)
        .alias("graduates"),
    )
    academic = (
        employment.filter(pl.col("niveau") >= 3)
        .group_by(["year", "ags", "kldb3", "niveau", "sex"])
        .agg(pl.col("employees").fill_null(0).sum())
        .select(
            "year",
            "ags",
            "kldb3",
            pl.col("niveau").cast(pl.Int8),
            "sex",
            (pl.col("employees") * ACADEMIC_ENTRY_SHARE).round(0).cast(pl.Int64).alias("graduates"),
        )
    )
    frame = pl.concat([vocational.cast(academic.schema), academic]).sort(
        ["year", "ags", "kldb3", "niveau", "sex"]
    )
    meta = {
        "derived": True,
        "vocational": "trainees × completion share (assumption)",
        "vocational_completion_share": VOCATIONAL_COMPLETION_SHARE,
        "vocational_completion_source": (
            "Annahme in der Größenordnung des BIBB-Datenreports (nicht geprüft) / assumption "
            "in the order of the BIBB Datenreport (not verified)"
        ),
        "academic": "employees niveau 3–4 × entry share (assumption)",
        "academic_entry_share": ACADEMIC_ENTRY_SHARE,
        "rows": frame.height,
    }
    return frame, meta
