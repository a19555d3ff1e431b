"""The feeds: Atom and RSS for each language and each member state, of the newest releases."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import html
import re
from collections.abc import Callable, Sequence
from urllib.parse import urljoin

from communique.site.context import SiteContext
from communique.site.feeds import Feed, FeedEntry, atom, rss
from communique.site.html import language_name
from communique.site.listings import Listed, State
from communique.site.localize import (
    Version,
    direction,
    language_attributes,
    long_date,
    sentence_gap,
)
from communique.site.outputs import Output
from communique.site.releases import superseded
from communique.site.urls import (
    feed_path,
    index_path,
    release_path,
    state_feed_path,
    state_path,
    tag_feed_path,
    tag_path,
    tag_slug,
)

KINDS = (("atom", "Atom", atom), ("rss", "RSS", rss))


def feed_entry(context: SiteContext, version: Version) -> FeedEntry:
    """A version as a feed entry: its permanent id, its page, its text as HTML."""
    site = context.site
    page = site.url(release_path(version.locale, version.release.slug))
    return FeedEntry(
        id=site.entry_id(
            version.release.id,
            version.id_date or version.release.date.isoformat(),
            version.id_locale or version.locale,
        ),
        title=version.title,
        url=page,
        lang=version.locale,
        published=version.published,
        updated=version.updated,
        content=_directed(
            version.locale, _heading(context, version) + _absolute(page, context.body(version))
        ),
    )


def _directed(locale: str, content: str) -> str:
    """An entry's text in a right-to-left language, in a block that says so: a feed reader
    whose own interface runs left to right laid Hebrew or Arabic out in its direction (the
    full stop on the wrong side, "ה-OSCE" split, the dateline's parts reordered)."""
    if direction(locale) != "rtl":
        return content
    return f'<div dir="rtl" lang="{locale}">\n{content}</div>\n'


def _heading(context: SiteContext, version: Version) -> str:
    """What a feed reader shows above the text, as the page does: the dateline with its
    agency, and for a corrected release when it was corrected and what changed."""
    agency = version.release.agency
    line = html.escape(version.dateline + (f" ({agency})" if agency else ""))
    if version.place and version.place_lang:
        # The place shown in the original's language, marked so, as on the page (a
        # right-to-left reader would otherwise set "Jerusalem, 10" apart from its month).
        rest = line[len(html.escape(version.place)) :]
        marked = language_attributes(version.place_lang, version.locale)
        line = f"<span{marked}>{html.escape(version.place)}</span>{rest}"
    heading = f"<p><strong>{line}</strong></p>\n"
    if version.superseded:  # as on its page: the reader may be reading an outdated figure
        heading += _superseded(context, version)
    corrected = version.release.corrected
    if corrected is not None:
        t = context.t(version.locale)
        said = html.escape(t("Updated on {date}.", date=long_date(corrected, version.locale)))
        note = version.correction
        if note:
            marked = (
                language_attributes(version.correction_lang, version.locale)
                if version.correction_lang
                else ""
            )
            said += f"{sentence_gap(said)}<span{marked}>{html.escape(note)}</span>"
        heading += f"<p><em>{said}</em></p>\n"
    return heading


def _superseded(context: SiteContext, version: Version) -> str:
    """The page's notice of a translation whose original changed since, with its link to the
    original."""
    said = superseded(context.t(version.locale), version)
    url = context.site.url(release_path(version.source_language, version.release.slug))
    text, link = html.escape(said.text), html.escape(said.link)
    if said.text_lang is not None:  # (marked as on the page: each part in its language)
        text = f"<span{language_attributes(said.text_lang, version.locale)}>{text}</span>"
    marked = language_attributes(said.link_lang, version.locale) if said.link_lang else ""
    return (
        f'<p><em>{text}{sentence_gap(said.text)}<a href="{html.escape(url)}" '
        f'hreflang="{version.source_language}"{marked}>{link}</a></em></p>\n'
    )


#: An address in a tag of the page's text (its text has no "<" but a tag's: it is escaped).
_ADDRESS = re.compile(r'(<[a-zA-Z][^<>]*?\s(?:href|src)=")([^"]*)(")')
#: An address with a scheme of its own (``https:``, ``mailto:``, ``tel:``).
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _absolute(page: str, body: str) -> str:
    """A page's text for a feed, each relative address in it made absolute against the page
    (``page``: its URL): a feed reader resolves one against the feed's own, where
    ``#contacts``, ``../../media/map.png`` and ``/en-GB/`` lead nowhere, or off the site."""
    if 'href="' not in body and 'src="' not in body:
        return body

    def made(found: re.Match[str]) -> str:
        address = html.unescape(found[2])
        if _SCHEME.match(address):
            return found[0]
        return f"{found[1]}{html.escape(urljoin(page, address))}{found[3]}"

    return _ADDRESS.sub(made, body)


def newest_change(versions: Sequence[Listed]) -> datetime.datetime | None:
    """When the latest of these versions last changed (None: none)."""
    return max((moment(v.modified) for v in versions if v.modified), default=None)


@functools.lru_cache(maxsize=1 << 16)
def moment(text: str) -> datetime.datetime:
    """An ISO 8601 moment, read once: a version's is read for every feed that lists it."""
    return datetime.datetime.fromisoformat(text)


def _latest(*moments: datetime.datetime | None) -> datetime.datetime | None:
    return max((m for m in moments if m is not None), default=None)


def language_feeds(context: SiteContext, locale: str, versions: Sequence[Listed]) -> list[Output]:
    """A language's Atom and RSS feeds, of its newest releases (``versions``: newest first).
    Their date never goes back: not before a withdrawn version's, nor before the last change
    of a version the window no longer holds (it changed then, and the feed with it)."""
    newest = versions[: context.feed_entries]
    since = _latest(context.withdrawn.get(locale), newest_change(versions[context.feed_entries :]))
    return [
        Output(
            feed_path(locale, suffix),
            f"{label} feed ({locale})",
            (
                "feed",
                locale,
                suffix,
                [v.entry_key for v in newest],
                since.isoformat() if since else None,
            ),
            lambda document=document: document(  # type: ignore[misc]
                language_feed(context, locale, [context.version(v) for v in newest], since)
            ),
            texts=tuple(v.key for v in newest),
            cost=len(newest),
        )
        for suffix, label, document in KINDS
    ]


def tag_feeds(
    context: SiteContext, locale: str, tag: str, versions: Sequence[Listed]
) -> list[Output]:
    """A tag's Atom and RSS feeds in one language, of its newest releases (their date never
    goes back, as a language's: :func:`language_feeds`)."""
    newest = versions[: context.feed_entries]
    since = _latest(
        _tag_since(context, locale, tag), newest_change(versions[context.feed_entries :])
    )
    return [
        Output(
            tag_feed_path(locale, tag, suffix),
            f"{label} feed (tag {tag!r}, {locale})",
            (
                "tag feed",
                locale,
                tag,
                suffix,
                [v.entry_key for v in newest],
                since.isoformat() if since else None,
            ),
            lambda document=document: document(  # type: ignore[misc]
                tag_feed(context, locale, tag, [context.version(v) for v in newest], since)
            ),
            texts=tuple(v.key for v in newest),
            cost=len(newest),
        )
        for suffix, label, document in KINDS
    ]


def tag_feed(
    context: SiteContext,
    locale: str,
    tag: str,
    versions: Sequence[Version],
    since: datetime.datetime | None = None,
) -> Feed:
    t = context.t(locale)
    site = context.site
    organisation = context.name_in(locale)
    topic, _ = context.tag_in(tag, locale)
    return Feed(
        id=site.feed_id(f"{locale}/tag/{tag_slug(tag)}"),
        title=t("{organisation}: {topic}", organisation=organisation, topic=topic),
        subtitle=t(
            "{organisation} press releases on {topic}.", organisation=organisation, topic=topic
        ),
        lang=locale,
        atom_url=site.url(tag_feed_path(locale, tag, "atom")),
        rss_url=site.url(tag_feed_path(locale, tag, "rss")),
        page_url=site.url(tag_path(locale, tag)),
        author=organisation,
        entries=tuple(feed_entry(context, v) for v in versions),
        epoch=max(context.epoch, since or context.epoch),
    )


def _tag_since(context: SiteContext, locale: str, tag: str) -> datetime.datetime | None:
    """The newest ``updated`` of a tag's withdrawn versions in a language: its feeds' never
    goes back before it."""
    found = context.withdrawn_tags.get((locale, tag_slug(tag)))
    return found[1] if found is not None else None


def language_feed(
    context: SiteContext,
    locale: str,
    versions: Sequence[Version],
    since: datetime.datetime | None = None,
) -> Feed:
    t = context.t(locale)
    site = context.site
    organisation = context.name_in(locale)
    return Feed(
        id=site.feed_id(locale),
        title=t("{organisation} press releases", organisation=organisation),
        subtitle=t(
            "The latest {organisation} press releases in {language}.",
            organisation=organisation,
            language=language_name(locale),
        ),
        lang=locale,
        atom_url=site.url(feed_path(locale, "atom")),
        rss_url=site.url(feed_path(locale, "rss")),
        page_url=site.url(index_path(locale)),
        author=organisation,
        entries=tuple(feed_entry(context, v) for v in versions),
        epoch=max(context.epoch, since or context.epoch),
    )


def state_feeds(context: SiteContext, state: State) -> list[Output]:
    """A member state's Atom and RSS feeds: of the newest releases that concern it, and of
    the newest of every release its readers get (``all/``)."""
    outputs = []
    for everything in (False, True):
        newest = (state.everything if everything else state.versions)[: context.feed_entries]
        # (Never back, as a language's: the "all" feeds' floor is the state's, made with it.)
        since = (
            state.everything_since
            if everything
            else _latest(
                context.withdrawn_states.get(state.code),
                newest_change(state.versions[context.feed_entries :]),
            )
        )
        for suffix, label, document in KINDS:
            outputs.append(
                Output(
                    state_feed_path(state.code, suffix, everything),
                    f"{label} feed ({state.code}{', all' if everything else ''})",
                    (
                        "state feed",
                        state.code,
                        state.lang,
                        suffix,
                        everything,
                        [v.entry_key for v in newest],
                        since.isoformat() if since else None,
                    ),
                    functools.partial(
                        _state_document, context, state, newest, everything, since, document
                    ),
                    texts=tuple(v.key for v in newest),
                    cost=len(newest),
                )
            )
    return outputs


def _state_document(
    context: SiteContext,
    state: State,
    newest: Sequence[Listed],
    everything: bool,
    since: datetime.datetime | None,
    document: Callable[[Feed], bytes],
) -> bytes:
    # The ids its entries carry are the listing's (``build._continuing``), not always the
    # versions' own; and where a translation they showed is withdrawn, so is when they were
    # updated (``build._after_withdrawn``).
    versions = []
    for listed in newest:
        version = context.version(listed)
        updated = version.updated
        if listed.modified:
            updated = max(updated, datetime.datetime.fromisoformat(listed.modified))
        versions.append(
            dataclasses.replace(
                version, id_locale=listed.id_locale, id_date=listed.id_date, updated=updated
            )
        )
    return document(state_feed(context, state, versions, everything, since))


def state_feed(
    context: SiteContext,
    state: State,
    versions: Sequence[Version],
    everything: bool = False,
    since: datetime.datetime | None = None,
) -> Feed:
    site = context.site
    t = context.t(state.lang)
    name = context.name_in(state.lang)
    if everything:
        title = t(
            "{organisation}: all press releases ({state})",
            organisation=name,
            state=state.local_name,
        )
        subtitle = t(
            "{organisation} press releases for readers in {state}.",
            organisation=name,
            state=state.local_name,
        )
    else:
        title = t("{organisation}: {state}", organisation=name, state=state.local_name)
        subtitle = t(
            "{organisation} press releases concerning {state}.",
            organisation=name,
            state=state.local_name,
        )
    return Feed(
        id=site.feed_id(f"state/{state.code.lower()}{'/all' if everything else ''}"),
        title=title,
        subtitle=subtitle,
        # The language of the feed's own words; entries in another carry theirs.
        lang=state.lang,
        atom_url=site.url(state_feed_path(state.code, "atom", everything)),
        rss_url=site.url(state_feed_path(state.code, "rss", everything)),
        page_url=site.url(state_path(state.code)),
        author=name,
        entries=tuple(feed_entry(context, v) for v in versions),
        # (Never back before what its readers last saw: see state_feeds.)
        epoch=max(context.epoch, since or context.epoch),
    )
