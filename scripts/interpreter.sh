# Which Python .venv is made with (sourced by setup.sh). Debian's python3, unless
# COMMUNIQUE_PYTHON names another: Debian builds it with profile-guided and link-time
# optimisation, and communique runs about a fifth faster on it than on a plain build from
# source, as pyenv makes by default (a build of 2,000 releases in 6 languages: 17.7 s of
# processor time against 22.3 s). A python3 that comes first in PATH (pyenv, a conda
# environment) is taken only where Debian's is older than 3.11.

# Whether the interpreter $1 runs and is Python 3.11 or newer.
new_enough() {
  "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

# The interpreter to make .venv with, given Debian's ($1, /usr/bin/python3), on stdout; a
# one-line message on stderr and status 1 where none is new enough.
communique_python() {
  local python
  if [ -n "${COMMUNIQUE_PYTHON:-}" ]; then
    python=$COMMUNIQUE_PYTHON
  elif new_enough "$1"; then
    python=$1
  else
    python=python3
  fi
  if ! new_enough "$python"; then
    local found="not found"
    if command -v "$python" >/dev/null 2>&1; then
      found=$("$python" --version 2>&1 | head -n 1)
    fi
    echo "setup: communique needs Python 3.11 or newer; $python: $found" \
      "(COMMUNIQUE_PYTHON=/path/to/python3.11 names another)" >&2
    return 1
  fi
  "$python" -c 'import os, sys; print(os.path.realpath(sys.executable))'
}
