"""Entering a report's outcomes: the form, the template round trip, the import task."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from p3_world import world_report

from fachkraefte.web.outcomes.models import OutcomeResult, ParticipantCount
from fachkraefte.web.reporting.models import Report
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import tasks_run_queued

pytestmark = pytest.mark.django_db

FORM = {
    "tn-TOTAL_FORMS": "2",
    "tn-INITIAL_FORMS": "0",
    "er-TOTAL_FORMS": "2",
    "er-INITIAL_FORMS": "0",
    "tn-0-target_group": "unemployed",
    "tn-0-sex": "f",
    "tn-0-count": "12",
    "tn-1-target_group": "unemployed",
    "tn-1-sex": "m",
    "tn-1-count": "7",
    "er-0-what": "Pflegefachkräfte qualifiziert",
    "er-0-count": "18",
    "er-0-occupation": "813",
    "er-0-district": "14626",
    "er-0-year": "2026",
}


def _url(report) -> str:
    return f"/projekte/berichte/{report.pk}/ergebnisse/"


def test_the_recipient_enters_participants_and_results(world, clients):
    report = world_report(world, Report.Status.DUE)
    response = clients["applicant"].post(_url(report), FORM)
    assert response.status_code == 302
    counts = {(p.sex, p.count) for p in ParticipantCount.objects.filter(report=report)}
    assert counts == {("f", 12), ("m", 7)}
    result = OutcomeResult.objects.get(report=report)
    assert (result.kind, result.count, result.occupation, result.district_id, result.year) == (
        "achieved",
        18,
        "813",
        "14626",
        2026,
    )
    report.refresh_from_db()
    assert report.status == Report.Status.DUE  # the report's state is the reporting workflow's
    html = clients["member"].get(_url(report)).content.decode()
    assert "Pflegefachkräfte qualifiziert" in html and "Ergebnisse speichern" not in html


def test_a_wrong_row_is_named_and_nothing_is_stored(world, clients):
    report = world_report(world, Report.Status.DRAFT)
    broken = {**FORM, "er-0-occupation": "999", "er-1-what": "ohne Anzahl"}
    response = clients["applicant"].post(_url(report), broken)
    assert response.status_code == 400
    html = response.content.decode()
    assert "kein Schlüssel der KldB 2010" in html and "Angabe fehlt" in html
    assert not ParticipantCount.objects.filter(report=report).exists()


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        (Report.Status.SUBMITTED, "applicant", 403),
        (Report.Status.ACCEPTED, "applicant", 403),
        (Report.Status.CHANGES_REQUESTED, "applicant", 302),
        (Report.Status.DRAFT, "steering", 403),
        (Report.Status.DRAFT, "coordination", 403),
        (Report.Status.DRAFT, "outsider", 404),
    ],
)
def test_only_the_recipient_writes_and_only_while_the_report_is_open(
    world, clients, status, role, expected
):
    report = world_report(world, status)
    assert clients[role].post(_url(report), FORM).status_code == expected
    assert OutcomeResult.objects.filter(report=report).exists() == (expected == 302)


def _upload(clients, report, name: str, body: bytes):
    file = SimpleUploadedFile(name, body)
    return clients["applicant"].post(f"{_url(report)}import/", {"file": file})


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_round_trip(world, clients, fmt):
    """The downloaded template of a filled report, uploaded into another report, gives the
    same rows there (through the background task)."""
    source = world_report(world, Report.Status.DUE)
    clients["applicant"].post(_url(source), FORM)
    download = clients["applicant"].get(f"{_url(source)}vorlage.{fmt}")
    assert download.status_code == 200
    target = world_report(world, Report.Status.CHANGES_REQUESTED)
    response = _upload(clients, target, f"ergebnisse.{fmt}", download.content)
    assert response.status_code == 302 and "/aufgaben/" in response["Location"]
    tasks_run_queued()
    task = Task.objects.get(kind="outcomes.import")
    assert task.status == Task.Status.DONE, task.error_report

    def rows(report):
        return (
            sorted(
                (p.target_group, p.sex, p.count)
                for p in ParticipantCount.objects.filter(report=report)
            ),
            sorted(
                (r.what, r.count, r.occupation, r.district_id, r.year)
                for r in OutcomeResult.objects.filter(report=report)
            ),
        )

    assert rows(target) == rows(source) and rows(source)[1]


def test_a_broken_import_row_is_named_with_row_and_column_and_nothing_is_stored(world, clients):
    report = world_report(world, Report.Status.DRAFT)
    clients["applicant"].post(_url(report), FORM)
    before = list(OutcomeResult.objects.filter(report=report).values_list("count", flat=True))
    text = (
        "Art;Zielgruppe;Geschlecht;Ergebnis;Anzahl;Beruf (KldB);Kreis (AGS);Jahr\n"
        "Teilnehmende;Arbeitslose;weiblich;;5;;;\n"
        "Ergebnis;;;Pflegehelfer qualifiziert;4;81301;14626;2026\n"
        "Ergebnis;;;Pflegefachkräfte;zwölf;813;99999;2026\n"
    )
    _upload(clients, report, "ergebnisse.csv", text.encode())
    tasks_run_queued()
    task = Task.objects.get(kind="outcomes.import")
    assert task.status == Task.Status.FAILED
    problems = {(p["row"], p["column"]) for p in task.error_report["problems"]}
    assert problems == {(4, "Anzahl"), (4, "Kreis (AGS)")}
    page = clients["applicant"].get(f"/aufgaben/{task.pk}/").content.decode()
    assert "Kein Kreis (fünfstelliger AGS)." in page and "99999" in page
    after = list(OutcomeResult.objects.filter(report=report).values_list("count", flat=True))
    assert after == before  # the valid rows of the broken file were not stored either


def test_the_template_names_its_columns(world, clients):
    report = world_report(world, Report.Status.DUE)
    response = clients["applicant"].get(f"{_url(report)}vorlage.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [
        "Art",
        "Zielgruppe",
        "Geschlecht",
        "Ergebnis",
        "Anzahl",
        "Beruf (KldB)",
        "Kreis (AGS)",
        "Jahr",
    ]


def test_a_file_of_another_kind_is_refused_at_once(world, clients):
    report = world_report(world, Report.Status.DUE)
    response = _upload(clients, report, "ergebnisse.pdf", b"%PDF-1.4")
    assert response.status_code == 400 and "CSV- und XLSX-Dateien" in response.content.decode()
    assert not Task.objects.filter(kind="outcomes.import").exists()


def test_the_same_target_group_and_sex_twice_is_refused(world, clients):
    report = world_report(world, Report.Status.DRAFT)
    twice = {**FORM, "tn-1-sex": "f"}
    response = clients["applicant"].post(_url(report), twice)
    assert response.status_code == 400 and "nur einmal" in response.content.decode()
    assert not ParticipantCount.objects.filter(report=report).exists()
