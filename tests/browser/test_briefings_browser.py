"""Similar districts and the briefing pack in real headless Chromium, axe-clean.

From a district page of the monitor to a similar district; then the coordination office has
the district's briefing pack made (the background task runs in this process) and downloads it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from test_monitor import runs  # noqa: F401  (the session's forecast runs on five Kreise)
from test_smoke import assert_accessible

from fachkraefte.web.accounts.roles import COORDINATION_GROUP
from fachkraefte.web.tasks.services import tasks_run_queued

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Werkstatt-Unterlagen-2027"


@pytest.fixture()
def office(settings):
    user = get_user_model().objects.create_user("koordination", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    return user


def test_similar_districts_lead_to_their_pages(page, live_server, runs):  # noqa: F811
    page.goto(f"{live_server.url}/monitor/kreise/06411/?lauf={runs['basis']}")
    section = page.locator("section[aria-labelledby='h-similar']")
    assert section.get_by_role("heading", name="Ähnliche Kreise").is_visible()
    items = section.locator("li")
    assert items.count() == 4  # the other four Kreise of the run
    assert "beide: " in items.first.inner_text()
    assert_accessible(page)
    name = items.first.get_by_role("link").inner_text()
    items.first.get_by_role("link").click()
    page.wait_for_url("**/monitor/kreise/**")
    assert page.get_by_role("heading", level=1).inner_text() == name


def test_office_has_the_pack_made_and_downloads_it(page, live_server, runs, office, sign_in):  # noqa: F811
    sign_in("koordination", PASSWORD)
    url = f"{live_server.url}/werkstaetten/unterlagen/06411/?lauf={runs['basis']}"
    page.goto(url)
    assert_accessible(page)
    page.get_by_role("button", name="Unterlagen erstellen").click()
    assert page.get_by_role("heading", name="Die Unterlagen werden erstellt").is_visible()
    assert_accessible(page)
    tasks_run_queued()
    page.get_by_role("link", name="Stand aktualisieren").click()
    link = page.get_by_role("link", name="Unterlagen als PDF (barrierefrei, PDF/UA-1)")
    assert link.is_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "unterlagen-06411.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    # The HTML version opens in the browser: charts as images with their text, axe-clean.
    page.get_by_role("link", name="Unterlagen als HTML").click()
    page.wait_for_url("**/unterlagen.html**")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("figure img[alt]").count() == 5
    assert_accessible(page)
