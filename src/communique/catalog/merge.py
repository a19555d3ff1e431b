"""Merge a new template into a translation catalog without ever losing a translator's work.

The rules are GNU ``msgmerge``'s, made explainable:

* an entry whose English is unchanged keeps its translation, flags and translator comments;
* an entry whose English changed gets the translation of the most similar old entry, marked
  ``#, fuzzy``, with the English that translation was made for as ``#| msgid`` — always, so
  the translator sees exactly what changed;
* an old entry no longer in the template becomes obsolete (``#~``) and keeps its translation;
  when its sentence comes back it is revived as it was.

Similarity is rapidfuzz's normalised Indel similarity (the share of characters two strings have
in common, in order, from 0 to 100), the measure behind ``msgmerge``'s own fuzzy search; a
candidate needs at least :data:`FUZZY_CUTOFF`, msgmerge's threshold of 0.6.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from communique.catalog.model import FUZZY, Catalog, Message

#: Minimum similarity (0–100) for an old translation to be offered as a fuzzy match.
FUZZY_CUTOFF = 60.0


@dataclass(frozen=True)
class FuzzyMatch:
    """Why a changed sentence received an old translation."""

    msgid: str
    previous: str
    score: float


@dataclass
class MergeReport:
    """What a merge did, entry by entry, for the run's summary."""

    kept: int = 0
    revived: int = 0
    new: int = 0
    fuzzy: list[FuzzyMatch] = field(default_factory=list)
    obsoleted: int = 0


def _first_form(message: Message) -> str:
    if message.msgid_plural is None:
        return message.msgstr
    return message.msgstr_plural[0] if message.msgstr_plural else ""


def merge(
    template: Catalog, old: Catalog, *, header: dict[str, str] | None = None
) -> tuple[Catalog, MergeReport]:
    """A new catalog: ``template``'s messages with ``old``'s translations carried over.

    ``header`` fields are set on the result (the template's creation date, missing fields).
    """
    report = MergeReport()
    live = {m.key: m for m in old.messages if not m.obsolete}
    gone = {m.key: m for m in old.messages if m.obsolete}
    candidates = [m for m in old.messages if _first_form(m)]
    used: set[tuple[str | None, str]] = set()
    merged = Catalog(
        header=list(old.header),
        header_comments=list(old.header_comments),
        header_fuzzy=old.header_fuzzy,
    )
    for name, value in (header or {}).items():
        merged.set_header(name, value)

    for entry in template.messages:
        previous = live.get(entry.key) or gone.get(entry.key)
        if previous is not None:
            used.add(entry.key)
            merged.messages.append(_carry(entry, previous))
            if previous.obsolete:
                report.revived += 1
            else:
                report.kept += 1
            continue
        match = _best_match(entry, candidates)
        if match is None:
            merged.messages.append(_fresh(entry))
            report.new += 1
            continue
        source, score = match
        used.add(source.key)  # msgmerge's rule: a sentence reused as a fuzzy match is used up
        message = _carry(entry, source)
        message.flags = [FUZZY, *[flag for flag in source.flags if flag != FUZZY]]
        # The English the translation was written for: an old draft keeps its own history.
        if source.fuzzy and source.previous_msgid is not None:
            message.previous_msgid = source.previous_msgid
            message.previous_msgctxt = source.previous_msgctxt
        else:
            message.previous_msgid = source.msgid
            message.previous_msgctxt = source.msgctxt
        message.previous_msgid_plural = source.msgid_plural
        merged.messages.append(message)
        report.fuzzy.append(FuzzyMatch(entry.msgid, message.previous_msgid, score))

    for message in old.messages:
        if message.key in used or not _first_form(message):
            continue
        if not message.obsolete:
            report.obsoleted += 1
        merged.messages.append(
            dataclasses.replace(message, obsolete=True, references=[], extracted_comments=[])
        )
    return merged, report


def _fresh(entry: Message) -> Message:
    return Message(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=["" for _ in entry.msgstr_plural],
        extracted_comments=list(entry.extracted_comments),
        references=list(entry.references),
    )


def _carry(entry: Message, previous: Message) -> Message:
    """The template's entry with the old entry's translation, flags and translator comments."""
    message = _fresh(entry)
    message.msgstr = previous.msgstr
    message.msgstr_plural = list(previous.msgstr_plural)
    message.translator_comments = list(previous.translator_comments)
    message.flags = list(previous.flags)
    if previous.fuzzy:
        message.previous_msgctxt = previous.previous_msgctxt
        message.previous_msgid = previous.previous_msgid
        message.previous_msgid_plural = previous.previous_msgid_plural
    return message


def _best_match(entry: Message, candidates: list[Message]) -> tuple[Message, float] | None:
    pool = [
        m
        for m in candidates
        if m.msgctxt == entry.msgctxt and (m.msgid_plural is None) == (entry.msgid_plural is None)
    ]
    if not pool:
        return None
    found = process.extractOne(
        entry.msgid, [m.msgid for m in pool], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
    )
    if found is None:
        return None
    _, score, index = found
    return pool[index], float(score)
