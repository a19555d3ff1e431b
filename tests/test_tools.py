"""The ``needs_*`` markers: a missing tool skips its tests with the way to install it, and under
``COMMUNIQUE_REQUIRE_TOOLS=1`` (what ``.ci/run`` sets) every skip is a failure instead."""

from __future__ import annotations

import ctypes.util
from pathlib import Path

import pytest

from tests import conftest

TESTS = """\
import pytest

@pytest.mark.needs_chromium
def test_screenshot():
    raise AssertionError("ran without Chromium")

@pytest.mark.needs_gettext
def test_catalog():
    raise AssertionError("ran without GNU gettext")

@pytest.mark.needs_vnu
def test_pages():
    raise AssertionError("ran without the Nu Html Checker")

def test_plain():
    pass
"""


@pytest.fixture
def bare_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH with a ``java`` and nothing else; the Nu Html Checker pointed at a missing file."""
    folder = tmp_path / "bin"
    folder.mkdir()
    java = folder / "java"
    java.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    java.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("COMMUNIQUE_VNU_JAR", str(tmp_path / "missing" / "vnu.jar"))
    monkeypatch.delenv(conftest.REQUIRE_TOOLS, raising=False)
    return tmp_path


def test_missing_tools_skip_with_how_to_install_them(
    pytester: pytest.Pytester, bare_path: Path
) -> None:
    pytester.makepyfile(test_inner=TESTS)
    result = pytester.runpytest("-rs", "--strict-markers", plugins=[conftest])
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines_random(
        [
            "SKIPPED [[]1[]] *: Chromium is not installed (no chromium on PATH): "
            "run bash scripts/setup.sh",
            "SKIPPED [[]1[]] *: GNU gettext is not installed (no msgcat, msgfmt on PATH): "
            "run bash scripts/setup.sh",
            f"SKIPPED [[]1[]] *: the Nu Html Checker is not installed "
            f"(no {bare_path}/missing/vnu.jar): run bash scripts/setup.sh",
        ]
    )


def test_under_ci_every_skip_fails_with_its_reason(
    pytester: pytest.Pytester, bare_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(conftest.REQUIRE_TOOLS, "1")
    pytester.makepyfile(
        test_inner=TESTS
        + """
def test_skipped_by_hand():
    pytest.skip("no network here")

@pytest.mark.xfail(reason="a known bug", strict=True)
def test_known_bug():
    raise AssertionError("the bug")
"""
    )
    run = pytester.inline_run("--strict-markers", plugins=[conftest])
    assert run.ret == pytest.ExitCode.TESTS_FAILED
    reports = run.getreports("pytest_runtest_logreport")
    required = "COMMUNIQUE_REQUIRE_TOOLS=1 (CI) allows no skipped test: "
    setup = ": run bash scripts/setup.sh"
    # A marker skips before the test runs (an error in setup); a skip by hand, while it runs.
    assert {(r.nodeid, r.when, r.longreprtext) for r in reports if r.failed} == {
        (
            "test_inner.py::test_screenshot",
            "setup",
            f"{required}Chromium is not installed (no chromium on PATH){setup}",
        ),
        (
            "test_inner.py::test_catalog",
            "setup",
            f"{required}GNU gettext is not installed (no msgcat, msgfmt on PATH){setup}",
        ),
        (
            "test_inner.py::test_pages",
            "setup",
            f"{required}the Nu Html Checker is not installed "
            f"(no {bare_path}/missing/vnu.jar){setup}",
        ),
        ("test_inner.py::test_skipped_by_hand", "call", f"{required}no network here"),
    }
    assert [r.nodeid for r in reports if r.passed and r.when == "call"] == [
        "test_inner.py::test_plain"
    ]
    assert [r.nodeid for r in reports if hasattr(r, "wasxfail")] == [
        "test_inner.py::test_known_bug"
    ]
    assert not any(r.skipped and not hasattr(r, "wasxfail") for r in reports)


def test_under_ci_a_module_skipped_whole_fails(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(conftest.REQUIRE_TOOLS, "1")
    pytester.makepyfile(
        test_inner="import pytest\n\npytest.importorskip('no_such_module')\n\n"
        "def test_never():\n    pass\n"
    )
    run = pytester.inline_run(plugins=[conftest])
    assert run.ret == pytest.ExitCode.INTERRUPTED  # an error while collecting stops the run
    (report,) = [r for r in run.getreports("pytest_collectreport") if not r.passed]
    assert (report.nodeid, report.outcome, report.longreprtext) == (
        "test_inner.py",
        "failed",
        "COMMUNIQUE_REQUIRE_TOOLS=1 (CI) allows no skipped test: "
        "could not import 'no_such_module': No module named 'no_such_module'",
    )


def test_missing_apertium_and_missing_pairs(
    tmp_path: Path, bare_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apertium = conftest.TOOLS["needs_apertium"]
    assert apertium.missing() == "Apertium is not installed (no apertium-wblank-mode on PATH)"
    program = bare_path / "bin" / "apertium-wblank-mode"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    modes = tmp_path / "modes"
    modes.mkdir()
    for mode in ("eng-spa", "es-fr", "eng-cat_valencia"):
        (modes / f"{mode}.mode").write_text("lt-proc x\n", encoding="utf-8")
    monkeypatch.setattr(conftest, "MODES_DIRS", (modes, tmp_path / "absent"))
    assert apertium.missing() == "Apertium pairs are not installed: spa-ita, eng-cat, cat-fra"


@pytest.mark.needs_libunistring
def test_missing_libunistring(monkeypatch: pytest.MonkeyPatch) -> None:
    libunistring = conftest.TOOLS["needs_libunistring"]
    assert libunistring.missing() is None  # Debian's gettext depends on it
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert libunistring.missing() == (
        "libunistring (the library behind GNU gettext) is not installed"
    )


def test_markers_are_registered_with_what_they_need(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers", plugins=[conftest])
    result.stdout.fnmatch_lines_random(
        [
            "@pytest.mark.needs_apertium: the test runs Apertium and the pairs eng-spa, es-fr, "
            "spa-ita, eng-cat, cat-fra; skipped where missing",
            "@pytest.mark.needs_gettext: *",
            "@pytest.mark.needs_libunistring: *",
            "@pytest.mark.needs_vnu: *",
            "@pytest.mark.needs_chromium: *",
        ]
    )
