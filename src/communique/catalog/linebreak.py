"""Line breaking the way GNU gettext wraps PO strings, so ``msgcat`` leaves our files alone.

gettext (``write-po.c``) escapes each ``\\n``-delimited portion of a string, asks libunistring for
the break opportunities of Unicode line breaking (UAX #14), then fills lines greedily. We
reproduce both steps: :func:`break_opportunities` follows libunistring 1.0 (the library behind
gettext 0.21 on Debian 12) — its pair table, its handling of spaces and combining marks, and its
one deliberate deviation from UAX #14 (a break is allowed between ``.`` and a letter) — with the
Line_Break classes from ``uniseg``; :func:`fill` is gettext's greedy fill.

The table and the class mapping were checked character by character against libunistring 1.0 for
the Basic Multilingual Plane; they differ only for a few scripts whose classes changed after
Unicode 14 (Balinese, Javanese, some Arabic number signs).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

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

_MANDATORY = {"BK", "CR", "LF", "NL"}
_EAST_ASIAN_WIDE = {"W", "F", "H"}
# Classes that libunistring 1.0 (Unicode 14) did not have yet; their letters were alphabetic.
_NEWER_CLASSES = {"AK", "AP", "AS", "VI", "VF"}


@lru_cache(maxsize=4096)
def _class(char: str) -> str:
    name: str = line_break(char).name
    if name in _MANDATORY:
        return "BK"
    if name in ("SP", "ZW", "CM", "ZWJ"):
        return name
    if name in ("AI", "SA", "XX") or name in _NEWER_CLASSES:
        return "AL"
    if name == "CB":
        return "ID1"
    if name == "CJ":
        return "NS"
    if name in ("OP", "CP"):
        wide = unicodedata.east_asian_width(char) in _EAST_ASIAN_WIDE
        return name + ("2" if wide else "1")
    if name == "ID":
        return "ID1"
    return name if name in _INDEX else "AL"


def break_opportunities(text: str) -> list[bool]:
    """For each character, whether a line may break just before it.

    >>> text = "co-op now"
    >>> "".join(("|" if b else "") + c for b, c in zip(break_opportunities(text), text))
    'co-|op |now'
    """
    result = [False] * len(text)
    last = "BK"  # class of the last character that is not a space
    previous = "BK"  # class of the character just before
    space_seen = False
    regional_run = 0
    for index, char in enumerate(text):
        cls = _class(char)
        if cls == "BK":
            last, space_seen = "BK", False
        elif cls == "SP":
            space_seen = True
        elif cls == "ZW":
            last, space_seen = "ZW", False
        elif cls in ("CM", "ZWJ"):
            # A combining mark belongs to its base, unless it follows a space: then it
            # starts a new alphabetic run (UAX #14 LB10).
            if last == "BK":
                last = "AL"
            elif last == "ZW" or (space_seen and last not in ("OP1", "OP2")):
                result[index] = True
                last, space_seen = "AL", False
        else:
            if last == "ZW":
                result[index] = True
            elif last != "BK" and previous != "ZWJ":
                if last == "RI" and cls == "RI" and not space_seen:
                    result[index] = regional_run % 2 == 0
                else:
                    rule = _PAIRS[_INDEX[last]][_INDEX[cls]]
                    result[index] = rule == "D" or (rule == "I" and space_seen)
            regional_run = regional_run + 1 if cls == "RI" else 0
            last, space_seen = cls, False
        previous = cls
    return result


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Columns a character takes in a terminal, as libunistring's ``uc_width`` counts them."""
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf", "Cc"):
        return 0
    code = ord(char)
    # Hangul medial vowels and final consonants join the syllable before them.
    if 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fill(text: str, allowed: Sequence[bool], width: int, start_column: int) -> list[int]:
    """Greedy fill: the indexes where lines break so each fits in ``width`` columns.

    ``allowed[i]`` says whether a break may come before ``text[i]``; the first line starts at
    ``start_column``. A piece longer than a line is left overlong, as gettext does.
    """
    breaks: list[int] = []
    last_break: int | None = None
    column = start_column
    piece = 0
    for index, char in enumerate(text):
        if allowed[index]:
            if last_break is not None and column + piece > width:
                breaks.append(last_break)
                column = 0
            last_break = index
            column += piece
            piece = 0
        piece += char_width(char)
    if last_break is not None and column + piece > width:
        breaks.append(last_break)
    return breaks
