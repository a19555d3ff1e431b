"""The blocks of a release body — headings, paragraphs, list items, quotes — as read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    QUOTE = "quote"
    #: A cell of a table (GFM): ``group`` is the table, ``level`` the row (0: the header row).
    TABLE_CELL = "table cell"
    #: Code and raw HTML from Markdown: published as written, never translated.
    VERBATIM = "verbatim"


@dataclass(frozen=True)
class Block:
    """One block of the body, with its text as written and where it starts in the file.

    ``text`` keeps the line breaks of the source so a sentence can be traced to its line;
    ``markup`` says whether it is Markdown inline text (emphasis, links, code) or plain text.
    """

    kind: BlockKind
    text: str
    line: int
    markup: bool = False
    #: Heading level (1–6) or list nesting depth (1 for a top-level list).
    level: int = 0
    #: Which list or quotation the block belongs to (1, 2, … in document order), 0 if none.
    group: int = 0
    ordered: bool = False
    #: Position among the blocks of the same kind (paragraph 3), set by the release reader.
    number: int = 0
