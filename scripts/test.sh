#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run the linters and the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser test drives Debian's Chromium (no browser download): install it if it is missing.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
bash scripts/setup.sh test
.venv/bin/python -m ruff check .
.venv/bin/python -m ruff format --check .
.venv/bin/python -m pytest "$@"
