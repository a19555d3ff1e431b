"""The flags of a catalog entry (``#, fuzzy, c-format``) as GNU gettext 0.21 knows them.

gettext knows ``fuzzy``, a format flag per language it can check (``c-format``, ``no-c-format``,
``possible-c-format``, ``impossible-c-format``), ``range: a..b`` and ``wrap``/``no-wrap``. It
writes them in one order — ``fuzzy``, the format flags in the order of its list of languages,
``range``, ``no-wrap`` — and drops every other flag. communique keeps the flags gettext does not
know (a translator's ``ignore-<check>``, Weblate's ``read-only``) after gettext's own.
"""

from __future__ import annotations

import re
from functools import lru_cache

FUZZY = "fuzzy"
#: A translator's ``ignore-<check>`` silences one check on one entry, for the English it was
#: set against (:mod:`communique.qa.checks`).
IGNORE_PREFIX = "ignore-"
NO_WRAP = "no-wrap"
#: A replacement field of Python's str.format, as ``python-brace-format`` messages have them
#: (the site's own words): ``{state}``.
BRACE_FIELD = re.compile(r"\{\w+\}")

#: gettext's format languages, in the order it writes their flags (``format_language``).
FORMATS = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)
_ORDER = {name: index for index, name in enumerate(FORMATS)}
_FORMAT = re.compile(r"(no-|possible-|impossible-)?([a-z0-9+-]+)-format")
_RANGE = re.compile(r"range: +(-?\d+) *\.\. *(-?\d+)")  # ("range:1..5" is none)
#: What separates the flags of a ``#,`` line for gettext: commas and ASCII white space.
_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")


def read_flags(line: str) -> list[str]:
    """The flags of a ``#,`` line's text, as gettext reads them (``po_parse_comment_special``):
    separated by commas or white space, ``range:`` taking the word after it. A translator who
    adds a flag to ``fuzzy`` with a space between has an entry msgfmt counts fuzzy: read as the
    one flag "fuzzy ignore-length", a machine draft would count as reviewed and be published.

    >>> read_flags(" fuzzy ignore-length")
    ['fuzzy', 'ignore-length']
    >>> read_flags(" c-format,range: 1..5 , read-only")
    ['c-format', 'range: 1..5', 'read-only']
    >>> read_flags(" read-only, range:")
    ['read-only']
    """
    words = [word for word in _SEPARATORS.split(line) if word]
    if "range:" not in words:
        return words
    flags: list[str] = []
    for word in words:
        if flags and flags[-1] == "range:":
            flags[-1] = f"range: {word}"
        else:
            flags.append(word)
    if flags[-1] == "range:":
        # (gettext passes over it; kept, it would take the next line's first flag as its
        # range once written on one line with it.)
        flags.pop()
    return flags


def format_of(flag: str) -> tuple[str, str] | None:
    """The language and state (``yes``, ``no``, ``possible``, ``impossible``) of a format flag
    gettext knows; None for any other flag.

    >>> format_of("python-brace-format"), format_of("no-c-format"), format_of("cobol-format")
    (('python-brace', 'yes'), ('c', 'no'), None)
    """
    found = _FORMAT.fullmatch(flag)
    if found is None or found[2] not in _ORDER:
        return None
    return found[2], (found[1] or "yes-").rstrip("-")


def is_gettext_flag(flag: str) -> bool:
    """Whether gettext knows the flag (and so takes it from the template when it merges)."""
    return (
        flag in (FUZZY, NO_WRAP, "wrap")
        or format_of(flag) is not None
        or _RANGE.fullmatch(flag) is not None
    )


def checked_formats(flags: list[str]) -> list[str]:
    """The languages whose directives gettext checks and keeps whole: flagged yes or possible,
    in gettext's order.

    >>> checked_formats(["python-format", "no-c-format", "possible-sh-format"])
    ['python', 'sh']
    """
    return list(_checked(tuple(flags)))


@lru_cache(maxsize=1024)
def _checked(flags: tuple[str, ...]) -> tuple[str, ...]:
    found = {}
    for flag in flags:
        parsed = format_of(flag)
        if parsed is not None:
            found[parsed[0]] = parsed[1]
    return tuple(name for name in FORMATS if found.get(name) in ("yes", "possible"))


def gettext_order(flags: list[str], *, fuzzy: bool, obsolete: bool) -> list[str]:
    """The flags as gettext writes them (``fuzzy`` only when ``fuzzy``), then the flags it does
    not know, as written.

    >>> gettext_order(["python-brace-format", "python-format", "read-only"], fuzzy=True,
    ...               obsolete=False)
    ['fuzzy', 'python-format', 'python-brace-format', 'read-only']
    >>> gettext_order(["no-wrap", "range: 1..5", "possible-lisp-format", "impossible-java-format"],
    ...               fuzzy=False, obsolete=False)
    ['lisp-format', 'range: 1..5', 'no-wrap']
    """
    written = [FUZZY] if fuzzy else []
    states: dict[str, str] = {}
    span = None
    for flag in flags:
        parsed = format_of(flag)
        if parsed is not None:
            states[parsed[0]] = parsed[1]
        elif (found := _RANGE.fullmatch(flag)) is not None:
            span = f"range: {int(found[1])}..{int(found[2])}"
    for name in FORMATS:
        state = states.get(name)
        if state in ("yes", "possible"):
            written.append(f"{name}-format")
        elif state == "no":
            written.append(f"no-{name}-format")
    if span is not None and not obsolete:
        written.append(span)
    if NO_WRAP in flags:
        written.append(NO_WRAP)
    for flag in flags:
        if not is_gettext_flag(flag) and flag not in written:
            written.append(flag)
    return written
