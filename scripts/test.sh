#!/usr/bin/env bash
# Quick start (b): install everything (PostgreSQL and Chromium included), start a throw-away
# PostgreSQL server, and run the whole test suite against SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --with-test-services

# A private PostgreSQL cluster on a unix socket; stopped again when the tests end.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/fachkraefte-pg.XXXXXX)
chmod 755 "$pg_dir"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust --no-sync >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-k $pg_dir -p 54329 -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null
trap '"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
export FACHKRAEFTE_TEST_POSTGRES_URL="postgres://postgres@/fachkraefte?host=$pg_dir&port=54329"

export FACHKRAEFTE_DATA_DIR
FACHKRAEFTE_DATA_DIR=$(mktemp -d /tmp/fachkraefte-data.XXXXXX)

status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" = 5 ]; then
  echo "pytest collected no tests: this counts as a failure." >&2
  exit 1
fi
exit "$status"
