#!/usr/bin/env bash
# Installs xxgk into .venv and runs it on the bundled example reports.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e .
.venv/bin/xxgk parse --format table examples/*.txt
.venv/bin/xxgk check examples/*.txt || true
