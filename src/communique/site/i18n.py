"""The few words of the site itself (headings, notices, feed titles), in the page's language.

They are translated in gettext catalogs shipped with communique (``data/ui/<ll>.po``). A
project adds a language, or words of its own choosing, in ``locale/site/<ll>.po`` (reviewed
entries override the shipped ones); a language with neither gets the English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from communique.workspace import Workspace


@cache
def _catalog(language: str) -> dict[str, str]:
    from communique.catalog.reader import read_catalog_bytes

    resource = resources.files("communique") / "data" / "ui" / f"{language}.po"
    if not resource.is_file():
        return {}
    catalog = read_catalog_bytes(resource.read_bytes(), path=f"data/ui/{language}.po")
    return {m.msgid: m.msgstr for m in catalog.messages if m.msgstr and not m.fuzzy}


def translator(locale: str, project: Mapping[str, Mapping[str, str]] | None = None) -> Translator:
    """The site's words in ``locale`` (or its language, or English); ``project``: the
    project's own catalogs, by language tag."""
    table = _catalog(locale) or _catalog(locale.split("-")[0])
    own = (project or {}).get(locale) or (project or {}).get(locale.split("-")[0])
    return Translator({**table, **own} if own else table)


def without_interface(
    locales: Sequence[str], project: Mapping[str, Mapping[str, str]] | None = None
) -> list[str]:
    """The languages among ``locales`` whose pages would show the site's words in English:
    neither communique nor the project has a catalog of them."""
    return [
        locale
        for locale in locales
        if not translator(locale, project).table and locale.split("-")[0] != "en"
    ]


def read_site_catalog(raw: bytes, path: str) -> dict[str, str]:
    """A project's catalog of the site's words: its reviewed translations by English."""
    from communique.catalog.reader import read_catalog_bytes

    catalog = read_catalog_bytes(raw, path=path)
    return {m.msgid: m.msgstr for m in catalog.messages if m.msgstr and not m.fuzzy and m.msgid}


class Translator:
    """``t("Press releases of {organisation}", organisation="OSCE")``"""

    def __init__(self, table: dict[str, str]):
        self.table = table

    def __call__(self, text: str, **values: str) -> str:
        return self.table.get(text, text).format(**values)


#: Where a project keeps its own catalogs of the site's words.
SITE_WORDS = "locale/site"


def project_interface(workspace: Workspace) -> dict[str, dict[str, str]]:
    """The project's catalogs of the site's words (``locale/site/<ll>.po``), by language tag;
    one that cannot be read stops the build (``file:line``), as a broken template does."""
    found = {}
    for name in workspace.files.names(SITE_WORDS) or ():
        if name.endswith(".po"):
            path = f"{SITE_WORDS}/{name}"
            raw, _ = workspace.files.read(path)
            if raw is not None:
                found[name.removesuffix(".po").replace("_", "-")] = read_site_catalog(raw, path)
    return found
