"""``fachkraefte demo`` and ``fachkraefte serve`` (registered by ``fachkraefte.cli``)."""

from __future__ import annotations

import os

import typer
from rich.console import Console

from fachkraefte import SYNTHETIC_LABEL_DE

console = Console()


def _setup_django(*, debug: bool | None = None, host: str | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fachkraefte.web.settings")
    if debug is not None:
        os.environ["FACHKRAEFTE_DEBUG"] = "1" if debug else "0"
    if host and host not in ("0.0.0.0", "::"):
        allowed = os.environ.get("FACHKRAEFTE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
        if host not in allowed:
            os.environ["FACHKRAEFTE_ALLOWED_HOSTS"] = ",".join([*allowed, host])
    import django

    django.setup()


def _login_roles(usernames: list[str]) -> dict[str, tuple[str, str]]:
    """{username: (role, alliance)} for the logins table, read from the database."""
    from django.contrib.auth import get_user_model

    from fachkraefte.web.accounts.roles import is_coordination
    from fachkraefte.web.accounts.selectors import user_roles

    result = {}
    for user in get_user_model().objects.filter(username__in=usernames):
        roles = user_roles(user)
        if roles.alliances:
            role = "; ".join(row.label for row in roles.alliances)
            alliance = "; ".join(row.alliance.name for row in roles.alliances)
        else:
            role = ", ".join(str(label) for label in roles.platform)
            alliance = "alle Allianzen / all alliances" if is_coordination(user) else "–"
        result[user.username] = (role, alliance)
    return result


def _print_logins(logins: dict[str, str], url: str) -> None:
    """One line per login with user, password, role and alliance, never shortened.

    A table squeezed to the terminal's width cut roles and alliance names ("Koordinierungsst…");
    plain lines that the terminal itself wraps keep every word.
    """
    roles = _login_roles(list(logins))
    rows = [(name, password, *roles.get(name, ("–", "–"))) for name, password in logins.items()]
    header = ("Benutzer / user", "Passwort / password", "Rolle / role", "Allianz / alliance")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(2)]
    console.print(f"[bold]Demo-Zugänge / demo logins[/bold] ({SYNTHETIC_LABEL_DE})", soft_wrap=True)
    for row in [header, *rows]:
        line = f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]} | {row[3]}"
        console.print(line, soft_wrap=True, markup=False, highlight=False)
    console.print(f"Adresse / URL: [bold]{url}[/bold]")


def demo_command(
    seed: int | None = typer.Option(
        None, help="Startwert des Zufallsgenerators / random seed (Standard: feste Demo)."
    ),
    reset_logins: bool = typer.Option(
        False, "--reset-logins", help="Neue Passwörter für die Demo-Zugänge."
    ),
    show_logins: bool = typer.Option(
        True,
        "--logins/--no-logins",
        help="Demo-Zugänge ausgeben (scripts/run.sh lässt das `serve` tun, damit sie einmal "
        "erscheinen).",
    ),
) -> None:
    """Demodaten für Hessen erzeugen, Datenbank anlegen und Demo-Zugänge einrichten."""
    from fachkraefte.sources.demo import DEFAULT_SEED, build_demo

    manifest = build_demo(seed=DEFAULT_SEED if seed is None else seed, show_progress=True)
    _setup_django()
    from django.core.management import call_command

    from fachkraefte.geo import ensure_default_boundaries
    from fachkraefte.web.alliances.demo import ensure_demo_governance
    from fachkraefte.web.core.regions import sync_regions
    from fachkraefte.web.decisions.demo import ensure_demo_decisions
    from fachkraefte.web.demo_logins import ensure_demo_users
    from fachkraefte.web.monitor.demo import ensure_demo_runs

    call_command("migrate", verbosity=0, interactive=False)
    created, updated = sync_regions()
    # Shipped BKG district outlines, so the monitor map draws real shapes unless others were imported.
    ensure_default_boundaries()
    logins = ensure_demo_users(reset=reset_logins)
    logins.update(ensure_demo_governance(reset_logins=reset_logins))
    ensure_demo_decisions()
    ensure_demo_runs(say=console.print)
    console.print(
        f"Demodaten (Seed {manifest.seed}, Jahre {min(manifest.years)}–{max(manifest.years)}); "
        f"Regionen: {created} neu, {updated} aktualisiert / regions: {created} new, {updated} updated."
    )
    console.print(f"[bold yellow]{SYNTHETIC_LABEL_DE}[/bold yellow]")
    if show_logins:
        _print_logins(logins, f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")


def _gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the WSGI app with gunicorn's threaded workers (static files through WhiteNoise)."""
    from gunicorn.app.base import BaseApplication

    from fachkraefte.web.warmup import warm_up
    from fachkraefte.web.wsgi import application

    def post_worker_init(_worker) -> None:
        warm_up(application, host, port)

    class _Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            # Each worker loads URLs and monitor data before its first client (warmup.py).
            self.cfg.set("post_worker_init", post_worker_init)
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", None)
            self.cfg.set("errorlog", "-")
            self.cfg.set("loglevel", "warning")

        def load(self):
            return application

    _Server().run()


def serve_command(
    host: str = typer.Option("127.0.0.1", help="Adresse / host to listen on."),
    port: int = typer.Option(8000, help="Port."),
    workers: int = typer.Option(2, min=1, help="Prozesse / worker processes."),
    threads: int = typer.Option(8, min=1, help="Threads je Prozess / threads per process."),
    debug: bool = typer.Option(
        False, "--debug", help="Django-Debugmodus mit Entwicklungsserver (nur lokal!)."
    ),
) -> None:
    """Die Web-Anwendung starten (gunicorn; mit --debug Djangos Entwicklungsserver)."""
    _setup_django(debug=debug, host=host)
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from fachkraefte.web.demo_logins import stored_logins

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        console.print(f"Wende {len(pending)} Migrationen an / applying {len(pending)} migrations …")
        call_command("migrate", verbosity=0, interactive=False)
    connection.close()  # gunicorn forks; each worker opens its own connection
    url = f"http://{host}:{port}"
    logins = stored_logins()
    if logins:
        _print_logins(logins, url)
    else:
        console.print(f"Adresse / URL: [bold]{url}[/bold]")
    if debug:
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
    else:
        _gunicorn(host, port, workers, threads)
