"""Fuzzing the importers: mutated bytes and cells give a result or ImportValidationError, nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

import fixtures_ba as fb
import fixtures_genesis as fg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fachkraefte.common.errors import ImportValidationError
from fachkraefte.sources.ba_employment import read_employment
from fachkraefte.sources.ba_labour_market import read_labour_market
from fachkraefte.sources.ba_wages import read_wages
from fachkraefte.sources.genesis_population import read_population


@pytest.fixture(autouse=True, scope="module")
def _own_data_store(tmp_path_factory):
    # geo keeps its reference tables in the data store; keep them out of the checkout's var/.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACHKRAEFTE_DATA_DIR", str(tmp_path_factory.mktemp("store")))
        yield


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_DIR = Path(tempfile.mkdtemp(prefix="fachkraefte-fuzz-"))
_SMALL = [("06411", "Darmstadt, Wissenschaftsstadt")]
_EMPLOYMENT = fb.employment_table(kreise=_SMALL, gattungen=fb.GATTUNGEN[:2])
_SOURCES = {
    "employment.csv": (fb.write_csv(_EMPLOYMENT.sheet, _DIR / "employment.csv"), read_employment),
    "employment.xlsx": (
        fb.write_xlsx(_EMPLOYMENT.sheet, _DIR / "employment.xlsx"),
        read_employment,
    ),
    "labour.csv": (
        fb.write_csv(fb.labour_market_table(kreise=_SMALL).sheet, _DIR / "labour.csv"),
        read_labour_market,
    ),
    "wages.csv": (fb.write_csv(fb.wage_table(kreise=_SMALL).sheet, _DIR / "wages.csv"), read_wages),
    "ffcsv.csv": (
        fg.write_ffcsv(fg.population_values(kreise=_SMALL[:1]), _DIR / "ffcsv.csv"),
        read_population,
    ),
    "classic.csv": (
        fg.write_classic(fg.population_values(kreise=_SMALL[:1]), _DIR / "classic.csv"),
        read_population,
    ),
}


def _attempt(reader, path: Path) -> None:
    try:
        reader(path)
    except ImportValidationError as error:
        assert error.problems, "an ImportValidationError must name its problems"
        for problem in error.problems:
            assert problem.message_de and problem.message_en and problem.file == path.name


@FUZZ
@given(
    name=st.sampled_from(sorted(_SOURCES)),
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=0, max_size=4)),
        min_size=1,
        max_size=6,
    ),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_mutated_bytes(tmp_path_factory, name, edits, cut):
    source, reader = _SOURCES[name]
    data = bytearray(source.read_bytes())
    for position, replacement in edits:
        at = int(position * len(data))
        data[at : at + len(replacement)] = replacement
    if cut is not None:
        data = data[: int(cut * len(data))]
    path = tmp_path_factory.mktemp("bytes") / name
    path.write_bytes(bytes(data))
    _attempt(reader, path)


_CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "*",
            "-",
            "x",
            ".",
            "Insgesamt",
            "06411 Darmstadt",
            "813 Pflege",
            "Männer",
            "unter 20 Jahre",
            "65 Jahre und älter",
            "© Statistik der Bundesagentur für Arbeit",
            "Stichtag: 31.02.2023",
            "Helfer",
            "darunter Ausländer",
            "999 Nichts",
            "unter 25 Jahre",
            "25 bis unter 55 Jahre",
            "55 Jahre und älter",
            "75 Jahre und älter",
            "Deutschland",
            "D Deutschland",
            "Arbeitsuchende",
        ]
    ),
)


@FUZZ
@given(
    table=st.sampled_from(["employment", "labour", "wages"]),
    edits=st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 30), _CELL_VALUES), min_size=1, max_size=8
    ),
)
def test_mutated_cells(tmp_path_factory, table, edits):
    builders = {
        "employment": (
            lambda: fb.employment_table(kreise=_SMALL, gattungen=fb.GATTUNGEN[:2]),
            read_employment,
        ),
        "labour": (lambda: fb.labour_market_table(kreise=_SMALL), read_labour_market),
        "wages": (lambda: fb.wage_table(kreise=_SMALL), read_wages),
    }
    build, reader = builders[table]
    sheet = build().sheet
    rows = sheet.rows()
    for row, column, value in edits:
        if row < len(rows) and column < len(rows[row]):
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch.isprintable()) or None
            rows[row][column] = value
    sheet = fb.Sheet(title=[], header=[], data=rows, footer=[])
    path = tmp_path_factory.mktemp("cells") / f"{table}.xlsx"
    _write_rows(rows, path)
    _attempt(reader, path)


def _write_rows(rows, path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tabelle 1"
    for row in rows:
        sheet.append([_excel_safe(v) for v in row])
    workbook.save(path)


def _excel_safe(value):
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


# --- GENESIS: mutated cells (fields of the CSV), not only bytes -----------------------------

_GENESIS_VALUES = st.one_of(
    st.text(max_size=10).map(lambda t: "".join(c for c in t if c not in ';\r\n"')),
    st.integers(-(10**6), 10**10).map(str),
    st.sampled_from(
        [
            "",
            "-",
            ".",
            "x",
            "/",
            "...",
            "1.234",
            "12,5",
            "DG",
            "06",
            "06411",
            "06999",
            "16056",
            "GESM",
            "GESW",
            "GESAMT",
            "ALT000B03",
            "ALT075UM",
            "ALT042",
            "ALT090UM",
            "unter 3 Jahre",
            "75 Jahre und mehr",
            "Insgesamt",
            "männlich",
            "Ausländer",
            "BEVPR1",
            "BEV-VARIANTE-01",
            "Variante 02",
            "31.12.2023",
            "2023-12-31",
            "2023",
            "31.02.2023",
            "Tsd.",
            "1000",
            "km2",
            "__________",
        ]
    ),
)


@FUZZ
@given(
    layout=st.sampled_from(["ffcsv.csv", "classic.csv"]),
    edits=st.lists(
        st.tuples(st.integers(0, 120), st.integers(0, 25), _GENESIS_VALUES),
        min_size=1,
        max_size=8,
    ),
    drop=st.one_of(st.none(), st.tuples(st.integers(0, 120), st.integers(0, 25))),
)
def test_mutated_genesis_cells(tmp_path_factory, layout, edits, drop):
    source, reader = _SOURCES[layout]
    encoding = "utf-8" if layout == "ffcsv.csv" else "cp1252"
    newline = "\n" if layout == "ffcsv.csv" else "\r\n"
    lines = [line.split(";") for line in source.read_bytes().decode(encoding).split(newline)]
    for row, column, value in edits:
        if row < len(lines):
            cells = lines[row]
            if column < len(cells):
                cells[column] = value
            else:
                cells.append(value)  # a line with a field too many
    if drop is not None and drop[0] < len(lines) and drop[1] < len(lines[drop[0]]):
        del lines[drop[0]][drop[1]]  # a field too few
    path = tmp_path_factory.mktemp("genesis") / layout
    text = newline.join(";".join(cells) for cells in lines)
    path.write_bytes(text.encode(encoding, errors="replace"))
    _attempt(reader, path)
