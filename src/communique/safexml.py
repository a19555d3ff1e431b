"""Reading XML that came from elsewhere (a CAT tool's XLIFF, an organisation's TMX) safely.

Such a file is parsed without loading a DTD, without the network and without expanding
entities (:func:`parser`, :data:`OPTIONS`); XLIFF and TMX that declare entities are refused
outright, whatever they hold (:func:`parse_xml`, :func:`refuse_entities`; a TBX glossary's
declarations are only left unexpanded). An entity bomb ("billion laughs") or
an external entity that reads ``/etc/passwd`` is then one line of error, not a frozen run or a
leak, and well-formed XLIFF and TMX never need entities. An entity a document's text uses is
an error too (:func:`refuse_entity_references`): one it does not define (``&nbsp;`` after a
DOCTYPE that names XHTML's DTD) as much as a TBX's own.

The error names the file and the line of the DOCTYPE: ``x.tmx:2: not accepted as TMX: it
declares XML entities ('lol', 'lol1', 'lol2', …), which can expand without bound or read other
files``.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from communique.errors import CommuniqueError
from communique.files import is_utf8

#: What every parser of outside XML is told: load no DTD, fetch nothing, expand no entity,
#: refuse a text node or a depth past libxml2's limits, and keep no comment or processing
#: instruction (they are not content).
OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def parser() -> etree.XMLParser:
    """An lxml parser with :data:`OPTIONS`, for a document read whole."""
    return etree.XMLParser(**OPTIONS)


def parse_xml(
    raw: bytes,
    display: str,
    kind: str,
    error: type[CommuniqueError] = CommuniqueError,
) -> Any:
    """The root element of the document ``raw`` read from ``display``; ``error`` (naming the
    file and line) if it is not well-formed XML or declares entities."""
    encoding_as_written(raw, display, kind, error)
    try:
        root = etree.fromstring(raw, parser())
    except etree.XMLSyntaxError as exc:
        # An entity bomb can stop libxml2 before the DOCTYPE is looked at ("Maximum entity
        # amplification factor exceeded"): what it declares is said as for any other.
        declared = _DECLARED.findall(raw[: raw.find(b"]>") + 2] if b"<!DOCTYPE" in raw else b"")
        if declared:
            names = [name.decode("utf-8", "replace") for name in declared]
            raise _declares(names, raw, display, kind, error) from None
        said, line = plain_message(exc.msg), exc.lineno or None
        raise error(f"not well-formed {kind}: {said}", path=display, line=line) from None
    refuse_entities(root.getroottree().docinfo, raw, display, kind, error)
    refuse_entity_references(root, display, kind, error)
    return root


#: The encoding an XML declaration names (``<?xml version="1.0" encoding="ISO-8859-1"?>``).
_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)"""
)
#: The names UTF-8 goes by, and those of encodings whose bytes are not ASCII's (UTF-16: a
#: parser tells them by their byte-order mark).
_UNICODE = re.compile(
    r"^(?:utf-?8|utf-?16(?:[bl]e)?|utf-?32(?:[bl]e)?|ucs-?[24]|(?:us-)?ascii)$", re.I
)


def encoding_as_written(raw: bytes, display: str, kind: str, error: type[CommuniqueError]) -> None:
    """``error`` where the declaration names a legacy encoding (ISO-8859-1, windows-1251) and
    the bytes are UTF-8 (a file edited or re-saved by a tool that kept the old declaration):
    read as declared, every letter beyond ASCII came garbled ("Ð¡ÑÑÐ°Ñ" for "Страс"), and
    was imported as reviewed. Text in a legacy encoding is almost never valid UTF-8."""
    name = legacy_encoding(raw)
    if name is not None and not raw.isascii() and is_utf8(raw):
        raise misdeclared(name, display, kind, error)


def legacy_encoding(head: bytes) -> str | None:
    """The encoding the XML declaration at the start of ``head`` names, where it is neither
    Unicode nor ASCII; else None."""
    declared = _ENCODING.match(head[:200])
    if declared is None:
        return None
    name = declared.group(1).decode("ascii")
    return None if _UNICODE.match(name) else name


def misdeclared(
    name: str, display: str, kind: str, error: type[CommuniqueError]
) -> CommuniqueError:
    """The error of a file that declares encoding ``name`` and is written in UTF-8."""
    return error(
        f"not read as {kind}: it declares encoding {name!r}, but is written in UTF-8 (its "
        'letters would be read garbled): correct the declaration to encoding="UTF-8"',
        path=display,
        line=1,
    )


def plain_message(message: str) -> str:
    """libxml2's message on one line (a NUL's runs over two), without the advice meant for
    programmers: past its limits a document is refused, not read with another option."""
    message = " ".join(message.split()).replace(" ,", ",")
    if message.startswith("Excessive depth in document"):
        depth = message.split(":")[1].split(",")[0].strip()
        return f"elements nested {depth} deep, more than any such file has (a damaged file?)"
    if "XML_PARSE_HUGE" in message:  # "Text node too long, try XML_PARSE_HUGE, line 1, …"
        what = message.split(":", 1)[-1].split(",")[0].strip().rstrip(".")
        return f"{what[:1].lower()}{what[1:]}, more than any such file holds (a damaged file?)"
    return message


def refuse_entity_references(
    root: Any, display: str, kind: str, error: type[CommuniqueError] = CommuniqueError
) -> None:
    """``error`` at the first entity a document's text uses: one it does not define
    (``&nbsp;``, which XHTML's DTD defines) or one it defines and a parser of outside XML does
    not expand (a TBX's). Its text would be unknown, or missing from a translation."""
    for entity in root.iter(etree.Entity):
        raise error(
            f"the entity {entity.text} is not read (communique reads no DTD and expands no "
            "entity): write the character itself, or its number (&#160; for a no-break space)",
            path=display,
            line=entity.sourceline or None,
        )


def refuse_entities(
    docinfo: Any,
    head: bytes,
    display: str,
    kind: str,
    error: type[CommuniqueError] = CommuniqueError,
) -> None:
    """``error`` if the document (its ``docinfo``; ``head``: its first bytes, to tell the line
    of its DOCTYPE) declares entities."""
    dtd = docinfo.internalDTD
    names = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
    if names:
        raise _declares(names, head, display, kind, error)


#: An entity's declaration in a DTD (a parameter entity's too).
_DECLARED = re.compile(rb"<!ENTITY\s+(?:%\s+)?([^\s\"'>]+)")


def _declares(
    names: list[str], head: bytes, display: str, kind: str, error: type[CommuniqueError]
) -> CommuniqueError:
    doctype = head.find(b"<!DOCTYPE")
    line = head.count(b"\n", 0, doctype) + 1 if doctype >= 0 else None
    shown = ", ".join(repr(name) for name in names[:3]) + (", …" if len(names) > 3 else "")
    return error(
        f"not accepted as {kind}: it declares XML entities ({shown}), which can expand "
        "without bound or read other files",
        path=display,
        line=line,
    )
