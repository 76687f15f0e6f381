"""The shipped Destatis life table 12621-0001 (2022/24) and its parser."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from fachkraefte.sources.life_table import LIFE_TABLE_FILE, LifeTableError, life_table


def test_the_parsed_table_matches_the_file():
    table = life_table()
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


@pytest.mark.shared_data
def test_the_shipped_file_is_the_published_one(shared_data):
    official = shared_data / "official" / "destatis_genesis" / "12621-0001_de_2022-2024.csv"
    digest = hashlib.sha256
    assert digest(LIFE_TABLE_FILE.read_bytes()).digest() == digest(official.read_bytes()).digest()


def test_ages_beyond_the_table_take_its_last_row():
    table = life_table()
    assert table.q_at([100, 105]).tolist() == [[0.42042179] * 2, [0.37225504] * 2]
    share = table.male_share(np.array([0, 90]))
    assert share[0] == pytest.approx(1.05 / 2.05)
    assert share[1] < 0.4  # women outlive men


def test_a_file_of_another_layout_is_refused(tmp_path):
    other = tmp_path / "x.csv"
    other.write_text("GENESIS-Tabelle: 12411-0017\n", encoding="utf-8")
    with pytest.raises(LifeTableError):
        life_table(other)
