"""Where the workspace finds a release's template and catalogs, as paths in the project."""

from __future__ import annotations

import functools

from communique.locales import folder_name, parse_locale
from communique.project import check_slug

#: Where the publication records are (``published/<slug>.json``: see :mod:`communique.site.record`).
RECORD_FOLDER = "published"
#: What the ids of the site's feeds and feed entries are minted from (``tag:osce.org,1998:…``),
#: committed beside the records: a fresh clone's build (CI's) knows them as the last build
#: had them, and refuses a change that would give every entry a new id.
FEED_IDS = f"{RECORD_FOLDER}/_feeds.json"
#: Where the project's catalogs of the site's own words are (``locale/site/<ll>.po``), and the
#: name their entries go by among the releases' catalogs (no release can have it).
SITE_WORDS_FOLDER = "locale/site"
SITE_WORDS = ":site"


#: Where the releases' templates are (``locale/templates/<slug>.pot``).
TEMPLATES_FOLDER = "locale/templates"


def template_path(slug: str) -> str:
    """``locale/templates/<slug>.pot``"""
    return f"{TEMPLATES_FOLDER}/{check_slug(slug)}.pot"


def catalog_folder(locale: str) -> str:
    """``<ll>/LC_MESSAGES`` under ``locale/`` for a target locale in BCP 47 (``sr_Latn/…``)."""
    return f"{_folder_name(locale)}/LC_MESSAGES"


def site_words_path(locale: str) -> str:
    """The project's catalog of the site's words in ``locale``: ``locale/site/pt_BR.po``."""
    return f"{SITE_WORDS_FOLDER}/{_folder_name(locale)}.po"


@functools.cache
def _folder_name(locale: str) -> str:
    return folder_name(parse_locale(locale))


def catalog_path(slug: str, locale: str) -> str:
    """``locale/<ll>/LC_MESSAGES/<slug>.po`` for a target locale given in BCP 47 (``sr-Latn``)."""
    return f"locale/{catalog_folder(locale)}/{check_slug(slug)}.po"
