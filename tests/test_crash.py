"""Runs killed at any moment lose nothing: ``update``, ``draft`` and ``build`` are killed
(SIGKILL) at random moments on a generated project of 50 releases in three languages. After
each kill, every catalog is as it was before the run or as an uninterrupted run leaves it
(never half-written), passes ``msgfmt --check``, and every file of the site is whole; the next
run finishes the work and gives the bytes an uninterrupted run gives.

The suite kills each command twice, at moments drawn from a fixed seed. More, from other seeds:

    COMMUNIQUE_CRASHES=20 .venv/bin/pytest tests/test_crash.py
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY, tree

sys.path.insert(0, str(REPOSITORY / "bench"))
import make_corpus  # the benchmark's corpus: releases with reviewed catalogs

KILLS = int(os.environ.get("COMMUNIQUE_CRASHES", "2"))
COMMANDS = [["update"], ["draft", "--engine", "pseudo"], ["build"]]


#: One clock for every run (the dates a run writes in templates): runs a minute apart give
#: the same bytes.
ENVIRONMENT = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def run(root: Path, command: list[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "communique", "-C", str(root), *command],
        capture_output=True,
        check=False,
        env=ENVIRONMENT,
    )


def project_files(root: Path) -> dict[str, bytes]:
    """The catalogs, templates, records and site: what a command writes."""
    found = tree(root)
    return {path: data for path, data in found.items() if not path.startswith(".communique")}


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, float]]:
    """The project before each command, with how long the command takes uninterrupted; and
    after the last one."""
    base = tmp_path_factory.mktemp("crash")
    project = base / "stage-0"
    make_corpus.make(project, 50, 3)
    make_corpus.revise(project, 0.2)
    found = []
    for index, command in enumerate(COMMANDS):
        following = base / f"stage-{index + 1}"
        shutil.copytree(project, following, symlinks=True)
        start = time.monotonic()
        result = run(following, command)
        took = time.monotonic() - start
        assert result.returncode in (0, 1), result.stderr.decode()
        found.append((project, took))
        project = following
    found.append((project, 0.0))
    return found


@pytest.mark.needs_gettext
@pytest.mark.parametrize("index", range(len(COMMANDS)), ids=[c[0] for c in COMMANDS])
def test_a_killed_run_loses_nothing_and_the_next_finishes_it(
    stages: list[tuple[Path, float]], tmp_path: Path, index: int
) -> None:
    command = COMMANDS[index]
    before_root, took = stages[index]
    after_root, _ = stages[index + 1]
    before, after = project_files(before_root), project_files(after_root)
    rnd = random.Random(f"{command[0]}-{KILLS}")
    for kill in range(KILLS):
        root = tmp_path / f"kill-{kill}"
        shutil.copytree(before_root, root, symlinks=True)
        process = subprocess.Popen(
            [sys.executable, "-m", "communique", "-C", str(root), *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENVIRONMENT,
        )
        # Python's start-up and imports take a good part of a short run: the kill lands
        # anywhere from there to the end.
        time.sleep(rnd.uniform(0.1, max(took, 0.2)))
        process.send_signal(signal.SIGKILL)
        process.wait()
        left = project_files(root)
        for path, data in left.items():
            if any(part.startswith(".") for part in path.split("/")):
                continue  # a temporary file or the site's staging folder: the next run's
            assert data in (before.get(path), after.get(path)), f"{path} torn by the kill"
        catalogs = sorted(root.glob("locale/*/LC_MESSAGES/*.po"))
        for path in catalogs:
            checked = subprocess.run(
                ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True
            )
            assert checked.returncode == 0, (path, checked.stderr.decode())
        # Nothing a killed run left in the folders it writes: the next run clears it.
        again = run(root, command)
        assert again.returncode in (0, 1), again.stderr.decode()
        assert project_files(root) == after, f"kill {kill} of {command}: the next run differs"


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@dataclass
class SharedBuild:
    """A build under way whose work processes share (400 versions), beside a copy of its
    project built uninterrupted."""

    project: Path
    uninterrupted: Path
    process: subprocess.Popen[bytes]
    workers: list[int]

    def stopped(self, what: str) -> str:
        """What the build wrote on stderr once it stopped (``what`` stopped it)."""
        try:
            _, stderr = self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise AssertionError(f"the build hung after {what}") from None
        return stderr.decode()

    def finished_by_the_next(self) -> None:
        again = run(self.project, ["build"])
        assert again.returncode in (0, 1), again.stderr.decode()
        assert tree(self.project / "output") == tree(self.uninterrupted / "output")


@pytest.fixture
def shared_build(tmp_path: Path) -> SharedBuild:
    project = tmp_path / "project"
    make_corpus.make(project, 100, 3)  # 400 versions: shared among processes
    assert run(project, ["update"]).returncode == 0
    uninterrupted = tmp_path / "uninterrupted"
    shutil.copytree(project, uninterrupted, symlinks=True)
    assert run(uninterrupted, ["build"]).returncode in (0, 1)
    process = subprocess.Popen(
        [sys.executable, "-m", "communique", "-C", str(project), "build"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENVIRONMENT,
        start_new_session=True,  # its own process group, as a terminal's command has
    )
    deadline = time.monotonic() + 60
    while len(workers := _children(process.pid)) < 2 and process.poll() is None:
        assert time.monotonic() < deadline, "no worker processes started"
        time.sleep(0.005)
    return SharedBuild(project, uninterrupted, process, workers)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_ctrl_c_while_processes_share_a_build_stops_it_at_once_and_quietly(
    shared_build: SharedBuild,
) -> None:
    """Ctrl-C reaches the whole process group, workers included. A worker that died of it in
    the middle of a task left Python's pool waiting for its result for ever (the build hung,
    after pages of tracebacks); the workers leave it to the main process, which stops the pool
    and says "Aborted!". The next build gives the site an uninterrupted one gives."""
    os.killpg(shared_build.process.pid, signal.SIGINT)
    assert shared_build.stopped("Ctrl-C") == "\nAborted!\n"
    assert shared_build.process.returncode != 0
    shared_build.finished_by_the_next()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_a_worker_killed_in_a_shared_build_stops_it_with_an_error_not_a_hang(
    shared_build: SharedBuild,
) -> None:
    """A worker process killed in the middle of a task (the kernel's out-of-memory killer, an
    operator's ``kill -9``) left Python's pool waiting for its result for ever: a build on CI
    hung until the job's time ran out, saying nothing. The build stops with one line that says
    what happened, publishes nothing, and the next build gives the site an uninterrupted one
    gives."""
    os.kill(shared_build.workers[0], signal.SIGKILL)
    assert shared_build.stopped("a worker was killed") == (
        "Error: a process sharing the build's work stopped (killed by signal 9, SIGKILL: "
        "out of memory?); nothing was published: run the build again\n"
    )
    assert shared_build.process.returncode == 1
    project = shared_build.project
    assert not (project / "output").exists()
    assert not (project / "published").exists() or not any((project / "published").iterdir())
    shared_build.finished_by_the_next()
