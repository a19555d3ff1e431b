"""The few words of the site itself (headings, notices, feed titles), in the page's language.

They are translated in gettext catalogs shipped with communique (``data/ui/<ll>.po``); a
language without one gets the English.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from communique.catalog.reader import read_catalog_bytes


@cache
def _catalog(language: str) -> dict[str, str]:
    resource = resources.files("communique") / "data" / "ui" / f"{language}.po"
    if not resource.is_file():
        return {}
    catalog = read_catalog_bytes(resource.read_bytes(), path=f"data/ui/{language}.po")
    return {m.msgid: m.msgstr for m in catalog.messages if m.msgstr and not m.fuzzy}


def translator(locale: str) -> Translator:
    """The site's words in ``locale`` (or its language, or English)."""
    table = _catalog(locale) or _catalog(locale.split("-")[0])
    return Translator(table)


class Translator:
    """``t("Press releases of {organisation}", organisation="OSCE")``"""

    def __init__(self, table: dict[str, str]):
        self.table = table

    def __call__(self, text: str, **values: str) -> str:
        return self.table.get(text, text).format(**values)
