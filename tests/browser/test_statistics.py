"""Wage atlas and statistics import in a real browser: keyboard-usable filters, axe-core
(WCAG 2.1 AA), and an upload whose task page follows the background import by HTMX polling."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from test_smoke import assert_accessible

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.tasks.queue import queue_process

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
import fixtures_ba as fb  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sehr-geheim-2024"


@pytest.fixture()
def task_worker():
    """The task library's worker loop in a thread beside the live server, as ``serve`` runs
    the worker beside the site."""
    stop = threading.Event()

    def work() -> None:
        try:
            while not stop.is_set():
                queue_process()  # an empty queue waits one poll interval
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="task-worker", daemon=True)
    thread.start()
    yield thread
    stop.set()
    thread.join(timeout=30)


def test_wage_atlas(page, live_server):
    page.goto(live_server.url + "/statistik/lohnatlas/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lohnatlas"
    assert page.get_by_text("Demodaten – keine amtliche Statistik").first.is_visible()
    page.get_by_label("Kreis", exact=True).select_option("06531")
    page.get_by_label("Berufsgruppe (KldB 2010)").select_option("813")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**ags=06531**")
    assert page.locator("tbody tr").count() == 1
    assert "Gießen" in page.locator("tbody tr").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Gender Pay Gap (%)").first.click()
    page.wait_for_url("**sort=gender_gap_pct**")
    assert_accessible(page)


def test_bottlenecks_page(page, live_server):
    page.goto(live_server.url + "/statistik/engpaesse/?ags=06412&kldb3=813")
    assert page.locator("tbody tr").count() == 4  # four Anforderungsniveaus
    assert_accessible(page)


def test_import_page_and_task_progress(
    page, live_server, task_worker, django_user_model, tmp_path, monkeypatch
):
    # Imports write to the data store: use an empty one, not the session's demo store.
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path / "store"))
    user = django_user_model.objects.create_user("karla", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    page.goto(live_server.url + "/statistik/import/")
    page.get_by_label("Benutzername").fill("karla")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/statistik/import/")
    assert page.get_by_role("link", name="Statistik importieren").is_visible()
    assert_accessible(page)

    path = fb.write_xlsx(fb.labour_market_table().sheet, tmp_path / "alo.xlsx")
    page.get_by_label("Art der Datei (Quelle)").select_option("labour-market")
    page.get_by_label("Datei", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    page.wait_for_url("**/aufgaben/*/")
    # The worker takes the import from the queue; HTMX polls the status until it is done.
    page.get_by_text("Die Aufgabe ist abgeschlossen.").wait_for(timeout=60_000)
    assert page.locator("progress").get_attribute("value") == "100"
    assert "Neu gespeichert" in page.locator("#task-status").inner_text()
    assert_accessible(page)
