"""The translation memory as a user works with it: out to TMX (which reviewed translations of
the project go out), in from TMX (which translations of another tool's memory come in, for
which target locale), and searched.

**Export.** Every reviewed translation of the release catalogs (obsolete entries included:
they are reviewed work too), one unit per English sentence with a translation per target
locale. Where a locale has several translations of a sentence (two releases translated it
differently), the most recently revised goes in the first unit and each other one in a further
unit of the same English. A translation's dates are the earliest and the latest
``PO-Revision-Date`` of the catalogs that hold it. Units are sorted by their English.

**Import.** A ``tuv`` in any English (``en``, ``en-US``, ``EN-GB``) is the unit's English; where
a unit has several, the one its ``srclang`` names (the ``tu``'s, else the header's) wins, then
the project's source locale. A ``tuv`` in another language serves the target locale it means
once CLDR's likely subtags fill in what the tags leave out: ``fr``, ``fr-FR`` and ``FR-fr`` all
mean French as written in France and serve a project locale ``fr``; ``pt`` serves ``pt-BR``;
``fr-CA``, ``de-AT`` or ``pt-PT`` serve only a locale of that name. Languages no target locale
takes are named in the report, not stored (import the file again after adding a locale).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from communique.catalog.model import Catalog, reviewed_units
from communique.errors import counted
from communique.locales import likely, taken_by
from communique.translate.memory import ImportedUnit, Kind, MemoryMatch
from communique.translate.tmx import (
    MemoryUnit,
    TmxError,
    TmxUnit,
    Variant,
    Version,
    read_tmx,
    tmx_bytes,
)

if TYPE_CHECKING:
    from communique.workspace import Workspace


def project_units(workspace: Workspace) -> list[MemoryUnit]:
    """Every reviewed translation of the project's release catalogs, as TMX units sorted by
    their English (see the module's docstring); a catalog that cannot be read is an error."""
    dates: dict[tuple[str, str, str], list[datetime.datetime | None]] = {}
    for locale in workspace.settings.target_locales:
        for entry in workspace.catalogs_in(locale):
            if not entry.exists:
                continue
            catalog = entry.catalog
            revised = catalog.info.revised
            _xml_can_hold(catalog, entry.path)
            for source, target in reviewed_units(catalog):
                dates.setdefault((source, locale, target), []).append(revised)
    by_source: dict[str, dict[str, list[Version]]] = {}
    for (source, locale, target), seen in dates.items():
        known = [moment for moment in seen if moment is not None]
        version = Version(locale, target, min(known, default=None), max(known, default=None))
        by_source.setdefault(source, {}).setdefault(locale, []).append(version)
    units = []
    for source in sorted(by_source):
        # The most recently revised translation first; undated ones last.
        ranked = {
            locale: sorted(versions, key=lambda v: (v.changed is not None, v.changed, v.text))
            for locale, versions in sorted(by_source[source].items())
        }
        for alternative in range(max(len(versions) for versions in ranked.values())):
            units.append(
                MemoryUnit(
                    source,
                    tuple(
                        versions[-1 - alternative]
                        for versions in ranked.values()
                        if alternative < len(versions)
                    ),
                )
            )
    return units


def _xml_can_hold(catalog: Catalog, path: str) -> None:
    """A reviewed translation (or its English) with a character XML 1.0 cannot hold (a
    vertical tab pasted from a word processor) is an error at its entry: TMX cannot carry it,
    and the file would be written without saying where."""
    from communique.exchange.xliff import NOT_XML

    for message in catalog.messages:
        if message.fuzzy or not message.msgstr or message.msgid_plural is not None:
            continue
        found = NOT_XML.search(message.msgid) or NOT_XML.search(message.msgstr)
        if found is not None:
            raise TmxError(
                f"holds U+{ord(found.group()):04X}, a character XML 1.0 cannot hold, which TMX "
                "cannot carry: remove it; nothing was written",
                path=path,
                line=message.line,
            )


def export_tmx(workspace: Workspace) -> tuple[bytes, list[MemoryUnit]]:
    """The project's reviewed translations as a TMX document, and its units."""
    units = project_units(workspace)
    return tmx_bytes(units, workspace.settings.source_locale), units


@dataclass
class ImportReport:
    """What importing one TMX file did: units read, translations added and already known,
    units without English, and the languages no target locale takes (as written)."""

    path: str
    units: int = 0
    added: int = 0
    known: int = 0
    without_english: int = 0
    skipped: set[str] = field(default_factory=set)
    #: The regional languages taken for a target locale that names no region (ar-SA: ar).
    read_as: dict[str, str] = field(default_factory=dict)


class Languages:
    """Which TMX languages are the project's English and which serve its target locales."""

    def __init__(self, source: str, targets: Sequence[str]):
        self.source = likely(source)
        self.targets = tuple(targets)

    def is_english(self, tag: str) -> bool:
        meant = likely(tag)
        return meant is not None and self.source is not None and meant[0] == self.source[0]

    def target(self, tag: str) -> str | None:
        """The target locale (BCP 47) a TMX language serves, if any (:func:`taken_by`)."""
        return taken_by(tag, self.targets)

    def english(self, unit: TmxUnit) -> Variant | None:
        """The unit's English: the variant in its ``srclang``, else in the project's source
        locale, else the first."""
        found = [v for v in unit.variants if self.is_english(v.language)]
        named = likely(unit.srclang) if unit.srclang else None
        for wanted in (named, self.source):
            for variant in found:
                if wanted is not None and likely(variant.language) == wanted:
                    return variant
        return found[0] if found else None


def imported_units(
    units: Iterable[TmxUnit], languages: Languages, report: ImportReport
) -> Iterator[ImportedUnit]:
    """Each unit's translations of its English into the target locales, counted in ``report``."""
    for unit in units:
        report.units += 1
        english = languages.english(unit)
        if english is None:
            report.without_english += 1
            continue
        for variant in unit.variants:
            if variant is english or languages.is_english(variant.language):
                continue
            locale = languages.target(variant.language)
            if locale is None:
                report.skipped.add(variant.language)
                continue
            if likely(variant.language) != likely(locale):
                report.read_as[variant.language] = locale
            yield ImportedUnit(locale, english.text, variant.text, variant.created, variant.changed)


def import_tmx(workspace: Workspace, path: Path, display: str | None = None) -> ImportReport:
    """Add a TMX file's translations into the target locales to the translation memory, under
    the file's name: all of them or, if the file is malformed, none."""
    settings = workspace.settings
    report = ImportReport(display or str(path))
    languages = Languages(settings.source_locale, settings.target_locales)
    units = imported_units(read_tmx(path, display), languages, report)
    report.added, report.known = workspace.memory.import_units(path.name, units)
    return report


def import_summary(report: ImportReport) -> str:
    """One line: ``osce.tmx: 3 units read: 5 translations added, 1 already known; …``."""
    line = (
        f"{report.path}: {counted(report.units, 'unit')} read: "
        f"{counted(report.added, 'translation')} added, {report.known} already known"
    )
    if report.without_english:
        line += f"; {counted(report.without_english, 'unit')} without English skipped"
    if report.read_as:
        taken = ", ".join(f"{tag} as {locale}" for tag, locale in sorted(report.read_as.items()))
        line += f"; read {taken}"
    if report.skipped:
        line += f"; not target locales, skipped: {', '.join(sorted(report.skipped))}"
    return line


@dataclass(frozen=True)
class SearchHit:
    """A translation ``search`` found, and how its English matches the text: ``exact``,
    ``fuzzy`` (as similar as ``draft`` asks), or it ``contains`` the text."""

    match: MemoryMatch
    how: str


def search_memory(workspace: Workspace, text: str, locale: str, limit: int) -> list[SearchHit]:
    """The memory's translations into ``locale`` (BCP 47, a target locale) of the sentences
    like ``text`` (:meth:`Memory.search`), the catalogs' current work included."""
    from communique.translate.draft import memory_sources

    (code,) = workspace.locales([locale])
    threshold = workspace.settings.drafting.memory_threshold
    memory = workspace.memory
    memory.refresh(memory_sources(workspace))
    return [
        SearchHit(
            match,
            "exact"
            if match.source == text
            else "fuzzy"
            if match.score >= threshold
            else "contains",
        )
        for match in memory.search(text, code, limit, threshold)
    ]


def describe_hit(hit: SearchHit, source_locale: str, locale: str) -> list[str]:
    """A search result as ``search`` prints it: the score, how the English matches, where the
    translation comes from, then the English and the translation.

    >>> match = MemoryMatch("One.", "Un.", "old.tmx", 80.0, Kind.IMPORTED)
    >>> for line in describe_hit(SearchHit(match, "fuzzy"), "en-GB", "fr"):
    ...     print(line)
     80%  fuzzy     old.tmx (imported)
      en-GB  One.
      fr     Un.
    """
    match = hit.match
    width = max(len(source_locale), len(locale))
    origin = match.origin if match.kind is Kind.CATALOG else f"{match.origin} ({match.kind.value})"
    return [
        f"{match.score:3.0f}%  {hit.how:<8}  {origin}",
        f"  {source_locale:<{width}}  {match.source}",
        f"  {locale:<{width}}  {match.target}",
    ]
