"""Pages and documents that list releases: language indexes, member states, the root page, the
translation dashboard, the sitemap and the feeds' data."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from babel import Locale
from jinja2 import Environment
from lxml import etree

from communique.qa.gate import CatalogReview
from communique.site.feeds import Feed, FeedEntry
from communique.site.i18n import translator
from communique.site.localize import Version
from communique.site.pages import FeedLink, PageCommon, body_html, feed_links, language_name
from communique.site.urls import (
    direction,
    feed_path,
    index_path,
    release_path,
    state_feed_path,
    state_path,
)

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class State:
    """A member state's page: its code, English name and the versions its readers get."""

    code: str
    name: str
    versions: tuple[Version, ...]


def newest_first(versions: Sequence[Version]) -> list[Version]:
    return sorted(versions, key=lambda v: (-v.published.timestamp(), v.release.id, v.locale))


def feed_entry(common: PageCommon, version: Version) -> FeedEntry:
    """A version as a feed entry: its permanent id, its page, its text as HTML."""
    site = common.site
    dateline = f"<p><strong>{html.escape(version.dateline)}</strong></p>"
    return FeedEntry(
        id=site.entry_id(version.release.id, version.release.date.isoformat(), version.locale),
        title=version.title,
        url=site.url(release_path(version.locale, version.release.slug)),
        lang=version.locale,
        published=version.published,
        updated=version.updated,
        content=dateline + "\n" + body_html(version.pieces),
    )


def language_feed(
    common: PageCommon, locale: str, versions: Sequence[Version], epoch: object
) -> Feed:
    t = translator(locale)
    site = common.site
    return Feed(
        id=site.feed_id(locale),
        title=t("Press releases of {organisation}", organisation=common.organisation),
        subtitle=t(
            "The latest press releases of {organisation} in {language}.",
            organisation=common.organisation,
            language=language_name(locale),
        ),
        lang=locale,
        atom_url=site.url(feed_path(locale, "atom")),
        rss_url=site.url(feed_path(locale, "rss")),
        page_url=site.url(index_path(locale)),
        author=common.site_name,
        entries=tuple(feed_entry(common, v) for v in versions),
        epoch=epoch,  # type: ignore[arg-type]
    )


def state_feed(common: PageCommon, state: State, epoch: object, limit: int) -> Feed:
    site = common.site
    return Feed(
        id=site.feed_id(f"state/{state.code.lower()}"),
        title=f"{common.site_name}: {state.name}",
        subtitle=f"Press releases of {common.site_name} for readers in {state.name}.",
        lang=None,
        atom_url=site.url(state_feed_path(state.code, "atom")),
        rss_url=site.url(state_feed_path(state.code, "rss")),
        page_url=site.url(state_path(state.code)),
        author=common.site_name,
        entries=tuple(feed_entry(common, v) for v in newest_first(state.versions)[:limit]),
        epoch=epoch,  # type: ignore[arg-type]
    )


def _items(versions: Sequence[Version], root: str, preview: bool) -> list[dict[str, object]]:
    return [
        {
            "lang": v.locale,
            "date": v.release.date.isoformat(),
            "date_text": v.date_text,
            "title": v.title,
            "href": root + release_path(v.locale, v.release.slug),
            "draft": translator(v.locale)("Draft") if preview and v.drafts else "",
        }
        for v in newest_first(versions)
    ]


def render_index(
    env: Environment,
    common: PageCommon,
    locale: str,
    versions: Sequence[Version],
    locales: Sequence[str],
    *,
    preview: bool,
) -> str:
    """A language's list of releases, newest first."""
    t = translator(locale)
    site = common.site
    feeds = feed_links(locales, locale, common.root, common.organisation_in)
    return env.get_template("index.html").render(
        lang=locale,
        dir=direction(locale),
        page_title=f"{t('Press releases')} — {common.site_name}",
        noindex=preview,
        canonical=site.url(index_path(locale)),
        alternates=[{"lang": other, "url": site.url(index_path(other))} for other in locales],
        feeds=feeds,
        own_feeds=[f for f in feeds if f.lang == locale],
        root=common.root,
        home=index_path(locale),
        site_name=common.site_name,
        t=t,
        heading=t("Press releases"),
        items=_items(versions, common.root, preview),
        languages=[
            {
                "lang": other,
                "name": language_name(other),
                "href": common.root + index_path(other),
                "current": other == locale,
            }
            for other in sorted(locales, key=lambda tag: language_name(tag).casefold())
        ],
    )


def render_state(env: Environment, common: PageCommon, state: State, *, preview: bool) -> str:
    """A member state's page: the releases in its languages, each marked with its own."""
    site = common.site
    t = translator(common.source)
    feeds = [
        FeedLink("application/atom+xml", common.source, f"{state.name} (Atom)", "feed.atom"),
        FeedLink("application/rss+xml", common.source, f"{state.name} (RSS)", "feed.rss"),
    ]
    return env.get_template("index.html").render(
        lang=common.source,
        dir="ltr",
        page_title=f"{state.name} — {common.site_name}",
        noindex=preview,
        canonical=site.url(state_path(state.code)),
        alternates=[],
        feeds=feeds,
        own_feeds=feeds,
        root=common.root,
        home="",
        site_name=common.site_name,
        t=t,
        heading=f"{t('Press releases')}: {state.name}",
        items=_items(state.versions, common.root, preview),
        languages=[],
    )


def render_root(
    env: Environment,
    common: PageCommon,
    counts: Mapping[str, int],
    states: Sequence[State],
    *,
    preview: bool,
) -> str:
    """The front door: languages by their own names, every feed, every member state."""
    locales = sorted(counts, key=lambda tag: language_name(tag).casefold())
    feeds = feed_links(locales, common.source, "", common.organisation_in)
    state_feeds = [
        FeedLink(kind, "", f"{state.name} ({label})", state_feed_path(state.code, suffix))
        for state in states
        for kind, label, suffix in (
            ("application/atom+xml", "Atom", "atom"),
            ("application/rss+xml", "RSS", "rss"),
        )
    ]
    t = translator(common.source)
    return env.get_template("root.html").render(
        lang=common.source,
        dir="ltr",
        page_title=common.site_name,
        noindex=preview,
        canonical=common.site.url(""),
        alternates=[],
        feeds=feeds,
        own_feeds=[f for f in feeds if f.lang == common.source],
        root="",
        home="",
        site_name=common.site_name,
        t=t,
        heading=t("Press releases of {organisation}", organisation=common.organisation),
        languages=[
            {"lang": tag, "name": language_name(tag), "href": index_path(tag), "count": counts[tag]}
            for tag in locales
        ],
        all_feeds=feeds + state_feeds,
        states=[{"name": s.name, "href": state_path(s.code)} for s in states],
    )


def render_dashboard(
    env: Environment,
    common: PageCommon,
    titles: Mapping[str, str],
    reviews: Sequence[CatalogReview],
    locales: Sequence[str],
) -> str:
    """For staff: each release in each locale, how far it is, and what stands in the way."""
    rows = []
    for slug, title in titles.items():
        cells = []
        for locale in locales:
            review = next(r for r in reviews if r.slug == slug and r.locale == locale)
            p = review.progress
            total = max(p.segments, 1)
            reviewed_findings = [f for f in review.findings if not f.fuzzy]
            cells.append(
                {
                    "publishable": review.verdict.publishable,
                    "reasons": "; ".join(review.verdict.reasons),
                    "reviewed": p.reviewed,
                    "fuzzy": p.fuzzy,
                    "untranslated": p.untranslated,
                    "total": p.segments,
                    "reviewed_pct": round(100 * p.reviewed / total, 1),
                    "fuzzy_pct": round(100 * p.fuzzy / total, 1),
                    "errors": sum(1 for f in reviewed_findings if f.severity == "error"),
                    "warnings": sum(1 for f in reviewed_findings if f.severity == "warning"),
                    "findings": [str(f) for f in review.findings],
                }
            )
        rows.append(
            {
                "slug": slug,
                "title": title,
                "href": f"../{release_path(common.source, slug)}",
                "cells": cells,
            }
        )
    return env.get_template("dashboard.html").render(
        lang=common.source,
        dir="ltr",
        page_title=f"Translation status — {common.site_name}",
        noindex=True,
        canonical=None,
        alternates=[],
        feeds=[],
        own_feeds=[],
        root=common.root,
        home="",
        site_name=common.site_name,
        t=translator(common.source),
        heading="Translation status",
        locales=locales,
        rows=rows,
    )


def sitemap(common: PageCommon, releases: Mapping[str, Sequence[Version]], source: str) -> bytes:
    """``sitemap.xml``: every release page with its language alternates and ``x-default``."""
    nsmap = {None: SITEMAP, "xhtml": XHTML}
    root = etree.Element(f"{{{SITEMAP}}}urlset", nsmap=nsmap)  # type: ignore[arg-type]
    site = common.site
    for slug in sorted(releases):
        versions = sorted(releases[slug], key=lambda v: v.locale)
        default = next((v for v in versions if v.locale == source), versions[0])
        for version in versions:
            url = etree.SubElement(root, f"{{{SITEMAP}}}url")
            etree.SubElement(url, f"{{{SITEMAP}}}loc").text = site.url(
                release_path(version.locale, slug)
            )
            etree.SubElement(url, f"{{{SITEMAP}}}lastmod").text = version.updated.date().isoformat()
            for other in versions:
                _alternate(url, other.locale, site.url(release_path(other.locale, slug)))
            _alternate(url, "x-default", site.url(release_path(default.locale, slug)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _alternate(parent: etree._Element, lang: str, href: str) -> None:
    link = etree.SubElement(parent, f"{{{XHTML}}}link")
    link.set("rel", "alternate")
    link.set("hreflang", lang)
    link.set("href", href)


def territory_name(code: str) -> str:
    """A territory's English name from CLDR."""
    name: str = Locale("en").territories.get(code, code)
    return name
