"""Uploading official statistics files through the web: permissions, the background import,
problems of a broken file, the list of vintages."""

from __future__ import annotations

import csv
import io

import fixtures_ba as fb
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from fachkraefte.sources.vintages import list_vintages
from fachkraefte.web.tasks.models import Task
from fachkraefte.web.tasks.services import tasks_run_queued

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _upload(path, name=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def _store_files(store):
    root = store / "vintages"
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("url", ["/statistik/import/", "/statistik/datenstaende/"])
def test_anonymous_goes_to_the_login(url):
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")


@pytest.mark.parametrize(
    ("role", "expected"), [("ordinary", 403), ("coordination", 200), ("admin", 200)]
)
@pytest.mark.parametrize("url", ["/statistik/import/", "/statistik/datenstaende/"])
def test_only_the_coordination_office_imports(users, role, expected, url):
    assert _client(users[role]).get(url).status_code == expected


def test_ordinary_user_cannot_post_an_upload(users, fresh_store, tmp_path):
    path = fb.write_xlsx(fb.wage_table().sheet, tmp_path / "entgelt.xlsx")
    response = _client(users["ordinary"]).post(
        "/statistik/import/", {"source": "wages", "file": _upload(path)}
    )
    assert response.status_code == 403
    assert not Task.objects.exists() and not (fresh_store / "uploads").exists()


def test_navigation_link_only_for_those_allowed(users):
    assert "/statistik/import/" not in _client(users["ordinary"]).get("/").content.decode()
    assert "/statistik/import/" in _client(users["coordination"]).get("/").content.decode()
    assert "/statistik/lohnatlas/" in Client().get("/").content.decode()


def test_upload_runs_as_a_task_and_stores_a_vintage(users, fresh_store, tmp_path):
    table = fb.wage_table()
    path = fb.write_xlsx(table.sheet, tmp_path / "entgelt 2023.xlsx")
    client = _client(users["coordination"])
    response = client.post("/statistik/import/", {"source": "wages", "file": _upload(path)})
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/aufgaben/{task.pk}/"
    assert task.status == Task.Status.QUEUED and task.created_by == users["coordination"]
    assert list_vintages() == []  # nothing happens inside the request

    saved = fresh_store / task.params["path"]
    assert saved.read_bytes() == path.read_bytes() and saved.name == "entgelt_2023.xlsx"
    assert not list(saved.parent.glob(".upload.*"))  # no temporary file left behind

    assert tasks_run_queued() == 1
    task.refresh_from_db()
    assert task.status == Task.Status.DONE, task.error_report
    (vintage,) = list_vintages()
    assert vintage.dataset == "wages" and vintage.imported_by == "Karla Koordination"
    assert vintage.file_name == "entgelt_2023.xlsx" and vintage.current_for == ("wages",)
    assert task.result["vintage_id"] == vintage.vintage_id

    html = client.get(f"/aufgaben/{task.pk}/").content.decode()
    assert "abgeschlossen" in html and vintage.vintage_id in html and "Neu gespeichert" in html

    listing = client.get("/statistik/datenstaende/").content.decode()
    assert vintage.vintage_id in listing and "Karla Koordination" in listing
    exported = client.get("/statistik/datenstaende/?format=csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert rows[0]["Prüfsumme (SHA-256)"] == vintage.sha256
    assert rows[0]["importiert von"] == "Karla Koordination"
    assert rows[0]["Stichtag"] == vintage.reference_date.isoformat()


def test_dry_run_checks_and_stores_nothing(users, fresh_store, tmp_path):
    path = fb.write_xlsx(fb.employment_table().sheet, tmp_path / "svb.xlsx")
    _client(users["admin"]).post(
        "/statistik/import/", {"source": "employment", "file": _upload(path), "dry_run": "on"}
    )
    tasks_run_queued()
    task = Task.objects.get()
    assert task.status == Task.Status.DONE and task.result["dry_run"] is True
    assert list_vintages() == []
    assert "Nur geprüft" in _client(users["admin"]).get(f"/aufgaben/{task.pk}/").content.decode()


def test_a_broken_file_lists_its_problems_and_changes_nothing(users, fresh_store, tmp_path):
    client = _client(users["coordination"])
    good = fb.write_xlsx(fb.labour_market_table().sheet, tmp_path / "alo.xlsx")
    client.post("/statistik/import/", {"source": "labour-market", "file": _upload(good)})
    tasks_run_queued()
    before = _store_files(fresh_store)
    assert before

    broken_table = fb.labour_market_table(seed=12, year=2024)
    broken_table.sheet.data[3][3] = "elf"
    broken_table.sheet.data[0][1] = "999 Erfunden"
    broken = fb.write_xlsx(broken_table.sheet, tmp_path / "alo-2024.xlsx")
    client.post("/statistik/import/", {"source": "labour-market", "file": _upload(broken)})
    tasks_run_queued()
    task = Task.objects.order_by("-pk").first()
    assert task.status == Task.Status.FAILED
    problems = task.error_report["problems"]
    assert {p["value"] for p in problems} >= {"elf", "999 Erfunden"}
    assert all(p["file"] == "alo-2024.xlsx" and p["sheet"] == "Tabelle 1" for p in problems)
    assert _store_files(fresh_store) == before

    html = client.get(f"/aufgaben/{task.pk}/").content.decode()
    assert "Es wurde nichts gespeichert" in html and "Tabelle 1" in html and "elf" in html
    elf = next(p for p in problems if p["value"] == "elf")
    assert f">{elf['row']}<" in html and f">{elf['column']}<" in html
    assert escape(elf["message_de"]) in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert escape(elf["message_en"]) in client.get(f"/aufgaben/{task.pk}/").content.decode()


def test_form_errors_are_named(users, fresh_store, tmp_path):
    wrong = tmp_path / "entgelt.pdf"
    wrong.write_bytes(b"%PDF-1.4")
    client = _client(users["coordination"])
    response = client.post("/statistik/import/", {"source": "wages", "file": _upload(wrong)})
    html = response.content.decode()
    assert response.status_code == 400 and "„.pdf“" in html and ".xlsx, .csv" in html
    assert 'aria-invalid="true"' in html
    response = client.post("/statistik/import/", {"source": "erfunden"})
    assert response.status_code == 400 and "Datei" in response.content.decode()
    assert not Task.objects.exists() and not (fresh_store / "uploads").exists()
