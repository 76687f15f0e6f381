#!/usr/bin/env bash
# Installs everything the platform needs into this checkout: system packages (as root, via
# apt-get), a virtual environment with the Python package, and the npm packages whose files
# the platform serves or reads (KERN UX styles, htmx, axe-core, the Destatis district table).
# Usage: scripts/install.sh [--with-test-services]   (the flag adds PostgreSQL and Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

with_test_services=0
[ "${1:-}" = "--with-test-services" ] && with_test_services=1

need_apt=()
command -v python3.11 >/dev/null 2>&1 || python3 -c 'import sys; assert sys.version_info[:2]==(3,11)' 2>/dev/null || need_apt+=(python3.11 python3.11-venv)
python3 -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ "$with_test_services" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo ">> apt-get install ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Bitte als root installieren / please install as root: apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
fi

python=python3.11
command -v "$python" >/dev/null 2>&1 || python=python3
if [ ! -x .venv/bin/python ]; then
  echo ">> creating .venv"
  "$python" -m venv .venv
fi
echo ">> pip install -e .[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

echo ">> npm install"
npm install --no-audit --no-fund --loglevel=error >/dev/null
