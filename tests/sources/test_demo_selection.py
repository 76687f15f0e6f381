"""Which Kreise the demo covers, and that its calibration is the committed real-data table."""

from __future__ import annotations

import ast
from pathlib import Path

import polars as pl
import pytest

from fachkraefte.sources.demo.kreise import calibration_table, sector_shares_2015
from fachkraefte.sources.demo.structure import ALLIANCE_DISTRICTS, select_districts

SRC = Path(__file__).resolve().parents[2] / "src" / "fachkraefte"


def _web_alliance_districts() -> set[str]:
    """The Kreise the web demo alliances work in, read from web/alliances/demo.py's source."""
    tree = ast.parse((SRC / "web" / "alliances" / "demo.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        value = node.value if isinstance(node, ast.Constant) else None
        if isinstance(value, str) and len(value) == 5 and value.isdigit() and value[:2] != "06":
            found.add(value)
    return found


def test_default_selection_covers_every_demo_alliance():
    chosen = select_districts()
    assert _web_alliance_districts() <= set(chosen)
    assert set(ALLIANCE_DISTRICTS) <= set(chosen)
    assert sum(code.startswith("06") for code in chosen) == 26
    assert len(chosen) == 26 + len(ALLIANCE_DISTRICTS)


def test_all_and_land_selections():
    everything = select_districts("all")
    assert len(everything) == 400
    saxony_and_lower_saxony = select_districts("14, 3")
    assert {code[:2] for code in saxony_and_lower_saxony} == {"03", "14"}
    assert len(saxony_and_lower_saxony) == 13 + 45
    with pytest.raises(ValueError, match="99"):
        select_districts("06,99")


def test_calibration_table_holds_the_real_figures():
    table = calibration_table()
    assert table.height == 400 and table["ags"].is_unique().all()
    frankfurt = table.filter(pl.col("ags") == "06412").row(0, named=True)
    # Values as published: 12411-04-02-4 (31.12.2020), 13111-01-03-4 and -11-04-4 (30.06.2015).
    assert frankfurt["pop_2020"] == 764_104
    assert sum(v for k, v in frankfurt.items() if k.startswith("pop_") and k[4] in "mw") == 764_104
    assert frankfurt["svb_ao_2015"] == 541_805 and frankfurt["svb_wo_2015"] == 275_762
    assert frankfurt["qual_ohne_2015"] == 65_268 and frankfurt["alo_2023"] == 25_403
    hessen = table.filter(pl.col("land") == "06")
    assert hessen.height == 26 and hessen["pop_2020"].sum() == 6_293_154
    shares = sector_shares_2015(table)
    assert shares.sum(axis=1) == pytest.approx([1.0] * 400)


def test_generator_does_not_use_the_forecast_engine():
    for path in (SRC / "sources" / "demo").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            assert not any(name.startswith("fachkraefte.forecast") for name in names), path


def test_demo_command_refuses_an_unknown_land(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from fachkraefte.cli import app

    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["demo", "--land", "06,99", "--no-logins"])
    assert result.exit_code == 2
    assert "99" in result.output and "--land" in result.output
    assert not (tmp_path / "demo").exists()  # nothing built


def test_a_build_for_other_kreise_gets_its_own_monitor_vintage(tmp_path, monkeypatch):
    from fachkraefte.sources.demo import build_demo
    from fachkraefte.web.monitor.demo import demo_vintage

    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path))
    manifest = build_demo(selection="14")
    assert demo_vintage() == f"demo-{manifest.seed}-{manifest.generator_version}-14"
    districts = next(s for s in manifest.calibration_sources if s["key"] == "districts")
    assert len(districts["ags"]) == 13 and all(code.startswith("14") for code in districts["ags"])
