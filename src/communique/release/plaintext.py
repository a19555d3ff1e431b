"""Plain-text release bodies: blank-line separated blocks, headings, lists and paragraphs.

The press office writes as it would in an e-mail: a heading is a short standalone line with no
closing punctuation ("Agendas for Discussion"), or a short standalone question between two
blocks that answers it ("What comes next?": see ``_is_question``); a list is lines starting
with ``- ``, ``* ``, ``• `` or ``1. `` (also right under the line ending with a colon that
introduces it); everything else is a paragraph, whose lines may be wrapped. A paragraph of
short lines that do not read as a wrapped sentence ("Press contact:", "Jane Roe", "Tel. +33 3
88 41 25 60") keeps them: see ``_meant_breaks``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from communique.release.blocks import Block, BlockKind, continues_sentence

_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*•]|\d{1,3}[.)])[ \t]+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?:;,…]['\"’”»)\]]*$")
_RULE = re.compile(r"^\s*([-*_#=~])(\s*\1){2,}\s*$")  # "---", "***", "###" separators
_MAX_HEADING_CHARS = 120
_MAX_HEADING_WORDS = 16
_MAX_QUESTION_WORDS = 10
#: The longest line of a paragraph whose lines are each a line of their own.
_MAX_LINE_CHARS = 60
#: The narrowest column a paragraph is wrapped at.
_WRAPPED_FROM = 30


def read_plain_blocks(body: str, first_line: int) -> list[Block]:
    """Blocks of a plain-text body whose first line is line ``first_line`` of the file."""
    blocks: list[Block] = []
    lists = 0
    found = [
        (start, lines)
        for start, lines in _introduced_lists(_paragraphs(body.split("\n"), first_line))
        if not (len(lines) == 1 and _RULE.match(lines[0]))
    ]
    questions = {
        index
        for index, (_, lines) in enumerate(found)
        if 0 < index < len(found) - 1
        and len(lines) == 1
        and _is_question(lines[0])
        and not _is_question(found[index + 1][1][0])  # an answer follows, not a question
    }
    for index, (start, lines) in enumerate(found):
        if index in questions:
            blocks.append(Block(BlockKind.HEADING, lines[0].strip(), start, level=2))
        elif _LIST_ITEM.match(lines[0]):
            lists += 1
            blocks.extend(_list_items(lines, start, lists))
        elif len(lines) == 1 and _is_heading(lines[0]):
            blocks.append(Block(BlockKind.HEADING, lines[0].strip(), start, level=2))
        else:
            stripped = [line.strip() for line in lines]
            breaks = _meant_breaks(stripped)
            blocks.append(Block(BlockKind.PARAGRAPH, "\n".join(stripped), start, breaks=breaks))
    return blocks


def _paragraphs(lines: list[str], first_line: int) -> Iterator[tuple[int, list[str]]]:
    current: list[str] = []
    start = first_line
    for offset, line in enumerate(lines):
        if line.strip():
            if not current:
                start = first_line + offset
            current.append(line)
        elif current:
            yield start, current
            current = []
    if current:
        yield start, current


def _introduced_lists(
    paragraphs: Iterator[tuple[int, list[str]]],
) -> Iterator[tuple[int, list[str]]]:
    """The blocks, a list written right under the line that introduces it set apart from it,
    as in an e-mail: "The Council adopted decisions on:" and its bullets below, no blank line
    between. (The line before the list ends with a colon, and two lines at least are items:
    a wrapped sentence whose line happens to begin with "- " is no list.)"""
    for start, lines in paragraphs:
        first_item = next(
            (
                index
                for index in range(1, len(lines))
                if _LIST_ITEM.match(lines[index]) and lines[index - 1].rstrip().endswith(":")
            ),
            None,
        )
        if (
            first_item is None
            or _LIST_ITEM.match(lines[0])
            or sum(1 for line in lines[first_item:] if _LIST_ITEM.match(line)) < 2
        ):
            yield start, lines
            continue
        yield start, lines[:first_item]
        yield start + first_item, lines[first_item:]


def _meant_breaks(lines: list[str]) -> tuple[int, ...]:
    """Where a paragraph's text (its ``lines`` joined by ``\\n``) breaks a line as its writer
    meant. A paragraph of short lines (a contact, an address, names with their titles) that
    was not wrapped: some line of it would have held the next line's first word, as no line
    wrapped at a width does (nor a paragraph wrapped at a narrow column: its lines are
    ``_WRAPPED_FROM`` characters long at least). There, each line that the next does not go
    on from (a sentence in lower case, "in Strasbourg"; a line ending in a comma) is a line
    of its own."""
    if len(lines) < 2 or any(len(line) > _MAX_LINE_CHARS for line in lines):
        return ()
    width = max(len(line) for line in lines)
    followers = [line.split(maxsplit=1)[0] for line in lines[1:]]
    wrapped = width >= _WRAPPED_FROM and all(
        len(line) + 1 + len(word) > width for line, word in zip(lines, followers, strict=False)
    )
    if wrapped:
        return ()
    breaks = []
    offset = 0
    for number, line in enumerate(lines[:-1]):
        offset += len(line)
        if not continues_sentence(lines[number + 1], line):
            breaks.append(offset)
        offset += 1
    return tuple(breaks)


def _list_items(lines: list[str], start: int, group: int) -> Iterator[Block]:
    marker = _LIST_ITEM.match(lines[0])["marker"]  # type: ignore[index]
    ordered = marker[0].isdigit()
    first = int(marker[:-1]) if ordered else 1  # ("3." after a paragraph: it counts on)
    item: list[str] = []
    item_line = start
    for offset, line in enumerate(lines):
        match = _LIST_ITEM.match(line)
        if match is not None:
            if item:
                yield _item(item, item_line, group, ordered, first)
            item, item_line = [line[match.end() :]], start + offset
        else:
            item.append(line)  # a wrapped continuation of the item above
    yield _item(item, item_line, group, ordered, first)


def _item(lines: list[str], line: int, group: int, ordered: bool, start: int) -> Block:
    text = "\n".join(part.strip() for part in lines)
    return Block(
        BlockKind.LIST_ITEM, text, line, level=1, group=group, ordered=ordered, start=start
    )


def _is_heading(line: str) -> bool:
    text = line.strip()
    return (
        len(text) <= _MAX_HEADING_CHARS
        and len(text.split()) <= _MAX_HEADING_WORDS
        and not _SENTENCE_END.search(text)
        and (text[0].isupper() or text[0].isdigit())
    )


def _is_question(line: str) -> bool:
    """A line that reads as a question heading when it stands alone between two blocks: one
    short question (at most ``_MAX_QUESTION_WORDS`` words, nothing but "?" ending a sentence
    in it), beginning with a capital. ("Why now?" under a paragraph, above its answer.)"""
    text = line.strip()
    return (
        text.endswith("?")
        and len(text.split()) <= _MAX_QUESTION_WORDS
        and text[0].isupper()
        and not _SENTENCE_END.search(text[:-1])
        and not re.search(r"[.!?…]\s", text)
    )
