"""The few words of the site itself (headings, notices, feed titles), in the page's language.

They are translated in gettext catalogs shipped with communique (``data/ui/<ll>.po``). A
project adds a language, or words of its own choosing, in ``locale/site/<ll>.po`` (reviewed
entries override the shipped ones); a language with neither gets the English. ``update``
keeps those catalogs in step with the words the templates use (:func:`site_words`: the
packaged templates, the project's own, and the site's code), ``draft`` drafts them and
``check`` checks them, as it does the releases' catalogs.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, cast

from communique.locales import same_script_tags
from communique.workspace.layout import SITE_WORDS_FOLDER

if TYPE_CHECKING:
    from communique.catalog import Catalog
    from communique.workspace import Workspace


def _shipped(language: str) -> Traversable:
    """Where communique's own catalog of the site's words in ``language`` is, if it ships one."""
    return resources.files("communique") / "data" / "ui" / f"{language}.po"


@cache
def _catalog(language: str) -> dict[str, str]:
    from communique.catalog.reader import read_catalog_bytes

    if not _ships(language):
        return {}
    resource = _shipped(language)
    catalog = read_catalog_bytes(resource.read_bytes(), path=f"data/ui/{language}.po")
    return {m.msgid: m.msgstr for m in catalog.messages if m.msgstr and not m.fuzzy}


def translator(locale: str, project: Mapping[str, Mapping[str, str]] | None = None) -> Translator:
    """The site's words in ``locale`` (or its language, or English); ``project``: the
    project's own catalogs, by language tag."""
    tags = same_script_tags(locale)
    table = next(filter(None, map(_catalog, tags)), {})
    own = next(filter(None, map((project or {}).get, tags)), {})
    return Translator({**table, **own} if own else table)


@cache
def _ships(language: str) -> bool:
    """Whether communique ships a catalog of the site's words in ``language``. Each it ships
    translates every word (a test sees to it): whether it has one is whether it has them."""
    return _shipped(language).is_file()


def without_interface(
    locales: Sequence[str], project: Mapping[str, Mapping[str, str]] | None = None
) -> list[str]:
    """The languages among ``locales`` whose pages would show the site's words in English:
    neither communique nor the project has a catalog of them. (Without reading the catalogs:
    a build that renders the pages of one language reads that language's alone.)"""
    own = project or {}
    found = []
    for locale in locales:
        tags = same_script_tags(locale)
        if tags[-1] == "en" or any(map(_ships, tags)):
            continue
        if not any(map(own.get, tags)):
            found.append(locale)
    return found


def read_site_catalog(raw: bytes, path: str, *, checked: bool = True) -> dict[str, str]:
    """A project's catalog of the site's words: its reviewed translations by English, but for
    those whose ``{fields}`` are not the English's (``check`` reports them) or that are no
    format string (a lone ``{``, in a catalog from before every word was flagged
    ``python-brace-format``): the page keeps communique's words, or the English, rather than
    show a wrong or broken one. ``checked``: what ``msgfmt --check`` refuses in the file (a
    renamed ``{placeholder}``) is an error (else those entries are left out alone)."""
    from communique.catalog.reader import read_catalog_bytes
    from communique.qa.findings import Entry
    from communique.qa.rules import placeholders_differ

    catalog = read_catalog_bytes(raw, path=path, checked=checked)
    language = catalog.info.language or "en"
    return {
        m.msgid: m.msgstr
        for m in catalog.messages
        if m.msgstr
        and not m.fuzzy
        and m.msgid
        and not m.obsolete
        and placeholders_differ(Entry(m.msgid, m.msgstr, language)) is None
        and _formats(m.msgstr)
    }


def _formats(text: str) -> bool:
    """Whether ``text`` is a format string :class:`Translator` can fill in."""
    try:
        list(string.Formatter().parse(text))
    except ValueError:
        return False
    return True


class Translator:
    """``t("{organisation} press releases", organisation="OSCE")``"""

    def __init__(self, table: dict[str, str]):
        self.table = table

    def knows(self, text: str) -> bool:
        """Whether the words have a translation in the language (else they are English)."""
        return text in self.table

    def __call__(self, text: str, **values: str) -> str:
        """The words in the language, filled in. A value that ends a sentence with its own
        full stop takes the pattern's: Russian dates end in "г." ("Обновлено 12 марта 2024
        г.", not "г..")."""
        pattern = self.table.get(text, text)
        for name, value in values.items():
            field = "{" + name + "}"
            if value.endswith(".") and field + "." in pattern:
                pattern = pattern.replace(field + ".", field)
        return pattern.format(**values)


#: Where a project keeps its own catalogs of the site's words.
SITE_WORDS = SITE_WORDS_FOLDER


def project_interface(
    workspace: Workspace, problems: list[str] | None = None
) -> dict[str, dict[str, str]]:
    """The project's catalogs of the site's words (``locale/site/<ll>.po``), by language tag.
    One that ``msgfmt -c`` refuses (a renamed ``{placeholder}``) is named in ``problems``
    (``file:line``): the build says so and exits 1, the rest is built, and its other words
    are used (one wrong entry took all of them off the pages); one that cannot be read at
    all is left out, its language showing communique's words or the English."""
    from communique.errors import CatalogError

    found = {}
    for name in workspace.files.names(SITE_WORDS) or ():
        if name.endswith(".po"):
            path = f"{SITE_WORDS}/{name}"
            raw, snapshot = workspace.files.read(path)
            workspace.cache.remember(snapshot)
            if raw is not None:
                try:
                    words = read_site_catalog(raw, path)
                except CatalogError as error:
                    if problems is None:
                        raise
                    try:  # (the entries msgfmt refuses are left out, not the others)
                        words = read_site_catalog(raw, path, checked=False)
                    except CatalogError:
                        problems.append(str(error))
                        continue
                    problems.append(f"{error} (that entry is left out, the others are used)")
                found[name.removesuffix(".po").replace("_", "-")] = words
    return found


def shipped(locale: str) -> bool:
    """Whether communique ships the site's words in ``locale`` (or a shorter tag of the same
    script: ``pt`` for ``pt-BR``, not ``zh`` for ``zh-Hant``)."""
    return any(map(_catalog, same_script_tags(locale)))


def site_words(project_templates: Path | None = None) -> tuple[str, ...]:
    """The site's own words, as a gettext extractor finds them: ``t('…')`` in the packaged
    templates and in the project's own (``templates/``), and ``t("…")`` in the site's code;
    in order of first appearance."""
    found = dict.fromkeys(_packaged_words())
    if project_templates is not None and project_templates.is_dir():
        for path in sorted(project_templates.rglob("*.html")):  # (and what they include)
            if any(part.startswith(".") for part in path.relative_to(project_templates).parts):
                continue
            with path.open("rb") as template:
                found.update(dict.fromkeys(_template_words(template)))
    return tuple(found)


@cache
def _packaged_words() -> tuple[str, ...]:
    package = resources.files("communique")
    found: dict[str, None] = {}
    templates = package / "templates"
    for name in sorted(item.name for item in templates.iterdir() if item.name.endswith(".html")):
        with (templates / name).open("rb") as template:
            found.update(dict.fromkeys(_template_words(template)))
    site = package / "site"
    for name in sorted(item.name for item in site.iterdir() if item.name.endswith(".py")):
        found.update(dict.fromkeys(_code_words((site / name).read_text("utf-8"))))
    return tuple(found)


def _template_words(template: IO[bytes]) -> Iterator[str]:
    """``t('…')`` in a Jinja template, found by Jinja's own Babel extractor."""
    from jinja2.ext import babel_extract

    for _, _, message, _ in babel_extract(cast(BinaryIO, template), ("t",), [], {}):
        if isinstance(message, str) and message:
            yield message


def N_(words: str) -> str:
    """Words to translate, said where they are not translated yet: gettext's ``N_``, which
    the extractor finds as it finds ``t("…")``."""
    return words


def _code_words(source: str) -> Iterator[str]:
    """``t("…")``, ``context.t(locale)("…")`` and ``N_("…")`` calls in Python code."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        called = node.func
        named = isinstance(called, ast.Name) and called.id in ("t", "N_")
        made = (
            isinstance(called, ast.Call)
            and isinstance(called.func, ast.Attribute)
            and called.func.attr == "t"
        )
        first = node.args[0]
        if (named or made) and isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield first.value


def project_words(workspace: Workspace) -> tuple[str, ...]:
    """The site's words a project's pages use: those of its own templates too, where the
    project is on disk."""
    return site_words(workspace.project_templates)


def words_template(words: Sequence[str]) -> Catalog:
    """The template of the site's words: one message per word, each flagged
    ``python-brace-format``, as each is filled in with ``str.format`` (:class:`Translator`):
    drafting keeps the placeholders, and gettext and ``check`` refuse a translation that is no
    format string (a lone ``{``) or renames a placeholder."""
    from communique.catalog import Catalog, Message

    return Catalog(
        header=[
            ("Project-Id-Version", "site"),
            ("POT-Creation-Date", ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        header_fuzzy=True,
        messages=[
            Message(
                msgid=word,
                extracted_comments=["the site's own words"],
                flags=["python-brace-format"],
            )
            for word in words
        ],
    )
