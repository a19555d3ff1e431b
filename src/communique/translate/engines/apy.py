"""APy, Apertium's HTTP server: a team drafts against one server instead of installing the pairs
on every machine.

The drafts are the local engine's (apertium.py), made by the same code: the server lists its
pairs (``/listPairs``), routes and pivots over them are planned as for installed pairs, and each
step of a route sends one segment in Apertium's stream format to ``/translateRaw`` with
``deformat=False``. That endpoint runs the pair's pipeline as the local engine does (null-flush,
unknown words marked) and answers the stream itself, so protected spans travel as the same
superblanks and unknown words come back with the same marks. (``/translate`` would run
Apertium's HTML deformatter instead, which reads ``<``, ``&`` and the marks differently.)

APy cuts a text longer than a pipe's buffer (4 KiB, or 1,000 characters when the server is
busy) at a full stop or space and translates the pieces one after the other: a segment that long
may be drafted slightly differently than by the local engine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import requests

from communique.errors import shortened
from communique.translate.engines.apertium import (
    DEFAULT_PIVOTS,
    pair_languages,
    plan_route,
    translate_streams,
)
from communique.translate.engines.base import EngineError, Route, Translation
from communique.translate.engines.http import BoundedSession, Limits

#: Where the server's address comes from when ``engines.apy.url`` is not set.
URL_VARIABLE = "COMMUNIQUE_APY_URL"


class _Retry(Exception):
    """A failure another try may mend (the server is down or busy); the message says which."""


class ApyEngine:
    """Drafts through an Apertium APy server's pairs, directly or through a pivot language."""

    name = "apy"
    rule_based = True  # Apertium's pairs

    def __init__(
        self,
        url: str | None = None,
        *,
        pivots: Sequence[str] = DEFAULT_PIVOTS,
        limits: Limits | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.url = (url or os.environ.get(URL_VARIABLE) or "").strip().rstrip("/")
        self.pivots = tuple(pivots)
        self.limits = limits or Limits()
        self.sleep = sleep
        self.http = BoundedSession()
        self._pairs: dict[tuple[str, str], str] | None = None
        self._failure: EngineError | None = None

    def pairs(self) -> Mapping[tuple[str, str], str]:
        """The server's plain pairs (``eng-spa``) by their languages (BCP 47 subtags), asked for
        once; a server that could not be asked raises the same error every time."""
        if self._failure is not None:
            raise self._failure
        if self._pairs is None:
            try:
                self._pairs = self._list_pairs()
            except EngineError as exc:
                self._failure = exc
                raise
        return self._pairs

    def describe(self) -> str:
        """The server's pairs, for the message when a locale has no route."""
        names = ", ".join(sorted(self.pairs().values()))
        return f"pairs on {self.url}: {names}" if names else f"no pairs on {self.url}"

    def route(self, source: str, target: str) -> Route | None:
        steps = plan_route(self.pairs(), source, target, self.pivots)
        return Route(self.name, steps) if steps is not None else None

    def translate(self, route: Route, texts: Sequence[str]) -> list[Translation]:
        return list(self.translations(route, texts))

    def translations(self, route: Route, texts: Sequence[str]) -> Iterator[Translation]:
        """One request per text and step; each text's translation is yielded as soon as its
        last step is back."""
        for text in texts:
            yield from translate_streams(route.steps, [text], self._step)

    def _step(self, pair: str, streams: list[str]) -> list[str]:
        source, target = pair.split("-")
        return [
            self._request(
                "POST",
                "/translateRaw",
                {
                    "langpair": f"{source}|{target}",
                    "q": stream,
                    "deformat": "False",
                    "markUnknown": "yes",
                },
            ).content.decode("utf-8", "replace")
            for stream in streams
        ]

    def _list_pairs(self) -> dict[tuple[str, str], str]:
        response = self._request("GET", "/listPairs")
        listed = _json(response).get("responseData")
        if not isinstance(listed, list) or not all(
            isinstance(item, dict)
            and isinstance(item.get("sourceLanguage"), str)
            and isinstance(item.get("targetLanguage"), str)
            for item in listed
        ):
            raise EngineError(f"apy: {response.url} did not answer APy's list of pairs")
        pairs: dict[tuple[str, str], str] = {}
        for item in listed:
            name = f"{item['sourceLanguage']}-{item['targetLanguage']}"
            languages = pair_languages(name)
            if languages is not None:
                pairs.setdefault(languages, name)
        return pairs

    def _request(
        self, method: str, path: str, form: Mapping[str, str] | None = None
    ) -> requests.Response:
        """The server's answer to one request, tried again while the server is down or busy;
        any failure as one :class:`EngineError` naming the address."""
        url = self._endpoint(path)
        for attempt in range(1, self.limits.retries + 1):
            try:
                return self._send(method, url, form)
            except _Retry as exc:
                if attempt == self.limits.retries:
                    tries = f", still after {attempt} tries" if attempt > 1 else ""
                    raise EngineError(f"apy: {exc}{tries}") from None
                self.sleep(self.limits.pause(attempt))
        raise AssertionError("unreachable")

    def _endpoint(self, path: str) -> str:
        if not self.url:
            raise EngineError(
                f"apy needs the address of an APy server: set engines.apy.url in "
                f'communique.toml (url = "http://host:2737") or {URL_VARIABLE}'
            )
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise EngineError(f"apy: {self.url!r} is not an http:// or https:// address")
        return self.url + path

    def _send(self, method: str, url: str, form: Mapping[str, str] | None) -> requests.Response:
        timeout = self.limits.timeout
        try:
            response = self.http.request(method, url, timeout, data=form, allow_redirects=False)
        except requests.Timeout:
            raise _Retry(
                f"no complete answer from {url} within {timeout:g} s (the timeout)"
            ) from None
        except requests.exceptions.SSLError as exc:  # another try will not mend a certificate
            raise EngineError(f"apy: no secure connection to {url} ({_reason(exc)})") from None
        except requests.ConnectionError:
            raise _Retry(f"cannot connect to {url} (is apertium-apy running there?)") from None
        except requests.RequestException as exc:
            raise EngineError(f"apy: request to {url} failed ({_reason(exc)})") from None
        if response.status_code == 429 or response.status_code >= 500:
            raise _Retry(_status(url, response))
        if response.status_code != 200:
            raise EngineError(f"apy: {_status(url, response)}")
        return response

    def close(self) -> None:
        self.http.close()


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise EngineError(
            f"apy: {response.url} did not answer JSON (is the url an Apertium APy server?)"
        )
    return answer


def _status(url: str, response: requests.Response) -> str:
    """``url answered HTTP 400 (That pair is not installed)``: APy explains its errors in JSON;
    a redirection says where to."""
    try:
        answer = response.json()
    except ValueError:
        answer = None
    explanation = answer.get("explanation") if isinstance(answer, dict) else None
    reason = explanation if isinstance(explanation, str) and explanation else response.reason
    reason = reason or "no reason given"
    location = response.headers.get("Location")
    if response.is_redirect and location:
        reason = f"{reason}, to {location}: is engines.apy.url the server's address?"
    return " ".join(
        f"{url} answered HTTP {response.status_code} ({shortened(reason, 200)})".split()
    )


def _reason(exc: BaseException) -> str:
    return shortened(" ".join(f"{type(exc).__name__}: {exc}".split()), 200)
