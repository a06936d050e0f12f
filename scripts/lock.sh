#!/usr/bin/env bash
# Refresh requirements.lock: resolve the project's dependencies (every extra) afresh in a throw-away
# environment and record the exact versions. scripts/setup.sh installs with them as pip constraints.
# Run it on purpose (to take newer releases), then run scripts/test.sh and commit the lock.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$python" -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install --quiet --upgrade pip
"$scratch/venv/bin/python" -m pip install --quiet -e ".[test]"
"$scratch/venv/bin/python" -m pip freeze --exclude-editable | grep -v '^pilotgap' > requirements.lock
echo "requirements.lock: $(wc -l < requirements.lock) pinned packages" >&2
