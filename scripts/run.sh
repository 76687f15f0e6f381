#!/usr/bin/env bash
# Quick start (a): install everything, build the synthetic demo (Hessen and the other demo
# alliances' Kreise), start the platform on SQLite at http://127.0.0.1:8000 (web server and
# background task worker, ended together) and print the demo logins.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
.venv/bin/fachkraefte demo --no-logins  # serve prints them, once
exec .venv/bin/fachkraefte serve --host 127.0.0.1 --port "${PORT:-8000}"
