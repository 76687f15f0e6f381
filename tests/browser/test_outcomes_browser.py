"""Outcomes in a real browser: the recipient enters a report's participants and results, the
effect on the gap is computed in the background and shown with its chart; axe-core (WCAG 2.1
AA) on the report form (also with its error) and on the effect page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from django.contrib.auth import get_user_model
from test_smoke import assert_accessible

from fachkraefte.forecast.runner import load_tables, run_forecast
from fachkraefte.sources.demo import build_demo
from fachkraefte.web.alliances.models import Alliance
from fachkraefte.web.core.models import Region
from fachkraefte.web.core.regions import sync_regions
from fachkraefte.web.programmes.models import Programme
from fachkraefte.web.programmes.shipped import ensure_shipped_programmes
from fachkraefte.web.projects.models import Project, ProjectPerson
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.tasks.services import tasks_run_queued

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2024"


@pytest.fixture()
def report(tmp_path, monkeypatch, page):
    # a store of its own: the run made here must not become the other browser tests' default
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    build_demo()
    tables = {
        name: frame.filter(pl.col("ags").is_in(["14626"])) if "ags" in frame.columns else frame
        for name, frame in load_tables().items()
    }
    run_forecast(tables, years=4)
    sync_regions()
    ensure_shipped_programmes()
    recipient = get_user_model().objects.create_user("traeger", password=PASSWORD)
    alliance = Alliance.objects.create(
        slug="allianz-goerlitz",
        name="Allianz Görlitz (Test)",
        programme=Programme.objects.get(slug="sachsen-fachkraefteallianzen"),
    )
    project = Project.objects.create(
        programme=alliance.programme,
        alliance=alliance,
        title="Pflege kompakt (Test)",
        recipient="Träger",
        occupations=["813"],
        funding_year=2025,
        approved_amount=Decimal("50000"),
        status=Project.Status.RUNNING,
    )
    project.districts.set([Region.objects.get(ags="14626")])
    ProjectPerson.objects.create(project=project, user=recipient, role=ProjectPerson.Role.LEAD)
    return Report.objects.create(
        project=project,
        kind=Report.Kind.INTERIM,
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 6, 30),
        due_on=dt.date(2025, 7, 31),
    )


def test_the_recipient_reports_outcomes_and_sees_their_effect(page, live_server, sign_in, report):
    sign_in("traeger", PASSWORD)
    page.goto(f"{live_server.url}/projekte/berichte/{report.pk}/ergebnisse/")
    assert_accessible(page)
    page.get_by_label("Zielgruppe (Zeile 1)").select_option("unemployed")
    page.get_by_label("Geschlecht (Zeile 1)").select_option("f")
    page.get_by_label("Anzahl (Zeile 1)").first.fill("12")
    page.get_by_label("Ergebnis (Zeile 1)").fill("Pflegefachkräfte qualifiziert")
    page.get_by_label("Anzahl (Zeile 1)").nth(1).fill("18")
    page.get_by_label("Beruf (KldB) (Zeile 1)").fill("999")
    page.get_by_label("Kreis (AGS) (Zeile 1)").fill("14626")
    page.get_by_label("Jahr (Zeile 1)").fill("2025")
    page.get_by_role("button", name="Ergebnisse speichern").click()
    page.get_by_text("kein Schlüssel der KldB 2010").wait_for()
    assert_accessible(page)
    page.get_by_label("Beruf (KldB) (Zeile 1)").fill("813")
    page.get_by_role("button", name="Ergebnisse speichern").click()
    page.get_by_text("Die Ergebnisse wurden gespeichert.").wait_for()
    assert page.get_by_role("cell", name="Pflegefachkräfte qualifiziert", exact=True).is_visible()

    page.get_by_role("link", name="Wirkung auf die Fachkräftelücke").click()
    page.get_by_text("wird berechnet").first.wait_for()
    assert tasks_run_queued() >= 1
    page.reload()
    page.get_by_role("heading", name="Beitrag erreicht").wait_for()
    # planned (no planned rows: the gap alone) and achieved (the 18 of 2025), each with its chart
    assert page.locator("figure.need-chart svg").count() == 2
    assert "Prognoselauf" in page.content()
    assert_accessible(page)
