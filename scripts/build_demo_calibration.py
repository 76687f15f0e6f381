"""Derive the demo's per-Kreis calibration table from the official files in ../shared/data/official.

    PYTHONPATH=src python scripts/build_demo_calibration.py [--official ../shared/data/official]

Writes ``src/fachkraefte/sources/demo/data/kreise_calibration.csv`` (one row per Kreis of the
400 valid today) and ``kreise_calibration_columns.csv`` (one source line per column). The demo
package reads only those two committed files, never ../shared. The Regionaldatenbank and GENESIS
tables are read with the project's importers (``genesis_population.read_population`` for
population by single year of age, ``genesis_csv.read_genesis_csv`` for the others); Kreise
dissolved since (Göttingen/Osterode 2016, Eisenach 2021) are added to their successor through
``fachkraefte.geo``. docs/demo-data.md describes every column.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import openpyxl

from fachkraefte import geo
from fachkraefte.sources.ba_codes import ProblemLog
from fachkraefte.sources.genesis_csv import GenesisRecord, read_genesis_csv
from fachkraefte.sources.genesis_population import read_population

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "fachkraefte" / "sources" / "demo" / "data"
LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
RDB = "© Statistische Ämter des Bundes und der Länder, Regionaldatenbank Deutschland"

AGE_BAND_LOWER = (*range(0, 90, 5), 90)
"""Population bands 0–4 … 85–89 and 90+: the 12411-04-02-4 file groups 85–89 itself."""

WZ_SECTIONS = {
    "A": "A",
    "B-E": "BE",
    "C": "C",
    "F": "F",
    "G-I": "GI",
    "J": "J",
    "K": "K",
    "L": "L",
    "M-N": "MN",
    "O-Q": "OQ",
    "R-U": "RU",
}
UNLETTERED_SECTIONS = {"Freiberufl,w": "M-N", "Öff.Verw.,Ve": "O-Q", "Kunst, Unter": "R-U"}
QUALIFICATIONS = {
    "ohne Berufsabschluss": "ohne",
    "mit anerkanntem Berufsabschluss": "beruf",
    "mit akademischem Abschluss": "akad",
}


def _number(text: str) -> float | None:
    text = text.strip()
    if not re.fullmatch(r"-?\d+(,\d+)?", text):
        return None  # "-", ".", "x", "/" and empty cells carry no number
    return float(text.replace(",", "."))


def _table(path: Path):
    log = ProblemLog(path)
    table = read_genesis_csv(path, log)
    if table is None:
        log.raise_if_any()
    return table


def _kreis_values(
    path: Path, pick: Callable[[GenesisRecord], str | None]
) -> dict[str, dict[str, float]]:
    """{ags: {column: value}} for the 5-digit Kreise (and HH/B), summed into today's Kreise."""
    catalogue = geo._catalogue()
    values: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for record in _table(path).records:
        if record.region is None:
            continue
        code = {"02": "02000", "11": "11000"}.get(record.region.code, record.region.code)
        if len(code) != 5:
            continue
        column = pick(record)
        value = _number(record.value)
        if column is None or value is None:
            continue
        values[catalogue.successor(code)][column] += value
    return values


def _labels(record: GenesisRecord) -> list[str]:
    return [label.label.strip() for label in record.labels]


def population_bands(official: Path) -> dict[str, dict[str, float]]:
    dataset = read_population(official / "regionalstatistik/download_2021/12411-04-02-4.csv")
    frame = dataset.tables["population"]
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for ags, sex, age, persons in frame.select("ags", "sex", "age", "persons").iter_rows():
        lower = max(low for low in AGE_BAND_LOWER if low <= age)
        key = f"pop_{sex}_{lower:02d}"
        out[ags][key] = out[ags].get(key, 0.0) + persons
    return out


def population_totals(official: Path) -> dict[str, dict[str, float]]:
    def stichtag(record: GenesisRecord) -> str | None:
        year = record.time[-4:]
        return f"pop_{year}" if year in {"2018", "2019", "2020"} else None

    totals = _kreis_values(official / "destatis_genesis/12411-0015.csv", stichtag)
    later = _kreis_values(
        official / "destatis_genesis/12411-0017.csv",
        lambda r: "pop_2021" if _labels(r)[-1] == "Insgesamt" else None,
    )
    for ags, row in later.items():
        totals[ags].update(row)
    return totals


def employees(official: Path) -> dict[str, dict[str, float]]:
    base = official / "regionalstatistik/ogd_2017"
    out: dict[str, dict[str, float]] = defaultdict(dict)

    def total(prefix: str, years: set[str]) -> Callable[[GenesisRecord], str | None]:
        def pick(record: GenesisRecord) -> str | None:
            labels = _labels(record)
            year = record.time[-4:]
            if labels[1] != "Insgesamt" or year not in years:
                return None
            if labels[-1] == "Insgesamt":
                return f"{prefix}_{year}"
            return f"{prefix}_w_{year}" if labels[-1] == "weiblich" else None

        return pick

    for source in (
        _kreis_values(
            base / "13111-01-03-4_00.csv", total("svb_ao", {"2012", "2013", "2014", "2015"})
        ),
        _kreis_values(base / "13111-02-02-4_00.csv", total("svb_wo", {"2015"})),
    ):
        for ags, row in source.items():
            out[ags].update(row)

    def sector(record: GenesisRecord) -> str | None:
        labels = _labels(record)
        match = re.search(r"\(([A-U-]+)\)$", labels[0])
        if labels[2] != "Insgesamt" or labels[-1] != "Insgesamt":
            return None
        # M-N, O-Q and R-U carry abbreviated names without their letters.
        section = match.group(1) if match else UNLETTERED_SECTIONS.get(labels[0][:12])
        code = WZ_SECTIONS.get(section or "")
        return None if code is None else f"wz_{code}_2015"

    def qualification(record: GenesisRecord) -> str | None:
        labels = _labels(record)
        year = record.time[-4:]
        code = QUALIFICATIONS.get(labels[0])
        if code is None or year != "2015" or labels[1:] != ["Insgesamt", "Insgesamt"]:
            return None
        return f"qual_{code}_{year}"

    for source in (
        _kreis_values(base / "13111-07-05-4_00.csv", sector),
        _kreis_values(base / "13111-11-04-4_00.csv", qualification),
    ):
        for ags, row in source.items():
            out[ags].update(row)
    return out


def _unemployed_2026(path: Path, column: str) -> dict[str, dict[str, float]]:
    """The 2026 downloads start with ``Tabelle:`` (no ``GENESIS-``); rows are plain
    ``Jahr;code;name;Arbeitslose insgesamt;…``, so the fourth cell is read directly."""
    catalogue = geo._catalogue()
    out: dict[str, dict[str, float]] = defaultdict(dict)
    with path.open(encoding="cp1252", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            if len(row) < 4 or not re.fullmatch(r"\d{4}", row[0].strip()):
                continue
            code = {"02": "02000", "11": "11000"}.get(row[1].strip(), row[1].strip())
            value = _number(row[3])
            if len(code) == 5 and value is not None:
                ags = catalogue.successor(code)
                out[ags][column] = out[ags].get(column, 0.0) + value
    return out


def unemployment(official: Path) -> dict[str, dict[str, float]]:
    def pick(record: GenesisRecord) -> str | None:
        if _labels(record) != ["Arbeitslose", "Anzahl"] or record.time not in {"2012", "2015"}:
            return None
        return f"alo_{record.time}"

    out = _kreis_values(official / "regionalstatistik/ogd_2017/13211-02-05-4_00.csv", pick)
    folder = official / "regionalstatistik/download_2026"
    for path, column in (
        (folder / "13211-02-05-4.csv", "alo_2023"),
        (folder / "13211-02-05-4_2025.csv", "alo_2025"),
    ):
        for ags, row in _unemployed_2026(path, column).items():
            out[ags].update(row)
    return out


def demography(official: Path) -> dict[str, dict[str, float]]:
    base = official / "regionalstatistik/ogd_2017"
    out: dict[str, dict[str, float]] = defaultdict(dict)
    deaths = _kreis_values(
        base / "12613-02-02-4_00.csv",
        lambda r: "deaths_2015" if _labels(r) == ["Insgesamt"] * 3 else None,
    )

    def moves(record: GenesisRecord) -> str | None:
        labels = _labels(record)
        if labels[0] != "Insgesamt" or labels[-2:] != ["Insgesamt", "Anzahl"]:
            return None
        if labels[1] == "Zuzüge über die Gemeindegrenzen":
            return "moves_in_2015"
        if labels[1] == "Fortzüge über die Gemeindegrenzen":
            return "moves_out_2015"
        return None

    for source in (deaths, _kreis_values(base / "12711-02-02-4_00.csv", moves)):
        for ags, row in source.items():
            out[ags].update(row)
    income = _kreis_values(
        official / "regionalstatistik/download_2026/82411-01-03-4.csv",
        lambda r: "income_per_capita_2021" if _labels(r)[-1] == "EUR" else None,
    )
    for ags, row in income.items():
        out[ags].update(row)
    return out


def kreistypen(official: Path) -> dict[str, dict[str, float | str]]:
    book = openpyxl.load_workbook(
        official / "bbsr/bbsr_referenz_gemeinden_kreise_nuts_2019-12-31.xlsx", read_only=True
    )
    rows = list(book["Kreise"].iter_rows(values_only=True))
    header = [str(cell or "") for cell in rows[1]]
    column = header.index("Siedlungsstrukturelle Kreistyp Kennziffer")
    west_east = header.index("West-Ost Kennziffer")
    catalogue = geo._catalogue()
    out: dict[str, dict[str, float | str]] = {}
    for row in rows[2:]:
        if not isinstance(row[0], int | float):
            continue
        ags = catalogue.successor(f"{int(row[0]) // 1000:05d}")
        out.setdefault(ags, {"kreistyp": int(row[column]), "east": int(row[west_east] == 2)})
    return out


COLUMN_SOURCES: dict[str, str] = {
    "ags": "Amtlicher Gemeindeschlüssel des Kreises (Gebietsstand heute, fachkraefte.geo)",
    "name": "Kreisname, fachkraefte.geo (Destatis GV-ISys 04-kreise)",
    "land": "Land (erste zwei Stellen des AGS)",
    "kreistyp": "BBSR, Referenz Gemeinden, Kreise, NUTS 31.12.2019: siedlungsstruktureller "
    "Kreistyp (1 kreisfreie Großstadt, 2 städtischer Kreis, 3 ländlicher Kreis mit "
    "Verdichtungsansätzen, 4 dünn besiedelter ländlicher Kreis); © BBSR Bonn",
    "east": "BBSR, Referenz Gemeinden, Kreise, NUTS 31.12.2019: West-Ost (1 = Ost, mit Berlin); "
    "© BBSR Bonn",
    "pop_20YY": "Bevölkerung am 31.12.: 12411-0015 (2018–2020) und 12411-0017 (2021), "
    "GENESIS-Online; © Statistisches Bundesamt (Destatis)",
    "pop_S_AA": "Bevölkerung nach Geschlecht (m/w) und Altersband AA–AA+4 (90 = 90 und älter), "
    f"31.12.2020, 12411-04-02-4; {RDB}",
    "svb_ao_20YY": f"SV-Beschäftigte am Arbeitsort 30.06.2012–2015, 13111-01-03-4; {RDB}",
    "svb_ao_w_20YY": f"davon Frauen, 30.06.2012–2015, 13111-01-03-4; {RDB}",
    "svb_wo_2015": f"SV-Beschäftigte am Wohnort 30.06.2015, 13111-02-02-4; {RDB}",
    "svb_wo_w_2015": f"davon Frauen, 30.06.2015, 13111-02-02-4; {RDB}",
    "wz_X_2015": "SV-Beschäftigte am Arbeitsort nach Wirtschaftsabschnitten (WZ 2008) 30.06.2015, "
    f"13111-07-05-4; leer = geheim ('.'); {RDB}",
    "qual_Q_20YY": "SV-Beschäftigte am Arbeitsort ohne Berufsabschluss / mit anerkanntem "
    f"Berufsabschluss / mit akademischem Abschluss, 30.06.2015, 13111-11-04-4; {RDB}",
    "alo_20YY": "Arbeitslose, Jahresdurchschnitt 2012, 2015 (13211-02-05-4, Download 2017), "
    f"2023 und 2025 (13211-02-05-4, Download 2026); Quelle BA; {RDB}",
    "deaths_2015": f"Gestorbene 2015, 12613-02-02-4; {RDB}",
    "moves_in_2015": f"Zuzüge über die Gemeindegrenzen 2015, 12711-02-02-4; {RDB}",
    "moves_out_2015": f"Fortzüge über die Gemeindegrenzen 2015, 12711-02-02-4; {RDB}",
    "income_per_capita_2021": "Verfügbares Einkommen der privaten Haushalte je Einwohner (EUR) "
    f"2021, 82411-01-03-4 (VGR der Länder); {RDB}",
}


def build(official: Path) -> list[dict[str, object]]:
    parts = (
        population_totals(official),
        population_bands(official),
        employees(official),
        unemployment(official),
        demography(official),
        kreistypen(official),
    )
    rows = []
    for region in sorted(geo.districts(), key=lambda r: r.ags):
        row: dict[str, object] = {"ags": region.ags, "name": region.name, "land": region.land_ags}
        for part in parts:
            row.update(part.get(region.ags, {}))
        rows.append(row)
    return rows


def _column_order(rows: list[dict[str, object]]) -> list[str]:
    seen: list[str] = []
    for row in rows:
        seen.extend(key for key in row if key not in seen)
    return seen


def _source_of(column: str) -> str:
    for pattern, text in COLUMN_SOURCES.items():
        regex = (
            "^"
            + re.escape(pattern)
            .replace("20YY", r"20\d\d")
            .replace("_S_", "_[mw]_")
            .replace("AA", r"\d\d")
            .replace("X", r"[A-Z]+")
            .replace("_Q_", r"_[a-z]+_")
            + "$"
        )
        if re.match(regex, column):
            return text
    raise KeyError(f"no source line for column {column}")


def write(rows: list[dict[str, object]], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    columns = _column_order(rows)
    with (out_dir / "kreise_calibration.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                [
                    ""
                    if row.get(c) is None
                    else (f"{row[c]:.0f}" if isinstance(row[c], float) else row[c])
                    for c in columns
                ]
            )
    with (out_dir / "kreise_calibration_columns.csv").open(
        "w", encoding="utf-8", newline=""
    ) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["column", "source", "licence"])
        for column in columns:
            writer.writerow([column, _source_of(column), LICENCE])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--official", type=Path, default=ROOT.parent / "shared/data/official")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    rows = build(args.official)
    write(rows, args.out)
    print(f"{len(rows)} Kreise → {args.out / 'kreise_calibration.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
