"""``fachkraefte indicators …``: bottleneck scores, location quotients, shift-share, wage atlas.

The tables come from the current imported vintages (``fachkraefte import …``); ``--demo``
uses the synthetic demo data instead, and every output then says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import polars as pl
import typer

from fachkraefte import SYNTHETIC_LABEL_DE
from fachkraefte.cli_format import OutputFormat, emit_rows
from fachkraefte.indicators.bottleneck import bottleneck_scores
from fachkraefte.indicators.config import ConfigError, load_config
from fachkraefte.indicators.location import location_quotients
from fachkraefte.indicators.shift_share import shift_share
from fachkraefte.indicators.wages import wage_atlas

app = typer.Typer(
    help="Engpass-, Standort- und Entgeltindikatoren / bottleneck, location and wage indicators.",
    no_args_is_help=True,
    add_completion=False,
)

DEMO = typer.Option(False, "--demo", help=f"Demodaten verwenden ({SYNTHETIC_LABEL_DE})")
FORMAT = typer.Option(OutputFormat.table, "--format", help="table, csv oder json")
AGS = typer.Option(None, "--ags", help="Kreis (5-stelliger AGS)")
LAND = typer.Option(None, "--land", help="Land (2-stelliger Schlüssel)")
KLDB3 = typer.Option(None, "--kldb3", help="Nur diese Berufsgruppe (3-stellig)")
CONFIG = typer.Option(None, "--config", help="Eigene Schwellenwerte (TOML)")


class _Tables:
    """Loads schema tables from the current vintages or the demo build, and says which."""

    def __init__(self, demo: bool) -> None:
        self.demo = demo
        self.sources: dict[str, str] = {}

    def get(self, name: str, *, required: bool = True) -> pl.DataFrame | None:
        if self.demo:
            from fachkraefte.sources.demo import build_demo, demo_manifest, load_demo_table

            if demo_manifest() is None:
                build_demo(show_progress=True)
            self.sources[name] = "demo"
            try:
                return load_demo_table(name)
            except KeyError:
                return None
        from fachkraefte.sources.vintages import current_vintage, load_table

        vintage = current_vintage(name)
        if vintage is None:
            if not required:
                return None
            typer.echo(
                f"Keine importierten Daten für '{name}': erst 'fachkraefte import …' ausführen oder "
                f"--demo nutzen / no imported data for '{name}': run 'fachkraefte import …' or use --demo",
                err=True,
            )
            raise typer.Exit(code=1)
        self.sources[name] = vintage.vintage_id
        return load_table(name, vintage_id=vintage.vintage_id)

    def reference(self, name: str, main: str) -> pl.DataFrame | None:
        """The official Land/Germany rows stored with the current vintage of ``main``.

        Only from that same vintage: rows from another import could belong to another file.
        """
        if self.demo:
            return None
        from fachkraefte.sources.vintages import current_vintage, load_table

        vintage = current_vintage(main)
        if vintage is None or name not in vintage.rows:
            return None
        self.sources[name] = vintage.vintage_id
        return load_table(name, vintage_id=vintage.vintage_id)

    def caption(self) -> str:
        if self.demo:
            return f"{SYNTHETIC_LABEL_DE} – Quelle: synthetische Demodaten"
        used = ", ".join(f"{table}: {vid}" for table, vid in sorted(self.sources.items()))
        return f"Quelle: Statistik der Bundesagentur für Arbeit; Datenstände: {used}"


def _round(rows: list[dict], digits: int = 2) -> list[dict]:
    return [
        {k: (round(v, digits) if isinstance(v, float) else v) for k, v in row.items()}
        for row in rows
    ]


def _emit(
    result: pl.DataFrame,
    columns: list[str],
    fmt: OutputFormat,
    *,
    digits: int,
    title: str,
    caption: str,
) -> None:
    """Print ``columns`` as a terminal table; csv and json carry every column of ``result``."""
    if fmt is not OutputFormat.table:
        columns = list(result.columns)
    emit_rows(_round(result.to_dicts(), digits), columns, fmt, title=title, caption=caption)


def _region_filter(
    frame: pl.DataFrame, ags: str | None, land: str | None, kldb3: str | None
) -> pl.DataFrame:
    if ags:
        frame = frame.filter(pl.col("ags") == ags)
    if land:
        frame = frame.filter(pl.col("ags").str.starts_with(land))
    if kldb3:
        frame = frame.filter(pl.col("kldb3") == kldb3)
    return frame


def _stop(error: Exception) -> NoReturn:
    """The input cannot give this indicator (no such year, bad thresholds): say why, exit 1."""
    typer.echo(str(error), err=True)
    raise typer.Exit(code=1) from None


def _regional(
    compute: Callable[[], pl.DataFrame], ags: str | None, land: str | None, kldb3: str | None
) -> pl.DataFrame:
    """The indicator's table for the chosen Kreis, Land and occupation group."""
    try:
        result = compute()
    except ValueError as error:
        _stop(error)
    return _region_filter(result, ags, land, kldb3)


@app.command("bottleneck")
def bottleneck_command(
    year: int = typer.Option(..., "--year", help="Berichtsjahr"),
    ags: str | None = AGS,
    land: str | None = LAND,
    kldb3: str | None = KLDB3,
    config: Path | None = CONFIG,
    demo: bool = DEMO,
    fmt: OutputFormat = FORMAT,
    germany: bool = typer.Option(
        False, "--deutschland", help="Für Deutschland (amtliche Zeile, sonst Summe der Kreise)"
    ),
) -> None:
    """Engpassbewertung je Kreis (--ags), Land (--land) oder Deutschland × Beruf × Niveau."""
    if sum(bool(x) for x in (ags, land, germany)) > 1:
        raise typer.BadParameter("nur eines von --ags, --land, --deutschland / only one of them")
    try:
        settings = load_config(config)
    except ConfigError as error:
        _stop(error)
    tables = _Tables(demo)
    result = bottleneck_scores(
        year=year,
        labour_market=tables.get("labour_market"),
        employment=tables.get("employment"),
        wages=tables.get("wages", required=False),
        employment_foreign=None if demo else tables.get("employment_foreign", required=False),
        graduates=tables.get("graduates", required=False) if demo else None,
        employment_reference=tables.reference("employment_reference", "employment"),
        labour_market_reference=tables.reference("labour_market_reference", "labour_market"),
        level="deutschland" if germany else ("land" if land else "kreis"),
        regions=[land] if land else ([ags] if ags else None),
        config=settings,
    )
    if kldb3:
        result = result.filter(pl.col("kldb3") == kldb3)
    # The table stays readable in a terminal; csv/json carry every value and point.
    columns = ["ags", "kldb3", "niveau", "core_indicators", "score", "classification", "risk_score"]
    if germany or land:
        columns.append("reference_basis")
    _emit(
        result,
        columns,
        fmt,
        digits=2,
        title=f"Engpassbewertung {year} (0–3 Punkte je Indikator)",
        caption=f"{tables.caption()}; Schwellen: {settings.origin}",
    )


@app.command("location-quotients")
def location_quotients_command(
    year: int = typer.Option(..., "--year", help="Jahr"),
    ags: str | None = AGS,
    land: str | None = LAND,
    kldb3: str | None = KLDB3,
    by_niveau: bool = typer.Option(False, "--by-niveau", help="Je Anforderungsniveau"),
    demo: bool = DEMO,
    fmt: OutputFormat = FORMAT,
) -> None:
    """Standortquotienten der SV-Beschäftigung gegen Land und Gesamtraum der Tabelle."""
    tables = _Tables(demo)
    result = _regional(
        lambda: location_quotients(
            tables.get("employment"),
            year=year,
            by_niveau=by_niveau,
            reference=tables.reference("employment_reference", "employment"),
        ),
        ags,
        land,
        kldb3,
    )
    columns = [
        "ags",
        "kldb3",
        *(["niveau"] if by_niveau else []),
        "employees",
        "lq_land",
        "lq_national",
    ]
    reference = result["national_reference"][0] if result.height else ""
    _emit(
        result,
        columns,
        fmt,
        digits=2,
        title=f"Standortquotienten {year}",
        caption=f"{tables.caption()}; Bezug Land: Summe seiner Kreise; national: {reference}",
    )


@app.command("shift-share")
def shift_share_command(
    base_year: int = typer.Option(..., "--base-year"),
    end_year: int = typer.Option(..., "--end-year"),
    reference: str = typer.Option("land", "--reference", help="land oder national"),
    ags: str | None = AGS,
    land: str | None = LAND,
    kldb3: str | None = KLDB3,
    demo: bool = DEMO,
    fmt: OutputFormat = FORMAT,
) -> None:
    """Shift-Share-Zerlegung der Beschäftigungsveränderung je Kreis × Berufsgruppe."""
    tables = _Tables(demo)
    result = _regional(
        lambda: shift_share(
            tables.get("employment"),
            base_year=base_year,
            end_year=end_year,
            reference=reference,
            official=tables.reference("employment_reference", "employment"),
        ),
        ags,
        land,
        kldb3,
    )
    columns = [
        "ags",
        "kldb3",
        "employees_base",
        "employees_end",
        "change",
        "reference_growth",
        "occupation_mix",
        "regional_shift",
    ]
    _emit(
        result,
        columns,
        fmt,
        digits=1,
        title=f"Shift-Share {base_year}–{end_year}",
        caption=f"{tables.caption()}; Bezugsraum: "
        f"{result['reference_region'][0] if result.height else reference}",
    )


@app.command("wages")
def wages_command(
    year: int = typer.Option(..., "--year", help="Jahr"),
    ags: str | None = AGS,
    land: str | None = LAND,
    kldb3: str | None = KLDB3,
    demo: bool = DEMO,
    fmt: OutputFormat = FORMAT,
) -> None:
    """Entgeltatlas: Medianentgelte nach Geschlecht, Gender Pay Gap, Vergleich mit dem Land."""
    tables = _Tables(demo)
    result = _regional(
        lambda: wage_atlas(
            tables.get("wages"), year=year, employment=tables.get("employment", required=False)
        ),
        ags,
        land,
        kldb3,
    )
    columns = [
        "ags",
        "kldb3",
        "median_m",
        "median_w",
        "gender_gap_pct",
        "land_median_m",
        "land_median_w",
        "land_basis",
    ]
    _emit(
        result,
        columns,
        fmt,
        digits=1,
        title=f"Entgeltatlas {year} (Median, Vollzeit, EUR)",
        caption=f"{tables.caption()}; Gender Pay Gap = (Männer − Frauen) / Männer",
    )
