"""The golden sample site, byte for byte; regenerate it with ``python -m tests.golden``."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import tree
from tests.golden import OUTPUT, PROJECT, build_golden


def test_golden_site(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    build_golden(project, tmp_path / "output")
    built, golden = tree(tmp_path / "output"), tree(OUTPUT)
    assert sorted(built) == sorted(golden)
    for path in sorted(golden):
        assert built[path].decode("utf-8") == golden[path].decode("utf-8"), path
