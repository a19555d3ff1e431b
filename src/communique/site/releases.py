"""The release pages: one per published version, ``<locale>/<slug>/``."""

from __future__ import annotations

import datetime
import functools
import html
from collections.abc import Callable, Sequence
from typing import NamedTuple
from urllib.parse import quote

from communique.release.media import MEDIA_FOLDER
from communique.site.context import SiteContext
from communique.site.feeds import rfc3339
from communique.site.html import (
    Fields,
    alphabetical,
    by_name,
    json_ld,
    language_in,
    language_name,
    lead,
)
from communique.site.i18n import N_, Translator
from communique.site.localize import Version, direction, long_date, long_moment
from communique.site.outputs import Output
from communique.site.related import Link
from communique.site.urls import (
    og_locale,
    page_file,
    release_path,
    tag_path,
    tag_slug,
)


def release_pages(context: SiteContext, versions: Sequence[Version]) -> list[Output]:
    """The page of each built version of one release (each links to the others), and at each
    of the release's former slugs (``aliases``) a page that sends readers to it."""
    siblings = [v.locale for v in versions]
    pages = []
    for version in versions:
        # Worked out once: the page's key holds them, and the page shows them.
        related = context.related(version.release.slug, version.locale)
        pages.append(
            Output(
                page_file(release_path(version.locale, version.release.slug)),
                f"release {version.release.slug} ({version.locale})",
                # (When it last changed: the publication record can move it, not the key.)
                (
                    "release",
                    version.key,
                    version.updated.isoformat(),
                    siblings,
                    related,
                    context.kept_back(version.release),
                ),
                functools.partial(render_release, context, version, versions, related),
                texts=(version.key,),
            )
        )
    for version in versions:
        slug = version.release.slug
        # Its former addresses: other slugs (a rename), another tag of its language (a switch
        # of region, en → en-GB), and both.
        olds = [
            (locale, alias)
            for locale in (version.locale, *version.former_locales)
            for alias in (slug, *version.release.aliases)
            if (locale, alias) != (version.locale, slug)
        ]
        for locale, alias in olds:
            pages.append(
                Output(
                    page_file(release_path(locale, alias)),
                    f"redirect {locale}/{alias} → {version.locale}/{slug}",
                    ("redirect", version.locale, slug, version.title),
                    lambda version=version: redirect_page(context, version),  # type: ignore[misc]
                )
            )
    return pages


def redirect_page(context: SiteContext, version: Version) -> str:
    """The page left at a renamed release's old address: it sends browsers on at once, and
    tells search engines (canonical link, ``noindex``) and readers without a refresh where
    the release is now."""
    slug = version.release.slug
    target = "../../" + release_path(version.locale, slug)
    canonical = context.site.url(release_path(version.locale, slug))
    title = html.escape(version.title)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{version.locale}" dir="{direction(version.locale)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{html.escape(canonical)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={html.escape(target)}">\n'
        "</head>\n"
        "<body>\n"
        f'<p><a href="{html.escape(target)}">{title}</a></p>\n'
        "</body>\n"
        "</html>\n"
    )


def render_release(
    context: SiteContext,
    version: Version,
    others: Sequence[Version],
    related: Sequence[Link] = (),
) -> str:
    """A release page; ``others`` are every version built of the same release, itself included;
    ``related``: the releases it shows as related."""
    site = context.site
    t = context.t(version.locale)
    slug = version.release.slug
    canonical = site.url(release_path(version.locale, slug))
    alternates = [Fields(lang=v.locale, url=site.url(release_path(v.locale, slug))) for v in others]
    source = next((v for v in others if v.is_source), version)
    alternates.append(Fields(lang="x-default", url=site.url(release_path(source.locale, slug))))
    root = "../../"
    languages = [
        Fields(
            lang=v.locale,
            name=language_name(v.locale),
            href=root + release_path(v.locale, slug),
            current=v.locale == version.locale,
        )
        for v in sorted(others, key=lambda v: by_name(v.locale))
    ]

    english = functools.partial(in_the_original, t, version)

    kept_back = _kept_back(context, version, english)
    notice = None
    draft = N_("Draft: this version was translated by machine or is not yet reviewed.")
    if context.preview and version.drafts:
        notice = t(draft)
    notice_of_change = None
    if version.superseded:
        said = superseded(t, version)
        notice_of_change = Fields(
            text=said.text,
            href=root + release_path(version.source_language, slug),
            lang=version.source_language,
            link=said.link,
            text_lang=said.text_lang,
            link_lang=said.link_lang,
        )
    corrected = None
    if version.release.corrected is not None:
        day = version.release.corrected
        frame = N_("Updated on {date}.")
        # (In English words, an English date: not "Updated on 2024 ж. 11 сәуір.")
        dated = long_date(day, version.source_language if english(frame) else version.locale)
        corrected = Fields(
            date=day.isoformat(),
            text=t(frame, date=dated),
            text_lang=english(frame),
            note=version.correction,
            note_lang=version.correction_lang,
        )
    fallback = None
    shown_in_english = N_("Some passages are not translated yet and are shown in English.")
    if version.fallbacks and not version.is_source:
        fallback = t(shown_in_english)
    feeds = context.feed_links([v.locale for v in others], version.locale, root)
    name = context.name_in(version.locale)
    description = lead(context.pieces(version))
    image = version.release.image
    # (Encoded as the page's and the feeds' links are: a space is no part of an address.)
    image_url = context.site.url(f"{MEDIA_FOLDER}/{quote(image, safe=_KEPT)}") if image else None
    return context.render(
        "release.html",
        lang=version.locale,
        depth=2,
        title=f"{version.title} — {name}",
        canonical=canonical,
        home=f"{version.locale}/",
        alternates=alternates,
        feeds=feeds,
        version=version,
        og_locale=og_locale(version.locale),
        # (Open Graph names no script: Serbian in either script is sr_RS, said once.)
        og_alternates=list(
            dict.fromkeys(
                og_locale(v.locale)
                for v in others
                if og_locale(v.locale) != og_locale(version.locale)
            )
        ),
        published=rfc3339(version.published),
        updated=rfc3339(version.updated),
        json_ld=json_ld(version, canonical, name, description),
        description=description,
        image_url=image_url,
        languages=languages,
        kept_back=kept_back,
        notice=notice,
        notice_lang=english(draft),
        superseded=notice_of_change,
        corrected=corrected,
        fallback_notice=fallback,
        fallback_lang=english(shown_in_english),
        related_lang=english("Related releases"),
        back_lang=english("All press releases"),
        body=context.body(version),
        tags=_tags(context, version),
        related=[
            Fields(
                href=f"../{link.slug}/",
                title=link.title,
                title_lang=link.title_lang,
                date=link.date,
                date_text=link.date_text,
            )
            for link in related
        ],
    )


#: What an address keeps as it is when it is encoded, as Markdown's links keep it (mdurl).
_KEPT = ";/?:@&=+$,-_.!~*'()#"
#: What a preview's page of a release not in the public site says: a draft, and one under
#: embargo or dated ahead.
_NOT_PUBLIC = N_("Not public: this release is marked as a draft.")
_NOT_BEFORE = N_("Not public before {moment}.")


def _kept_back(
    context: SiteContext, version: Version, english: Callable[[str], str | None]
) -> Fields | None:
    """In a preview, the notice of a release that is not in the public site yet, and why: the
    staff who check it before it goes out see its embargo, to the minute, in the site's time
    zone. (``english``: the original's language where the page shows these words in it.)"""
    kept = context.kept_back(version.release)
    if kept is None:
        return None
    t = context.t(version.locale)
    if kept == "draft":
        return Fields(text=t(_NOT_PUBLIC), text_lang=english(_NOT_PUBLIC))
    said_in = version.source_language if english(_NOT_BEFORE) else version.locale
    moment = long_moment(datetime.datetime.fromisoformat(kept), said_in, context.timezone)
    return Fields(text=t(_NOT_BEFORE, moment=moment), text_lang=english(_NOT_BEFORE))


#: What a translation whose original changed since says of it: without the day, and with it.
_SUPERSEDED = (
    N_(
        "The original ({language}) has been updated since; this translation reflects the "
        "earlier version."
    ),
    N_(
        "The original ({language}) was updated on {date}; this translation reflects the "
        "earlier version."
    ),
)


class Superseded(NamedTuple):
    """The notice of a translation whose original changed since, and the words of its link
    to the original, each with the original's language where it is shown in it (else None:
    the page's)."""

    text: str
    text_lang: str | None
    link: str
    link_lang: str | None


def in_the_original(t: Translator, version: Version, words: str) -> str | None:
    """The original's language, where a page shows ``words`` in it (a language communique
    has none of the site's words for, nor the project): marked so, a screen reader reads them
    with its English voice."""
    return None if version.is_source or t.knows(words) else version.source_language


def superseded(t: Translator, version: Version) -> Superseded:
    """:class:`Superseded`, as a release page and its feed entries show it."""
    frame = _SUPERSEDED[version.superseded_on is not None]
    return Superseded(
        superseded_notice(t, version),
        in_the_original(t, version, frame),
        t(_CURRENT),
        in_the_original(t, version, _CURRENT),
    )


_CURRENT = N_("Read the current version")


def superseded_notice(t: Translator, version: Version) -> str:
    """What the page and the feeds of a translation whose original changed since say of it:
    in English words, with the language's name and the day in English too (not "The original
    (ағылшын тілі) was updated on 2026 ж. 3 желтоқсан")."""
    frame = _SUPERSEDED[version.superseded_on is not None]
    said_in = version.locale if t.knows(frame) else version.source_language
    language = language_in(version.source_language, said_in)
    if version.superseded_on is not None:
        return t(frame, language=language, date=long_date(version.superseded_on, said_in))
    return t(frame, language=language)


def _tags(context: SiteContext, version: Version) -> list[Fields]:
    """A version's tags as its page links them, in the order of the names shown; of two tags
    the glossary translates alike (human trafficking, trafficking in human beings), the first."""
    tags = []
    shown = set()
    for tag in _distinct(version.release.tags):
        name, translated = context.tag_in(tag, version.locale)
        if name.casefold() in shown:
            continue
        shown.add(name.casefold())
        tags.append(
            Fields(
                name=name,
                href=f"../{tag_path(version.locale, tag).removeprefix(version.locale + '/')}",
                # A tag the glossary does not translate is in the release's language.
                lang="" if translated or version.is_source else version.source_language,
            )
        )
    return sorted(tags, key=lambda fields: alphabetical(fields.name))


def _distinct(tags: Sequence[str]) -> list[str]:
    """A release's tags in order of their names, one per tag page (``EU`` and ``eu`` share
    theirs, under the spelling that sorts first)."""
    first: dict[str, str] = {}
    for tag in sorted(tags):
        first.setdefault(tag_slug(tag), tag)
    return sorted(first.values())
