"""What every page of a build shares, built once: the site's addresses, the organisation's name
in each language, the template environment, and the one function that renders a page with the
keys every template gets (language, direction, title, canonical and alternate links, feeds)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from markupsafe import Markup

from communique.locales import list_counter, parse_locale
from communique.site.html import (
    FeedLink,
    body_html,
    environment,
    feed_anchors,
    feed_link_tags,
    feed_links,
)
from communique.site.i18n import Translator, translator
from communique.site.localize import (
    Piece,
    ReleaseCard,
    Version,
    direction,
    language_attributes,
)
from communique.site.urls import Site
from communique.translate.glossary import Glossary

if TYPE_CHECKING:
    from communique.site.listings import Listed
    from communique.site.related import Link


@dataclass
class SiteContext:
    """One build's shared knowledge; generators read it, none changes it."""

    site: Site
    #: The language releases are written in (``en``, ``en-GB``): state pages, the root page and
    #: the dashboard are in it, and untranslated segments fall back to it.
    source: str
    #: The organisation's name as each language writes it (OSZE, ОБСЕ); ``organisation`` where
    #: a language has none of its own.
    names: Mapping[str, str]
    organisation: str
    preview: bool
    feed_entries: int
    #: The date of an empty feed: ``organisation.domain_since``, so it is deterministic too.
    epoch: datetime.datetime
    project_templates: Path | None
    #: A version's text by its key (loaded from the cache when a page needs it).
    pieces: Callable[[Version], tuple[Piece, ...]]
    #: A listed version, whole (a feed shows it): made in this build, or read again.
    version: Callable[[Listed], Version] = field(default=lambda listed: _unknown(listed))
    #: Where templates compiled by earlier builds are kept (None: compiled in each run).
    compiled_templates: Path | None = None
    #: Every language that has a published version, sorted.
    locales: Sequence[str] = field(default_factory=list)
    #: The languages with a published version withdrawn, and the newest ``updated`` among
    #: those: their feeds' never goes back before it. Those with no version online keep their
    #: listing and feeds, empty, so that readers subscribed to them find them.
    withdrawn: Mapping[str, datetime.datetime] = field(default_factory=dict)
    #: The same of each tag in a language (by language and the tag's slug: its spelling, and
    #: the moment), and of each member state.
    withdrawn_tags: Mapping[tuple[str, str], tuple[str, datetime.datetime]] = field(
        default_factory=dict
    )
    withdrawn_states: Mapping[str, datetime.datetime] = field(default_factory=dict)
    #: The ``updated`` of each withdrawn version the record has, by release and language: a
    #: member state's feed entry that showed it, and shows the original now, is updated later.
    withdrawn_versions: Mapping[tuple[str, str], datetime.datetime] = field(default_factory=dict)
    #: When each of them first went online (the record's ``since``; None: before it noted it).
    withdrawn_since: Mapping[tuple[str, str], str | None] = field(default_factory=dict)

    @property
    def kept(self) -> list[str]:
        """The languages whose every published version is withdrawn (see ``withdrawn``)."""
        return sorted(set(self.withdrawn) - set(self.locales))

    #: The releases a version's page shows as related, by slug and language.
    related: Callable[[str, str], tuple[Link, ...]] = field(default=lambda slug, locale: ())
    #: The project's own catalogs of the site's words (``locale/site/<ll>.po``), by language.
    interface: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: The approved terms: a tag that is one is shown in each language's approved form.
    glossary: Glossary = field(default_factory=Glossary)
    #: The build's moment, and the site's time zone: a preview says which releases are not
    #: public yet, and until when.
    now: datetime.datetime | None = None
    timezone: str = "UTC"
    _bodies: dict[str, str] = field(default_factory=dict)
    _feed_links: dict[tuple[tuple[str, ...], str, str], list[FeedLink]] = field(
        default_factory=dict
    )
    _english_words: dict[str, Callable[[str], Markup]] = field(default_factory=dict)
    _fragments: dict[
        tuple[Callable[[Sequence[FeedLink]], Markup], tuple[FeedLink, ...]], Markup
    ] = field(default_factory=dict)

    def body(self, version: Version) -> str:
        """A version's text as HTML, made once per build: a release page, its language's feeds
        and member states' feeds all show it."""
        found = self._bodies.get(version.key)
        if found is None:
            found = self._bodies[version.key] = body_html(self.pieces(version), version.locale)
        return found

    @cached_property
    def env(self) -> Environment:
        return environment(self.project_templates, self.compiled_templates)

    def name_in(self, locale: str) -> str:
        """The organisation's name as ``locale`` writes it."""
        return self.names.get(locale, self.organisation)

    def tag_in(self, tag: str, locale: str) -> tuple[str, bool]:
        """A tag as a page in ``locale`` shows it, and whether that is in the page's language:
        the glossary's approved form where the tag is a term (Conseil de l'Europe), else as the
        release writes it (in its source language)."""
        if locale == self.source:
            return tag, True
        approved = self.glossary.approved_name(tag, locale)
        return (approved, True) if approved else (tag, False)

    def kept_back(self, card: ReleaseCard) -> str | None:
        """In a preview, why a release is not in the public site at this build's moment:
        ``"draft"``, or the moment it may go online (ISO 8601: its embargo, or its date);
        None where it is public, and in a public build (which leaves it out)."""
        if not self.preview or self.now is None:
            return None
        if card.draft:
            return "draft"
        if card.embargo is not None and card.embargo > self.now:
            return card.embargo.isoformat()
        return None

    def english_words(self, lang: str) -> Callable[[str], Markup]:
        """For a page in ``lang``, the attributes of the site's ``words`` where they are shown
        in the original's language (one communique has none of its words for, nor the
        project): ``lang="en-GB"``, so that a screen reader reads them with its English voice
        (as on a release page); nothing where they are the page's."""
        found = self._english_words.get(lang)
        if found is None:  # (once per language: every page asks)
            t = self.t(lang)
            if parse_locale(lang).language == parse_locale(self.source).language:
                found = self._english_words[lang] = lambda words: Markup("")
            else:
                marked = Markup(language_attributes(self.source, lang))
                found = self._english_words[lang] = lambda words: (
                    Markup("") if t.knows(words) else marked
                )
        return found

    def feed_links(self, locales: Sequence[str], first: str, root: str) -> list[FeedLink]:
        """Feed autodiscovery links (see :func:`~communique.site.html.feed_links`), made once
        per set of languages: thousands of pages share a few."""
        key = (tuple(locales), first, root)
        found = self._feed_links.get(key)
        if found is None:
            found = self._feed_links[key] = feed_links(locales, first, root, self.name_in, self.t)
        return found

    def render(
        self,
        template: str,
        *,
        lang: str,
        depth: int,
        title: str,
        canonical: str | None,
        home: str = "",
        alternates: Sequence[Mapping[str, str]] = (),
        feeds: Sequence[FeedLink] = (),
        own_feeds: Sequence[FeedLink] | None = None,
        noindex: bool | None = None,
        wide: bool = False,
        **keys: Any,
    ) -> str:
        """A page from ``template`` with the keys every template gets, and ``keys``."""
        root = "../" * depth
        own = [f for f in feeds if f.lang == lang] if own_feeds is None else own_feeds
        return self.env.get_template(template).render(
            lang=lang,
            dir=direction(lang),
            digits=list_counter(lang),
            wide=wide,
            page_title=title,
            noindex=self.preview if noindex is None else noindex,
            canonical=canonical,
            alternates=alternates,
            feeds=feeds,
            own_feeds=own,
            feed_tags=self._fragment(feed_link_tags, feeds),
            own_feed_tags=self._fragment(feed_anchors, own),
            root=root,
            home=home,
            site_name=self.name_in(lang),
            t=self.t(lang),
            english_words=self.english_words(lang),
            **keys,
        )

    def _fragment(
        self, make: Callable[[Sequence[FeedLink]], Markup], feeds: Sequence[FeedLink]
    ) -> Markup:
        """Markup made of feed links, made once per build for each set of them: the pages of a
        language (or of a release's languages) share a few."""
        key = (make, tuple(feeds))
        found = self._fragments.get(key)
        if found is None:
            found = self._fragments[key] = make(feeds)
        return found

    def t(self, locale: str) -> Translator:
        """The site's own words in ``locale`` (the project's where it has its own)."""
        return translator(locale, self.interface)


def _unknown(listed: Listed) -> Version:
    raise KeyError(f"no version {listed.key} ({listed.slug}, {listed.locale}) in this build")
