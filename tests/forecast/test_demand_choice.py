"""``--demand auto``: trend path or industry path, chosen by the trend fit's own in-history
criterion, with both losses in the run's metadata."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from fachkraefte.forecast import store
from fachkraefte.forecast.adapter import inputs_from_tables
from fachkraefte.forecast.demand_choice import choose_demand_path, industry_loss
from fachkraefte.forecast.demand_fit import in_history_loss
from fachkraefte.forecast.industry import industry_demand
from fachkraefte.forecast.runner import run_forecast
from fachkraefte.forecast.vacancy_signal import with_vacancies


@pytest.fixture(scope="module")
def model(demo_tables):
    tables = demo_tables
    built = inputs_from_tables(
        tables["population"], tables["employment"], tables["graduates"], trainees=tables["trainees"]
    )
    return with_vacancies(built, tables)


def test_carry_forward_scored_by_the_shared_criterion_is_the_fits_own(model):
    loss = in_history_loss(
        model.demand_history,
        model.history_years,
        model.ags,
        model.kldb3,
        lambda i, _h: model.demand_history[i].sum(axis=2),
    )
    assert loss == pytest.approx(model.demand_fit.selection["loss_carry_forward"], rel=1e-12)


def test_industry_loss_scores_the_industry_path_from_each_inner_origin(demo_tables, model):
    """One pair by hand: origin row 1 (2014), two years ahead (2016), mean MAPE of the four
    levels equals what the shared criterion adds up for that pair."""
    table = demo_tables["employment_industry"]
    loss = industry_loss(table, model, model.demand_fit.phi)
    years = model.history_years
    calls = []

    def recorded(i, h):
        industry = industry_demand(
            table.filter(pl.col("year") <= years[i]),
            ags=model.ags,
            kldb3=model.kldb3,
            history_years=years[: i + 1],
            base=model.demand_history[i],
        )
        calls.append((i, h))
        return industry.path(h, model.demand_fit.phi)[h].sum(axis=2)

    again = in_history_loss(model.demand_history, years, model.ags, model.kldb3, recorded)
    assert loss == pytest.approx(again, rel=1e-12)
    assert (1, 2) in calls and all(i >= 1 and 1 <= h <= 3 for i, h in calls)
    assert 0 < loss < 1


def test_auto_takes_the_lower_loss_and_says_so(data_dir, demo_tables, model):
    chosen, record = choose_demand_path(demo_tables, model)
    assert record["requested"] == "auto"
    assert record["trend"] == model.demand_fit.selection["loss_chosen"]
    assert chosen == ("industry" if record["industry"] < record["trend"] else "trend")
    assert record["chosen"] == chosen
    meta = run_forecast(demo_tables, years=3, demand="auto", mobility="none")
    assert meta["demand"]["choice"] == record
    assert meta["demand"]["path"] == chosen
    twin = run_forecast(demo_tables, years=3, demand=chosen, mobility="none")
    keys = ["year", "ags", "kldb3", "niveau"]
    a = store.read_frame(meta["run_id"]).sort(keys)
    b = store.read_frame(twin["run_id"]).sort(keys)
    np.testing.assert_allclose(a["demand"], b["demand"], rtol=1e-12)
    assert "choice" not in twin["demand"]


def test_without_the_industry_table_auto_is_the_trend_path_with_the_reason(demo_tables, model):
    tables = {k: v for k, v in demo_tables.items() if k != "employment_industry"}
    chosen, record = choose_demand_path(tables, model)
    assert chosen == "trend" and record["industry"] is None
    assert "employment_industry" in record["reason"]


def test_growth_rates_need_the_industry_path_also_against_auto(data_dir, demo_tables):
    from fachkraefte.forecast.industry import growth_from_dict

    with pytest.raises(Exception, match="demand = 'industry'"):
        run_forecast(
            demo_tables, years=2, demand="auto", industry_growth=growth_from_dict({"growth": {}})
        )


def test_auto_from_the_command_line(data_dir, demo_dir):
    from typer.testing import CliRunner

    from fachkraefte.cli_forecast import app

    result = CliRunner().invoke(
        app,
        ["run", "--years", "2", "--demo-dir", str(demo_dir), "--mobility", "none"]
        + ["--demand", "auto"],
    )
    assert result.exit_code == 0, result.output
    meta = store.read_metadata(result.stdout.strip().splitlines()[-1])
    assert meta["demand"]["choice"]["chosen"] == meta["demand"]["path"]
    refused = CliRunner().invoke(app, ["run", "--demand", "irgendwas"])
    assert refused.exit_code != 0 and "auto" in refused.output
