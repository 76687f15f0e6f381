"""``fachkraefte regions similar AGS``: the most similar districts of a Kreis, with reasons."""

from __future__ import annotations

import typer

from fachkraefte import geo
from fachkraefte.cli_format import OutputFormat, emit_rows
from fachkraefte.forecast import store

COLUMNS = ["rank", "ags", "name", "distance", "type", "reason"]


def default_run_id() -> str | None:
    """The newest base-scenario run, else the newest run (as the monitor opens with)."""
    runs = store.list_runs()
    for metadata in runs:
        if str(metadata.get("scenario", "basis")) == "basis":
            return str(metadata["run_id"])
    return str(runs[0]["run_id"]) if runs else None


def similar_rows(ags: str, *, k: int, run_id: str) -> list[dict]:
    from fachkraefte.reports.peer_sets import peer_set

    peers = peer_set(run_id)
    if ags not in peers.features:
        raise KeyError(ags)
    return [
        {
            "rank": rank,
            "ags": neighbour.ags,
            "name": _name(neighbour.ags),
            "distance": round(neighbour.distance, 3),
            "type": neighbour.type_label,
            "reason": neighbour.reason,
            "contributions": [
                {"indicator": c.feature, "label": c.label, "contribution": round(c.contribution, 4)}
                for c in neighbour.reasons
            ],
        }
        for rank, neighbour in enumerate(peers.neighbours(ags, k=k), start=1)
    ]


def _name(ags: str) -> str:
    try:
        return geo.region(ags).name
    except geo.UnknownRegionError:
        return ags


def similar_command(
    ags: str = typer.Argument(..., help="AGS des Kreises, z. B. 06411."),
    k: int = typer.Option(5, "--k", min=1, max=50, help="Wie viele ähnliche Kreise."),
    run: str | None = typer.Option(
        None, "--run", help="Prognoselauf (Standard: neuester Lauf des Basisszenarios)."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv oder json"),
) -> None:
    """Die ähnlichsten Kreise mit Begründung (gewichtete Distanz, Gewichte in peers/weights.toml)."""
    run_id = run or default_run_id()
    if run_id is None:
        raise typer.BadParameter("Kein Prognoselauf – zuerst 'fachkraefte forecast run'.")
    try:
        rows = similar_rows(ags, k=k, run_id=run_id)
    except FileNotFoundError as error:
        raise typer.BadParameter(str(error), param_hint="--run") from error
    except KeyError as error:
        raise typer.BadParameter(
            f"Der Lauf {run_id} enthält den Kreis {ags} nicht / the run has no district {ags}.",
            param_hint="AGS",
        ) from error
    columns = [*COLUMNS, "contributions"] if fmt is OutputFormat.json else COLUMNS
    emit_rows(
        rows,
        columns,
        fmt,
        title=f"Ähnliche Kreise: {_name(ags)} ({ags})",
        caption=f"Prognoselauf {run_id}; Gewichte: fachkraefte/peers/weights.toml",
    )
