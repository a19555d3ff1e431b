"""Apertium, the offline engine: Debian's language pairs, routes over them, one process per step.

Each step of a route (``eng-cat``, then ``cat-fra``) runs as one long-lived pipeline in Apertium's
null-flush mode: a segment goes in followed by a NUL byte, its translation comes out followed by
a NUL byte, and the dictionaries stay loaded between segments.

Apertium's own HTML deformatter and reformatter (``apertium-deshtml``, ``apertium-rehtml``) cannot
null-flush in Apertium 3.8, so this module does their work: protected spans (``<x0/>``,
``<g1>…</g1>``) become Apertium superblanks, which every stage passes through untouched, and the
characters of Apertium's stream format are escaped. Unknown words come back marked (``*word``;
``#word`` and ``@word`` for generation and transfer errors): the marks are removed and the words
reported, so the translator knows where to look.

The stream format (:func:`to_stream`, :func:`from_stream`, :func:`translate_streams`) and the
routes over pairs (:func:`pair_languages`, :func:`plan_route`) are shared with the ``apy``
engine, which sends the same streams to an Apertium server: both give the same drafts.
"""

from __future__ import annotations

import contextlib
import os
import re
import selectors
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from communique.translate.engines.base import PLACEHOLDER, EngineError, Route, Translation

MODES_DIRS = (Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes"))
#: Pivot languages tried, in order, when there is no direct pair. Spanish first: on the demo
#: release it scored higher against human French and Italian than Catalan (bench/pivots.py).
DEFAULT_PIVOTS = ("es", "ca")

_STREAM_SPECIAL = set("[]<>\\@$^{}/")
_BLANK_SPECIAL = set("[]\\/")
_MODE_NAME = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")


@dataclass(frozen=True)
class Pair:
    """An installed language pair: its mode name and its languages as BCP 47 subtags."""

    mode: str
    source: str
    target: str
    path: Path


@cache
def _language(code: str) -> str | None:
    """An Apertium language code as BCP 47 writes the language: its ISO 639-1 code where it
    has one (``spa`` → ``es``), else its ISO 639-3 code (Asturian: ``ast``); None for a code
    that is no language."""
    if len(code) == 2:
        return code
    language = pycountry.languages.get(alpha_3=code)
    if language is None:
        return None
    return getattr(language, "alpha_2", None) or code


def pair_languages(mode: str) -> tuple[str, str] | None:
    """The languages of a pair's mode name as BCP 47 language subtags; None for a dialect
    variant or a code that is no language.

    >>> pair_languages("eng-spa"), pair_languages("es-fr"), pair_languages("eng-cat_valencia")
    (('en', 'es'), ('es', 'fr'), None)
    >>> pair_languages("spa-ast"), pair_languages("eng-qqq")
    (('es', 'ast'), None)
    """
    match = _MODE_NAME.match(mode)
    if match is None:
        return None
    source, target = _language(match.group(1)), _language(match.group(2))
    return (source, target) if source and target else None


def installed_pairs(directories: Sequence[Path] = MODES_DIRS) -> list[Pair]:
    """The plain pairs (no dialect variants) whose modes Apertium has installed."""
    pairs = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.mode")):
            languages = pair_languages(path.stem)
            if languages is not None:
                pairs.append(Pair(path.stem, *languages, path))
    return pairs


def plan_route(
    pairs: Mapping[tuple[str, str], str], source: str, target: str, pivots: Sequence[str]
) -> tuple[str, ...] | None:
    """The steps from ``source`` to ``target`` (BCP 47) over ``pairs``, which name each step
    by its two languages (BCP 47 subtags): the direct pair, else the first pivot with both halves.

    >>> pairs = {("en", "es"): "eng-spa", ("es", "fr"): "es-fr", ("en", "ca"): "eng-cat"}
    >>> plan_route(pairs, "en-GB", "es", ["ca"]), plan_route(pairs, "en", "fr", ["ca", "es"])
    (('eng-spa',), ('eng-spa', 'es-fr'))
    >>> plan_route(pairs, "en", "de", ["es", "ca"]) is None
    True
    """
    src, tgt = source.split("-")[0], target.split("-")[0]
    direct = pairs.get((src, tgt))
    if direct is not None:
        return (direct,)
    for pivot in pivots:
        first, second = pairs.get((src, pivot)), pairs.get((pivot, tgt))
        if first is not None and second is not None:
            return (first, second)
    return None


def to_stream(text: str) -> str:
    """Protected text as Apertium's stream format, like ``apertium-destxt`` would write it."""
    parts = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(_escape(text[position : match.start()], _STREAM_SPECIAL))
        parts.append("[" + _escape(match.group(0), _BLANK_SPECIAL) + "]")
        position = match.end()
    parts.append(_escape(text[position:], _STREAM_SPECIAL))
    # destxt ends every segment with a full stop and an empty superblank; retxt takes them away.
    return "".join(parts) + ".[]"


def _escape(text: str, special: set[str]) -> str:
    return "".join("\\" + char if char in special else char for char in text)


def from_stream(stream: str) -> tuple[str, tuple[str, ...]]:
    """Apertium's output back to text, without unknown-word marks; and the marked words.

    A mark is an unescaped ``*``, ``#`` or ``@`` that starts a word; an escaped one (``\\@``)
    is part of the text. Apertium cannot carry a literal ``*word`` or ``#word`` through (it
    unescapes them on the way), so in plain text they read as marks; Markdown emphasis is
    protected before it gets here.
    """
    if stream.endswith(".[]"):
        stream = stream[:-3]
    text: list[str] = []
    unknown: list[str] = []
    index = 0
    while index < len(stream):
        char = stream[index]
        if char == "\\" and index + 1 < len(stream):
            text.append(stream[index + 1])
            index += 2
        elif char == "[":
            end = index + 1
            while end < len(stream) and stream[end] != "]":
                end += 2 if stream[end] == "\\" else 1
            text.append(re.sub(r"\\(.)", r"\1", stream[index + 1 : end]))
            index = end + 1
        elif char in "*#@" and _starts_word(stream, index):
            word = re.match(r"\w[\w'-]*", stream[index + 1 :])
            if word is not None:
                unknown.append(word.group(0))
            index += 1
        else:
            text.append(char)
            index += 1
    return "".join(text), tuple(dict.fromkeys(unknown))


def _starts_word(stream: str, index: int) -> bool:
    before = stream[index - 1] if index else " "
    after = stream[index + 1] if index + 1 < len(stream) else " "
    return not before.isalnum() and after.isalnum()


def translate_streams(
    steps: Sequence[str], texts: Sequence[str], step: Callable[[str, list[str]], list[str]]
) -> list[Translation]:
    """``texts`` translated through each of ``steps`` in turn, ``step(name, streams)`` giving
    one step's answers in Apertium's stream format; with the unknown words of every step.
    """
    current = list(texts)
    unknown: list[list[str]] = [[] for _ in texts]
    for name in steps:
        answers = step(name, [to_stream(text) for text in current])
        current = []
        for index, answer in enumerate(answers):
            text, marked = from_stream(answer)
            current.append(text)
            unknown[index].extend(marked)
    return [
        Translation(text.strip(), tuple(dict.fromkeys(words)))
        for text, words in zip(current, unknown, strict=True)
    ]


class _Pipeline:
    """One long-lived Apertium pipeline in null-flush mode."""

    def __init__(self, pair: Pair, timeout: float):
        self.pair = pair
        self.timeout = timeout
        command = subprocess.run(
            ["apertium-wblank-mode", "-z", str(pair.path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if command.returncode != 0 or not command.stdout.strip():
            raise EngineError(
                f"apertium: cannot read the mode of {pair.mode}: {command.stderr.strip()}"
            )
        # $1 is lt-proc's generation option (-g keeps unknown-word marks), $2 the tagger's.
        pipeline = command.stdout.strip().replace("$1", "-g").replace("$2", "")
        self.process = subprocess.Popen(
            ["bash", "-c", pipeline],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # one process group: the whole pipeline stops together
        )
        if self.process.stdin is None or self.process.stdout is None:
            raise EngineError(f"apertium {pair.mode}: cannot talk to the pipeline")
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.selector = selectors.DefaultSelector()
        os.set_blocking(self.stdout.fileno(), False)
        self.selector.register(self.stdout, selectors.EVENT_READ)
        self.pending = b""

    def translate(self, streams: Sequence[str]) -> list[str]:
        """Send every segment, then read as many answers: the stages work side by side.

        A thread writes while this one reads, so a batch larger than the pipes' buffers cannot
        block both ends.
        """
        data = b"".join(stream.replace("\0", "").encode("utf-8") + b"\0" for stream in streams)
        failure: list[BaseException] = []

        def write() -> None:
            try:
                self.stdin.write(data)
                self.stdin.flush()
            except (BrokenPipeError, ValueError) as exc:
                failure.append(exc)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        answers: list[str] = []
        while len(answers) < len(streams):
            while b"\0" not in self.pending:
                if not self.selector.select(self.timeout):
                    raise EngineError(
                        f"apertium {self.pair.mode} did not answer within {self.timeout:.0f} s"
                    )
                chunk = self.stdout.read(65536)
                if not chunk:
                    raise EngineError(f"apertium {self.pair.mode} stopped unexpectedly")
                self.pending += chunk
            answer, _, self.pending = self.pending.partition(b"\0")
            answers.append(answer.decode("utf-8", "replace"))
        writer.join()
        if failure:
            raise EngineError(f"apertium {self.pair.mode} stopped unexpectedly")
        return answers

    def close(self) -> None:
        # Every answer has been read: the pipeline has nothing left to say, so it is stopped
        # rather than waited for (a polling wait costs tens of milliseconds per process).
        self.selector.close()
        self.stdin.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.stdout.close()


class ApertiumEngine:
    """Drafts through Apertium's installed pairs, directly or through a pivot language."""

    name = "apertium"
    rule_based = True

    def __init__(
        self,
        pivots: Sequence[str] = DEFAULT_PIVOTS,
        timeout: float = 60.0,
        directories: Sequence[Path] = MODES_DIRS,
    ):
        self.pivots = tuple(pivots)
        self.timeout = timeout
        available = shutil.which("apertium-wblank-mode") is not None
        self.pairs = (
            {(p.source, p.target): p for p in installed_pairs(directories)} if available else {}
        )
        self.pipelines: dict[str, _Pipeline] = {}

    def describe(self) -> str:
        """What is installed, for the message when a locale has no route."""
        if not self.pairs:
            return "Apertium is not installed (Debian package 'apertium' and its pairs)"
        return "installed pairs: " + ", ".join(sorted(p.mode for p in self.pairs.values()))

    def route(self, source: str, target: str) -> Route | None:
        modes = {languages: pair.mode for languages, pair in self.pairs.items()}
        steps = plan_route(modes, source, target, self.pivots)
        return Route(self.name, steps) if steps is not None else None

    def translate(self, route: Route, texts: Sequence[str]) -> list[Translation]:
        return translate_streams(
            route.steps, texts, lambda mode, streams: self._pipeline(mode).translate(streams)
        )

    def translations(self, route: Route, texts: Sequence[str]) -> Iterator[Translation]:
        """The answers to a whole batch, once they are all back: every text is fed to the
        pipelines before the first answer is read, which is what makes Apertium fast."""
        yield from self.translate(route, texts)

    def _pipeline(self, mode: str) -> _Pipeline:
        if mode not in self.pipelines:
            pair = next(p for p in self.pairs.values() if p.mode == mode)
            self.pipelines[mode] = _Pipeline(pair, self.timeout)
        return self.pipelines[mode]

    def close(self) -> None:
        for pipeline in self.pipelines.values():
            pipeline.close()
        self.pipelines.clear()
