#!/usr/bin/env bash
# Set up and start the API on its embedded defaults (http://127.0.0.1:8000; the advisor page at /).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m api "$@"
