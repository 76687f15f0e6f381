"""GENESIS population tables (ffcsv, older ffcsv, classic table CSV) → ``population``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import fixtures_genesis as fg
import polars as pl
import pytest

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.sources.genesis_population import read_population
from fachkraefte.sources.schema import MAX_POPULATION_AGE, TABLES


@pytest.fixture(autouse=True, scope="module")
def _own_data_store(tmp_path_factory):
    # geo keeps its reference tables in the data store; keep them out of the checkout's var/.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path_factory.mktemp("store")))
        yield


@pytest.fixture()
def table() -> fg.PopulationTable:
    return fg.population_values()


def _check_exact(frame: pl.DataFrame, table: fg.PopulationTable) -> None:
    assert dict(frame.schema) == TABLES["population"]
    assert set(frame["ags"]) == {ags for ags, _ in table.kreise}  # DG and Land 06 skipped
    for year in table.years:
        for ags, _ in table.kreise:
            for sex in ("m", "w"):
                part = frame.filter(
                    pl.col("year") == year, pl.col("ags") == ags, pl.col("sex") == sex
                )
                assert part["age"].to_list() == list(range(MAX_POPULATION_AGE + 1))
                assert part["persons"].sum() == table.total(year, ags, sex)
                # Each group keeps its exact total after the split into single years.
                for code, _, low, high in fg.AGE_GROUPS:
                    top = MAX_POPULATION_AGE + 1 if high is None else high
                    in_group = part.filter(pl.col("age").is_between(low, top - 1))
                    assert in_group["persons"].sum() == table.values[(year, ags, sex, code)]


def test_ffcsv(tmp_path, table):
    imported = read_population(fg.write_ffcsv(table, tmp_path / "12411-02-03-4_de_flat.csv"))
    _check_exact(imported.tables["population"], table)
    assert imported.reference_date == date(2023, 12, 31)
    assert "12411" in imported.source
    assert any("gleichmäßig" in note for note in imported.notes)


def test_classic_table_csv(tmp_path, table):
    imported = read_population(fg.write_classic(table, tmp_path / "12411-02-03-4.csv"))
    _check_exact(imported.tables["population"], table)
    assert imported.reference_date == date(2023, 12, 31)
    assert "12411-02-03-4" in imported.source


def test_all_layouts_give_the_same_table(tmp_path, table):
    flat = read_population(fg.write_ffcsv(table, tmp_path / "a.csv")).tables["population"]
    classic = read_population(fg.write_classic(table, tmp_path / "b.csv")).tables["population"]
    utf8 = read_population(fg.write_classic(table, tmp_path / "c.csv", encoding="utf-8"))
    assert flat.equals(classic) and classic.equals(utf8.tables["population"])


def test_split_of_a_group_over_single_years(tmp_path):
    table = fg.population_values(kreise=[("06411", "Darmstadt")])
    table.values[(2023, "06411", "m", "ALT000B03")] = 1000
    frame = read_population(fg.write_ffcsv(table, tmp_path / "p.csv")).tables["population"]
    first = frame.filter(pl.col("sex") == "m", pl.col("age") < 3)["persons"].to_list()
    assert first == [334, 333, 333]


def test_older_ffcsv_layout(tmp_path, table):
    lines = [
        "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;"
        "1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;"
        "2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;"
        "3_Merkmal_Code;3_Merkmal_Label;3_Auspraegung_Code;3_Auspraegung_Label;"
        "BEVSTD__Bevoelkerungsstand__Anzahl;BEVSTD__Bevoelkerungsstand__q"
    ]
    for (year, ags, sex, code), value in table.values.items():
        label = next(label for c, label, *_ in fg.AGE_GROUPS if c == code)
        lines.append(
            f"12411;Fortschreibung;STAG;Stichtag;31.12.{year};KREISE;Kreise;{ags};Name;"
            f"GES;Geschlecht;{'GESM' if sex == 'm' else 'GESW'};x;ALTX20;Altersgruppen;{code};"
            f"{label};{value};e"
        )
    path = tmp_path / "alt_flat.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _check_exact(read_population(path).tables["population"], table)


def _projection_file(tmp_path, table) -> Path:
    base = fg.write_ffcsv(table, tmp_path / "base.csv").read_text(encoding="utf-8").splitlines()
    header = base[0].replace(
        "value;",
        "4_variable_code;4_variable_label;4_variable_attribute_code;"
        "4_variable_attribute_label;value;",
        1,
    )
    lines = [header]
    for variant, factor in (("BEV-VARIANTE-01", 1), ("BEV-VARIANTE-02", 2)):
        for line in base[1:]:
            cells = line.split(";")
            cells[0] = "12421"
            cells[17] = str(int(cells[17]) * factor)
            lines.append(
                ";".join(
                    cells[:17]
                    + [
                        "BEVPR1",
                        "Varianten der Vorausberechnung",
                        variant,
                        f"Variante {variant[-2:]}",
                    ]
                    + cells[17:]
                )
            )
    path = tmp_path / "12421_flat.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_projection_keeps_its_variants_in_its_own_table(tmp_path):
    table = fg.population_values(kreise=[("06411", "Darmstadt")])
    path = _projection_file(tmp_path, table)
    imported = read_population(path)
    assert imported.dataset == "population_projection"
    assert set(imported.tables) == {"population_projection"}
    frame = imported.tables["population_projection"]
    by_variant = dict(frame.group_by("variant").agg(pl.col("persons").sum()).rows())
    total = sum(table.values.values())
    assert by_variant == {"BEV-VARIANTE-01": total, "BEV-VARIANTE-02": 2 * total}

    chosen = read_population(path, variant="BEV-VARIANTE-02").tables["population_projection"]
    assert set(chosen["variant"]) == {"BEV-VARIANTE-02"}
    assert chosen["persons"].sum() == 2 * total
    with pytest.raises(ImportValidationError) as excinfo:
        read_population(path, variant="BEV-VARIANTE-09")
    assert "BEV-VARIANTE-01" in excinfo.value.problems[0].message_de


def test_observed_and_projected_population_are_both_current(tmp_path, monkeypatch):
    from fachkraefte.sources import vintages

    monkeypatch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path / "store"))
    table = fg.population_values(kreise=[("06411", "Darmstadt")])
    observed = vintages.store_import(read_population(fg.write_ffcsv(table, tmp_path / "o.csv")))
    projected = vintages.store_import(read_population(_projection_file(tmp_path, table)))
    assert observed.vintage.current_for == ("population",)
    assert projected.vintage.current_for == ("population_projection",)
    assert vintages.current_vintage("population").vintage_id == observed.vintage.vintage_id
    assert vintages.load_table("population")["persons"].sum() == sum(table.values.values())
    assert set(vintages.load_table("population_projection")["variant"]) == {
        "BEV-VARIANTE-01",
        "BEV-VARIANTE-02",
    }


# --- broken files ----------------------------------------------------------------------------


def test_ffcsv_in_latin1_is_rejected(tmp_path, table):
    path = fg.write_ffcsv(table, tmp_path / "p.csv")
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(ImportValidationError) as excinfo:
        read_population(path)
    assert "UTF-8" in excinfo.value.problems[0].message_de


def test_classic_without_footer_counts_as_truncated(tmp_path, table):
    path = fg.write_classic(table, tmp_path / "p.csv", footer=False)
    with pytest.raises(ImportValidationError) as excinfo:
        read_population(path)
    assert "abgeschnitten" in excinfo.value.problems[0].message_de


def test_ffcsv_cut_in_the_middle_of_a_line(tmp_path, table):
    path = fg.write_ffcsv(table, tmp_path / "p.csv")
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ImportValidationError) as excinfo:
        read_population(path)
    messages = [p.message_de for p in excinfo.value.problems]
    assert any("Felder" in m for m in messages)


def test_unknown_region_text_value_and_age_gap(tmp_path, table):
    path = fg.write_classic(table, tmp_path / "p.csv")
    lines = path.read_bytes().decode("cp1252").split("\r\n")
    darmstadt = [i for i, line in enumerate(lines) if ";06411;" in line]
    lines[darmstadt[0]] = lines[darmstadt[0]].replace(";06411;", ";06999;")
    cells = lines[darmstadt[1]].split(";")
    cells[5] = "viele"
    lines[darmstadt[1]] = ";".join(cells)
    frankfurt = [i for i, line in enumerate(lines) if ";06412;" in line and "3 bis unter 6" in line]
    del lines[frankfurt[0]]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    with pytest.raises(ImportValidationError) as excinfo:
        read_population(path)
    problems = excinfo.value.problems
    assert any(p.value == "06999" and p.row == darmstadt[0] + 1 for p in problems)
    assert any(
        p.value == "viele" and p.row == darmstadt[1] + 1 and p.column.startswith("F")
        for p in problems
    )
    assert any("fehlt" in p.message_de and "06412" in p.message_de for p in problems)


def test_not_a_genesis_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as excinfo:
        read_population(path)
    assert "GENESIS" in excinfo.value.problems[0].message_de


def test_dissolved_kreis_is_added_to_its_successor(tmp_path):
    # Eisenach (16056) became part of the Wartburgkreis (16063) on 1 July 2021.
    table = fg.population_values(
        kreise=[("16056", "Eisenach, Stadt"), ("16063", "Wartburgkreis")], years=(2020,)
    )
    imported = read_population(fg.write_ffcsv(table, tmp_path / "p.csv"))
    frame = imported.tables["population"]
    assert set(frame["ags"]) == {"16063"}
    assert frame["persons"].sum() == table.total(2020, "16056") + table.total(2020, "16063")
    assert any("16056" in note and "16063" in note for note in imported.notes)
