"""Embeddable charts and map: frameable only there, same data, snippet and spec addresses."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _spec(html: str, key: str) -> dict:
    found = re.search(
        rf'<script id="spec-{key}" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, key
    return json.loads(found.group(1))


def test_normal_pages_stay_unframeable(client: Client, base_run):
    for url in (
        f"/monitor/?lauf={base_run}",
        f"/monitor/kreise/06411/?lauf={base_run}",
        f"/monitor/berufe/813/?lauf={base_run}",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_district_chart_embed_is_frameable_with_the_same_data(client: Client, base_run):
    page = client.get(f"/monitor/kreise/06411/?lauf={base_run}&beruf=813").content.decode()
    # the page shows the snippet with the stable, run-pinned embed address
    embed_url = f"http://testserver/monitor/einbetten/kreise/06411/angebot-bedarf/?lauf={base_run}"
    snippet = re.search(r'<pre class="embed-code"><code>(.*?)</code></pre>', page, re.S)
    assert snippet, "no embed snippet on the page"
    code = html_lib.unescape(snippet.group(1))
    assert code.startswith(f'<iframe src="{embed_url}') and "beruf=813" in code
    assert 'title="Angebot und Bedarf' in code

    # the snippet is HTML: its src attribute has its "&" escaped
    assert "&amp;beruf=813" in code
    response = client.get(html_lib.unescape(code.split('"')[1]).replace("http://testserver", ""))
    assert response.status_code == 200
    assert not response.has_header("X-Frame-Options")
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "frame-ancestors 'none'" not in policy
    assert "script-src 'self' 'sha256-" in policy and "unsafe" not in policy
    embedded = response.content.decode()
    # one chart only, its spec equal to the page's, its text alternative and data table
    assert embedded.count("data-vega-spec=") == 1
    assert _spec(embedded, "angebot-bedarf") == _spec(page, "angebot-bedarf")
    summary = re.search(r'<p class="chart__summary kern-body">(.*?)</p>', page).group(1)
    assert summary in embedded
    assert "<table" in embedded and "Daten als Tabelle" in embedded
    assert "Demodaten – keine amtliche Statistik" in embedded and base_run in embedded
    # a minimal frame: no site navigation, no forms
    assert "site-header" not in embedded and "<form" not in embedded and "<nav" not in embedded


def test_spec_json_address(client: Client, base_run):
    page = client.get(f"/monitor/kreise/06412/?lauf={base_run}").content.decode()
    keys = re.findall(r'data-vega-spec="spec-([a-z-]+)"', page)
    assert len(keys) == 6  # with the wage atlas chart ("loehne")
    for key in keys:
        url = f"/monitor/einbetten/kreise/06412/{key}/spec.json?lauf={base_run}"
        assert html_lib.escape(url) in page or url in page
        response = client.get(url)
        assert response.status_code == 200, key
        assert response["Content-Type"].startswith("application/json")
        spec = response.json()
        expected = _spec(page, key)
        assert spec["data"] == expected["data"] and spec["layer" if "layer" in spec else "mark"]
        assert spec["usermeta"]["source"]["run_id"] == base_run
        assert spec["usermeta"]["source"]["synthetic"] is True
    assert (
        client.get(
            f"/monitor/einbetten/kreise/06412/gibt-es-nicht/spec.json?lauf={base_run}"
        ).status_code
        == 404
    )


def test_occupation_and_comparison_embeds(client: Client, base_run, other_run):
    response = client.get(f"/monitor/einbetten/berufe/813/kreise/?lauf={base_run}")
    assert response.status_code == 200 and not response.has_header("X-Frame-Options")
    assert "Kreise nach Lücke" in response.content.decode()
    response = client.get(f"/monitor/einbetten/vergleich/kreise/?lauf={base_run}&lauf={other_run}")
    assert response.status_code == 200
    assert "Unterschied zu Lauf 1" in response.content.decode()


def test_map_embed(client: Client, base_run):
    page = client.get(f"/monitor/?lauf={base_run}&mass=share_55").content.decode()
    assert "Karte einbetten" in page
    found = re.search(r'&lt;iframe src="http://testserver(/monitor/einbetten/karte/[^"]*)"', page)
    url = html_lib.unescape(found.group(1))
    assert f"lauf={base_run}" in url and "mass=share_55" in url
    response = client.get(url)
    assert response.status_code == 200
    assert not response.has_header("X-Frame-Options")
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    embedded = response.content.decode()
    links = re.findall(
        r'<a href="[^"]+" target="_blank" rel="noopener" class="map-district"', embedded
    )
    assert len(links) == 5  # one shape per district, opening outside the frame
    assert "Anteil der Beschäftigten ab 55 Jahren" in embedded
    assert "<table" in embedded  # the text alternative

    # the same fills as the page's map
    def fills(text):
        return re.findall(
            r'class="map-district" data-ags="(\d+)"[^>]*>\s*<path d="[^"]+" fill="(#\w+)"', text
        )

    assert fills(embedded) == fills(page) and len(fills(page)) == 5


def test_embed_errors(client: Client, base_run):
    response = client.get(
        f"/monitor/einbetten/kreise/06411/angebot-bedarf/?lauf={base_run}&jahr=1990"
    )
    assert response.status_code == 400 and "1990" in response.content.decode()
    assert client.get(f"/monitor/einbetten/kreise/06411/keine/?lauf={base_run}").status_code == 404
    assert (
        client.get("/monitor/einbetten/kreise/06411/angebot-bedarf/?lauf=gibt-es-nicht").status_code
        == 404
    )
