"""Counts of a catalog's progress: segments and English words, reviewed, fuzzy, untranslated."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from communique.catalog.model import Catalog, Message

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


@lru_cache(maxsize=8192)  # an English segment is counted once per locale
def word_count(text: str) -> int:
    """Words in an English segment, as translators are paid for them.

    >>> word_count("The OSCE's 57 participating States, e.g. Austria.")
    7
    """
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Progress:
    """How far the translation of one catalog has come."""

    reviewed: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    reviewed_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    @property
    def segments(self) -> int:
        return self.reviewed + self.fuzzy + self.untranslated

    @property
    def words(self) -> int:
        return self.reviewed_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent_reviewed(self) -> float:
        """Share of segments translated and reviewed, 0–100 (100 for an empty catalog)."""
        return 100.0 * self.reviewed / self.segments if self.segments else 100.0


def state(message: Message) -> str:
    """``reviewed``, ``fuzzy`` or ``untranslated``."""
    if not message.translated:
        return "untranslated"
    return "fuzzy" if message.fuzzy else "reviewed"


def progress(catalog: Catalog, english: Iterable[str] | None = None) -> Progress:
    """Count the live messages of a catalog (obsolete ones are history, not work); with
    ``english``, the sentences of the English as it is now, count those instead (each once), as
    the catalog has them: one it has not yet is untranslated, and one of the catalog's the
    English no longer has is not counted (merged before the English changed, the catalog holds
    the old sentences until ``update``)."""
    counts = {"reviewed": 0, "fuzzy": 0, "untranslated": 0}
    words = {"reviewed": 0, "fuzzy": 0, "untranslated": 0}
    if english is None:
        for message in catalog.messages:
            if message.obsolete:
                continue
            kind = state(message)
            counts[kind] += 1
            words[kind] += word_count(message.msgid)
    else:
        live: dict[str, Message] = {}
        for message in catalog.messages:
            if not message.obsolete:
                live.setdefault(message.msgid, message)
        for text in dict.fromkeys(english):
            found = live.get(text)
            kind = "untranslated" if found is None else state(found)
            counts[kind] += 1
            words[kind] += word_count(text)
    return Progress(
        reviewed=counts["reviewed"],
        fuzzy=counts["fuzzy"],
        untranslated=counts["untranslated"],
        reviewed_words=words["reviewed"],
        fuzzy_words=words["fuzzy"],
        untranslated_words=words["untranslated"],
    )
