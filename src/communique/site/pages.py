"""HTML pages from Jinja2 templates with autoescaping: release pages, indexes, states, dashboard.

Templates come from the package (``communique/templates``); a project overrides any of them by
putting a file of the same name in its own ``templates/`` folder. Links between pages are
relative, so the site works from any address and from disk; canonical, ``hreflang`` and Open
Graph URLs are absolute, from ``organisation.base_url``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)

from communique.errors import CommuniqueError
from communique.locales import native_name, parse_locale
from communique.release.blocks import BlockKind
from communique.site.feeds import rfc3339
from communique.site.i18n import translator
from communique.site.localize import Piece, Version
from communique.site.urls import Site, direction, feed_path, og_locale, release_path


def environment(project_templates: Path | None) -> Environment:
    """The Jinja2 environment: the project's templates first, then communique's."""
    loaders: list[Any] = []
    if project_templates is not None and project_templates.is_dir():
        loaders.append(FileSystemLoader(str(project_templates)))
    loaders.append(PackageLoader("communique", "templates"))
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


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


@dataclass(frozen=True)
class FeedLink:
    type: str
    lang: str
    title: str
    href: str


@dataclass
class PageCommon:
    """What every page needs: where the site root is, and its name."""

    site: Site
    site_name: str
    organisation: str
    depth: int
    #: The language releases are written in (``en``, ``en-GB``): state pages, the root page and
    #: the dashboard are in it, and untranslated segments fall back to it.
    source: str = "en"
    feeds: list[FeedLink] = field(default_factory=list)
    #: The organisation's name as each language writes it (OSZE, ОБСЕ), for links to the
    #: feeds of other languages; ``organisation`` where a language has none of its own.
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def root(self) -> str:
        return "../" * self.depth

    def organisation_in(self, locale: str) -> str:
        return self.names.get(locale, self.organisation)


def body_html(pieces: Sequence[Piece]) -> str:
    """The blocks of a release as HTML: lists and quotations grouped, nested lists nested."""
    out: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        lang = _lang(piece)
        if piece.kind is BlockKind.HEADING:
            level = max(2, min(piece.level, 6))
            out.append(f"<h{level}{lang}>{piece.html}</h{level}>")
        elif piece.kind is BlockKind.PARAGRAPH:
            out.append(f"<p{lang}>{piece.html}</p>")
        elif piece.kind is BlockKind.VERBATIM:
            out.append(piece.html)
        elif piece.kind is BlockKind.QUOTE:
            count = _run_length(pieces, index, BlockKind.QUOTE, piece.group)
            paragraphs = "".join(
                f"<p{_lang(p)}>{p.html}</p>" for p in pieces[index : index + count]
            )
            out.append(f"<blockquote>{paragraphs}</blockquote>")
            index += count
            continue
        else:
            count = _run_length(pieces, index, BlockKind.LIST_ITEM, piece.group)
            out.append(_list_html(pieces[index : index + count]))
            index += count
            continue
        index += 1
    return "\n".join(out)


def _run_length(pieces: Sequence[Piece], start: int, kind: BlockKind, group: int) -> int:
    """How many pieces from ``start`` belong to the same list or quotation."""
    count = 0
    while start + count < len(pieces):
        piece = pieces[start + count]
        if piece.kind is not kind or piece.group != group:
            break
        count += 1
    return count


def _lang(piece: Piece) -> str:
    return f' lang="{piece.lang}"' if piece.lang else ""


def _list_html(items: Sequence[Piece]) -> str:
    """Items of one list, nested by their level (a nested list sits inside its parent item)."""
    html: list[str] = []
    stack: list[str] = []
    for item in items:
        if item.level > len(stack):
            while len(stack) < item.level:
                tag = "ol" if item.ordered else "ul"
                html.append(f"<{tag}>")
                stack.append(tag)
        else:
            html.append("</li>")
            while len(stack) > item.level:
                html.append(f"</{stack.pop()}></li>")
        html.append(f"<li{_lang(item)}>{item.html}")
    html.append("</li>")
    while stack:
        html.append(f"</{stack.pop()}>")
        if stack:
            html.append("</li>")
    return "".join(html)


def json_ld(version: Version, url: str, organisation: str) -> str:
    """The NewsArticle block, safe inside a ``<script>`` element."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": version.title,
        "inLanguage": version.locale,
        "datePublished": rfc3339(version.published),
        "dateModified": rfc3339(version.updated),
        "dateline": version.dateline,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": organisation},
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def language_name(tag: str) -> str:
    return native_name(parse_locale(tag))


def feed_links(
    locales: Sequence[str], first: str, root: str, organisation: Callable[[str], str]
) -> list[FeedLink]:
    """Feed autodiscovery links, the page's language first, each titled in its own language
    as the feed itself is (``organisation(locale)``: the name that language uses)."""
    ordered = [first, *sorted(locale for locale in locales if locale != first)]
    links = []
    for locale in ordered:
        t = translator(locale)
        title = t("Press releases of {organisation}", organisation=organisation(locale))
        name = language_name(locale)
        links.append(
            FeedLink(
                "application/atom+xml",
                locale,
                f"{title} ({name}, Atom)",
                root + feed_path(locale, "atom"),
            )
        )
        links.append(
            FeedLink(
                "application/rss+xml",
                locale,
                f"{title} ({name}, RSS)",
                root + feed_path(locale, "rss"),
            )
        )
    return links


def render_release(
    env: Environment,
    common: PageCommon,
    version: Version,
    others: Sequence[Version],
    *,
    preview: bool,
) -> str:
    """A release page; ``others`` are every version built of the same release, itself included."""
    site = common.site
    t = translator(version.locale)
    canonical = site.url(release_path(version.locale, version.release.slug))
    published_locales = [v.locale for v in others]
    alternates = [
        {"lang": v.locale, "url": site.url(release_path(v.locale, v.release.slug))} for v in others
    ]
    source = next((v for v in others if v.is_source), version)
    alternates.append(
        {"lang": "x-default", "url": site.url(release_path(source.locale, source.release.slug))}
    )
    languages = [
        {
            "lang": v.locale,
            "name": language_name(v.locale),
            "href": common.root + release_path(v.locale, v.release.slug),
            "current": v.locale == version.locale,
        }
        for v in sorted(others, key=lambda v: language_name(v.locale).casefold())
    ]
    notice = None
    if preview and version.drafts:
        notice = t("Draft: this version was translated by machine or is not yet reviewed.")
    fallback = None
    if version.fallbacks and not version.is_source:
        fallback = t("Some passages are not translated yet and are shown in English.")
    feeds = feed_links(published_locales, version.locale, common.root, common.organisation_in)
    return env.get_template("release.html").render(
        lang=version.locale,
        dir=direction(version.locale),
        page_title=f"{version.title} — {common.site_name}",
        noindex=preview,
        canonical=canonical,
        alternates=alternates,
        feeds=feeds,
        own_feeds=[f for f in feeds if f.lang == version.locale],
        root=common.root,
        home=f"{version.locale}/",
        site_name=common.site_name,
        t=t,
        version=version,
        og_locale=og_locale(version.locale),
        og_alternates=[og_locale(v.locale) for v in others if v.locale != version.locale],
        published=rfc3339(version.published),
        updated=rfc3339(version.updated),
        json_ld=json_ld(version, canonical, common.organisation),
        languages=languages,
        notice=notice,
        fallback_notice=fallback,
        body=body_html(version.pieces),
    )
