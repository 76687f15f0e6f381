"""``fachkraefte demo`` and ``fachkraefte serve`` (registered by ``fachkraefte.cli``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

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
    from fachkraefte.web.reviews.models import Review

    reviewers = set(
        Review.objects.filter(reviewer__username__in=usernames).values_list(
            "reviewer__username", flat=True
        )
    )
    result = {}
    for user in get_user_model().objects.filter(username__in=usernames):
        roles = user_roles(user)
        if roles.alliances:
            role = "; ".join(row.label for row in roles.alliances)
            alliance = "; ".join(row.alliance.name for row in roles.alliances)
        elif user.username in reviewers:
            # reviewing is a role per proposal, not a platform group
            role, alliance = "Gutachter/in / reviewer", "–"
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
    land: str = typer.Option(
        "demo",
        "--land",
        help="Welche Kreise: 'demo' (Hessen und die Kreise der Demo-Bündnisse in Sachsen und "
        "Niedersachsen), 'all' (alle 400 Kreise) oder Landesschlüssel wie '06,14,03'.",
    ),
    show_logins: bool = typer.Option(
        True,
        "--logins/--no-logins",
        help="Demo-Zugänge ausgeben (scripts/run.sh lässt das `serve` tun, damit sie einmal "
        "erscheinen).",
    ),
) -> None:
    """Demodaten für die Demo-Bündnisse erzeugen, Datenbank anlegen und Demo-Zugänge einrichten."""
    from fachkraefte.sources.demo import DEFAULT_SEED, build_demo

    try:
        manifest = build_demo(
            seed=DEFAULT_SEED if seed is None else seed,
            show_progress=True,
            # Called as a function (tests), the option's default object arrives unresolved.
            selection=land if isinstance(land, str) else None,
        )
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--land") from error
    _setup_django()
    from django.core.management import call_command

    from fachkraefte.geo import ensure_default_boundaries
    from fachkraefte.web.alliances.demo import ensure_demo_governance
    from fachkraefte.web.calls.demo import ensure_demo_calls
    from fachkraefte.web.core.regions import sync_regions
    from fachkraefte.web.decisions.demo import ensure_demo_decisions
    from fachkraefte.web.demo_logins import ensure_demo_users
    from fachkraefte.web.funding.demo import ensure_demo_budgets
    from fachkraefte.web.knowledge.demo import ensure_demo_knowledge
    from fachkraefte.web.monitor.demo import ensure_demo_runs
    from fachkraefte.web.outcomes.demo import ensure_demo_gap_effects
    from fachkraefte.web.overlaps.demo import ensure_demo_overlaps
    from fachkraefte.web.payments.demo import payments_demo
    from fachkraefte.web.programmestats.demo import ensure_demo_history
    from fachkraefte.web.projects.demo import ensure_demo_projects
    from fachkraefte.web.projects.models import Project
    from fachkraefte.web.proposals.demo import ensure_demo_proposals
    from fachkraefte.web.reviews.demo import ensure_demo_reviews_and_decisions
    from fachkraefte.web.workshop_outcomes.demo import ensure_demo_outcomes
    from fachkraefte.web.workshops.demo import ensure_demo_workshops

    call_command("migrate", verbosity=0, interactive=False)
    created, updated = sync_regions()
    # Shipped BKG district outlines, so the monitor map draws real shapes unless others were imported.
    ensure_default_boundaries()
    logins = ensure_demo_users(reset=reset_logins)
    logins.update(ensure_demo_governance(reset_logins=reset_logins))
    ensure_demo_decisions()
    ensure_demo_budgets()
    ensure_demo_calls()
    logins.update(ensure_demo_proposals(reset_logins=reset_logins))
    logins.update(ensure_demo_reviews_and_decisions(reset_logins=reset_logins)["logins"])
    ensure_demo_history()
    ensure_demo_projects()
    payments_demo(projects=Project.objects.filter(is_historic=False).order_by("pk"))
    ensure_demo_workshops()
    ensure_demo_outcomes()
    ensure_demo_runs(say=console.print)
    ensure_demo_gap_effects(say=console.print)
    ensure_demo_knowledge()
    ensure_demo_overlaps()
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


def _migrate() -> None:
    """Apply pending migrations (a fresh checkout, an update) before anything uses the database."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        console.print(f"Wende {len(pending)} Migrationen an / applying {len(pending)} migrations …")
        call_command("migrate", verbosity=0, interactive=False)


def _end_with_parent() -> None:
    # Linux: the worker gets SIGTERM when serve dies, even by SIGKILL, so none is left over.
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _start_task_worker() -> subprocess.Popen:
    """``fachkraefte worker`` as a child process of ``serve`` (environment inherited)."""
    return subprocess.Popen(
        [sys.executable, "-m", "fachkraefte.cli", "worker"],
        preexec_fn=_end_with_parent if sys.platform.startswith("linux") else None,
    )


def _stop_task_worker(worker: subprocess.Popen) -> None:
    """Let the cluster finish its running tasks' bookkeeping; kill it if it does not end."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def serve_command(
    host: str = typer.Option("127.0.0.1", help="Adresse / host to listen on."),
    port: int = typer.Option(8000, help="Port."),
    workers: int = typer.Option(2, min=1, help="Prozesse / worker processes."),
    threads: int = typer.Option(8, min=1, help="Threads je Prozess / threads per process."),
    debug: bool = typer.Option(
        False, "--debug", help="Django-Debugmodus mit Entwicklungsserver (nur lokal!)."
    ),
    task_worker: bool = typer.Option(
        True,
        "--task-worker/--no-task-worker",
        help="Den Aufgaben-Worker mitstarten (Standard) / also run the background task worker; "
        "--no-task-worker, wenn Worker eigenständig laufen (fachkraefte worker).",
    ),
) -> None:
    """Die Web-Anwendung starten (gunicorn; mit --debug Djangos Entwicklungsserver) und mit ihr
    den Aufgaben-Worker, der mit ihr endet."""
    _setup_django(debug=debug, host=host)
    from django.core.management import call_command
    from django.db import connection

    from fachkraefte.web.demo_logins import stored_logins

    _migrate()
    connection.close()  # gunicorn forks; each worker opens its own connection
    url = f"http://{host}:{port}"
    logins = stored_logins()
    if logins:
        _print_logins(logins, url)
    else:
        console.print(f"Adresse / URL: [bold]{url}[/bold]")
    worker = _start_task_worker() if task_worker else None
    try:
        if debug:
            call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
        else:
            _gunicorn(host, port, workers, threads)
    finally:
        if worker is not None:
            _stop_task_worker(worker)


def worker_command(
    once: bool = typer.Option(
        False,
        "--einmal",
        help="Fällige periodische Jobs einreihen, die Warteschlange abarbeiten und enden (für "
        "cron) / enqueue due periodic jobs, run the queue once and exit.",
    ),
) -> None:
    """Den Aufgaben-Worker starten: django-q2-Cluster mit Worker-Prozessen und Zeitplan
    (Anzahl: FACHKRAEFTE_TASK_WORKERS); ``serve`` startet ihn selbst mit."""
    _setup_django()
    from django.core.management import call_command

    from fachkraefte.web.tasks.queue import queue_process, queue_schedule_due
    from fachkraefte.web.tasks.schedules import schedules_register
    from fachkraefte.web.tasks.services import tasks_fail_stale

    _migrate()
    schedules_register()
    failed = tasks_fail_stale()  # left "running" by a worker that was killed
    if failed:
        console.print(f"{failed} abgebrochene Aufgabe(n) als fehlgeschlagen markiert / failed.")
    if once:
        queue_schedule_due()
        done = queue_process()
        console.print(f"{done} Aufgabe(n) ausgeführt / job(s) run.")
        return
    call_command("qcluster")
