"""Holding Ctrl-C and termination back while a run puts its work in place.

A run writes what it made at its end: catalogs replaced one by one, a site's files moved into
place, publication records beside them. Stopped halfway by Ctrl-C (``SIGINT``), a closed
terminal (``SIGHUP``) or ``kill`` (``SIGTERM``), it left half of it: a catalog moved aside and
not put back, a site mixing two builds' pages, pages online that no record had. While such a
step runs, those signals wait (blocked, not lost), and reach the run once it is done: Ctrl-C
then stops it as ever ("Aborted!"), after the last file is in place. (``SIGKILL`` and a power
cut cannot be held back: the steps are ordered so that what they leave, the next run mends.)
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

#: The signals a user or a system sends to stop a run, which a run may let wait.
_HELD = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Within the block, Ctrl-C and termination wait; they reach the run when it ends (in
    the thread that entered it; where the system has no signal masks, they do not wait)."""
    if not hasattr(signal, "pthread_sigmask"):  # (Windows)
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
