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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from communique.catalog.flags import checked_formats
from communique.catalog.model import Message

_C_FLAGS = frozenset(" +-#0'")
_C_SIZES = frozenset("hlLqjzZt")
_C_CONVERSIONS = frozenset("diouxXeEfFgGaAcCsSpn")
_C99_MACRO = re.compile(r"PRI[diouxX](?:(?:|LEAST|FAST)(?:8|16|32|64)|MAX|PTR)>")
_PYTHON_FLAGS = frozenset("-+ #0")
_DIGITS = frozenset("0123456789")
_NAME_START = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+")
_BRACE_TYPES = frozenset("bcdoxXneEfFgG%")


@dataclass
class Parsed:
    """What a format string holds, as gettext's parser of its language reads it."""

    #: (first, last) index of each valid directive before the first invalid one.
    spans: list[tuple[int, int]] = field(default_factory=list)
    #: Why the string is not a valid format string, if it is not.
    invalid: str | None = None
    #: The types of the arguments taken by position (C: in the order of their numbers).
    unnamed: list[str] = field(default_factory=list)
    #: The arguments taken by name, with their types (``python-brace``: no type).
    named: dict[str, str] = field(default_factory=dict)

    def fail(self, reason: str) -> Parsed:
        self.invalid = reason
        return self


def parse(text: str, language: str, *, msgstr: bool = False) -> Parsed | None:
    """The format string ``text`` of ``language`` (``c``, ``python``, ``python-brace``);
    None for a language this module does not read."""
    if language == "c":
        return _c_directives(text, msgstr)
    if language == "python":
        return _python_directives(text)
    if language == "python-brace":
        return _brace_arguments(text)
    return None


def protected(text: str, language: str, *, msgstr: bool = False) -> list[int]:
    """The indexes of ``text`` before which no line may break, for a string of ``language``
    (``c``, ``python``, ``python-brace``); other languages protect nothing here.

    >>> protected("%(aa bb)s and %(n)d", "python")
    [1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 17, 18]
    >>> protected("50%% off", "c")
    [3]
    """
    if language == "python-brace":
        return _brace_protected(text)
    parsed = parse(text, language, msgstr=msgstr)
    if parsed is None:
        return []
    return [index for start, end in parsed.spans for index in range(start + 1, end + 1)]


def _digits(text: str, at: int) -> int:
    while at < len(text) and text[at] in _DIGITS:
        at += 1
    return at


def _width_and_precision(
    text: str, at: int, star: Callable[[int], int | None]
) -> tuple[int, str] | None:
    """Skip a width and a ``.precision``, each digits or ``*``: where parsing goes on, and the
    precision's digits ("" if none). ``star`` takes the argument a ``*`` stands for, given the
    index after it, and says where parsing goes on (None: the directive is invalid)."""
    precision = ""
    for part in ("width", "precision"):
        if part == "precision":
            if at >= len(text) or text[at] != ".":
                break
            at += 1
        if at < len(text) and text[at] == "*":
            found = star(at + 1)
            if found is None:
                return None
            at = found
        else:
            end = _digits(text, at)
            if part == "precision":
                precision = text[at:end]
            at = end
    return at, precision


_C_INTEGER_SIZES = {"hh": "char", "h": "short", "l": "long", "ll": "long long", "L": "long long"}
_C_INTEGER_SIZES.update({"q": "long long", "j": "intmax_t", "z": "size_t", "Z": "size_t"})
_C_INTEGER_SIZES["t"] = "ptrdiff_t"


def _c_type(conversion: str, size: str) -> str:
    """An argument's type as gettext compares them (format-c-parse.h)."""
    wide = "wide " if size in ("l", "ll") else ""
    if conversion in "di":
        return f"{_C_INTEGER_SIZES.get(size, '')} int".strip()
    if conversion in "ouxX":
        return f"unsigned {_C_INTEGER_SIZES.get(size, '')} int".replace("  ", " ")
    if conversion in "eEfFgGaA":
        return "long double" if size in ("ll", "L", "q") else "double"
    if conversion == "c":
        return wide + "char"
    if conversion == "s":
        return wide + "string"
    return {"C": "wide char", "S": "wide string", "p": "pointer", "n": "count pointer"}[conversion]


def _c_directives(text: str, msgstr: bool) -> Parsed:
    """C's directives (``%1$-5.2lf``), and the arguments they take."""
    parsed = Parsed()
    numbered: list[tuple[int, str]] = []
    unnumbered: list[str] = []
    at = text.find("%")
    while at >= 0:
        start, at = at, at + 1

        def argument(at: int) -> tuple[int, int | None]:
            """Skip an optional ``m$``: where parsing goes on, and m (0 without one; None
            for an invalid ``0$``)."""
            end = _digits(text, at)
            if end > at and end < len(text) and text[end] == "$":
                number = int(text[at:end])
                return (end + 1, number) if number else (end, None)
            return at, 0

        def take(number: int, kind: str) -> bool:
            """Record an argument; False if numbered and unnumbered ones are mixed."""
            if (number and unnumbered) or (not number and numbered):
                return False
            if number:
                numbered.append((number, kind))
            else:
                unnumbered.append(kind)
            return True

        at, number = argument(at)
        if number is None:
            return parsed.fail("argument number 0")
        while at < len(text) and (text[at] in _C_FLAGS or (msgstr and text[at] == "I")):
            at += 1

        def star(at: int) -> int | None:
            at, number = argument(at)
            return at if number is not None and take(number, "int") else None

        fields = _width_and_precision(text, at, star)
        if fields is None:
            return parsed.fail("numbered and unnumbered arguments mixed")
        at = fields[0]
        if at < len(text) and text[at] == "<":
            macro = _C99_MACRO.match(text, at + 1)
            if macro is None:
                return parsed.fail("an invalid <PRI…> macro")
            kind = "int " + text[at + 1 : macro.end() - 1]
            at = macro.end() - 1
        else:
            size_start = at
            while at < len(text) and text[at] in _C_SIZES:
                at += 1
            if at >= len(text):
                return parsed.fail("the string ends in the middle of a directive")
            size = text[size_start:at]
            if text[at] in "%m":
                kind = ""
            elif text[at] not in _C_CONVERSIONS:
                return parsed.fail(f"'{text[at]}' is not a valid conversion")
            else:
                kind = _c_type(text[at], size)
        if kind and not take(number, kind):
            return parsed.fail("numbered and unnumbered arguments mixed")
        parsed.spans.append((start, at))
        at = text.find("%", at + 1)
    if numbered:
        types: dict[int, str] = {}
        for number, kind in sorted(numbered):
            if types.setdefault(number, kind) != kind:
                return parsed.fail(f"argument {number} is used with two types")
        for number in range(1, max(types) + 1):
            if number not in types:
                return parsed.fail(f"argument {number} is missing")
        parsed.unnamed = [types[number] for number in sorted(types)]
    else:
        parsed.unnamed = unnumbered
    return parsed


_PYTHON_TYPES = {"c": "char", "s": "string", "r": "string", "%": ""}
_PYTHON_TYPES.update(dict.fromkeys("iduoxX", "int"))
_PYTHON_TYPES.update(dict.fromkeys("eEfgG", "float"))


def _python_directives(text: str) -> Parsed:
    """Python's ``%`` directives (``%(name)s``, ``%-5.2f``), and the arguments they take."""
    parsed = Parsed()
    named, unnamed = parsed.named, parsed.unnamed
    at = text.find("%")
    while at >= 0:
        start, at = at, at + 1
        name = None
        if at < len(text) and text[at] == "(":
            depth, at = 0, at + 1
            begin = at
            while at < len(text) and (text[at] != ")" or depth):
                depth += {"(": 1, ")": -1}.get(text[at], 0)
                at += 1
            if at >= len(text):
                return parsed.fail("the string ends in the middle of a directive")
            name, at = text[begin:at], at + 1
        while at < len(text) and text[at] in _PYTHON_FLAGS:
            at += 1

        def star(at: int) -> int | None:
            if named:
                return None
            unnamed.append("int")
            return at

        fields = _width_and_precision(text, at, star)
        if fields is None:
            return parsed.fail("arguments taken both by name and by position")
        at, precision = fields
        zero_precision = bool(precision) and not precision.strip("0")
        if at < len(text) and text[at] in "hlL":
            at += 1
        if at >= len(text):
            return parsed.fail("the string ends in the middle of a directive")
        if text[at] not in _PYTHON_TYPES:
            return parsed.fail(f"'{text[at]}' is not a valid conversion")
        kind = _PYTHON_TYPES[text[at]]
        if kind == "string" and zero_precision:
            kind = "any"
        if name is not None:
            if unnamed:
                return parsed.fail("arguments taken both by name and by position")
            if named.get(name, kind) != kind and "any" not in (named[name], kind):
                return parsed.fail(f"argument '{name}' is used with two types")
            if named.get(name) in (None, "any"):
                named[name] = kind
        elif text[at] != "%":
            if named:
                return parsed.fail("arguments taken both by name and by position")
            unnamed.append(kind)
        parsed.spans.append((start, at))
        at = text.find("%", at + 1)
    return parsed


def _brace_directives(text: str) -> Iterator[tuple[int, int | _Error]]:
    """Each top-level ``{`` of ``text`` (the escape ``{{`` included) and where its directive
    ends, or where parsing it failed (the last one then)."""
    at = text.find("{")
    while at >= 0:
        found = _brace_directive(text, at, toplevel=True)
        yield at, found
        if isinstance(found, _Error):
            return
        at = text.find("{", found)


def _brace_arguments(text: str) -> Parsed:
    """Python's ``{}`` directives: the names they use (with their format specifications, as
    gettext compares them)."""
    parsed = Parsed()
    for at, found in _brace_directives(text):
        if isinstance(found, _Error):
            return parsed.fail("an invalid {} directive")
        if text[at + 1 : at + 2] != "{":  # not the escape "{{"
            parsed.named[text[at + 1 : found - 1]] = ""
    return parsed


def _brace_protected(text: str) -> list[int]:
    """gettext 0.21's protection of a ``python-brace-format`` string (see the module's note):
    the characters starting in bytes 1 to k, k the smallest offset any directive marks, if that
    mark ends a valid directive."""
    marks: list[tuple[int, bool]] = []  # (offset from the directive's start, is an error)
    valid = False
    for at, found in _brace_directives(text):
        if isinstance(found, _Error):
            marks.append((len(text[found.directive : found.at].encode("utf-8")), True))
        elif text[at + 1 : at + 2] != "{":  # not the escape "{{"
            valid = True
            marks.append((len(text[at : found - 1].encode("utf-8")), False))
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


def mismatch(
    english: Parsed, translation: Parsed, language: str, names: tuple[str, str], *, strict: bool
) -> str | None:
    """Why the translation's directives do not fit the English's, as msgfmt's
    ``--check-format`` says it (``names``: how to call the two strings); None if they fit.
    Not ``strict`` (a plural form used for few numbers), a translation may leave out
    arguments, except Python's taken by position."""
    source, target = names
    both = f"in '{source}' and '{target}'"
    if language == "python-brace":
        if strict:
            for name in sorted(set(english.named) ^ set(translation.named)):
                missing = target if name in english.named else source
                return f"a format specification for argument '{name}' doesn't exist in '{missing}'"
        return None
    if language == "python":
        if bool(english.named and translation.unnamed) or bool(
            english.unnamed and translation.named
        ):
            expect = ("a mapping", "a tuple") if english.named else ("a tuple", "a mapping")
            return (
                f"format specifications in '{source}' expect {expect[0]}, "
                f"those in '{target}' expect {expect[1]}"
            )
        for name in sorted(translation.named):
            if name not in english.named:
                return (
                    f"a format specification for argument '{name}', as in '{target}', "
                    f"doesn't exist in '{source}'"
                )
        for name in sorted(english.named):
            if name not in translation.named:
                if strict:
                    return (
                        f"a format specification for argument '{name}' doesn't exist in '{target}'"
                    )
                continue
            kinds = {english.named[name], translation.named[name]}
            if len(kinds) > 1 and (strict or "any" not in kinds):
                return f"format specifications {both} for argument '{name}' are not the same"
        strict = True  # arguments taken by position must all be there
    count, other = len(english.unnamed), len(translation.unnamed)
    if (count != other) if strict else (other > count):
        return f"number of format specifications {both} does not match"
    for index, (kind, given) in enumerate(zip(english.unnamed, translation.unnamed, strict=False)):
        if kind != given:
            return f"format specifications {both} for argument {index + 1} are not the same"
    return None


@lru_cache(maxsize=4096)
def _parsed(text: str, language: str, msgstr: bool) -> Parsed | None:
    """:func:`parse`, remembered: the same English comes back in every language's catalog."""
    return parse(text, language, msgstr=msgstr)


_FORMAT_NAMES = {"c": "C", "python": "Python", "python-brace": "Python brace"}


def check(
    message: Message, often: list[bool] | None = None, languages: Iterable[str] | None = None
) -> str | None:
    """What is wrong with the entry's translations for msgfmt's ``--check-format``, naming the
    format flag; None if nothing. ``often``: which plural forms the catalog uses for at least 5
    numbers (checked strictly; the others leniently); ``languages``: the formats to check
    (by default those the entry is flagged with)."""
    if languages is None:
        languages = checked_formats(message.flags)
    if not languages:
        return None
    plural = message.msgid_plural is not None
    reference = message.msgid_plural if message.msgid_plural is not None else message.msgid
    source = "msgid_plural" if plural else "msgid"
    forms = [(f"msgstr[{j}]", f) for j, f in enumerate(message.msgstr_plural)] if plural else []
    forms = forms or [("msgstr", message.msgstr)]
    ranged = any(flag.startswith("range:") for flag in message.flags)
    for language in languages:
        sign = "{" if language == "python-brace" else "%"
        if sign not in reference and all(sign not in text for _, text in forms):
            continue  # no directive on either side
        english = _parsed(reference, language, False)
        if english is None or english.invalid is not None:
            continue  # msgfmt checks nothing against an English that is not a format string
        for index, (name, text) in enumerate(forms):
            translation = _parsed(text, language, True)
            assert translation is not None
            if translation.invalid is not None:
                # (A flag set by hand, or by a tool, on a sentence that is no format string:
                # a "%" in its translation stops the catalog, as msgfmt does.)
                # Where the English has no directive, the translation's sign is a stray one
                # (a percentage): how to write it; and a flag communique never sets (on a
                # release's sentence, a translator's tool or hand did) may be taken off.
                hint = ""
                if sign not in reference:
                    hint = (
                        "; a brace is written {{ or }}"
                        if language == "python-brace"
                        else "; a % sign is written %%, or the flag taken off if the English "
                        "is no format string"
                    )
                return (
                    f"'{name}' is not a valid {_FORMAT_NAMES[language]} format string, unlike "
                    f"'{source}': {translation.invalid} ({language}-format{hint})"
                )
            strict = len(forms) == 1 or (
                often is not None and not ranged and index < len(often) and often[index]
            )
            problem = mismatch(english, translation, language, (source, name), strict=strict)
            if problem is not None:
                return f"{problem} ({language}-format)"
    return None
