"""Shared fixtures: a CLI runner and small projects built in temporary folders; and the
external tools some tests need.

A test that runs an external tool says so with a marker (``@pytest.mark.needs_apertium``; the
table is :data:`TOOLS`). When the tool is missing the test is skipped, and the reason says how to
install it. ``COMMUNIQUE_REQUIRE_TOOLS=1`` (set by ``.ci/run``: CI installs every tool) turns
every skipped test into a failure instead. ``COMMUNIQUE_VNU_JAR`` points at another Nu Html
Checker than the one ``scripts/setup.sh`` fetches (an empty or missing file: "not installed").
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique.translate.engines.apertium import MODES_DIRS

pytest_plugins = ["pytester"]

REPOSITORY = Path(__file__).resolve().parents[1]
REQUIRE_TOOLS = "COMMUNIQUE_REQUIRE_TOOLS"
SETUP = "run bash scripts/setup.sh"
#: The pairs the tests translate with (routes through Spanish and through Catalan).
APERTIUM_MODES = ("eng-spa", "es-fr", "spa-ita", "eng-cat", "cat-fra")


def vnu_jar() -> Path:
    """The Nu Html Checker: the one scripts/fetch_vnu.py fetches, or ``$COMMUNIQUE_VNU_JAR``."""
    default = REPOSITORY / ".venv" / "share" / "vnu" / "vnu-26.9.27.jar"
    return Path(os.environ.get("COMMUNIQUE_VNU_JAR") or default)


def _not_on_path(*programs: str) -> list[str]:
    return [program for program in programs if shutil.which(program) is None]


def _apertium() -> str | None:
    if _not_on_path("apertium-wblank-mode"):
        return "Apertium is not installed (no apertium-wblank-mode on PATH)"
    installed = {path.stem for folder in MODES_DIRS for path in folder.glob("*.mode")}
    missing = [mode for mode in APERTIUM_MODES if mode not in installed]
    if missing:
        return f"Apertium pairs are not installed: {', '.join(missing)}"
    return None


def _apy() -> str | None:
    if _not_on_path("apertium-apy"):
        return "Apertium's HTTP server is not installed (no apertium-apy on PATH)"
    return _apertium()


def _gettext() -> str | None:
    missing = _not_on_path("msgcat", "msgfmt")
    return f"GNU gettext is not installed (no {', '.join(missing)} on PATH)" if missing else None


def _libunistring() -> str | None:
    if ctypes.util.find_library("unistring") is None:
        return "libunistring (the library behind GNU gettext) is not installed"
    return None


def _vnu() -> str | None:
    if _not_on_path("java"):
        return "Java is not installed (no java on PATH), the Nu Html Checker needs it"
    jar = vnu_jar()
    if not jar.is_file() or jar.stat().st_size == 0:
        return f"the Nu Html Checker is not installed (no {jar})"
    return None


def _chromium() -> str | None:
    return "Chromium is not installed (no chromium on PATH)" if _not_on_path("chromium") else None


def _tmpfs() -> str | None:
    """A file system of a few kilobytes, for a full disk: mounting one needs root."""
    if _not_on_path("mount", "umount"):
        return "mount is not installed"
    with tempfile.TemporaryDirectory() as folder:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder], capture_output=True
        )
        if mounted.returncode != 0:
            return "cannot mount a tmpfs (not root?)"
        subprocess.run(["umount", folder], check=True)
    return None


@dataclass(frozen=True)
class Tool:
    """An external tool: what it is for (``pytest --markers``) and why it is missing, if it is."""

    description: str
    missing: Callable[[], str | None]


TOOLS = {
    "needs_apertium": Tool(f"Apertium and the pairs {', '.join(APERTIUM_MODES)}", _apertium),
    "needs_apy": Tool("apertium-apy, Apertium's HTTP server, over the same pairs", _apy),
    "needs_gettext": Tool("GNU gettext's msgcat and msgfmt", _gettext),
    "needs_libunistring": Tool("libunistring, through ctypes", _libunistring),
    "needs_vnu": Tool("Java and the Nu Html Checker (COMMUNIQUE_VNU_JAR)", _vnu),
    "needs_chromium": Tool("headless Chromium", _chromium),
    "needs_tmpfs": Tool("mount and a tmpfs as small as a full disk (as root)", _tmpfs),
}


def tools_required() -> bool:
    return os.environ.get(REQUIRE_TOOLS, "") not in ("", "0")


def pytest_configure(config: pytest.Config) -> None:
    for name, tool in TOOLS.items():
        config.addinivalue_line(
            "markers", f"{name}: the test runs {tool.description}; skipped where missing"
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test whose tool is missing to be skipped: the summary names the test, the tool
    and what to run, and the test's fixtures start nothing."""
    missing: dict[str, str | None] = {}
    for item in items:
        for name in dict.fromkeys(mark.name for mark in item.iter_markers()):
            if name in TOOLS and name not in missing:
                missing[name] = TOOLS[name].missing()
            if missing.get(name) is not None:
                item.add_marker(pytest.mark.skip(reason=f"{missing[name]}: {SETUP}"))


def _fail_if_skipped(report: pytest.TestReport | pytest.CollectReport) -> None:
    """Under ``COMMUNIQUE_REQUIRE_TOOLS=1`` a skip is a failure that gives the skip's reason."""
    if report.skipped and not hasattr(report, "wasxfail") and tools_required():
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"{REQUIRE_TOOLS}=1 (CI) allows no skipped test: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    _fail_if_skipped(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    _fail_if_skipped(report)  # a whole module skipped (pytest.importorskip and the like)
    return report


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
        path.parent.mkdir(parents=True, exist_ok=True)
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
