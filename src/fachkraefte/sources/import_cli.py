"""``fachkraefte import …``: import official statistics files and manage their vintages.

Each import command reads one file as published, checks every cell, and either stores a new
vintage or lists every problem (file, sheet, row, column, value; German / English) and
writes nothing. ``--dry-run`` checks without storing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from fachkraefte.cli_format import OutputFormat, emit_rows
from fachkraefte.common.errors import ImportValidationError
from fachkraefte.sources.vintages import (
    ImportedDataset,
    VintageError,
    list_vintages,
    set_current,
    store_import,
)

app = typer.Typer(
    help="Amtliche Statistiken importieren und Datenstände verwalten / import official "
    "statistics and manage vintages.",
    no_args_is_help=True,
    add_completion=False,
)

_err = Console(stderr=True)

FILE_ARGUMENT = typer.Argument(
    ...,
    exists=True,
    dir_okay=False,
    readable=True,
    help="Datei wie veröffentlicht / file as published",
)
DRY_RUN = typer.Option(False, "--dry-run", help="Nur prüfen, nichts speichern / check only")
REFERENCE_DATE = typer.Option(
    None,
    "--reference-date",
    help="Stichtag JJJJ-MM-TT, falls die Datei keinen nennt / reference date if the file has none",
)
IMPORTED_BY = typer.Option(
    None, "--by", help="Wer importiert (Standard: OS-Benutzer) / who imports"
)
SET_CURRENT = typer.Option(
    False,
    "--set-current",
    help="Diesen Datenstand zum aktuellen machen / make this vintage the current one",
)

DATASET_OPTION = typer.Option(None, "--dataset", help="Nur dieser Datensatz / only this dataset")
FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", help="table, csv oder json")
VARIANT_OPTION = typer.Option(
    None,
    "--variant",
    help="Variante einer Vorausberechnung (Code oder Bezeichnung) / projection variant",
)


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"'{text}' ist kein Datum JJJJ-MM-TT / is not a date YYYY-MM-DD",
            param_hint="--reference-date",
        ) from None


def print_problems(error: ImportValidationError) -> None:
    """All problems of a failed import as a table on stderr."""
    table = Table(
        title=f"Import abgelehnt: {len(error.problems)} Problem(e) / import rejected",
        show_lines=False,
    )
    for column in ("Datei", "Blatt", "Zeile", "Spalte", "Wert", "Problem / problem"):
        table.add_column(column, overflow="fold")
    for problem in error.problems:
        table.add_row(
            problem.file,
            problem.sheet or "",
            "" if problem.row is None else str(problem.row),
            problem.column or "",
            "" if problem.value is None else str(problem.value),
            f"{problem.message_de} / {problem.message_en}",
        )
    _err.print(table)
    _err.print("Es wurde nichts gespeichert / nothing was stored.", style="bold red")


def _run(
    reader: Callable[..., ImportedDataset],
    file: Path,
    *,
    dry_run: bool,
    reference_date: str | None,
    imported_by: str | None,
    make_current: bool,
    **options: object,
) -> None:
    when = _parse_date(reference_date)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=_err,
        transient=True,
    ) as progress:
        task = progress.add_task(f"{file.name}: lesen und prüfen / read and check", total=2)
        try:
            imported = reader(file, reference_date=when, **options)
        except ImportValidationError as error:
            progress.stop()
            print_problems(error)
            raise typer.Exit(code=1) from None
        progress.update(task, advance=1, description=f"{file.name}: speichern / store")
        outcome = None
        if not dry_run:
            outcome = store_import(
                imported, imported_by=imported_by, make_current=True if make_current else None
            )
        progress.update(task, advance=1)
    rows = {name: frame.height for name, frame in imported.tables.items()}
    summary = ", ".join(f"{name}: {count} Zeilen/rows" for name, count in rows.items())
    typer.echo(f"{imported.source}")
    typer.echo(f"Stichtag / reference date: {imported.reference_date.isoformat()} — {summary}")
    for note in imported.notes:
        typer.echo(f"Hinweis / note: {note}")
    if outcome is None:
        typer.echo("Geprüft, nichts gespeichert (--dry-run) / checked, nothing stored")
        return
    vintage = outcome.vintage
    if outcome.created:
        typer.echo(f"Gespeichert als Datenstand / stored as vintage {vintage.vintage_id}")
    else:
        typer.echo(
            f"Datei schon importiert, unverändert / file already imported: {vintage.vintage_id}"
        )
    if vintage.current_for:
        typer.echo(f"Aktuell für / current for: {', '.join(vintage.current_for)}")
    else:
        typer.echo(
            "Nicht aktuell; mit --set-current oder 'fachkraefte import set-current' "
            "umschalten / not current; switch with --set-current"
        )


def _ba_command(name: str, reader_module: str, reader_name: str, doc: str) -> None:
    """Register ``fachkraefte import NAME FILE`` for one BA reader (they take the same options)."""

    def command(
        file: Path = FILE_ARGUMENT,
        dry_run: bool = DRY_RUN,
        reference_date: str | None = REFERENCE_DATE,
        imported_by: str | None = IMPORTED_BY,
        make_current: bool = SET_CURRENT,
    ) -> None:
        # Imported on use so that `fachkraefte --help` does not load every reader.
        reader = getattr(importlib.import_module(reader_module), reader_name)
        _run(
            reader,
            file,
            dry_run=dry_run,
            reference_date=reference_date,
            imported_by=imported_by,
            make_current=make_current,
        )

    command.__doc__ = doc
    command.__name__ = f"{name.replace('-', '_')}_command"
    app.command(name)(command)


_ba_command(
    "employment",
    "fachkraefte.sources.ba_employment",
    "read_employment",
    "BA Beschäftigungsstatistik: SV-Beschäftigte nach Kreis × KldB 2010 × Geschlecht × Alter.",
)
_ba_command(
    "labour-market",
    "fachkraefte.sources.ba_labour_market",
    "read_labour_market",
    "BA Arbeitsmarktstatistik: Arbeitslose, Stellen, Vakanzzeit, Abgänge nach Zielberuf.",
)
_ba_command(
    "wages",
    "fachkraefte.sources.ba_wages",
    "read_wages",
    "BA Entgeltstatistik: Medianentgelte nach Kreis/Land × KldB 2010 × Geschlecht.",
)

_ba_command(
    "trainees",
    "fachkraefte.sources.ba_trainees",
    "read_trainees",
    "BA Beschäftigungsstatistik: Auszubildende nach Kreis × KldB 2010 × Geschlecht.",
)


@app.command("population")
def population_command(
    file: Path = FILE_ARGUMENT,
    dry_run: bool = DRY_RUN,
    reference_date: str | None = REFERENCE_DATE,
    imported_by: str | None = IMPORTED_BY,
    make_current: bool = SET_CURRENT,
    variant: str | None = VARIANT_OPTION,
) -> None:
    """Destatis/Regionaldatenbank GENESIS: Bevölkerung nach Kreis × Geschlecht × Alter (CSV)."""
    from fachkraefte.sources.genesis_population import read_population

    _run(
        read_population,
        file,
        dry_run=dry_run,
        reference_date=reference_date,
        imported_by=imported_by,
        make_current=make_current,
        variant=variant,
    )


@app.command("life-table")
def life_table_command(
    file: Path = FILE_ARGUMENT,
    dry_run: bool = DRY_RUN,
    reference_date: str | None = REFERENCE_DATE,
    imported_by: str | None = IMPORTED_BY,
    make_current: bool = SET_CURRENT,
) -> None:
    """Destatis GENESIS 12621-0001: Sterbetafel (q(x), l(x) nach Geschlecht und Alter).

    Eine Tafel mit späterem Zeitraum als die aktuelle wird die aktuelle: die Prognose nutzt
    die neueste importierte Sterbetafel. / A table of a later period than the current one
    becomes current: the forecast uses the newest imported life table.
    """
    from fachkraefte.sources.life_table import TABLE, read_life_table_import
    from fachkraefte.sources.vintages import current_vintage

    if not make_current and not dry_run:
        try:
            new = read_life_table_import(file, reference_date=_parse_date(reference_date))
        except ImportValidationError:
            new = None  # _run below reports the problems
        current = current_vintage(TABLE)
        make_current = bool(new and current and new.reference_date > current.reference_date)
    _run(
        read_life_table_import,
        file,
        dry_run=dry_run,
        reference_date=reference_date,
        imported_by=imported_by,
        make_current=make_current,
    )


@app.command("list")
def list_command(
    dataset: str | None = DATASET_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Gespeicherte Datenstände / stored vintages."""
    vintages = list_vintages(dataset=dataset)
    rows = [
        {
            "vintage_id": v.vintage_id,
            "dataset": v.dataset,
            "reference_date": v.reference_date.isoformat(),
            "file_name": v.file_name,
            "sha256": v.sha256[:12],
            "imported_at": v.imported_at.isoformat(),
            "imported_by": v.imported_by,
            "tables": ", ".join(f"{t} ({n})" for t, n in v.rows.items()),
            "current_for": ", ".join(v.current_for),
        }
        for v in vintages
    ]
    columns = ["vintage_id", "reference_date", "file_name", "imported_by", "current_for"]
    if fmt is not OutputFormat.table:
        columns = [
            "vintage_id",
            "dataset",
            "reference_date",
            "file_name",
            "sha256",
            "imported_at",
            "imported_by",
            "tables",
            "current_for",
        ]
    emit_rows(
        rows,
        columns,
        fmt,
        title="Datenstände / vintages",
        caption=f"{len(rows)} Datenstand/-stände; 'current_for' = aktuell genutzte Tabellen",
    )


@app.command("set-current")
def set_current_command(
    vintage_id: str = typer.Argument(..., help="Kennung aus 'fachkraefte import list'"),
) -> None:
    """Einen Datenstand zum aktuellen seiner Tabellen machen / make a vintage current."""
    try:
        vintage = set_current(vintage_id)
    except VintageError as error:
        _err.print(str(error), style="bold red")
        raise typer.Exit(code=1) from None
    typer.echo(
        f"{vintage.vintage_id} ist aktuell für / is current for: {', '.join(vintage.current_for)}"
    )
