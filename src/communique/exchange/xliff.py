"""XLIFF documents: one release's catalog in one language, written for a CAT tool (XLIFF 2.1,
or 1.2 for older tools).

What a unit carries:

* its id: ``u`` and twelve hex digits of the entry's context and English, the same in every
  export while the English stays the same, so a CAT tool's memory recognises it;
* the English and the translation, URLs and inline markup as codes (see :mod:`.codes`): in 2.1
  a ``ph`` or ``pc`` pointing at the original text in ``originalData``, in 1.2 a ``ph`` or a
  ``bpt``/``ept`` pair that holds it;
* its state: untranslated, a draft or a translation waiting for review (2.1 ``translated``, 1.2
  ``needs-review-translation`` with where the draft came from as ``state-qualifier``), or
  reviewed (2.1 ``final``, 1.2 ``final`` and ``approved="yes"``);
* notes: where the sentence is in the English source, its role, the translator's comments, the
  draft's origin and, for a fuzzy match, the English it was translated from;
* the mark of what it held (``cq:base`` in 2.1, ``extradata`` in 1.2), so that an import can
  tell what a translator changed from what changed in the catalog meanwhile.

Reading the files back is :mod:`.xliff_read`'s.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lxml import etree

from communique.catalog.model import Message
from communique.errors import CommuniqueError
from communique.exchange.codes import Code, Pair, Piece, pieces

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF11 = "urn:oasis:names:tc:xliff:document:1.1"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class XliffError(CommuniqueError):
    """An XLIFF file cannot be read: not XLIFF, malformed, or hostile."""


class State(StrEnum):
    """Where a translation stands, in the catalog's terms."""

    UNTRANSLATED = "untranslated"
    #: Fuzzy: a draft, a fuzzy match or a translator's text waiting for review.
    DRAFT = "draft"
    REVIEWED = "reviewed"


@dataclass(frozen=True)
class Unit:
    """One entry of a catalog as an XLIFF unit."""

    id: str
    source: str
    target: str
    state: State
    context: str | None = None
    #: ``source/slug.txt:7``: where the sentence is in the English.
    locations: tuple[str, ...] = ()
    #: communique's notes on the segment: ``paragraph 2, sentence 1 of 3``.
    roles: tuple[str, ...] = ()
    #: The translators' own comments.
    comments: tuple[str, ...] = ()
    #: Where an untouched draft came from: ``apertium eng-spa``, ``tm 100% from <slug>``.
    draft: str | None = None
    #: The English a fuzzy match was translated from.
    previous: str | None = None
    #: The line of the entry in its catalog, for errors.
    line: int = 0

    @property
    def base(self) -> str:
        """The mark of the translation as exported (see :func:`base_of`)."""
        return base_of(self.state, self.target)


@dataclass(frozen=True)
class Document:
    """One release's catalog in one language, or the site's own words in one language."""

    #: The release, or :data:`SITE_WORDS` for the site's own words.
    slug: str
    source_language: str
    target_language: str
    #: The catalog's path in the project: ``locale/fr/LC_MESSAGES/<slug>.po``.
    original: str
    markup: bool
    units: tuple[Unit, ...]
    #: ``{field}`` names are codes (the site's words: ``{organisation}``).
    braces: bool = False


def exchanged(message: Message) -> bool:
    """Whether a catalog entry goes out as a unit: current entries with one form (obsolete
    entries and plurals stay home: no release has plurals)."""
    return bool(message.msgid) and not message.obsolete and message.msgid_plural is None


def state_of(message: Message) -> State:
    """Where the entry's translation stands."""
    if not message.msgstr:
        return State.UNTRANSLATED
    return State.DRAFT if message.fuzzy else State.REVIEWED


def base_of(state: State, text: str) -> str:
    """A mark of a translation and its state (twelve hex digits of their SHA-256): each unit
    carries the mark of what it held when it was exported, so an import can tell the units a
    translator changed from those she left, and a catalog changed since the export from one
    that was not.

    >>> base_of(State.REVIEWED, "Strasbourg")
    'f0459b36ea4b'
    """
    key = f"{state.value}\x00{text if state is not State.UNTRANSLATED else ''}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def unit_id(context: str | None, english: str) -> str:
    """The id of the entry with this context and English.

    >>> unit_id(None, "Strasbourg")
    'ua89f8fc72497'
    """
    key = english if context is None else f"{context}\x04{english}"
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


# -- writing -----------------------------------------------------------------------------------


#: Where communique keeps, in an XLIFF 2 unit, the mark of what it held when exported; XLIFF
#: 1.2 has an attribute for a tool's own data (``extradata``), which holds ``BASE_PREFIX`` and it.
COMMUNIQUE = "urn:communique:xliff"
BASE2 = f"{{{COMMUNIQUE}}}base"
BASE_PREFIX = "communique-base:"
#: What XML 1.0 cannot hold: XLIFF 2 writes such a character as ``<cp hex="000B"/>``.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: The elements whose content is text: indenting them would change the text.
_TEXTS = frozenset(
    f"{{{space}}}{name}"
    for space in (XLIFF2, XLIFF12)
    for name in ("source", "target", "note", "data", "context")
)


def write(document: Document, version: str) -> bytes:
    """The document as XLIFF ``version`` (``2.1`` or ``1.2``); :class:`XliffError` for a 1.2
    document with a character XML 1.0 cannot hold."""
    root = _xliff2(document, version) if version.startswith("2") else _xliff12(document)
    _indent(root, 0)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data


def _indent(element: Any, level: int) -> None:
    """Lay out the structure two spaces a level, and never touch what a source, a target or a
    note says (lxml's pretty printer would indent a source that is one inline code)."""
    children = list(element)
    if not children or element.tag in _TEXTS:
        return
    inside = "\n" + "  " * (level + 1)
    element.text = inside
    for child in children:
        child.tail = inside
        _indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level


def _xliff2(document: Document, version: str) -> Any:
    def tag(name: str) -> str:
        return f"{{{XLIFF2}}}{name}"

    root = etree.Element(
        tag("xliff"),
        {"version": version, "srcLang": document.source_language},
        nsmap={None: XLIFF2, "cq": COMMUNIQUE},  # type: ignore[dict-item]
    )
    root.set("trgLang", document.target_language)
    file = etree.SubElement(root, tag("file"), {"id": document.slug, "original": document.original})
    file.set(XML_SPACE, "preserve")
    for unit in document.units:
        element = etree.SubElement(file, tag("unit"), {"id": unit.id})
        if unit.context is not None:
            element.set("name", NOT_XML.sub("\ufffd", unit.context))
        element.set(BASE2, unit.base)
        notes = _notes(unit)
        if notes:
            holder = etree.SubElement(element, tag("notes"))
            for category, text in notes:
                note = etree.SubElement(holder, tag("note"), {"category": category})
                note.text = NOT_XML.sub("\ufffd", text)  # what a note says is only shown
        original = etree.SubElement(element, tag("originalData"))
        segment = etree.SubElement(element, tag("segment"), {"state": _STATE2[unit.state]})
        codes = _Codes()
        source = _Appender(etree.SubElement(segment, tag("source")), tag("cp"))
        _inline2(source, _pieces(unit.source, document), codes, tag, False)
        if unit.state is not State.UNTRANSLATED:
            target = _Appender(etree.SubElement(segment, tag("target")), tag("cp"))
            _inline2(target, _pieces(unit.target, document), codes, tag, True)
        for key, text in codes.data.items():
            _Appender(etree.SubElement(original, tag("data"), {"id": key}), tag("cp")).text(text)
        if not codes.data:
            element.remove(original)
    return root


def _pieces(text: str, document: Document) -> tuple[Piece, ...]:
    return pieces(text, markup=document.markup, braces=document.braces)


_STATE2 = {State.UNTRANSLATED: "initial", State.DRAFT: "translated", State.REVIEWED: "final"}


def exported_notes(unit: Unit) -> set[str]:
    """What the notes of either version of the export say of a unit: a note that comes back
    from a CAT tool saying one of them (whatever its category, which some tools drop) is
    the export's, not the translator's."""
    return {text for _, text in (*_notes(unit), *_notes12(unit))}


def _notes(unit: Unit) -> list[tuple[str, str]]:
    notes = [("location", where) for where in unit.locations]
    notes += [("role", role) for role in unit.roles]
    notes += [("translator", comment) for comment in unit.comments]
    if unit.draft is not None:
        notes.append(("draft", unit.draft))
    if unit.previous is not None:
        notes.append(("previous-source", unit.previous))
    return notes


class _Appender:
    """Adds text and elements at the end of an element's content (text or a child's tail).
    With ``code_point`` (XLIFF 2's ``cp``), a character XML cannot hold is written as one;
    without it, such a character is an :class:`_Unwritable` error."""

    def __init__(self, parent: Any, code_point: str | None = None):
        self.parent = parent
        self.code_point = code_point
        self.last: Any = None

    def text(self, value: str) -> None:
        position = 0
        for found in NOT_XML.finditer(value):
            if self.code_point is None:
                raise _Unwritable(found.group())
            self._text(value[position : found.start()])
            self.element(self.code_point, {"hex": f"{ord(found.group()):04X}"})
            position = found.end()
        self._text(value[position:])

    def _text(self, value: str) -> None:
        if not value:
            return
        if self.last is None:
            self.parent.text = (self.parent.text or "") + value
        else:
            self.last.tail = (self.last.tail or "") + value

    def element(self, name: str, attributes: dict[str, str]) -> Any:
        self.last = etree.SubElement(self.parent, name, attributes)
        return self.last


class _Unwritable(ValueError):
    """A character XML 1.0 cannot hold, where there is no ``cp`` to write it."""


class _Codes:
    """The ids of one unit's inline codes and of the original text they point at. A code of
    the target that is one of the source's keeps the source's id; the same text is one
    ``data`` element however often it is used."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self._by_text: dict[str, str] = {}
        self._source: list[tuple[tuple[str, ...], str]] = []  # (what, id), in source order
        self._matched: set[str] = set()
        self._next = 1

    def data_id(self, text: str) -> str:
        key = self._by_text.get(text)
        if key is None:
            key = self._by_text[text] = f"d{len(self.data) + 1}"
            self.data[key] = text
        return key

    def code_id(self, piece: Code | Pair, in_target: bool) -> str:
        """The id of a code of the source (the next one), or of the target (the id of the
        source's same code not yet taken, else the next one)."""
        if isinstance(piece, Code):
            signature: tuple[str, ...] = (piece.kind, piece.data)
        else:
            signature = (piece.kind, piece.start, piece.end)
        if in_target:
            for found, code in self._source:
                if found == signature and code not in self._matched:
                    self._matched.add(code)
                    return code
        code = str(self._next)
        self._next += 1
        if not in_target:
            self._source.append((signature, code))
        return code


def _inline2(
    out: _Appender, found: Iterable[Piece], codes: _Codes, tag: Any, in_target: bool
) -> None:
    for piece in found:
        if isinstance(piece, str):
            out.text(piece)
        elif isinstance(piece, Code):
            out.element(
                tag("ph"),
                {
                    "id": codes.code_id(piece, in_target),
                    "type": _TYPE2.get(piece.kind, "other"),
                    "dataRef": codes.data_id(piece.data),
                    "disp": NOT_XML.sub("\ufffd", piece.data),
                    "equiv": NOT_XML.sub("\ufffd", piece.data),
                    "canDelete": "no",
                },
            )
        else:
            attributes = {
                "id": codes.code_id(piece, in_target),
                "type": "link" if piece.kind in ("link", "image") else "fmt",
            }
            if piece.kind in ("emphasis", "strong"):
                attributes["subType"] = "xlf:i" if piece.kind == "emphasis" else "xlf:b"
            attributes |= {
                "dataRefStart": codes.data_id(piece.start),
                "dataRefEnd": codes.data_id(piece.end),
                "dispStart": NOT_XML.sub("\ufffd", piece.start),
                "dispEnd": NOT_XML.sub("\ufffd", piece.end),
            }
            if piece.kind in ("link", "image"):
                attributes["canDelete"] = "no"
            inner = _Appender(out.element(tag("pc"), attributes), out.code_point)
            _inline2(inner, piece.inner, codes, tag, in_target)


_TYPE2 = {"url": "link", "email": "link", "autolink": "link", "html": "fmt", "code": "other"}


def _xliff12(document: Document) -> Any:
    def tag(name: str) -> str:
        return f"{{{XLIFF12}}}{name}"

    root = etree.Element(
        tag("xliff"),
        {"version": "1.2"},
        nsmap={None: XLIFF12},  # type: ignore[dict-item]
    )
    file = etree.SubElement(
        root,
        tag("file"),
        {
            "original": document.original,
            "source-language": document.source_language,
            "target-language": document.target_language,
            "datatype": "po",
        },
    )
    header = etree.SubElement(file, tag("header"))
    etree.SubElement(header, tag("tool"), {"tool-id": "communique", "tool-name": "communique"})
    body = etree.SubElement(file, tag("body"))
    for unit in document.units:
        element = etree.SubElement(body, tag("trans-unit"), {"id": unit.id})
        element.set(XML_SPACE, "preserve")
        if unit.context is not None:
            element.set("resname", NOT_XML.sub("\ufffd", unit.context))
        if unit.state is State.REVIEWED:
            element.set("approved", "yes")
        element.set("extradata", BASE_PREFIX + unit.base)
        codes = _Codes()
        try:
            source = _Appender(etree.SubElement(element, tag("source")))
            _inline12(source, _pieces(unit.source, document), codes, tag, False)
            if unit.state is not State.UNTRANSLATED:
                attributes = {"state": _STATE12[unit.state]}
                qualifier = _qualifier(unit)
                if qualifier is not None:
                    attributes["state-qualifier"] = qualifier
                target = _Appender(etree.SubElement(element, tag("target"), attributes))
                _inline12(target, _pieces(unit.target, document), codes, tag, True)
        except _Unwritable as exc:
            raise XliffError(
                f"holds U+{ord(str(exc)):04X}, a character XML 1.0 cannot hold, which XLIFF 1.2 "
                "cannot write: export as XLIFF 2.1, or remove the character",
                path=document.original,
                line=unit.line or None,
            ) from None
        for where in unit.locations:
            path, _, line = where.rpartition(":")
            group = etree.SubElement(element, tag("context-group"), {"purpose": "location"})
            if not line.isdigit():
                path, line = where, ""
            etree.SubElement(group, tag("context"), {"context-type": "sourcefile"}).text = path
            if line:
                etree.SubElement(group, tag("context"), {"context-type": "linenumber"}).text = line
        for origin, text in _notes12(unit):
            note = etree.SubElement(element, tag("note"), {"from": origin})
            note.text = NOT_XML.sub("\ufffd", text)  # what a note says is only shown
    return root


_STATE12 = {State.DRAFT: "needs-review-translation", State.REVIEWED: "final"}


def _qualifier(unit: Unit) -> str | None:
    if unit.state is not State.DRAFT:
        return None
    if unit.draft is None:
        return "fuzzy-match" if unit.previous is not None else None
    if unit.draft.startswith("tm 100%"):
        return "exact-match"
    if unit.draft.startswith("tm "):
        return "fuzzy-match"
    if unit.draft.startswith("glossary"):
        return "leveraged-glossary"
    return "leveraged-mt"


def _notes12(unit: Unit) -> list[tuple[str, str]]:
    # translate-toolkit's po2xliff writes extracted comments from "developer" and translator
    # comments from "translator": CAT tools and Weblate show them as such.
    notes = [("developer", role) for role in unit.roles]
    notes += [("translator", comment) for comment in unit.comments]
    if unit.draft is not None:
        notes.append(("communique", f"draft: {unit.draft}"))
    if unit.previous is not None:
        notes.append(("communique", f"previous English: {unit.previous}"))
    return notes


def _inline12(
    out: _Appender, found: Iterable[Piece], codes: _Codes, tag: Any, in_target: bool
) -> None:
    """1.2's codes hold the original text: ``ph`` for an atomic one, a ``bpt``/``ept`` pair
    (same id) around the text of a pair."""
    for piece in found:
        if isinstance(piece, str):
            out.text(piece)
        elif isinstance(piece, Code):
            number = codes.code_id(piece, in_target)
            code = out.element(tag("ph"), {"id": number, "ctype": f"x-{piece.kind}"})
            _Appender(code).text(piece.data)
        else:
            number = codes.code_id(piece, in_target)
            ctype = _CTYPE12[piece.kind]
            _Appender(out.element(tag("bpt"), {"id": number, "ctype": ctype})).text(piece.start)
            _inline12(out, piece.inner, codes, tag, in_target)
            _Appender(out.element(tag("ept"), {"id": number})).text(piece.end)


_CTYPE12 = {"emphasis": "italic", "strong": "bold", "link": "link", "image": "x-image"}
