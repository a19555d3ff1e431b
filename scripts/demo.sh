#!/usr/bin/env bash
# The main job: sets up what is missing, then runs the pipeline on the demo release in source/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/communique update
.venv/bin/communique draft
.venv/bin/communique status
