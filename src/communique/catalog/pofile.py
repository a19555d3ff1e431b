"""Write catalogs exactly as GNU gettext does, so ``msgcat`` finds nothing to change.

Translators' tools and ``msgmerge`` rewrite any file that is not laid out the gettext way, and
every such rewrite is diff noise in a newsroom's repository. This writer follows gettext's
``write-po.c``: message order (obsolete entries last, untranslated obsolete ones dropped), comment
order, flag normalisation, reference wrapping and string wrapping at 79 columns.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from communique.catalog.linebreak import break_opportunities, fill
from communique.catalog.model import FUZZY, Catalog, Message

PAGE_WIDTH = 79

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_ESCAPES.update({"\\": "\\", '"': '"'})
# gettext keeps only these flags, in this order, and drops every other one; we keep the others
# after them (see _flags).
_FORMAT_FLAG = re.compile(r"^(no-)?[a-z0-9+-]+-format$")
_RANGE_FLAG = re.compile(r"^range: *-?\d+\.\.-?\d+$")


def format_catalog(catalog: Catalog) -> str:
    """The whole file as text, ending with a newline."""
    return "".join(line + "\n" for line in _catalog_lines(catalog))


def _catalog_lines(catalog: Catalog) -> Iterator[str]:
    header = Message(
        msgid="",
        msgstr="".join(f"{key}: {value}\n" for key, value in catalog.header),
        translator_comments=list(catalog.header_comments),
        flags=[FUZZY] if catalog.header_fuzzy else [],
    )
    yield from _message_lines(header)
    live = [message for message in catalog.messages if not message.obsolete]
    # gettext drops an obsolete entry with no translation: there is nothing in it to keep.
    obsolete = [m for m in catalog.messages if m.obsolete and _first_form(m)]
    for message in live:
        yield ""
        yield from _message_lines(message)
    for message in obsolete:
        yield ""
        yield from _message_lines(message)


def _first_form(message: Message) -> str:
    if message.msgid_plural is None:
        return message.msgstr
    return message.msgstr_plural[0] if message.msgstr_plural else ""


def _message_lines(message: Message) -> Iterator[str]:
    for comment in message.translator_comments:
        rest: str | None = comment
        while rest is not None:
            mark = "# " if rest else "#"
            part, newline, after = rest.partition("\n")
            yield mark + part
            rest = after if newline else None
    for comment in message.extracted_comments:
        yield f"#. {comment}" if comment else "#."
    yield from _reference_lines(message.references)
    flags = _flags(message)
    if flags:
        yield "#, " + ", ".join(flags)
    prefix = "#~ " if message.obsolete else ""
    previous = "#~| " if message.obsolete else "#| "
    width = PAGE_WIDTH if "no-wrap" not in message.flags else None
    for keyword, value in (
        ("msgctxt", message.previous_msgctxt),
        ("msgid", message.previous_msgid),
        ("msgid_plural", message.previous_msgid_plural),
    ):
        if value is not None:
            yield from wrap_string(previous, keyword, value, width)
    if message.msgctxt is not None:
        yield from wrap_string(prefix, "msgctxt", message.msgctxt, width)
    yield from wrap_string(prefix, "msgid", message.msgid, width)
    if message.msgid_plural is None:
        yield from wrap_string(prefix, "msgstr", message.msgstr, width)
    else:
        yield from wrap_string(prefix, "msgid_plural", message.msgid_plural, width)
        for index, form in enumerate(message.msgstr_plural or ["", ""]):
            yield from wrap_string(prefix, f"msgstr[{index}]", form, width)


def _flags(message: Message) -> list[str]:
    flags: list[str] = []
    # gettext does not print "fuzzy" on an untranslated live entry: there is nothing to review.
    if message.fuzzy and (message.obsolete or _first_form(message)):
        flags.append(FUZZY)
    flags += [flag for flag in message.flags if _FORMAT_FLAG.match(flag)]
    if not message.obsolete:
        flags += [re.sub(r": *", ": ", flag) for flag in message.flags if _RANGE_FLAG.match(flag)]
    if "no-wrap" in message.flags:
        flags.append("no-wrap")
    # The one deliberate difference from gettext: flags it does not know are kept, after its
    # own, as written: a translator's "ignore-<check>" (which silences one of our checks) and
    # what other tools put there (Weblate's "read-only", "max-length:80"). Poedit and Weblate
    # keep them too; msgcat and msgmerge would drop them.
    known = {FUZZY, "no-wrap", "wrap", *flags}
    for flag in message.flags:
        if flag not in known and not _FORMAT_FLAG.match(flag) and not _RANGE_FLAG.match(flag):
            flags.append(flag)
            known.add(flag)
    return flags


def _reference_lines(references: list[tuple[str, int | None]]) -> Iterator[str]:
    if not references:
        return
    line = "#:"
    # gettext keeps one copy of a repeated reference.
    for path, number in dict.fromkeys(references):
        reference = path if number is None else f"{path}:{number}"
        if len(line) > 2 and len(line) + len(reference) + 1 > PAGE_WIDTH:
            yield line
            line = "#:"
        line += " " + reference
    yield line


def _escape(portion: str) -> tuple[str, list[bool | None]]:
    """Escape a portion; for each output character, a forced break decision or None."""
    chars: list[str] = []
    forced: list[bool | None] = []
    for char in portion:
        escape = _ESCAPES.get(char)
        if escape is None:
            chars.append(char)
            forced.append(None)
        else:
            chars += ["\\", escape]
            forced += [None, False]
    if portion.endswith("\n"):
        forced[-2] = False  # never break just before the final "\n"
    return "".join(chars), forced


def wrap_string(
    prefix: str, keyword: str, value: str, width: int | None = PAGE_WIDTH
) -> Iterator[str]:
    """Lines for ``keyword "value"`` wrapped like gettext, each starting with ``prefix``.

    ``width`` None means no wrapping (the ``no-wrap`` flag); embedded newlines still split.

    >>> list(wrap_string("", "msgid", "Short"))
    ['msgid "Short"']
    """
    portions = re.findall(r"[^\n]*\n|[^\n]+", value) or [""]
    # Columns available for text: the page minus the prefix, the quotes and a safety column.
    continuation_start = len(prefix) + 1
    room = (width if width is not None else 2**31 - 1) - 1 - continuation_start
    first_line = True
    for number, portion in enumerate(portions):
        text, forced = _escape(portion)
        allowed = break_opportunities(text)
        for index, decision in enumerate(forced):
            if decision is not None:
                allowed[index] = decision
        start = len(prefix) + len(keyword) + 2 - continuation_start
        breaks = fill(text, allowed, room, start) if first_line else []
        if first_line and text and (number < len(portions) - 1 or start > room or breaks):
            # gettext starts a string that does not fit on one line with an empty string.
            yield f'{prefix}{keyword} ""'
            first_line = False
        if first_line:
            yield f'{prefix}{keyword} "{text}"'
            first_line = False
            continue
        breaks = fill(text, allowed, room, 0)
        cuts = [0, *breaks, len(text)]
        for begin, end in itertools.pairwise(cuts):
            yield f'{prefix}"{text[begin:end]}"'
