"""HTTP for the engines that speak it: how long a request may take, and how often it is tried.

``requests``' own timeout bounds each read, not a request as a whole: a server that answers one
byte a second would keep a run waiting for ever. :class:`BoundedSession` waits for a whole
answer at most ``timeout`` seconds.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from typing import Any

import requests


@dataclass(frozen=True)
class Limits:
    """How long one request may take (seconds), how many tries a failing one gets, and the
    first pause between tries (doubled after each); ``[engines.<name>]`` sets the first two."""

    timeout: float = 20.0
    retries: int = 4
    backoff: float = 1.0

    def pause(self, attempt: int) -> float:
        """Seconds to wait after failed try number ``attempt`` (from 1).

        >>> [Limits().pause(attempt) for attempt in (1, 2, 3)]
        [1.0, 2.0, 4.0]
        """
        return self.backoff * 2.0 ** (attempt - 1)


class Deadline(requests.Timeout):
    """The whole request (connection, headers, body) took longer than the timeout."""


class BoundedSession:
    """One connection pool whose every request is complete within a timeout, or
    :class:`Deadline` is raised."""

    def __init__(self) -> None:
        self.session = requests.Session()

    def request(self, method: str, url: str, timeout: float, **kwargs: Any) -> requests.Response:
        """The request, made in a thread of its own and waited for ``timeout`` seconds at
        most. One that takes longer is left to finish or fail on its own (its thread is a
        daemon's, and its session is not used again)."""
        kwargs["timeout"] = timeout
        answers: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
        session = self.session
        abandoned = threading.Event()

        def send() -> None:
            try:
                answers.put((True, session.request(method, url, **kwargs)))
            except BaseException as exc:  # handed to the waiting thread, raised there
                answers.put((False, exc))
            finally:
                if abandoned.is_set():  # nobody waits for it: its connections go with it
                    session.close()

        threading.Thread(target=send, name="communique-request", daemon=True).start()
        try:
            ok, answer = answers.get(timeout=timeout)
        except queue.Empty:
            abandoned.set()
            self.session = requests.Session()
            raise Deadline(f"no complete answer within {timeout:g} s") from None
        if not ok:
            raise answer
        response: requests.Response = answer
        return response

    def close(self) -> None:
        """Close the pooled connections."""
        self.session.close()
