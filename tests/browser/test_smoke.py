"""Smoke, accessibility (axe-core, WCAG 2.1 AA) and keyboard tests in a real browser."""

from __future__ import annotations

import json

import pytest

from fachkraefte.paths import npm_package_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_RUN = """
() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
      .then(result => result.violations.map(v => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})))
"""


def assert_accessible(page) -> None:
    page.add_script_tag(path=str(npm_package_file("axe-core", "axe.min.js")))
    violations = page.evaluate(AXE_RUN)
    assert violations == [], "axe-core violations:\n" + json.dumps(
        violations, indent=2, ensure_ascii=False
    )


def test_start_page(page, live_server):
    page.goto(live_server.url + "/")
    assert page.title().endswith("Fachkräfte-Plattform")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).is_visible()
    # the stylesheet from node_modules really loaded (KERN sets the font on body)
    assert "Fira" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert_accessible(page)


def test_districts_page(page, live_server):
    page.goto(live_server.url + "/kreise/")
    assert page.locator("tbody tr").count() == 26
    page.get_by_role("link", name="Einwohner 31.12.2018").click()
    page.wait_for_url("**sort=population**")
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert_accessible(page)
    page.goto(live_server.url + "/kreise/06531/")
    assert "Gießen" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)


def test_skip_link_is_first_and_moves_focus_to_main(page, live_server):
    page.goto(live_server.url + "/kreise/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    assert page.get_by_text("Zum Inhalt springen").is_visible()  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch(page, live_server):
    page.goto(live_server.url + "/kreise/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/kreise/")
    assert page.get_by_role("heading", level=1).inner_text() == "Districts in Hessen"
    assert_accessible(page)
    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "de"


def test_login_page_accessible(page, live_server):
    page.goto(live_server.url + "/konto/anmelden/")
    assert_accessible(page)
