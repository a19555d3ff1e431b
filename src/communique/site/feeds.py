"""Atom 1.0 and RSS 2.0 feeds, each document built in one function from plain data with lxml.

Dates come from the releases and catalogs, never from the clock: two builds give the same bytes.
Entries are sorted newest first, then by id. Content is HTML carried as escaped text, so a
hostile translation (``]]>``, ``<script>``) is text inside the feed, never markup.
"""

from __future__ import annotations

import datetime
import email.utils
from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.site.localize import clean, direction, language_attributes

# lxml (0.05 s to import) where a feed is written: most rebuilds write none.
if TYPE_CHECKING:
    from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "communique"


@dataclass(frozen=True)
class FeedEntry:
    """One release in one language, as a feed item."""

    id: str
    title: str
    url: str
    lang: str
    published: datetime.datetime
    updated: datetime.datetime
    content: str


@dataclass(frozen=True)
class Feed:
    """A feed's own data; ``lang`` is None for a feed that mixes languages (a member state's)."""

    id: str
    title: str
    subtitle: str
    lang: str | None
    atom_url: str
    rss_url: str
    page_url: str
    author: str
    entries: tuple[FeedEntry, ...]
    #: The earliest its ``updated`` may be: a fixed date, so that an empty feed's is
    #: deterministic too, or the newest entry withdrawn from it (readers saw it change then).
    epoch: datetime.datetime

    @property
    def sorted_entries(self) -> list[FeedEntry]:
        return sorted(self.entries, key=lambda e: (-e.published.timestamp(), e.id))

    @property
    def updated(self) -> datetime.datetime:
        """Its newest entry's; never before ``epoch``."""
        return max((self.epoch, *(e.updated for e in self.entries)))


def rfc3339(moment: datetime.datetime) -> str:
    """``2023-06-07T00:00:00+02:00``; naive datetimes are refused."""
    if moment.tzinfo is None:
        raise ValueError("a feed date needs an offset")
    return moment.isoformat(timespec="seconds")


def rfc822(moment: datetime.datetime) -> str:
    """``Wed, 07 Jun 2023 00:00:00 +0200``: English names, numeric offset."""
    if moment.tzinfo is None:
        raise ValueError("a feed date needs an offset")
    return email.utils.format_datetime(moment)


def _sub(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    from lxml import etree

    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = clean(text)
    return element


def atom(feed: Feed) -> bytes:
    """The Atom document of a feed (RFC 4287)."""
    from lxml import etree

    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})  # type: ignore[dict-item]
    if feed.lang:
        root.set(XML_LANG, feed.lang)
    _sub(root, f"{{{ATOM}}}id", feed.id)
    _sub(root, f"{{{ATOM}}}title", feed.title, type="text")
    _sub(root, f"{{{ATOM}}}subtitle", feed.subtitle, type="text")
    _sub(root, f"{{{ATOM}}}updated", rfc3339(feed.updated))
    _sub(root, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=feed.atom_url)
    alternate = {"rel": "alternate", "type": "text/html", "href": feed.page_url}
    if feed.lang:
        alternate["hreflang"] = feed.lang
    _sub(root, f"{{{ATOM}}}link", **alternate)
    author = _sub(root, f"{{{ATOM}}}author")
    _sub(author, f"{{{ATOM}}}name", feed.author)
    _sub(root, f"{{{ATOM}}}generator", GENERATOR)
    for entry in feed.sorted_entries:
        item = _sub(root, f"{{{ATOM}}}entry")
        if entry.lang != feed.lang:
            item.set(XML_LANG, entry.lang)
        _sub(item, f"{{{ATOM}}}id", entry.id)
        _sub(item, f"{{{ATOM}}}title", entry.title, type="text")
        _sub(item, f"{{{ATOM}}}published", rfc3339(entry.published))
        _sub(item, f"{{{ATOM}}}updated", rfc3339(entry.updated))
        _sub(
            item,
            f"{{{ATOM}}}link",
            rel="alternate",
            type="text/html",
            hreflang=entry.lang,
            href=entry.url,
        )
        _sub(item, f"{{{ATOM}}}content", _left_to_right(entry, feed.lang), type="html")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def rss(feed: Feed) -> bytes:
    """The RSS 2.0 document of a feed, with an ``atom:link`` to itself."""
    from lxml import etree

    root = etree.Element("rss", version="2.0", nsmap={"atom": ATOM})
    channel = _sub(root, "channel")
    _sub(channel, "title", feed.title)
    _sub(channel, "link", feed.page_url)
    _sub(channel, "description", feed.subtitle)
    if feed.lang:
        _sub(channel, "language", feed.lang)
    _sub(channel, "lastBuildDate", rfc822(feed.updated))
    _sub(channel, "generator", GENERATOR)
    _sub(channel, f"{{{ATOM}}}link", rel="self", type="application/rss+xml", href=feed.rss_url)
    for entry in feed.sorted_entries:
        item = _sub(channel, "item")
        _sub(item, "title", entry.title)
        _sub(item, "link", entry.url)
        _sub(item, "guid", entry.id, isPermaLink="false")
        _sub(item, "pubDate", rfc822(entry.published))
        # RSS 2.0 has no date of change: Atom's, as feed readers read it (a correction).
        _sub(item, f"{{{ATOM}}}updated", rfc3339(entry.updated))
        _sub(item, "description", _in_its_language(entry, feed.lang))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _in_its_language(entry: FeedEntry, channel: str | None) -> str:
    """An RSS item's text, in a block that names its language where it is not the channel's
    (the English of a release not yet in Russian, in a Russian member state's feed): RSS has
    no language of an item's own, and readers took the English for Russian. (A text in a
    right-to-left language has its block already.)"""
    content = entry.content
    if not entry.lang or not channel or entry.lang == channel or content.startswith("<div dir="):
        return content
    return f"<div{language_attributes(entry.lang, channel)}>\n{content}</div>\n"


def _left_to_right(entry: FeedEntry, feed: str | None) -> str:
    """An Atom entry's text; in a block that says it runs left to right where the feed's
    language runs the other way (the English of a release not yet in Hebrew, in Israel's
    feed: a feed reader in Hebrew laid it out right to left, the full stop on the wrong side).
    Its language is the entry's ``xml:lang``. (A text in a right-to-left language has its
    block already.)"""
    content = entry.content
    if not entry.lang or not feed or content.startswith("<div dir="):
        return content
    if direction(feed) == direction(entry.lang):
        return content
    return f'<div dir="{direction(entry.lang)}">\n{content}</div>\n'
