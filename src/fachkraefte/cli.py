"""The ``fachkraefte`` command. Each domain registers its own sub-command group here."""

from __future__ import annotations

import typer

from fachkraefte import __version__

app = typer.Typer(
    help="Fachkräfte-Plattform: Prognosen, Monitoring und Fachkräfteallianzen.",
    no_args_is_help=True,
    add_completion=False,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"fachkraefte {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Version anzeigen."
    ),
) -> None:
    """Fachkräfte-Plattform command line."""


def _register() -> None:
    # Imported here so that each sub-command module stays importable on its own.
    from fachkraefte.cli_forecast import app as forecast_app
    from fachkraefte.cli_peers import similar_command
    from fachkraefte.geo.cli import app as regions_app
    from fachkraefte.indicators.cli import app as indicators_app
    from fachkraefte.occupations.cli import app as occupations_app
    from fachkraefte.overlap.cli import app as overlap_app
    from fachkraefte.reports.briefing.cli import app as workshops_app
    from fachkraefte.sources.import_cli import app as import_app
    from fachkraefte.web.cli import demo_command, serve_command, worker_command
    from fachkraefte.web.knowledge.cli import app as knowledge_app
    from fachkraefte.web.programmestats.cli import app as projects_app

    regions_app.command("similar")(similar_command)
    app.add_typer(regions_app, name="regions")
    app.add_typer(occupations_app, name="occupations")
    app.add_typer(forecast_app, name="forecast")
    app.add_typer(import_app, name="import")
    app.add_typer(indicators_app, name="indicators")
    app.add_typer(projects_app, name="projects")
    app.add_typer(workshops_app, name="workshops")
    app.add_typer(knowledge_app, name="knowledge")
    app.add_typer(overlap_app, name="overlap")
    app.command("demo")(demo_command)
    app.command("serve")(serve_command)
    app.command("worker")(worker_command)


_register()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
