"""``fachkraefte workshops pack AGS --out FILE.pdf [--html]``: a district's briefing pack."""

from __future__ import annotations

from pathlib import Path

import typer

from fachkraefte.forecast import store

app = typer.Typer(help="Zukunftswerkstätten: Unterlagen aus der Prognose.", no_args_is_help=True)


def _default_run() -> str | None:
    runs = store.list_runs()
    for metadata in runs:
        if str(metadata.get("scenario", "basis")) == "basis":
            return str(metadata["run_id"])
    return str(runs[0]["run_id"]) if runs else None


@app.command("pack")
def pack_command(
    ags: str = typer.Argument(..., help="AGS des Kreises, z. B. 06411."),
    out: Path = typer.Option(..., "--out", help="Zieldatei (PDF)."),
    html: bool = typer.Option(False, "--html", help="Zusätzlich HTML neben das PDF schreiben."),
    run: str | None = typer.Option(
        None, "--run", help="Prognoselauf (Standard: neuester Lauf des Basisszenarios)."
    ),
) -> None:
    """Unterlagen (PDF/UA-1, optional HTML) für die Zukunftswerkstatt eines Kreises."""
    from fachkraefte.reports.briefing import UnknownDistrictError, make_pack

    run_id = run or _default_run()
    if run_id is None:
        raise typer.BadParameter("Kein Prognoselauf – zuerst 'fachkraefte forecast run'.")
    try:
        pack = make_pack(run_id, ags)
    except FileNotFoundError as error:
        raise typer.BadParameter(str(error), param_hint="--run") from error
    except UnknownDistrictError as error:
        raise typer.BadParameter(str(error), param_hint="AGS") from error
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pack.pdf)
    typer.echo(f"PDF: {out}")
    if html:
        target = out.with_suffix(".html")
        target.write_text(pack.html, encoding="utf-8")
        typer.echo(f"HTML: {target}")
