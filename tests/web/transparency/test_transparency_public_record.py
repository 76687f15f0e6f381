"""The public record: list, filters, sort, downloads, map, a page per project, the API – and
nothing internal on any of them (internal notes, reviews and reviewers, people's e-mails)."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from openpyxl import load_workbook
from p4_world import PLATFORM_TITLE, p4_projects
from role_world import ROLES, SECRET

from fachkraefte.web.projects.models import Project

LIST = "/gefoerderte-projekte/"


def _titles(response) -> list[str]:
    return [project.title for project in response.context["page"]]


def test_every_project_is_listed_for_everyone(world, clients):
    records = p4_projects(world)
    for role in ROLES:
        response = clients[role].get(LIST)
        assert response.status_code == 200, role
        html = response.content.decode()
        for project in (records.platform, records.closed, records.running):
            assert project.title in html, (role, project.title)
    html = clients["anonymous"].get(LIST).content.decode()
    assert "Allianz A" in html and "Görlitz" in html and "laufend" in html


def test_filters_narrow_the_list(world, clients):
    records = p4_projects(world)
    client = clients["anonymous"]
    assert _titles(client.get(LIST + "?kreis=14625")) == [records.running.title]
    assert set(_titles(client.get(LIST + "?jahr=2025"))) == {PLATFORM_TITLE, records.running.title}
    assert _titles(client.get(LIST + "?status=closed")) == [records.closed.title]
    assert set(_titles(client.get(LIST + "?allianz=allianz-a"))) == {
        PLATFORM_TITLE,
        records.closed.title,
    }
    assert _titles(client.get(LIST + f"?handlungsfeld={world.field.pk}")) == [PLATFORM_TITLE]
    assert _titles(client.get(LIST + "?q=welcome")) == [records.running.title]
    # malformed filters are ignored, never an error
    odd = client.get(LIST + "?jahr=abc&status=geheim&handlungsfeld=99999999999")
    assert odd.status_code == 200 and len(_titles(odd)) == 3


def test_a_district_filter_does_not_multiply_the_outcomes(world, clients):
    p4_projects(world)
    response = clients["anonymous"].get(LIST + "?kreis=14626&sort=title")
    achieved = {project.title: project.outcomes_achieved for project in response.context["page"]}
    assert achieved[PLATFORM_TITLE] == 15 and achieved["Ausbildungsmesse Oberlausitz"] == 40


def test_sorting_and_downloads(world, clients):
    p4_projects(world)
    client = clients["anonymous"]
    by_amount = _titles(client.get(LIST + "?sort=-amount"))
    assert by_amount[0] == "Ausbildungsmesse Oberlausitz" and by_amount[-1] == PLATFORM_TITLE
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(LIST + "?format=csv&status=closed").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert [row["Projekt"] for row in rows] == ["Ausbildungsmesse Oberlausitz"]
    assert rows[0]["bewilligt (EUR)"] == "50000.00" and rows[0]["Ergebnisse (erreicht)"] == "40"
    sheet = load_workbook(io.BytesIO(client.get(LIST + "?format=xlsx").content)).worksheets[0]
    header, *lines = list(sheet.iter_rows(values_only=True))
    assert "Projekt" in header and len(lines) == 3


def test_the_map_counts_projects_per_district(world, clients):
    p4_projects(world)
    response = clients["anonymous"].get(LIST + "karte/")
    assert response.status_code == 200
    totals = {total.ags: total for total in response.context["totals"]}
    assert len(totals) == 13  # every Saxon district, those without projects at zero
    assert totals["14626"].projects == 3 and totals["14625"].projects == 1
    assert totals["14511"].projects == 0
    districts = {item["ags"]: item for item in response.context["map"]["districts"]}
    assert "kreis=14626" in districts["14626"]["url"]
    amounts = clients["anonymous"].get(LIST + "karte/?zeigen=betrag&jahr=2025")
    by_ags = {total.ags: total for total in amounts.context["totals"]}
    assert by_ags["14626"].projects == 2 and by_ags["14625"].amount == Decimal("30000")


def test_the_project_page_shows_public_facts_and_outcomes(world, clients):
    records = p4_projects(world)
    response = clients["anonymous"].get(f"{LIST}{records.platform.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (PLATFORM_TITLE, "Pflegeschule Görlitz", "Allianz A", "Görlitz", "Arbeitslose"):
        assert text in html
    assert "Pflegehilfskräfte qualifiziert" in html and "erreicht" in html and "geplant" in html
    assert clients["anonymous"].get(f"{LIST}999999/").status_code == 404


def _internal_texts(world, records) -> list[str]:
    member = world.users["member"]
    texts = [
        records.platform.internal_note,
        records.proposal.reviews.get().comment,
        member.email,
        member.username,
        world.users["steering"].get_full_name(),
        SECRET,
    ]
    return [text for text in texts if text]


def _public_urls(records) -> list[str]:
    urls = [
        LIST,
        LIST + "?format=csv",
        LIST + "?format=xlsx",
        LIST + "karte/",
        "/foerderstatistik/",
        "/foerderstatistik/?format=csv",
        "/api/public-projects/",
        "/api/programme-statistics/",
        f"/api/programme-statistics/{records.platform.programme.slug}/",
    ]
    for project in (records.platform, records.closed, records.running):
        urls += [f"{LIST}{project.pk}/", f"/api/public-projects/{project.pk}/"]
    return urls


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    return response.content.decode("utf-8-sig")


def test_nothing_internal_reaches_the_public_pages_or_the_api(world, clients):
    """Walk every public page, download and API answer as anonymous and as an outsider, and
    also follow every project link found on the list."""
    records = p4_projects(world)
    internal = _internal_texts(world, records)
    assert records.platform.people.filter(user__email=world.users["member"].email).exists()
    urls = _public_urls(records)
    listing = clients["anonymous"].get(LIST).content.decode()
    urls += sorted(set(re.findall(r'href="(/gefoerderte-projekte/\d+/)"', listing)))
    for role in ("anonymous", "outsider"):
        for url in urls:
            response = clients[role].get(url)
            assert response.status_code == 200, (role, url)
            body = _text(response)
            leaked = [text for text in internal if text.lower() in body.lower()]
            assert not leaked, (role, url, leaked)


def test_the_api_lists_public_fields_only(world, clients):
    records = p4_projects(world)
    answer = clients["anonymous"].get("/api/public-projects/?kreis=14626&ordering=funding_year")
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [row["title"] for row in results][0] == "Ausbildungsmesse Oberlausitz"
    platform = next(row for row in results if row["id"] == records.platform.pk)
    assert platform["districts"] == ["14626"] and platform["outcomes_achieved"] == 15
    assert platform["alliance"] == "allianz-a" and platform["is_historic"] is False
    assert not {"internal_note", "people", "proposal", "source"} & set(platform)
    assert platform["page"].endswith(f"/gefoerderte-projekte/{records.platform.pk}/")
    assert clients["anonymous"].post("/api/public-projects/", {}).status_code in {401, 403, 405}
    assert Project.objects.count() == 3
