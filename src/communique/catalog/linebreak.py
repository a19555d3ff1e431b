"""Line breaking the way GNU gettext wraps PO strings, so ``msgcat`` leaves our files alone.

gettext (``write-po.c``) escapes each ``\\n``-delimited portion of a string, asks libunistring for
the break opportunities of Unicode line breaking (UAX #14), then fills lines greedily. We
reproduce both steps: :func:`break_opportunities` follows libunistring 1.0 (the library behind
gettext 0.21 on Debian 12) — its pair table, its handling of spaces and combining marks, and its
one deliberate deviation from UAX #14 (a break is allowed between ``.`` and a letter) — with the
Line_Break classes from ``uniseg``; :func:`fill` is gettext's greedy fill.

:func:`greedy_breaks` gives the same breaks as the two steps together, faster (an update of a
large archive wraps millions of strings): the greedy fill only needs the opportunities just
before the end of each line. For text made only of characters whose break opportunities depend
on their neighbours alone (nearly every string in practice), it looks at a few characters per
line instead of classifying every character in Python; other text takes both steps.

The table and the class mapping were checked character by character against libunistring 1.0 for
the Basic Multilingual Plane; they differ only for a few scripts whose classes changed after
Unicode 14 (Balinese, Javanese, some Arabic number signs).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Collection, Sequence
from itertools import accumulate

from uniseg.linebreak import line_break

# The classes libunistring distinguishes, in the order of its pair table. OP2/CP2 are the East
# Asian wide brackets (UAX #14 LB30), ID2 unassigned pictographic code points.
_CLASSES = (
    *("WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP1", "CP2", "EX", "IN", "NS", "OP1", "OP2"),
    *("QU", "IS", "NU", "PO", "PR", "SY", "AL", "H2", "H3", "ID1", "ID2", "JL", "JV", "JT"),
    *("HL", "RI", "ZWJ", "EB", "EM"),
)
_INDEX = {name: index for index, name in enumerate(_CLASSES)}

# _PAIRS[before][after]: D = break allowed, I = only after spaces, P = never.
_PAIRS = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # WJ
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # GL
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # B2
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # BA
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # BB
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # HY
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",  # CL
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",  # CP1
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",  # CP2
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # EX
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # IN
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP1
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP2
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",  # QU
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # IS
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # NU
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",  # PO
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",  # PR
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",  # SY
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # AL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # H2
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # H3
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # ID1
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # ID2
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",  # JL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # JV
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # JT
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # HL
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # RI
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",  # ZWJ
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # EB
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # EM
)

# The classes outside the pair table get the numbers after it. A character is coded in one
# byte: its class number in the low six bits, its width (0, 1 or 2 columns) in the high two.
_SP, _BK, _ZW, _CM = range(len(_CLASSES), len(_CLASSES) + 4)
_AL, _ZWJ, _RI = _INDEX["AL"], _INDEX["ZWJ"], _INDEX["RI"]
_OP1, _OP2 = _INDEX["OP1"], _INDEX["OP2"]
_HL, _AFTER_HEBREW = _INDEX["HL"], (_INDEX["HY"], _INDEX["BA"])
_CLASS_BITS = 0x3F

# Whether a break is allowed between two classes with nothing between them (D), and with spaces
# between them (D or I), as bytes indexed by before * _ROW + after.
_ROW = len(_CLASSES)
_ADJACENT = bytes(rule == "D" for row in _PAIRS for rule in row)
_SPACED = bytes(rule in "DI" for row in _PAIRS for rule in row)

# Text made of these classes only has local break opportunities: whether a break comes before a
# character depends on it, the last character that is not a space before it, and whether spaces
# come between. The others carry state along the text: mandatory breaks, zero-width spaces,
# combining marks and joiners (which attach to what precedes them), regional indicators (pairs).
_LOCAL_CLASSES = [number for number in range(_SP + 1) if number not in (_ZWJ, _RI)]
# Codes to delete from a text's codes to find whether it is all local, and all one column wide.
_LOCAL_CODES = bytes(c | width << 6 for c in _LOCAL_CLASSES for width in range(3))
_LOCAL_NARROW_CODES = bytes(c | 1 << 6 for c in _LOCAL_CLASSES)
# A code's class alone: bytes.translate table.
_CLASS_OF_CODE = bytes(code & _CLASS_BITS for code in range(256))

_MANDATORY = {"BK", "CR", "LF", "NL"}
_EAST_ASIAN_WIDE = {"W", "F", "H"}
# Classes that libunistring 1.0 (Unicode 14) did not have yet; their letters were alphabetic.
_NEWER_CLASSES = {"AK", "AP", "AS", "VI", "VF"}
_SPECIAL = {"SP": _SP, "ZW": _ZW, "CM": _CM, "ZWJ": _ZWJ}


def _class(char: str) -> int:
    """The number of the class libunistring 1.0 gives ``char``."""
    name: str = line_break(char).name
    if name in _MANDATORY:
        return _BK
    if name in _SPECIAL:
        return _SPECIAL[name]
    if name in ("AI", "SA", "XX") or name in _NEWER_CLASSES:
        name = "AL"
    elif name in ("CB", "ID"):
        name = "ID1"
    elif name == "CJ":
        name = "NS"
    elif name in ("OP", "CP"):
        wide = unicodedata.east_asian_width(char) in _EAST_ASIAN_WIDE
        name += "2" if wide else "1"
    return _INDEX.get(name, _AL)


def char_width(char: str) -> int:
    """Columns a character takes in a terminal, as libunistring's ``uc_width`` counts them.

    >>> char_width("a"), char_width("東"), char_width("\\u0301")
    (1, 2, 0)
    """
    return _codes(char)[0] >> 6


# Code points unassigned in Unicode 14 that libunistring 1.0 counts two columns wide (inside the
# CJK, Hangul, fullwidth and ideographic blocks); other unassigned ones take one column.
_WIDE_UNASSIGNED = (
    *((0x2E9A, 0x2E9A), (0x2EF4, 0x2EFF), (0x2FD6, 0x2FEF), (0x2FFC, 0x2FFF), (0x3040, 0x3040)),
    *((0x3097, 0x3098), (0x3100, 0x3104), (0x3130, 0x3130), (0x318F, 0x318F), (0x31E4, 0x31EF)),
    *((0x321F, 0x321F), (0xA48D, 0xA48F), (0xA4C7, 0xA4CF), (0xFA6E, 0xFA6F), (0xFADA, 0xFAFF)),
    *((0xFE1A, 0xFE1F), (0xFE53, 0xFE53), (0xFE67, 0xFE67), (0xFE6C, 0xFE6F), (0xFF00, 0xFF00)),
    *((0x1F203, 0x1F20F), (0x1F23C, 0x1F23F), (0x1F249, 0x1F24F), (0x1F252, 0x1F25F)),
    *((0x1F266, 0x1F2FF), (0x2A6E0, 0x2A6FF), (0x2B739, 0x2B73F), (0x2B81E, 0x2B81F)),
    *((0x2CEA2, 0x2CEAF), (0x2EBE1, 0x2F7FF), (0x2FA1E, 0x2FFFF), (0x3134B, 0x3FFFF)),
)


def _width(char: str) -> int:
    """libunistring 1.0's ``uc_width``: a combining mark takes no column only when it is
    non-spacing for the bidirectional algorithm too (U+0301 does; the Kannada vowel sign I,
    U+0CBF, a mark of class L, takes one); control characters count as none."""
    category = unicodedata.category(char)
    if category in ("Cf", "Cc") or unicodedata.bidirectional(char) == "NSM":
        return 0
    code = ord(char)
    if category == "Cn":  # Python's East Asian width of an unassigned code point is no guide
        return 2 if any(first <= code <= last for first, last in _WIDE_UNASSIGNED) else 1
    # Hangul medial vowels and final consonants join the syllable before them; tag characters
    # and variation selectors of the supplementary planes show nothing.
    if 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF or 0xE0000 <= code <= 0xE01EF:
        return 0
    if unicodedata.name(char, "").startswith("ZERO WIDTH"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _code(char: str) -> str:
    return chr(_class(char) | _width(char) << 6)


# str.translate tables from a character to its code: ASCII as bytes (bytes.translate), the rest
# in a plain dict (a dict subclass filling itself would be several times slower to translate
# with), filled as characters are met. Latin-1 is in it from the start, so a character not yet
# in it comes out of str.translate unchanged and beyond Latin-1, and encoding fails.
_ASCII_CODES = bytes(ord(_code(chr(byte))) if byte < 128 else 0 for byte in range(256))
_LATIN1_CODES = {byte: _code(chr(byte)) for byte in range(256)}
_code_table = dict(_LATIN1_CODES)
# Bounded: text in a large script (Han) must not grow it for ever.
_CODE_TABLE_SIZE = 16384


def _codes(text: str) -> bytes:
    """Each character's code (class and width) as one byte, translated in C."""
    global _code_table
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_CODES)
    table = _code_table
    try:
        return text.translate(table).encode("latin-1")
    except UnicodeEncodeError:
        if len(table) > _CODE_TABLE_SIZE:
            # A new table, swapped in whole: no one ever translates with Latin-1 missing.
            table = _code_table = dict(_LATIN1_CODES)
        for char in set(text):
            if ord(char) not in table:
                table[ord(char)] = _code(char)
        return text.translate(table).encode("latin-1")


def break_opportunities(text: str) -> list[bool]:
    """For each character, whether a line may break just before it.

    >>> text = "co-op now"
    >>> "".join(("|" if b else "") + c for b, c in zip(break_opportunities(text), text))
    'co-|op |now'
    """
    return _opportunities(_codes(text).translate(_CLASS_OF_CODE))


def _opportunities(classes: bytes) -> list[bool]:
    result = [False] * len(classes)
    last = _BK  # class of the last character that is not a space
    previous = _BK  # class of the character just before
    space_seen = False
    regional_run = 0
    # UAX #14 LB21a: no break after a hyphen or a maqaf that follows a Hebrew letter at once.
    hebrew_hyphen = False
    for index, cls in enumerate(classes):
        if cls < _ROW and cls != _ZWJ:
            if last == _ZW:
                result[index] = True
            elif last != _BK and previous != _ZWJ and not hebrew_hyphen:
                if last == _RI and cls == _RI and not space_seen:
                    result[index] = regional_run % 2 == 0
                else:
                    pairs = _SPACED if space_seen else _ADJACENT
                    result[index] = pairs[last * _ROW + cls] == 1
            regional_run = regional_run + 1 if cls == _RI else 0
            last, space_seen = cls, False
        elif cls == _SP:
            space_seen = True
        elif cls in (_BK, _ZW):
            last, space_seen = cls, False
        else:  # CM, ZWJ
            # A combining mark belongs to its base, unless it follows a space: then it
            # starts a new alphabetic run (UAX #14 LB10).
            if last == _BK:
                last = _AL
            elif last == _ZW or (space_seen and last not in (_OP1, _OP2)):
                result[index] = True
                last, space_seen = _AL, False
        hebrew_hyphen = previous == _HL and cls in _AFTER_HEBREW
        previous = cls
    return result


def fill(text: str, allowed: Sequence[bool], width: int, start_column: int) -> list[int]:
    """Greedy fill: the indexes where lines break so each fits in ``width`` columns.

    ``allowed[i]`` says whether a break may come before ``text[i]``; the first line starts at
    ``start_column``. A piece longer than a line is left overlong, as gettext does.

    >>> fill("aa bb cc", break_opportunities("aa bb cc"), 4, 0)
    [3, 6]
    """
    return _fill(_codes(text), allowed, width, start_column)


def _fill(codes: bytes, allowed: Sequence[bool], width: int, start_column: int) -> list[int]:
    breaks: list[int] = []
    last_break: int | None = None
    column = start_column
    piece = 0
    for index, code in enumerate(codes):
        if allowed[index]:
            if last_break is not None and column + piece > width:
                breaks.append(last_break)
                column = 0
            last_break = index
            column += piece
            piece = 0
        piece += code >> 6
    if last_break is not None and column + piece > width:
        breaks.append(last_break)
    return breaks


def greedy_breaks(
    text: str, width: int, start_column: int, unbreakable: Collection[int] = ()
) -> list[int]:
    """What :func:`fill` gives with :func:`break_opportunities`, looking only where it must.

    ``unbreakable`` holds indexes where no break may come whatever the opportunities say.

    >>> greedy_breaks("aa bb cc", 4, 0)
    [3, 6]
    """
    codes = _codes(text)
    if codes.translate(None, _LOCAL_NARROW_CODES):
        if codes.translate(None, _LOCAL_CODES):
            # Rare (combining marks, joiners, flags, control characters): the whole way.
            allowed = _opportunities(codes.translate(_CLASS_OF_CODE))
            for index in unbreakable:
                allowed[index] = False
            return _fill(codes, allowed, width, start_column)
        # Total width of the characters before each index.
        columns: list[int] | None = [0, *accumulate(code >> 6 for code in codes)]
    else:
        columns = None  # every character takes one column: widths are index differences
    classes = codes.translate(_CLASS_OF_CODE)
    end = len(classes)
    breaks: list[int] = []
    line = 0
    room = width - start_column
    while True:
        # The first character that does not fit on the line; done if there is none.
        if columns is None:
            if end - line <= room:
                return breaks
            over = line + max(room, 0)
        else:
            if columns[end] - columns[line] <= room:
                return breaks
            over = max(bisect_right(columns, columns[line] + room) - 1, line)
        # gettext breaks at the last opportunity that keeps the line in the width; with none,
        # at the first one after it (the line stays overlong).
        index = over
        while index > line and not _local_opportunity(classes, index, unbreakable):
            index -= 1
        if index == line:
            index = over + 1
            while index < end and not _local_opportunity(classes, index, unbreakable):
                index += 1
            if index >= end:
                return breaks
        breaks.append(index)
        line, room = index, width


def _local_opportunity(classes: bytes, index: int, unbreakable: Collection[int]) -> bool:
    """Whether a break may come before ``classes[index]`` (index > 0) in text of local classes."""
    cls = classes[index]
    if cls == _SP or index in unbreakable:
        return False
    before = classes[index - 1]
    if before != _SP:
        if before in _AFTER_HEBREW and index >= 2 and classes[index - 2] == _HL:
            return False  # LB21a
        return _ADJACENT[before * _ROW + cls] == 1
    index -= 2
    while index >= 0 and classes[index] == _SP:
        index -= 1
    return index >= 0 and _SPACED[classes[index] * _ROW + cls] == 1
