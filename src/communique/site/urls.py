"""Where everything lives on the site, and the permanent ids of feeds and entries.

Pages are folders (``fr/2023-06-07-…/``) so their URLs end with a slash and never show a file
name. Entry ids are ``tag:`` URIs (RFC 4151) minted from the organisation's domain, the release
date, the release id and the language: they do not change when the site moves.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from babel.core import get_global

from communique.locales import parse_locale


@dataclass(frozen=True)
class Site:
    """The addresses of one build."""

    base_url: str
    domain: str
    domain_since: str

    def url(self, path: str) -> str:
        """The absolute URL of a site path (``fr/feed.atom`` or ``fr/slug/``)."""
        return self.base_url + path

    def entry_id(self, release_id: str, date: str, locale: str) -> str:
        """``tag:osce.org,2023-06-07:release/<id>/<locale>`` — never changes."""
        return f"tag:{self.domain},{date}:release/{release_id}/{locale}"

    def feed_id(self, name: str) -> str:
        """``tag:osce.org,1998:feed/fr`` for a language, ``feed/state/at`` for a state."""
        return f"tag:{self.domain},{self.domain_since}:feed/{name}"


def release_path(locale: str, slug: str) -> str:
    return f"{locale}/{slug}/"


def index_path(locale: str) -> str:
    return f"{locale}/"


def feed_path(locale: str, kind: str) -> str:
    return f"{locale}/feed.{kind}"


@functools.cache
def tag_slug(tag: str) -> str:
    """A tag as a folder name: ASCII letters and digits, lowercase, words joined by hyphens
    (``Human rights`` → ``human-rights``); a tag with none of those, its digest's start.

    >>> tag_slug("Human rights"), tag_slug("élections 2024"), tag_slug("Права")
    ('human-rights', 'elections-2024', 'tag-28cc932c')
    """
    bare = "".join(
        char
        for char in unicodedata.normalize("NFKD", tag)
        if unicodedata.category(char) != "Mn"  # accents go; the letters they sat on stay
    )
    if bare.isascii():
        slug = re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")
        if slug:
            return slug
    # Letters ASCII cannot write (Права, 選挙): dropping them would merge different tags.
    folded = unicodedata.normalize("NFC", tag).casefold()
    return "tag-" + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:8]


def tag_path(locale: str, tag: str) -> str:
    return f"{locale}/tags/{tag_slug(tag)}/"


def tag_feed_path(locale: str, tag: str, kind: str) -> str:
    return f"{tag_path(locale, tag)}feed.{kind}"


def state_path(code: str) -> str:
    return f"states/{code.lower()}/"


def state_feed_path(code: str, kind: str, everything: bool = False) -> str:
    """A state's feed of the releases that concern it, or (``everything``) of every release
    in its readers' languages."""
    return f"states/{code.lower()}/{'all/' if everything else ''}feed.{kind}"


def page_file(path: str) -> str:
    """The file that serves a path: folders get their ``index.html``."""
    return path + "index.html" if path.endswith("/") or not path else path


@functools.cache
def og_locale(tag: str) -> str:
    """Open Graph's ``ll_TT`` form: the territory CLDR finds most likely for the language and
    script (``fr`` → ``fr_FR``, ``zh-Hant`` → ``zh_TW``)."""
    locale = parse_locale(tag)
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely_subtags = get_global("likely_subtags")
    keys = [f"{locale.language}_{locale.script}"] if locale.script else []
    likely = next(
        (str(likely_subtags[key]) for key in [*keys, locale.language] if key in likely_subtags), ""
    )
    territory = likely.split("_")[-1] if likely.count("_") >= 1 else ""
    return f"{locale.language}_{territory}" if territory else locale.language
