"""``fachkraefte regions …``: list, show and import regions and district boundaries."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from fachkraefte import geo
from fachkraefte.cli_format import OutputFormat, emit_rows
from fachkraefte.common.errors import ImportValidationError
from fachkraefte.geo import store
from fachkraefte.geo.boundaries import WEB_TOLERANCE_DEGREES, stored_boundaries

app = typer.Typer(
    help="Regionen: Länder, Regierungsbezirke und Kreise (Destatis 04-kreise) / regions.",
    no_args_is_help=True,
)
_err = Console(stderr=True)

COLUMNS = ["ags", "name", "kind", "nuts3", "parent_ags", "land_ags", "area_km2", "population"]


class Level(enum.StrEnum):
    land = "land"
    regierungsbezirk = "regierungsbezirk"
    kreis = "kreis"


AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Gebietsstand JJJJ-MM-TT (Standard: heute).")
]
Format = Annotated[OutputFormat, typer.Option("--format", help="table, csv oder json.")]

_TITLES = {"land": "Länder", "regierungsbezirk": "Regierungsbezirke", "kreis": "Kreise"}


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} ist kein Datum JJJJ-MM-TT / is not a date YYYY-MM-DD",
            param_hint="--as-of",
        ) from None


def _fail(message: str) -> typer.Exit:
    _err.print(message, style="bold red", highlight=False)
    return typer.Exit(code=1)


def _caption(as_of: dt.date | None, *extra: str) -> str:
    when = as_of or dt.date.today()
    applied = [
        f"{m.dissolved} {m.dissolved_name} → {m.into} {m.into_name} ({m.effective:%d.%m.%Y})"
        for m in geo.territorial_changes()
        if store.snapshot().gebietsstand < m.effective <= when
    ]
    parts = [f"Quelle: {geo.regions_source()}; {geo.regions_attribution()}"]
    parts.append(
        f"Gebietsgliederung am {when:%d.%m.%Y}"
        + (f"; Gebietsänderungen: {'; '.join(applied)}" if applied else "")
    )
    return "\n".join([*parts, *extra])


def _row(region: geo.Region) -> dict[str, Any]:
    return {column: getattr(region, column) for column in COLUMNS}


@app.command("list")
def list_command(
    land: Annotated[
        str | None, typer.Option("--land", help="Nur dieses Land, z. B. 06 oder Hessen.")
    ] = None,
    level: Annotated[Level, typer.Option("--level", help="Ebene / level.")] = Level.kreis,
    as_of: AsOf = None,
    fmt: Format = OutputFormat.table,
) -> None:
    """Regionen auflisten / list regions (default: Kreise valid today)."""
    when = _date(as_of)
    try:
        wanted = geo.land(land).ags if land else None
        rows = [
            r
            for r in geo.regions(as_of=when)
            if r.level == level.value and (wanted is None or r.land_ags == wanted)
        ]
    except (LookupError, ValueError) as error:
        raise _fail(str(error)) from None
    title = _TITLES[level.value] + (f" – {geo.region(wanted).name}" if wanted else "")
    emit_rows(
        (_row(r) for r in rows),
        COLUMNS,
        fmt,
        title=f"{title} ({len(rows)})",
        caption=_caption(when),
    )


def _lookup(code_or_name: str, as_of: dt.date | None) -> geo.Region:
    try:
        return geo.find_region(code_or_name, as_of=as_of)
    except geo.AmbiguousRegionError as error:
        _err.print(str(error), style="bold red", highlight=False)
        for candidate in error.candidates:
            _err.print(f"  {candidate.ags}  {candidate.label}", highlight=False)
        raise typer.Exit(code=1) from None
    except (LookupError, ValueError) as error:
        raise _fail(str(error)) from None


@app.command("show")
def show_command(
    code_or_name: Annotated[
        str,
        typer.Argument(help="AGS, NUTS-3-Code oder Name, z. B. 06411 oder 'Landkreis Kassel'."),
    ],
    as_of: AsOf = None,
    fmt: Format = OutputFormat.table,
) -> None:
    """Eine Region zeigen / show one region."""
    when = _date(as_of)
    region = _lookup(code_or_name, when)
    above = geo.parent(region.ags)
    fields: list[tuple[str, Any]] = [
        ("AGS", region.ags),
        ("Ebene / level", region.level),
        ("Name", region.name),
        ("Art / kind", region.kind),
        ("NUTS-3", region.nuts3),
        ("Land", geo.region(region.land_ags).name),
        ("übergeordnet / parent", f"{above.ags} {above.name}" if above else None),
        ("Fläche km² / area", region.area_km2),
        ("Bevölkerung / population", region.population),
        ("männlich / male", region.population_male),
        ("weiblich / female", region.population_female),
    ]
    if region.level != "kreis":
        below = [
            r
            for r in geo.regions(as_of=when)
            if r.level == "kreis" and r.ags.startswith(region.ags)
        ]
        fields.append(("Kreise / districts", len(below)))
    if region.merged_into:
        successor = geo.region(region.merged_into)
        fields.append(
            (
                "aufgegangen in / merged into",
                f"{successor.ags} {successor.name} am {region.merged_on:%d.%m.%Y}",
            )
        )
    extra: list[str] = []
    if region.level == "kreis" and geo.boundaries_path() is not None:
        near = geo.neighbours(region.ags, as_of=when)
        fields.append(("Nachbarn / neighbours", ", ".join(f"{n.ags} {n.label}" for n in near)))
        extra.append(geo.boundaries_metadata()["attribution"])
    emit_rows(
        ({"field": k, "value": v} for k, v in fields),
        ["field", "value"],
        fmt,
        title=region.label,
        caption=_caption(when, *extra),
    )


@app.command("neighbours")
def neighbours_command(
    code: Annotated[str, typer.Argument(help="AGS oder Name des Kreises.")],
    as_of: AsOf = None,
    fmt: Format = OutputFormat.table,
) -> None:
    """Nachbarkreise aus den importierten Grenzen / neighbouring districts."""
    when = _date(as_of)
    region = _lookup(code, when)
    try:
        near = geo.neighbours(region.ags, as_of=when)
        attribution = geo.boundaries_metadata()["attribution"]
    except (LookupError, ValueError) as error:
        raise _fail(str(error)) from None
    emit_rows(
        (_row(r) for r in near),
        COLUMNS,
        fmt,
        title=f"Nachbarn von {region.ags} {region.label} ({len(near)})",
        caption=_caption(when, f"Grenzen: {attribution}"),
    )


def print_problems(error: ImportValidationError) -> None:
    """Every problem of a rejected file on stderr, one line each (file, sheet, row, column)."""
    _err.print(
        f"Import abgelehnt: {len(error.problems)} Problem(e) / import rejected:",
        style="bold red",
        highlight=False,
    )
    for problem in error.problems:
        _err.print(f"- {problem}", markup=False, highlight=False, soft_wrap=True)
    _err.print("Es wurde nichts gespeichert / nothing was stored.", style="bold red")


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise _fail(f"{path}: Datei nicht gefunden / file not found")
    return path


@app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="04-kreise.xlsx von destatis.de (Gemeindeverzeichnis).")
    ],
    allow_older: Annotated[
        bool, typer.Option("--allow-older", help="Auch einen älteren Gebietsstand übernehmen.")
    ] = False,
) -> None:
    """Kreistabelle 04-kreise.xlsx importieren / import the Destatis district table."""
    before = store.stored_metadata()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=_err, transient=True
    ) as progress:
        progress.add_task(f"{file.name}: lesen und prüfen / read and check", total=None)
        try:
            meta = geo.import_regions(_existing(file), allow_older=allow_older)
        except ImportValidationError as error:
            progress.stop()
            print_problems(error)
            raise typer.Exit(code=1) from None
    unchanged = before is not None and before["sha256"] == meta["sha256"]
    stand = dt.date.fromisoformat(meta["gebietsstand"])
    typer.echo(
        f"{'Unverändert / unchanged' if unchanged else 'Importiert / imported'}: "
        f"{meta['file']} (sha256 {meta['sha256'][:12]}…)"
    )
    typer.echo(
        f"Gebietsstand {stand:%d.%m.%Y}: {meta['kreise']} Kreise, {meta['laender']} Länder, "
        f"{meta['regierungsbezirke']} Regierungsbezirke"
    )
    typer.echo(f"Quelle: {geo.regions_source()}; {geo.regions_attribution()}")


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@app.command("import-boundaries")
def import_boundaries_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="Kreisgrenzen: GeoJSON, TopoJSON oder Shapefile (.shp mit .dbf/.prj daneben) "
            "von BKG VG250/VG5000 (Attribut AGS) oder Eurostat NUTS (NUTS_ID)."
        ),
    ],
    tolerance: Annotated[
        float,
        typer.Option(
            "--tolerance",
            min=0.0,
            help="Vereinfachung der Webkopie in Grad (0 = keine) / simplification in degrees.",
        ),
    ] = WEB_TOLERANCE_DEGREES,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Bereits importierte Grenzen einer anderen Datei ersetzen (die alten bleiben "
            "als Datenstand erhalten) / replace boundaries imported from another file.",
        ),
    ] = False,
    by: Annotated[str | None, typer.Option("--by", help="Wer importiert / who imports")] = None,
) -> None:
    """Kreisgrenzen importieren, Nachbarschaften und Webkopie berechnen / import boundaries."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=_err,
        transient=True,
    ) as progress:
        task = progress.add_task(f"{file.name}: Nachbarschaften / adjacency", total=None)
        try:
            meta = geo.import_boundaries(
                _existing(file),
                progress=lambda done, total: progress.update(task, completed=done, total=total),
                tolerance=tolerance,
                imported_by=by,
                replace=replace,
            )
        except ImportValidationError as error:
            progress.stop()
            print_problems(error)
            raise typer.Exit(code=1) from None
        except geo.BoundariesReplaceError as error:
            progress.stop()
            typer.echo(str(error), err=True)
            raise typer.Exit(code=1) from None
    if not meta["created"]:
        typer.echo(
            f"Unverändert / unchanged: {meta['file']} ist schon importiert / already imported "
            f"({meta.get('vintage_id')}, {meta['imported_at']})"
        )
        return
    if meta.get("replaces"):
        typer.echo(
            f"Ersetzt / replaced: {meta['replaces']} (bleibt als Datenstand erhalten / kept as "
            "a vintage)"
        )
    pairs = sum(len(n) for n in stored_boundaries()["neighbours"].values()) // 2
    typer.echo(
        f"Importiert / imported: {meta['file']} ({meta['format']}, {meta['crs']}) – "
        f"{meta['districts']} Kreise, {pairs} Nachbarschaften / neighbour pairs"
    )
    if meta["skipped_features"]:
        typer.echo(
            f"Übersprungen / skipped: {meta['skipped_features']} Flächen anderer Staaten, "
            "Ebenen oder Gewässer / features of other countries, levels or water"
        )
    web = meta["web"]
    share = 100.0 * (1.0 - web["bytes_after"] / web["bytes_before"]) if web["bytes_before"] else 0
    typer.echo(
        f"Webkopie / web copy (Toleranz {web['tolerance_degrees']}°): "
        f"{_thousands(web['vertices_before'])} → {_thousands(web['vertices_after'])} Punkte / "
        f"vertices, {_thousands(web['bytes_before'] // 1024)} → "
        f"{_thousands(web['bytes_after'] // 1024)} KiB ({share:.0f} % kleiner / smaller)"
    )
    typer.echo(f"Grenzen: {meta['attribution']} ({meta['attribution_url']})")
