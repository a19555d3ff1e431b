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

    def __reduce_ex__(self, protocol: object) -> tuple[type[BlockKind], tuple[str]]:
        # Pickled by value, as Python 3.11.5 and later do: 3.11.0 to 3.11.4 (Debian bookworm's
        # 3.11.2) write a call of getattr, which a stored release may not hold (see
        # communique.release.stored).
        return BlockKind, (self.value,)


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
    #: Where ``text`` breaks a line as its writer meant (a contact's name, telephone and
    #: address one under the other): the offsets of those ``\n``. Each ends a segment, and
    #: the page breaks the line there; the other line breaks are wrapping.
    breaks: tuple[int, ...] = ()
    #: An ordered list's first number ("3." after a paragraph that interrupts it): its items
    #: count on from there.
    start: int = 1
    #: Which paragraph of its list item it is: 2 and on stay in the item above (an item of
    #: several paragraphs is one item).
    paragraph: int = 1
    #: The quotation a list item stands in (its ``group``, 1, 2, …), 0 if none: the page keeps
    #: it there.
    quote: int = 0


#: What may open a line before its first word: quotation marks, brackets, emphasis.
_OPENING = "\"'“‘«([*_"


def continues_sentence(line: str, before: str = "") -> bool:
    """Whether a line reads as the rest of the sentence above it (``before``), so a break
    before it is no line of its own: the line above ends in a comma, or its first word begins
    in lower case ("in Strasbourg") and is no label ("tel.:", "e-mail:", "mobile:") nor an
    address ("press@osce.org", "coe.int/press"), which a contact has on a line of its own."""
    if before.rstrip().endswith((",", ";")):
        return True
    word = line.lstrip().lstrip(_OPENING).split(maxsplit=1)
    if not word or not word[0][0].islower():
        return False
    first = word[0]
    if first.endswith((":", ".")) or "@" in first or "." in first.rstrip(".,;:"):
        return False  # a label, an abbreviation, an address
    return not first.startswith(("http://", "https://"))
