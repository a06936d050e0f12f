#!/usr/bin/env bash
# Create the project's virtual environment in .venv and install the project into it — once.
# Versions come from requirements.lock (pip constraints: the exact set the suite last passed with,
# so a fresh machine installs what was tested; refresh it with scripts/lock.sh). Later runs only
# compare a stamp (a hash of pyproject.toml, requirements.lock, the Python version and the extras)
# and return at once when the environment is current; a changed pyproject.toml or lock reinstalls.
# Usage: scripts/setup.sh [EXTRAS]   e.g. scripts/setup.sh test   (PILOTGAP_REINSTALL=1 forces it)
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"

fingerprint() {
  # What the installed environment depends on: the dependency list and the interpreter.
  { cat pyproject.toml requirements.lock; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1
}

stamp_file() { echo ".venv/.pilotgap-setup-${1:-base}"; }

current() {
  # True when .venv was set up for these extras (or for the test extras, a superset) from this pyproject.
  local want="$1" hash="$2" name
  [ -x .venv/bin/python ] || return 1
  for name in "${want:-base}" test; do
    if [ -f "$(stamp_file "$name")" ] && [ "$(cat "$(stamp_file "$name")")" = "$hash" ]; then
      return 0
    fi
  done
  return 1
}

hash="$(fingerprint)"
if [ "${PILOTGAP_REINSTALL:-0}" != "1" ] && current "$extras" "$hash"; then
  exit 0
fi
echo "setup: installing pilotgap${extras:+[$extras]} into .venv (once; later starts reuse it)" >&2
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
if [ -n "$extras" ]; then
  .venv/bin/python -m pip install --quiet -c requirements.lock -e ".[${extras}]"
else
  .venv/bin/python -m pip install --quiet -c requirements.lock -e .
fi
echo "$hash" > "$(stamp_file "$extras")"
