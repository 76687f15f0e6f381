"""``fachkraefte overlap …``: compare two project texts, or search one against a file or the
platform's stored index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from fachkraefte.cli_format import OutputFormat, emit_rows
from fachkraefte.overlap.compare import DUPLICATE_THRESHOLD, Overlap, compare
from fachkraefte.overlap.files import read_records, stored_index_dir
from fachkraefte.overlap.index import OverlapIndex, build_index, search

app = typer.Typer(
    help="Überschneidungen von Projekttexten: Vergleich und Suche / overlap of project texts.",
    no_args_is_help=True,
)
Format = Annotated[OutputFormat, typer.Option("--format", help="table, csv oder json.")]
CAPTION = (
    f"Score = ½ semantisch + ½ lexikalisch; Duplikat ab {DUPLICATE_THRESHOLD:.2f} "
    "(Zahlen und Beträge zählen nicht)."
)
COMPARE_COLUMNS = ["score", "is_duplicate", "semantic", "lexical", "shared_terms", "passages"]
SEARCH_COLUMNS = ["rank", "key", "title", *COMPARE_COLUMNS, "structure"]


def _fail(message: str) -> None:
    Console(stderr=True).print(f"[red]{message}[/red]", highlight=False)
    raise typer.Exit(1)


def _row(result: Overlap) -> dict:
    return {
        "score": result.score,
        "is_duplicate": result.is_duplicate,
        "semantic": result.semantic,
        "lexical": result.lexical,
        "shared_terms": ", ".join(result.shared_terms),
        "passages": " | ".join(f"{p.text_a} ↔ {p.text_b}" for p in result.passages),
        "structure": "; ".join(result.structure_named),
    }


@app.command("compare")
def compare_command(text_a: str, text_b: str, fmt: Format = OutputFormat.table) -> None:
    """Zwei Projekttexte vergleichen / compare two project texts."""
    result = compare(text_a, text_b, neighbours=None)
    emit_rows([_row(result)], COMPARE_COLUMNS, fmt, title="Überschneidung", caption=CAPTION)


@app.command("search")
def search_command(
    text: str,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="JSON-, CSV- oder Textdatei mit Projekten (Standard: gespeicherter Index "
            "der Plattform).",
        ),
    ] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="Anzahl Treffer.")] = 10,
    fmt: Format = OutputFormat.table,
) -> None:
    """Die ähnlichsten Projekte zu einem Text finden / find the closest projects."""
    if against is not None:
        try:
            index = build_index(read_records(against))
        except (OSError, ValueError, KeyError) as error:
            _fail(f"{against}: {error}")
    else:
        folder = stored_index_dir()
        try:
            index = OverlapIndex.load(folder)
        except FileNotFoundError:
            _fail(
                f"Kein gespeicherter Index in {folder} – bitte --against DATEI angeben / "
                "no stored index: pass --against FILE"
            )
    found = search(text, index, k=k, neighbours=None)
    rows = [
        {"rank": n, "key": c.record.key, "title": c.record.title, **_row(c.overlap)}
        for n, c in enumerate(found, 1)
    ]
    emit_rows(rows, SEARCH_COLUMNS, fmt, title=f"{len(rows)} Treffer", caption=CAPTION)
