"""Take docs/screenshot-start.png of the start page (for the README).

Serves the app from the configured data store (``FACHKRAEFTE_DATA_DIR``; run
``fachkraefte demo`` first to show demo figures) on a free local port and photographs it with
Debian's Chromium through Playwright:

    .venv/bin/python scripts/screenshot.py [--out docs/screenshot-start.png] [--lang de]
"""

from __future__ import annotations

import argparse
import os
import socketserver
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parents[1]


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # keep the console for errors
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-start.png")
    parser.add_argument("--lang", default="de", choices=["de", "en"])
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fachkraefte.web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    call_command("migrate", verbosity=0, interactive=False)
    server = make_server("127.0.0.1", 0, get_wsgi_application(), _ThreadingServer, _QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale=args.lang)
        if args.lang == "en":
            page.goto(url)
            page.get_by_role("button", name="English").click()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out), full_page=True)
        browser.close()
    server.shutdown()
    print(f"{args.out} geschrieben / written ({url})")


if __name__ == "__main__":
    main()
