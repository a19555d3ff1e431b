"""One writer at a time: a lock in ``.communique/`` that names the run holding it."""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
import re
from collections.abc import Iterator
from pathlib import Path

from communique.errors import ProjectError
from communique.project import Project

LOCK_NAME = "lock"


@contextlib.contextmanager
def project_lock(project: Project, command: str) -> Iterator[None]:
    """Hold the project's write lock for the duration of the block.

    The lock is an advisory ``flock`` on ``.communique/lock``: the kernel releases it when the
    process ends, however it ends, so a crashed run never leaves the project locked.
    """
    project.state_dir.mkdir(exist_ok=True)
    path = project.state_dir / LOCK_NAME
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(descriptor, 500).decode("utf-8", "replace").strip() or "another run"
            number = re.match(r"process (\d+) ", holder)
            advice = "wait for it to finish"
            if number is not None and _stopped(int(number.group(1))):
                # (Waiting would be for ever: it runs no more until it is resumed.)
                advice = (
                    "it is stopped (suspended with Ctrl-Z?): resume it ('fg' in its terminal) "
                    f"and let it finish, or end it (kill {number.group(1)})"
                )
            raise ProjectError(
                f"another communique run is writing this project: {holder}; {advice}",
                path=project.relative(path),
            ) from None
        started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"process {os.getpid()} ({command}), started {started}\n".encode())
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _stopped(pid: int) -> bool:
    """Whether the process is stopped (Ctrl-Z, SIGSTOP), where the system says (Linux's
    ``/proc``); False where it cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    # The state follows the command's name in parentheses, which may hold spaces.
    return stat[stat.rfind(b")") + 2 : stat.rfind(b")") + 3] in (b"T", b"t")
