"""The HTML every page shares: the Jinja2 environment, a release's body, feed links, JSON-LD.

Templates come from the package (``communique/templates``); a project overrides any of them by
putting a file of the same name in its own ``templates/`` folder. Templates autoescape: a
translation that contains ``<script>`` shows it as text.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import html
import json
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from babel.core import get_global
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup, escape

from communique.errors import CommuniqueError
from communique.locales import display_name, native_name, parse_locale
from communique.release.blocks import BlockKind
from communique.site.feeds import rfc3339
from communique.site.i18n import Translator, translator
from communique.site.localize import Piece, Version, language_attributes, sentence_gap
from communique.site.urls import feed_path


def environment(project_templates: Path | None, compiled: Path | None = None) -> Environment:
    """The Jinja2 environment: the project's templates first, then communique's; ``compiled``:
    a folder where templates compiled by earlier runs are kept (each checked against its
    source), if it can be written."""
    loaders: list[Any] = []
    if project_templates is not None and project_templates.is_dir():
        loaders.append(FileSystemLoader(str(project_templates)))
    loaders.append(PackageLoader("communique", "templates"))
    cache = None
    if compiled is not None:
        with contextlib.suppress(OSError):
            compiled.mkdir(parents=True, exist_ok=True)
        if os.access(compiled, os.W_OK):
            cache = FileSystemBytecodeCache(str(compiled))
    env = Environment(
        bytecode_cache=cache,
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
        # One environment per build: templates do not change under it, and asking the disk
        # whether they did cost a stat (and more) for each of thousands of pages.
        auto_reload=False,
    )
    # A passage in another language than the page's: lang="…", and dir="…" where it is
    # written the other way (an English tag on an Arabic page).
    env.globals["language_attributes"] = lambda tag, page: Markup(language_attributes(tag, page))
    # A space between two sentences, or none after a full-width stop ("。").
    env.globals["gap"] = sentence_gap
    return env


def template_error(error: TemplateError, root: Path) -> CommuniqueError:
    """A template that cannot be read or rendered, as ``templates/x.html:LINE: message``: the
    line from the error itself (syntax) or from the template's frame in the traceback."""
    filename: str | None = getattr(error, "filename", None)
    line: int | None = getattr(error, "lineno", None)
    if not isinstance(error, TemplateSyntaxError):
        traceback = error.__traceback__
        while traceback is not None:
            code = traceback.tb_frame.f_code.co_filename
            if code.endswith((".html", ".xml", ".txt")) and Path(code).is_file():
                filename, line = code, traceback.tb_lineno
            traceback = traceback.tb_next
    where = "templates"
    if filename:
        path = Path(filename)
        with contextlib.suppress(ValueError):
            path = path.resolve().relative_to(root.resolve())
        where = f"{path}:{line}" if line else str(path)
    return CommuniqueError(f"{where}: template error: {error.message or type(error).__name__}")


class Fields(dict[str, Any]):
    """What a template shows of one thing (a language, an entry of a listing): a dictionary whose
    keys templates may also read as attributes, ``item.title``. Jinja2 tries the attribute first;
    on a plain dictionary that raises and catches an exception for every such lookup, thousands
    per page."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class FeedLink:
    type: str
    lang: str
    title: str
    href: str
    #: The title as the footer's link shows it, where words in it are marked with their
    #: language (a tag in the release's); None: the title as it is.
    title_html: Markup | None = None


def body_html(pieces: Sequence[Piece], locale: str) -> str:
    """The blocks of a release as HTML, on a page in ``locale``: lists and quotations grouped,
    nested lists nested, a quotation's lists in it."""
    return "\n".join(_blocks_html(pieces, locale))


def _blocks_html(pieces: Sequence[Piece], locale: str) -> list[str]:
    out: list[str] = []
    # The title is the page's h1: the release's headings follow from h2, nested as written
    # and skipping no level ("#", "##", "#" are h2, h3, h2; "##" then "####" h2, h3): each
    # one level under the nearest heading before it of a higher level, if any.
    opened: list[tuple[int, int]] = []  # (its level in the release, on the page)
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        lang = _lang(piece, locale)
        if piece.kind is BlockKind.HEADING:
            while opened and opened[-1][0] >= piece.level:
                opened.pop()
            level = min(opened[-1][1] + 1, 6) if opened else 2
            opened.append((piece.level, level))
            out.append(f"<h{level}{lang}>{piece.html}</h{level}>")
        elif piece.kind is BlockKind.PARAGRAPH:
            out.append(f"<p{lang}>{piece.html}</p>")
        elif piece.kind is BlockKind.VERBATIM:
            out.append(piece.html)
        elif piece.kind is BlockKind.TABLE_CELL:
            count = _run_length(pieces, index, BlockKind.TABLE_CELL, piece.group)
            out.append(_table_html(pieces[index : index + count], locale))
            index += count
            continue
        elif piece.kind is BlockKind.QUOTE or piece.quote:
            # A quotation, with the lists in it.
            quote = piece.group if piece.kind is BlockKind.QUOTE else piece.quote
            count = 0
            while index + count < len(pieces) and _quoted_in(pieces[index + count]) == quote:
                count += 1
            inside = [
                dataclasses.replace(p, kind=BlockKind.PARAGRAPH)
                if p.kind is BlockKind.QUOTE
                else dataclasses.replace(p, quote=0)
                for p in pieces[index : index + count]
            ]
            out.append(f"<blockquote>{''.join(_blocks_html(inside, locale))}</blockquote>")
            index += count
            continue
        else:
            count = _run_length(pieces, index, BlockKind.LIST_ITEM, piece.group)
            out.append(_list_html(pieces[index : index + count], locale))
            index += count
            continue
        index += 1
    return out


def _quoted_in(piece: Piece) -> int:
    """The quotation a piece stands in (its number), 0 if none."""
    return piece.group if piece.kind is BlockKind.QUOTE else piece.quote


def _run_length(pieces: Sequence[Piece], start: int, kind: BlockKind, group: int) -> int:
    """How many pieces from ``start`` belong to the same list or quotation."""
    count = 0
    while start + count < len(pieces):
        piece = pieces[start + count]
        if piece.kind is not kind or piece.group != group:
            break
        count += 1
    return count


def _table_html(cells: Sequence[Piece], locale: str) -> str:
    """A table from its cells, row by row: the first row is the header (GFM has one)."""
    rows: dict[int, list[Piece]] = {}
    for cell in cells:
        rows.setdefault(cell.level, []).append(cell)
    # In a box that scrolls sideways where the table is wider than the page (a phone): one a
    # keyboard can reach and scroll, named by the table's headings for a screen reader.
    headings = ", ".join(word for word in (plain(c.html) for c in rows.get(0, ())) if word)
    # (A table without headings is no region a screen reader could name: its box scrolls.)
    box = f' role="region" tabindex="0" aria-label="{escape(headings)}"' if headings else ""
    out = [f'<div class="table"{box}>', "<table>"]
    for number, row in sorted(rows.items()):
        if number == 0:
            line = "".join(f'<th scope="col"{_lang(c, locale)}>{c.html}</th>' for c in row)
        else:
            line = "".join(f"<td{_figure(c)}{_lang(c, locale)}>{c.html}</td>" for c in row)
        if number == 0:
            out.append(f"<thead><tr>{line}</tr></thead>")
            if len(rows) > 1:
                out.append("<tbody>")
        else:
            out.append(f"<tr>{line}</tr>")
    if len(rows) > 1:
        out.append("</tbody>")
    out.append("</table>")
    out.append("</div>")
    return "\n".join(out)


#: A cell that is a figure ("1,234,567", "−4.5 %", "€ 12 000"): kept on one line, in print
#: too, where the table's other cells wrap to fit the page.
_FIGURE = re.compile(r"[\s+\-−–.,'’%()$€£¥\u00a0\u202f]*\d[\d\s+\-−–.,'’%()$€£¥\u00a0\u202f]*")


def _figure(cell: Piece) -> str:
    return ' class="figure"' if _FIGURE.fullmatch(plain(cell.html)) else ""


def _lang(piece: Piece, locale: str) -> str:
    """A block's ``lang`` (and ``dir``) where it is in another language than its page."""
    return language_attributes(piece.lang, locale) if piece.lang else ""


def _list_html(items: Sequence[Piece], locale: str) -> str:
    """Items of one list, nested by their level (a nested list sits inside its parent item)."""
    html: list[str] = []
    stack: list[str] = []
    for item in items:
        if item.paragraph > 1 and 0 < item.level <= len(stack):
            # A further paragraph of the item open at its level: in it, after what is nested.
            while len(stack) > item.level:
                html.append(f"</li></{stack.pop()}>")
            html.append(f"<p{_lang(item, locale)}>{item.html}</p>")
            continue
        if item.level > len(stack):
            while len(stack) < item.level:
                tag = "ol" if item.ordered else "ul"
                start = f' start="{item.start}"' if item.ordered and item.start != 1 else ""
                html.append(f"<{tag}{start}>")
                stack.append(tag)
        else:
            html.append("</li>")
            while len(stack) > item.level:
                html.append(f"</{stack.pop()}></li>")
        html.append(f"<li{_lang(item, locale)}>{item.html}")
    html.append("</li>")
    while stack:
        html.append(f"</{stack.pop()}>")
        if stack:
            html.append("</li>")
    return "".join(html)


_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\n]+")


def plain(text: str) -> str:
    """A piece's HTML as the words a reader reads: tags left out, entities read, spaces and
    line breaks folded (no-break spaces are the language's typography, and stay).

    >>> plain("Some <em>1,200</em>\\n observers &amp; more.")
    'Some 1,200 observers & more.'
    """
    return _SPACES.sub(" ", html.unescape(_TAG.sub("", text))).strip()


def lead(pieces: Sequence[Piece], limit: int = 200) -> str:
    """The page's description: its first paragraph as plain text, cut at a word before
    ``limit`` characters (with an ellipsis) — what search engines and link previews show.

    >>> lead([Piece(BlockKind.PARAGRAPH, "Some <em>1,200</em> observers &amp; more.", 0, 0,
    ...       False, None)])
    'Some 1,200 observers & more.'
    """
    for piece in pieces:
        if piece.kind is BlockKind.PARAGRAPH:
            # Only spaces and line breaks fold: no-break spaces are the language's typography.
            text = plain(piece.html)
            if not text:  # a picture alone
                continue
            if len(text) <= limit:
                return text
            cut = text[: limit - 1]
            space = cut.rfind(" ")
            if space >= limit // 2:
                cut = cut[:space]
            # (Else no word break near the limit: Chinese, Japanese and Thai write none, and
            # the last space was after "OSCE", the description "OSCE…". Cut at the limit.)
            return cut.rstrip(",;:、，；：") + "…"
    return ""


def json_ld(version: Version, url: str, organisation: str, description: str = "") -> str:
    """The NewsArticle block, safe inside a ``<script>`` element."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": version.title,
        "inLanguage": version.locale,
        "datePublished": rfc3339(version.published),
        "dateModified": rfc3339(version.updated),
        "dateline": version.dateline,
        **({"description": description} if description else {}),
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": organisation},
    }
    text = _indented(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: ``json.dumps(value, ensure_ascii=False)``, with one encoder made once: given an option,
#: ``json.dumps`` makes an encoder on every call.
_json = json.JSONEncoder(ensure_ascii=False).encode


def _indented(data: dict[str, Any], depth: int = 1) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=1)`` for objects of strings and objects:
    the same text, with each string encoded by json's C encoder (given ``indent``, json
    encodes everything in Python, thousands of pages over)."""
    pad = " " * depth
    lines = [
        f"{pad}{_json(key)}: "
        + (_indented(value, depth + 1) if isinstance(value, dict) else _json(value))
        for key, value in data.items()
    ]
    if not lines:
        return "{}"
    return "{\n" + ",\n".join(lines) + "\n" + " " * (depth - 1) + "}"


#: Languages' names in themselves, by BCP 47 tag: looked up once per build, or remembered from
#: the last build (see :func:`remember_language_names`).
_LANGUAGE_NAMES: dict[str, str] = {}
#: The site's languages (see :func:`site_languages`).
_SITE_LANGUAGES: list[tuple[str, ...]] = [()]


def site_languages(tags: Sequence[str]) -> None:
    """The languages of the site being built: a language's name says its region only where
    the site has another variety of it (see :func:`language_name`)."""
    if tuple(tags) != _SITE_LANGUAGES[0]:
        _SITE_LANGUAGES[0] = tuple(tags)
        _LANGUAGE_NAMES.clear()


def language_name(tag: str) -> str:
    """A language's name in itself (``français``), once per build: every page lists several.
    Its region only where the site has another variety of the language: readers of an
    ``en-GB`` site choose "English", not "English (United Kingdom)", but those of a site in
    ``pt-BR`` and ``pt-PT`` "português (Brasil)" or "português (Portugal)". (The script is
    always said: ``sr-Latn``, ``zh-Hant``.)

    >>> site_languages(["en-GB", "pt-BR", "pt-PT", "zh-Hant-TW"])
    >>> [language_name(tag) for tag in ("en-GB", "pt-BR", "zh-Hant-TW")]
    ['English', 'português (Brasil)', '繁體中文']
    >>> site_languages([])
    """
    name = _LANGUAGE_NAMES.get(tag)
    if name is None:
        locale = parse_locale(tag)
        if locale.script is None and _other_script(locale):
            # "sr" beside "sr-Latn": its script, the one CLDR writes the language in by
            # default, is said too ("српски (ћирилица)", not a plain "српски").
            likely = get_global("likely_subtags").get(locale.language)
            script = Locale.parse(likely).script if likely else None
            locale = Locale(locale.language, territory=locale.territory, script=script)
        if locale.territory and not _other_variety(locale, tag):
            locale = Locale(locale.language, script=locale.script)
        name = _LANGUAGE_NAMES[tag] = native_name(locale)
    return name


def _other_script(locale: Locale) -> bool:
    """Whether the site has ``locale``'s language in a script it names."""
    return any(
        (found := parse_locale(other)).language == locale.language and found.script is not None
        for other in _SITE_LANGUAGES[0]
    )


def _other_variety(locale: Locale, tag: str) -> bool:
    """Whether the site has another variety of ``locale``'s language in its script."""
    for other in _SITE_LANGUAGES[0]:
        if other != tag:
            found = parse_locale(other)
            if (found.language, found.script) == (locale.language, locale.script):
                return True
    return False


def by_name(tag: str) -> tuple[str, str]:
    """How languages are listed by their own names (see :func:`alphabetical`)."""
    return alphabetical(language_name(tag))


def alphabetical(name: str) -> tuple[str, str]:
    """How names are listed: as an alphabet orders letters, whatever their accents (íslenska
    with the i's, čeština with the c's, "élections" before "liberté", Ελληνικά after the Latin
    alphabet), not by code point (íslenska and čeština after Türkçe, "élections" last).

    >>> sorted(["liberté des médias", "élections", "démocratie"], key=alphabetical)
    ['démocratie', 'élections', 'liberté des médias']
    """
    base = "".join(
        char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char)
    )
    return base.casefold(), name


def remember_language_names(names: Mapping[str, str]) -> None:
    """Take the names an earlier build looked up with the same CLDR: a build that renders one
    page then loads no other language's CLDR data for its language menu (0.06 s)."""
    _LANGUAGE_NAMES.update(names)


@functools.cache
def language_in(tag: str, locale: str) -> str:
    """A language's name in another (``anglais`` for ``en-GB`` in ``fr``), as CLDR gives it."""
    language = parse_locale(tag).language
    return parse_locale(locale).languages.get(language) or native_name(parse_locale(tag))


@functools.cache
def locale_name_in(tag: str, locale: str) -> str:
    """A locale's full name in another language (``French``, ``Traditional Chinese`` in
    English), for the staff's dashboard: names a reader of ``locale`` knows."""
    return display_name(parse_locale(tag), parse_locale(locale)) or tag


def feed_link_tags(feeds: Sequence[FeedLink]) -> Markup:
    """The ``<link>`` elements that announce feeds in a page's head, one per line."""
    return Markup(
        "".join(
            f'<link rel="alternate" type="{escape(f.type)}" hreflang="{escape(f.lang)}" '
            f'title="{escape(f.title)}" href="{escape(f.href)}">\n'
            for f in feeds
        )
    )


def feed_anchors(feeds: Sequence[FeedLink]) -> Markup:
    """A page's own feeds as links for its footer, separated by middle dots."""
    return Markup(
        " · ".join(
            f'<a href="{escape(f.href)}" type="{escape(f.type)}">'
            f"{f.title_html if f.title_html is not None else escape(f.title)}</a>"
            for f in feeds
        )
    )


def feed_links(
    locales: Sequence[str],
    first: str,
    root: str,
    organisation: Callable[[str], str],
    translate: Callable[[str], Translator] = translator,
) -> list[FeedLink]:
    """Feed autodiscovery links, the page's language first, then by the languages' names (as
    the switcher lists them), each titled in its own language as the feed itself is
    (``organisation(locale)``: the name that language uses)."""
    ordered = [first, *sorted((locale for locale in locales if locale != first), key=by_name)]
    links = []
    for locale in ordered:
        t = translate(locale)
        title = t("{organisation} press releases", organisation=organisation(locale))
        name = language_name(locale)
        for kind, form in (("application/atom+xml", "Atom"), ("application/rss+xml", "RSS")):
            # The language's own comma: "(العربية، Atom)".
            shown = t("{feed} ({language}, {format})", feed=title, language=name, format=form)
            links.append(FeedLink(kind, locale, shown, root + feed_path(locale, form.lower())))
    return links
