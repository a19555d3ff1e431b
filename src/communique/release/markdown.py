"""Markdown release bodies, parsed as CommonMark by markdown-it-py.

The block structure comes from the parser; the inline text of each block is kept exactly as
written (``*emphasis*``, ``[links](…)``, ``code``), because the translator translates the
Markdown and the site renders it.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from communique.release.blocks import Block, BlockKind

#: CommonMark, with GitHub's tables (their cells are segments, one table row per ``level``).
_PARSER = MarkdownIt("commonmark").enable("table")


def read_markdown_blocks(body: str, first_line: int) -> list[Block]:
    """Blocks of a Markdown body whose first line is line ``first_line`` of the file."""
    blocks: list[Block] = []
    lists: list[tuple[int, bool]] = []  # open lists: (group number, ordered)
    list_count = 0
    quote_depth = 0
    quote_count = 0
    table_count = 0
    row, row_line = -1, first_line
    tokens = _PARSER.parse(body)
    for index, token in enumerate(tokens):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                list_count += 1
            lists.append((list_count, token.type == "ordered_list_open"))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "blockquote_open":
            if quote_depth == 0:
                quote_count += 1
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type == "table_open":
            table_count += 1
            row = -1
        elif token.type == "tr_open":
            row += 1
            row_line = line
        elif token.type in ("th_open", "td_open"):
            blocks.append(
                Block(
                    BlockKind.TABLE_CELL,
                    _inline(tokens, index),
                    row_line,
                    markup=True,
                    level=row,
                    group=table_count,
                )
            )
        elif token.type == "heading_open":
            text = _inline(tokens, index)
            blocks.append(
                Block(BlockKind.HEADING, text, line, markup=True, level=int(token.tag[1]))
            )
        elif token.type == "paragraph_open":
            text = _inline(tokens, index)
            if lists:
                group, ordered = lists[-1]
                blocks.append(
                    Block(
                        BlockKind.LIST_ITEM,
                        text,
                        line,
                        markup=True,
                        level=len(lists),
                        group=group,
                        ordered=ordered,
                    )
                )
            elif quote_depth:
                blocks.append(Block(BlockKind.QUOTE, text, line, markup=True, group=quote_count))
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, text, line, markup=True))
        elif token.type in ("fence", "code_block", "html_block"):
            blocks.append(Block(BlockKind.VERBATIM, token.content.rstrip("\n"), line, markup=True))
    return blocks


def _inline(tokens: list[Token], index: int) -> str:
    # A hard line break (a backslash or two spaces at the end of a line) is layout, not text:
    # the sentence goes on, and each language breaks its own lines.
    inline = tokens[index + 1]
    lines = inline.content.split("\n")
    return "\n".join(
        part.strip()[:-1].rstrip()
        if number < len(lines) - 1 and _hard_break(part)
        else part.strip()
        for number, part in enumerate(lines)
    )


def _hard_break(line: str) -> bool:
    stripped = line.rstrip(" ")
    return stripped.endswith("\\") and not stripped.endswith("\\\\")
