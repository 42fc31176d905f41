#!/usr/bin/env bash
# Builds the demo board (content/) and serves the public site on http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
.venv/bin/congkhai serve "$@"
