"""The Destatis life table 12621-0001: parser, ``fachkraefte import life-table``, current vintage.

The package ships no life table; these tests read the files as published in ../shared/data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import fachkraefte
from fachkraefte.sources.import_cli import app
from fachkraefte.sources.life_table import (
    LifeTableError,
    current_life_table,
    period_end,
    read_life_table,
)
from fachkraefte.sources.vintages import list_vintages

FOLDER = "official/destatis_genesis"
NEW = "12621-0001_de_2022-2024.csv"
OLD = "12621-0001_de_2016-2018.csv"


def test_the_package_ships_no_life_table():
    package = Path(fachkraefte.__file__).parent
    assert not list(package.rglob("12621*"))


@pytest.mark.shared_data
def test_the_parsed_table_matches_the_file(shared_data):
    table = read_life_table(shared_data / FOLDER / NEW)
    assert (table.table_code, table.period) == ("12621-0001", "2022/24")
    assert table.ages == tuple(range(101))
    # Rows "0 Jahre", "15 Jahre", "74 Jahre", "100 Jahre" of the file, q(x) of men and women.
    assert table.q[:, 0].tolist() == [0.00338118, 0.00299336]
    assert table.q[:, 15].tolist() == [0.00017457, 0.00012002]
    assert table.q[:, 74].tolist() == [0.03258762, 0.01903956]
    assert table.q[:, 100].tolist() == [0.42042179, 0.37225504]
    assert table.survivors[:, 0].tolist() == [100_000, 100_000]
    # l(x+1) = l(x) (1 − q(x)) up to the table's rounding to whole survivors.
    implied = table.survivors[:, :-1] * (1 - table.q[:, :-1])
    assert np.abs(implied - table.survivors[:, 1:]).max() <= 1.0
    assert "Stand 09.12.2025" in table.source and "2022/24" in table.source


@pytest.mark.shared_data
def test_the_older_table_2016_18(shared_data):
    table = read_life_table(shared_data / FOLDER / OLD)
    assert table.period == "2016/18"
    # "60 Jahre": men 0,00983124, women 0,00527596 (2022/24: 0,00927291 and 0,00501472)
    assert table.q_at([60]).ravel().tolist() == [0.00983124, 0.00527596]


@pytest.mark.shared_data
def test_ages_beyond_the_table_take_its_last_row(shared_data):
    table = read_life_table(shared_data / FOLDER / NEW)
    assert table.q_at([100, 105]).tolist() == [[0.42042179] * 2, [0.37225504] * 2]
    share = table.male_share(np.array([0, 90]))
    assert share[0] == pytest.approx(1.05 / 2.05)
    assert share[1] < 0.4  # women outlive men


def test_period_end():
    assert period_end("2022/24").isoformat() == "2024-12-31"
    assert period_end("1998/00").isoformat() == "2000-12-31"


def test_a_file_of_another_layout_is_refused(tmp_path):
    other = tmp_path / "x.csv"
    other.write_text("GENESIS-Tabelle: 12411-0017\n", encoding="utf-8")
    with pytest.raises(LifeTableError) as error:
        read_life_table(other)
    problem = error.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("x.csv", 1, "A")


@pytest.mark.shared_data
def test_a_bad_cell_is_named_by_row_and_field(shared_data, tmp_path):
    text = (shared_data / FOLDER / NEW).read_bytes().decode("utf-8-sig")
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("60 Jahre"))
    cells = lines[row].split(";")
    cells[15] = "1,2"  # women's q(60) above 1
    lines[row] = ";".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(LifeTableError) as error:
        read_life_table(bad)
    problem = error.value.problems[0]
    assert (problem.row, problem.column, problem.value) == (row + 1, "weiblich q(x)", "1,2")
    assert "Zeile/row" in str(error.value)


@pytest.mark.shared_data
def test_import_stores_a_vintage_and_the_newest_period_is_current(shared_data, data_dir):
    runner = CliRunner()
    assert current_life_table() is None
    dry = runner.invoke(app, ["life-table", str(shared_data / FOLDER / NEW), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "nichts gespeichert" in dry.output and current_life_table() is None

    first = runner.invoke(app, ["life-table", str(shared_data / FOLDER / OLD)])
    assert first.exit_code == 0, first.output
    table, vintage_id = current_life_table()
    assert table.period == "2016/18" and vintage_id.startswith("life_table-2018-12-31-")

    # a later period becomes current by itself: the forecast uses the newest table
    second = runner.invoke(app, ["life-table", str(shared_data / FOLDER / NEW)])
    assert second.exit_code == 0, second.output
    table, vintage_id = current_life_table()
    assert table.period == "2022/24" and vintage_id.startswith("life_table-2024-12-31-")
    assert table.q_at([60]).ravel().tolist() == [0.00927291, 0.00501472]
    stored = {v.vintage_id: v for v in list_vintages(table="life_table")}
    assert stored[vintage_id].rows == {"life_table": 202}
    assert "12621-0001" in stored[vintage_id].source

    # importing the older one again changes nothing
    again = runner.invoke(app, ["life-table", str(shared_data / FOLDER / OLD)])
    assert again.exit_code == 0 and current_life_table()[0].period == "2022/24"


def test_import_of_a_bad_file_stores_nothing(tmp_path, data_dir):
    bad = tmp_path / "x.csv"
    bad.write_text("Tabelle: 12621-0001\nnichts\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["life-table", str(bad)])
    assert result.exit_code == 1
    assert current_life_table() is None
