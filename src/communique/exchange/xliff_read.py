"""Reading XLIFF back from a CAT tool: 2.x or 1.2, whichever tool wrote it.

What a unit says, in the catalog's terms:

* its English, and its translation with every inline code as the original text it stands for
  (2.x: ``originalData``; 1.2: the text a ``ph``, ``bpt``, ``ept`` or ``it`` holds). A code
  whose original text is not in the file (one a CAT tool added) makes the unit a problem;
* reviewed when the file says ``reviewed`` or ``final`` (2.x), ``final`` or ``signed-off`` or
  ``approved="yes"`` (1.2); any other translation waits for review;
* no translation when there is no target, an empty one, or one a tool filled in with the
  English itself and left in its first state (2.x ``initial``, 1.2 ``new`` or
  ``needs-translation``): several CAT tools copy the source into every target they open;
* the mark of what it held when communique exported it (see :func:`.xliff.base_of`), if the
  tool kept it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from lxml import etree

from communique.errors import excerpt
from communique.exchange.xliff import (
    BASE2,
    BASE_PREFIX,
    XLIFF2,
    XLIFF11,
    XLIFF12,
    State,
    XliffError,
    base_of,
)
from communique.safexml import parse_xml
from communique.workspace.layout import SITE_WORDS


@dataclass(frozen=True)
class ReadUnit:
    """A unit as a CAT tool sent it back."""

    id: str
    source: str
    #: None when the unit has no translation.
    target: str | None
    reviewed: bool
    line: int
    #: Why the unit's translation cannot be taken (a code with no original text), if it cannot.
    problem: str | None = None
    #: The mark of what the unit held when it was exported, if the file kept it.
    base: str | None = None
    #: The notes a translator wrote on it in the CAT tool (not those the export wrote but the
    #: translator comments it carried), each as written.
    notes: tuple[str, ...] = ()

    @property
    def state(self) -> State:
        if self.target is None:
            return State.UNTRANSLATED
        return State.REVIEWED if self.reviewed else State.DRAFT

    @property
    def mark(self) -> str:
        """The mark of what the unit holds now, to compare with :attr:`base`."""
        return base_of(self.state, self.target or "")


@dataclass(frozen=True)
class ReadFile:
    """A ``file`` of an XLIFF document: one release in one language."""

    slug: str
    target_language: str
    line: int
    units: tuple[ReadUnit, ...]
    #: The language it translates from, as it says (``srcLang``, ``source-language``).
    source_language: str = ""


class _CodeProblem(Exception):
    """An inline code whose original text is not in the file."""


def read(raw: bytes, display: str) -> tuple[ReadFile, ...]:
    """The files of an XLIFF 2.x or 1.2 document; :class:`XliffError` (with the line) if it is
    not well-formed, hostile, not XLIFF, or does not say which release or language it holds."""
    root = parse_xml(raw, display, "XLIFF", XliffError)
    version = root.get("version")
    major = {f"{{{XLIFF2}}}xliff": "2", f"{{{XLIFF12}}}xliff": "1", f"{{{XLIFF11}}}xliff": "1"}.get(
        root.tag
    )
    if major is not None and version is not None and version.split(".")[0] != major:
        # (A file of another version read as this namespace's would be read wrong, silently.)
        raise XliffError(
            f"XLIFF version {excerpt(version)} under the namespace of XLIFF {major}: this reads "
            "XLIFF 2.0, 2.1, 2.2 and 1.2",
            path=display,
            line=root.sourceline,
        )
    if root.tag == f"{{{XLIFF2}}}xliff":
        files = tuple(_read2(root, display))
    elif root.tag in (f"{{{XLIFF12}}}xliff", f"{{{XLIFF11}}}xliff"):
        # (1.1, as Translate Toolkit's po2xliff writes it, is 1.2's vocabulary in its own
        # namespace.)
        files = tuple(_read12(root, display, etree.QName(root).namespace))
    else:
        raise XliffError(
            f"not XLIFF 2, 1.2 or 1.1: the root element is <{etree.QName(root).localname}> in "
            f"namespace {etree.QName(root).namespace or '(none)'!r}",
            path=display,
            line=root.sourceline,
        )
    if not files:
        raise XliffError("holds no <file>: there is nothing to import", path=display, line=1)
    return files


def _read2(root: Any, display: str) -> Iterator[ReadFile]:
    def tag(name: str) -> str:
        return f"{{{XLIFF2}}}{name}"

    language = _required(
        root, "trgLang", "the document", "which language it translates into", display
    )
    for file in root.iterchildren(tag("file")):
        slug = _required(file, "id", "the <file>", "which release it holds", display)
        units = [_unit2(unit, tag) for unit in file.iter(tag("unit"))]
        kept = tuple(u for u in units if u is not None)
        yield ReadFile(slug, language, file.sourceline, kept, root.get("srcLang", ""))


def _required(element: Any, attribute: str, owner: str, says: str, display: str) -> str:
    """The attribute that says which release or language a file is for; an error without it."""
    value: str | None = element.get(attribute)
    if not value:
        raise XliffError(
            f"{owner} has no {attribute}: it does not say {says}",
            path=display,
            line=element.sourceline,
        )
    return value


def _unit2(unit: Any, tag: Any) -> ReadUnit | None:
    if unit.get("translate") == "no":
        return None
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
            text = _text2(translation, data) if translation is not None else None
            if part.tag == tag("segment") and (text or "").strip() == "" and sources[-1].strip():
                text = None  # an empty target: the segment is not translated (yet)
            if text is not None:
                targets.append(text)
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
    english = "".join(sources)
    if target is not None and len(translated) < len(targets):
        problem = problem or "only some of its segments are translated"
    if all(state == "initial" for state in states) and target == english:
        target = None  # the English copied into the target, and no more
    return ReadUnit(
        id=unit.get("id", ""),
        source=english,
        target=target or None,
        reviewed=bool(states) and all(s in ("reviewed", "final") for s in states),
        line=unit.sourceline,
        problem=problem,
        base=unit.get(BASE2),
        notes=tuple(
            note.text or ""
            for note in unit.iterfind(f"{tag('notes')}/{tag('note')}")
            if note.get("category") not in _EXPORTED_NOTES_2
        ),
    )


#: The categories of the notes the export writes for the translator to read (where the
#: sentence is, its role, where a draft came from, the English it was made for): what else a
#: unit's notes say, the translator wrote (or the CAT tool, on the translator's word).
_EXPORTED_NOTES_2 = frozenset({"location", "role", "draft", "previous-source"})


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
    """The character a ``cp`` stands for; one a catalog cannot hold (NUL, a lone surrogate) is
    the unit's problem."""
    written = element.get("hex", "")
    try:
        value = int(written, 16)
    except ValueError:
        value = -1
    if not 0 < value <= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise _CodeProblem(
            f"line {element.sourceline}: <cp hex={written!r}> is no character a catalog can hold"
        )
    return chr(value)


def _read12(root: Any, display: str, namespace: str = XLIFF12) -> Iterator[ReadFile]:
    def tag(name: str) -> str:
        return f"{{{namespace}}}{name}"

    for file in root.iterchildren(tag("file")):
        what = "which language it translates into"
        language = _required(file, "target-language", "the file", what, display)
        # (Only the name: "original" is a path in the project that wrote the file;
        # locale/site/<ll>.po holds the site's own words.)
        original = PurePosixPath(file.get("original", ""))
        slug = SITE_WORDS if original.parent.name == "site" else original.name.removesuffix(".po")
        units = [_unit12(unit, tag) for unit in file.iter(tag("trans-unit"))]
        kept = tuple(u for u in units if u is not None)
        yield ReadFile(slug, language, file.sourceline, kept, file.get("source-language", ""))


def _unit12(unit: Any, tag: Any) -> ReadUnit | None:
    if unit.get("translate") == "no" or unit.get("restype") == "x-gettext-domain-header":
        return None  # (not for translators; a catalog's header, as po2xliff sends it)
    source, target = unit.find(tag("source")), unit.find(tag("target"))
    english, text, problem = "", None, None
    rewritten = sorted(
        {
            etree.QName(code).localname
            for code in (source.iterdescendants() if source is not None else ())
            if isinstance(code.tag, str) and etree.QName(code).localname in _NOT_EXPORTED
        }
    )
    try:
        english = _text12(source) if source is not None else ""
        codes = _codes12(source) if source is not None else {}
        text = _text12(target, codes) if target is not None else None
    except _CodeProblem as exc:
        problem = str(exc)
    if rewritten and (text or "").strip():
        # The export writes a source's codes as bpt/ept/ph holding what they stand for (the
        # Markdown); a tool that rewrote them as <g> or <x/> lost it, and the unit's English
        # read as another's ("changed since the export"), its translation without its links.
        problem = (
            "its source came back with codes the export does not write ("
            + ", ".join(f"<{name}>" if name == "g" else f"<{name}/>" for name in rewritten)
            + "): the text they stand for is lost; keep the source as exported, or export again"
        )
    state = target.get("state") if target is not None else None
    approved = unit.get("approved") == "yes"
    if state in ("new", "needs-translation") and not approved and text == english:
        text = None  # the English copied into the target, and no more
    if (text or "").strip() == "" and english.strip():
        text = None  # an empty target (or a space): the unit is not translated, as in 2.x
    extra = unit.get("extradata") or ""
    return ReadUnit(
        id=unit.get("id", ""),
        source=english,
        target=text or None,
        # A state that says the target waits for a review outweighs approved="yes": our export
        # sets it on reviewed units, and a CAT tool that edits one changes only the state.
        reviewed=state in ("final", "signed-off") or (approved and state not in _UNREVIEWED),
        line=unit.sourceline,
        problem=problem,
        base=extra.removeprefix(BASE_PREFIX) if extra.startswith(BASE_PREFIX) else None,
        notes=tuple(
            note.text or ""
            for note in unit.iterchildren(tag("note"))
            if note.get("from") not in ("developer", "communique")  # (the export's: _notes12)
        ),
    )


#: The 1.2 codes the export never writes in a source (a CAT tool's rewriting of its own).
_NOT_EXPORTED = frozenset({"g", "x", "bx", "ex"})

#: The 1.2 target states that say it is not reviewed (new, or needing work or a review).
_UNREVIEWED = frozenset(
    {
        "new",
        "needs-translation",
        "needs-adaptation",
        "needs-l10n",
        "needs-review-translation",
        "needs-review-adaptation",
        "needs-review-l10n",
    }
)


def _codes12(source: Any) -> dict[tuple[str, str], str]:
    """The original text of each code of a 1.2 source, by its kind and id (``("bpt", "1")``:
    ``**``); a ``g`` of the source's own is there with no text."""
    codes = {}
    for child in source.iter():
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name in ("ph", "bpt", "ept", "it", "g") and child.get("id") is not None:
            codes[name, child.get("id")] = "".join(child.itertext()) if name != "g" else ""
    return codes


#: The 1.2 elements that stand for a code of the source by its id, with no text of their own
#: (what Trados and memoQ write for the ``bpt``/``ept`` and ``ph`` they were given).
_EMPTY_CODES = {"x": ("ph", "it"), "bx": ("bpt",), "ex": ("ept",)}


def _text12(element: Any, codes: dict[tuple[str, str], str] | None = None) -> str:
    """The text an XLIFF 1.2 source or target stands for: a code element holds its original.
    In a target (``codes``: the source's), a ``g`` around text stands for the source's
    ``bpt``/``ept`` pair of its id, and ``x``, ``bx``, ``ex`` for its ``ph``, ``bpt``, ``ept``."""
    known = codes if codes is not None else {}
    parts = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname
        # (A bx/ex pair may name the code it stands for by rid, its own ids being new.)
        key = (child.get("rid") if name in ("bx", "ex") else None) or child.get("id") or ""
        if name in ("ph", "bpt", "ept", "it"):
            # A code the source has, by its kind and id, stays as the source has it: one the
            # CAT tool changed (a link's address rewritten) is not taken. (The export gives a
            # code of the translation's own, a link the translator localized, an id of its
            # own: that one is the translation's, as written.)
            written = "".join(child.itertext())
            original = known.get((name, key)) if codes is not None else None
            if original is not None and written and written != original:
                raise _CodeProblem(
                    f"line {child.sourceline}: the code <{name} id={key!r}> was changed in the "
                    f"CAT tool ({excerpt(original)} became {excerpt(written)}): codes stay as "
                    "the source has them (a link's address is changed in the catalog)"
                )
            parts.append(original if original is not None else written)
        elif name == "mrk" or (name == "g" and (codes is None or ("g", key) in known)):
            parts.append(_text12(child, codes))
        elif name == "g" and ("bpt", key) in known and ("ept", key) in known:
            parts += [known["bpt", key], _text12(child, codes), known["ept", key]]
        elif codes is not None and name in _EMPTY_CODES:
            found = next((known[k, key] for k in _EMPTY_CODES[name] if (k, key) in known), None)
            if found is None:
                raise _CodeProblem(
                    f"line {child.sourceline}: the code <{name} id={key!r}> stands for no code "
                    "of the source (added in the CAT tool?)"
                )
            parts.append(found)
        elif name == "g":
            raise _CodeProblem(
                f"line {child.sourceline}: the code <g id={key!r}> stands for no code of the "
                "source (added in the CAT tool?)"
            )
        else:
            raise _CodeProblem(
                f"line {child.sourceline}: the code <{name} id={child.get('id')!r}> has no "
                "original text in the file"
            )
        parts.append(child.tail or "")
    return "".join(parts)
