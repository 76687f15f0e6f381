"""``fachkraefte occupations …``: list, show and import the KldB 2010."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from fachkraefte import occupations as kldb
from fachkraefte.cli_format import OutputFormat, emit_rows
from fachkraefte.common.errors import ImportValidationError

app = typer.Typer(help="Berufe: Klassifikation der Berufe 2010 (KldB).", no_args_is_help=True)
CAPTION = f"Quelle: {kldb.kldb_source()} ({kldb.VERSION}), {kldb.ATTRIBUTION}"
COLUMNS = ["code", "level", "title", "short_title", "parent_code"]


def _fail(message: str) -> None:
    Console(stderr=True).print(f"[red]{message}[/red]", highlight=False)
    raise typer.Exit(1)


@app.command("list")
def list_occupations(
    level: int = typer.Option(
        3, "--level", min=1, max=5, help="Ebene 1–5 (Standard: 3, Berufsgruppen)."
    ),
    parent: str | None = typer.Option(None, "--parent", help="Nur unterhalb dieses Schlüssels."),
    search: str | None = typer.Option(None, "--search", help="Text im Titel."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv oder json."),
) -> None:
    """Berufe einer Ebene auflisten / list occupations of one level."""
    try:
        rows = kldb.search(search, level) if search else kldb.occupations(level)
        if parent:
            kldb.occupation(parent)
            rows = [o for o in rows if o.code.startswith(parent.strip())]
    except LookupError as error:
        _fail(str(error))
    emit_rows(
        [vars(o) for o in rows],
        COLUMNS,
        fmt,
        title=f"{len(rows)} × {kldb.LEVEL_NAMES[level]}",
        caption=CAPTION,
    )


@app.command("show")
def show(code: str) -> None:
    """Einen Beruf mit Ober- und Untergruppen anzeigen / show one occupation."""
    try:
        own = kldb.occupation(code)
    except LookupError as error:
        _fail(str(error))
    rows = [
        {"code": o.code, "level": kldb.LEVEL_NAMES[o.level], "title": o.title}
        for o in [*kldb.ancestors(own.code), own]
    ]
    if own.niveau:
        rows.append({"code": "", "level": "Anforderungsniveau", "title": own.niveau.label_de})
    rows += [
        {"code": c.code, "level": f"↳ {kldb.LEVEL_NAMES[c.level]}", "title": c.title}
        for c in kldb.children(own.code)
    ]
    emit_rows(
        rows,
        ["code", "level", "title"],
        OutputFormat.table,
        title=own.title,
        caption=CAPTION,
    )


@app.command("import")
def import_export(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="Amtliche KldB-2010-CSV.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Nur prüfen, nichts speichern.")
    ] = False,
) -> None:
    """Amtlichen KldB-Export (alle 5 Ebenen) importieren / import the official export."""
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True
    ) as progress:
        progress.add_task(f"Prüfe {path.name} …", total=None)
        try:
            meta = kldb.import_export(path, dry_run=dry_run)
        except ImportValidationError as error:
            _fail(str(error))
    counts = ", ".join(f"{kldb.LEVEL_NAMES[int(k)]}: {v}" for k, v in meta["counts"].items())
    if meta.get("dry_run"):
        typer.echo(f"Geprüft, nichts gespeichert / validated, nothing stored. {counts}")
    elif meta.get("unchanged"):
        typer.echo(f"Bereits importiert / already imported: {meta['file']}")
    else:
        typer.echo(f"Importiert / imported: {meta['file']} ({meta['version']}). {counts}")


@app.command("import-berufsliste")
def import_job_titles(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="Gesamtberufsliste der BA (XLSX).")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Nur prüfen, nichts speichern.")
    ] = False,
) -> None:
    """Gesamtberufsliste der BA (Berufsbezeichnungen → KldB) importieren / import job titles."""
    from fachkraefte.occupations import job_titles

    try:
        meta = job_titles.import_job_titles(path, dry_run=dry_run)
    except ImportValidationError as error:
        _fail(str(error))
    if meta.get("dry_run"):
        typer.echo(
            f"Geprüft, nichts gespeichert / validated, nothing stored: {meta['count']} Titel"
        )
    elif meta.get("unchanged"):
        typer.echo(f"Bereits importiert / already imported: {meta['file']}")
    else:
        typer.echo(f"Importiert / imported: {meta['file']} ({meta['count']} Berufsbezeichnungen)")
