"""Import of historic projects from a funder's yearly list: CSV and XLSX, the CLI, the office's
upload as a background task; a broken row is named by row and column and nothing is stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from typer.testing import CliRunner

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.web.audit.models import AuditEntry
from fachkraefte.web.programmestats.historic import historic_projects_import
from fachkraefte.web.projects.models import Project
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import tasks_run_queued

TODAY = dt.date(2026, 6, 1)
HEADER = "Projekt;Zuwendungsempfänger;Kreis;Betrag;Jahr;Handlungsfeld;Thema;Beginn;Ende"
GOOD = [
    "Pflegeausbildung im Verbund;Bildungsträger Görlitz e. V.;Görlitz;48.500,00;2019;;Pflege;"
    "01.03.2019;28.02.2021",
    "Welcome-Center;Wirtschaftsförderung Ost GmbH;14625;120000.5;2025;;"
    '"Internationale Fachkräfte; Willkommen";01.01.2025;31.12.2027',
    "Berufeschau;Landkreis Görlitz;Landkreis Görlitz;7.250;2017;{field};;;",
]


def _csv(tmp_path: Path, lines: list[str], name: str = "sab-liste.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def _good(tmp_path: Path, world) -> Path:
    return _csv(tmp_path, [line.format(field=world.field.title) for line in GOOD])


def test_a_clean_list_becomes_historic_projects(world, tmp_path):
    path = _good(tmp_path, world)
    result = historic_projects_import(
        programme=world.saxony, path=path, actor=world.users["coordination"], today=TODAY
    )
    assert (result.rows, result.created, result.years) == (3, 3, (2017, 2019, 2025))
    assert result.total == Decimal("175750.50")
    care = Project.objects.get(title="Pflegeausbildung im Verbund")
    assert care.is_historic and care.proposal is None
    assert care.source == "sab-liste.csv, Zeile 2"
    assert care.status == Project.Status.CLOSED  # ended before today
    assert care.approved_amount == Decimal("48500.00") and care.funding_year == 2019
    assert [d.ags for d in care.districts.all()] == ["14626"]
    assert care.alliance == world.a  # alliance A covers Görlitz
    assert care.themes == ["Pflege"]
    assert (care.starts_on, care.ends_on) == (dt.date(2019, 3, 1), dt.date(2021, 2, 28))
    welcome = Project.objects.get(title="Welcome-Center")
    assert welcome.status == Project.Status.RUNNING and welcome.source.endswith("Zeile 3")
    assert welcome.themes == ["Internationale Fachkräfte", "Willkommen"]
    assert [d.ags for d in welcome.districts.all()] == ["14625"]
    fair = Project.objects.get(title="Berufeschau")
    assert fair.action_field == world.field and fair.status == Project.Status.CLOSED
    assert AuditEntry.objects.filter(object_id=str(care.pk), action="create").exists()


def test_dry_run_stores_nothing(world, tmp_path):
    before = Project.objects.count()
    result = historic_projects_import(
        programme=world.saxony, path=_good(tmp_path, world), actor=None, dry_run=True
    )
    assert result.rows == 3 and result.created == 0
    assert Project.objects.count() == before


def test_a_broken_row_is_named_by_row_and_column_and_nothing_is_stored(world, tmp_path):
    lines = [line.format(field=world.field.title) for line in GOOD]
    lines.insert(1, "Kaputtes Projekt;Träger;Nirgendwo;zwölf Euro;19;;;;")
    path = _csv(tmp_path, lines, name="liste-2019.csv")
    before = Project.objects.count()
    with pytest.raises(ImportValidationError) as caught:
        historic_projects_import(programme=world.saxony, path=path, actor=None, today=TODAY)
    assert Project.objects.count() == before
    found = {(p.row, p.column): p for p in caught.value.problems}
    assert set(found) == {(3, "Betrag"), (3, "Jahr"), (3, "Kreis")}
    amount = found[(3, "Betrag")]
    assert amount.file == "liste-2019.csv" and amount.value == "zwölf Euro"
    assert "Betrag in Euro" in amount.message_de
    assert "amount in euros" in amount.message_en
    assert "Zeile/row 3" in str(amount) and "Spalte/column 'Betrag'" in str(amount)
    district = found[(3, "Kreis")]
    assert district.value == "Nirgendwo" and "district" in district.message_en


def test_missing_columns_and_unknown_action_fields_are_problems(world, tmp_path):
    path = tmp_path / "kurz.csv"
    path.write_text("Projekt;Kreis;Betrag\nA;Görlitz;100\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as caught:
        historic_projects_import(programme=world.saxony, path=path, actor=None)
    assert {(p.row, p.column) for p in caught.value.problems} == {
        (1, "Zuwendungsempfänger"),
        (1, "Jahr"),
    }
    path = _csv(tmp_path, ["A;B;Görlitz;100;2020;Kein solches Feld;;;"], name="feld.csv")
    with pytest.raises(ImportValidationError) as caught:
        historic_projects_import(programme=world.saxony, path=path, actor=None)
    (only,) = caught.value.problems
    assert (only.row, only.column, only.value) == (2, "Handlungsfeld", "Kein solches Feld")


def test_importing_the_same_list_twice_changes_nothing(world, tmp_path):
    path = _good(tmp_path, world)
    historic_projects_import(programme=world.saxony, path=path, actor=None, today=TODAY)
    count = Project.objects.count()
    with pytest.raises(ImportValidationError) as caught:
        historic_projects_import(programme=world.saxony, path=path, actor=None, today=TODAY)
    assert len(caught.value.problems) == 3
    assert Project.objects.count() == count


def test_xlsx_lists_with_number_and_date_cells(world, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Bewilligungen 2020"
    sheet.append(["Projekt", "Zuwendungsempfänger", "Kreis", "Betrag", "Jahr", "Beginn", "Ende"])
    sheet.append(["Lotsen", "Verein", "Leipzig, Stadt", 25000, 2020, dt.datetime(2020, 1, 1), None])
    sheet.append(["Lotsen Land", "Verein", "Leipzig", 12500.25, 2020, None, None])
    sheet.append(["Fehler", "Verein", "Görlitz", -5, 2020, "gestern", None])
    path = tmp_path / "liste.xlsx"
    workbook.save(path)
    with pytest.raises(ImportValidationError) as caught:
        historic_projects_import(programme=world.saxony, path=path, actor=None)
    assert {(p.sheet, p.row, p.column) for p in caught.value.problems} == {
        ("Bewilligungen 2020", 4, "Betrag"),
        ("Bewilligungen 2020", 4, "Beginn"),
    }
    sheet.delete_rows(4)
    workbook.save(path)
    historic_projects_import(programme=world.saxony, path=path, actor=None, today=TODAY)
    city = Project.objects.get(title="Lotsen")
    assert [d.ags for d in city.districts.all()] == ["14713"]
    assert city.starts_on == dt.date(2020, 1, 1) and city.status == Project.Status.CLOSED
    county = Project.objects.get(title="Lotsen Land")
    assert [d.ags for d in county.districts.all()] == ["14729"]
    assert county.approved_amount == Decimal("12500.25")


def test_the_cli_imports_or_lists_the_problems(world, tmp_path, monkeypatch):
    from fachkraefte.cli import app

    monkeypatch.setattr("fachkraefte.web.cli._setup_django", lambda **_kw: None)
    runner = CliRunner()
    path = _good(tmp_path, world)
    args = ["projects", "import-historic", str(path), "--programme", world.saxony.slug]
    checked = runner.invoke(app, [*args, "--dry-run"])
    assert checked.exit_code == 0, checked.output
    assert "3 Projekte geprüft" in checked.output
    assert not Project.objects.filter(title="Welcome-Center").exists()
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "3 historische Projekte angelegt" in done.output
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "Zeile" in again.output
    unknown = runner.invoke(app, [*args[:3], "--programme", "gibt-es-nicht"])
    assert unknown.exit_code != 0


def test_the_office_uploads_a_list_as_a_background_task(world, clients, tmp_path):
    url = "/foerderstatistik/historische-projekte/"
    assert clients["member"].get(url).status_code == 403
    assert clients["anonymous"].get(url).status_code == 302
    page = clients["coordination"].get(url)
    assert page.status_code == 200 and "Vorlage" in page.content.decode()
    upload = SimpleUploadedFile("liste.csv", _good(tmp_path, world).read_bytes())
    response = clients["coordination"].post(url, {"programme": world.saxony.slug, "file": upload})
    task = Task.objects.get(kind="programmestats.historic_import")
    assert response.status_code == 302 and response["Location"] == f"/aufgaben/{task.pk}/"
    assert not Project.objects.filter(title="Welcome-Center").exists()  # not in the request
    assert tasks_run_queued() >= 1  # the role world has a task of its own queued
    task.refresh_from_db()
    assert task.status == Task.Status.DONE, task.error_report
    assert task.progress == 100 and task.result["created"] == 3
    assert Project.objects.filter(title="Welcome-Center", is_historic=True).exists()


def test_a_broken_upload_fails_with_its_problems_in_both_languages(world, clients, tmp_path):
    path = _csv(tmp_path, ["Kaputt;Träger;Görlitz;abc;2019;;;;"])
    upload = SimpleUploadedFile("kaputt.csv", path.read_bytes())
    clients["coordination"].post(
        "/foerderstatistik/historische-projekte/",
        {"programme": world.saxony.slug, "file": upload},
    )
    tasks_run_queued()
    task = Task.objects.get(kind="programmestats.historic_import")
    assert task.status == Task.Status.FAILED
    (problem,) = task.error_report["problems"]
    assert (problem["row"], problem["column"]) == (2, "Betrag")
    html = clients["coordination"].get(f"/aufgaben/{task.pk}/").content.decode()
    assert "Betrag" in html and "zwei Nachkommastellen" in html
    clients["coordination"].post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = clients["coordination"].get(f"/aufgaben/{task.pk}/").content.decode()
    assert "No amount in euros above 0 with at most two decimals." in english
    assert not Project.objects.filter(title="Kaputt").exists()


def test_only_csv_and_xlsx_are_accepted(world, clients):
    upload = SimpleUploadedFile("liste.pdf", b"%PDF-1.4")
    response = clients["coordination"].post(
        "/foerderstatistik/historische-projekte/",
        {"programme": world.saxony.slug, "file": upload},
    )
    assert response.status_code == 400 and "keine CSV- oder XLSX-Datei" in response.content.decode()
    assert not Task.objects.filter(kind="programmestats.historic_import").exists()


def test_the_column_names_of_beneficiary_lists_are_understood(world, tmp_path):
    path = tmp_path / "liste-der-vorhaben.csv"
    path.write_text(
        "Bezeichnung des Vorhabens,Name des Begünstigten,Landkreis/Kreisfreie Stadt,"
        "Zuschuss (EUR),Bewilligungsjahr,Beginn des Vorhabens,Ende des Vorhabens\n"
        'Lotsenprojekt,Verein Ost,Bautzen,"12.000,00",2021,2021-01-01,2022-12-31\n',
        encoding="utf-8",
    )
    result = historic_projects_import(programme=world.saxony, path=path, actor=None, today=TODAY)
    assert result.created == 1
    project = Project.objects.get(title="Lotsenprojekt")
    assert project.recipient == "Verein Ost" and project.approved_amount == Decimal("12000.00")
    assert project.ends_on == dt.date(2022, 12, 31)
