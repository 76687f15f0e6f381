"""Start page, districts pages, language switch and the no-external-URL rule."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

from fachkraefte import SYNTHETIC_LABEL_DE, SYNTHETIC_LABEL_EN

pytestmark = pytest.mark.django_db


def test_start_page_is_german_with_demo_label(client: Client, demo_data):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Was die Plattform bietet" in html
    assert SYNTHETIC_LABEL_DE in html
    assert "Kreise und kreisfreie Städte in Deutschland" in html
    # the Hessen employment total is shown as a formatted number (thousands separators)
    assert re.search(r'class="figure-value">\d{1,3}(\.\d{3})+<', html)


def test_language_switch_to_english_and_back(client: Client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kreise/"})
    assert response.status_code == 302 and response["Location"] == "/kreise/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "What the platform offers" in html
    assert "Data sources" in html
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert "Was die Plattform bietet" in client.get("/").content.decode()


def test_language_switch_needs_csrf():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/i18n/setlang/", {"language": "en"}).status_code == 403


def _body_rows(html: str) -> list[str]:
    body = html.split('<tbody class="kern-table__body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(
        r'<tr class="kern-table__row">\s*<td class="kern-table__cell">(\d{5})</td>', body
    )


def test_districts_page_lists_the_26_hessian_kreise(client: Client, demo_data):
    html = client.get("/kreise/").content.decode()
    codes = _body_rows(html)
    assert len(codes) == 26 and codes == sorted(codes) and codes[0] == "06411"
    assert "Gießen" in html and "Reg.-Bez." in html
    assert SYNTHETIC_LABEL_DE in html
    assert 'aria-sort="ascending"' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert SYNTHETIC_LABEL_EN in client.get("/kreise/").content.decode()


def test_districts_of_another_land_and_unknown_land(client: Client):
    codes = _body_rows(client.get("/kreise/?land=03").content.decode())
    assert codes and all(code.startswith("03") for code in codes)
    assert client.get("/kreise/?land=42").status_code == 404


@pytest.mark.parametrize(("land", "demo_kreis"), [("14", "14626"), ("03", "03454")])
def test_districts_of_the_other_demo_alliances_carry_figures_and_the_label(
    client: Client, demo_data, land, demo_kreis
):
    html = client.get(f"/kreise/?land={land}").content.decode()
    assert SYNTHETIC_LABEL_DE in html
    response = client.get(f"/kreise/?land={land}&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    employees = next(key for key in rows[0] if key.startswith("Beschäftigte 20"))
    figures = {row["AGS"]: row[employees] for row in rows}
    assert int(figures[demo_kreis]) > 10_000  # the demo Kreis has employees ...
    assert sum(1 for value in figures.values() if value) < len(figures)  # ... not every Kreis


def test_sorting_by_population_descending(client: Client):
    html = client.get("/kreise/?sort=-population").content.decode()
    codes = _body_rows(html)
    assert codes[0] == "06412"  # Frankfurt am Main is Hessen's largest Kreis
    header = re.search(r'<th scope="col"[^>]*aria-sort="descending"[^>]*>\s*<a[^>]*>([^<]*)<', html)
    assert header and header.group(1).startswith("Einwohner")
    assert html.count("aria-sort=") == 1


def test_csv_download_matches_the_table(client: Client, demo_data):
    response = client.get("/kreise/?sort=name&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="kreise-06.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 26
    names = [row["Name"] for row in rows]
    assert names == sorted(names, key=str.casefold)
    frankfurt = next(row for row in rows if row["AGS"] == "06412")
    assert int(frankfurt["Einwohner 31.12.2018"]) > 700_000
    employees_column = next(key for key in rows[0] if key.startswith("Beschäftigte 20"))
    per_1000_column = next(key for key in rows[0] if "je 1000" in key)
    assert "Demodaten" in employees_column
    assert int(frankfurt[employees_column]) > 100_000
    assert 100 < float(frankfurt[per_1000_column]) < 2000


def test_district_detail_and_404(client: Client, demo_data):
    response = client.get("/kreise/06531/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gießen" in html and "DE721" in html
    assert "Kreisgrenzen importiert" in html  # no boundaries in this store
    assert SYNTHETIC_LABEL_DE in html
    assert client.get("/kreise/99999/").status_code == 404
    assert client.get("/kreise/06/").status_code == 404  # a Land is not a Kreis


URL_ATTRIBUTE = re.compile(r'(?:src|href|action)="(https?://[^"]*)"')


@pytest.mark.parametrize("url", ["/", "/kreise/", "/kreise/06412/", "/konto/anmelden/"])
def test_pages_load_nothing_from_other_hosts(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert URL_ATTRIBUTE.findall(response.content.decode()) == []
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_static_vendor_files_are_served(client: Client):
    for path in (
        "/static/vendor/kern/kern.min.css",
        "/static/vendor/htmx/htmx.min.js",
        "/static/web/site.css",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
