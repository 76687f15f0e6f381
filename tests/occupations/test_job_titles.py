"""The BA Gesamtberufsliste: read, stored, searched by job title; refused when malformed."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.occupations import job_titles

HEADER = [
    "DKZ-ID",
    "Codenummer",
    "Zustand",
    "Bezeichnung neutral kurz",
    "Bezeichnung männlich lang",
    "Bezeichnung weiblich lang",
]
ROWS = [
    [1, "B 81302-104", "T", "Pflegefachmann/-frau", "Pflegefachmann", "Pflegefachfrau"],
    [2, "B 82102-101", "T", "Altenpfleger/in", "Altenpfleger", "Altenpflegerin"],
    [3, "B 26122-101", "R", "Mechatroniker/in", "Mechatroniker", "Mechatronikerin"],
    [4, "S 123", "T", "Keine Berufsbezeichnung", "", ""],  # outside branch B: skipped
]


def _workbook(path, rows=ROWS, header=HEADER, sheet=job_titles.SHEET):
    book = Workbook()
    book.active.title = "Impressum"
    table = book.create_sheet(sheet)
    table.append([None] * 6)
    table.append(header)
    for row in rows:
        table.append(row)
    book.save(path)
    return path


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path / "store"))
    return tmp_path


def test_read_maps_titles_to_kldb_codes(tmp_path):
    titles = job_titles.read_job_titles(_workbook(tmp_path / "liste.xlsx"))
    assert [(t.title, t.code) for t in titles] == [
        ("Pflegefachmann/-frau", "81302"),
        ("Altenpfleger/in", "82102"),
        ("Mechatroniker/in", "26122"),
    ]


def test_import_then_search_by_any_spelling(store):
    path = _workbook(store / "liste.xlsx")
    meta = job_titles.import_job_titles(path)
    assert meta["count"] == 3
    assert job_titles.import_job_titles(path)["unchanged"] is True
    assert [t.code for t in job_titles.search_job_titles("pflegefrau")] == []
    assert [t.code for t in job_titles.search_job_titles("Pflegefachfrau")] == ["81302"]
    assert [t.title for t in job_titles.search_job_titles("pfleger")][0] == "Altenpfleger/in"
    assert [t.code for t in job_titles.search_job_titles("261")] == ["26122"]
    assert job_titles.search_job_titles("x") == []


def test_without_import_the_kldb_titles_are_searched(store):
    hits = job_titles.search_job_titles("Pflege")
    assert hits and all(len(hit.code) in (3, 5) for hit in hits)


@pytest.mark.parametrize(
    "kwargs",
    [{"header": ["Nummer", "Titel"]}, {"sheet": "Andere"}, {"rows": []}],
    ids=["header", "sheet", "empty"],
)
def test_a_malformed_file_is_refused_and_nothing_stored(store, kwargs):
    path = _workbook(store / "kaputt.xlsx", **kwargs)
    with pytest.raises(ImportValidationError):
        job_titles.import_job_titles(path)
    assert job_titles.imported_titles() is None


def test_known_codes_and_labels():
    assert job_titles.known_code("813") and job_titles.known_code("81302")
    assert not job_titles.known_code("99999") and not job_titles.known_code("abc")
    assert job_titles.code_label("81302").startswith("81302 ")
