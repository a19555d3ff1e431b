"""XLIFF documents: one release's catalog in one language, written for a CAT tool (XLIFF 2.1,
or 1.2 for older tools) and read back.

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
  draft's origin and, for a fuzzy match, the English it was translated from.

Read back, a unit is reviewed when the file says ``reviewed`` or ``final`` (2.1), or
``final``/``signed-off`` or ``approved="yes"`` (1.2); any other translation waits for review.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any

from lxml import etree

from communique.errors import CommuniqueError
from communique.exchange.codes import Code, Piece, pieces
from communique.safexml import parse_xml

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
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


@dataclass(frozen=True)
class Document:
    """One release's catalog in one language."""

    slug: str
    source_language: str
    target_language: str
    #: The catalog's path in the project: ``locale/fr/LC_MESSAGES/<slug>.po``.
    original: str
    markup: bool
    units: tuple[Unit, ...]


def unit_id(context: str | None, english: str) -> str:
    """The id of the entry with this context and English.

    >>> unit_id(None, "Strasbourg")
    'ua89f8fc72497'
    """
    key = english if context is None else f"{context}\x04{english}"
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


# -- writing -----------------------------------------------------------------------------------


def write(document: Document, version: str) -> bytes:
    """The document as XLIFF ``version`` (``2.1`` or ``1.2``)."""
    root = _xliff2(document, version) if version.startswith("2") else _xliff12(document)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _xliff2(document: Document, version: str) -> Any:
    def tag(name: str) -> str:
        return f"{{{XLIFF2}}}{name}"

    root = etree.Element(
        tag("xliff"),
        {"version": version, "srcLang": document.source_language},
        nsmap={None: XLIFF2},  # type: ignore[dict-item]
    )
    root.set("trgLang", document.target_language)
    file = etree.SubElement(root, tag("file"), {"id": document.slug, "original": document.original})
    file.set(XML_SPACE, "preserve")
    for unit in document.units:
        element = etree.SubElement(file, tag("unit"), {"id": unit.id})
        if unit.context is not None:
            element.set("name", unit.context)
        notes = _notes(unit)
        if notes:
            holder = etree.SubElement(element, tag("notes"))
            for category, text in notes:
                etree.SubElement(holder, tag("note"), {"category": category}).text = text
        original = etree.SubElement(element, tag("originalData"))
        segment = etree.SubElement(element, tag("segment"), {"state": _STATE2[unit.state]})
        codes = _Codes()
        source = _Appender(etree.SubElement(segment, tag("source")))
        _inline2(source, pieces(unit.source, markup=document.markup), codes, tag, False)
        if unit.state is not State.UNTRANSLATED:
            target = _Appender(etree.SubElement(segment, tag("target")))
            _inline2(target, pieces(unit.target, markup=document.markup), codes, tag, True)
        for key, text in codes.data.items():
            etree.SubElement(original, tag("data"), {"id": key}).text = text
        if not codes.data:
            element.remove(original)
    return root


_STATE2 = {State.UNTRANSLATED: "initial", State.DRAFT: "translated", State.REVIEWED: "final"}


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
    """Adds text and elements at the end of an element's content (text or a child's tail)."""

    def __init__(self, parent: Any):
        self.parent = parent
        self.last: Any = None

    def text(self, value: str) -> None:
        if self.last is None:
            self.parent.text = (self.parent.text or "") + value
        else:
            self.last.tail = (self.last.tail or "") + value

    def element(self, name: str, attributes: dict[str, str]) -> Any:
        self.last = etree.SubElement(self.parent, name, attributes)
        return self.last


class _Codes:
    """The ids of one unit's inline codes and of the original text they point at. A code of
    the target that is one of the source's keeps the source's id; the same text is one
    ``data`` element however often it is used."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self._by_text: dict[str, str] = {}
        self._source: list[tuple[str, str]] = []  # (signature, id), in source order
        self._matched: set[str] = set()
        self._next = 1

    def data_id(self, text: str) -> str:
        key = self._by_text.get(text)
        if key is None:
            key = self._by_text[text] = f"d{len(self.data) + 1}"
            self.data[key] = text
        return key

    def code_id(self, signature: str, in_target: bool) -> str:
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
                    "id": codes.code_id(f"{piece.kind}\x00{piece.data}", in_target),
                    "type": _TYPE2.get(piece.kind, "other"),
                    "dataRef": codes.data_id(piece.data),
                    "disp": piece.data,
                    "equiv": piece.data,
                    "canDelete": "no",
                },
            )
        else:
            signature = f"{piece.kind}\x00{piece.start}\x00{piece.end}"
            attributes = {
                "id": codes.code_id(signature, in_target),
                "type": "link" if piece.kind in ("link", "image") else "fmt",
            }
            if piece.kind in ("emphasis", "strong"):
                attributes["subType"] = "xlf:i" if piece.kind == "emphasis" else "xlf:b"
            attributes |= {
                "dataRefStart": codes.data_id(piece.start),
                "dataRefEnd": codes.data_id(piece.end),
                "dispStart": piece.start,
                "dispEnd": piece.end,
            }
            if piece.kind in ("link", "image"):
                attributes["canDelete"] = "no"
            inner = _Appender(out.element(tag("pc"), attributes))
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
            element.set("resname", unit.context)
        if unit.state is State.REVIEWED:
            element.set("approved", "yes")
        codes = _Codes()
        source = _Appender(etree.SubElement(element, tag("source")))
        _inline12(source, pieces(unit.source, markup=document.markup), codes, tag, False)
        if unit.state is not State.UNTRANSLATED:
            attributes = {"state": _STATE12[unit.state]}
            qualifier = _qualifier(unit)
            if qualifier is not None:
                attributes["state-qualifier"] = qualifier
            target = _Appender(etree.SubElement(element, tag("target"), attributes))
            _inline12(target, pieces(unit.target, markup=document.markup), codes, tag, True)
        for where in unit.locations:
            path, _, line = where.rpartition(":")
            group = etree.SubElement(element, tag("context-group"), {"purpose": "location"})
            if not line.isdigit():
                path, line = where, ""
            etree.SubElement(group, tag("context"), {"context-type": "sourcefile"}).text = path
            if line:
                etree.SubElement(group, tag("context"), {"context-type": "linenumber"}).text = line
        for origin, text in _notes12(unit):
            etree.SubElement(element, tag("note"), {"from": origin}).text = text
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
            number = codes.code_id(f"{piece.kind}\x00{piece.data}", in_target)
            out.element(tag("ph"), {"id": number, "ctype": f"x-{piece.kind}"}).text = piece.data
        else:
            number = codes.code_id(f"{piece.kind}\x00{piece.start}\x00{piece.end}", in_target)
            ctype = _CTYPE12[piece.kind]
            out.element(tag("bpt"), {"id": number, "ctype": ctype}).text = piece.start
            _inline12(out, piece.inner, codes, tag, in_target)
            out.element(tag("ept"), {"id": number}).text = piece.end


_CTYPE12 = {"emphasis": "italic", "strong": "bold", "link": "link", "image": "x-image"}


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadUnit:
    """A unit as a CAT tool sent it back."""

    id: str
    context: str | None
    source: str
    #: None when the unit has no translation (no target, or an empty one).
    target: str | None
    reviewed: bool
    line: int
    #: Why the unit's translation cannot be taken (a code with no original text), if it cannot.
    problem: str | None = None


@dataclass(frozen=True)
class ReadFile:
    """A ``file`` of an XLIFF document: one release in one language."""

    slug: str
    target_language: str
    line: int
    units: tuple[ReadUnit, ...]


class _CodeProblem(Exception):
    """An inline code whose original text is not in the file."""


def read(raw: bytes, display: str) -> tuple[ReadFile, ...]:
    """The files of an XLIFF 2.x or 1.2 document; :class:`XliffError` (with the line) if it is
    not well-formed, hostile, not XLIFF, or does not say which release or language it holds."""
    root = parse_xml(raw, display, "XLIFF", XliffError)
    if root.tag == f"{{{XLIFF2}}}xliff":
        return tuple(_read2(root, display))
    if root.tag == f"{{{XLIFF12}}}xliff":
        return tuple(_read12(root, display))
    raise XliffError(
        f"not XLIFF 2 or 1.2: the root element is <{etree.QName(root).localname}> in "
        f"namespace {etree.QName(root).namespace or '(none)'!r}",
        path=display,
        line=root.sourceline,
    )


def _read2(root: Any, display: str) -> Iterator[ReadFile]:
    def tag(name: str) -> str:
        return f"{{{XLIFF2}}}{name}"

    language = root.get("trgLang")
    if not language:
        raise XliffError(
            "the document has no trgLang: it does not say which language it translates into",
            path=display,
            line=root.sourceline,
        )
    for file in root.iterchildren(tag("file")):
        units = []
        for unit in file.iter(tag("unit")):
            if unit.get("translate") == "no":
                continue
            data = {
                element.get("id"): _text2(element, {})
                for element in unit.iterfind(f"{tag('originalData')}/{tag('data')}")
            }
            sources: list[str] = []
            targets: list[str | None] = []
            states: list[str] = []
            problem = None
            for part in unit.iterchildren(tag("segment"), tag("ignorable")):
                source, translation = part.find(tag("source")), part.find(tag("target"))
                try:
                    sources.append(_text2(source, data) if source is not None else "")
                    if translation is not None:
                        targets.append(_text2(translation, data))
                    elif part.tag == tag("ignorable"):
                        targets.append(sources[-1])  # what is between segments stays as it is
                    else:
                        targets.append(None)
                except _CodeProblem as exc:
                    problem = str(exc)
                if part.tag == tag("segment"):
                    states.append(part.get("state", "initial"))
            translated = [text for text in targets if text is not None]
            target = "".join(translated) if translated else None
            if target is not None and len(translated) < len(targets):
                problem = problem or "only some of its segments are translated"
            units.append(
                ReadUnit(
                    id=unit.get("id", ""),
                    context=unit.get("name"),
                    source="".join(sources),
                    target=target or None,
                    reviewed=bool(states) and all(s in ("reviewed", "final") for s in states),
                    line=unit.sourceline,
                    problem=problem,
                )
            )
        yield ReadFile(file.get("id", ""), language, file.sourceline, tuple(units))


def _text2(element: Any, data: dict[str, str]) -> str:
    """The text an XLIFF 2 source or target stands for: every code as its original text."""
    parts = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname
        if name == "ph" or name in ("sc", "ec"):
            parts.append(_original(child, "dataRef", data))
        elif name == "pc":
            parts += [
                _original(child, "dataRefStart", data),
                _text2(child, data),
                _original(child, "dataRefEnd", data),
            ]
        elif name == "mrk":
            parts.append(_text2(child, data))
        elif name == "cp":
            parts.append(_code_point(child))
        elif name not in ("sm", "em"):
            raise _CodeProblem(f"line {child.sourceline}: <{name}> is no XLIFF 2 inline element")
        parts.append(child.tail or "")
    return "".join(parts)


def _original(element: Any, attribute: str, data: dict[str, str]) -> str:
    key = element.get(attribute)
    if key is None or key not in data:
        name = etree.QName(element).localname
        raise _CodeProblem(
            f"line {element.sourceline}: the code <{name} id={element.get('id')!r}> has no "
            "original text in the file (added in the CAT tool?)"
        )
    return data[key]


def _code_point(element: Any) -> str:
    try:
        return chr(int(element.get("hex", ""), 16))
    except (ValueError, OverflowError):
        raise _CodeProblem(
            f"line {element.sourceline}: <cp hex={element.get('hex')!r}> is no code point"
        ) from None


def _read12(root: Any, display: str) -> Iterator[ReadFile]:
    def tag(name: str) -> str:
        return f"{{{XLIFF12}}}{name}"

    for file in root.iterchildren(tag("file")):
        language = file.get("target-language")
        if not language:
            raise XliffError(
                "the file has no target-language: it does not say which language it translates "
                "into",
                path=display,
                line=file.sourceline,
            )
        name = PurePosixPath(file.get("original", "")).name
        slug = name.removesuffix(".po")
        units = []
        for unit in file.iter(tag("trans-unit")):
            if unit.get("translate") == "no":
                continue
            source, target = unit.find(tag("source")), unit.find(tag("target"))
            english, text, problem = "", None, None
            try:
                english = _text12(source) if source is not None else ""
                text = _text12(target) if target is not None else None
            except _CodeProblem as exc:
                problem = str(exc)
            state = target.get("state") if target is not None else None
            units.append(
                ReadUnit(
                    id=unit.get("id", ""),
                    context=unit.get("resname"),
                    source=english,
                    target=text or None,
                    reviewed=unit.get("approved") == "yes" or state in ("final", "signed-off"),
                    line=unit.sourceline,
                    problem=problem,
                )
            )
        yield ReadFile(slug, language, file.sourceline, tuple(units))


def _text12(element: Any) -> str:
    """The text an XLIFF 1.2 source or target stands for: a code element holds its original."""
    parts = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname
        if name in ("ph", "bpt", "ept", "it"):
            parts.append("".join(child.itertext()))
        elif name in ("g", "mrk"):
            parts.append(_text12(child))
        else:
            raise _CodeProblem(
                f"line {child.sourceline}: the code <{name} id={child.get('id')!r}> has no "
                "original text in the file"
            )
        parts.append(child.tail or "")
    return "".join(parts)
