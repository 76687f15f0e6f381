#!/usr/bin/env bash
# Quick start (b): install everything (PostgreSQL and Chromium included), lint, start a
# throw-away PostgreSQL server, and run the whole test suite: all tests on SQLite, then the
# database tests (marker ``db``, set in tests/conftest.py) once more on PostgreSQL. Extra arguments go to the first pytest run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --with-test-services

echo ">> ruff check"
.venv/bin/ruff check src tests benchmarks scripts

# A private PostgreSQL cluster on a free loopback port; removed again when the tests end.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/fachkraefte-pg.XXXXXX)
pg_port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir" "${FACHKRAEFTE_DATA_DIR:-/nonexistent}"
}
trap cleanup EXIT
echo ">> starting PostgreSQL on 127.0.0.1:$pg_port"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust --no-sync >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o \
  "-k $pg_dir -p $pg_port -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
  start >/dev/null
postgres_url="postgres://postgres@127.0.0.1:$pg_port/postgres"

export FACHKRAEFTE_DATA_DIR
FACHKRAEFTE_DATA_DIR=$(mktemp -d /tmp/fachkraefte-data.XXXXXX)

run_pytest() {
  local status=0
  .venv/bin/python -m pytest "$@" || status=$?
  if [ "$status" = 5 ]; then
    echo "pytest collected no tests: this counts as a failure." >&2
    return 1
  fi
  return "$status"
}

echo ">> pytest (SQLite, browser, core)"
run_pytest "$@"
echo ">> pytest (PostgreSQL: database tests)"
# Every test that touches the database, wherever it lives; the core tests ran once above.
DATABASE_URL="$postgres_url" run_pytest tests -m "db and not browser" -p no:cacheprovider
