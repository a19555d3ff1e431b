"""Related releases: under a release page, up to three others in its language that share a
tag with it — those sharing most tags first, then the nearest in time.

Only a release's neighbours in time under each of its tags are weighed (``WINDOW`` on either
side), so the choice costs a few comparisons per page however large the archive, and an edit
of one release's title changes the pages of a few neighbours, not of every release on the
topic: a partial build renders those again (see ``site.build``).
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from communique.site.listings import Listed
from communique.site.urls import tag_slug

#: How many related releases a page shows.
RELATED = 3
#: How many neighbours on either side, under each tag, are candidates.
WINDOW = 2


class Link(NamedTuple):
    """A related release as its page shows it; part of the page's key."""

    slug: str
    date: str
    date_text: str
    title: str
    #: The title's language, where it is shown in the original's.
    title_lang: str | None = None


class _Language:
    """One language's tagged versions: each tag's versions in order of time."""

    def __init__(self, versions: Sequence[Listed]):
        self.by_slug = {v.slug: v for v in versions}
        slugs: dict[tuple[str, ...], frozenset[str]] = {}  # (versions of a release share tags)
        self.tags: dict[str, frozenset[str]] = {}
        self.lists: dict[str, list[tuple[str, str]]] = {}
        for version in versions:
            mine = slugs.get(version.tags)
            if mine is None:
                mine = slugs[version.tags] = frozenset(tag_slug(t) for t in version.tags)
            self.tags[version.slug] = mine
            order = (version.date, version.slug)
            for tag in mine:
                self.lists.setdefault(tag, []).append(order)
        for listed in self.lists.values():
            listed.sort()

    def neighbours(self, slug: str) -> Iterator[Listed]:
        """The versions near ``slug`` in time under each of its tags (it among them)."""
        version = self.by_slug.get(slug)
        if version is None:
            return
        for tag in self.tags[slug]:
            listed = self.lists[tag]
            at = bisect.bisect_left(listed, (version.date, slug))
            for _, other in listed[max(at - WINDOW, 0) : at + WINDOW + 1]:
                yield self.by_slug[other]

    def related(self, slug: str) -> tuple[Link, ...]:
        mine = self.tags.get(slug)
        if not mine:
            return ()
        day = _day(self.by_slug[slug].date)
        candidates = {v.slug: v for v in self.neighbours(slug) if v.slug != slug}

        def rank(version: Listed) -> tuple[int, int, int, str]:
            distance = abs((_day(version.date) - day).days)
            # Most tags in common, then nearest in time, then the newer, then by slug.
            shared = len(mine & self.tags[version.slug])
            return (-shared, distance, -_day(version.date).toordinal(), version.slug)

        chosen = sorted(candidates.values(), key=rank)[:RELATED]
        return tuple(Link(v.slug, v.date, v.date_text, v.title, v.title_lang) for v in chosen)


class Related:
    """The related releases of every listed version; each language indexed when first asked
    for (a build that renders a few pages needs the few languages they are in)."""

    def __init__(self, listed: Mapping[str, Sequence[Listed]]):
        self._listed = listed
        self._by_locale: dict[str, list[Listed]] | None = None
        self._languages: dict[str, _Language] = {}

    def _language(self, locale: str) -> _Language:
        found = self._languages.get(locale)
        if found is None:
            if self._by_locale is None:
                self._by_locale = {}
                for items in self._listed.values():
                    for item in items:
                        if item.tags:
                            self._by_locale.setdefault(item.locale, []).append(item)
            found = self._languages[locale] = _Language(self._by_locale.get(locale, ()))
        return found

    def of(self, slug: str, locale: str) -> tuple[Link, ...]:
        """The releases a version's page shows as related (none where it has no tag)."""
        return self._language(locale).related(slug)

    def near(self, slug: str, locale: str) -> set[str]:
        """The releases whose related ones may include ``slug`` in ``locale``: its neighbours
        under each tag (whose neighbours it is)."""
        return {v.slug for v in self._language(locale).neighbours(slug)} - {slug}


def _day(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)
