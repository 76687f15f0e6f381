"""The KldB 2010 hierarchy against the official export in ../shared/data."""

from __future__ import annotations

import polars as pl
import pytest

from fachkraefte import occupations as kldb
from fachkraefte.common.errors import ImportValidationError
from fachkraefte.occupations.kldb_export import read_kldb_export, write_reference_table
from fachkraefte.occupations.store import REFERENCE_TABLE

EXPORT = "occupations/KldB_2010_V2020_Gliederung_mit_Erlaeuterung_2025-02-03.csv"


@pytest.fixture()
def export(shared_data):
    return shared_data / EXPORT


@pytest.fixture(autouse=True)
def _own_store(data_dir):
    return data_dir


def test_shipped_table_is_exactly_the_top_of_the_official_export(export, tmp_path):
    regenerated = tmp_path / "levels.csv"
    assert write_reference_table(export, regenerated) == 191
    assert regenerated.read_bytes() == REFERENCE_TABLE.read_bytes()


def test_counts_per_level_before_and_after_import(export):
    assert [len(kldb.occupations(level)) for level in (1, 2, 3)] == [10, 37, 144]
    with pytest.raises(LookupError, match="occupations import"):
        kldb.occupations(5)
    kldb.import_export(export)
    assert [len(kldb.occupations(level)) for level in range(1, 6)] == [10, 37, 144, 703, 1301]


def test_known_titles_and_military_padding(export):
    assert (
        kldb.occupation("813").title
        == "Gesundheits- und Krankenpflege, Rettungsdienst und Geburtshilfe"
    )
    assert kldb.occupation("8").title == "Gesundheit, Soziales, Lehre und Erziehung"
    assert kldb.occupation("0").title == "Militär"
    kldb.import_export(export)
    assert [o.code for o in kldb.ancestors("01104")] == ["0", "01", "011", "0110"]
    assert "&nbsp;" not in " ".join(o.title for o in kldb.occupations())


def test_anforderungsniveau_is_the_fifth_digit(export):
    kldb.import_export(export)
    assert kldb.occupation("81302").niveau is kldb.Anforderungsniveau.FACHKRAFT
    assert kldb.occupation("81302").niveau.label_de == "Fachkraft"
    assert kldb.occupation("813").niveau is None
    levels = {o.niveau for o in kldb.occupations(5)}
    assert levels == set(kldb.Anforderungsniveau)


def test_every_parent_exists():
    for o in kldb.occupations():
        if o.level > 1:
            assert kldb.parent(o.code).code == o.code[:-1]
    assert {c.code for c in kldb.children("81")} == {
        "811",
        "812",
        "813",
        "814",
        "815",
        "816",
        "817",
        "818",
    }


def test_search_ignores_case_and_umlaut_spelling():
    assert "813" in {o.code for o in kldb.search("KRANKENPFLEGE", 3)}
    assert {o.code for o in kldb.search("Gebaeudetechnik", 1)} == {"3"}


def test_unknown_code():
    with pytest.raises(kldb.UnknownOccupationError, match="81302"):
        kldb.occupation("99")


def test_aggregate_by_hand():
    frame = pl.DataFrame(
        {
            "ags": ["06411", "06411", "06411", "06412"],
            "kldb3": ["813", "817", "821", "813"],
            "n": [5, 2, 4, 10],
        }
    )
    result = kldb.aggregate(frame, code_column="kldb3", to_level=1, value_columns=["n"], by=["ags"])
    assert result.rows() == [("06411", "8", 11), ("06412", "8", 10)]
    with pytest.raises(ValueError):
        kldb.aggregate(frame, code_column="kldb3", to_level=4, value_columns=["n"])


def _variant(export, tmp_path, change, encoding="utf-8-sig"):
    text = export.read_text(encoding="utf-8-sig")
    path = tmp_path / "kldb.csv"
    # cp1252 is how a spreadsheet program on Windows saves it ("–" included).
    path.write_text(change(text), encoding=encoding, errors="replace")
    return path


def test_latin1_file_is_rejected_with_its_line(export, tmp_path):
    path = _variant(export, tmp_path, lambda t: t, encoding="cp1252")
    with pytest.raises(ImportValidationError, match="UTF-8") as info:
        read_kldb_export(path)
    assert info.value.problems[0].row == 1  # 'Schlüssel' in the header


def test_broken_header_duplicate_and_bad_key(export, tmp_path):
    with pytest.raises(ImportValidationError, match="Kopfzeile"):
        read_kldb_export(_variant(export, tmp_path, lambda t: t.replace("Ebene", "Level", 1)))
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    duplicated = "\n".join([*lines[:3], lines[2], *lines[3:]])
    with pytest.raises(ImportValidationError) as info:
        read_kldb_export(_variant(export, tmp_path, lambda _: duplicated))
    assert info.value.problems[0].row == 4 and "doppelt" in info.value.problems[0].message_de
    too_long = "\n".join([lines[0], lines[1], lines[2].replace("1;2;", "123;2;", 1), *lines[3:]])
    with pytest.raises(ImportValidationError) as info:
        read_kldb_export(_variant(export, tmp_path, lambda _: too_long))
    assert (info.value.problems[0].row, info.value.problems[0].value) == (3, "123")


def test_failed_import_keeps_the_earlier_one(export, tmp_path):
    kldb.import_export(export)
    before = kldb.import_metadata()
    broken = _variant(export, tmp_path, lambda t: t.replace("Ebene", "Level", 1))
    with pytest.raises(ImportValidationError):
        kldb.import_export(broken)
    assert kldb.import_metadata() == before and len(kldb.occupations(5)) == 1301
    assert kldb.import_export(export)["unchanged"] is True


def test_non_numeric_key_and_missing_parent(export, tmp_path):
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    assert lines[3].startswith("11;3;")  # Berufsgruppe 011 Offiziere
    letters = "\n".join([*lines[:3], "A" + lines[3][2:], *lines[4:]])
    with pytest.raises(ImportValidationError) as info:
        read_kldb_export(_variant(export, tmp_path, lambda _: letters))
    first = info.value.problems[0]
    assert (first.row, first.column, first.value) == (4, "Schlüssel KldB 2010, V. 2020", "A")
    assert "keine Zahl" in first.message_de and "not numeric" in first.message_en
    orphan = "\n".join([lines[0], *lines[3:]])  # 0 Militär and 01 left out
    with pytest.raises(ImportValidationError) as info:
        read_kldb_export(_variant(export, tmp_path, lambda _: orphan))
    # 011 to 014 each lose their parent 01; every one is reported at its own row.
    assert [p.value for p in info.value.problems] == ["011", "012", "013", "014"]
    assert info.value.problems[0].row == 2
    assert all("Übergeordneter Schlüssel 01 fehlt" in p.message_de for p in info.value.problems)


def test_unpadded_codes_only_where_unambiguous(export):
    kldb.import_export(export)
    assert kldb.occupation(1104).code == "01104"
    assert kldb.occupation("0110").code == "0110"
    assert kldb.occupation(813).code == "813"
    with pytest.raises(kldb.UnknownOccupationError, match="mehrdeutig"):
        kldb.occupation(11)  # Berufshauptgruppe 11 or Berufsgruppe 011
    assert kldb.occupation("11").title == "Land-, Tier- und Forstwirtschaftsberufe"


def test_source_and_import_metadata(export):
    assert kldb.kldb_source() == (
        "Bundesagentur für Arbeit: Klassifikation der Berufe 2010 – überarbeitete Fassung 2020"
    )
    assert kldb.import_metadata() is None
    meta = kldb.import_export(export)
    stored = kldb.import_metadata()
    assert stored == meta and stored["version"] == "KldB 2010, Fassung 2020"
    assert stored["file"] == export.name and len(stored["sha256"]) == 64
    assert stored["counts"] == {"1": 10, "2": 37, "3": 144, "4": 703, "5": 1301}
