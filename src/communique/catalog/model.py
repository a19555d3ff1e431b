"""The catalog model: a PO or POT file as data, independent of how it is read or written."""

from __future__ import annotations

import codecs
import datetime
import re
from dataclasses import dataclass, field

#: Flags GNU gettext keeps when it rewrites a file; any other flag it silently drops.
FUZZY = "fuzzy"


#: The width GNU gettext wraps a catalog's strings and references at.
PAGE_WIDTH = 79


@dataclass(slots=True)
class Message:
    """One entry of a catalog: an English sentence and its translation, with its comments."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    #: ``# …`` lines written by translators; never touched by the tool.
    translator_comments: list[str] = field(default_factory=list)
    #: ``#. …`` lines written by the tool: the segment's role and position.
    extracted_comments: list[str] = field(default_factory=list)
    #: ``#: path:line`` references into the English source.
    references: list[tuple[str, int | None]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    #: Line of the ``msgid`` keyword in the file this message was read from (0 if built).
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        """What identifies the message in its catalog: context and English text."""
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    @property
    def translated(self) -> bool:
        """Has a translation in every form (fuzzy or not)."""
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)


#: As msgfmt reads them: ``nplurals=`` with no space before the sign (the reader refuses a
#: catalog whose plural translations need it otherwise).
_NPLURALS = re.compile(r"nplurals=\s*(\d+)")
_CHARSET = re.compile(r"charset=([A-Za-z0-9_.:-]+)")


def naming_utf8(content_type: str) -> str:
    """A ``Content-Type`` value naming UTF-8, the charset communique writes catalogs in, where
    it names another (the file was read in ISO-8859-1, ASCII): written under the old name,
    every reader after it, gettext's and Poedit's too, would garble its letters.

    >>> naming_utf8("text/plain; charset=ISO-8859-1")
    'text/plain; charset=UTF-8'
    >>> naming_utf8("text/plain; charset=utf8")
    'text/plain; charset=utf8'
    """
    found = _CHARSET.search(content_type)
    if found is None:
        return content_type
    try:
        if codecs.lookup(found.group(1)).name == "utf-8":
            return content_type
    except LookupError:
        pass  # (the reader refused such a file: a catalog made in memory)
    return content_type[: found.start(1)] + "UTF-8" + content_type[found.end(1) :]


#: How gettext writes the header's dates: ``2024-06-03 12:00+0000``.
GETTEXT_DATE = "%Y-%m-%d %H:%M%z"


@dataclass(frozen=True)
class Header:
    """The header fields communique reads, typed: parsed once from the ``name: value`` lines.

    >>> header = Header.parse([("Plural-Forms", "nplurals=3; plural=(n%10==1 ? 0 : 1);"),
    ...                        ("PO-Revision-Date", "2024-05-20 16:45+0200")])
    >>> header.nplurals, header.revised.isoformat()
    (3, '2024-05-20T16:45:00+02:00')
    """

    language: str = ""
    #: ``POT-Creation-Date`` as written (gettext's ``2024-06-03 12:00+0000``): kept as it is.
    created: str = ""
    #: ``PO-Revision-Date`` when it is a real date, not the template's placeholder.
    revised: datetime.datetime | None = None
    nplurals: int | None = None
    #: What the ``Content-Type`` names (the file's charset; the reader reads it by this).
    charset: str | None = None

    @property
    def created_at(self) -> datetime.datetime | None:
        """``POT-Creation-Date`` as a moment, when it is a real date."""
        return _gettext_date(self.created)

    @classmethod
    def parse(cls, fields: list[tuple[str, str]]) -> Header:
        values = {name.lower(): value for name, value in fields}
        plurals = _NPLURALS.search(values.get("plural-forms", ""))
        charset = _CHARSET.search(values.get("content-type", ""))
        return cls(
            language=values.get("language", ""),
            created=values.get("pot-creation-date", ""),
            revised=_gettext_date(values.get("po-revision-date", "")),
            nplurals=int(plurals.group(1)) if plurals else None,
            charset=charset.group(1) if charset else None,
        )


#: A date as gettext and the editors write it (``2024-06-03 12:00+0000``), read without
#: ``strptime``, which asks the C library for the locale each time: a sixtieth of a build from
#: nothing went to it. Anything else goes to ``strptime``, which reads the same date alike.
_PLAIN_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)([+-])(\d\d)([0-5]\d)")


def _gettext_date(value: str) -> datetime.datetime | None:
    """A header's date as a moment; None if it is no date (the template's placeholder).

    >>> _gettext_date(" 2024-05-20 16:45+0200 ").isoformat()
    '2024-05-20T16:45:00+02:00'
    >>> _gettext_date("YEAR-MO-DA HO:MI+ZONE") is None
    True
    """
    value = value.strip()
    plain = _PLAIN_DATE.fullmatch(value)
    if plain is not None:
        year, month, day, hour, minute, sign, zone_hours, zone_minutes = plain.groups()
        offset = datetime.timedelta(hours=int(zone_hours), minutes=int(zone_minutes))
        try:
            return datetime.datetime(
                int(year),
                int(month),
                int(day),
                int(hour),
                int(minute),
                tzinfo=datetime.timezone(-offset if sign == "-" else offset),
            )
        except ValueError:
            pass  # (an impossible date, or an offset of a day: strptime says which)
    try:
        return datetime.datetime.strptime(value, GETTEXT_DATE)
    except ValueError:
        return None


@dataclass
class Catalog:
    """A PO file or POT template: an ordered header and ordered messages."""

    header: list[tuple[str, str]] = field(default_factory=list)
    header_comments: list[str] = field(default_factory=list)
    header_fuzzy: bool = False
    messages: list[Message] = field(default_factory=list)
    #: Read from a file with no header entry (``msgid ""``): written back without one, as
    #: msgcat does.
    headerless: bool = False
    #: Read from a file whose strings run on one line each, however long (``msgcat
    #: --no-wrap``, Weblate's and Poedit's "no wrapping"): written so again, not wrapped at
    #: 79 columns, so that a team whose tool writes long lines sees only what changed.
    unwrapped: bool = False
    #: The header as read, written back as it was while its fields are unchanged (msgcat keeps
    #: "Language-Team:  Esperanto" and lines that are not fields).
    header_text: str | None = None
    #: :attr:`info` as last parsed, with the fields it was parsed from.
    _info: tuple[tuple[tuple[str, str], ...], Header] | None = field(
        default=None, repr=False, compare=False
    )

    def header_msgstr(self) -> str:
        """The header entry's text: as read if its fields are unchanged, else made anew."""
        if self.header_text is not None and header_fields(self.header_text) == self.header:
            return self.header_text
        return "".join(f"{key}: {value}\n" for key, value in self.header)

    @property
    def info(self) -> Header:
        """The header's fields, typed: parsed once while they stay the same."""
        fields = tuple(self.header)
        if self._info is None or self._info[0] != fields:
            self._info = (fields, Header.parse(self.header))
        return self._info[1]

    def header_value(self, name: str) -> str | None:
        for key, value in self.header:
            if key.lower() == name.lower():
                return value
        return None

    def set_header(self, name: str, value: str) -> None:
        """Replace a header field in place, or append it."""
        for index, (key, _) in enumerate(self.header):
            if key.lower() == name.lower():
                self.header[index] = (key, value)
                return
        self.header.append((name, value))


def reviewed_units(catalog: Catalog) -> set[tuple[str, str]]:
    """The catalog's reviewed translations as (English, translation): singular entries,
    translated and not fuzzy, obsolete ones included (they are reviewed work too)."""
    return {
        (m.msgid, m.msgstr)
        for m in catalog.messages
        if m.msgstr and not m.fuzzy and m.msgid_plural is None
    }


def header_fields(msgstr: str) -> list[tuple[str, str]]:
    """The ``Name: value`` lines of a header entry, values without their surrounding spaces.

    >>> header_fields("Language:  fr\\nPlural-Forms: nplurals=2; plural=(n > 1);\\n")
    [('Language', 'fr'), ('Plural-Forms', 'nplurals=2; plural=(n > 1);')]
    """
    fields = []
    for line in msgstr.split("\n"):
        name, colon, value = line.partition(":")
        name = name.strip()
        if colon and name:
            fields.append((name, value.strip()))
    return fields
