"""The catalog model: a PO or POT file as data, independent of how it is read or written."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Flags GNU gettext keeps when it rewrites a file; any other flag it silently drops.
FUZZY = "fuzzy"


@dataclass
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


@dataclass
class Catalog:
    """A PO file or POT template: an ordered header and ordered messages."""

    header: list[tuple[str, str]] = field(default_factory=list)
    header_comments: list[str] = field(default_factory=list)
    header_fuzzy: bool = False
    messages: list[Message] = field(default_factory=list)

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
