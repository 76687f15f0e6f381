"""The briefing pack: read back from the PDF, checked for accessibility marks, drawn to PNG."""

from __future__ import annotations

import io
import re

import polars as pl
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from fachkraefte.cli import app
from fachkraefte.forecast import store
from fachkraefte.forecast.runner import run_forecast
from fachkraefte.reports import build_aggregates
from fachkraefte.reports.briefing import (
    BriefingContext,
    Commitment,
    FundedProject,
    briefing_data,
    make_pack,
    percent,
)
from fachkraefte.reports.text import fmt_number

CONTEXT = BriefingContext(
    alliance="Allianz Test",
    strategy="Pflege und Handwerk stärken.",
    commitments=(Commitment("Ausbildungsmesse 2027", "IHK Test", "geplant"),),
    projects=(FundedProject("Pflegeschule Nord", 125000.0, "laufend"),),
)


@pytest.fixture(scope="module")
def pack_store(tmp_path_factory, small_tables):
    """A run of its own (the session's small run keeps aggregates without a profile), with
    aggregates from the same tables: age structure and bottleneck scores included."""
    folder = tmp_path_factory.mktemp("briefing-store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(folder))
        run = run_forecast(small_tables, years=4, draws=10, data_vintage="demo-briefing")
        build_aggregates(run["run_id"], tables=small_tables)
    return folder, run["run_id"]


@pytest.fixture()
def small_store(pack_store, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(pack_store[0]))
    return pack_store[0]


@pytest.fixture()
def small_run(pack_store):
    return pack_store[1]


@pytest.fixture(scope="module")
def pack(pack_store):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(pack_store[0]))
        return make_pack(pack_store[1], "06411", context=CONTEXT)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_pdf_text_has_district_top_occupation_and_the_runs_figures(
    pack, small_run, small_store, monkeypatch
):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(small_store))
    text = _text(pack.pdf)
    meta = store.read_metadata(small_run)
    horizon = meta["base_year"] + meta["years"]
    results = pl.read_parquet(store.run_dir(small_run) / "results.parquet").filter(
        (pl.col("ags") == "06411") & (pl.col("year") == horizon)
    )
    demand, supply = results["demand"].sum(), results["supply"].sum()
    assert "Darmstadt, Wissenschaftsstadt" in text
    assert f"Bedarf von {fmt_number(demand)}" in text
    assert f"voraussichtlich {fmt_number(supply)}" in text
    assert f"Lücke von {fmt_number(demand - supply)}" in text
    # The top bottleneck occupation: the Berufsgruppe with the largest gap in the horizon year.
    by_group = results.group_by("kldb3").agg(pl.col("demand").sum(), pl.col("supply").sum())
    top = (
        by_group.with_columns(gap=pl.col("demand") - pl.col("supply"))
        .sort("gap")
        .row(-1, named=True)
    )
    data = briefing_data(small_run, "06411")
    assert data.top[0]["kldb3"] == top["kldb3"]
    assert f"hat die Berufsgruppe {data.top[0]['title']} ({top['kldb3']})" in text
    assert f"{fmt_number(top['gap'])} Personen" in text
    assert "Hessen" in text and "Ähnliche Kreise" in text
    assert "Anteil der Beschäftigten ab 55 Jahren" in text
    assert meta["data_vintage"] in text and "Basisszenario" in text
    assert "Ausbildungsmesse 2027" in text and "Pflegeschule Nord" in text and "125.000 €" in text


def test_pdf_is_tagged_german_and_identifies_as_pdf_ua(pack):
    reader = PdfReader(io.BytesIO(pack.pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).lower().startswith("de")
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part(>|=\")1", xmp), xmp[:500]
    # Every chart is a figure with its text alternative in the structure tree.
    raw = pack.pdf.decode("latin-1")
    assert raw.count("/Figure") >= 5
    assert "/Alt" in raw


def test_pdf_pages_render_to_png(pack):
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(pack.pdf)
    assert len(document) >= 3
    for index in range(len(document)):
        image = document[index].render(scale=0.5).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        assert buffer.getvalue().startswith(b"\x89PNG")
        # A rendered page is not blank: some pixels are dark (text, chart lines).
        assert image.convert("L").getextrema()[0] < 100


def test_html_carries_the_same_content_and_alt_texts(pack):
    html = pack.html
    assert html.startswith("<!DOCTYPE html>") and '<html lang="de">' in html
    assert "Darmstadt, Wissenschaftsstadt" in html
    assert html.count('<img src="data:image/svg+xml;base64,') == 5
    assert all(alt.strip() for alt in re.findall(r'<img [^>]*alt="([^"]*)"', html))
    assert "Ausbildungsmesse 2027" in html


def test_pack_without_charts_keeps_the_text(small_run, small_store, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(small_store))
    plain = make_pack(small_run, "06411", charts=False)
    assert "<img" not in plain.html
    assert "Darmstadt, Wissenschaftsstadt" in _text(plain.pdf)
    assert percent(plain.data.horizon_row["gap_rel"]) in _text(plain.pdf)


def test_cli_writes_pdf_and_html(tmp_path, small_run, small_store, monkeypatch):
    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(small_store))
    out = tmp_path / "pack.pdf"
    result = CliRunner().invoke(
        app, ["workshops", "pack", "06412", "--out", str(out), "--html", "--run", small_run]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert "Frankfurt am Main" in out.with_suffix(".html").read_text(encoding="utf-8")
    refused = CliRunner().invoke(
        app, ["workshops", "pack", "09162", "--out", str(out), "--run", small_run]
    )
    assert refused.exit_code != 0
