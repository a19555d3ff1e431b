"""``communique export``: each release's catalog in each language as an XLIFF file for a CAT
tool, at ``<out>/<locale>/<slug>.xlf``; and the project's catalogs of the site's own words
(``locale/site/<ll>.po``, for a language communique ships none for) at
``<out>/site/<ll>.xlf``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from communique.catalog.drafts import draft_origin, translator_notes
from communique.catalog.model import Catalog, Message
from communique.errors import CatalogError
from communique.exchange.xliff import (
    Document,
    State,
    Unit,
    exchanged,
    state_of,
    unit_id,
    write,
)
from communique.files import write_atomic_bytes
from communique.project import is_markdown
from communique.workspace import Workspace
from communique.workspace.layout import SITE_WORDS


@dataclass(frozen=True)
class Exported:
    """One file written, and what its units stand at."""

    path: Path
    slug: str
    locale: str
    untranslated: int
    drafts: int
    reviewed: int


@dataclass(frozen=True)
class ExportResult:
    written: list[Exported]
    #: ``<slug> (<locale>)`` of the catalogs that do not exist yet.
    missing: list[str]
    #: The catalogs that cannot be read, as the user sees each (``file:line: what``): left
    #: out, the others exported.
    unreadable: list[str] = field(default_factory=list)


def export_xliff(
    workspace: Workspace,
    slugs: Sequence[str],
    locales: Sequence[str],
    *,
    version: str,
    out: Path,
) -> ExportResult:
    """Write an XLIFF ``version`` file for each catalog of the releases and locales asked for
    (all when none is; then the site's words too, where the project has a catalog of them).
    A catalog that cannot be read is left out, and said; the others are exported (one bad
    file stops nothing else)."""
    documents = []
    missing = []
    unreadable = []
    wanted = [
        (slug, workspace.catalog(slug, locale))
        for slug in workspace.slugs(slugs)
        for locale in workspace.locales(locales)
    ]
    if not slugs:  # (no site catalog where communique's own serves: not missing)
        wanted += [
            (SITE_WORDS, workspace.site_catalog(locale)) for locale in workspace.locales(locales)
        ]
    for slug, entry in wanted:
        try:
            catalog = entry.load()
        except CatalogError as error:
            unreadable.append(str(error))
            continue
        if catalog is None:
            if slug != SITE_WORDS:
                missing.append(f"{slug} ({entry.locale})")
            continue
        site = slug == SITE_WORDS
        documents.append(
            Document(
                slug=slug,
                source_language=workspace.settings.source_locale,
                target_language=entry.locale,
                original=entry.path,
                # (no need to read the release)
                markup=not site and is_markdown(workspace.sources[slug]),
                units=units(catalog),
                braces=site,
            )
        )
    made = [(document, write(document, version)) for document in documents]
    written = []
    for document, data in made:
        path = export_path(out, document.slug, document.target_language)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic_bytes(path, data, durable=False)
        states = [unit.state for unit in document.units]
        written.append(
            Exported(
                path,
                document.slug,
                document.target_language,
                states.count(State.UNTRANSLATED),
                states.count(State.DRAFT),
                states.count(State.REVIEWED),
            )
        )
    return ExportResult(written, missing, unreadable)


def export_path(out: Path, slug: str, locale: str) -> Path:
    """Where the export of a release's catalog, or of the site's words, in ``locale`` goes."""
    if slug == SITE_WORDS:
        return out / "site" / f"{locale}.xlf"
    return out / locale / f"{slug}.xlf"


def units(catalog: Catalog) -> tuple[Unit, ...]:
    """The catalog's entries that go out (see :func:`.xliff.exchanged`), as units."""
    return tuple(unit_of(message) for message in catalog.messages if exchanged(message))


def unit_of(message: Message) -> Unit:
    """A catalog entry as the unit the export writes."""
    return Unit(
        id=unit_id(message.msgctxt, message.msgid),
        source=message.msgid,
        target=message.msgstr,
        state=state_of(message),
        context=message.msgctxt,
        locations=tuple(
            path if line is None else f"{path}:{line}" for path, line in message.references
        ),
        roles=tuple(message.extracted_comments),
        comments=tuple(translator_notes(message)),
        draft=draft_origin(message),
        previous=message.previous_msgid if message.fuzzy else None,
        line=message.line,
    )
