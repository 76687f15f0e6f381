"""``fachkraefte overlap compare|search`` in all three formats."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from fachkraefte.cli import app

runner = CliRunner()


def test_compare_as_json_names_components_and_passage():
    result = runner.invoke(
        app,
        [
            "overlap",
            "compare",
            "Sprachkurse für Pflegekräfte",
            "Deutschkurse für Pflegehelfer",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)[0]
    assert row["is_duplicate"] is True
    assert 0 < row["lexical"] < row["semantic"] <= 1
    assert "kurs" in row["shared_terms"] and "Sprachkurse" in row["passages"]


def test_search_against_a_csv_file(tmp_path):
    projects = tmp_path / "projekte.csv"
    projects.write_text(
        "key,title,description,districts\n"
        "a,Werkstatttage Handwerk,Oberschüler lernen Handwerksberufe kennen.,14626\n"
        "b,Pflegehelfer ausbilden,Erwerbslose werden Pflegehelfer.,14626;14625\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "overlap",
            "search",
            "Pflegehilfskräfte qualifizieren",
            "--against",
            str(projects),
            "--format",
            "csv",
            "--k",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["key"] for r in rows] == ["b"]


def test_search_without_a_stored_index_says_what_to_do(data_dir):
    result = runner.invoke(app, ["overlap", "search", "Pflege"])
    assert result.exit_code == 1
    assert "--against" in result.output


def test_records_from_json_and_text_files(tmp_path):
    import datetime as dt

    import pytest

    from fachkraefte.overlap.files import read_records

    listed = tmp_path / "projekte.json"
    listed.write_text(
        json.dumps(
            [
                {
                    "key": "x",
                    "title": "Sprachkurse",
                    "districts": ["14626"],
                    "starts_on": "2026-01-01",
                    "ends_on": "2026-12-31",
                }
            ]
        ),
        encoding="utf-8",
    )
    (record,) = read_records(listed)
    assert (record.key, record.districts, record.ends_on) == (
        "x",
        ("14626",),
        dt.date(2026, 12, 31),
    )
    lines = tmp_path / "projekte.txt"
    lines.write_text("Sprachkurse\n\nWerkstatttage\n", encoding="utf-8")
    assert [r.title for r in read_records(lines)] == ["Sprachkurse", "Werkstatttage"]
    empty = tmp_path / "leer.json"
    empty.write_text('[{"key": "y"}]', encoding="utf-8")
    with pytest.raises(ValueError, match="Eintrag 1"):
        read_records(empty)
