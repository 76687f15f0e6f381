"""Every importer on the six kinds of broken file: the documented problem, and no change.

Cases (docs/statistics.md, "Validation and errors"): wrong sheet, header shifted sideways,
unknown code, text in a number column, truncated file, wrong encoding — each where it applies
to the format (a CSV has no sheets). Each case asserts the problem's file, sheet, row, column,
value and message, and that importing the file through ``fachkraefte import`` exits 1 and
leaves the vintage store byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import fixtures_ba as fb
import fixtures_genesis as fg
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.sources.ba_labour_market import read_labour_market
from fachkraefte.sources.ba_wages import read_wages
from fachkraefte.sources.genesis_population import read_population
from fachkraefte.sources.import_cli import app

runner = CliRunner()


@dataclass(frozen=True)
class Expected:
    """What one reported problem must show (``None``: not checked; strings: contained)."""

    de: str
    en: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class Importer:
    command: str
    read: Callable[[Path], object]
    good: Callable[[Path], Path]


BA = {
    "labour-market": Importer(
        "labour-market",
        read_labour_market,
        lambda d: fb.write_xlsx(fb.labour_market_table(seed=4).sheet, d / "alo-ok.xlsx"),
    ),
    "wages": Importer(
        "wages", read_wages, lambda d: fb.write_xlsx(fb.wage_table(seed=4).sheet, d / "lohn.xlsx")
    ),
}
POPULATION = Importer(
    "population",
    read_population,
    lambda d: fg.write_ffcsv(fg.population_values(seed=4), d / "ok.csv"),
)
# A column that holds numbers the importer uses, per BA importer (labour market:
# Arbeitslose; wages: median of men).
NUMBER_COLUMN = {"labour-market": 4, "wages": 7}


def _sheet(command: str) -> fb.Sheet:
    if command == "labour-market":
        return fb.labour_market_table().sheet
    return fb.wage_table().sheet


def _edit(path: Path, change) -> Path:
    workbook = load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def _kreis_row(sheet) -> int:
    return next(
        r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 1).value).startswith("06411")
    )


# --- the BA cases: (path, Expected) builders -------------------------------------------------


def ba_wrong_sheet(command, d):
    path = fb.write_xlsx(_sheet(command), d / "bad.xlsx")
    _edit(path, lambda wb: wb.remove(wb["Tabelle 1"]))
    return path, Expected(de="Keine Tabelle", en="no table", value="'Deckblatt', 'Impressum'")


def ba_shifted_header(command, d):
    path = fb.write_xlsx(_sheet(command), d / "bad.xlsx")
    _edit(path, lambda wb: wb["Tabelle 1"].insert_cols(1))
    return path, Expected(de="Region", en="Region", value="'Tabelle 1'")


def ba_unknown_code(command, d):
    path = fb.write_xlsx(_sheet(command), d / "bad.xlsx")
    row = _kreis_row(load_workbook(path)["Tabelle 1"])

    def change(wb):
        wb["Tabelle 1"].cell(row, 1).value = "06999 Nirgendwo"

    _edit(path, change)
    return path, Expected(
        de="06999", sheet="Tabelle 1", row=row, column="A", value="06999 Nirgendwo"
    )


def ba_text_in_number(command, d):
    path = fb.write_xlsx(_sheet(command), d / "bad.xlsx")
    row = _kreis_row(load_workbook(path)["Tabelle 1"]) + 1
    col = NUMBER_COLUMN[command]

    def change(wb):
        wb["Tabelle 1"].cell(row, col).value = "zwölf"

    _edit(path, change)
    letter = "ABCDEFGH"[col - 1]
    return path, Expected(
        de="Zahl", en="number", sheet="Tabelle 1", row=row, column=letter, value="zwölf"
    )


def ba_truncated_xlsx(command, d):
    path = fb.write_xlsx(_sheet(command), d / "bad.xlsx")
    path.write_bytes(path.read_bytes()[:3000])
    return path, Expected(de="XLSX")


def ba_truncated_csv(command, d):
    path = fb.write_csv(_sheet(command), d / "bad.csv")
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(lines[: len(lines) // 2]))
    return path, Expected(de="abgeschnitten")


def ba_wrong_encoding(command, d):
    path = fb.write_csv(_sheet(command), d / "bad.csv", encoding="utf-16")
    return path, Expected(de="UTF-16")


BA_CASES = [
    ba_wrong_sheet,
    ba_shifted_header,
    ba_unknown_code,
    ba_text_in_number,
    ba_truncated_xlsx,
    ba_truncated_csv,
    ba_wrong_encoding,
]


# --- the GENESIS cases (CSV only: no sheets) -------------------------------------------------


def _ffcsv_lines(d) -> tuple[Path, list[str]]:
    path = fg.write_ffcsv(fg.population_values(), d / "bad.csv")
    return path, path.read_text(encoding="utf-8").split("\n")


def _classic_lines(d) -> tuple[Path, list[str]]:
    path = fg.write_classic(fg.population_values(), d / "bad.csv")
    return path, path.read_bytes().decode("cp1252").split("\r\n")


def _write_classic(path: Path, lines: list[str]) -> Path:
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


def genesis_shifted_header_ffcsv(d):
    path, lines = _ffcsv_lines(d)
    lines[0] = "Nr;" + lines[0]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, Expected(de="GENESIS-Format", row=1, column="A", value="Nr;statistics_code")


def _classic_header(lines: list[str]) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(";;;;Insgesamt"))


def genesis_shifted_header_classic_right(d):
    path, lines = _classic_lines(d)
    i = _classic_header(lines)
    lines[i] = ";" + lines[i]
    first_total = next(line for line in lines if line.startswith("31.12.")).split(";")[4]
    return _write_classic(path, lines), Expected(
        de="Kopfzeile verschoben", en="header shifted", row=i + 1, column="E", value=first_total
    )


def genesis_shifted_header_classic_left(d):
    path, lines = _classic_lines(d)
    i = _classic_header(lines)
    lines[i] = lines[i][1:]
    return _write_classic(path, lines), Expected(
        de="Text unter einer Wertspalte", row=i + 1, column="D", value="unter 3 Jahre"
    )


def genesis_unknown_code_ffcsv(d):
    path, lines = _ffcsv_lines(d)
    i = next(i for i, line in enumerate(lines) if ";06411;" in line)
    lines[i] = lines[i].replace(";06411;", ";06999;")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, Expected(de="06999", en="06999", row=i + 1, column="Region", value="06999")


def genesis_unknown_code_classic(d):
    path, lines = _classic_lines(d)
    i = next(i for i, line in enumerate(lines) if ";06412;" in line)
    lines[i] = lines[i].replace(";06412;", ";06998;")
    return _write_classic(path, lines), Expected(de="06998", row=i + 1, value="06998")


def genesis_text_in_number_ffcsv(d):
    path, lines = _ffcsv_lines(d)
    i = next(i for i, line in enumerate(lines) if ";06412;" in line)
    cells = lines[i].split(";")
    cells[17] = "zwölf"
    lines[i] = ";".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, Expected(de="Kein Zahlenwert", row=i + 1, column="value (R)", value="zwölf")


def genesis_text_in_number_classic(d):
    path, lines = _classic_lines(d)
    i = next(i for i, line in enumerate(lines) if ";06411;" in line)
    cells = lines[i].split(";")
    cells[5] = "viele"
    lines[i] = ";".join(cells)
    return _write_classic(path, lines), Expected(
        de="Kein Zahlenwert", row=i + 1, column="F (männlich)", value="viele"
    )


def genesis_truncated_ffcsv(d):
    path, lines = _ffcsv_lines(d)
    text = "\n".join(lines)
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return path, Expected(de="Felder")


def genesis_truncated_classic(d):
    path = fg.write_classic(fg.population_values(), d / "bad.csv", footer=False)
    return path, Expected(de="abgeschnitten", en="truncated")


def genesis_wrong_encoding_ffcsv(d):
    path, lines = _ffcsv_lines(d)
    path.write_bytes("\n".join(lines).encode("latin-1"))
    return path, Expected(de="UTF-8")


def genesis_wrong_encoding_classic(d):
    path = fg.write_classic(fg.population_values(), d / "bad.csv", encoding="utf-16")
    return path, Expected(de="UTF-16")


GENESIS_CASES = [
    genesis_shifted_header_ffcsv,
    genesis_shifted_header_classic_right,
    genesis_shifted_header_classic_left,
    genesis_unknown_code_ffcsv,
    genesis_unknown_code_classic,
    genesis_text_in_number_ffcsv,
    genesis_text_in_number_classic,
    genesis_truncated_ffcsv,
    genesis_truncated_classic,
    genesis_wrong_encoding_ffcsv,
    genesis_wrong_encoding_classic,
]


# --- the checks ------------------------------------------------------------------------------


def _matches(problem, expected: Expected, file_name: str) -> bool:
    return (
        problem.file == file_name
        and expected.de in problem.message_de
        and (expected.en is None or expected.en in problem.message_en)
        and (expected.sheet is None or problem.sheet == expected.sheet)
        and (expected.row is None or problem.row == expected.row)
        and (expected.column is None or problem.column == expected.column)
        and (expected.value is None or expected.value in (problem.value or ""))
    )


def _snapshot(data_dir: Path) -> dict[str, bytes]:
    root = data_dir / "vintages"
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _check(importer: Importer, build, data_dir: Path, tmp_path: Path) -> None:
    good = importer.good(tmp_path)
    assert runner.invoke(app, [importer.command, str(good)]).exit_code == 0
    before = _snapshot(data_dir)
    assert before

    path, expected = build(tmp_path)
    with pytest.raises(ImportValidationError) as excinfo:
        importer.read(path)
    problems = excinfo.value.problems
    assert any(_matches(p, expected, path.name) for p in problems), [
        (p.sheet, p.row, p.column, p.value, p.message_de) for p in problems
    ]
    assert all(p.message_de and p.message_en for p in problems)

    result = runner.invoke(app, [importer.command, str(path)])
    assert result.exit_code == 1, result.output
    assert "nichts gespeichert" in result.output
    assert _snapshot(data_dir) == before


@pytest.mark.parametrize("command", sorted(BA))
@pytest.mark.parametrize("case", BA_CASES, ids=lambda f: f.__name__)
def test_broken_ba_file(command, case, data_dir, tmp_path):
    _check(BA[command], lambda d: case(command, d), data_dir, tmp_path)


@pytest.mark.parametrize("case", GENESIS_CASES, ids=lambda f: f.__name__)
def test_broken_genesis_file(case, data_dir, tmp_path):
    _check(POPULATION, case, data_dir, tmp_path)
