"""Shared fixtures: a CLI runner and small projects built in temporary folders."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

REPOSITORY = Path(__file__).resolve().parents[1]

MINIMAL_CONFIG = """\
[organisation]
name = "Organization for Security and Co-operation in Europe"
domain = "osce.org"
base_url = "https://press.example.org/"

[languages]
targets = ["fr", "de"]
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """An empty project: a minimal configuration and a source folder."""
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "communique.toml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    return root


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """A copy of this repository's demo project (configuration and releases)."""
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPOSITORY / "communique.toml", root)
    shutil.copytree(REPOSITORY / "source", root / "source")
    return root


@pytest.fixture
def write_source(project_dir: Path) -> Callable[..., Path]:
    """Write a release into the project's source folder and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = project_dir / "source" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def tree(root: Path) -> dict[str, bytes]:
    """Every project file under ``root`` with its bytes, to prove that nothing was written.

    ``.communique/`` (the lock and caches, never committed) is not project content.
    """
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".communique" not in path.relative_to(root).parts
    }
