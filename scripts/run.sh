#!/usr/bin/env bash
# Quick start (a): install everything, build the synthetic demo (Hessen and the other demo
# alliances' Kreise), start the platform on SQLite at http://127.0.0.1:8000 (web server and
# background task worker, ended together) and print the demo logins.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
.venv/bin/fachkraefte demo --no-logins  # serve prints them, once
# The package ships no life table; next to the shared official files the Destatis one is
# imported (idempotent), otherwise the forecast says it uses its unchecked fallback.
life_table=../shared/data/official/destatis_genesis/12621-0001_de_2022-2024.csv
if [ -f "$life_table" ]; then
  .venv/bin/fachkraefte import life-table "$life_table"
fi
exec .venv/bin/fachkraefte serve --host 127.0.0.1 --port "${PORT:-8000}"
