"""Write catalogs exactly as GNU gettext does, so ``msgcat`` finds nothing to change.

Translators' tools and ``msgmerge`` rewrite any file that is not laid out the gettext way, and
every such rewrite is diff noise in a newsroom's repository. This writer follows gettext's
``write-po.c``: message order (obsolete entries last, untranslated obsolete ones dropped), comment
order, flag normalisation, reference wrapping and string wrapping at 79 columns.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterator
from functools import lru_cache
from itertools import accumulate

from communique.catalog import directives
from communique.catalog.flags import checked_formats, gettext_order
from communique.catalog.linebreak import greedy_breaks
from communique.catalog.model import FUZZY, PAGE_WIDTH, Catalog, Message, naming_utf8

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_ESCAPES.update({"\\": "\\", '"': '"'})


def format_catalog(catalog: Catalog, *, number: bool = False) -> str:
    """The whole file as text, ending with a newline. With ``number`` (for a catalog about to
    be written as this text), each message learns the line of its ``msgid`` in it, as the
    reader would give it: findings in a catalog a command just wrote name the lines a
    translator's editor shows. Without, the catalog is left as it is (its lines may be those
    of a file another tool laid out)."""
    if not catalog.messages:
        return ""  # msgcat writes no file for a header alone (without --force-po)
    lines: list[str] = []
    if not catalog.headerless:  # msgcat adds no header to a file that has none
        header = Message(
            msgid="",
            msgstr=_in_utf8(catalog.header_msgstr()),
            translator_comments=list(catalog.header_comments),
            flags=[FUZZY] if catalog.header_fuzzy else [],
        )
        _add_message(lines, header, False, catalog.unwrapped)
    live = [message for message in catalog.messages if not message.obsolete]
    # gettext drops an obsolete entry with no translation: there is nothing in it to keep.
    obsolete = [m for m in catalog.messages if m.obsolete and _first_form(m)]
    for message in live:
        if lines:
            lines.append("")
        _add_message(lines, message, number, catalog.unwrapped)
    for message in obsolete:
        if lines:
            lines.append("")
        _add_message(lines, message, number, catalog.unwrapped)
    lines.append("")
    return "\n".join(lines)


def _in_utf8(header: str) -> str:
    r"""The header entry's text with its ``Content-Type`` naming UTF-8 (:func:`naming_utf8`).

    >>> _in_utf8("Language: de\nContent-Type: text/plain; charset=ISO-8859-1\n")
    'Language: de\nContent-Type: text/plain; charset=UTF-8\n'
    """
    if "charset=UTF-8" in header:
        return header
    lines = header.split("\n")
    for index, line in enumerate(lines):
        name, colon, value = line.partition(":")
        if colon and name.strip().lower() == "content-type":
            lines[index] = name + colon + naming_utf8(value)
    return "\n".join(lines)


def _first_form(message: Message) -> str:
    if message.msgid_plural is None:
        return message.msgstr
    return message.msgstr_plural[0] if message.msgstr_plural else ""


def _add_message(lines: list[str], message: Message, number: bool, unwrapped: bool) -> None:
    """Append the lines of one entry (a list, not a generator: a catalog has thousands);
    ``unwrapped``: its strings are not wrapped (the catalog's file was not)."""
    for comment in message.translator_comments:
        rest: str | None = comment
        while rest is not None:
            mark = "# " if rest else "#"
            part, newline, after = rest.partition("\n")
            lines.append(mark + part)
            rest = after if newline else None
    for comment in message.extracted_comments:
        lines.append(f"#. {comment}" if comment else "#.")
    if message.references:
        lines += _reference_lines(message.references)
    if message.flags:
        flags = _flags(message)
        if flags:
            lines.append("#, " + ", ".join(flags))
    width = None if unwrapped or "no-wrap" in message.flags else PAGE_WIDTH
    # gettext never breaks a line inside a format directive of the entry's first format.
    language = None
    if message.flags and message.flags != [FUZZY]:
        language = next(iter(checked_formats(message.flags)), None)
    if message.obsolete:
        prefix, previous = "#~ ", "#~| "
    else:
        prefix, previous = "", "#| "
    if message.previous_msgctxt is not None:
        lines += _wrapped(previous, "msgctxt", message.previous_msgctxt, width, language)
    if message.previous_msgid is not None:
        lines += _wrapped(previous, "msgid", message.previous_msgid, width, language)
    if message.previous_msgid_plural is not None:
        lines += _wrapped(previous, "msgid_plural", message.previous_msgid_plural, width, language)
    if message.msgctxt is not None:
        lines += _wrapped(prefix, "msgctxt", message.msgctxt, width, language)
    if number:
        message.line = len(lines) + 1
    lines += _wrapped(prefix, "msgid", message.msgid, width, language)
    if message.msgid_plural is None:
        lines += _wrapped(prefix, "msgstr", message.msgstr, width, language)
    else:
        lines += _wrapped(prefix, "msgid_plural", message.msgid_plural, width, language)
        for index, form in enumerate(message.msgstr_plural or ["", ""]):
            lines += _wrapped(prefix, f"msgstr[{index}]", form, width, language)


def _flags(message: Message) -> list[str]:
    # gettext does not print "fuzzy" on an untranslated live entry: there is nothing to review.
    fuzzy = message.fuzzy and (message.obsolete or bool(_first_form(message)))
    if message.flags == [FUZZY]:  # the common case, in short
        return [FUZZY] if fuzzy else []
    # The one deliberate difference from gettext: flags it does not know are kept, after its
    # own, as written: a translator's "ignore-<check>" (which silences one of our checks) and
    # what other tools put there (Weblate's "read-only", "max-length:80"). Poedit and Weblate
    # keep them too; msgcat and msgmerge would drop them.
    return gettext_order(message.flags, fuzzy=fuzzy, obsolete=message.obsolete)


def _reference_lines(references: list[tuple[str, int | None]]) -> Iterator[str]:
    line = "#:"
    # gettext keeps one copy of a repeated reference, and writes it without a leading "./"
    # (after it looked for copies: "./a.c:1 a.c:1" stays two).
    for path, number in dict.fromkeys(references):
        path = path[2:] if path.startswith("./") else path
        reference = path if number is None else f"{path}:{number}"
        if len(line) > 2 and len(line) + len(reference) + 1 > PAGE_WIDTH:
            yield line
            line = "#:"
        line += " " + reference
    yield line


# gettext's escapes, applied in C by str.translate, and a check so the common string (nothing to
# escape) is not copied.
_ESCAPE_TABLE = str.maketrans({char: "\\" + letter for char, letter in _ESCAPES.items()})
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_ESCAPE_PAIR = re.compile(r"\\.", re.DOTALL)
_PORTION = re.compile(r"[^\n]*\n|[^\n]+")
_NO_INDEXES: frozenset[int] = frozenset()
_UNLIMITED = 2**31 - 1


def _escape(portion: str, protected: Collection[int] = ()) -> tuple[str, Collection[int]]:
    """Escape a portion; also the indexes of the output where a line must not break
    (``protected``: indexes of the portion inside a format directive)."""
    if _NEEDS_ESCAPE.search(portion) is None:
        return portion, protected or _NO_INDEXES
    text = portion.translate(_ESCAPE_TABLE)
    # Never between a backslash and the letter it escapes (every backslash left in the text
    # starts an escape), nor just before the final "\n".
    unbreakable = {match.end() - 1 for match in _ESCAPE_PAIR.finditer(text)}
    if portion.endswith("\n"):
        unbreakable.add(len(text) - 2)
    if protected:
        # Where each character of the portion lands once escaped.
        shift = [0, *accumulate(1 + (char in _ESCAPES) for char in portion)]
        unbreakable.update(shift[index] for index in protected)
    return text, unbreakable


def wrap_string(
    prefix: str, keyword: str, value: str, width: int | None = PAGE_WIDTH
) -> Iterator[str]:
    """Lines for ``keyword "value"`` wrapped like gettext, each starting with ``prefix``.

    ``width`` None means no wrapping (the ``no-wrap`` flag); embedded newlines still split.

    >>> list(wrap_string("", "msgid", "Short"))
    ['msgid "Short"']
    """
    return iter(_wrapped(prefix, keyword, value, width, None))


# An update writes the same English sentence in the template and in every locale's catalog, and
# each catalog's strings twice (before and after the merge): most strings are wrapped already.
# Bounded: 4,096 strings of a few hundred bytes are about 2 MB; an update reuses a string within
# one release (a few hundred strings).
@lru_cache(maxsize=4096)
def _wrapped(
    prefix: str, keyword: str, value: str, width: int | None, language: str | None
) -> tuple[str, ...]:
    newline = value.find("\n")
    portions = [value] if newline < 0 or newline == len(value) - 1 else _PORTION.findall(value)
    protected: list[list[int]] = [[] for _ in portions]
    if language is not None and ("%" in value or "{" in value):
        inside = directives.protected(value, language, msgstr=keyword.startswith("msgstr"))
        if inside:
            starts = [0, *accumulate(len(portion) for portion in portions)]
            for index in inside:
                number = bisect_right(starts, index) - 1
                protected[number].append(index - starts[number])
    # Columns available for text: the page minus the prefix, the quotes and a safety column.
    continuation_start = len(prefix) + 1
    room = (width if width is not None else _UNLIMITED) - 1 - continuation_start
    text, unbreakable = _escape(portions[0], protected[0])
    breaks: list[int] | None = None
    if len(portions) == 1:
        # gettext puts a string on the keyword's line unless the line would break there. That
        # line's text starts after the keyword, a space and the quote: len(keyword) + 1 columns
        # further than on the lines after it.
        start = len(keyword) + 1
        if not text:
            return (f'{prefix}{keyword} ""',)
        if start <= room:
            # Fits for sure: a character takes at most one column in ASCII, two otherwise.
            if start + (len(text) if text.isascii() else 2 * len(text)) <= room:
                return (f'{prefix}{keyword} "{text}"',)
            breaks = greedy_breaks(text, room, 0, unbreakable)
            # Breaks from the left edge mean breaks after the keyword too; with none, whether
            # it would break after the keyword is asked (rare: a string just a little long).
            if not breaks and not greedy_breaks(text, room, start, unbreakable):
                return (f'{prefix}{keyword} "{text}"',)
    # gettext starts a string that does not fit on one line with an empty string.
    lines = [f'{prefix}{keyword} ""']
    for number, portion in enumerate(portions):
        if number:
            text, unbreakable = _escape(portion, protected[number])
            breaks = None
        if breaks is None:  # known already for a single portion tried on one line
            breaks = greedy_breaks(text, room, 0, unbreakable)
        begin = 0
        for end in breaks:
            lines.append(f'{prefix}"{text[begin:end]}"')
            begin = end
        lines.append(f'{prefix}"{text[begin:]}"')
    return tuple(lines)
