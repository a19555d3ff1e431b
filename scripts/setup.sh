#!/usr/bin/env bash
# Installs what communique needs on a Debian machine: Debian packages, then a virtual
# environment in .venv with the project and its development tools. Safe to run again:
# it only installs what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")/.."

# GNU gettext (the reference for PO files), Apertium and its pairs for offline drafts:
# English-Spanish directly, French and Italian through Spanish or Catalan. APy, Apertium's
# HTTP server, is what the apy engine's tests start (where systemd runs, its Debian service
# also serves the pairs on port 2737: 'systemctl disable --now apertium-apy' stops that).
# Chromium and a Java runtime are the real clients the tests check the site with (a browser,
# and the Nu Html Checker); Hugo is the speed reference of bench/run.py.
DEBIAN_PACKAGES=(
  gettext apertium apertium-eng-spa apertium-eng-cat apertium-fr-es apertium-fra-cat
  apertium-spa-ita apertium-cat-ita apertium-apy chromium hugo
)

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
# .venv is made with Debian's python3 (see interpreter.sh), which needs python3-venv.
source scripts/interpreter.sh
if [ -z "${COMMUNIQUE_PYTHON:-}" ] && ! /usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null; then
  missing+=(python3-venv)
fi
if ! command -v java >/dev/null 2>&1; then
  missing+=(default-jre-headless)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=$(communique_python /usr/bin/python3)
if [ -x .venv/bin/python ]; then
  made_with=$(.venv/bin/python -c 'import os, sys; print(os.path.realpath(sys._base_executable))' 2>/dev/null || true)
  if [ "$made_with" != "$python" ]; then
    echo "setup: .venv was made with ${made_with:-an interpreter that is gone}; making it again with $python"
    rm -rf .venv
  fi
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $("$python" --version) ($python)"
  "$python" -m venv .venv
fi
stamp=.venv/.communique-installed
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[dev]'
  echo "$wanted" > "$stamp"
fi
# Bytecode once, as an installed package has it: where PYTHONDONTWRITEBYTECODE is set (this
# machine, many CI images), every command would otherwise compile communique again (0.15 s).
.venv/bin/python -m compileall -q src >/dev/null
.venv/bin/python scripts/fetch_vnu.py
