"""The worker processes a build shares its work with: a result the main process cannot read
stops the work with a message, where ``multiprocessing.Pool`` waited for it for ever."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator

import pytest

from communique.errors import CommuniqueError
from communique.site import processes
from communique.site.processes import worker_pool

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork"
)


def _refused() -> None:
    raise ValueError("no such class here")


class _Unreadable:
    """Pickled in a worker, refused when the main process unpickles it."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_refused, ())


def _work(number: int) -> object:
    return _Unreadable() if number == 3 else number * number


def test_the_results_of_every_task_come_back() -> None:
    with worker_pool(2) as pool:
        assert sorted(pool.imap_unordered(_work, [0, 1, 2, 4, 5])) == [0, 1, 4, 16, 25]


def test_a_result_that_cannot_be_read_stops_the_work_with_what_it_was() -> None:
    with pytest.raises(CommuniqueError) as raised, worker_pool(2) as pool:
        list(pool.imap_unordered(_work, range(6)))
    assert raised.value.message == (
        "a process sharing the build's work stopped (what it sent back could not be read: "
        "ValueError: no such class here); nothing was published: run the build again"
    )


def _dies_sending(number: int) -> int:
    """The first task's worker dies half-way through sending its result, as one the kernel's
    out-of-memory killer ends while it writes a large one: the message's head and a part of
    it are in the pipe, the rest never comes."""
    if number == 0:
        import gc
        import multiprocessing.queues
        import struct

        results = next(
            found
            for found in gc.get_objects()
            if isinstance(found, multiprocessing.queues.SimpleQueue)
        )
        os.write(results._writer.fileno(), struct.pack("!i", 1 << 20) + b"the first part")
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.5)
    return number


def test_a_worker_killed_as_it_sends_a_result_stops_the_work_not_a_hang() -> None:
    """The executor reads the rest of the message for ever (its own end of the pipe is open)
    and notices no dead worker: the main process looks at the workers itself."""
    started = time.monotonic()
    with pytest.raises(CommuniqueError) as raised, worker_pool(4) as pool:
        list(pool.imap_unordered(_dies_sending, range(8)))
    assert raised.value.message == (
        "a process sharing the build's work stopped (killed by signal 9, SIGKILL: out of "
        "memory?); nothing was published: run the build again"
    )
    # (Not 5 s for each worker still alive, waiting to be told to leave.)
    assert time.monotonic() - started < processes._PATIENCE + 4


def _large(number: int) -> bytes:
    return bytes([number]) * (64 << 20)


def test_a_failure_while_large_results_are_sent_ends_the_workers_at_once() -> None:
    """Ctrl-C, or a page that cannot be rendered, while workers send large results: the
    workers ended then, one half-way through its message, left the executor reading the rest
    for ever, and the build hung on its way out."""
    started = time.monotonic()
    with pytest.raises(RuntimeError), worker_pool(2) as pool:
        _fail_at_the_first(pool.imap_unordered(_large, range(6)))
    assert time.monotonic() - started < 20


def _fail_at_the_first(results: Iterator[bytes]) -> None:
    for _ in results:
        raise RuntimeError("a page could not be rendered")
