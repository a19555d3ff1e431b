"""Merge a new template into a translation catalog as GNU ``msgmerge --previous`` does.

The rules are gettext 0.21's (``msgmerge.c``), made explainable:

* an entry whose English is unchanged keeps its translation, its translator comments and its
  fuzzy flag; an obsolete (``#~``) entry whose English is back is revived as it was;
* an entry whose English changed gets the translation of the most similar old entry, marked
  ``#, fuzzy``, with the English that translation was made for as ``#| msgid`` (an old fuzzy
  entry passes on its own ``#|``); the old entry is used up: it is not also kept as obsolete;
* every other old entry with a translation becomes obsolete and keeps it; untranslated ones go;
* the template gives the comments for translators (``#.``), the references and the format
  flags; the old entry its translation, its translator comments and the flags gettext does not
  know (``ignore-<check>``, which gettext would drop) — but where the English changed, a
  translator's ``ignore-<check>`` only if ``keeps`` says its check finds the same as before
  (:func:`communique.qa.checks.silences_the_same`): it was set for the old English, and on a
  changed number or link it would hide the change.

The most similar old entry is msgmerge's choice exactly: among old entries with a translation
(fuzzy and obsolete ones included, in any context, singular or plural) that share a run of four
characters with the new English (for English shorter than that, of a comparable length), the
one with the highest ``fstrcmp`` — the share of bytes two strings have in common, in order
(rapidfuzz's Indel similarity on UTF-8) — plus 0.00001 for the same or no context, strictly
above :data:`FUZZY_THRESHOLD`; ties go to the entry sharing more runs, then to the first in the
file. A reviewed translation the merge lets go of is kept by the translation memory (``update``).
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from communique.catalog.directives import check
from communique.catalog.flags import IGNORE_PREFIX, checked_formats, is_gettext_flag
from communique.catalog.model import FUZZY, Catalog, Message

#: msgmerge's threshold: a candidate needs a similarity strictly above it.
FUZZY_THRESHOLD = 0.6
#: What a candidate with the same context (or none) gains over one with another context.
_CONTEXT_BONUS = 0.00001
#: The length of the runs of characters the fuzzy index is made of (msgl-fsearch.c).
_GRAM = 4
#: Plural forms of a new plural entry when the catalog's header does not say (gettext's).
_DEFAULT_NPLURALS = 2


@dataclass(frozen=True)
class FuzzyMatch:
    """Why a changed sentence received an old translation (``score`` from 0 to 100)."""

    msgid: str
    previous: str
    score: float
    #: The translator's ``ignore-<check>`` flags the entry lost: set for the old English.
    dropped: tuple[str, ...] = ()


@dataclass
class MergeReport:
    """What a merge did, entry by entry, for the run's summary."""

    kept: int = 0
    revived: int = 0
    new: int = 0
    fuzzy: list[FuzzyMatch] = field(default_factory=list)
    obsoleted: int = 0
    #: The English of the entries whose English came back to the one their reviewed
    #: translation was made for, reviewed again (``update``, from the translation memory).
    restored: list[str] = field(default_factory=list)
    #: Of those, the entries whose replaced translation no run had seen (a translator's new
    #: work on a stale copy?), kept in a translator comment.
    set_aside: list[str] = field(default_factory=list)
    #: The English of the entries that got an untouched machine draft of another sentence,
    #: left untranslated for a draft of their own (``update``).
    redraft: list[str] = field(default_factory=list)


def _first_form(message: Message) -> str:
    if message.msgid_plural is None:
        return message.msgstr
    return message.msgstr_plural[0] if message.msgstr_plural else ""


#: Whether a translator's ``ignore-<check>`` flag stays on an entry whose English changed:
#: (the flag, the old entry, the new one with the old translation).
Keeps = Callable[[str, Message, Message], bool]


def merge(
    template: Catalog,
    old: Catalog,
    *,
    header: dict[str, str] | None = None,
    keeps: Keeps | None = None,
) -> tuple[Catalog, MergeReport]:
    """A new catalog: ``template``'s messages with ``old``'s translations carried over.

    ``header`` fields are set on the result (the template's creation date, missing fields).
    ``keeps``: see the module's docstring (without it, no ``ignore-`` flag outlives a change).
    """
    report = MergeReport()
    # gettext refuses a file with a live and an obsolete entry of the same key; the live wins.
    by_key = {m.key: m for m in old.messages if m.obsolete}
    by_key.update((m.key, m) for m in old.messages if not m.obsolete)
    index = _FuzzyIndex(old.messages)
    used: set[tuple[str | None, str]] = set()
    merged = Catalog(
        header=list(old.header),
        header_comments=list(old.header_comments),
        header_fuzzy=old.header_fuzzy,
        headerless=old.headerless and not header,
        header_text=old.header_text,
        unwrapped=old.unwrapped,
    )
    for name, value in (header or {}).items():
        merged.set_header(name, value)
    nplurals = old.info.nplurals or _DEFAULT_NPLURALS
    forms = merged.info.nplurals or _DEFAULT_NPLURALS

    for entry in template.messages:
        previous = by_key.get(entry.key)
        if previous is not None:
            used.add(entry.key)
            merged.messages.append(_carry(entry, previous, forms, fuzzy=False))
            if previous.obsolete:
                report.revived += 1
            else:
                report.kept += 1
            continue
        match = index.best(entry) if entry.msgid else None
        if match is None:
            merged.messages.append(_fresh(entry, nplurals))
            report.new += 1
            continue
        source, score = match
        used.add(source.key)
        message = _carry(entry, source, forms, fuzzy=True, keeps=keeps)
        merged.messages.append(message)
        dropped = tuple(
            dict.fromkeys(
                f for f in source.flags if f.startswith(IGNORE_PREFIX) and f not in message.flags
            )
        )
        report.fuzzy.append(
            FuzzyMatch(entry.msgid, message.previous_msgid or source.msgid, score, dropped)
        )

    for message in old.messages:
        if message.key in used or not _first_form(message):
            continue
        if not message.obsolete:
            report.obsoleted += 1
        merged.messages.append(
            dataclasses.replace(message, obsolete=True, references=[], extracted_comments=[])
        )
    return merged, report


def _fresh(entry: Message, nplurals: int) -> Message:
    """The template's entry, untranslated: a plural one with the catalog's number of forms."""
    return Message(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=[""] * nplurals if entry.msgid_plural is not None else [],
        extracted_comments=list(entry.extracted_comments),
        references=list(entry.references),
        flags=[flag for flag in entry.flags if flag != FUZZY],
    )


def _carry(
    entry: Message, old: Message, forms: int, *, fuzzy: bool, keeps: Keeps | None = None
) -> Message:
    """The template's entry with the old entry's translation and translator comments
    (``message_merge``); ``fuzzy`` for a similarity match."""
    similar = fuzzy
    message = _fresh(entry, 0)
    message.translator_comments = list(old.translator_comments)
    if entry.msgid_plural is None:
        message.msgstr = _first_form(old)
    elif old.msgid_plural is None:
        message.msgstr_plural = [old.msgstr] * forms  # fuzzy: the translator splits it
    else:
        message.msgstr_plural = list(old.msgstr_plural)
    fuzzy = fuzzy or old.fuzzy or old.msgid_plural != entry.msgid_plural
    if not fuzzy and entry.flags and _first_form(message):
        # msgmerge: a format the template now declares, which the old entry did not, makes the
        # entry fuzzy when the translation's directives do not fit it.
        declared = set(checked_formats(old.flags))
        added = [name for name in checked_formats(entry.flags) if name not in declared]
        fuzzy = bool(added) and check(message, languages=added) is not None
    if fuzzy and _first_form(message):
        # The English the translation was made for: an old draft passes on its own.
        if old.fuzzy:
            previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
        else:
            previous = (old.msgctxt, old.msgid, old.msgid_plural)
        message.previous_msgctxt, message.previous_msgid, message.previous_msgid_plural = previous
    unknown = [flag for flag in old.flags if not is_gettext_flag(flag)]
    if similar:  # (set for the old English)
        unknown = [
            flag
            for flag in unknown
            if not flag.startswith(IGNORE_PREFIX)
            or (keeps is not None and keeps(flag, old, message))
        ]
    message.flags = ([FUZZY] if fuzzy else []) + message.flags + unknown
    return message


class _FuzzyIndex:
    """msgmerge's fuzzy search over the old entries that have a translation (msgl-fsearch.c).

    msgmerge tries the candidates sharing the most four-character runs with the new English
    first and keeps the first best; here rapidfuzz scores every candidate in C, and the runs
    are counted only for the few above the threshold: the same choice, without counting runs
    for thousands of candidates.
    """

    def __init__(self, messages: list[Message]):
        self.messages = [m for m in messages if _first_form(m)]
        self.encoded = [m.msgid.encode("utf-8") for m in self.messages]
        self.lengths: dict[int, list[int]] = defaultdict(list)
        for position, encoded in enumerate(self.encoded):
            self.lengths[len(encoded)].append(position)

    def best(self, entry: Message) -> tuple[Message, float] | None:
        """The old entry whose translation the new one gets, and its similarity (0–100)."""
        query = entry.msgid.encode("utf-8")
        short = len(entry.msgid) < _GRAM
        order = self._by_length(len(query)) if short else range(len(self.messages))
        if not order:
            return None
        near = process.extract(
            query,
            [self.encoded[position] for position in order] if short else self.encoded,
            scorer=fuzz.ratio,
            limit=None,
            score_cutoff=FUZZY_THRESHOLD * 100 - 0.5,
        )
        grams = _grams(entry.msgid)
        best: tuple[float, int, int] | None = None  # score, shared runs, -rank
        for _, _, rank in near:
            position = order[rank]
            candidate, encoded = self.messages[position], self.encoded[position]
            score = 2 * LCSseq.similarity(query, encoded) / (len(query) + len(encoded))
            if candidate.msgctxt is None or candidate.msgctxt == entry.msgctxt:
                score += _CONTEXT_BONUS
            if score <= FUZZY_THRESHOLD:
                continue
            if short:
                shared = 0  # tried shortest first, then in file order: the rank says it
            else:
                runs = set(_grams(candidate.msgid))
                shared = sum(gram in runs for gram in grams)
                if not shared:
                    continue  # outside msgmerge's index: never tried
            key = (score, shared, -rank)
            if best is None or key > best:
                best = key
        if best is None:
            return None
        return self.messages[order[-best[2]]], min(100.0, best[0] * 100)

    def _by_length(self, size: int) -> list[int]:
        """For English shorter than a run: the lengths a similarity above the threshold
        allows, shortest first, each in file order."""
        factor = 2 / FUZZY_THRESHOLD - 1
        return [
            position
            for length in range(math.ceil(size / factor), int(size * factor) + 1)
            for position in self.lengths.get(length, ())
        ]


def _grams(text: str) -> list[str]:
    return [text[at : at + _GRAM] for at in range(len(text) - _GRAM + 1)]
