"""The page "Treffsicherheit": the stored backtest table of the run shown, built by a task."""

from __future__ import annotations

import polars as pl
import pytest
from django.test import Client

from fachkraefte.forecast.backtest import mean_by_level
from fachkraefte.reports.accuracy import accuracy_ready, build_accuracy, read_accuracy

pytestmark = pytest.mark.django_db


@pytest.fixture()
def built(base_run) -> str:
    if not accuracy_ready(base_run):
        build_accuracy(base_run, draws=20)
    return base_run


def _html(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def test_page_is_built_by_a_task_never_in_the_request(client: Client, cli_run):
    from fachkraefte.web.tasks.models import Task
    from fachkraefte.web.tasks.services import tasks_run_queued

    url = f"/monitor/treffsicherheit/?lauf={cli_run}"
    response = client.get(url)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Treffsicherheit wird berechnet" in response.content.decode()
    client.get(url)  # asked twice, queued once
    assert not accuracy_ready(cli_run)
    assert Task.objects.filter(kind="monitor.accuracy", params__run_id=cli_run).count() == 1
    assert tasks_run_queued() == 1
    assert accuracy_ready(cli_run)
    html = _html(client, url)
    assert "Mittlerer Fehler über alle Rückrechnungen" in html
    # the run's own Kreise: five Kreise × the Berufsgruppen with employment at most
    cells = read_accuracy(cli_run).filter(pl.col("level") == "berufsgruppe")["units"]
    assert 0 < cells.max() <= 5 * 144


def test_table_and_verdict_say_what_the_stored_backtest_says(client: Client, built):
    html = _html(client, f"/monitor/treffsicherheit/?lauf={built}")
    summary = mean_by_level(read_accuracy(built))
    for level, label in (("land", "Land"), ("berufsgruppe", "Kreis × Berufsgruppe")):
        rows = {r["method"]: r for r in summary.filter(pl.col("level") == level).to_dicts()}
        model = min(rows["model_supply"]["mape"], rows["model_demand"]["mape"])
        carry = rows["carry_forward"]["mape"]
        if model < carry:
            sentence = f"{label}: Das Modell ist genauer als die Fortschreibung"
        else:
            sentence = f"{label}: Das Modell ist nicht genauer als die Fortschreibung"
        assert sentence in html
        assert f"{carry * 100:.1f}".replace(".", ",") in html
    assert "P10–P90-Abdeckung" in html and "Naiver Trend" in html
    # the demo has employment_industry: the industry path is scored beside the trend path
    assert "model_industry" in set(read_accuracy(built)["method"].to_list())
    assert "MAPE Modell: Bedarf (Branchenpfad)" in html


def test_download_of_the_table(client: Client, built):
    response = client.get(
        f"/monitor/treffsicherheit/?lauf={built}&tabelle=treffsicherheit&format=csv"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "MAPE Fortschreibung" in text and built in text


def test_english_page(client: Client, built):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _html(client, f"/monitor/treffsicherheit/?lauf={built}")
    assert '<html lang="en">' in html
    assert "Forecast accuracy" in html and "Carry-forward" in html
    assert "more accurate than carry-forward" in html
    assert "Model: demand (industry path)" in html


def test_every_forecast_page_links_to_the_accuracy_page(client: Client, base_run):
    target = f'href="/monitor/treffsicherheit/?lauf={base_run}"'
    for url in (
        f"/monitor/?lauf={base_run}",
        f"/monitor/kreise/06411/?lauf={base_run}",
        f"/monitor/berufe/?lauf={base_run}",
        f"/monitor/berufe/813/?lauf={base_run}&land=06",
    ):
        assert target in _html(client, url), url
