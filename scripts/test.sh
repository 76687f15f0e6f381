#!/usr/bin/env bash
# Quick start (b): install everything (PostgreSQL and Chromium included), lint, start a
# throw-away PostgreSQL server, and run the whole test suite: all tests on SQLite, then the
# database tests (marker ``db``, set in tests/conftest.py) once more on PostgreSQL, the two
# passes side by side on the two cores. Extra arguments go to the SQLite pass.
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
  # a PostgreSQL pass still running (the script was interrupted) goes first
  [ -n "${pg_pid:-}" ] && kill "$pg_pid" 2>/dev/null || true
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir" "${FACHKRAEFTE_DATA_DIR:-/nonexistent}" "${pg_store:-/nonexistent}"
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

# The two passes run side by side, one per core: each is mostly one Python thread, and they
# share nothing (their own database, data store and pytest temp folder). The PostgreSQL pass
# writes to a log that is printed when both are done.
pg_store=$(mktemp -d /tmp/fachkraefte-data-pg.XXXXXX)
pg_log="$pg_dir/pytest.log"
echo ">> pytest (PostgreSQL: database tests) started beside the SQLite pass"
# Every test that touches the database, wherever it lives; the core tests run once, on SQLite.
FACHKRAEFTE_DATA_DIR="$pg_store" DATABASE_URL="$postgres_url" \
  run_pytest tests -m "db and not browser" -p no:cacheprovider --basetemp "$pg_dir/tmp" \
  >"$pg_log" 2>&1 &
pg_pid=$!

echo ">> pytest (SQLite, browser, core)"
sqlite_status=0
run_pytest "$@" || sqlite_status=$?
pg_status=0
wait "$pg_pid" || pg_status=$?
echo ">> pytest (PostgreSQL: database tests), its output:"
cat "$pg_log"
rm -rf "$pg_store"
if [ "$sqlite_status" != 0 ] || [ "$pg_status" != 0 ]; then
  echo "failed: SQLite pass $sqlite_status, PostgreSQL pass $pg_status" >&2
  exit 1
fi
