"""The project pages: "Projekt anlegen" on the proposal page, the project page, lists, budget,
milestones, and the report pages with review and the overdue overview (CSV and XLSX)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from p1_world import approved_proposal, project_records
from pdf_samples import pdf_bytes
from role_world import body_text

from fachkraefte.web.outcomes.models import OutcomeResult
from fachkraefte.web.projects.models import Project
from fachkraefte.web.reporting.models import Report


def test_office_creates_the_project_from_the_proposal_page(world, clients):
    proposal = approved_proposal(world)
    office = clients["coordination"]
    page = body_text(office.get(f"/antraege/{proposal.pk}/"))
    assert "Projekt anlegen" in page
    response = office.post(f"/projekte/aus-antrag/{proposal.pk}/")
    project = Project.objects.get(proposal=proposal)
    assert response["Location"] == f"/projekte/{project.pk}/"
    again = office.post(f"/projekte/aus-antrag/{proposal.pk}/")
    assert again["Location"] == f"/projekte/{project.pk}/"
    assert Project.objects.filter(proposal=proposal).count() == 1
    # the applicant sees the link to the project, not the button
    page = body_text(clients["applicant"].get(f"/antraege/{proposal.pk}/"))
    assert "Projekt anlegen" not in page and f"/projekte/{project.pk}/" in page


def test_project_page_shows_steps_budget_reports_and_outcomes(world, clients):
    project = project_records(world).project
    OutcomeResult.objects.create(
        project=project,
        kind="achieved",
        what="Pflegefachkräfte qualifiziert",
        count=12,
        occupation="813",
        district=project.districts.get(),
        year=2026,
    )
    office = body_text(clients["coordination"].get(f"/projekte/{project.pk}/"))
    assert "Projekt ruhen lassen" in office and "Schlussbericht anfordern" in office
    assert "6.300,00" in office
    assert "Zwischenbericht" in office and "Schlussbericht" in office
    assert '<td class="kern-table__cell kern-table__cell--numeric">20</td>' in office
    assert '<td class="kern-table__cell kern-table__cell--numeric">12</td>' in office
    member = body_text(clients["member"].get(f"/projekte/{project.pk}/"))
    assert "Projekt ruhen lassen – nur durch die Koordinierungsstelle" in member


def test_status_step_from_the_page(world, clients):
    project = project_records(world).project
    response = clients["coordination"].post(f"/projekte/{project.pk}/status/", {"status": "paused"})
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).status == "paused"
    undeclared = clients["coordination"].post(
        f"/projekte/{project.pk}/status/", {"status": "closed"}
    )
    assert undeclared.status_code == 400 and "Von „ruhend“" in body_text(undeclared)


def test_lists_scopes_and_export(world, clients):
    project_records(world)
    mine = body_text(clients["applicant"].get("/projekte/"))
    assert "Pflege im Verbund" in mine
    assert "Pflege im Verbund" not in body_text(clients["outsider"].get("/projekte/"))
    assert "Pflege im Verbund" in body_text(clients["member"].get("/projekte/?scope=alliance"))
    xlsx = clients["coordination"].get("/projekte/?scope=all&format=xlsx&status=running")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Projekttitel" and [r[0] for r in rows[1:]] == ["Pflege im Verbund"]
    empty = clients["coordination"].get("/projekte/?scope=all&format=csv&status=closed")
    assert body_text(empty).count("\n") == 1


def test_budget_page_checks_the_sum(world, clients):
    project = project_records(world).project
    Project.objects.filter(pk=project.pk).update(status="preparation")
    url = f"/projekte/{project.pk}/finanzplan/"
    wrong = clients["coordination"].post(url, {"personnel": "100.00"})
    assert wrong.status_code == 400 and "bewilligt sind 9.000,00 EUR" in body_text(wrong)
    right = clients["coordination"].post(url, {"personnel": "8999.99", "travel": "0.01"})
    assert right.status_code == 302
    assert {line.cost_type: str(line.amount) for line in project.budget_lines.all()} == {
        "personnel": "8999.99",
        "travel": "0.01",
    }


def test_report_written_submitted_and_reviewed_through_the_pages(world, clients):
    report = project_records(world).reports[0]
    url = f"/projekte/berichte/{report.pk}/"
    applicant, office = clients["applicant"], clients["coordination"]
    applicant.post(url, {"text": "Begonnen", "save": "1"})
    assert Report.objects.get(pk=report.pk).status == "draft"
    empty = applicant.post(url, {"text": "", "submit": "1"})
    assert empty.status_code == 400
    applicant.post(url, {"text": "Zwölf Teilnehmende, Kurs läuft.", "submit": "1"})
    assert Report.objects.get(pk=report.pk).status == "submitted"
    assert "Bericht prüfen" in body_text(office.get(url))
    changes = office.post(f"{url}pruefen/", {"decision": "changes", "note": ""})
    assert changes.status_code == 400
    office.post(f"{url}pruefen/", {"decision": "changes", "note": "Bitte Zahlen je Kreis"})
    assert Report.objects.get(pk=report.pk).status == "changes_requested"
    assert "Bitte Zahlen je Kreis" in body_text(applicant.get(url))
    applicant.post(url, {"text": "Mit Zahlen je Kreis.", "submit": "1"})
    office.post(f"{url}pruefen/", {"decision": "accept", "note": ""})
    assert Report.objects.get(pk=report.pk).status == "accepted"


def test_overdue_overview_lists_and_exports(world, clients, settings):
    records = project_records(world)
    first = records.reports[0]
    today = dt.date.today()
    Report.objects.filter(project=records.project).update(due_on=today + dt.timedelta(days=30))
    Report.objects.filter(pk=first.pk).update(due_on=today - dt.timedelta(days=3))
    page = body_text(clients["coordination"].get("/projekte/berichte/ueberfaellig/"))
    assert "Zwischenbericht" in page and "Kursstart" in page
    csv = body_text(clients["coordination"].get("/projekte/berichte/ueberfaellig/?format=csv"))
    lines = csv.strip().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("fällig am;Tage überfällig;Art")
    assert len(lines) == 3  # the report and the milestone
    assert "Kursstart" not in body_text(clients["outsider"].get("/projekte/berichte/ueberfaellig/"))


def test_report_attachments_are_checked_pdfs(world, clients):
    report = project_records(world).reports[0]
    url = f"/projekte/berichte/{report.pk}/anlagen/"
    applicant = clients["applicant"]
    fake = SimpleUploadedFile("liste.pdf", b"keine PDF-Datei", content_type="application/pdf")
    refused = applicant.post(url, {"title": "Liste", "file": fake})
    assert refused.status_code == 400 and "ist kein PDF" in body_text(refused)
    assert not report.attachments.exists()
    pdf = SimpleUploadedFile("liste.pdf", pdf_bytes(), content_type="application/pdf")
    assert applicant.post(url, {"title": "Teilnehmerliste", "file": pdf}).status_code == 302
    attachment = report.attachments.get()
    download = clients["member"].get(f"{url}{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    assert clients["outsider"].get(f"{url}{attachment.pk}/").status_code == 404
    assert applicant.post(f"{url}{attachment.pk}/loeschen/").status_code == 302
    assert not report.attachments.exists()
