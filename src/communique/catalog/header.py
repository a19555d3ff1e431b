"""The header of a new translation catalog, every locale fact from CLDR through Babel."""

from __future__ import annotations

from babel import Locale
from babel.messages.plurals import get_plural

from communique.catalog.model import Catalog
from communique.locales import english_name, gettext_language

GENERATOR = "communique"


def plural_forms(locale: Locale) -> str:
    """The ``Plural-Forms`` header for a locale: ``nplurals=2; plural=(n != 1);``."""
    return get_plural(locale).plural_forms


def new_catalog(template: Catalog, locale: Locale, *, source: str) -> Catalog:
    """An empty catalog for ``locale`` with a complete gettext header and the template's messages.

    The revision date starts as the template's creation date, so a new catalog depends on its
    inputs only, never on the clock.
    """
    created = template.header_value("POT-Creation-Date") or ""
    project = template.header_value("Project-Id-Version") or ""
    return Catalog(
        header=[
            ("Project-Id-Version", project),
            ("Report-Msgid-Bugs-To", ""),
            ("POT-Creation-Date", created),
            ("PO-Revision-Date", created),
            ("Last-Translator", ""),
            ("Language-Team", english_name(locale)),
            ("Language", gettext_language(locale)),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", plural_forms(locale)),
            ("X-Generator", GENERATOR),
        ],
        header_comments=[f"{english_name(locale)} translation of {source}."],
    )
