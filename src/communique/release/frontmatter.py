"""YAML front matter at the top of a release: ``---``, ``key: value`` lines, ``---``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from communique.errors import SourceError, excerpt

# PyYAML (0.03 s to import) only for a release that has front matter.
if TYPE_CHECKING:
    import yaml

_FENCE = "---"
_CLOSERS = ("---", "...")


@dataclass(frozen=True)
class FrontMatter:
    """The parsed mapping, where each key sits in the file, and where the body begins."""

    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    #: Number of lines the front matter takes (0 when there is none).
    length: int = 0
    #: Each list's items as written, before YAML reads them (``NO``, Norway, is no ``false``).
    written: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Each single value as written, before YAML reads it (``id: 0123`` is no octal 83).
    scalars: dict[str, str] = field(default_factory=dict)


def _load(source: str) -> tuple[yaml.Node | None, Any]:
    """The front matter's node (for the lines of its keys) and its data, parsed once, with
    libyaml's parser where PyYAML has it (its wheels do): ten times faster than PyYAML's own."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(source)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _impossible_date(source: str) -> tuple[int, str]:
    """The line (in the release) and text of the first value YAML reads as a date that cannot
    be one: composed again, without making any value, and each date tried alone."""
    import yaml

    node = yaml.compose(source, Loader=yaml.SafeLoader)
    constructor = yaml.SafeLoader("")
    pending = [node] if node is not None else []
    while pending:
        current = pending.pop(0)
        if isinstance(current, yaml.MappingNode):
            pending.extend(value for pair in current.value for value in pair)
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)
        elif isinstance(current, yaml.ScalarNode) and current.tag == "tag:yaml.org,2002:timestamp":
            try:
                constructor.construct_yaml_timestamp(current)
            except (ValueError, OverflowError):
                return current.start_mark.line + 2, str(current.value)
    return 2, ""


def _explain(source: str, path: str) -> tuple[yaml.Node | None, Any]:
    """Parse again with PyYAML's own parser, whose messages and marks the errors quote."""
    import yaml

    try:
        return yaml.compose(source, Loader=yaml.SafeLoader), yaml.safe_load(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        lines = source.split("\n")
        if (
            exc.context_mark is not None
            and exc.problem_mark is not None
            and (exc.context or "").startswith("while parsing a flow")
            and exc.problem_mark.line > exc.context_mark.line
            and _FIELD.fullmatch(
                lines[exc.problem_mark.line] if exc.problem_mark.line < len(lines) else ""
            )
        ):
            # A list left open ("tags: [budget, elections"), or a title that begins with "[":
            # the parser notices at the next field, the field that opened it is to be
            # corrected. (Not a line within a list that runs over lines.)
            mark = exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        written = lines[line - 2] if 0 <= line - 2 < len(lines) else ""
        advice = _advice(written, problem)
        if advice is not None:
            raise SourceError(advice, path=path, line=line) from None
        raise SourceError(
            f"invalid front matter: {problem} (a value with ': ', or that begins with a quotation "
            "mark, '[', '@', '`', '*', '>' or '|', must be put in quotes)",
            path=path,
            line=line,
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"invalid front matter: {exc}", path=path, line=1) from None


def _plain_values(node: yaml.Node, path: str) -> None:
    """No value written with YAML's anchors and aliases (``&a``, ``*a``), which no release
    needs: nested nine deep, a few lines named a value of billions of items, and every command
    hung as it quoted it in a message; and no escape for a character a release may not hold
    (``"\\0"``: a NUL, which gettext reads as the end of a string; ``"\\u202E"``; ``"\\uD800"``,
    half of a character), as the file's own text may not hold it."""
    import yaml

    from communique.controls import bidi_problem, control_character, noncharacter

    seen: set[int] = set()
    pending = [node]
    while pending:
        current = pending.pop()
        line = current.start_mark.line + 2
        if id(current) in seen:  # (a value met twice: an alias, of a list or a word)
            raise SourceError(
                "invalid front matter: anchors and aliases ('&name', '*name') are not read: "
                "write each value out",
                path=path,
                line=line,
            )
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode | yaml.SequenceNode):
            items = current.value
            pending.extend(
                (part for pair in items for part in pair)
                if isinstance(current, yaml.MappingNode)
                else items
            )
            continue
        value = str(current.value)
        half = next((c for c in value if "\ud800" <= c <= "\udfff"), None)
        if half is not None:
            problem = f"an escape for half a character (U+{ord(half):04X}): write the character"
            raise SourceError(f"invalid front matter: {problem}", path=path, line=line)
        found = control_character(value)
        kind = "a control character"
        if found is None:
            found, kind = noncharacter(value), "a noncharacter"
        if found is not None:
            raise SourceError(
                f"invalid front matter: {kind} ({found[1]}) in a value, written as an escape: "
                "remove it",
                path=path,
                line=line,
            )
        reordered = bidi_problem(value)
        if reordered is not None:
            raise SourceError(f"invalid front matter: {reordered}", path=path, line=line)


_FIELD = re.compile(r"(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>\S.*?)\s*$")
#: The fields whose values are lists (``tags: [a, b]``).
_LISTS = ("tags", "aliases", "states")
_TOKEN = re.compile(
    r"found (?:character '(?P<char>.)' that cannot start any token|undefined alias)"
)


def _advice(written: str, problem: str) -> str | None:
    """What is wrong with a ``key: value`` line, in the words of the people who write releases,
    and the line as it should be written; None where the line is not one field."""
    field = _FIELD.fullmatch(written)
    if field is None:
        return None
    key, value = field["key"], field["value"]
    listing = problem.startswith("expected ',' or ']'")
    if listing and key in _LISTS:
        return f"invalid front matter: the list of {excerpt(key)} is not closed: end it with ']'"
    token = _TOKEN.search(problem)
    if listing or (problem.startswith("expected <block end>") and value[:1] == "["):
        reason = "begins with '[', which front matter reads as the start of a list"
    elif problem.startswith("mapping values are not allowed"):
        reason = "contains ': ' (a colon and a space), which front matter reads as a new field"
    elif token is not None:
        reason = f"begins with {excerpt(token['char'] or value[:1])}, which front matter reserves"
    elif problem.startswith("expected <block end>") and value[:1] in "\"'":
        reason = "begins with a quotation mark that closes before the value ends"
    elif problem.startswith("expected a comment or a line break") and value[:1] in ">|":
        reason = f"begins with {excerpt(value[:1])}, which front matter reserves"
    else:
        return None
    if len(value) > 2 and value[0] == value[-1] == "'":
        value = value[1:-1]  # quoted already, but for an apostrophe: 'It's here'
    quoted = "'" + value.replace("'", "''") + "'"
    return (
        f"invalid front matter: the value of {excerpt(key)} {reason}: put the whole value in "
        f"quotes: {key}: {quoted}"
    )


#: The keys a release's front matter may have.
FRONT_MATTER_KEYS = (
    "title",
    "id",
    "date",
    "place",
    "agency",
    "tags",
    "states",
    "aliases",
    "embargo",
    "status",
    "draft",
    "updated",
    "correction",
    "image",
)
#: A fence of dashes, and what opens front matter after one: a key of it, and its colon.
_DASHES = re.compile(r"^-{3,}\s*$")
_KEY = re.compile(rf"^(?:{'|'.join(FRONT_MATTER_KEYS)})[ \t]*:")


def _misplaced_front_matter(lines: list[str], path: str) -> None:
    """Refuse front matter that is not read as such, which would go to translators and
    readers as text (its keys a heading, "title: … date: …"): after blank lines, or between
    fences of four dashes or more."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not _DASHES.match(lines[first]):
        return
    if first + 1 >= len(lines) or not _KEY.match(lines[first + 1]):
        return
    if not any(_DASHES.match(line) or line.rstrip() == "..." for line in lines[first + 2 :]):
        return
    if first > 0:
        raise SourceError(
            f"front matter after {first} blank line{'s' if first > 1 else ''}: it is read only "
            "from the first line (else it is text, which translators and readers get): remove "
            f"the blank line{'s' if first > 1 else ''} above '---'",
            path=path,
            line=first + 1,
        )
    raise SourceError(
        f"front matter between {excerpt(lines[0].strip())} lines is not read (else it is text, "
        "which translators and readers get): write '---', three dashes",
        path=path,
        line=1,
    )


def split_front_matter(text: str, *, path: str) -> tuple[FrontMatter, str]:
    """Separate front matter from the body; the body keeps its own lines intact.

    >>> matter, body = split_front_matter("---\\ntitle: Hi\\n---\\nBody\\n", path="x.txt")
    >>> matter.fields, matter.lines, matter.length, body
    ({'title': 'Hi'}, {'title': 2}, 3, 'Body\\n')
    """
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "+++" and "+++" in (line.rstrip() for line in lines[1:]):
        # Hugo's TOML front matter: read as text, its date would be missed and its keys
        # published as the first paragraph.
        raise SourceError(
            "front matter between '+++' lines (TOML) is not read: write it in YAML between "
            "'---' lines ('title: …', 'date: 2024-01-10')",
            path=path,
            line=1,
        )
    if not lines or lines[0].rstrip() != _FENCE:
        _misplaced_front_matter(lines, path)
        return FrontMatter(), text
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _CLOSERS:
            break
    else:
        raise SourceError(
            "front matter opened with '---' on line 1 is never closed (add a '---' line after it)",
            path=path,
            line=1,
        )
    source = "\n".join(lines[1:index])
    import yaml

    try:
        node, data = _load(source)
    except yaml.YAMLError:
        node, data = _explain(source, path)
    except (ValueError, OverflowError) as exc:  # a date that is none: 2023-02-30
        line, value = _impossible_date(source)
        problem = f"{excerpt(value)} is not a date ({exc})" if value else str(exc)
        raise SourceError(f"invalid front matter: {problem}", path=path, line=line) from None
    if node is not None:
        _plain_values(node, path)
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict) or (node is not None and not isinstance(node, yaml.MappingNode)):
        raise SourceError("invalid front matter: expected 'key: value' lines", path=path, line=2)
    positions: dict[str, int] = {}
    written: dict[str, tuple[str, ...]] = {}
    scalars: dict[str, str] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 2
            if isinstance(value_node, yaml.SequenceNode) and all(
                isinstance(item, yaml.ScalarNode) for item in value_node.value
            ):
                written[str(key)] = tuple(str(item.value) for item in value_node.value)
            elif isinstance(value_node, yaml.ScalarNode):
                scalars[str(key)] = str(value_node.value)
            if key in positions:
                raise SourceError(
                    f"invalid front matter: {excerpt(key)} is given twice "
                    f"(first on line {positions[key]})",
                    path=path,
                    line=line,
                )
            positions[key] = line
    for key in data:
        if not isinstance(key, str):
            raise SourceError(
                f"invalid front matter: key {excerpt(key)} is not text",
                path=path,
                line=positions.get(str(key), 2),
            )
    body = "\n".join(lines[index + 1 :])
    found = FrontMatter(data, positions, index + 1, written, scalars)
    return found, body
