"""Read PO and POT files into the catalog model; every malformed file is a one-line error.

polib parses the structure. It is lenient where GNU gettext is strict (it accepts unterminated
strings, unknown escapes and duplicate messages) and it does not know the ``#~|`` lines of
obsolete entries, so a lexical pass checks each line first, as ``msgfmt`` would, and reports
``file:line`` for the first problem. Files written by Poedit, Lokalize or Weblate (other wrap
widths, flag sets, CRLF line ends, a missing final newline, another charset) are read as is.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import polib

from communique.catalog.model import FUZZY, Catalog, Message
from communique.errors import CatalogError

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[(\d+)\])\s*(\".*)$")
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPES = set("ntbrfva\\\"'?01234567x")
_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")


def read_catalog_bytes(raw: bytes, *, path: str) -> Catalog:
    """Parse the bytes of a PO or POT file; ``path`` is how errors name the file."""
    text = _decode(raw, path)
    lines = _check_lines(text, path)
    try:
        parsed = polib.pofile(text.replace("\n#~| ", "\n#| "))
    except (OSError, ValueError) as exc:
        match = _POLIB_LINE.search(str(exc))
        line = int(match.group(1)) if match else None
        detail = match.group(2) if match and match.group(2) else "not a PO file"
        raise CatalogError(f"syntax error: {detail}", path=path, line=line) from None
    return _to_model(parsed, lines, path)


def read_catalog(file: Path, *, display: str) -> Catalog:
    """Read a PO or POT file from disk."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=display) from None
    return read_catalog_bytes(raw, path=display)


def _decode(raw: bytes, path: str) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    match = _CHARSET.search(raw)
    charset = match.group(1).decode("ascii") if match else "UTF-8"
    if charset.upper() == "CHARSET":  # the placeholder of a fresh template
        charset = "UTF-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        raise CatalogError(f"unknown charset {charset!r} in the header", path=path) from None
    try:
        text = raw.decode(charset)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogError(
            f"invalid {charset} at byte {exc.start} (the header says charset={charset})",
            path=path,
            line=line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_lines(text: str, path: str) -> list[int]:
    """Check every line as gettext's lexer would; return the lines of the ``msgid`` keywords."""
    msgid_lines: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        obsolete = stripped.startswith("#~")
        if stripped.startswith(("#~|", "#|")):
            content = stripped[3:] if stripped.startswith("#~|") else stripped[2:]
            _check_entry_line(content.strip(), path, number, previous=True)
        elif obsolete:
            content = stripped[2:].strip()
            if content and _check_entry_line(content, path, number) == "msgid":
                msgid_lines.append(number)
        elif stripped.startswith("#") or not stripped:
            continue
        elif _check_entry_line(stripped, path, number) == "msgid":
            msgid_lines.append(number)
    return msgid_lines


def _check_entry_line(content: str, path: str, number: int, *, previous: bool = False) -> str:
    keyword = ""
    string = content
    match = _KEYWORD.match(content)
    if match is not None:
        keyword, string = match.group(1), match.group(3)
    elif not content.startswith('"'):
        word = content.split()[0] if content.split() else content
        raise CatalogError(f"syntax error: unexpected {word!r}", path=path, line=number)
    literal = _STRING.match(string)
    if literal is None:
        raise CatalogError(
            'syntax error: a string must be in double quotes, with \\" for a quote inside',
            path=path,
            line=number,
        )
    for escape in _ESCAPE.finditer(literal.group(1)):
        if escape.group(1) not in _VALID_ESCAPES:
            raise CatalogError(
                f"invalid escape sequence '\\{escape.group(1)}' in a string", path=path, line=number
            )
    if previous and keyword not in ("", "msgctxt", "msgid", "msgid_plural"):
        raise CatalogError(
            f"syntax error: {keyword} in a previous-message comment", path=path, line=number
        )
    return keyword


def _to_model(parsed: polib.POFile, msgid_lines: list[int], path: str) -> Catalog:
    entries = list(parsed)
    # The msgid lines come in file order, the header's first when the file has one.
    offset = len(msgid_lines) - len(entries)
    lines = msgid_lines[offset:] if offset >= 0 else [0] * len(entries)
    catalog = Catalog(
        header=list(parsed.metadata.items()),
        header_comments=parsed.header.split("\n") if parsed.header else [],
        header_fuzzy=bool(parsed.metadata_is_fuzzy),
    )
    seen: dict[tuple[bool, str | None, str], int] = {}
    for entry, line in zip(entries, lines, strict=True):
        message = _message(entry, line)
        key = (message.obsolete, message.msgctxt, message.msgid)
        if key in seen:
            raise CatalogError(
                f"duplicate message {message.msgid!r} (first defined on line {seen[key]})",
                path=path,
                line=line,
            )
        seen[key] = line
        catalog.messages.append(message)
    return catalog


def _message(entry: polib.POEntry, line: int) -> Message:
    plural = entry.msgid_plural or None
    forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)] if plural else []
    flags = [flag.strip() for flag in entry.flags if flag.strip()]
    return Message(
        msgid=entry.msgid,
        msgstr="" if plural else entry.msgstr,
        msgctxt=entry.msgctxt,
        msgid_plural=plural,
        msgstr_plural=forms,
        translator_comments=entry.tcomment.split("\n") if entry.tcomment else [],
        extracted_comments=entry.comment.split("\n") if entry.comment else [],
        references=[
            (file, int(number) if number.isdigit() else None) for file, number in entry.occurrences
        ],
        flags=[FUZZY, *[f for f in flags if f != FUZZY]] if FUZZY in flags else flags,
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=bool(entry.obsolete),
        line=line,
    )
