"""``fachkraefte knowledge reindex`` and ``fachkraefte knowledge search`` (table, CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from knowledge_world import publish
from typer.testing import CliRunner

from fachkraefte.cli import app
from fachkraefte.web.knowledge import services
from fachkraefte.web.sitesearch.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture()
def indexed(world):
    office = world.users["coordination"]
    publish(
        office,
        services.measure_create(
            actor=office,
            alliance=None,
            slug="pflege",
            title="Pflegekräfte für Krankenhäuser gewinnen",
            summary="Kliniken werben gemeinsam um Personal.",
        ),
    )
    SearchDocument.objects.all().delete()
    result = CliRunner().invoke(app, ["knowledge", "reindex"])
    assert result.exit_code == 0, result.output
    assert "measure: 1" in result.output and "occupation: 144" in result.output


def test_search_as_json_csv_and_table(indexed):
    runner = CliRunner()
    result = runner.invoke(
        app, ["knowledge", "search", "Pflegekraft", "--type", "measure", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["rank"], r["type"], r["title"]) for r in rows] == [
        (1, "measure", "Pflegekräfte für Krankenhäuser gewinnen")
    ]
    assert rows[0]["url"] == "/massnahmen/pflege/"
    result = runner.invoke(app, ["knowledge", "search", "Pflege", "--format", "csv"])
    found = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["type"] for r in found} >= {"measure", "occupation"}
    result = runner.invoke(
        app, ["knowledge", "search", "Kräfte in der Pflege", "--type", "measure"]
    )
    assert result.exit_code == 0 and "Pflegekräfte" in result.output  # a narrow table wraps


def test_an_unknown_type_is_refused(indexed):
    result = CliRunner().invoke(app, ["knowledge", "search", "Pflege", "--type", "nichts"])
    assert result.exit_code != 0 and "measure" in result.output
