"""The synthetic occupation-by-industry table (``employment_industry``) of the demo."""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte.sources.demo import DEFAULT_SEED, generate_demo_tables
from fachkraefte.sources.demo.industry import HAUPTGRUPPE_SECTIONS, section_affinity
from fachkraefte.sources.schema import WZ_SECTIONS


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return generate_demo_tables(DEFAULT_SEED)


def test_sections_add_up_exactly_to_the_employment_table(tables):
    keys = ["year", "ags", "kldb3", "niveau"]
    by_section = tables["employment_industry"].group_by(keys).agg(pl.col("employees").sum())
    employment = tables["employment"].group_by(keys).agg(pl.col("employees").sum())
    joined = employment.join(by_section, on=keys, how="full", coalesce=True, suffix="_industry")
    assert joined.height == employment.height  # same cells, none extra, none missing
    assert joined["employees"].null_count() == 0
    assert (joined["employees"] == joined["employees_industry"]).all()


def test_only_sections_of_the_hauptgruppe_have_rows(tables):
    frame = tables["employment_industry"]
    assert set(frame["wz_section"].unique()) <= set(WZ_SECTIONS)
    pairs = frame.select("kldb3", "wz_section").unique()
    allowed = {
        (code, WZ_SECTIONS[j])
        for code in pairs["kldb3"].unique().to_list()
        for j, w in enumerate(section_affinity((code,))[0])
        if w > 0
    }
    assert set(pairs.iter_rows()) == allowed
    # Nurses and doctors work in health (Q), soldiers only in public administration (O).
    assert set(frame.filter(pl.col("kldb3") == "011")["wz_section"].unique()) == {"O"}
    assert HAUPTGRUPPE_SECTIONS["81"]["Q"] > 0.9


def test_magnitudes_are_plausible(tables):
    frame = tables["employment_industry"].filter(pl.col("year") == 2024)
    shares = (
        frame.group_by("wz_section")
        .agg(pl.col("employees").sum())
        .with_columns(pl.col("employees") / pl.col("employees").sum())
    )
    share = dict(shares.iter_rows())
    # Manufacturing, trade and health are Hessen's largest sections; agriculture is small.
    top = sorted(share, key=share.get, reverse=True)[:5]
    assert {"C", "G", "Q"} <= set(top)
    assert 0.10 < share["C"] < 0.25 and share["A"] < 0.02

    def k_share(ags: str) -> float:
        kreis = frame.filter(pl.col("ags") == ags)
        return (
            kreis.filter(pl.col("wz_section") == "K")["employees"].sum() / kreis["employees"].sum()
        )

    # Banking is a Frankfurt speciality; the Vogelsbergkreis has little of it.
    assert k_share("06412") > 3 * k_share("06535")
    q81 = frame.filter(pl.col("kldb3").str.starts_with("81"))
    assert q81.filter(pl.col("wz_section") == "Q")["employees"].sum() > 0.8 * q81["employees"].sum()
