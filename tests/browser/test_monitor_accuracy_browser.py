"""The page "Treffsicherheit" in headless Chromium: reached from a district page, axe-clean in
German and English."""

from __future__ import annotations

import polars as pl
import pytest
from test_smoke import assert_accessible

from fachkraefte.forecast.runner import load_tables, run_forecast
from fachkraefte.reports import build_aggregates
from fachkraefte.reports.accuracy import build_accuracy
from fachkraefte.sources.demo import load_demo_table

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBSET = ("06411", "06412")


@pytest.fixture(scope="session")
def accuracy_run(browser_store) -> str:
    """A small run with bands, its aggregates and its accuracy table (as the task builds it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(browser_store))
        tables = {n: f.filter(pl.col("ags").is_in(SUBSET)) for n, f in load_tables().items()}
        run_id = run_forecast(tables, years=3, draws=10, data_vintage="demo-test")["run_id"]
        sources = {
            n: load_demo_table(n).filter(pl.col("ags").is_in(SUBSET))
            for n in ("employment", "labour_market", "wages", "graduates")
        }
        build_aggregates(run_id, tables=sources)
        build_accuracy(run_id, draws=20)
    return run_id


def test_accuracy_page_from_a_district_page(page, live_server, accuracy_run):
    page.goto(f"{live_server.url}/monitor/kreise/06411/?lauf={accuracy_run}")
    page.locator("a[data-accuracy-link]").click()
    page.wait_for_url("**/monitor/treffsicherheit/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Treffsicherheit"
    summary = page.get_by_role("table", name="Mittlerer Fehler über alle Rückrechnungen, je Ebene")
    assert summary.locator("tbody tr").count() == 4  # Kreis × Berufsgruppe … Land
    assert "Fortschreibung" in page.locator("#h-verdict + ul").inner_text()
    assert_accessible(page)


def test_accuracy_page_in_english(
    browser, live_server, accuracy_run, browser_store, monkeypatch, settings
):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(browser_store))
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/monitor/treffsicherheit/?lauf={accuracy_run}")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", level=1).inner_text() == "Forecast accuracy"
        assert "carry-forward" in page.locator("#h-verdict + ul").inner_text()
        assert_accessible(page)
    finally:
        context.close()
