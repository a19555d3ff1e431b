"""What every machine-translation engine offers the drafter: routes and translations."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from communique.errors import CommuniqueError

#: How protected spans travel through an engine: ``<x0/>`` stands for an atomic span (a number,
#: a URL, a glossary term), ``<g1>…</g1>`` wraps text that is translated inside markup.
PLACEHOLDER = re.compile(r"<x\d+/>|</?g\d+>")


class EngineError(CommuniqueError):
    """An engine failed: unreachable, refused the key, timed out, or answered nonsense."""


class TextRefused(EngineError):
    """An engine refused one text (too long for it) or gave nothing for it: that entry fails,
    and the others may still be asked."""


@dataclass(frozen=True)
class Route:
    """How an engine gets from one language to another: ``apertium eng-cat | cat-fra``."""

    engine: str
    steps: tuple[str, ...]

    @property
    def label(self) -> str:
        """The route as drafts record it: ``apertium eng-spa``, ``google``."""
        return " ".join([self.engine, " | ".join(self.steps)]) if self.steps else self.engine


@dataclass(frozen=True)
class Translation:
    """An engine's output for one text, with the words it did not know."""

    text: str
    unknown: tuple[str, ...] = ()


class Engine(Protocol):
    """One machine-translation engine; ``translate`` receives protected text (see protect.py).

    Protected spans arrive as XML-like tags (``<x0/>``, ``<g1>…</g1>``) that the engine must
    carry through untranslated.
    """

    name: str
    #: Whether the engine is rule-based (Apertium): it reads numerals as numbers and gives
    #: them back as written, and a placeholder splits a sentence for its rules, so numbers and
    #: dates go to it as text (see protect.py).
    rule_based: bool

    def route(self, source: str, target: str) -> Route | None:
        """The way from ``source`` to ``target`` (BCP 47), or None if there is none."""
        ...

    def translate(self, route: Route, texts: Sequence[str]) -> list[Translation]:
        """Translate each text along ``route``; raise :class:`EngineError` on failure."""
        ...

    def translations(self, route: Route, texts: Sequence[str]) -> Iterator[Translation]:
        """Translate each text along ``route``, yielding each answer as soon as it is back.

        A caller that keeps every answer as it comes loses none of them when the engine fails
        halfway (raising :class:`EngineError`) or the run is killed.
        """
        ...

    def close(self) -> None:
        """Release processes and connections."""
        ...
