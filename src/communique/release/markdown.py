"""Markdown release bodies, parsed as CommonMark by markdown-it-py.

The block structure comes from the parser; the inline text of each block is kept as written
(``*emphasis*``, ``[links](…)``, ``code``), because the translator translates the Markdown and
the site renders it, a sentence at a time. Two things are not: HTML comments, which Markdown
shows no reader (a press officer's "check the figures before release" must not reach the
page, the feeds and every translator), are left out; and a reference link
(``[Oslo Recommendations][oslo]``, defined below the text) is written as the inline link it
stands for, since a sentence rendered alone has no definitions below it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from communique.errors import SourceError, excerpt
from communique.release.blocks import Block, BlockKind, continues_sentence

#: CommonMark, with GitHub's tables (their cells are segments, one table row per ``level``).
_PARSER = MarkdownIt("commonmark").enable("table")


def read_markdown_blocks(body: str, first_line: int) -> list[Block]:
    """Blocks of a Markdown body whose first line is line ``first_line`` of the file."""
    blocks: list[Block] = []
    # Open lists: group number, ordered, first number, and the paragraphs of its open item.
    lists: list[list[Any]] = []
    list_count = 0
    quote_depth = 0
    quote_count = 0
    table_count = 0
    row, row_line = -1, first_line
    env: dict[str, Any] = {}
    parsed = _without_leading_comments(body)
    tokens = _PARSER.parse(parsed, env)
    heading_cells = 0
    references: Mapping[str, Any] = env.get("references", {})
    for index, token in enumerate(tokens):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                list_count += 1
            ordered = token.type == "ordered_list_open"
            start = token.attrGet("start") if ordered else None
            # (And the quotation it opened in: a list in a quote stays in it, not a quote
            # that opens a list item, "1. > The Chair: …".)
            lists.append(
                [list_count, ordered, int(start) if start is not None else 1, 0, quote_depth]
            )
        elif token.type == "list_item_open":
            lists[-1][3] = 0
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
            if row == 0:
                heading_cells = _cells_in_row(tokens, index)
            elif token.map:
                _no_cell_dropped(parsed.split("\n")[token.map[0]], heading_cells, line)
        elif token.type in ("th_open", "td_open"):
            blocks.append(
                Block(
                    BlockKind.TABLE_CELL,
                    _inline(tokens, index, references, row_line)[0],
                    row_line,
                    markup=True,
                    level=row,
                    group=table_count,
                )
            )
        elif token.type == "heading_open":
            text = _inline(tokens, index, references, line)[0]
            if not text.strip():
                # "###", a release's end mark, or a comment alone: no heading to read out,
                # nor an empty msgid (a second header) to translate.
                continue
            blocks.append(
                Block(BlockKind.HEADING, text, line, markup=True, level=int(token.tag[1]))
            )
        elif token.type == "paragraph_open":
            text, breaks = _inline(tokens, index, references, line)
            if lists:
                group, ordered, start, _, quoted = lists[-1]
                lists[-1][3] += 1
                blocks.append(
                    Block(
                        BlockKind.LIST_ITEM,
                        text,
                        line,
                        markup=True,
                        level=len(lists),
                        group=group,
                        ordered=ordered,
                        breaks=breaks,
                        start=start,
                        paragraph=lists[-1][3],
                        quote=quote_count if quoted else 0,
                    )
                )
            elif quote_depth:
                blocks.append(
                    Block(
                        BlockKind.QUOTE, text, line, markup=True, group=quote_count, breaks=breaks
                    )
                )
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, text, line, markup=True, breaks=breaks))
        elif token.type in ("fence", "code_block"):
            blocks.append(Block(BlockKind.VERBATIM, token.content.rstrip("\n"), line, markup=True))
        elif token.type == "html_block":
            # Raw HTML is shown as written (the site renders none); its comments not at all.
            shown = _COMMENT.sub("", token.content).strip("\n")
            if "<!--" in shown and token.content.lstrip().startswith("<!--"):
                # (A comment block runs to its "-->": never closed, to the end of the release,
                # or of its quotation or list. A "<!--" in a <pre> block is its text.)
                _comment_left_open(token.content, line)
            if not shown.strip():
                continue
            if not shown.lstrip().startswith("<"):
                # "<!-- note --> The mission deployed…": CommonMark makes the whole line HTML;
                # without its comment it is text, read as Markdown.
                blocks += read_markdown_blocks(shown.strip(), line)
            else:
                blocks.append(Block(BlockKind.VERBATIM, shown, line, markup=True))
    return blocks


def _cells_in_row(tokens: list[Token], index: int) -> int:
    """How many cells the table row opened at ``tokens[index]`` has."""
    count = 0
    for token in tokens[index + 1 :]:
        if token.type == "tr_close":
            break
        count += token.type in ("th_open", "td_open")
    return count


#: A table's cell divider: a pipe not escaped (GitHub's tables divide within code spans too).
_DIVIDER = re.compile(r"(?<!\\)\|")


def _no_cell_dropped(written: str, heading_cells: int, line: int) -> None:
    """Refuse a table row written with more cells than its heading's: GitHub's tables drop
    the others, unseen by readers and translators alike."""
    row = re.sub(r"^\s*(?:>\s?)*", "", written).strip()
    cells = _DIVIDER.split(row)
    if row.startswith("|"):
        cells = cells[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        cells = cells[:-1]
    dropped = [cell.strip() for cell in cells[heading_cells:] if cell.strip()]
    if heading_cells and dropped:
        raise SourceError(
            f"this table row has {len(cells)} cells, its heading {heading_cells}: a table "
            f"shows none beyond its heading's ({excerpt(dropped[0])} would be left out): add a "
            "heading, or join the cells",
            line=line,
        )


def _comment_left_open(content: str, line: int) -> None:
    """Refuse an HTML comment never closed: CommonMark makes the rest of the body part of
    it, which the site would show as code and no translator would see."""
    opened = _COMMENT.sub(lambda found: "\n" * found.group().count("\n"), content)
    before = opened[: opened.index("<!--")]
    raise SourceError(
        "an HTML comment opens here ('<!--') and is not closed ('-->'): what follows would be "
        "part of it, to the end of the release (or of its quotation or list); close the "
        "comment",
        line=line + before.count("\n"),
    )


#: An HTML comment in raw HTML (an HTML block's own comments: no code span inside it).
_COMMENT = re.compile(r"<!--(?:-?>|.*?-->)", re.DOTALL)  # (<!--> and <!---> are empty ones)
#: A comment of one line at the start of a line, after a quotation's or a list's markers.
_LEADING_COMMENT = re.compile(
    r"^((?: {0,3}(?:>[ ]?|[-*+][ ]+|\d{1,9}[.)][ ]+))*) {0,3}<!--(?:(?!-->).)*-->[ \t]*"
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _without_leading_comments(body: str) -> str:
    """The body without the comments of one line that begin a line (outside code): CommonMark
    makes such a line an HTML block, which cut the paragraph it stood in ("<!-- TODO --> The
    mission deployed" above "forty observers today." made two), and took a quotation's or a
    list item's text out of it. The line's number stays."""
    if "<!--" not in body:
        return body
    lines = body.split("\n")
    fence = ""
    for number, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        if "<!--" in line and not line.startswith("    "):
            lines[number] = _LEADING_COMMENT.sub(r"\1", line)
    return "\n".join(lines)


def _inline(
    tokens: list[Token], index: int, references: Mapping[str, Any], line: int
) -> tuple[str, tuple[int, ...]]:
    """A block's inline text, its lines as written, and where it breaks a line as its writer
    meant: a hard line break (a backslash or two spaces at the end of a line) before a line of
    its own ("Jane Roe", "Tel. +33 3 88 41 25 60" under "**Press contact**"). Before the rest
    of a sentence ("in Strasbourg") it is layout: the sentence goes on, and each language
    breaks its own lines. The block begins on ``line``."""
    inline = tokens[index + 1]
    content = _without_comments(inline.content, inline.children or [])
    shown_as_written(content, inline.children or [], line)
    if references and "[" in content:
        content = _inline_references(content, references)
    lines = content.split("\n")
    parts = []
    breaks = []
    offset = 0
    for number, part in enumerate(lines):
        last = number == len(lines) - 1
        if not last and _hard_break(part):
            part = part.strip()
            part = part[:-1].rstrip() if part.endswith("\\") else part
            if not continues_sentence(lines[number + 1], part):
                breaks.append(offset + len(part))
        else:
            part = part.strip()
        parts.append(part)
        offset += len(part) + 1
    return "\n".join(parts), tuple(breaks)


#: What the pages would show as written, its marks and all, where the writer meant more: a
#: footnote (``[^1]``, and its ``[^1]: …`` below) and struck-through text (``~~old~~``),
#: which CommonMark does not have; and a code span, passed over.
_AS_WRITTEN = re.compile(
    r"(?P<code>(?P<ticks>`+).*?(?P=ticks))"
    # (Passed over too: a link's address, and an autolink, which readers see as written.)
    r"|(?P<address>\]\([^)]*\)|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>)"
    r"|(?<!\\)(?P<footnote>\[\^[A-Za-z0-9_-]+\])"
    r"|(?<![~\\])(?P<struck>~~(?=[^\s~])(?:[^~]|~(?!~))*?(?<=[^\s~\\])~~)(?!~)",
    re.DOTALL,
)
#: The elements of HTML a writer puts in a sentence: "<your name>" or "press<at>osce.org",
#: which CommonMark takes for tags too, are text, and shown as written.
_HTML_ELEMENTS = frozenset(
    "a abbr acronym b bdi bdo big blink br center cite code data del dfn div em font i img "
    "ins kbd label mark nobr p q rp rt ruby s samp small span strike strong sub sup time tt u "
    "var wbr".split()
)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")


def shown_as_written(content: str, children: list[Token], line: int, where: str = "text") -> None:
    """Refuse Markdown inline text (``content``, parsed as ``children``, from ``line``) that
    the pages would show with its marks as written where its writer meant more: a footnote,
    struck-through text, or an HTML tag (CommonMark passes it on as HTML, which the site
    renders none of: "CO<sub>2</sub>" on the page)."""
    found = None
    if "[^" in content or "~~" in content:
        found = next(
            (m for m in _AS_WRITTEN.finditer(content) if m["footnote"] or m["struck"]), None
        )
    if found is not None:
        at = line + content.count("\n", 0, found.start())
        if found["footnote"]:
            raise SourceError(
                f"a footnote ({excerpt(found['footnote'])}): CommonMark has none, and the pages "
                "would show it as written; write the note in the text, or in a paragraph of "
                "its own",
                line=at,
            )
        raise SourceError(
            f"struck-through text ({excerpt(found['struck'])}): CommonMark has none, and the "
            "pages would show the tildes; leave the text out, or write it plainly",
            line=at,
        )
    for child in children:
        if child.type != "html_inline" or child.content.startswith("<!--"):
            continue
        name = _TAG_NAME.match(child.content)
        if name is not None and name[1].lower() in _HTML_ELEMENTS:
            tag = child.content
            position = content.find(tag)
            at = line + content.count("\n", 0, max(position, 0))
            is_break = re.fullmatch(r"<br\s*/?>", tag, re.IGNORECASE) is not None
            advice = (
                "to break the line, end it with a backslash"
                if is_break and where == "text"
                else "write the text without it (CO2, km², **bold**), or escape it (\\<) to show "
                "it as written"
            )
            raise SourceError(
                f"HTML in the {where} ({excerpt(tag)}): the pages would show it as written, "
                f"not as HTML; {advice}",
                line=at,
            )


def title_as_written(title: str, line: int) -> None:
    """Refuse a Markdown release's title (from the front matter's ``line``) that the pages
    would show with its marks as written (see :func:`shown_as_written`)."""
    tokens = _PARSER.parseInline(title)
    shown_as_written(title, tokens[0].children or [] if tokens else [], line, "title")


def _without_comments(content: str, children: list[Token]) -> str:
    """The inline text without the HTML comments the parser found in it (not those inside a
    code span, which are code: it is passed over as the children come in order)."""
    if "<!--" not in content:
        return content
    position = 0
    for child in children:
        if child.type == "code_inline":
            found = content.find(child.content, position)
            position = found + len(child.content) if found >= 0 else position
        elif child.type == "html_inline" and child.content.startswith("<!--"):
            found = content.find(child.content, position)
            if found < 0:
                continue
            before, after = content[:found], content[found + len(child.content) :]
            if before[-1:] in (" ", "\n", "") and after[:1] in (" ", "\n"):
                after = after[1:]  # (one space between the words it stood between)
            content, position = before + after, found
    return content


#: A link or image by reference: ``[text][label]``, ``[label][]``, or ``[label]`` alone; and a
#: code span, passed over.
_REFERENCE = re.compile(
    r"(?P<code>(?P<ticks>`+).*?(?P=ticks))"
    r"|(?P<bang>!?)\[(?P<text>(?:[^\[\]\\]|\\.)*)\]"
    r"(?:\[(?P<label>(?:[^\[\]\\]|\\.)*)\]|(?![\[(:]))",
    re.DOTALL,
)


def _inline_references(content: str, references: Mapping[str, Any]) -> str:
    """The text with each link by reference written as the inline link it stands for, where
    the parser reads both alike (else as written)."""

    def inline(match: re.Match[str]) -> str:
        if match["code"]:
            return match[0]
        label = match["label"] or match["text"]
        found = references.get(normalizeReference(label))
        if found is None:
            return match[0]
        href = found["href"]
        destination = f"<{href}>" if re.search(r"[\s()<>]", href) else href
        title = found.get("title") or ""
        quoted = ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""
        return f"{match['bang']}[{match['text']}]({destination}{quoted})"

    written = _REFERENCE.sub(inline, content)
    if written == content:
        return content
    same = _PARSER.renderInline(written) == _PARSER.renderInline(
        content, {"references": references}
    )
    return written if same else content


def _hard_break(line: str) -> bool:
    """Whether a line ends in a hard line break: two spaces or more, or a backslash."""
    if line.endswith("  "):
        return True
    stripped = line.rstrip(" ")
    return stripped.endswith("\\") and not stripped.endswith("\\\\")
