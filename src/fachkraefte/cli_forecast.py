"""``fachkraefte forecast``: run, list, show, compare and export forecast runs.

Above the model and its read-outs: a run also builds the monitor's aggregates (``reports``),
which the ``forecast`` package itself must not import (see ``tests/test_architecture.py``).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.cli_format import OutputFormat, emit_rows
from fachkraefte.forecast import store
from fachkraefte.forecast.engine import InputError
from fachkraefte.forecast.gap import aggregate
from fachkraefte.forecast.hierarchy import region_map
from fachkraefte.forecast.industry import DEMAND_PATHS, IndustryGrowthError
from fachkraefte.forecast.mobility import MobilityError
from fachkraefte.forecast.scenario import Scenario, ScenarioError, resolve
from fachkraefte.forecast.scenario_checks import with_override
from fachkraefte.tabular import FORMULA_PATTERN

app = typer.Typer(
    help="Prognoseläufe (Angebot, Bedarf, Lücke) / forecast runs.", no_args_is_help=True
)

RUN_COLUMNS = ["run_id", "created_at", "scenario", "data_vintage", "model_version", "seed"]
LABEL_COLUMN = "kennzeichnung"
"""Column of exported demo results carrying "Demodaten – keine amtliche Statistik"."""
SHOW_COLUMNS = ["year", "ags", "kldb3", "demand", "supply", "gap", "gap_rel", "level"]


def _fail(message: str) -> None:
    typer.echo(f"Fehler / error: {message}", err=True)
    raise typer.Exit(1)


def _read(run_id: str) -> pl.DataFrame:
    try:
        return store.read_frame(run_id)
    except FileNotFoundError as exc:
        _fail(str(exc))
        raise  # unreachable; keeps type checkers happy


def _summary(
    frame: pl.DataFrame, year: int | None, level: str, ags: str | None, region_level: str = "kreis"
) -> pl.DataFrame:
    if year is None:
        year = int(frame["year"].max())
    df = frame.filter(pl.col("year") == year)
    if ags:
        df = df.filter(pl.col("ags") == ags)
    mapping = None
    if region_level != "kreis":
        mapping = region_map(df["ags"].unique().to_list(), region_level)
    out = aggregate(df, region_map=mapping, occupation_level=level, by_niveau=False)
    return out.with_columns(pl.col(c).round(1) for c in ("demand", "supply", "gap")).with_columns(
        pl.col("gap_rel").round(3)
    )


def _csv_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would run as formulas get a leading apostrophe."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_PATTERN))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )


def _write_xlsx(frame: pl.DataFrame, output: Path, meta: dict | None = None) -> None:
    # openpyxl is already a dependency (imports); polars' write_excel would need xlsxwriter.
    from openpyxl import Workbook

    from fachkraefte.tabular import xlsx_cells

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Prognose")
    sheet.append(xlsx_cells(sheet, frame.columns))
    for row in frame.iter_rows():
        sheet.append(xlsx_cells(sheet, row))
    if meta is not None:
        info = book.create_sheet("Hinweis")
        if meta.get("label"):
            info.append(xlsx_cells(info, [meta["label"]]))
        for key in ("run_id", "scenario", "data_vintage", "model_version", "created_at"):
            info.append(xlsx_cells(info, [key, str(meta.get(key, ""))]))
    book.save(output)


@app.command("list")
def list_command(
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv oder json."),
) -> None:
    """Gespeicherte Prognoseläufe auflisten / list stored forecast runs."""
    emit_rows(
        store.list_runs(),
        RUN_COLUMNS,
        fmt,
        title="Prognoseläufe / forecast runs",
        caption=f"Datenablage / store: {store.forecasts_dir()}",
    )


@app.command("run")
def run_command(
    scenario: str = typer.Option(
        "basis",
        "--scenario",
        "-s",
        help="Standardszenario, TOML-Pfad oder mit '+' verknüpft / name, TOML path or a+b.",
    ),
    years: int = typer.Option(15, "--years", min=1, max=40, help="Prognosejahre / years ahead."),
    phi: float | None = typer.Option(
        None,
        "--phi",
        help="Dämpfung des Trends (Standard: per Rückrechnung auf der Historie gewählt) / "
        "trend damping (default: chosen by backtest on the history).",
    ),
    seed: int = typer.Option(0, "--seed"),
    draws: int = typer.Option(0, "--draws", min=0, help="Monte-Carlo-Ziehungen (0 = keine)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Adresse eines Dask-Schedulers (Standard: lokale Threads)."
    ),
    demo_dir: Path | None = typer.Option(None, "--demo-dir", help="Ordner der Demodaten."),
    source: str = typer.Option(
        "demo",
        "--source",
        help="Datenquelle: demo (synthetische Demodaten) oder imported (aktuelle importierte "
        "Datenstände; die benutzten Datenstand-IDs stehen in den Laufmetadaten).",
    ),
    demand: str | None = typer.Option(
        None,
        "--demand",
        help="Bedarfspfad: trend (je Zelle), industry (WZ-2008-Abschnitte × Berufsmatrix "
        "des Kreises) oder auto (der mit dem kleineren Fehler der Rückrechnung in der "
        "Geschichte); Standard: Wahl des Szenarios, sonst trend.",
    ),
    industry_growth: Path | None = typer.Option(
        None,
        "--industry-growth",
        help="TOML/CSV mit Wachstumsraten je WZ-Abschnitt und Jahr (setzt --demand industry; "
        "Beispiel: fachkraefte/forecast/industry_growth/beispiel.toml).",
    ),
    mobility: str | None = typer.Option(
        None,
        "--mobility",
        help="Berufswechselmatrix: none (Standard des Basislaufs), estimated (Sensitivitätslauf: "
        "aus dem Beschäftigungsverlauf geschätzt, Anteil λ = 0,5 als Annahme; auch als Szenario "
        "berufswechsel_wie_geschaetzt) oder Pfad einer CSV/TOML-Datei (from_kldb3, to_kldb3, "
        "share). Standard: Wahl des Szenarios.",
    ),
    override_plausibility: str | None = typer.Option(
        None,
        "--override-plausibility",
        help="Expertenfreigabe mit Begründung: Maßnahmen jenseits der Plausibilitätsgrenzen "
        "zulassen (Warnung in den Laufmetadaten) / expert override with a reason.",
    ),
) -> None:
    """Prognose rechnen und speichern / run and store a forecast."""
    from fachkraefte.forecast.industry import load_industry_growth
    from fachkraefte.forecast.runner import load_source, run_forecast

    if demand is not None and demand not in DEMAND_PATHS:
        _fail(f"--demand {demand!r}: erlaubt {list(DEMAND_PATHS)} / allowed {list(DEMAND_PATHS)}")
    if industry_growth is not None and demand in ("trend", "auto"):
        _fail("--industry-growth gilt nur mit --demand industry / needs --demand industry")
    progress = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    try:
        growth = load_industry_growth(industry_growth) if industry_growth is not None else None
        if growth is not None:
            demand = "industry"
        with progress:
            # + 3 steps: the monitor's aggregates are built with the run (never in a request)
            task = progress.add_task("Prognose", total=(7 if draws else 6) + 3)

            def step(label: str) -> None:
                progress.update(task, description=f"Prognose: {label}")
                progress.advance(task)

            step("Daten laden")
            tables, data_vintage, used = load_source(source, demo_dir)
            chosen: str | Scenario = scenario
            if override_plausibility is not None:
                base = Scenario() if scenario in ("", "basis") else resolve(scenario)
                chosen = with_override(base, override_plausibility)
            meta = run_forecast(
                tables,
                data_vintage=data_vintage,
                vintages=used,
                scenario=chosen,
                years=years,
                phi=phi,
                seed=seed,
                draws=draws,
                scheduler=scheduler,
                step=step,
                demand=demand,
                industry_growth=growth,
                mobility=mobility,
            )
            from fachkraefte.reports import build_aggregates

            build_aggregates(meta["run_id"], step=step)
    except (
        InputError,
        ScenarioError,
        IndustryGrowthError,
        MobilityError,
        FileNotFoundError,
    ) as exc:
        _fail(str(exc))
    for warning in meta.get("plausibility_warnings", []):
        typer.echo(f"Warnung / warning: {warning}", err=True)
    for name, record in meta.get("parameters", {}).items():
        # an assumption in place of data is said on every run, never silently
        if record.get("status") in ("nicht geprüft / not checked", "Annahme / assumption"):
            typer.echo(
                f"Hinweis / note: {name}: {record['status']} — {record.get('note', '')}".rstrip(
                    " —"
                ),
                err=True,
            )
    typer.echo(meta["run_id"])


@app.command("show")
def show_command(
    run_id: str,
    year: int | None = typer.Option(None, "--year", help="Jahr (Standard: letztes)."),
    level: str = typer.Option("hauptgruppe", "--level", help="bereich, hauptgruppe, berufsgruppe."),
    ags: str | None = typer.Option(None, "--ags", help="Nur dieser Kreis."),
    region_level: str = typer.Option(
        "kreis", "--region-level", help="kreis, regierungsbezirk oder land."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Lücke je Beruf für ein Jahr zeigen / show the gap by occupation for one year."""
    frame = _read(run_id)
    try:
        out = _summary(frame, year, level, ags, region_level)
    except InputError as exc:
        _fail(str(exc))
    meta = store.read_metadata(run_id)
    emit_rows(
        out.to_dicts(),
        SHOW_COLUMNS,
        fmt,
        title=f"{run_id} ({meta['scenario']})",
        caption=meta.get("label") or None,
    )


@app.command("compare")
def compare_command(
    run_a: str,
    run_b: str,
    year: int | None = typer.Option(None, "--year"),
    level: str = typer.Option("bereich", "--level"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Zwei Läufe vergleichen (Lücke B − A) / compare two runs (gap B − A)."""
    a = _summary(_read(run_a), year, level, None)
    b = _summary(_read(run_b), year, level, None)
    keys = ["year", "ags", "kldb3"]
    joined = (
        a.select(keys + ["gap"])
        .join(b.select(keys + ["gap"]), on=keys, how="full", coalesce=True, suffix="_b")
        .with_columns((pl.col("gap_b") - pl.col("gap")).round(1).alias("difference"))
        .sort(keys)
    )
    joined = joined.rename({"gap": "gap_a"})
    emit_rows(
        joined.to_dicts(), keys + ["gap_a", "gap_b", "difference"], fmt, title=f"{run_a} ↔ {run_b}"
    )


def _with_bands(run_id: str, frame: pl.DataFrame, level: str) -> pl.DataFrame:
    """The rows with the Kreis bands of their occupation level over all Niveaus
    (``<measure>_p10/_p50/_p90_alle_niveaus``), where the run has level bands: the band of the
    sum over the Niveaus, which no row's own figures can give."""
    try:
        bands = store.read_frame(run_id, "bands")
    except FileNotFoundError:
        return frame
    columns = [c for c in bands.columns if c.endswith(("_p10", "_p50", "_p90"))]
    kreis = bands.filter(
        (pl.col("region_level") == "kreis")
        & (pl.col("occupation_level") == level)
        & (pl.col("niveau") == 0)
    ).select(
        "year",
        pl.col("region").alias("ags"),
        pl.col("occupation").alias("kldb3"),
        *[pl.col(c).alias(f"{c}_alle_niveaus") for c in columns],
    )
    return frame.join(kreis, on=["year", "ags", "kldb3"], how="left")


@app.command("export")
def export_command(
    run_id: str,
    output: Path = typer.Argument(..., help="Zieldatei .csv oder .xlsx / target file."),
    level: str = typer.Option("berufsgruppe", "--level"),
    table: str = typer.Option(
        "results",
        "--table",
        help="results (Zellen je Niveau) oder bands (P10/P50/P90 jeder Ebene: Kreis, "
        "Regierungsbezirk, Land × Berufsgruppe, -hauptgruppe, -bereich, alle; je Niveau).",
    ),
) -> None:
    """Ergebnisse als CSV oder XLSX exportieren / export results as CSV or XLSX."""
    if table == "bands":
        try:
            frame = store.read_frame(run_id, "bands")
        except FileNotFoundError as exc:
            _fail(f"{exc} (Lauf ohne Monte Carlo: --draws N / run without Monte Carlo)")
        if level != "berufsgruppe":
            frame = frame.filter(pl.col("occupation_level") == level)
    elif table == "results":
        frame = _read(run_id)
        if level != "berufsgruppe":
            frame = aggregate(frame, occupation_level=level)
        frame = _with_bands(run_id, frame, level)
    else:
        _fail(f"--table {table!r}: erlaubt results, bands / allowed results, bands")
    meta = store.read_metadata(run_id)
    label = meta.get("label") or ""
    if label:
        # Demo results must stay marked wherever they travel: a column survives any CSV/XLSX
        # reader and any later filtering or pasting of rows.
        frame = frame.with_columns(pl.lit(label).alias(LABEL_COLUMN))
    suffix = output.suffix.lower()
    if suffix == ".csv":
        _csv_safe(frame).write_csv(output)
    elif suffix == ".xlsx":
        _write_xlsx(frame, output, meta)
    else:
        _fail(f"Dateiendung {suffix!r}: erlaubt .csv, .xlsx / unsupported extension {suffix!r}")
    typer.echo(str(output))


@app.command("backtest")
def backtest_command(
    origin: int | None = typer.Option(
        None, "--origin", help="Kalibrierungsjahr T (Standard: jedes, das die Daten erlauben)."
    ),
    horizon: int | None = typer.Option(
        None, "--horizon", min=1, help="Jahre k (Standard: so weit die Daten reichen, höchstens 3)."
    ),
    demo_dir: Path | None = typer.Option(None, "--demo-dir", help="Ordner der Demodaten."),
    source: str = typer.Option(
        "demo", "--source", help="Datenquelle: demo oder imported (aktuelle Datenstände)."
    ),
    mobility: str = typer.Option(
        "none",
        "--mobility",
        help="none (wie der Basislauf) oder estimated (Szenario Berufswechsel wie geschätzt, "
        "nur aus Daten bis T geschätzt).",
    ),
    draws: int = typer.Option(
        200, "--draws", min=1, help="Monte-Carlo-Ziehungen für die Abdeckung der P10–P90-Bänder."
    ),
    seed: int = typer.Option(0, "--seed"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format"),
) -> None:
    """Treffsicherheit: MAPE, Bias und Abdeckung der P10–P90-Bänder je Ebene für Modell,
    Fortschreibung und naiven Trend / backtest accuracy of the model against carry-forward and
    a naive trend."""
    from fachkraefte.forecast.backtest import MAX_HORIZON, accuracy_table, backtest_origins
    from fachkraefte.forecast.backtest import side_by_side as wide
    from fachkraefte.forecast.runner import load_source

    try:
        tables, data_vintage, _used = load_source(source, demo_dir)
        pairs = backtest_origins(tables, horizon or MAX_HORIZON)
        if origin is not None:
            last = int(tables["employment"]["year"].max())
            pairs = [(origin, horizon or min(MAX_HORIZON, last - origin))]
        elif horizon is not None:
            pairs = [(o, h) for o, h in pairs if h == horizon]
        out = wide(accuracy_table(tables, origins=pairs, mobility=mobility, draws=draws, seed=seed))
    except (InputError, FileNotFoundError) as exc:
        _fail(str(exc))
    out = out.with_columns(
        pl.col(c).round(4) for c in out.columns if c.startswith(("mape", "bias", "coverage"))
    )
    label = f" – {SYNTHETIC_LABEL_DE}" if data_vintage == "demo" else ""
    if fmt is OutputFormat.table:
        _backtest_tables(
            out, f"Datenstand / data vintage: {data_vintage}; {draws} Ziehungen{label}"
        )
        return
    emit_rows(
        out.to_dicts(),
        out.columns,
        fmt,
        title="Treffsicherheit / backtest accuracy",
        caption=f"Datenstand / data vintage: {data_vintage}; MAPE und Bias: Anteil (0.1 = 10 %), "
        f"Abdeckung: Anteil der Beobachtungen im P10–P90-Band ({draws} Ziehungen){label}",
    )


_BACKTEST_METHODS = {
    "model_supply": "Modell\nAngebot",
    "model_demand": "Modell\nBedarf",
    "model_industry": "Modell\nBran-\nchen",
    "carry_forward": "Fort-\nschrei-\nbung",
    "naive_trend": "naiver\nTrend",
}
_BACKTEST_MEASURES = {
    "mape": "MAPE",
    "bias": "Bias (+ = zu hoch / too high)",
    "coverage": "P10–P90-Abdeckung",
}


def _backtest_tables(out: pl.DataFrame, caption: str) -> None:
    """Terminal view: one table per measure with the methods side by side in percent — the
    15 columns of the CSV/JSON rows do not fit a terminal."""
    for measure, title in _BACKTEST_MEASURES.items():
        methods = [m for m in _BACKTEST_METHODS if f"{measure}_{m}" in out.columns]
        # five methods and the unit count do not fit 80 columns: n then only where fewer
        counted = len(methods) <= 4
        heads = ["Ursprung", "Ebene", *(["n"] if counted else [])]
        heads += [_BACKTEST_METHODS[m] for m in methods]
        rows = [
            dict(
                zip(
                    heads,
                    [f"{r['origin']} +{r['horizon']}", r["level"]]
                    + ([r["units"]] if counted else [])
                    + [_percent(r[f"{measure}_{m}"]) for m in methods],
                    strict=True,
                )
            )
            for r in out.iter_rows(named=True)
        ]
        emit_rows(
            rows,
            heads,
            OutputFormat.table,
            title=f"Treffsicherheit / accuracy: {title}",
            caption=caption if measure == "coverage" else None,
        )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"
