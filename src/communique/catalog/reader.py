"""Read PO and POT files into the catalog model; every malformed file is a one-line error.

One pass over the lines, with GNU gettext's rules: strings must be closed, escapes known, every
``msgid`` followed by its ``msgstr``, no message defined twice; the first problem is reported
as ``file:line``. Files written by Poedit, Lokalize or Weblate (other wrap widths, flag sets,
``#~|`` lines, CRLF line ends, a missing final newline, another charset) are read as is.

The lines gettext and the usual editors write (a keyword, one space and a string, or a string
alone, with no escapes but ``\\n``, ``\\t`` and ``\\"``) are read with string methods; any other
line, and any line in error, goes through the regular expressions that define the syntax, so both
ways give the same result and the same message.

polib, which this module used before, accepts unterminated strings, unknown escapes and
duplicates, drops ``#~|`` lines, and took two thirds of the time of a large build.
"""

from __future__ import annotations

import codecs
import gettext
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from communique.catalog import directives
from communique.catalog.flags import read_flags
from communique.catalog.model import FUZZY, PAGE_WIDTH, Catalog, Message, header_fields
from communique.errors import CatalogError, excerpt, shortened
from communique.files import is_utf8

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
# The strings of the header's msgstr: those of the first entry whose msgid is empty.
_HEADER_MSGSTR = re.compile(
    rb'^msgid[ \t]*""[ \t]*\r?\n(?:[ \t]*""[ \t]*\r?\n)*msgstr[ \t]*("[^\n]*(?:\n[ \t]*"[^\n]*)*)',
    re.MULTILINE,
)
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
}

#: The header fields every translator's tool writes on each save, or update on each merge:
#: twice with different values, they are two saves joined line by line. (A tool's own
#: fields, X-Generator and the like, are left alone: no tool reads them.)
_SAVED_FIELDS = frozenset(
    {
        "project-id-version",
        "pot-creation-date",
        "po-revision-date",
        "last-translator",
        "language-team",
        "language",
        "content-type",
        "plural-forms",
    }
)

# What a line is, once strings alone on their line are set apart.
_MSGCTXT = 1
_MSGID = 2
_MSGID_PLURAL = 3
_MSGSTR = 4
_FORM = 5  # msgstr[N]
_COMMENT = 6  # any comment but #~, which is read as the line it comments out
_OTHER = 7  # not a keyword as gettext writes it

# The keywords as gettext writes them, before one space and the string. Other spellings
# (``msgid\t"…"``, ``msgstr[01]``) are rare enough to be left to _KEYWORD.
_KEYWORDS = {
    "msgctxt": _MSGCTXT,
    "msgid": _MSGID,
    "msgid_plural": _MSGID_PLURAL,
    "msgstr": _MSGSTR,
    **{f"msgstr[{index}]": _FORM for index in range(10)},
}


def read_catalog_bytes(raw: bytes, *, path: str, checked: bool = True) -> Catalog:
    """Parse the bytes of a PO or POT file; ``path`` is how errors name the file; unless
    ``checked`` is false, what ``msgfmt --check`` refuses in it is an error too.

    The file's charset is the one its header entry's ``Content-Type`` names (UTF-8 if none):
    a ``charset=`` anywhere else (a translated ``<meta charset=…>``) says nothing of the file.
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if not raw.strip():
        # msgfmt refuses it too. A translator's tool that crashed while saving leaves such a
        # file: merged as it is, it would start the catalog again from nothing.
        raise CatalogError(
            "the file is empty, not a catalog (a save that did not finish?): restore it, or "
            "delete it and run 'communique update' to start it again",
            path=path,
        )
    header = _HEADER_MSGSTR.search(raw)
    found = _CHARSET.search(raw, header.start(1), header.end(1)) if header else None
    named = found.group(1).decode("ascii") if found else None
    parser = _read(
        raw, named, raw.count(b"\n", 0, found.start()) + 1 if found else 0, path, checked
    )
    said = parser.catalog.info.charset
    if said != named:
        # The header is not the first entry with an empty msgid (one with a msgctxt, or an
        # obsolete one, comes first): read again in the charset the header names.
        line = parser.header_line
        parser = _read(raw, said, line, path, checked)
    else:
        line = raw.count(b"\n", 0, found.start()) + 1 if found else 0
    charset = parser.charset
    if codecs.lookup(charset).name != "utf-8" and not raw.isascii() and is_utf8(raw):
        # An editor saved the file as UTF-8 under a header copied from a Latin-1 catalog: read
        # in the charset named, every accented letter would be two wrong ones, published so,
        # and written back so by the next update.
        raise CatalogError(
            f"the header says charset={charset}, but the file is written in UTF-8 (read as "
            f"{charset}, its text would be garbled): write charset=UTF-8 in the header",
            path=path,
            line=line or None,
        )
    return parser.catalog


def _read(raw: bytes, named: str | None, line: int, path: str, checked: bool = True) -> _Parser:
    """Parse ``raw`` in the charset ``named`` on ``line`` (None: UTF-8)."""
    charset = _charset(named, line, path)
    parser = _Parser(path, charset, checked)
    parser.parse(_decode(raw, charset, named is not None, path))
    return parser


def read_catalog(file: Path, *, display: str) -> Catalog:
    """Read a PO or POT file from disk."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror}", path=display) from None
    return read_catalog_bytes(raw, path=display)


def _charset(named: str | None, line: int, path: str) -> str:
    """The charset the header names on ``line`` (None: it names none, and the file is UTF-8);
    one Python does not know, or that is no text encoding, is an error at that line."""
    if named is None or named.upper() == "CHARSET":  # (the placeholder of a fresh template)
        return "UTF-8"
    try:
        # Not empty: Python decodes b"" without a look at the codec. One that is not a text
        # encoding (base64, rot13) is refused here too, and one that reads escapes
        # (unicode_escape: text no catalog's charset is).
        name = codecs.lookup(named).name.replace("-", "_")
        if name.endswith(("_escape", "punycode", "idna", "undefined")):
            raise LookupError("not a text encoding")
        if name.startswith(("utf_16", "utf_32")):
            # (The header was found in the file's bytes as ASCII writes it: the file is not
            # in UTF-16, which gettext reads no catalog in, whatever the header says.)
            raise CatalogError(
                f"the header says charset={named}, but the file is not written in it (gettext "
                "reads no catalog in UTF-16 or UTF-32): write charset=UTF-8 in the header",
                path=path,
                line=line or None,
            )
        b"\n".decode(named)
    except UnicodeError:  # (two-byte encodings: one byte is no character)
        pass
    except LookupError as exc:
        kind = " (not a text encoding)" if "not a text encoding" in str(exc) else ""
        raise CatalogError(
            f"unknown charset {excerpt(named)} in the header{kind}", path=path, line=line or None
        ) from None
    return named


def _decode(raw: bytes, charset: str, named: bool, path: str) -> str:
    try:
        text = raw.decode(charset)
    except UnicodeError as exc:
        if not isinstance(exc, UnicodeDecodeError):
            raise CatalogError(
                f"cannot be read as {charset}: {exc}", path=path, line=None
            ) from None
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # (Windows' "Unicode", from an editor: msgfmt reads none of it either.)
            raise CatalogError(
                "UTF-16 text, not a catalog as gettext reads one: save it as UTF-8",
                path=path,
                line=1,
            ) from None
        line = raw[: exc.start].count(b"\n") + 1
        said = f"the header says charset={charset}" if named else "the header names no charset"
        raise CatalogError(
            f"invalid {charset} at byte {exc.start} ({said})", path=path, line=line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: How git marks a merge conflict it leaves in a file.
_CONFLICT = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")


class _Parser:
    def __init__(self, path: str, charset: str = "UTF-8", checked: bool = True):
        self.path = path
        self.checked = checked  # (what msgfmt --check refuses is an error)
        #: The file's: an escaped byte (``\\320``) is a byte of a character in it.
        self.charset = charset
        self.catalog = Catalog()
        self.header_line = 0
        self.text = ""  # what is parsed: an error in a translation is located in it

    def fail(self, message: str, line: int) -> CatalogError:
        return CatalogError(message, path=self.path, line=line)

    def fail_at_msgstr(self, message: str, line: int) -> CatalogError:
        """An error in the translation of the entry whose msgid is on ``line``, on the line of
        its first msgstr, as msgfmt names it (looked up only when there is an error)."""
        named = re.search(r"'(msgstr\[\d+\])'", message)
        keyword = named[1] if named else "msgstr"
        lines = self.text.split("\n")
        for number in range(line, len(lines) + 1):
            if lines[number - 1].lstrip("#~ ").startswith(keyword):
                return self.fail(message, number)
        return self.fail(message, line)

    def parse(self, text: str) -> Catalog:
        self.text = text
        # One loop, with the entry being read in local variables: a method call, an attribute
        # or a regular expression per line would cost more than the rest of a line's work.
        # Strings are kept as lists of their lines' pieces, so a string alone on its line
        # extends whatever list ``target`` is.
        fail = self.fail
        keywords = _KEYWORDS
        messages = self.catalog.messages
        seen: dict[tuple[str | None, str], int] = {}
        header_read = False

        line = 0  # of the entry's msgid
        obsolete = False
        translator: list[str] = []
        extracted: list[str] = []
        references: list[tuple[str, int | None]] = []
        flags: list[str] = []
        msgctxt: list[str] | None = None
        msgid: list[str] | None = None
        msgid_plural: list[str] | None = None
        msgstr: list[str] | None = None
        forms: list[list[str]] = []
        previous_msgctxt: list[str] | None = None
        previous_msgid: list[str] | None = None
        previous_msgid_plural: list[str] | None = None
        target: list[str] | None = None  # what a string alone on its line extends
        previous_target: list[str] | None = None  # what a #| string alone extends
        obsolete_at = 0  # the last #~ line

        lines = text.split("\n")
        last = len(lines)
        # A comment after the last line ends the last entry as any comment does; what the
        # comment itself adds goes to an entry that is never finished.
        lines.append("#")
        for number, raw in enumerate(lines, start=1):
            text_line = raw.strip()
            if not text_line:
                continue
            first = text_line[0]
            if first == '"':  # a string alone, the most frequent line
                value = text_line[1:-1]
                if text_line[-1] != '"' or len(text_line) < 2 or "\\" in value or '"' in value:
                    value = self.string(text_line, text_line, number)
                if target is None:
                    raise fail("syntax error: a string continues nothing", number)
                target.append(value)
                continue
            kind = text_line[1:2] if first == "#" else ""
            if first != "#" or (kind == "~" and text_line[2:3] != "|"):
                if first == "#":  # #~, a line of an obsolete entry
                    text_line = text_line[2:].strip()
                    if not text_line:
                        continue
                    obsolete_at = number
                    if text_line[0] == '"':
                        value = self.string(text_line, text_line, number)
                        if target is None:
                            raise fail("syntax error: a string continues nothing", number)
                        target.append(value)
                        continue
                # A keyword and its string.
                keyword, _, literal = text_line.partition(" ")
                code = keywords.get(keyword, _OTHER)
                value = literal[1:-1]
                if code == _OTHER or literal[:1] != '"' or literal[-1] != '"' or len(literal) < 2:
                    split, value = self.split(text_line, number)
                    assert split is not None  # the line does not start with a quote
                    keyword, code = split, _code(split)
                elif "\\" in value or '"' in value:
                    value = self.string(text_line, literal, number)

                if code != _MSGID and code != _MSGCTXT and obsolete != (obsolete_at == number):
                    # As msgfmt: an entry is obsolete (#~) in every line, or in none.
                    raise fail("inconsistent use of #~", number)
                if code == _MSGSTR:
                    if msgstr is not None or forms or msgid is None:
                        raise fail("syntax error: msgstr without msgid", number)
                    if msgid_plural is not None:
                        raise fail(
                            "syntax error: a message with msgid_plural needs msgstr[0], "
                            "msgstr[1]…, not msgstr",
                            number,
                        )
                    msgstr = target = [value]
                    previous_target = None
                    continue
                if code == _MSGID_PLURAL:
                    if msgid is None:
                        raise fail("syntax error: msgid_plural without msgid", number)
                    msgid_plural = target = [value]
                    previous_target = None
                    continue
                if code == _FORM:
                    index = int(keyword[7:-1])
                    if index < len(forms) or msgstr is not None:
                        raise fail(f"syntax error: {keyword} without msgid", number)
                    if msgid_plural is None:
                        raise fail(f"syntax error: {keyword} without msgid_plural", number)
                    if index != len(forms):
                        raise fail(
                            f"syntax error: {keyword} where msgstr[{len(forms)}] was expected",
                            number,
                        )
                    target = [value]
                    forms.append(target)
                    previous_target = None
                    continue
            else:
                code = _COMMENT

            # A comment, a msgctxt or a msgid: after a msgstr, the entry is complete.
            if msgstr is not None or forms:
                assert msgid is not None  # a msgstr needs one
                text_msgid = "".join(msgid)
                text_msgctxt = None if msgctxt is None else "".join(msgctxt)
                if FUZZY in flags:
                    flags = [FUZZY, *[f for f in flags if f != FUZZY]]
                if text_msgid == "" and text_msgctxt is None and not obsolete and not header_read:
                    header_read = True
                    header = "" if msgstr is None else "".join(msgstr)
                    self.header(header, translator, flags, line)
                    seen[(None, "")] = line
                else:
                    # As msgfmt: an obsolete entry may not repeat a live one, nor the header.
                    key = (text_msgctxt, text_msgid)
                    if key in seen:
                        what = (
                            "header entry"
                            if key == (None, "")
                            else f"message {excerpt(text_msgid)}"
                        )
                        raise fail(f"duplicate {what} (first defined on line {seen[key]})", line)
                    seen[key] = line
                    # Positional, in the order of Message's fields: keywords cost twice as
                    # much. A message has a msgstr, or msgid_plural and msgstr[N] (forms).
                    message = Message(
                        text_msgid,
                        "" if msgstr is None else "".join(msgstr),
                        text_msgctxt,
                        None if msgid_plural is None else "".join(msgid_plural),
                        ["".join(form) for form in forms],
                        translator,
                        extracted,
                        references,
                        flags,
                        None if previous_msgctxt is None else "".join(previous_msgctxt),
                        None if previous_msgid is None else "".join(previous_msgid),
                        None if previous_msgid_plural is None else "".join(previous_msgid_plural),
                        obsolete,
                        line,
                    )
                    messages.append(message)
                line, obsolete, target, previous_target = 0, False, None, None
                translator, extracted, references, flags, forms = [], [], [], [], []
                msgctxt = msgid = msgid_plural = msgstr = None
                previous_msgctxt = previous_msgid = previous_msgid_plural = None

            if code == _COMMENT:
                if msgid is not None and number <= last:  # (the last line's sentinel: below)
                    # As msgfmt: a comment between msgid and msgstr ends nothing.
                    raise fail("missing 'msgstr' section", line)
                if kind == ".":
                    rest = text_line[2:]
                    extracted.append(rest[1:] if rest[:1] == " " else rest)
                elif kind == ":":
                    for reference in text_line[2:].split():
                        file, _, position = reference.rpartition(":")
                        if file and position.isdigit():
                            references.append((file, int(position)))
                        else:
                            references.append((reference, None))
                elif kind == "|" or kind == "~":  # #| or #~|: the message's previous strings
                    split, value = self.split(text_line[2 if kind == "|" else 3 :].strip(), number)
                    if split is None:
                        if previous_target is None:
                            raise fail("syntax error: a string continues nothing", number)
                        previous_target.append(value)
                        continue
                    if split == "msgid":
                        previous_msgid = previous_target = [value]
                    elif split == "msgid_plural":
                        previous_msgid_plural = previous_target = [value]
                    elif split == "msgctxt":
                        previous_msgctxt = previous_target = [value]
                    else:
                        raise fail(f"syntax error: {split} in a previous-message comment", number)
                    target = None
                    continue
                elif kind == ",":
                    flags += read_flags(text_line[2:])
                else:
                    rest = text_line[1:]
                    translator.append(rest[1:] if rest[:1] == " " else rest)
                target = previous_target = None
            elif code == _MSGID:
                if msgid is not None:
                    raise fail("syntax error: msgid without msgstr before it", number)
                if previous_msgctxt is not None and previous_msgid is None:
                    raise fail("syntax error: '#| msgctxt' without '#| msgid'", number)
                line, obsolete = number, obsolete_at == number
                msgid = target = [value]
                previous_target = None
            else:  # msgctxt
                if msgid is not None or msgctxt is not None:
                    raise fail("syntax error: msgctxt must come once, before msgid", number)
                msgctxt = target = [value]
                previous_target = None

        if msgctxt is not None or msgid is not None:  # not finished by the last comment
            raise fail("syntax error: msgid without msgstr", line or last)
        self.catalog.headerless = not header_read
        # Only a line wider than the page says how the file is wrapped: one of more characters
        # (or half as many, of a script whose characters may take two columns).
        longest = max(map(len, lines))
        if longest > PAGE_WIDTH or (longest > PAGE_WIDTH // 2 and not text.isascii()):
            self.catalog.unwrapped = _unwrapped(text)
        if self.checked:
            self.check()
        return self.catalog

    def check(self) -> None:
        """What ``msgfmt --check`` refuses in a file that parses: plural forms that do not
        agree with the header, and a translation that does not begin or end with a newline
        where its English does, or whose format directives do not fit the English's
        (``c-format``, ``python-format``, ``python-brace-format``). Fuzzy and untranslated
        entries are not checked, as msgfmt does not check them."""
        checked = [
            m
            for m in self.catalog.messages
            if not m.obsolete and not m.fuzzy and (m.msgstr_plural[:1] or [m.msgstr])[0]
        ]
        plurals = [m for m in checked if m.msgid_plural is not None]
        rules = _plural_rules(
            self.catalog, plurals, self.fail, self.header_line, template=self.path.endswith(".pot")
        )
        often = None if rules is None else rules[2]
        for message in checked:
            _check_newlines(message, self.fail_at_msgstr)
            if message.flags:
                _check_formats(message, often, self.fail_at_msgstr)
        if rules is None:
            return
        nplurals, line, _ = rules
        for message in plurals:
            if len(message.msgstr_plural) != nplurals:
                count = len(message.msgstr_plural)
                raise self.fail(
                    f"{count} plural form{'s' if count != 1 else ''}, but the header's "
                    f"Plural-Forms (line {line}) says nplurals={nplurals}",
                    message.line,
                )

    def string(self, line: str, literal: str, number: int) -> str:
        """The text of ``literal``, the string in quotes that ends ``line``, unescaped.

        Strings with the usual escapes are read here, the others (and errors) by ``split``.
        """
        if literal[-1] == '"' and len(literal) > 1:
            value = _unescape_common(literal[1:-1])
            if value is not None:
                return value
        return self.split(line, number)[1]

    def header(self, msgstr: str, comments: list[str], flags: list[str], line: int) -> None:
        """Take the first entry with an empty msgid as the header."""
        catalog = self.catalog
        catalog.header = header_fields(msgstr)
        first: dict[str, str] = {}
        for name, value in catalog.header:
            if name.lower() not in _SAVED_FIELDS:
                continue
            said = first.setdefault(name.lower(), value)
            if said != value:
                # Two saves joined line by line: git's union merge ('merge=union'), which
                # joins the translations the same way.
                raise self.fail(
                    f"the header says {excerpt(name)} twice, {excerpt(said)} and "
                    f"{excerpt(value)} (two versions of the file joined line by line, as git's "
                    "'merge=union' does?): keep one, and check the translations near each "
                    "change",
                    self._header_line_of(name, line),
                )
        catalog.header_text = msgstr
        catalog.header_comments = comments
        catalog.header_fuzzy = FUZZY in flags
        self.header_line = line

    def _header_line_of(self, name: str, line: int) -> int:
        """The line of the second ``name:`` field of the header entry (on ``line``)."""
        found = 0
        for number, text in enumerate(self.text.split("\n")[line - 1 :], start=line):
            if text.strip().strip('"').lower().startswith(f"{name.lower()}:"):
                found += 1
                if found == 2:
                    return number
            if not text.strip():
                break
        return line

    def split(self, line: str, number: int) -> tuple[str | None, str]:
        """A keyword line or a continuation: the keyword (None) and the unescaped string.

        The exact reading of any line, and the one that finds what is wrong with it.
        """
        keyword = None
        string = line
        if line[0] != '"':
            match = _KEYWORD.match(line)
            if match is None:
                first = line.split()[0]
                conflict = " (a merge conflict left in it?)" if first[:7] in _CONFLICT else ""
                raise self.fail(f"syntax error: unexpected {excerpt(first)}{conflict}", number)
            keyword, string = match.group(1), match.group(3)
        literal = _STRING.match(string)
        if literal is None:
            stripped = string.rstrip()
            if stripped.startswith('"') and (
                len(stripped) == 1 or not stripped.endswith('"') or stripped.endswith('\\"')
            ):
                raise self.fail(
                    'syntax error: the string is not closed: a " is missing at the end of the line',
                    number,
                )
            raise self.fail(
                'syntax error: a string must be in double quotes, with \\" for a quote inside',
                number,
            )
        return keyword, self.unescape(literal.group(1), number)

    def unescape(self, value: str, number: int) -> str:
        """A string's text with its escapes undone, as gettext reads them: ``\\ooo`` and
        ``\\xhh`` are bytes of the file's charset (``msgcat -E`` writes each byte of a
        character so: ``\\320\\241`` is "С" in UTF-8)."""
        if "\\" not in value:
            return value
        escaped_bytes = False

        def replace(match: re.Match[str]) -> str:
            nonlocal escaped_bytes
            octal, hexa, simple = match.groups()
            if octal is not None or hexa is not None:
                code = int(octal, 8) if octal is not None else int(hexa[:8], 16)
                if code > 0xFF or (hexa is not None and len(hexa) > 8):
                    written = f"\\{octal}" if octal is not None else f"\\x{hexa[:12]}"
                    raise self.fail(
                        f"the escape '{written}' is not a byte (in a PO file, an escaped "
                        "number is one byte of the file's charset)",
                        number,
                    )
                if code < 0x80:
                    return chr(code)
                escaped_bytes = True
                return chr(0xDC00 + code)  # as Python's "surrogateescape" error handler
            if simple in _SIMPLE_ESCAPES:
                return _SIMPLE_ESCAPES[simple]
            # (C's \' and \? are not gettext's: msgfmt refuses them, and a teammate's tools
            # could not open the catalog.)
            alone = f": write {simple} alone" if simple in "'?" else ""
            raise self.fail(f"invalid escape sequence '\\{simple}' in a string{alone}", number)

        text = _ESCAPE.sub(replace, value)
        if not escaped_bytes:
            return text
        try:
            return text.encode(self.charset, "surrogateescape").decode(self.charset)
        except UnicodeError:
            raise self.fail(
                f"the escaped bytes of a string are not {self.charset} text "
                f"(the header says charset={self.charset})",
                number,
            ) from None


#: A string wrapped as gettext wraps one: broken after a line that ends in neither "\n" nor
#: an empty string (``msgid ""`` opens a wrapped one), or a keyword with an empty string and
#: one line after it that does not end in "\n" (a string too long for the keyword's line).
_WRAPPED = re.compile(
    r'(?<!\\n)(?<!")"\n(?:#~\|? |#\| )?"'
    r'|^(?:#~\|? |#\| )?msg[a-z_]+(?:\[\d+\])? ""\n(?:#~\|? |#\| )?"[^\n]*(?<!\\n)"\n'
    r'(?!(?:#~\|? |#\| )?")',
    re.MULTILINE,
)
#: A line of a string that may be wider than gettext's page (80 columns from 40 characters of
#: a script of wide characters): its prefix and keyword (none on a line that continues a
#: string), and its text.
_LONG = re.compile(
    rf"^(?=[^\n]{{{PAGE_WIDTH // 2 + 1}}})"
    r'((?:#~\|? |#\| )?)(?:(msg[a-z_]+(?:\[\d+\])?) )?"([^\n]*)"$',
    re.MULTILINE,
)


def _unwrapped(text: str) -> bool:
    """Whether a file's strings run on one line each however long (written with msgcat
    ``--no-wrap``, or a tool set not to wrap): no string broken but after a "\\n", and a line
    that gettext would have broken, as the writer breaks lines (not every line over 79
    characters: a script's combining marks take no column, a long address has no place to
    break), in an entry without the ``no-wrap`` flag."""
    if _WRAPPED.search(text) is not None:
        return False
    from communique.catalog.pofile import wrap_string  # (the writer's rule; long lines only)

    for found in _LONG.finditer(text):
        prefix, keyword, literal = found.groups()
        value = _unescape_common(literal)
        if value is None or "no-wrap" in text[text.rfind("\n\n", 0, found.start()) : found.start()]:
            continue
        wrapped = list(wrap_string(prefix, keyword or "msgstr", value))
        if keyword is None:  # a line that continues a string: broken as a line of its own?
            if wrapped[0] == f'{prefix}msgstr ""':
                wrapped.pop(0)
            if len(wrapped) > 1:
                return True
        elif wrapped != list(wrap_string(prefix, keyword, value, None)):
            return True
    return False


def _code(keyword: str) -> int:
    """What a keyword read by ``_KEYWORD`` is, as the parser codes it."""
    if keyword.startswith("msgstr["):
        return _FORM
    return _KEYWORDS[keyword]


def _unescape_common(value: str) -> str | None:
    """A string's text with ``\\n``, ``\\t`` and ``\\"`` undone; None if anything else is there.

    Without ``\\\\``, every backslash starts an escape, so an unescaped quote is one that no
    backslash precedes, and each of ``\\n``, ``\\t`` and ``\\"`` can be replaced on its own.
    """
    if "\\\\" in value or value.count('"') != value.count('\\"'):
        return None
    value = value.replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"')
    return None if "\\" in value else value


def _check_newlines(message: Message, fail: Callable[[str, int], CatalogError]) -> None:
    """msgfmt's rule: a translation begins and ends with a newline where its English does."""
    english = message.msgid
    if message.msgid_plural is None:
        text = message.msgstr  # the common case, quickly: no newline at either end
        if "\n" not in (english[:1], english[-1:], text[:1], text[-1:]):
            return
    pairs = [("msgstr", message.msgstr)]
    if message.msgid_plural is not None:
        pairs = [("msgid_plural", message.msgid_plural)]
        pairs += [(f"msgstr[{i}]", form) for i, form in enumerate(message.msgstr_plural)]
    begins, ends = english.startswith("\n"), english.endswith("\n")
    for name, text in pairs:
        if text.startswith("\n") != begins:
            raise fail(f"'msgid' and '{name}' do not both begin with a newline (\\n)", message.line)
        if text.endswith("\n") != ends:
            raise fail(f"'msgid' and '{name}' do not both end with a newline (\\n)", message.line)


_NPLURALS_VALUE = re.compile(r"nplurals=\s*([0-9]*)")
_PLURAL_VALUE = re.compile(r"plural=([^;\n]*)")
#: What xgettext writes in a fresh template's header, for the translator to fill in.
_PLACEHOLDER = "nplurals=INTEGER; plural=EXPRESSION;"
#: More plural forms than a catalog can mean (CLDR's languages have at most 6).
_MOST_PLURALS = 20


def _plural_rules(
    catalog: Catalog,
    plurals: list[Message],
    fail: Callable[[str, int], CatalogError],
    line: int,
    *,
    template: bool,
) -> tuple[int, int, list[bool]] | None:
    """The header's number of plural forms, the header's line and which forms are used often
    (for at least 5 numbers from 0 to 1000), checked as msgfmt checks them (msgl-check.c);
    None when the header does not say (and nothing needs it)."""
    text = "".join(f"{name}: {value}\n" for name, value in catalog.header)
    if _PLACEHOLDER in text:
        if template:
            return None
        raise fail(
            f"the header's Plural-Forms is still the template's placeholder ({_PLACEHOLDER}): "
            "set the plural forms of the catalog's language",
            line,
        )
    number = _NPLURALS_VALUE.search(text)
    expression = _PLURAL_VALUE.search(text)
    if plurals and (number is None or expression is None):
        what = "nplurals=INTEGER" if number is None else "plural=EXPRESSION"
        raise fail(
            f"plural translations, but the header's Plural-Forms has no {what}",
            plurals[0].line,
        )
    if number is None or expression is None:
        return None
    if not number.group(1):
        raise fail("invalid nplurals value in the header's Plural-Forms", line)
    digits = number.group(1).lstrip("0") or "0"
    nplurals = int(digits) if len(digits) <= 3 else _MOST_PLURALS + 1
    if nplurals > _MOST_PLURALS:
        # (msgfmt takes any: read as written, a typo's billions of forms took every command
        # of the project minutes and gigabytes, and then some.)
        raise fail(
            f"nplurals={shortened(digits, 20)} in the header's Plural-Forms: no language has "
            "more than 6 plural forms; write the catalog's language's",
            line,
        )
    problem, often = _distribution(expression.group(1).strip(), nplurals)
    if problem is not None:
        raise fail(problem, line)
    return nplurals, line, often


@lru_cache(maxsize=256)
def _distribution(expression: str, nplurals: int) -> tuple[str | None, list[bool]]:
    """What is wrong with a plural expression for ``nplurals`` forms (None: nothing), and
    which forms it gives for at least 5 numbers from 0 to 1000; a project has a few."""
    try:
        rule = gettext.c2py(expression)
    except (ValueError, RecursionError):
        return f"invalid plural expression in the header's Plural-Forms: {_excerpt(expression)}", []
    try:
        values = [rule(n) for n in range(1001)]
    except ZeroDivisionError:
        return "the header's plural expression can divide by zero", []
    if min(values) < 0:
        return "the header's plural expression can produce negative values", []
    if max(values) >= nplurals:
        return (
            f"the header's Plural-Forms says nplurals={nplurals}, but its plural expression "
            f"can produce {max(values)}"
        ), []
    counts = Counter(values)
    return None, [counts[form] >= _OFTEN for form in range(nplurals)]


#: How many numbers a plural form must be used for to be checked strictly (msgl-check.c).
_OFTEN = 5


def _check_formats(
    message: Message, often: list[bool] | None, fail: Callable[[str, int], CatalogError]
) -> None:
    """msgfmt's ``--check-format``: each translation's directives fit the English's."""
    problem = directives.check(message, often)
    if problem is not None:
        raise fail(problem, message.line)


def _excerpt(text: str, limit: int = 40) -> str:
    return excerpt(text.strip(), limit)
