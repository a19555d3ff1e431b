#!/usr/bin/env bash
# The main job: sets up what is missing, then runs the whole pipeline on the demo release in
# source/ — extract, update, draft, check, build — and says where to open the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/communique publish
