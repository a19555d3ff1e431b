"""A sentence as a CAT tool sees it: text, and inline codes the translator places but cannot
break.

What stays whole for an engine stays whole for a translator too (see
:mod:`communique.translate.protect`): a URL, an e-mail address, a code span or an HTML tag is
one atomic :class:`Code`; emphasis and links are a :class:`Pair` around text that is
translated. Numbers, dates and glossary terms stay text: a translator writes them the target
language's way.

>>> found = pieces("Read *this* at https://osce.org.", markup=True)
>>> found[1:4]
(Pair(kind='emphasis', start='*', end='*', inner=('this',)), ' at ', Code(kind='url', data='https://osce.org'))
>>> text_of(found)
'Read *this* at https://osce.org.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from communique.translate.engines.base import PLACEHOLDER
from communique.translate.protect import protect


@dataclass(frozen=True)
class Code:
    """An atomic inline code: ``kind`` is ``url``, ``email``, ``code``, ``autolink``, ``html``
    or ``field``; ``data`` is its text, exactly as written."""

    kind: str
    data: str


@dataclass(frozen=True)
class Pair:
    """Markup around translated text: ``emphasis`` or ``strong`` (``*…*``, ``**…**``),
    ``link`` (``[…](url)``) or ``image`` (``![…](url)``)."""

    kind: str
    start: str
    end: str
    inner: tuple[Piece, ...]


Piece = str | Code | Pair

_INDEX = re.compile(r"\d+")


def pieces(text: str, *, markup: bool, braces: bool = False) -> tuple[Piece, ...]:
    """``text`` as text and inline codes; with ``braces``, ``{field}`` names are codes too."""
    protected = protect(text, locale="en", markup=markup, braces=braces, words=False)
    if not protected.slots:
        return (text,) if text else ()
    stack: list[list[Piece]] = [[]]
    position = 0
    for match in PLACEHOLDER.finditer(protected.text):
        if match.start() > position:
            stack[-1].append(protected.text[position : match.start()])
        position = match.end()
        tag = match.group(0)
        slot = protected.slots[int(_INDEX.search(tag).group())]  # type: ignore[union-attr]
        if tag.startswith("</"):
            inner = tuple(stack.pop())
            stack[-1].append(Pair(_pair_kind(slot.english), slot.english, slot.closer or "", inner))
        elif tag.endswith("/>"):
            stack[-1].append(Code(slot.kind, slot.english))
        else:
            stack.append([])
    if position < len(protected.text):
        stack[-1].append(protected.text[position:])
    found = tuple(stack[0])
    # English that itself reads like a placeholder ("<x0/>" in plain text) would come back
    # changed: such a sentence is sent as text.
    return found if len(stack) == 1 and text_of(found) == text else (text,)


def _pair_kind(opener: str) -> str:
    if opener.startswith("!["):
        return "image"
    if opener.startswith("["):
        return "link"
    return "strong" if len(opener) >= 2 else "emphasis"


def text_of(found: Iterable[Piece]) -> str:
    """The text the pieces stand for: every code as written."""
    parts = []
    for piece in found:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, Code):
            parts.append(piece.data)
        else:
            parts += [piece.start, text_of(piece.inner), piece.end]
    return "".join(parts)
