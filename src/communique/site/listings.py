"""Pages that list releases: each language's index, each member state's page, and the root."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from communique.locales import list_counter, territory_name
from communique.site.context import SiteContext
from communique.site.html import FeedLink, Fields, alphabetical, by_name, language_name
from communique.site.i18n import Translator
from communique.site.localize import Version, direction, language_attributes, long_date
from communique.site.outputs import Output
from communique.site.urls import (
    index_path,
    page_file,
    release_path,
    state_feed_path,
    state_path,
    tag_path,
)


class Listed(NamedTuple):
    """A published version as the listings, the feeds' keys and the sitemap know it: enough to
    list and order it. Kept between builds as plain data, so that a build which touches a few
    releases lists the others from here, without making their versions again."""

    slug: str
    locale: str
    #: The version's key: its text, and what a feed shows of it.
    key: str
    release_id: str
    #: The release's date (ISO), and as the version's language writes it.
    date: str
    date_text: str
    title: str
    #: Segments whose translation is a draft (a preview's badge).
    drafts: int
    #: When it was published (a POSIX timestamp), and the day it last changed (ISO).
    published: float
    updated: str
    #: The release's tags (front matter ``tags``), as written.
    tags: tuple[str, ...] = ()
    #: The member states the release concerns (``release.concerns``).
    states: tuple[str, ...] = ()
    #: When it last changed, to the second (ISO 8601), and the language tag its feed entries'
    #: ids keep (``Version.id_locale``), as its feed entries say. (The publication record sets
    #: both, not the version's key: see ``versions._online``.)
    modified: str = ""
    id_locale: str | None = None
    #: The date its feed entries' ids keep (``Version.id_date``), set by the record too.
    id_date: str | None = None
    #: The title's language, where it is shown in the original's (``Version.title_lang``).
    title_lang: str | None = None
    #: When a translation first went online (``Version.since``), as the record says.
    since: str | None = None
    #: The release is marked a draft (in a preview only: a public build leaves it out).
    draft_release: bool = False

    @classmethod
    def of(cls, version: Version, states: tuple[str, ...] = ()) -> Listed:
        return cls(
            version.release.slug,
            version.locale,
            version.key,
            version.release.id,
            version.release.date.isoformat(),
            version.date_text,
            version.title,
            version.drafts,
            version.published.timestamp(),
            version.updated.date().isoformat(),
            version.release.tags,
            states,
            version.updated.isoformat(),
            version.id_locale,
            version.id_date,
            version.title_lang,
            version.since,
            version.release.draft,
        )

    @property
    def entry_key(self) -> tuple[str, str, str | None, str | None]:
        """What a feed entry of it is made of: its text, and what the record sets."""
        return (self.key, self.modified, self.id_locale, self.id_date)

    @classmethod
    def from_data(cls, data: list[Any]) -> Listed:
        """From the plain data :meth:`_asdict` values were stored as (JSON: lists)."""
        *fields, tags, states, modified, id_locale, id_date, title_lang, since, draft = data
        return cls._make(
            [
                *fields,
                tuple(tags),
                tuple(states),
                modified,
                id_locale,
                id_date,
                title_lang,
                since,
                draft,
            ]
        )


@dataclass(frozen=True)
class State:
    """A member state's page: its code, English name and the versions of the releases that
    concern it its readers get, newest first; the language its page and feeds speak (the first
    of its languages published, else the source's); and the newest of every release, in the
    versions its readers get, as many as a feed carries (its "all press releases" feeds)."""

    code: str
    name: str
    versions: tuple[Listed, ...]
    lang: str = "en"
    everything: tuple[Listed, ...] = ()
    #: The newest ``updated`` of the versions withdrawn in the languages its readers get: its
    #: "all" feeds' never goes back before it.
    everything_since: datetime.datetime | None = None

    @property
    def local_name(self) -> str:
        """Its name in its page's language, from CLDR: looked up only for the pages and feeds
        rendered (each language's names cost a load of its locale data); their keys hold the
        code and the language, which decide it."""
        return territory_name(self.code, self.lang)


def newest_first(versions: Sequence[Listed], languages: Sequence[str] = ()) -> list[Listed]:
    """The order of every listing and feed (the generators take their versions in it); of a
    release's versions out at the same moment, those in ``languages`` first, in its order (a
    member state's: its page's language first), then by tag."""
    rank = {tag: index for index, tag in enumerate(languages)}
    return sorted(
        versions,
        key=lambda v: (-v.published, v.release_id, rank.get(v.locale, len(rank)), v.locale),
    )


#: An entry of a listing as the listing's key holds it: language, date, the date as the
#: language writes it, title, the release's slug, the draft badge. A plain tuple: every listing
#: of every build is keyed by all its entries, and a tuple is the quickest to encode.
ListingEntry = tuple[str, str, str, str, str, str, str | None]


def _entries(context: SiteContext, versions: Sequence[Listed]) -> list[ListingEntry]:
    """The entries of a listing of versions given newest first: what the page shows is what it
    is made of."""
    return [
        (
            v.locale,
            v.date,
            v.date_text,
            v.title,
            v.slug,
            _badge(context, v),
            v.title_lang,
        )
        for v in versions
    ]


def _badge(context: SiteContext, listed: Listed) -> str:
    """What a preview's listing says after an entry's title: the release is not public yet
    (a draft, under embargo, dated ahead), or the version has drafts of translations."""
    if not context.preview:
        return ""
    t = context.t(listed.locale)
    now = context.now
    if listed.draft_release or (now is not None and listed.published > now.timestamp()):
        return t("Not public yet")
    return t("Draft") if listed.drafts else ""


def _items(entries: Sequence[ListingEntry], root: str, dates_in: str | None = None) -> list[Fields]:
    """The entries as the listing template reads them, linked from a page ``root`` deep;
    ``dates_in``: the page's language, in which every entry's date is written (a state's page
    lists entries in several)."""
    return [
        Fields(
            lang=lang,
            date=date,
            date_text=long_date(datetime.date.fromisoformat(date), dates_in)
            if dates_in is not None and dates_in != lang
            else date_text,
            title=title,
            href=root + release_path(lang, slug),
            draft=draft,
            # An entry in another language than the page's says which, by the language's name.
            language=language_name(lang) if dates_in is not None and dates_in != lang else "",
            # The language its title is shown in: the original's where it is not translated.
            title_lang=title_lang or lang,
        )
        for lang, date, date_text, title, slug, draft, title_lang in entries
    ]


def index_page(context: SiteContext, locale: str, versions: Sequence[Listed]) -> Output:
    """A language's list of its releases, given newest first."""
    entries = _entries(context, versions)
    return Output(
        page_file(index_path(locale)),
        f"index ({locale})",
        ("index", locale, entries, list(context.locales)),
        lambda: render_index(context, locale, _items(entries, "../")),
        cost=len(entries),
    )


def render_index(context: SiteContext, locale: str, items: Sequence[Fields]) -> str:
    t = context.t(locale)
    site = context.site
    locales = context.locales
    return context.render(
        "index.html",
        lang=locale,
        depth=1,
        title=f"{t('Press releases')} — {context.name_in(locale)}",
        canonical=site.url(index_path(locale)),
        home=index_path(locale),
        alternates=[Fields(lang=other, url=site.url(index_path(other))) for other in locales],
        feeds=context.feed_links(locales, locale, "../"),
        heading=t("Press releases"),
        heading_lang=context.english_words(locale)("Press releases"),
        items=items,
        # (Every version in the language withdrawn: its listing stays, for its feeds' readers.)
        empty=t("No press releases yet."),
        languages=[
            Fields(
                lang=other,
                name=language_name(other),
                href="../" + index_path(other),
                current=other == locale,
            )
            for other in sorted(locales, key=by_name)
        ],
    )


def tag_page(
    context: SiteContext,
    locale: str,
    tag: str,
    versions: Sequence[Listed],
    languages: Sequence[str] = (),
) -> Output:
    """A language's list of the releases with a tag, given newest first; ``languages``: those
    the topic has a page in, which it links (a reader could reach no other from it)."""
    entries = _entries(context, versions)
    return Output(
        page_file(tag_path(locale, tag)),
        f"tag {tag!r} ({locale})",
        ("tag", locale, tag, entries, list(languages)),
        lambda: render_tag(context, locale, tag, _items(entries, "../../../"), languages),
        cost=len(entries),
    )


def render_tag(
    context: SiteContext,
    locale: str,
    tag: str,
    items: Sequence[Fields],
    languages: Sequence[str] = (),
) -> str:
    t = context.t(locale)
    name, translated = context.tag_in(tag, locale)
    heading: str | Markup = t("Topic: {topic}", topic=name)
    # Its feeds' links say what the feeds are called ("OSCE: elections (Atom)").
    feed_title = t("{organisation}: {topic}", organisation=context.name_in(locale), topic=_TOPIC)
    feeds = _own_feeds(t, locale, feed_title.replace(_TOPIC, name))
    if not translated:  # (its feeds' links below too)
        # The tag in the release's language, marked so (a screen reader's voice follows).
        words = t("Topic: {topic}", topic=_TOPIC)
        marked = Markup("<span{}>{}</span>").format(
            Markup(language_attributes(context.source, locale)), name
        )
        heading = Markup(escape(words).replace(_TOPIC, marked))
        feeds = _own_feeds(
            t, locale, feed_title.replace(_TOPIC, name), (feed_title, _TOPIC, marked)
        )
    return context.render(
        "index.html",
        lang=locale,
        depth=3,
        # "Topic: …", as its heading: a member state's page is "Ukraine — OSCE" too.
        title=f"{t('Topic: {topic}', topic=name)} — {context.name_in(locale)}",
        canonical=context.site.url(tag_path(locale, tag)),
        alternates=[
            Fields(lang=other, url=context.site.url(tag_path(other, tag))) for other in languages
        ]
        if len(languages) > 1
        else [],
        home=index_path(locale),
        feeds=feeds,
        heading=heading,
        items=items,
        languages=[
            Fields(
                lang=other,
                name=language_name(other),
                href="../../../" + tag_path(other, tag),
                current=other == locale,
            )
            for other in sorted(languages, key=by_name)
        ],
    )


#: Where the tag goes in a tag page's heading, until it is marked with its language.
_TOPIC = "\ue000"


def state_page(context: SiteContext, state: State) -> Output:
    """A member state's page: the releases that concern it, in its languages, each marked with
    its own; or that there are none yet. Both pages and feeds link the state's feeds of every
    release."""
    entries = _entries(context, state.versions)
    return Output(
        page_file(state_path(state.code)),
        f"state {state.code}",
        ("state", state.code, state.lang, entries),
        lambda: render_state(context, state, _items(entries, "../../", dates_in=state.lang)),
        cost=len(entries),
    )


def _own_feeds(
    t: Translator, lang: str, name: str, marked: tuple[str, str, Markup] | None = None
) -> list[FeedLink]:
    """The Atom and RSS feeds beside a listing page (``feed.atom``, ``feed.rss``), named in the
    page's language (``t``: its brackets, Chinese's （）); ``marked``: the name with a place
    held for words in another language, the place, and those words marked with theirs (for
    the footer's links)."""
    feeds = []
    for kind, form, path in (
        ("application/atom+xml", "Atom", "feed.atom"),
        ("application/rss+xml", "RSS", "feed.rss"),
    ):
        shown = None
        if marked is not None:
            template, place, words = marked
            written = t("{feed} ({format})", feed=template, format=form)
            shown = Markup(escape(written).replace(place, words))
        feeds.append(
            FeedLink(kind, lang, t("{feed} ({format})", feed=name, format=form), path, shown)
        )
    return feeds


def render_state(context: SiteContext, state: State, items: Sequence[Fields]) -> str:
    lang = state.lang
    t = context.t(lang)
    name = state.local_name
    everything = t(
        "{organisation}: all press releases ({state})",
        organisation=context.name_in(lang),
        state=name,
    )
    all_feeds = [
        FeedLink(f.type, f.lang, f.title, "all/" + f.href) for f in _own_feeds(t, lang, everything)
    ]
    own = _own_feeds(t, lang, name)
    return context.render(
        "index.html",
        lang=lang,
        depth=2,
        title=f"{name} — {context.name_in(lang)}",
        canonical=context.site.url(state_path(state.code)),
        feeds=[*own, *all_feeds],
        own_feeds=own,
        heading=t("Press releases: {state}", state=name),
        items=items,
        languages=[],
        empty=t("No press releases yet."),
        more_feeds=all_feeds,
    )


#: How many of each language's newest releases the root page shows.
ROOT_LATEST = 3


def root_page(
    context: SiteContext, by_locale: Mapping[str, Sequence[Listed]], states: Sequence[State]
) -> Output:
    """The front door: each language by its own name with its newest releases, then every
    feed and every member state (folded, for those who look for them)."""
    counts = {locale: len(versions) for locale, versions in by_locale.items()}
    latest = {
        locale: _entries(context, versions[:ROOT_LATEST]) for locale, versions in by_locale.items()
    }
    return Output(
        "index.html",
        "root page",
        (
            "root",
            sorted(latest.items()),
            sorted(counts.items()),
            [(s.code, s.name) for s in states],
        ),
        lambda: render_root(context, counts, latest, states),
    )


def render_root(
    context: SiteContext,
    counts: Mapping[str, int],
    latest: Mapping[str, Sequence[ListingEntry]],
    states: Sequence[State],
) -> str:
    source = context.source
    t = context.t(source)
    locales = sorted(counts, key=by_name)
    # Nothing online yet: no feed exists to link to (a first subscriber would get a 404).
    feeds = context.feed_links(locales, source, "") if locales else []
    states = sorted(states, key=lambda state: alphabetical(state.name))  # (not the settings')
    state_feeds = [
        FeedLink(
            kind,
            "",
            t("{feed} ({format})", feed=state.name, format=label),
            state_feed_path(state.code, suffix),
        )
        for state in states
        for kind, label, suffix in (
            ("application/atom+xml", "Atom", "atom"),
            ("application/rss+xml", "RSS", "rss"),
        )
    ]
    return context.render(
        "root.html",
        lang=source,
        depth=0,
        title=context.name_in(source),
        canonical=context.site.url(""),
        feeds=feeds,
        heading=t("{organisation} press releases", organisation=context.name_in(source)),
        languages=[
            Fields(
                lang=tag,
                name=language_name(tag),
                href=index_path(tag),
                count=counts[tag],
                latest=_items(latest[tag], ""),
                more=context.t(tag)("All press releases"),
                more_lang=context.english_words(tag)("All press releases"),
                dir=direction(tag),
                digits=list_counter(tag),
            )
            for tag in locales
        ],
        all_feeds=feeds + state_feeds,
        states=[Fields(name=s.name, href=state_path(s.code)) for s in states],
        empty=t("No press releases yet."),
    )
