r"""TMX 1.4b, the translation-memory exchange format of CAT tools: written from plain data in
one function, and read as a stream of units, whatever the file's size.

**Writing.** One ``tu`` per :class:`MemoryUnit`: a ``tuv`` for the English, tagged with the
project's source locale, then one per translation, with its ``creationdate`` and
``changedate`` (TMX's ``20230607T120000Z``, in UTC); the ``tu``'s dates span its ``tuv``\s, and
the header's ``creationdate`` is the latest of them, not the clock: the same units give the
same bytes.

**Reading.** The file is parsed as it is read (lxml's pull parser, fed a chunk at a time),
and each ``tu`` is let go once it has been handed on. No DTD is loaded, nothing fetched and no
entity expanded; a file whose DOCTYPE declares entities (the "billion laughs", external
entities that would read other files) is refused, naming the line
(:mod:`communique.safexml`). Malformed XML is one error naming the line.

The text of a ``seg`` is the text outside its inline codes: ``bpt``, ``ept``, ``it``, ``ph`` and
``ut`` hold the formatting codes of the tool that wrote the file (``<b>``, ``{1}``), which no
sentence of a release contains; ``hi`` holds translatable text and is kept. Runs of white space
become one space, and an empty segment is left out.
"""

from __future__ import annotations

import codecs
import datetime
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from communique import __version__
from communique.errors import CommuniqueError, excerpt
from communique.safexml import (
    OPTIONS,
    legacy_encoding,
    misdeclared,
    refuse_entities,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: TMX's form of a date: always UTC.
TMX_DATE = "%Y%m%dT%H%M%SZ"
_TMX_DATE = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z")
#: Inline elements whose content is the codes of the tool that wrote the file, not text.
CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})
#: The file is read this many bytes at a time.
CHUNK = 1 << 16
#: At most this much of the start of a file is kept to find the line of its DOCTYPE.
PROLOG_LIMIT = 1 << 20


class TmxError(CommuniqueError):
    """A TMX file cannot be read (or written)."""


# -- writing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One reviewed translation of an English sentence, with the span of the revision dates of
    the catalogs that hold it."""

    locale: str
    text: str
    created: datetime.datetime | None
    changed: datetime.datetime | None


@dataclass(frozen=True)
class MemoryUnit:
    """An English sentence and one translation of it per locale: a ``tu``."""

    source: str
    versions: tuple[Version, ...]


def tmx_bytes(units: Sequence[MemoryUnit], source_locale: str) -> bytes:
    """The units as a TMX 1.4b document (UTF-8), the English tagged ``source_locale``."""
    root = etree.Element("tmx", {"version": "1.4"})
    latest = [v.changed for unit in units for v in unit.versions if v.changed is not None]
    header = {
        "creationtool": "communique",
        "creationtoolversion": __version__,
        "segtype": "sentence",
        "o-tmf": "PO",
        "adminlang": "en",
        "srclang": source_locale,
        "datatype": "plaintext",
    }
    if latest:  # the latest translation's date, not the clock: the same input, the same bytes
        header["creationdate"] = _tmx_date(max(latest))
    etree.SubElement(root, "header", header)
    body = etree.SubElement(root, "body")
    for unit in units:
        created = [v.created for v in unit.versions if v.created is not None]
        changed = [v.changed for v in unit.versions if v.changed is not None]
        tu = etree.SubElement(
            body, "tu", _dates(min(created, default=None), max(changed, default=None))
        )
        _add_variant(tu, source_locale, unit.source, {})
        for version in unit.versions:
            _add_variant(tu, version.locale, version.text, _dates(version.created, version.changed))
    data: bytes = etree.tostring(
        etree.ElementTree(root),
        xml_declaration=True,
        encoding="UTF-8",
        pretty_print=True,
        doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
    )
    return data


def _add_variant(tu: Any, language: str, text: str, attributes: dict[str, str]) -> None:
    variant = etree.SubElement(tu, "tuv", {XML_LANG: language, **attributes})
    try:
        etree.SubElement(variant, "seg").text = text
    except ValueError:  # a control character XML cannot hold
        raise TmxError(
            f"the {language} text {excerpt(text)} holds a character XML cannot hold; "
            "nothing was written"
        ) from None


def _dates(created: datetime.datetime | None, changed: datetime.datetime | None) -> dict[str, str]:
    found = {}
    if created is not None:
        found["creationdate"] = _tmx_date(created)
    if changed is not None:
        found["changedate"] = _tmx_date(changed)
    return found


def _tmx_date(moment: datetime.datetime) -> str:
    """A moment as TMX writes it, in UTC.

    >>> _tmx_date(datetime.datetime.fromisoformat("2023-06-07T14:05:00+02:00"))
    '20230607T120500Z'
    """
    return moment.astimezone(datetime.UTC).strftime(TMX_DATE)


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One language's text in a TMX unit: its ``xml:lang`` as written, and its dates (the
    ``tuv``'s, else the ``tu``'s) in ISO 8601."""

    language: str
    text: str
    created: str | None = None
    changed: str | None = None


@dataclass(frozen=True)
class TmxUnit:
    """A ``tu``: the line it starts on, the language it names as its source (its own
    ``srclang``, else the header's), and its non-empty segments."""

    line: int
    srclang: str
    variants: tuple[Variant, ...]


def read_tmx(path: Path, display: str | None = None) -> Iterator[TmxUnit]:
    """The units of a TMX file, parsed as the file is read (see the module's docstring).

    Errors name ``display`` (default: ``path``) and the line: malformed XML, entity
    declarations, a root that is not ``tmx``, a ``tuv`` without a language.
    """
    where = display or str(path)
    parser = etree.XMLPullParser(events=("start", "end"), **OPTIONS)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise TmxError(f"cannot read: {exc.strerror}", path=where) from None
    prolog = bytearray()
    root: Any = None
    srclang = ""
    with stream:
        written = _AsDeclared()
        while True:
            try:
                chunk = stream.read(CHUNK)
            except OSError as exc:
                raise TmxError(f"cannot read: {exc.strerror}", path=where) from None
            if root is None and len(prolog) < PROLOG_LIMIT:
                prolog += chunk
            written.feed(chunk, where)
            failure = None
            try:
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
            except etree.XMLSyntaxError as exc:
                failure = exc  # the events before it are looked at first: a DOCTYPE, say
            events: Iterator[tuple[str, Any]] = parser.read_events()  # (lxml-stubs: too wide)
            for event, element in events:
                if root is None:
                    root = element
                    _check_prolog(element, bytes(prolog), where)
                    if element.tag != "tmx":  # (TMX has no namespace)
                        space = etree.QName(element).namespace
                        within = f" in namespace {space!r}" if space else ""
                        raise TmxError(
                            f"not a TMX file: the root element is <{_name(element)}>{within}",
                            path=where,
                            line=element.sourceline,
                        )
                elif event == "start":
                    continue
                elif element.tag == "tu":  # (TMX has no namespace)
                    yield _unit(element, srclang, where)
                    # Let the unit go, and the ones before it (iterparse's usual clearing).
                    element.clear()
                    parent = element.getparent()
                    while element.getprevious() is not None:
                        del parent[0]
                elif element.tag == "header":
                    srclang = element.get("srclang", "")
            if failure is not None:
                if not failure.lineno and root is not None:
                    failure = _lost_error(path) or failure
                if root is None and not prolog:
                    raise TmxError("an empty file, not TMX", path=where)
                raise TmxError(
                    f"not well-formed XML: {_without_position(failure.msg)}",
                    path=where,
                    line=failure.lineno or None,
                )
            if not chunk:
                return


class _AsDeclared:
    """Whether a file that declares a legacy encoding (ISO-8859-1) is written in UTF-8, told
    chunk by chunk as it is parsed (a pipe is read once): read as declared, its letters were
    garbled into the memory ("rÃ©union"). Refused at its end, a file imports nothing."""

    def __init__(self) -> None:
        self.declared: str | None = None
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.beyond = False
        self.started = False

    def feed(self, chunk: bytes, where: str) -> None:
        if not self.started:
            self.started = True
            self.declared = legacy_encoding(chunk)
        if self.declared is None:
            return
        try:
            self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            self.declared = None  # (in the encoding it declares, as far as one can tell)
            return
        self.beyond = self.beyond or not chunk.isascii()
        if not chunk and self.beyond:
            raise misdeclared(self.declared, where, "TMX", TmxError)


def _without_position(message: str) -> str:
    """libxml2's message without the line the error names first, its column kept.

    >>> _without_position("Opening and ending tag mismatch: seg line 3 and tuv, line 3, column 42")
    'Opening and ending tag mismatch: seg line 3 and tuv (column 42)'
    """
    found = re.search(r", line \d+, column (\d+)$", message)
    return f"{message[: found.start()]} (column {found.group(1)})" if found else message


def _lost_error(path: Path) -> Any:
    """The error a parse that leaves entities alone loses (lxml then says only "no element
    found" when the file uses an entity it does not declare): the file read again with
    entities resolved — none is declared, or it was refused — and the error that gives."""
    try:
        for _, element in etree.iterparse(
            str(path), tag="{*}tu", no_network=True, load_dtd=False, huge_tree=False
        ):
            element.clear()
    except etree.XMLSyntaxError as exc:
        return exc
    except OSError:
        return None
    return None


def _check_prolog(root: Any, prolog: bytes, where: str) -> None:
    """Refuse a DOCTYPE that declares entities (:mod:`communique.safexml`)."""
    docinfo = root.getroottree().docinfo
    # The line of the DOCTYPE is counted in UTF-8 (a CAT tool may have written UTF-16).
    head = prolog.decode(_encoding(prolog, root), errors="replace").encode("utf-8")
    refuse_entities(docinfo, head, where, "TMX", TmxError)


def _encoding(prolog: bytes, root: Any) -> str:
    """The encoding the start of a file is in: its byte-order mark's, else the one it declares."""
    for marks, encoding in (
        ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16"),
    ):
        if prolog.startswith(marks):
            return encoding
    declared = root.getroottree().docinfo.encoding
    try:
        return codecs.lookup(declared).name if declared else "utf-8"
    except LookupError:
        return "utf-8"


_XML_SPACE = re.compile(r"[ \t\r\n]+")


def _name(element: Any) -> str:
    """An element's name without its namespace, or "" for what is not an element."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _unit(tu: Any, srclang: str, where: str) -> TmxUnit:
    created, changed = _iso(tu.get("creationdate")), _iso(tu.get("changedate"))
    variants = []
    for tuv in tu.iterchildren("tuv"):  # (not note, prop)
        language = tuv.get(XML_LANG) or tuv.get("lang")  # (TMX 1.1 wrote lang)
        if not language:
            raise TmxError("a <tuv> without xml:lang", path=where, line=tuv.sourceline)
        seg = tuv.find("seg")
        if seg is None:
            continue
        # Most segments are plain text: no inline element to leave out.
        # Runs of XML's white space become one space; a no-break space is the text's own.
        text = _XML_SPACE.sub(" ", _text(seg, where) if len(seg) else seg.text or "").strip(" ")
        if text:
            variants.append(
                Variant(
                    language,
                    text,
                    _iso(tuv.get("creationdate")) or created,
                    _iso(tuv.get("changedate")) or changed,
                )
            )
    return TmxUnit(tu.sourceline, tu.get("srclang") or srclang, tuple(variants))


def _text(element: Any, where: str) -> str:
    """The text of a ``seg`` or ``hi``, without the codes of inline elements; a code that
    stands for a space (``&nbsp;``, ``<br/>``, a tab) leaves that space, and one between two
    words a space, so that no two words run together ("Ambassador Jan", not
    "AmbassadorJan")."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child, etree._Entity):
            raise TmxError(
                f"unknown entity {child.text} (communique reads no DTD)",
                path=where,
                line=child.sourceline or element.sourceline,
            )
        if _name(child) and _name(child) not in CODES:
            parts.append(_text(child, where))
        elif _name(child):
            parts.append(_space_of("".join(child.itertext()), parts, child.tail or ""))
        parts.append(child.tail or "")
    return "".join(parts)


#: Native codes that stand for a space: a no-break space (as a character, or an HTML or RTF
#: reference) or a line break.
_NO_BREAK = re.compile(r"\u00a0|&nbsp;|&#160;|&#xa0;|\\~", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>|\\line\b|\\par\b|[\t\n\r]", re.IGNORECASE)


def _space_of(code: str, before: Sequence[str], after: str) -> str:
    """What an inline code leaves in the text: the space it stands for, a space where it
    joins two words, else nothing."""
    if _NO_BREAK.fullmatch(code.strip(" ")):
        return "\u00a0"
    if _BREAK.search(code) or (code and code.isspace()):
        return " "
    previous = next((part for part in reversed(before) if part), "")
    if previous[-1:].isalnum() and after[:1].isalnum():
        return " "
    return ""


@functools.lru_cache(maxsize=4096)
def _iso(value: str | None) -> str | None:
    """A TMX date in ISO 8601; None for a missing or malformed one. (A memory's units share
    few dates, and strptime would be a third of the time an import takes.)

    >>> _iso("20230607T120500Z"), _iso("2023-06-07"), _iso("20231307T120500Z")
    ('2023-06-07T12:05:00Z', None, None)
    """
    found = _TMX_DATE.fullmatch(value or "")
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in found.groups())
    try:
        moment = datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
