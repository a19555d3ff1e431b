r"""Invisible characters that change a text: control characters (a NUL that GNU gettext reads
as the end of a string, an escape code pasted from a terminal) and the bidirectional controls
that show a text in another order than it is written (the "Trojan Source" overrides).

>>> bidi_problem("Le \u202eprogramme")
'a right-to-left override (U+202E) shows the text after it in another order than written; remove it'
>>> control_character("obs\x00erved")
(3, 'U+0000')
"""

from __future__ import annotations

import re

#: Control characters but tab and the line and page breaks (a word processor's vertical tab,
#: an old file's form feed: read as space), C1's included (U+0080–U+009F: text of Windows-1252
#: read as Latin-1 holds them, "\x92" for an apostrophe): no text a press office writes holds
#: one.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Characters that change the order in which text is shown: overrides (LRO, RLO), embeddings
#: (LRE, RLE, closed by PDF) and isolates (LRI, RLI, FSI, closed by PDI).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OVERRIDES = {"\u202d": "left-to-right", "\u202e": "right-to-left"}
_EMBEDDINGS, _ISOLATES = "\u202a\u202b", "\u2066\u2067\u2068"


#: Noncharacters: code points Unicode keeps for programs' own use, never text (U+FFFE is a
#: byte-order mark read the wrong way round); pages and feeds leave them out.
_NONCHARACTER = re.compile("[\ufdd0-\ufdef\ufffe\uffff]")


def noncharacter(text: str) -> tuple[int, str] | None:
    """Where the first noncharacter of ``text`` is, and which it is.

    >>> noncharacter("Vienne\ufffe")
    (6, 'U+FFFE')
    """
    found = _NONCHARACTER.search(text)
    return None if found is None else (found.start(), f"U+{ord(found.group()):04X}")


def control_character(text: str) -> tuple[int, str] | None:
    """Where the first control character of ``text`` is (tab and line and page breaks are
    none), and which it is."""
    found = _CONTROL.search(text)
    return None if found is None else (found.start(), f"U+{ord(found.group()):04X}")


def without_controls(text: str) -> str:
    r"""``text`` without its control characters (tab and the line and page breaks kept).

    >>> without_controls("Vienne\x00 et Genève")
    'Vienne et Genève'
    """
    return _CONTROL.sub("", text)


def bidi_problem(text: str) -> str | None:
    """A bidirectional override, or an embedding or isolate left open: the text would be
    shown in another order than it is written."""
    if _BIDI.search(text) is None:
        return None
    for char, direction in _OVERRIDES.items():
        if char in text:
            return (
                f"a {direction} override (U+{ord(char):04X}) shows the text after it in another "
                "order than written; remove it"
            )
    opened = sum(text.count(c) for c in _EMBEDDINGS) - text.count("\u202c")
    isolated = sum(text.count(c) for c in _ISOLATES) - text.count("\u2069")
    if opened > 0 or isolated > 0:
        which = "an embedding (U+202A/B)" if opened > 0 else "an isolate (U+2066–8)"
        close = "U+202C" if opened > 0 else "U+2069"
        return f"{which} is not closed ({close}): its direction would run on past the sentence"
    return None
