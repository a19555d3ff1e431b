"""Which entries are drafts: text communique wrote that nobody has touched since.

A draft carries a translator comment ``# draft: <origin> [<mark>]``: where the text came from
(``apertium eng-spa``, ``tm 87% from <slug>``) and a mark of the exact text that was drafted
(the first eight hex digits of its SHA-256). The entry is a draft only while it is fuzzy and its
``msgstr`` is still that text. Poedit, Lokalize and Weblate keep translator comments when a
translator edits or reviews an entry, so the comment alone proves nothing; the mark does. Once
the text was changed or reviewed, :func:`settle` removes the stale comment, and ``draft
--refresh`` leaves the entry to its translator.

A ``draft:`` comment without a mark (written by communique before marks, or by hand) cannot
prove that nobody touched the text: it is treated as stale. A tool that wraps long comments
(polib does, at 78 columns) may have put the mark on a line of its own: the lines up to the one
that ends with the mark are read as one comment.
"""

from __future__ import annotations

import hashlib
import re

from communique.catalog.model import Catalog, Message

DRAFT_COMMENT = "draft: "
_MARKED = re.compile(r"draft: (?P<origin>.*) \[(?P<mark>[0-9a-f]{8})\]", re.DOTALL)
_MARK_AT_END = re.compile(r"\[[0-9a-f]{8}\]\Z")
#: How many lines a wrapped ``draft:`` comment may take.
_MOST_LINES = 8


def mark(text: str) -> str:
    """The mark of a drafted text: eight hex digits of its SHA-256.

    >>> mark("La reunión")
    '4096228a'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def draft_comment(origin: str, text: str) -> str:
    """The translator comment for ``text`` drafted from ``origin``.

    >>> draft_comment("apertium eng-spa", "La reunión")
    'draft: apertium eng-spa [4096228a]'
    """
    return f"{DRAFT_COMMENT}{origin} [{mark(text)}]"


def draft_origin(message: Message) -> str | None:
    """Where the entry's text came from, if it is a draft nobody has touched; else None."""
    found = _proof(message)
    return None if found is None else found[1]


def _proof(message: Message) -> tuple[tuple[int, int], str] | None:
    """The ``draft:`` comment that proves the entry an untouched draft (where its lines are),
    and the origin it names; None if the entry is not such a draft."""
    if not message.fuzzy or message.msgid_plural is not None:
        return None
    expected = mark(message.msgstr)
    comments = message.translator_comments
    for begin, end in _draft_comments(comments):
        found = _MARKED.fullmatch(" ".join(comments[begin:end]))
        if found is not None and found["mark"] == expected:
            return (begin, end), " ".join(found["origin"].split())
    return None


def _draft_comments(comments: list[str]) -> list[tuple[int, int]]:
    """Where the ``draft:`` comments are among a message's comment lines: (first, past last)."""
    found = []
    for begin, comment in enumerate(comments):
        if not comment.startswith(DRAFT_COMMENT):
            continue
        end = begin + 1
        if not _MARK_AT_END.search(comment):
            for index in range(begin + 1, min(len(comments), begin + _MOST_LINES)):
                if comments[index].startswith(DRAFT_COMMENT):
                    break
                if _MARK_AT_END.search(comments[index]):
                    end = index + 1
                    break
        found.append((begin, end))
    return found


def drafted(message: Message, text: str) -> bool:
    """Whether ``text`` is a machine draft the entry held: a ``draft:`` comment on it has its
    mark, though a translator may have changed the entry's text since (the comment stays
    until the next ``update`` or ``draft``)."""
    comments = message.translator_comments
    expected = mark(text)
    for begin, end in _draft_comments(comments):
        found = _MARKED.fullmatch(" ".join(comments[begin:end]))
        if found is not None and found["mark"] == expected:
            return True
    return False


def is_draft(message: Message) -> bool:
    """Whether the entry is a draft communique made and nobody has changed or reviewed."""
    return draft_origin(message) is not None


def set_draft(message: Message, text: str, origin: str) -> None:
    """Make ``text`` the entry's draft: fuzzy, with the comment that proves it untouched."""
    message.msgstr = text
    if not message.fuzzy:
        message.flags.insert(0, "fuzzy")
    message.translator_comments = [
        *_without_drafts(message.translator_comments),
        draft_comment(origin, text),
    ]


def translator_notes(message: Message) -> list[str]:
    """The entry's translator comments without communique's ``draft:`` comments."""
    return _without_drafts(message.translator_comments)


def settle(catalog: Catalog, *, reviewed_only: bool = False) -> int:
    """Remove the ``draft:`` comments that no longer stand on an untouched draft (the text was
    changed or reviewed); returns how many entries lost one. A comment that still proves its
    draft is left as it is written. Obsolete entries are left as they are, and a ``draft:``
    comment without a mark: communique writes none, a translator may ("draft: legal to
    check"). ``reviewed_only``: only on reviewed entries (an import leaves the marks on fuzzy
    ones: they tell a file that holds the machine draft from a translator's text)."""
    settled = 0
    for message in catalog.messages:
        comments = message.translator_comments
        if message.obsolete or not any(c.startswith(DRAFT_COMMENT) for c in comments):
            continue
        if reviewed_only and message.fuzzy:
            continue
        proof = _proof(message)
        keep = None if proof is None else proof[0]
        if _marked_comments(comments) not in ([keep], []):
            message.translator_comments = _without_drafts(comments, keep)
            settled += 1
    return settled


#: A ``draft:`` comment as versions before the marks wrote it: an origin alone.
_LEGACY = re.compile(
    r"draft: (?:(?:apertium|apy|google|deepl|libre|microsoft|mymemory|pseudo)(?: \S+)?"
    r"|glossary|kept as written|tm \d+% from \S+)"
)


def _marked_comments(comments: list[str]) -> list[tuple[int, int]]:
    """Where communique's ``draft:`` comments are: those that end with a mark, and those that
    name an origin alone, as earlier versions wrote them."""
    return [
        (begin, end)
        for begin, end in _draft_comments(comments)
        if _MARKED.fullmatch(" ".join(comments[begin:end])) is not None
        or _LEGACY.fullmatch(" ".join(comments[begin:end])) is not None
    ]


def _without_drafts(comments: list[str], keep: tuple[int, int] | None = None) -> list[str]:
    """The comment lines without those of communique's ``draft:`` comments (but the one at
    ``keep``)."""
    dropped = {
        index for span in _marked_comments(comments) if span != keep for index in range(*span)
    }
    return [comment for index, comment in enumerate(comments) if index not in dropped]
