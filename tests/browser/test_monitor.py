"""Monitor pages in real headless Chromium: map, keyboard, charts under the CSP, downloads, axe."""

from __future__ import annotations

import csv
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import polars as pl
import pytest
from test_smoke import assert_accessible

from fachkraefte.forecast import store
from fachkraefte.forecast.runner import load_tables, run_forecast
from fachkraefte.reports import build_aggregates
from fachkraefte.sources.demo import load_demo_table

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBSET = ("06411", "06412", "06435", "06531", "06611")


@pytest.fixture(scope="session")
def runs(browser_store) -> dict[str, str]:
    """A base run with bands and a deterministic immigration run on five Kreise, six years."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(browser_store))
        tables = {n: f.filter(pl.col("ags").is_in(SUBSET)) for n, f in load_tables().items()}
        made = {
            "basis": run_forecast(tables, years=6, draws=20, data_vintage="demo-test"),
            "zuwanderung": run_forecast(
                tables, scenario="zuwanderung_plus_20", years=6, data_vintage="demo-test"
            ),
        }
        sources = {
            n: load_demo_table(n).filter(pl.col("ags").is_in(SUBSET))
            for n in ("employment", "labour_market", "wages", "graduates")
        }
        for metadata in made.values():
            build_aggregates(metadata["run_id"], tables=sources)
    return {name: metadata["run_id"] for name, metadata in made.items()}


def _wait_for_charts(page) -> int:
    count = page.locator("[data-vega-spec]").count()
    page.wait_for_function(
        "n => document.querySelectorAll('[data-vega-spec][data-rendered]').length === n", arg=count
    )
    assert page.locator("[data-vega-spec][data-rendered='error']").count() == 0
    return count


def _horizon_figures(run_id: str, ags: str) -> tuple[int, float, float]:
    meta = store.read_metadata(run_id)
    horizon = meta["base_year"] + meta["years"]
    frame = pl.read_parquet(store.run_dir(run_id) / "results.parquet").filter(
        (pl.col("ags") == ags) & (pl.col("year") == horizon)
    )
    return horizon, frame["demand"].sum(), frame["supply"].sum()


def _german(value: float) -> str:
    return f"{round(value):,}".replace(",", ".")


def test_map_shapes_and_keyboard_focus_shows_figures(page, live_server, runs):
    page.goto(f"{live_server.url}/monitor/?lauf={runs['basis']}")
    districts = page.locator("svg[data-map] a.map-district")
    assert districts.count() == len(SUBSET)
    assert sorted(districts.nth(i).get_attribute("data-ags") for i in range(len(SUBSET))) == list(
        SUBSET
    )
    assert page.locator("#map-figures [data-figures-title]").inner_text() == "Kreis wählen"
    # keyboard: from the form's submit button, Tab moves onto the first district
    page.get_by_role("button", name="Anzeigen").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-ags')") == "06411"
    assert "Darmstadt" in page.locator("#map-figures [data-figures-title]").inner_text()
    figures = page.locator("#map-figures [data-figures-list]").inner_text()
    assert "Lücke" in figures and "Anteil ab 55 Jahren" in figures
    page.keyboard.press("Tab")
    assert "Frankfurt" in page.locator("#map-figures [data-figures-title]").inner_text()
    # hover works the same way
    page.locator("a.map-district[data-ags='06611']").hover()
    assert "Kassel" in page.locator("#map-figures [data-figures-title]").inner_text()
    assert_accessible(page)
    # Enter on a focused district opens its page
    page.locator("a.map-district[data-ags='06531']").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/monitor/kreise/06531/**")


def test_charts_render_under_the_real_csp(
    browser, live_server, runs, browser_store, monkeypatch, settings
):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(browser_store))
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    context = browser.new_context(locale="de-DE")  # no bypass: the page's own CSP applies
    page = context.new_page()
    violations, errors = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI))"
    )
    try:
        page.goto(f"{live_server.url}/monitor/kreise/06412/?lauf={runs['basis']}")
        charts = _wait_for_charts(page)
        assert charts == 6  # with the wage atlas chart
        violations = page.evaluate("window.__csp || []")
        assert violations == [] and errors == [], (violations, errors)
        # every chart is an SVG with marks and a text alternative
        assert page.locator(".chart__canvas svg.marks").count() == charts
        label = page.locator(".chart__canvas [role='graphics-document']").first.get_attribute(
            "aria-label"
        )
        assert label and "Bedarf" in label
        # the PNG/SVG export menu of vega-embed is there, in German
        page.locator(".vega-embed > details > summary").first.click()
        menu = page.locator(".vega-embed > details .vega-actions").first
        assert menu.get_by_text("Als PNG speichern").is_visible()
        # saving as SVG works from the keyboard too, and the file is the chart
        with page.expect_download() as info:
            menu.get_by_text("Als SVG speichern").focus()
            page.keyboard.press("Enter")
        assert info.value.suggested_filename == "angebot-bedarf.svg"
        assert "<svg" in info.value.path().read_text(encoding="utf-8")
        assert page.evaluate("window.__csp || []") == []
    finally:
        context.close()


def test_district_page_numbers_equal_the_parquet(page, live_server, runs):
    run_id = runs["basis"]
    horizon, demand, supply = _horizon_figures(run_id, "06435")
    page.goto(f"{live_server.url}/monitor/kreise/06435/?lauf={run_id}")
    figure = page.locator("figure.chart", has_text="Angebot und Bedarf").first
    figure.get_by_text("Daten als Tabelle").click()  # the chart's data table opens
    row = figure.locator("table").locator(f"tr:has(th:text-is('{horizon}'))")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == _german(demand) and cells[1] == _german(supply)
    assert cells[2] == _german(demand - supply)
    assert page.get_by_text("Demodaten – keine amtliche Statistik").first.is_visible()
    _wait_for_charts(page)
    assert_accessible(page)


def test_wage_section_renders_and_is_accessible(page, live_server, runs):
    page.goto(f"{live_server.url}/monitor/kreise/06411/?lauf={runs['basis']}&beruf=813")
    section = page.locator("section[aria-labelledby='h-wages']")
    assert section.get_by_role("heading", name="Löhne (Lohnatlas)").is_visible()
    _wait_for_charts(page)
    assert section.locator(".chart__canvas svg.marks").count() == 1
    assert section.locator("table tbody tr").count() == 1
    assert section.get_by_text("Demodaten – keine amtliche Statistik").first.is_visible()
    assert section.locator("a[href^='/statistik/lohnatlas/?']").is_visible()
    assert_accessible(page)


def test_downloads_open_and_match(page, live_server, runs, tmp_path):
    run_id = runs["basis"]
    horizon, demand, supply = _horizon_figures(run_id, "06611")
    page.goto(f"{live_server.url}/monitor/kreise/06611/?lauf={run_id}")
    links = page.locator("p.downloads", has_text="Angebot und Bedarf")
    with page.expect_download() as info:
        links.get_by_role("link", name="CSV").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    rows = {r[0]: r for r in csv.reader(path.open(encoding="utf-8")) if r}
    assert float(rows[str(horizon)][1]) == pytest.approx(demand)
    assert float(rows[str(horizon)][2]) == pytest.approx(supply)
    with page.expect_download() as info:
        links.get_by_role("link", name="JSON").click()
    document = json.loads(info.value.path().read_text(encoding="utf-8"))
    last = next(r for r in document["rows"] if r["year"] == horizon)
    assert last["supply"] == pytest.approx(supply)
    with page.expect_download() as info:
        links.get_by_role("link", name="XLSX").click()
    assert info.value.suggested_filename.endswith(".xlsx")


def test_deterministic_run_and_occupation_pages_are_accessible(page, live_server, runs):
    page.goto(f"{live_server.url}/monitor/kreise/06411/?lauf={runs['zuwanderung']}")
    assert page.get_by_text("nur einen deterministischen Lauf").is_visible()
    page.goto(f"{live_server.url}/monitor/berufe/?lauf={runs['basis']}")
    assert_accessible(page)
    page.get_by_role(
        "link", name="Gesundheits- und Krankenpflege, Rettungsdienst und Geburtshilfe"
    ).click()
    page.wait_for_url("**/monitor/berufe/813/**")
    _wait_for_charts(page)
    assert_accessible(page)


def test_comparison_page_is_accessible(page, live_server, runs):
    page.goto(f"{live_server.url}/monitor/vergleich/")
    for run_id in runs.values():
        page.locator(f"input[value='{run_id}']").check()
    page.get_by_role("button", name="Anzeigen").or_(
        page.get_by_role("button", name="Vergleichen")
    ).click()
    page.wait_for_load_state()
    assert page.get_by_text("Unterschied zu Lauf 1").first.is_visible()
    _wait_for_charts(page)
    assert_accessible(page)


def _german_percent(value: float) -> str:
    return f"{value * 100:,.1f} %".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def test_keyboard_focus_figures_equal_the_data(page, live_server, runs):
    run_id = runs["basis"]
    meta = store.read_metadata(run_id)
    year = meta["base_year"] + 3
    frame = pl.read_parquet(store.run_dir(run_id) / "results.parquet").filter(
        (pl.col("ags") == "06412") & (pl.col("year") == year)
    )
    demand, supply = frame["demand"].sum(), frame["supply"].sum()
    employment = load_demo_table("employment").filter(
        (pl.col("ags") == "06412") & (pl.col("year") == meta["base_year"])
    )
    older = employment.filter(pl.col("age_band").is_in(["55-59", "60-64", "65-69", "70-74"]))
    share_55 = older["employees"].sum() / employment["employees"].sum()

    page.goto(f"{live_server.url}/monitor/?lauf={run_id}&jahr={year}")
    page.get_by_role("button", name="Anzeigen").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # 06411, then 06412
    assert page.evaluate("document.activeElement.getAttribute('data-ags')") == "06412"
    panel = page.locator("#map-figures")
    assert "Frankfurt" in panel.locator("[data-figures-title]").inner_text()
    labels = panel.locator("dt").all_inner_texts()
    values = dict(zip(labels, panel.locator("dd").all_inner_texts(), strict=True))
    assert values[f"Lücke {year}"] == _german(demand - supply)
    assert values["Bedarf"] == _german(demand)
    assert values["Angebot"] == _german(supply)
    assert values["Lücke in % des Bedarfs"] == _german_percent((demand - supply) / demand)
    assert values["Anteil ab 55 Jahren"] == _german_percent(share_55)
    # Enter opens the district with the year the map showed
    page.keyboard.press("Enter")
    page.wait_for_url("**/monitor/kreise/06412/**")
    assert page.locator("#f-jahr").input_value() == str(year)


def test_map_click_keeps_the_year(page, live_server, runs):
    year = store.read_metadata(runs["basis"])["base_year"] + 1
    page.goto(f"{live_server.url}/monitor/?lauf={runs['basis']}&jahr={year}&mass=share_55")
    page.locator("a.map-district[data-ags='06611']").click()
    page.wait_for_url("**/monitor/kreise/06611/**")
    assert page.locator("#f-jahr").input_value() == str(year)
    assert f"Berufsgruppen mit den größten Lücken {year}" in page.content()


def test_print_a_single_chart(page, live_server, runs):
    page.goto(f"{live_server.url}/monitor/kreise/06411/?lauf={runs['basis']}")
    _wait_for_charts(page)
    # (a function, so that evaluate runs it rather than calling the stub it would return)
    page.evaluate(
        "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
    )
    target = page.locator("#spec-altersstruktur-figure")
    other = page.locator("#spec-angebot-bedarf-figure")
    button = target.get_by_role("button", name="„Altersstruktur der Beschäftigten")
    assert button.is_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert target.locator("figcaption").is_visible()
    assert target.locator("table").is_visible()  # its data table opens for print
    assert not other.is_visible()
    assert not page.get_by_role("heading", level=1).is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not button.is_visible()
    # after printing everything is back
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert other.is_visible() and page.get_by_role("heading", level=1).is_visible()
    assert not target.locator("table").is_visible()  # closed again, as the reader had it
    page.emulate_media(media="screen")
    # a table without a chart prints alone as well
    flows = page.locator("p.downloads", has_text="Veränderungs- und Ersatzbedarf")
    flows.get_by_role("button").click()
    page.emulate_media(media="print")
    assert page.get_by_role("region", name="Veränderungs- und Ersatzbedarf je Jahr").is_visible()
    assert not target.is_visible()
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert_accessible(page)


def test_embedded_chart_renders_in_a_foreign_frame(
    browser, live_server, runs, browser_store, monkeypatch, settings
):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(browser_store))
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    context = browser.new_context(locale="de-DE")  # the real CSP and X-Frame-Options apply
    page = context.new_page()
    embed = f"{live_server.url}/monitor/einbetten/kreise/06411/angebot-bedarf/?lauf={runs['basis']}"
    normal = f"{live_server.url}/monitor/kreise/06411/?lauf={runs['basis']}"
    host = (
        f'<!DOCTYPE html><html lang="de"><title>Host</title><body>'
        f'<iframe id="ok" src="{embed}" title="eingebettet" width="800" height="600"></iframe>'
        f'<iframe id="denied" src="{normal}" title="verboten" width="800" height="600"></iframe>'
        f"</body></html>"
    )
    # Another origin serves the host page: a small server of its own on loopback (a routed
    # page would count as public, and Chrome keeps public pages from framing local ones).
    server = HTTPServer(("127.0.0.1", 0), _host_handler(host.encode()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/gastseite.html")
        frame = page.frame_locator("#ok")
        frame.locator("[data-vega-spec][data-rendered='true']").wait_for()
        assert frame.locator(".chart__canvas svg.marks").count() == 1
        assert "Angebot und Bedarf" in frame.locator("figcaption").inner_text()
        denied = page.locator("#denied").element_handle().content_frame()
        page.wait_for_timeout(500)
        # the site's normal pages refuse to be framed: no monitor content in that frame
        assert denied.locator("figure.chart").count() == 0
        assert not denied.url.startswith(live_server.url), denied.url  # Chrome's error page
    finally:
        server.shutdown()
        context.close()


def _host_handler(body: bytes):
    class Host(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Host


def test_embed_pages_are_accessible(page, live_server, runs):
    page.goto(
        f"{live_server.url}/monitor/einbetten/kreise/06411/angebot-bedarf/?lauf={runs['basis']}"
    )
    assert _wait_for_charts(page) == 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/monitor/einbetten/karte/?lauf={runs['basis']}")
    page.locator("a.map-district[data-ags='06531']").focus()
    assert "Gießen" in page.locator("#map-figures [data-figures-title]").inner_text()
    assert_accessible(page)
