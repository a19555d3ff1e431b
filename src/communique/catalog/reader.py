"""Read PO and POT files into the catalog model; every malformed file is a one-line error.

One pass over the lines, with GNU gettext's rules: strings must be closed, escapes known, every
``msgid`` followed by its ``msgstr``, no message defined twice; the first problem is reported
as ``file:line``. Files written by Poedit, Lokalize or Weblate (other wrap widths, flag sets,
``#~|`` lines, CRLF line ends, a missing final newline, another charset) are read as is.

polib, which this module used before, accepts unterminated strings, unknown escapes and
duplicates, drops ``#~|`` lines, and took two thirds of the time of a large build.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from communique.catalog.model import FUZZY, Catalog, Message
from communique.errors import CatalogError

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)\s*(.*)$")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "?": "?",
}


def read_catalog_bytes(raw: bytes, *, path: str) -> Catalog:
    """Parse the bytes of a PO or POT file; ``path`` is how errors name the file."""
    return _Parser(path).parse(_decode(raw, path))


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
        assert match is not None  # "UTF-8" is known
        line = raw[: match.start()].count(b"\n") + 1
        raise CatalogError(
            f"unknown charset {charset!r} in the header", path=path, line=line
        ) from None
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


@dataclass
class _Entry:
    """An entry being read: its comments, its previous strings and its strings."""

    line: int = 0
    obsolete: bool = False
    translator: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    references: list[tuple[str, int | None]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    strings: dict[str, str] = field(default_factory=dict)
    forms: dict[int, str] = field(default_factory=dict)

    @property
    def started(self) -> bool:
        return bool(self.strings or self.forms)

    @property
    def complete(self) -> bool:
        return "msgstr" in self.strings or bool(self.forms)


class _Parser:
    def __init__(self, path: str):
        self.path = path
        self.catalog = Catalog()
        self.entry = _Entry()
        self.seen: dict[tuple[bool, str | None, str], int] = {}
        self.header_read = False
        self.nplurals: int | None = None  # the header's, once it is read (if it says)
        self.current: tuple[str, str] | None = None  # (where, key) a continuation string extends

    def fail(self, message: str, line: int) -> CatalogError:
        return CatalogError(message, path=self.path, line=line)

    def parse(self, text: str) -> Catalog:
        number = 0
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.strip()
            if not line:
                continue
            if line[0] == "#":
                self.comment(line, number)
            else:
                self.statement(line, number, obsolete=False)
        if self.entry.started or self.entry.translator or self.entry.flags:
            self.finish(number)
        return self.catalog

    def comment(self, line: str, number: int) -> None:
        kind = line[1:2]
        if kind == "~":
            rest = line[2:]
            if rest.startswith("|"):
                self.previous(rest[1:].strip(), number, obsolete=True)
            else:
                self.statement(rest.strip(), number, obsolete=True)
            return
        if kind == "|":
            self.previous(line[2:].strip(), number, obsolete=False)
            return
        if self.entry.complete:
            self.finish(number)
        self.current = None
        if kind == ",":
            self.entry.flags += [flag.strip() for flag in line[2:].split(",") if flag.strip()]
        elif kind == ".":
            self.entry.extracted.append(_comment_text(line[2:]))
        elif kind == ":":
            for reference in line[2:].split():
                file, _, position = reference.rpartition(":")
                if file and position.isdigit():
                    self.entry.references.append((file, int(position)))
                else:
                    self.entry.references.append((reference, None))
        else:
            self.entry.translator.append(_comment_text(line[1:]))

    def previous(self, line: str, number: int, *, obsolete: bool) -> None:
        if self.entry.complete:
            self.finish(number)
        keyword, value = self.split(line, number)
        if keyword is None:
            if self.current is None or self.current[0] != "previous":
                raise self.fail("syntax error: a string continues nothing", number)
            self.entry.previous[self.current[1]] += value
            return
        if keyword not in ("msgctxt", "msgid", "msgid_plural"):
            raise self.fail(f"syntax error: {keyword} in a previous-message comment", number)
        self.entry.previous[keyword] = value
        self.current = ("previous", keyword)

    def statement(self, line: str, number: int, *, obsolete: bool) -> None:
        if not line:
            return
        keyword, value = self.split(line, number)
        entry = self.entry
        if keyword is None:
            if self.current is None or self.current[0] == "previous":
                raise self.fail("syntax error: a string continues nothing", number)
            where, key = self.current
            if where == "form":
                entry.forms[int(key)] += value
            else:
                entry.strings[key] += value
            return
        if keyword in ("msgctxt", "msgid") and entry.complete:
            self.finish(number)
            entry = self.entry
        if keyword.startswith("msgstr["):
            repeated = int(keyword[7:-1]) in entry.forms or "msgstr" in entry.strings
        else:
            repeated = keyword in entry.strings or (keyword == "msgstr" and bool(entry.forms))
        if repeated and keyword.startswith("msgstr"):
            raise self.fail(f"syntax error: {keyword} without msgid", number)
        if keyword in ("msgstr", "msgid_plural") and "msgid" not in entry.strings:
            raise self.fail(f"syntax error: {keyword} without msgid", number)
        if keyword == "msgid" and "msgid" in entry.strings:
            raise self.fail("syntax error: msgid without msgstr before it", number)
        if keyword == "msgid":
            entry.line = number
            entry.obsolete = obsolete
        if keyword.startswith("msgstr[") and "msgid_plural" not in entry.strings:
            raise self.fail(f"syntax error: {keyword} without msgid_plural", number)
        if keyword == "msgstr" and "msgid_plural" in entry.strings:
            raise self.fail(
                "syntax error: a message with msgid_plural needs msgstr[0], msgstr[1]…, not msgstr",
                number,
            )
        if keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            if index != len(entry.forms):
                raise self.fail(
                    f"syntax error: {keyword} where msgstr[{len(entry.forms)}] was expected",
                    number,
                )
            entry.forms[index] = value
            self.current = ("form", str(index))
        else:
            entry.strings[keyword] = value
            self.current = ("string", keyword)

    def split(self, line: str, number: int) -> tuple[str | None, str]:
        """A keyword line or a continuation: the keyword (None) and the unescaped string."""
        keyword = None
        string = line
        if line[0] != '"':
            match = _KEYWORD.match(line)
            if match is None:
                raise self.fail(f"syntax error: unexpected {line.split()[0]!r}", number)
            keyword, string = match.group(1), match.group(3)
        literal = _STRING.match(string)
        if literal is None:
            raise self.fail(
                'syntax error: a string must be in double quotes, with \\" for a quote inside',
                number,
            )
        return keyword, self.unescape(literal.group(1), number)

    def unescape(self, value: str, number: int) -> str:
        if "\\" not in value:
            return value

        def replace(match: re.Match[str]) -> str:
            octal, hexa, simple = match.groups()
            if octal is not None:
                return chr(int(octal, 8))
            if hexa is not None:
                return chr(int(hexa, 16))
            if simple in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[simple]
            raise self.fail(f"invalid escape sequence '\\{simple}' in a string", number)

        return _ESCAPE.sub(replace, value)

    def finish(self, number: int) -> None:
        entry = self.entry
        self.entry = _Entry()
        self.current = None
        if not entry.started:
            return
        if not entry.complete:
            raise self.fail("syntax error: msgid without msgstr", entry.line or number)
        strings = entry.strings
        msgid = strings["msgid"]
        msgctxt = strings.get("msgctxt")
        flags = (
            [FUZZY, *[f for f in entry.flags if f != FUZZY]]
            if FUZZY in entry.flags
            else entry.flags
        )
        if msgid == "" and msgctxt is None and not entry.obsolete and not self.header_read:
            self.header_read = True
            self.catalog.header = _header_fields(strings.get("msgstr", ""))
            self.nplurals = _nplurals(self.catalog.header)
            self.catalog.header_comments = entry.translator
            self.catalog.header_fuzzy = FUZZY in flags
            return
        key = (entry.obsolete, msgctxt, msgid)
        if key in self.seen:
            raise self.fail(
                f"duplicate message {msgid!r} (first defined on line {self.seen[key]})", entry.line
            )
        self.seen[key] = entry.line
        plural = strings.get("msgid_plural")
        allowed = self.nplurals
        if plural is not None and not entry.obsolete and allowed and len(entry.forms) > allowed:
            raise self.fail(
                f"{len(entry.forms)} plural forms, but the header's Plural-Forms says "
                f"nplurals={allowed}",
                entry.line,
            )
        self.catalog.messages.append(
            Message(
                msgid=msgid,
                msgstr="" if plural is not None else strings.get("msgstr", ""),
                msgctxt=msgctxt,
                msgid_plural=plural,
                msgstr_plural=[entry.forms[i] for i in sorted(entry.forms)]
                if plural is not None
                else [],
                translator_comments=entry.translator,
                extracted_comments=entry.extracted,
                references=entry.references,
                flags=flags,
                previous_msgctxt=entry.previous.get("msgctxt"),
                previous_msgid=entry.previous.get("msgid"),
                previous_msgid_plural=entry.previous.get("msgid_plural"),
                obsolete=entry.obsolete,
                line=entry.line,
            )
        )


def _comment_text(rest: str) -> str:
    """A comment's text: one separating space dropped, the rest kept."""
    return rest[1:] if rest.startswith(" ") else rest


def _nplurals(header: list[tuple[str, str]]) -> int | None:
    """The number of plural forms the header's ``Plural-Forms`` gives, if it does."""
    for name, value in header:
        if name.lower() == "plural-forms":
            match = re.search(r"nplurals\s*=\s*(\d+)", value)
            return int(match.group(1)) if match else None
    return None


def _header_fields(msgstr: str) -> list[tuple[str, str]]:
    fields = []
    for line in msgstr.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            fields.append((name.strip(), value.strip()))
    return fields
