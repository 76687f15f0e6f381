"""No dead links: a district page links to the monitor only where the forecast run has it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fachkraefte import geo
from fachkraefte.web.monitor import selectors

SUBSET = ("06411", "06412", "06435", "06531", "06611")  # the Kreise of conftest.monitor_runs

pytestmark = pytest.mark.django_db

MONITOR_LINK = re.compile(r'href="(/monitor/kreise/(\d{5})/)"')


def test_every_district_page_links_to_the_monitor_only_where_a_run_covers_it(
    client: Client, base_run
):
    run = selectors.default_run()
    assert run is not None
    covered = {code for code in selectors.region_codes(run) if len(code) == 5}
    assert covered == set(SUBSET)
    linked, unlinked = [], []
    for district in geo.districts():
        response = client.get(f"/kreise/{district.ags}/")
        assert response.status_code == 200, district.ags
        links = MONITOR_LINK.findall(response.content.decode())
        if district.ags in covered:
            assert links == [(f"/monitor/kreise/{district.ags}/", district.ags)], district.ags
            linked.append(district.ags)
        else:
            assert links == [], (district.ags, links)
            assert "noch keine Fachkräfteprognose" in response.content.decode()
            unlinked.append(district.ags)
    # the test runs cover five Hessian Kreise; the other 395 pages have no monitor link
    assert len(linked) == len(SUBSET) and len(unlinked) == len(geo.districts()) - len(SUBSET)
    for ags in linked:
        assert client.get(f"/monitor/kreise/{ags}/").status_code == 200, ags
