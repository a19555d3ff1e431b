"""Translation memory and machine-translation cache, in SQLite under ``.communique/``.

The PO files are the truth. The memory is an index of their reviewed translations, refreshed
incrementally (a catalog is re-read only when its size, time or content changed) and rebuilt
from the PO files when the database is deleted. A reviewed translation that leaves its catalog
(a merge reused it for a changed sentence, a translator purged it) is kept as *retired*, so it
comes back as a draft if its sentence ever returns. The cache keeps engine answers by engine, route
and the exact text the engine saw, so no sentence is sent to an engine twice.

An organisation's existing memory, imported from TMX (:mod:`communique.translate.tmx`), lives in
a table of its own, each translation with the name of the file it came from: no refresh touches
it, and importing the same file again adds nothing. (Deleting the database forgets it, as it
forgets retired translations: import the file again.) A lookup prefers, among equally good
matches, the project's own current translations, then retired ones, then imported ones.

A dry run works on a throwaway copy (:func:`scratch_copy`): it reads what the memory and the
cache hold and brings the copy up to date, but writes nothing in the project.
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import itertools
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from communique.catalog import Catalog
from communique.catalog.model import reviewed_units
from communique.catalog.reader import read_catalog
from communique.errors import CatalogError
from communique.files import FileStat, digest
from communique.translate.engines.base import Translation

SCHEMA = """
CREATE TABLE IF NOT EXISTS catalogs (
    path TEXT PRIMARY KEY, locale TEXT NOT NULL, slug TEXT NOT NULL,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, digest TEXT NOT NULL,
    ctime_ns INTEGER NOT NULL DEFAULT 0, revised TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS units (
    path TEXT NOT NULL REFERENCES catalogs(path) ON DELETE CASCADE,
    locale TEXT NOT NULL, slug TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS units_by_locale ON units(locale, source);
CREATE TABLE IF NOT EXISTS retired (
    locale TEXT NOT NULL, slug TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    PRIMARY KEY (locale, slug, source, target)
);
CREATE TABLE IF NOT EXISTS imported (
    origin TEXT NOT NULL, locale TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    created TEXT, changed TEXT,
    UNIQUE (locale, source, target)
);
CREATE TABLE IF NOT EXISTS engine_cache (
    engine TEXT NOT NULL, route TEXT NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL, unknown TEXT NOT NULL,
    PRIMARY KEY (engine, route, source)
);
"""


#: The retired table of a store from before, whose key left the release out (one release's
#: retiring a text took another's row), moved to the key with it, in the order retired, all
#: or nothing.
_RETIRED_BY_RELEASE = """
BEGIN;
ALTER TABLE retired RENAME TO retired_before;
CREATE TABLE retired (
    locale TEXT NOT NULL, slug TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    PRIMARY KEY (locale, slug, source, target)
);
INSERT INTO retired SELECT locale, slug, source, target FROM retired_before ORDER BY rowid;
DROP TABLE retired_before;
COMMIT;
"""

#: Imported translations are inserted this many at a time.
IMPORT_BATCH = 1000


class Kind(enum.Enum):
    """Where a translation in the memory comes from, in the order a lookup prefers them."""

    CATALOG = "catalog"
    RETIRED = "retired"
    IMPORTED = "imported"


@dataclass(frozen=True)
class MemoryMatch:
    """A reviewed translation of a similar English sentence; ``origin``: the release's slug, or
    for an imported translation the name of its file (``osce.tmx``)."""

    source: str
    target: str
    origin: str
    score: float
    kind: Kind = Kind.CATALOG


@dataclass(frozen=True)
class ImportedUnit:
    """A translation from another tool's memory: English, and its translation in a target
    locale of the project (BCP 47), with the dates the file gives (ISO 8601), if any."""

    locale: str
    source: str
    target: str
    created: str | None = None
    changed: str | None = None


@dataclass
class _Candidates:
    """A locale's translations in the order a lookup prefers them, with an index of the first
    translation of each English sentence."""

    units: list[tuple[str, str, str, Kind]]
    sources: list[str]
    first: dict[str, int]


def _once(rows: Iterable[tuple[str, str, str]]) -> Iterator[tuple[str, str, str]]:
    """Rows of (English, translation, release), each pair once: the first met (the latest
    retired, where several releases let go of the same translation)."""
    seen: set[tuple[str, str]] = set()
    for source, target, origin in rows:
        if (source, target) not in seen:
            seen.add((source, target))
            yield source, target, origin


@dataclass(frozen=True)
class CatalogSource:
    """A catalog the memory indexes: where it is, and how to learn what it holds.

    ``stat`` tells what ``stat`` says of the file while the run has not changed it (the memory
    then skips a file whose size and time it already knows), None once the run changed it.
    """

    display: str
    locale: str
    slug: str
    stat: Callable[[], FileStat | None]
    digest: Callable[[], str | None]
    catalog: Callable[[], Catalog | None]

    @classmethod
    def from_file(cls, path: Path, display: str, locale: str, slug: str) -> CatalogSource:
        """A PO file on disk, read when the memory asks for it."""

        def stat() -> FileStat | None:
            return FileStat.of(path.stat()) if path.is_file() else None

        return cls(
            display,
            locale,
            slug,
            stat,
            lambda: digest(path.read_bytes()) if path.is_file() else None,
            lambda: read_catalog(path, display=display) if path.is_file() else None,
        )


class Memory:
    """The SQLite store; use as a context manager so it is always closed."""

    def __init__(self, database: Path | None):
        """The store at ``database``; None keeps it in memory, for the length of the run."""
        if database is not None:
            database.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(database if database is not None else ":memory:")
        self.connection.execute("PRAGMA foreign_keys = ON")
        self.connection.execute("PRAGMA journal_mode = WAL")
        self.connection.executescript(SCHEMA)
        columns = {row[1] for row in self.connection.execute("PRAGMA table_info(catalogs)")}
        if "ctime_ns" not in columns:  # a store from before: its translations stay
            self.connection.execute(
                "ALTER TABLE catalogs ADD COLUMN ctime_ns INTEGER NOT NULL DEFAULT 0"
            )
        if "revised" not in columns:  # every catalog is read again, for its revision date
            with self.connection:
                self.connection.execute(
                    "ALTER TABLE catalogs ADD COLUMN revised TEXT NOT NULL DEFAULT ''"
                )
                self.connection.execute("UPDATE catalogs SET size = -1, digest = ''")
        keyed = {row[1]: row[5] for row in self.connection.execute("PRAGMA table_info(retired)")}
        if not keyed["slug"]:  # a store from before: each release's retired rows kept apart
            # (In one transaction: a run killed halfway leaves the table as it was.)
            self.connection.executescript(_RETIRED_BY_RELEASE)
        self._sources: dict[str, _Candidates] = {}

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    def refresh(self, catalogs: Iterable[CatalogSource]) -> int:
        """Bring the index in line with the catalogs; returns how many were read again."""
        wanted = {catalog.display: catalog for catalog in catalogs}
        known = self._known()
        reread = 0
        with self.connection:
            for display in sorted(set(known) - set(wanted)):
                self._forget(display)
            for display, catalog in wanted.items():
                reread += self._read_again(catalog, known.get(display))
        self._sources.clear()
        return reread

    def notice(self, catalog: CatalogSource) -> None:
        """Bring the index in line with one catalog, before a run changes it: a reviewed
        translation a translator replaced since the memory last read the catalog is retired
        now, before what the run lets go of (the order :meth:`reviewed_before` goes by)."""
        with self.connection:
            if self._read_again(catalog, self._known(catalog.display).get(catalog.display)):
                self._sources.pop(catalog.locale, None)

    def _known(self, display: str | None = None) -> dict[str, tuple[int, int, int, str]]:
        """What the index knows of each catalog (of one): size, times and digest."""
        query = "SELECT path, size, mtime_ns, ctime_ns, digest FROM catalogs"
        rows = (
            self.connection.execute(query)
            if display is None
            else self.connection.execute(f"{query} WHERE path = ?", (display,))
        )
        return {row[0]: row[1:] for row in rows}

    def _read_again(
        self, catalog: CatalogSource, previous: tuple[int, int, int, str] | None
    ) -> bool:
        """Index one catalog again if it changed since it was (``previous``: what the index
        knows of it); whether it was read."""
        display = catalog.display
        stat = catalog.stat()
        # The time of the last change too (as the build's): an edit whose modification
        # time was put back is read again.
        said = (stat.size, stat.mtime_ns, stat.ctime_ns) if stat is not None else (-1,) * 3
        if previous is not None and stat is not None and previous[:3] == said:
            return False
        found = catalog.digest()
        if found is None:
            if previous is not None:
                self._forget(display)
            return False
        if previous is not None and previous[3] == found:
            self.connection.execute(
                "UPDATE catalogs SET size = ?, mtime_ns = ?, ctime_ns = ? WHERE path = ?",
                (*said, display),
            )
            return False
        try:
            parsed = catalog.catalog()
        except CatalogError:  # what the memory knew of it stays until it is mended
            return False
        if parsed is None:
            return False
        self._index(catalog, parsed, said, found)
        return True

    def _index(
        self, catalog: CatalogSource, parsed: Catalog, said: tuple[int, ...], digest: str
    ) -> None:
        units = reviewed_units(parsed)
        before = self.connection.execute(
            "SELECT source, target FROM units WHERE path = ?", (catalog.display,)
        )
        self._retire(catalog.locale, catalog.slug, set(before) - units)
        self.connection.execute("DELETE FROM catalogs WHERE path = ?", (catalog.display,))
        revised = parsed.info.revised
        self.connection.execute(
            "INSERT INTO catalogs (path, locale, slug, size, mtime_ns, ctime_ns, digest, revised) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                catalog.display,
                catalog.locale,
                catalog.slug,
                *said,
                digest,
                "" if revised is None else revised.astimezone(datetime.UTC).isoformat(),
            ),
        )
        self.connection.executemany(
            "INSERT INTO units VALUES (?, ?, ?, ?, ?)",
            [(catalog.display, catalog.locale, catalog.slug, *unit) for unit in sorted(units)],
        )

    def _forget(self, display: str) -> None:
        """A catalog left the project: its reviewed translations are retired."""
        for locale, slug in self.connection.execute(
            "SELECT locale, slug FROM catalogs WHERE path = ?", (display,)
        ).fetchall():
            units = self.connection.execute(
                "SELECT source, target FROM units WHERE path = ?", (display,)
            )
            self._retire(locale, slug, set(units))
        self.connection.execute("DELETE FROM catalogs WHERE path = ?", (display,))

    def reviewed(self, locale: str, slug: str, source: str, target: str) -> bool:
        """Whether ``target`` was a reviewed translation of ``source`` in a catalog of
        ``slug`` (as the memory last read it, or retired from it)."""
        found = self.connection.execute(
            "SELECT 1 FROM retired WHERE locale = ? AND slug = ? AND source = ? AND target = ? "
            "UNION ALL SELECT 1 FROM units WHERE locale = ? AND source = ? AND slug = ? "
            "AND target = ? LIMIT 1",
            (locale, slug, source, target, locale, source, slug, target),
        ).fetchone()
        return found is not None

    def reviewed_before(self, locale: str, slug: str, source: str) -> str | None:
        """The reviewed translation a catalog of ``slug`` last let go of for ``source`` (an
        English reworded, then reworded back; a sentence deleted, then restored), if any."""
        found = self.connection.execute(
            "SELECT target FROM retired WHERE locale = ? AND slug = ? AND source = ? "
            "ORDER BY rowid DESC LIMIT 1",
            (locale, slug, source),
        ).fetchone()
        return found[0] if found is not None else None

    def let_go(self, locale: str, slug: str) -> bool:
        """Whether a catalog of ``slug`` in ``locale`` let go of any reviewed translation."""
        found = self.connection.execute(
            "SELECT 1 FROM retired WHERE locale = ? AND slug = ? LIMIT 1", (locale, slug)
        ).fetchone()
        return found is not None

    def retain(self, locale: str, slug: str, units: Iterable[tuple[str, str]]) -> None:
        """Keep reviewed translations (English, translation) that leave a catalog of ``slug``."""
        with self.connection:
            self._retire(locale, slug, units)

    def _retire(self, locale: str, slug: str, units: Iterable[tuple[str, str]]) -> None:
        self.connection.executemany(
            # Retired again from this release, it is the latest it let go of (its row goes
            # last); another release's row of the same text stays that release's.
            "INSERT OR REPLACE INTO retired VALUES (?, ?, ?, ?)",
            [(locale, slug, source, target) for source, target in sorted(units)],
        )
        self._sources.pop(locale, None)

    def _candidates(self, locale: str) -> _Candidates:
        """Every translation into ``locale``, read once per run (and again after a change)."""
        found = self._sources.get(locale)
        if found is None:
            # Of two catalogs' translations of one sentence, the one revised last wins (as
            # in an export): a correction is what later drafts offer.
            current = self.connection.execute(
                "SELECT source, target, units.slug FROM units JOIN catalogs USING (path) "
                "WHERE units.locale = ? ORDER BY revised DESC, units.slug DESC, path, source",
                (locale,),
            )
            # Retired translations after those still in a catalog (the current ones win), the
            # latest retired first; then imported ones, the latest changed first.
            retired = self.connection.execute(
                "SELECT source, target, slug FROM retired WHERE locale = ? ORDER BY rowid DESC",
                (locale,),
            )
            imported = self.connection.execute(
                "SELECT source, target, origin FROM imported WHERE locale = ? "
                "ORDER BY changed DESC, rowid",
                (locale,),
            )
            units = [
                (source, target, origin, kind)
                for kind, rows in ((Kind.CATALOG, current), (Kind.RETIRED, _once(retired)))
                for source, target, origin in rows
            ]
            units.extend(
                (source, target, origin, Kind.IMPORTED) for source, target, origin in imported
            )
            sources = [unit[0] for unit in units]
            first: dict[str, int] = {}
            for index, source in enumerate(sources):
                first.setdefault(source, index)
            found = self._sources[locale] = _Candidates(units, sources, first)
        return found

    def lookup(self, locale: str, source: str, threshold: float) -> MemoryMatch | None:
        """The best reviewed translation of ``source`` (exact first), at or above ``threshold``."""
        candidates = self._candidates(locale)
        index = candidates.first.get(source)
        if index is not None:
            _, target, origin, kind = candidates.units[index]
            return MemoryMatch(source, target, origin, 100.0, kind)
        # Of equal scores, the first candidate wins: the preferred one.
        found = process.extractOne(
            source, candidates.sources, scorer=fuzz.ratio, score_cutoff=threshold
        )
        if found is None:
            return None
        _, score, index = found
        match_source, target, origin, kind = candidates.units[index]
        return MemoryMatch(match_source, target, origin, float(score), kind)

    def search(self, text: str, locale: str, limit: int, threshold: float) -> list[MemoryMatch]:
        """The translations into ``locale`` of the sentences whose English is ``text``, is at
        least ``threshold`` similar to it (what :meth:`lookup` would offer), or contains it in
        any case: the exact sentence first, then the most similar; each translation once, from
        the source a lookup prefers."""
        candidates = self._candidates(locale)
        scores = {
            index: score
            for _, score, index in process.extract(
                text, candidates.sources, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
            )
        }
        needle = text.casefold()
        for index, source in enumerate(candidates.sources):
            if index not in scores and needle in source.casefold():
                scores[index] = fuzz.ratio(text, source)
        hits = []
        seen = set()
        for index in sorted(scores, key=lambda i: (candidates.sources[i] != text, -scores[i], i)):
            source, target, origin, kind = candidates.units[index]
            if (source, target) not in seen:
                seen.add((source, target))
                hits.append(MemoryMatch(source, target, origin, float(scores[index]), kind))
                if len(hits) == limit:
                    break
        return hits

    def forget(
        self, locale: str, source: str, target: str | None = None
    ) -> tuple[list[MemoryMatch], list[str]]:
        """Drop the translations of ``source`` into ``locale`` (``target`` alone, if given) that
        no catalog holds reviewed: those retired from one and those imported. Returns what went,
        and the catalogs that still hold one reviewed (the PO files are the truth: it stays
        while they do)."""
        only = "" if target is None else " AND target = ?"
        values = (locale, source) if target is None else (locale, source, target)
        held = [
            row[0]
            for row in self.connection.execute(
                f"SELECT DISTINCT path FROM units WHERE locale = ? AND source = ?{only} "
                "ORDER BY path",
                values,
            )
        ]
        gone = [
            MemoryMatch(source, found, origin, 100.0, kind)
            for kind, table, column in (
                (Kind.RETIRED, "retired", "slug"),
                (Kind.IMPORTED, "imported", "origin"),
            )
            for found, origin in self.connection.execute(
                f"SELECT target, {column} FROM {table} WHERE locale = ? AND source = ?{only} "
                "ORDER BY rowid",
                values,
            )
        ]
        with self.connection:
            for table in ("retired", "imported"):
                self.connection.execute(
                    f"DELETE FROM {table} WHERE locale = ? AND source = ?{only}", values
                )
        self._sources.pop(locale, None)
        return gone, held

    def import_units(self, origin: str, units: Iterable[ImportedUnit]) -> tuple[int, int]:
        """Add translations from another tool's memory, read from the file named ``origin``
        (``osce.tmx``): as many at a time as :data:`IMPORT_BATCH`, so a long stream is never
        held whole; all or none (one transaction). Returns how many were added and how many
        the memory had already imported (from this file or another)."""
        added = known = 0
        stream = iter(units)
        with self.connection:
            while batch := list(itertools.islice(stream, IMPORT_BATCH)):
                before = self.connection.total_changes
                self.connection.executemany(
                    "INSERT OR IGNORE INTO imported VALUES (?, ?, ?, ?, ?, ?)",
                    [(origin, u.locale, u.source, u.target, u.created, u.changed) for u in batch],
                )
                inserted = self.connection.total_changes - before
                added += inserted
                known += len(batch) - inserted
        self._sources.clear()
        return added, known

    def cached(self, engine: str, route: str, source: str) -> Translation | None:
        """An engine's earlier answer for exactly this text, if any."""
        row = self.connection.execute(
            "SELECT target, unknown FROM engine_cache "
            "WHERE engine = ? AND route = ? AND source = ?",
            (engine, route, source),
        ).fetchone()
        if row is None:
            return None
        return Translation(row[0], tuple(word for word in row[1].split("\n") if word))

    def routes(self, engine: str) -> list[str]:
        """The routes of an engine's cached answers (``libre en→fr``), sorted."""
        return [
            row[0]
            for row in self.connection.execute(
                "SELECT DISTINCT route FROM engine_cache WHERE engine = ? ORDER BY route",
                (engine,),
            )
        ]

    def store(self, engine: str, route: str, source: str, translation: Translation) -> None:
        """Keep an engine's answer; committed at once, so a killed run loses nothing."""
        with self.connection:
            self.connection.execute(
                "INSERT OR REPLACE INTO engine_cache VALUES (?, ?, ?, ?, ?)",
                (engine, route, source, translation.text, "\n".join(translation.unknown)),
            )


@contextlib.contextmanager
def scratch_copy(database: Path) -> Iterator[Memory]:
    """A copy of the store at ``database`` (a new one if there is none), deleted when the block
    ends: whatever the run refreshes or stores, nothing is written next to ``database``.

    The copy lives in a temporary folder rather than in memory because SQLite cannot open a
    write-ahead-log database read-only without leaving files beside it; its log is copied too,
    so answers committed by a run that was killed are still read.
    """
    with tempfile.TemporaryDirectory(prefix="communique-memory-") as folder:
        copy = Path(folder) / database.name
        if database.is_file():
            shutil.copyfile(database, copy)
            log = database.with_name(database.name + "-wal")
            if log.is_file():
                shutil.copyfile(log, copy.with_name(copy.name + "-wal"))
        with Memory(copy) as memory:
            yield memory
