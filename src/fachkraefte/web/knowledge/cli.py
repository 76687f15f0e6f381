"""``fachkraefte knowledge``: rebuild the search index and search it from the command line."""

from __future__ import annotations

import typer

from fachkraefte.cli_format import OutputFormat, emit_rows

app = typer.Typer(
    help="Maßnahmen, gute Praxis und die Suche / measures, good practices and the site search.",
    no_args_is_help=True,
)


def _django() -> None:
    from fachkraefte.web.cli import _setup_django

    _setup_django()


@app.command()
def reindex() -> None:
    """Den Suchindex aus allen öffentlichen Datensätzen neu aufbauen / rebuild the search index."""
    _django()
    from fachkraefte.web.knowledge.services import measures_from_projects
    from fachkraefte.web.sitesearch.services import search_reindex

    projects = measures_from_projects()
    counts = search_reindex()
    summary = ", ".join(f"{kind}: {count}" for kind, count in counts.items())
    typer.echo(f"Projekte im Katalog / projects in the catalogue: {projects}")
    typer.echo(f"Suchindex / search index: {summary}")


@app.command()
def search(
    query: str = typer.Argument(..., help="Suchbegriffe / search words, e.g. 'Pflegekräfte'"),
    kind: str = typer.Option(
        "",
        "--type",
        help="measure, practice, call, project, alliance, district oder/or occupation",
    ),
    land: str = typer.Option("", "--land", help="Landesschlüssel / Land key, e.g. 06"),
    district: str = typer.Option("", "--district", help="Kreis (AGS), e.g. 06432"),
    limit: int = typer.Option(20, "--limit", min=1, help="höchstens / at most"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv, json"),
) -> None:
    """Die Plattform durchsuchen wie die Suchseite / search the platform as the search page does."""
    _django()
    from fachkraefte.web.sitesearch.models import Kind
    from fachkraefte.web.sitesearch.selectors import search as site_search
    from fachkraefte.web.sitesearch.selectors import with_passages

    if kind and kind not in Kind.values:
        raise typer.BadParameter(f"{kind!r}; " + ", ".join(Kind.values), param_hint="--type")
    hits = with_passages(
        site_search(query=query, kind=kind, land=land, district=district)[:limit], query
    )
    rows = [
        {
            "rank": rank,
            "type": hit.document.kind,
            "title": hit.document.title,
            "url": hit.document.url,
            "score": hit.score,
            "passage": "".join(
                f"[{s.text}]" if s.hit and fmt is OutputFormat.table else s.text
                for s in hit.passage
            ),
        }
        for rank, hit in enumerate(hits, start=1)
    ]
    emit_rows(
        rows,
        ["rank", "type", "title", "url", "score", "passage"],
        fmt,
        title=f"Suche / search: {query}",
    )
