"""Where the format directives of a string are, as GNU gettext 0.21 finds them: it never breaks a
line inside one (``%(name)s``, ``%-5.2f``) when it writes a catalog.

gettext parses a string with the grammar of the first format its entry is flagged with (in its
order of languages: ``c-format`` before ``python-format``). A directive is protected from its
second character to its last; parsing stops at the first invalid directive, which is not
protected, while those before it are. Implemented from gettext's ``format-c-parse.h``,
``format-python.c`` and ``format-python-brace.c``; for ``python-brace-format`` gettext 0.21 marks
directives relative to their own start rather than the string's (so what it protects is the
start of the string, up to the length of the shortest directive): that is reproduced too, since
the aim is the bytes gettext writes.
"""

from __future__ import annotations

import re

_C_FLAGS = frozenset(" +-#0'")
_C_SIZES = frozenset("hlLqjzZt")
_C_CONVERSIONS = frozenset("diouxXeEfFgGaAcCsSpn")
_C99_MACRO = re.compile(r"PRI[diouxX](?:(?:|LEAST|FAST)(?:8|16|32|64)|MAX|PTR)>")
_PYTHON_FLAGS = frozenset("-+ #0")
_PYTHON_CONVERSIONS = frozenset("csriduoxXeEfgG")
_DIGITS = frozenset("0123456789")
_NAME_START = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+")
_BRACE_TYPES = frozenset("bcdoxXneEfFgG%")


def protected(text: str, language: str, *, msgstr: bool = False) -> list[int]:
    """The indexes of ``text`` before which no line may break, for a string of ``language``
    (``c``, ``python``, ``python-brace``); other languages protect nothing here.

    >>> protected("%(aa bb)s and %(n)d", "python")
    [1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 17, 18]
    >>> protected("50%% off", "c")
    [3]
    """
    if language == "c":
        spans = _c_directives(text, msgstr)
    elif language == "python":
        spans = _python_directives(text)
    elif language == "python-brace":
        return _brace_protected(text)
    else:
        return []
    return [index for start, end in spans for index in range(start + 1, end + 1)]


def _digits(text: str, at: int) -> int:
    while at < len(text) and text[at] in _DIGITS:
        at += 1
    return at


def _c_directives(text: str, msgstr: bool) -> list[tuple[int, int]]:
    """(first, last) index of each valid C directive before the first invalid one."""
    spans: list[tuple[int, int]] = []
    numbered = unnumbered = False
    at = text.find("%")
    while at >= 0:
        start, at = at, at + 1

        def argument(at: int) -> tuple[int, bool | None]:
            """Skip an optional ``m$``: where parsing goes on, and whether it was numbered
            (None: an invalid ``0$``)."""
            end = _digits(text, at)
            if end > at and end < len(text) and text[end] == "$":
                return (end + 1, True) if int(text[at:end]) else (end, None)
            return at, False

        at, number = argument(at)
        if number is None:
            return spans
        while at < len(text) and (text[at] in _C_FLAGS or (msgstr and text[at] == "I")):
            at += 1
        for part in ("width", "precision"):
            if part == "precision":
                if at >= len(text) or text[at] != ".":
                    break
                at += 1
            if at < len(text) and text[at] == "*":
                at, star = argument(at + 1)
                if star is None or (star and unnumbered) or (not star and numbered):
                    return spans
                numbered, unnumbered = numbered or star, unnumbered or not star
            else:
                at = _digits(text, at)
        takes_argument = True
        if at < len(text) and text[at] == "<":
            macro = _C99_MACRO.match(text, at + 1)
            if macro is None:
                return spans
            at = macro.end() - 1
        else:
            while at < len(text) and text[at] in _C_SIZES:
                at += 1
            if at >= len(text):
                return spans
            if text[at] in "%m":
                takes_argument = False
            elif text[at] not in _C_CONVERSIONS:
                return spans
        if takes_argument:
            if (number and unnumbered) or (not number and numbered):
                return spans
            numbered, unnumbered = numbered or number, unnumbered or not number
        spans.append((start, at))
        at = text.find("%", at + 1)
    return spans


def _python_directives(text: str) -> list[tuple[int, int]]:
    """(first, last) index of each valid Python ``%`` directive before the first invalid one."""
    spans: list[tuple[int, int]] = []
    named = unnamed = 0
    at = text.find("%")
    while at >= 0:
        start, at = at, at + 1
        name = False
        if at < len(text) and text[at] == "(":
            depth, at = 0, at + 1
            while at < len(text) and (text[at] != ")" or depth):
                depth += {"(": 1, ")": -1}.get(text[at], 0)
                at += 1
            if at >= len(text):
                return spans
            name, at = True, at + 1
        while at < len(text) and text[at] in _PYTHON_FLAGS:
            at += 1
        for part in ("width", "precision"):
            if part == "precision":
                if at >= len(text) or text[at] != ".":
                    break
                at += 1
            if at < len(text) and text[at] == "*":
                if named:
                    return spans
                unnamed, at = unnamed + 1, at + 1
            else:
                at = _digits(text, at)
        if at < len(text) and text[at] in "hlL":
            at += 1
        if at >= len(text) or (text[at] != "%" and text[at] not in _PYTHON_CONVERSIONS):
            return spans
        if name:
            if unnamed:
                return spans
            named += 1
        elif text[at] != "%":
            if named:
                return spans
            unnamed += 1
        spans.append((start, at))
        at = text.find("%", at + 1)
    return spans


def _brace_protected(text: str) -> list[int]:
    """gettext 0.21's protection of a ``python-brace-format`` string (see the module's note):
    the characters starting in bytes 1 to k, k the smallest offset any directive marks, if that
    mark ends a valid directive."""
    marks: list[tuple[int, bool]] = []  # (offset from the directive's start, is an error)
    valid = False
    at = 0
    while at < len(text):
        if text[at] != "{":
            at += 1
            continue
        found = _brace_directive(text, at, toplevel=True)
        if isinstance(found, _Error):
            marks.append((len(text[found.directive : found.at].encode("utf-8")), True))
            break
        if text[at + 1 : at + 2] != "{":  # not the escape "{{"
            valid = True
            marks.append((len(text[at : found - 1].encode("utf-8")), False))
        at = found
    if not valid or not marks:
        return []
    offset, error = min(marks)
    if error or any(o == offset and e for o, e in marks):
        return []
    limit = offset
    protected_indexes = []
    position = 0
    for index, char in enumerate(text):
        if 1 <= position <= limit:
            protected_indexes.append(index)
        position += len(char.encode("utf-8"))
        if position > limit:
            break
    return protected_indexes


class _Error:
    """Where parsing a brace directive failed: the directive's start and the offending index."""

    def __init__(self, directive: int, at: int):
        self.directive = directive
        self.at = at


def _brace_directive(text: str, start: int, *, toplevel: bool) -> int | _Error:
    """Parse the directive at ``text[start] == "{"``: the index after it, or where it failed."""
    at = start + 1
    if at < len(text) and text[at] == "{":
        return at + 1
    field = _NAME_START.match(text, at) or _NUMBER.match(text, at)
    if field is None:
        return _Error(start, at)
    at = field.end()
    while at < len(text) and text[at] in ".[":
        if text[at] == ".":
            field = _NAME_START.match(text, at + 1)
            if field is None:
                return _Error(start, at + 1)
            at = field.end()
        else:
            field = _NAME_START.match(text, at + 1) or _NUMBER.match(text, at + 1)
            if field is None:
                return _Error(start, at + 1)
            at = field.end() + 1
            if text[at - 1 : at] != "]":
                return _Error(start, min(at, len(text) - 1))
    if at < len(text) and text[at] == ":":
        if not toplevel:
            return _Error(start, at)
        at += 1
        if at < len(text) and text[at] == "{":
            nested = _brace_directive(text, at, toplevel=False)
            if isinstance(nested, _Error):
                return nested
            at = nested
        else:
            at = _standard_spec(text, at)
        if at >= len(text) or text[at] != "}":
            return _Error(start, min(at, len(text) - 1))
    if at >= len(text) or text[at] != "}":
        return _Error(start, min(at, len(text) - 1))
    return at + 1


def _standard_spec(text: str, at: int) -> int:
    """Skip ``[[fill]align][sign][#][0][width][.precision][type]``."""
    if text[at + 1 : at + 2] in ("<", ">", "=", "^") and at + 1 < len(text):
        at += 2
    elif text[at : at + 1] in ("<", ">", "=", "^") and at < len(text):
        at += 1
    for optional in "+- ", "#", "0":
        if at < len(text) and text[at] in optional:
            at += 1
    at = _digits(text, at)
    if at < len(text) and text[at] == ".":
        at = _digits(text, at + 1)
    if at < len(text) and text[at] in _BRACE_TYPES:
        at += 1
    return at
