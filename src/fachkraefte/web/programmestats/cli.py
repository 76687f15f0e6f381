"""``fachkraefte projects import-historic``: a funder's list of approved projects into a programme."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(
    help="Geförderte Projekte / funded projects.",
    no_args_is_help=True,
)
console = Console()


@app.command("import-historic")
def import_historic(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="Förderliste als CSV oder XLSX / list as CSV or XLSX"
    ),
    programme: str = typer.Option(
        ..., "--programme", help="Programm (Kurzname), z. B. sachsen-fachkraefteallianzen"
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Nur prüfen, nichts speichern / check only, store nothing"
    ),
) -> None:
    """Historische Projekte aus einer Förderliste importieren (alles oder nichts)."""
    from fachkraefte.web.cli import _setup_django

    _setup_django()
    from fachkraefte.common.errors import ImportValidationError
    from fachkraefte.sources.import_cli import print_problems
    from fachkraefte.web.programmes.models import Programme
    from fachkraefte.web.programmestats.historic import historic_projects_import

    target = Programme.objects.filter(slug=programme).first()
    if target is None:
        known = ", ".join(Programme.objects.order_by("slug").values_list("slug", flat=True))
        raise typer.BadParameter(
            f"Kein Programm {programme!r} / no such programme (bekannt/known: {known})",
            param_hint="--programme",
        )
    try:
        result = historic_projects_import(programme=target, path=file, actor=None, dry_run=dry_run)
    except ImportValidationError as error:
        print_problems(error)
        raise typer.Exit(code=1) from None
    years = f"{result.years[0]}–{result.years[-1]}"
    if result.dry_run:
        console.print(
            f"{result.file}: {result.rows} Projekte geprüft ({years}, {result.total} EUR) – "
            "nichts gespeichert / checked, nothing stored."
        )
    else:
        console.print(
            f"{result.file}: {result.created} historische Projekte angelegt ({years}, "
            f"{result.total} EUR) / historic projects created."
        )
