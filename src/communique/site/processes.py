"""Sharing a build's work among processes: forked workers that leave Ctrl-C to the process
that started them, and whose death stops the build instead of hanging it.

A terminal sends Ctrl-C (``SIGINT``) to the whole process group. A worker that died of it in the
middle of a task left Python's pool waiting for that task's result for ever: the build hung,
after pages of the workers' tracebacks. The workers ignore it, from the moment they are forked
(``SIGINT`` is held back while they are: one that came then reaches the main process once they
are); the main process stops, and ends its workers as it leaves.

A worker killed otherwise (the kernel's out-of-memory killer, ``kill -9``) hung
``multiprocessing.Pool`` the same way, as did a result the main process could not unpickle:
the workers are a :class:`~concurrent.futures.ProcessPoolExecutor`, which notices both, and
the build stops with a :class:`~communique.errors.CommuniqueError` saying which.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar, cast

from communique.errors import CommuniqueError

_INTERRUPT = {signal.SIGINT}
#: How long the results may keep the main process waiting before it looks at the workers
#: itself (seconds): a worker killed as it sent one is noticed by no one else.
_PATIENCE = 2.0

Task = TypeVar("Task")
Result = TypeVar("Result")


class Workers:
    """Forked worker processes (they share what the main process has read)."""

    def __init__(self, jobs: int):
        self._executor = ProcessPoolExecutor(
            jobs, mp_context=multiprocessing.get_context("fork"), initializer=_leave_interrupts
        )
        self._processes: list[BaseProcess] = []

    def imap_unordered(
        self, function: Callable[[Task], Result], tasks: Iterable[Task]
    ) -> Iterator[Result]:
        """Give the workers every task now; the results as they are done."""
        futures = []
        for task in tasks:
            if not self._processes:  # the first task forks the workers
                before = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPT)
                try:
                    futures.append(self._executor.submit(function, task))
                    # (Known before a Ctrl-C held back reaches this process: ended at once.)
                    self._processes = list(self._executor._processes.values())
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, before)  # (held back still)
            else:
                futures.append(self._executor.submit(function, task))
        return self._results(futures)

    def _results(self, futures: list[Future[Result]]) -> Iterator[Result]:
        pending: set[Future[Result]] = set(futures)
        while pending:
            done, pending = wait(pending, timeout=_PATIENCE, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    yield future.result()
                except BrokenProcessPool as error:
                    raise CommuniqueError(self._stopped(error)) from None
            if not done and any(p.exitcode is not None for p in self._processes):
                # A worker killed while it sent a result: the executor, reading the rest of
                # it, waits for ever (its own end of the pipe is open), and notices nothing.
                gone = [p for p in self._processes if p.exitcode is not None]
                self._end_all()
                raise CommuniqueError(self._stopped(None, gone))

    def _stopped(
        self, error: BrokenProcessPool | None, ended: list[BaseProcess] | None = None
    ) -> str:
        """What became of the worker whose end broke the pool (``ended``: those that had
        ended when it was noticed), as the user is told it."""
        for process in self._processes:
            process.join(timeout=5)
        # (The executor's thread reaps them too: where it got there first, the exit code is
        # the one it noted, a moment later.)
        deadline = time.monotonic() + 5
        while any(p.exitcode is None for p in self._processes) and time.monotonic() < deadline:
            time.sleep(0.02)
        ends = [p.exitcode for p in ended or self._processes if p.exitcode not in (None, 0)]
        # Once one is gone, the executor ends the others (SIGTERM): the first is the one.
        gone = [code for code in ends if code is not None and code != -signal.SIGTERM]
        if gone and gone[0] < 0:
            number = -gone[0]
            name = signal.Signals(number).name if number in signal.valid_signals() else "?"
            guess = ": out of memory?" if number == signal.SIGKILL else ""
            how = f"killed by signal {number}, {name}{guess}"
        elif gone:
            how = f"exited with status {gone[0]}"
        elif error is not None and error.__cause__ is not None:  # a result that cannot be read
            told = [line for line in str(error.__cause__).splitlines() if line.strip("' ")]
            how = f"what it sent back could not be read: {told[-1].strip() if told else error}"
        else:
            how = "a worker process ended abruptly"
        return (
            f"a process sharing the build's work stopped ({how}); nothing was published: run "
            "the build again"
        )

    def close(self, *, failed: bool) -> None:
        """Wait for the workers to leave; or, after a failure (Ctrl-C, an error), end them
        now."""
        if failed:
            self._end_all()
        self._executor.shutdown(wait=True, cancel_futures=failed)

    def _end_all(self) -> None:
        """End every worker, and close this process's end of the result pipe: a worker ended
        as it sent a result leaves the executor's reader waiting for the rest of it, which,
        every writer's end closed, reads the end of the pipe instead."""
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join(timeout=5)
        cast(Any, self._executor._result_queue)._writer.close()


@contextmanager
def worker_pool(jobs: int) -> Iterator[Workers]:
    """``jobs`` forked workers, ended as the block leaves (at once, if it fails)."""
    workers = Workers(jobs)
    try:
        yield workers
    except BaseException:
        workers.close(failed=True)
        raise
    workers.close(failed=False)


def _leave_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPT)
