"""The interpreter scripts/setup.sh makes .venv with (scripts/interpreter.sh): Debian's python3,
built with profile-guided and link-time optimisation, before whatever python3 comes first in
PATH; the one COMMUNIQUE_PYTHON names above both; a one-line error where none is 3.11."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _python(path: Path, version: str) -> Path:
    """An executable that answers as a Python of ``version`` would to setup's questions."""
    old = 1 if tuple(int(part) for part in version.split(".")[:2]) < (3, 11) else 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        f'  --version) echo "Python {version}" ;;\n'
        '  -c) case "$2" in\n'
        f"    *version_info*) exit {old} ;;\n"
        '    *realpath*) echo "$0" ;;\n'
        "  esac ;;\n"
        "esac\n",
        "utf-8",
    )
    path.chmod(0o755)
    return path


def _choose(debian: Path, path_python: Path, chosen: str | None = None) -> tuple[int, str, str]:
    env = {
        "PATH": f"{path_python.parent}:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/root"),
    }
    if chosen is not None:
        env["COMMUNIQUE_PYTHON"] = chosen
    run = subprocess.run(
        ["bash", "-c", 'source scripts/interpreter.sh && communique_python "$0"', str(debian)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return run.returncode, run.stdout.strip(), run.stderr.strip()


@pytest.fixture
def pythons(tmp_path: Path) -> dict[str, Path]:
    return {
        "debian": _python(tmp_path / "usr" / "bin" / "python3", "3.11.2"),
        "pyenv": _python(tmp_path / "pyenv" / "shims" / "python3", "3.11.7"),
        "debian-old": _python(tmp_path / "bullseye" / "python3", "3.9.2"),
        "old": _python(tmp_path / "old" / "python3", "3.10.12"),
        "named": _python(tmp_path / "opt" / "python3.12", "3.12.1"),
    }


def test_debians_python_is_taken_before_the_first_in_path(pythons: dict[str, Path]) -> None:
    assert _choose(pythons["debian"], pythons["pyenv"]) == (0, str(pythons["debian"]), "")


def test_the_python_named_is_taken_before_debians(pythons: dict[str, Path]) -> None:
    found = _choose(pythons["debian"], pythons["pyenv"], str(pythons["named"]))
    assert found == (0, str(pythons["named"]), "")


def test_the_first_in_path_is_taken_where_debians_is_older(pythons: dict[str, Path]) -> None:
    assert _choose(pythons["debian-old"], pythons["pyenv"]) == (0, str(pythons["pyenv"]), "")
    assert _choose(pythons["debian"].parent / "absent", pythons["pyenv"])[1] == str(
        pythons["pyenv"]
    )


def test_none_new_enough_is_one_line_naming_it(pythons: dict[str, Path]) -> None:
    assert _choose(pythons["debian-old"], pythons["old"]) == (
        1,
        "",
        "setup: communique needs Python 3.11 or newer; python3: Python 3.10.12 "
        "(COMMUNIQUE_PYTHON=/path/to/python3.11 names another)",
    )
    missing = pythons["named"].parent / "python3.13"
    assert _choose(pythons["debian"], pythons["pyenv"], str(missing)) == (
        1,
        "",
        f"setup: communique needs Python 3.11 or newer; {missing}: not found "
        "(COMMUNIQUE_PYTHON=/path/to/python3.11 names another)",
    )
