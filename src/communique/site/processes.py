"""Sharing a build's work among processes: a pool of forked workers that leave Ctrl-C to the
process that started them.

A terminal sends Ctrl-C (``SIGINT``) to the whole process group. A worker that died of it in the
middle of a task left Python's pool waiting for that task's result for ever: the build hung,
after pages of the workers' tracebacks. The workers ignore it, from the moment they are forked
(``SIGINT`` is held back while they are: one that came then reaches the main process once they
are); the main process stops, and the pool ends its workers as it leaves.
"""

from __future__ import annotations

import multiprocessing
import signal
from multiprocessing.pool import Pool

_INTERRUPT = {signal.SIGINT}


def worker_pool(jobs: int) -> Pool:
    """A pool of ``jobs`` forked workers (they share what the main process has read)."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPT)
    try:
        return multiprocessing.get_context("fork").Pool(jobs, initializer=_leave_interrupts)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)  # (held back still, if it was)


def _leave_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPT)
