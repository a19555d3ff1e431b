"""The pictures and files a Markdown release links with a relative address: ``![The signing
](images/signing.png)``, ``[the programme](files/programme.pdf)``.

Their addresses are relative to ``source/`` (where the release is) and must stay inside it. The
build copies each file once into the site's ``media/`` folder, and pages and feeds link it
there; a file that is not there is an error naming the release and its line. The alternative
text of a picture is part of its sentence: translators translate it with the rest.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from communique.errors import SourceError, excerpt
from communique.release.blocks import Block, BlockKind

#: Where the site keeps the files releases link, under its root.
MEDIA_FOLDER = "media"


@functools.cache
def _parser() -> Any:
    """markdown-it (0.05 s to import) only for a release with Markdown links."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


@dataclass(frozen=True)
class Media:
    """A file a release links: its path under ``source/``, the line, and whether it is shown as
    a picture (``![…](…)``) or linked."""

    path: str
    line: int
    picture: bool


def is_local(url: str) -> bool:
    """Whether a link's address is a file of the project (relative, without a scheme).

    >>> [is_local(u) for u in ("images/a.png", "https://osce.org", "/x", "#top", "mailto:a@b")]
    [True, False, False, False, False]
    """
    if not url or url.startswith(("/", "#", "\\")):
        return False
    return not urlsplit(url).scheme


def local_path(url: str) -> str | None:
    """The path under ``source/`` a local address names (its query and fragment left out), or
    None if it leaves ``source/``."""
    parts = urlsplit(url)
    path = posixpath.normpath(unquote(parts.path))
    if path in (".", "") or path.startswith("../") or path == "..":
        return None
    return path


def local_files(text: str) -> list[str]:
    """The paths under ``source/`` of the pictures and files a Markdown text links, as the
    build copies them (``./images/a.png`` and ``images/a.png?x=1`` are ``images/a.png``).

    >>> local_files("![Signing](./images/a.png) [PDF](files/p.pdf?lang=fr) [x](https://a.b)")
    ['images/a.png', 'files/p.pdf']
    """
    if "](" not in text and "]:" not in text:
        return []
    found = []
    for url, _ in _links(text):
        if is_local(url):
            # (One that leaves source/, "../../communique.toml", as written: never the
            # English's, and the files check says so.)
            found.append(local_path(url) or url)
    return found


def find_media(blocks: Sequence[Block], display: str) -> tuple[Media, ...]:
    """Every local file the release's Markdown links, in order, each once."""
    found: dict[str, Media] = {}
    for block in blocks:
        if not block.markup or block.kind is BlockKind.VERBATIM:
            continue
        for url, picture in _links(block.text):
            if not is_local(url):
                continue
            path = local_path(url)
            if path is None:
                raise SourceError(
                    f"{excerpt(url)} leads outside source/: put the file in source/ (e.g. "
                    "source/images/) and link it from there",
                    path=display,
                    line=block.line,
                )
            if any(part.startswith(".") for part in path.split("/")):
                raise SourceError(
                    f"{excerpt(url)} is a hidden file or in a hidden folder, which web servers "
                    "often refuse to serve (and builds do not watch): move it, e.g. to "
                    "source/images/",
                    path=display,
                    line=block.line,
                )
            if path not in found or (picture and not found[path].picture):
                found[path] = Media(path, block.line, picture)
    return tuple(found.values())


def _links(text: str) -> Iterator[tuple[str, bool]]:
    for token in _parser().parseInline(text):
        for child in token.children or ():
            if child.type == "image":
                yield str(child.attrs.get("src", "")), True
            elif child.type == "link_open":
                yield str(child.attrs.get("href", "")), False
