"""The district page's "Ähnliche Kreise": the run's peer set, with reasons and links."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client

from fachkraefte.reports.peer_sets import peer_set

pytestmark = pytest.mark.django_db


def test_district_page_lists_similar_districts_with_reasons(client: Client, base_run):
    response = client.get(f"/monitor/kreise/06411/?lauf={base_run}")
    assert response.status_code == 200
    page = html_lib.unescape(response.content.decode())
    section = re.search(r'<section aria-labelledby="h-similar">(.*?)</section>', page, re.S)
    assert section, "no similar-districts section"
    expected = peer_set(base_run).neighbours("06411", k=5)
    assert len(expected) == 4  # the other four Kreise of the test run
    items = re.findall(r"<li[^>]*>(.*?)</li>", section.group(1), re.S)
    assert len(items) == len(expected)
    for item, neighbour in zip(items, expected, strict=True):
        assert f"/monitor/kreise/{neighbour.ags}/?lauf={base_run}" in item
        assert neighbour.reason and neighbour.reason in item
    assert "Kreistyp: kreisfreie Großstadt" in section.group(1)  # Darmstadt, BBSR type 1
    assert "BBSR" in section.group(1)
