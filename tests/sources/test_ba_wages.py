"""BA Entgeltstatistik table → ``wages`` (Kreis and Land rows)."""

from __future__ import annotations

from datetime import date

import fixtures_ba as fb
import pytest

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.sources.ba_wages import read_wages
from fachkraefte.sources.schema import TABLES


@pytest.fixture(autouse=True, scope="module")
def _own_data_store(tmp_path_factory):
    # geo keeps its reference tables in the data store; keep them out of the checkout's var/.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path_factory.mktemp("store")))
        yield


def test_reads_medians_of_men_and_women_with_land_rows(tmp_path):
    table = fb.wage_table()
    imported = read_wages(fb.write_xlsx(table.sheet, tmp_path / "entgelt.xlsx"))
    frame = imported.tables["wages"]
    assert dict(frame.schema) == TABLES["wages"]
    got = {(r[1], r[2], r[3]): r[4] for r in frame.rows()}
    assert got == table.medians
    assert set(frame["ags"]) == {"06", *(ags for ags, _ in fb.KREISE)}
    assert set(frame["year"]) == {2023}
    assert imported.reference_date == date(2023, 12, 31)
    assert None in got.values()  # "x" cells (fewer than 20 employees) are unknown


def test_only_berufsgattungen_cannot_become_berufsgruppen(tmp_path):
    table = fb.wage_table()
    for row in table.sheet.data:
        code, title = row[1].split(" ", 1)
        row[1] = f"{code}02 {title}"
    with pytest.raises(ImportValidationError) as excinfo:
        read_wages(fb.write_xlsx(table.sheet, tmp_path / "entgelt.xlsx"))
    assert "Berufsgattungen" in excinfo.value.problems[0].message_de


def test_zero_median_is_rejected(tmp_path):
    table = fb.wage_table()
    table.sheet.data[1][6] = 0
    with pytest.raises(ImportValidationError) as excinfo:
        read_wages(fb.write_xlsx(table.sheet, tmp_path / "entgelt.xlsx"))
    (problem,) = excinfo.value.problems
    assert problem.column == "G" and "größer als 0" in problem.message_de


def test_columns_without_median_caption_need_a_median_title(tmp_path):
    table = fb.wage_table()
    table.sheet.header[0][5] = "Bruttomonatsentgelt in Euro"
    with pytest.raises(ImportValidationError) as excinfo:
        read_wages(fb.write_xlsx(table.sheet, tmp_path / "entgelt.xlsx"))
    assert excinfo.value.problems[0].column == "F"


def test_medians_of_a_dissolved_kreis_are_skipped_and_named(tmp_path):
    table = fb.wage_table(
        kreise=[("16056", "Eisenach, Stadt"), ("16063", "Wartburgkreis")], year=2020
    )
    imported = read_wages(fb.write_xlsx(table.sheet, tmp_path / "entgelt.xlsx"))
    frame = imported.tables["wages"]
    assert "16056" not in set(frame["ags"]) and "16063" in set(frame["ags"])
    assert any("16056" in note for note in imported.notes)
