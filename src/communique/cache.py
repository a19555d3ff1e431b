"""What earlier runs learnt, kept in ``.communique/cache.sqlite`` so the next one redoes only
what changed: the digests of project files (trusted while ``stat`` says a file is untouched),
records computed from content (a version's checks, a localized page) keyed by the digests of
their inputs, and what each build wrote.

Nothing here is the truth: delete the file and the next run computes everything again. A
project whose ``.communique/`` cannot be written gets a cache that lives as long as the run.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from stat import S_ISREG
from typing import Any

import orjson

from communique import __version__
from communique.files import RACY_NS, FileStat, Snapshot

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, taken_ns INTEGER NOT NULL,
    digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS outputs (
    site TEXT NOT NULL, path TEXT NOT NULL, key TEXT NOT NULL,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, PRIMARY KEY (site, path)
);
CREATE TABLE IF NOT EXISTS sites (site TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
    site TEXT NOT NULL, slug TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (site, slug)
);
CREATE TABLE IF NOT EXISTS listed (
    site TEXT NOT NULL, slug TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (site, slug)
);
"""
#: How many files' digests are looked up one by one before the cache reads them all.
SINGLE_LOOKUPS = 200
#: Raised when the layout of the cache changes: an older file is simply started afresh.
SCHEMA_VERSION = 4


@dataclass(frozen=True)
class Row:
    """What the last build knew of one release: the fingerprint of its files (what ``stat`` says
    of them, with the settings and the glossary), and the state of each of its versions: the
    locale, then the state's record."""

    fingerprint: str
    records: tuple[Sequence[Any], ...]


def encode(value: Any) -> bytes:
    """A record as compact UTF-8 JSON, made by orjson: a first build of an archive stores
    thousands of records (every version's checks and texts), which the standard library's
    encoder took seconds to write. A record that is bytes (a parsed release, see
    :mod:`communique.release.stored`) is kept as it is, after a NUL, which no JSON begins with."""
    if isinstance(value, bytes):
        return _RAW + value
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def decode(data: str | bytes) -> Any:
    """A record stored by :func:`encode` (or, in a cache written before it, as JSON text)."""
    if isinstance(data, bytes) and data[:1] == _RAW:
        return data[1:]
    return orjson.loads(data)


_RAW = b"\0"


def _row(data: str | bytes) -> Row:
    fingerprint, records = decode(data)
    return Row(fingerprint, tuple(records))


@functools.cache
def code_fingerprint() -> str:
    """A digest of communique itself (its version, and the size and time of each of its files:
    code, templates, data) and of Babel's version: records computed by another version are not
    used."""
    import babel

    package = str(resources.files("communique"))
    # Babel's version too: the locale facts a record holds (dates, names) are CLDR's.
    found = hashlib.sha256(f"{__version__}|babel {babel.__version__}".encode())
    found.update("".join(code_files(package)).encode())
    return found.hexdigest()


#: The files of communique whose change makes a record computed by another version unusable.
CODE_SUFFIXES = (".py", ".html", ".css", ".po", ".toml", ".json")


def code_files(package: str) -> list[str]:
    """Each file of the package that :func:`code_fingerprint` holds, as ``path|size|time`` lines,
    sorted: code, templates and data, not the compiled files nor a link to nothing (an editor's
    lock file). With os.walk and strings: every command pays for this, and pathlib's rglob and
    stat cost more than twice as much."""
    lines = []
    for where, folders, names in os.walk(package):
        folders[:] = [folder for folder in folders if folder != "__pycache__"]
        for name in names:
            if name.endswith(CODE_SUFFIXES):
                path = f"{where}/{name}"
                try:
                    stat = os.stat(path)  # noqa: PTH116
                except OSError:
                    continue
                if S_ISREG(stat.st_mode):
                    lines.append(f"{path[len(package) + 1 :]}|{stat.st_size}|{stat.st_mtime_ns}\n")
    return sorted(lines)


class Cache:
    """The cache of one project; opened on first use, committed by :meth:`flush`."""

    def __init__(self, database: Path | None, *, write: bool = True):
        """The cache in ``database`` (None: in memory); with ``write`` False, a run reads what
        earlier runs learnt and keeps what it learns to itself (a dry run)."""
        self.database = database
        self.write = write
        self._connection: sqlite3.Connection | None = None
        self._digests: dict[str, tuple[int, int, int, int, int, str]] | None = None
        self._lookups = 0
        self._pending: dict[str, Snapshot] = {}
        #: The digest of each file this run read, by path ("": it found no file there, or
        #: other bytes when it read the file again).
        self._read: dict[str, str] = {}
        self._pending_records: dict[str, dict[str, Any]] = {}
        #: Records as worker processes handed them over, encoded (see :meth:`take_pending`).
        self._pending_encoded: dict[str, dict[str, bytes]] = {}
        #: What :meth:`listed` read, as stored: :meth:`replace_listed` writes what differs.
        self._listed: dict[str, dict[str, bytes]] = {}

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = self._open()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        if self.database is not None and not self.write:
            try:
                return sqlite3.connect(f"{self.database.as_uri()}?mode=ro", uri=True, timeout=30)
            except sqlite3.Error:
                pass  # none yet: this run starts from nothing, in memory
        elif self.database is not None:
            try:
                self.database.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.database, timeout=30)
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, SCHEMA_VERSION):
                    connection.executescript(
                        "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS records; "
                        "DROP TABLE IF EXISTS outputs; DROP TABLE IF EXISTS sites; "
                        "DROP TABLE IF EXISTS rows; DROP TABLE IF EXISTS listed;"
                    )
                connection.execute("PRAGMA journal_mode = WAL")
                connection.executescript(SCHEMA)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                return connection
            except (OSError, sqlite3.Error):
                pass  # a read-only checkout, a broken file: this run keeps its cache in memory
        connection = sqlite3.connect(":memory:")
        connection.executescript(SCHEMA)
        return connection

    # -- file digests ----------------------------------------------------------------------------

    def digest(self, path: str, stat: FileStat) -> str | None:
        """The digest of ``path`` if an earlier run read it and ``stat`` proves it unchanged."""
        pending = self._pending.get(path)
        if pending is not None:
            return pending.digest if pending.stat == stat else None
        known = self._known_file(path)
        if known is None:
            return None
        size, mtime_ns, inode, ctime_ns, taken_ns, digest = known
        if FileStat(size, mtime_ns, inode, ctime_ns) != stat or mtime_ns >= taken_ns - RACY_NS:
            return None
        return digest

    def _known_file(self, path: str) -> tuple[int, int, int, int, int, str] | None:
        """What the cache knows of a file: asked one at a time for the first few (a rebuild
        after an edit asks for a handful), then read all at once."""
        if self._digests is None:
            self._lookups += 1
            if self._lookups <= SINGLE_LOOKUPS:
                row = self.connection.execute(
                    "SELECT size, mtime_ns, inode, ctime_ns, taken_ns, digest FROM files "
                    "WHERE path = ?",
                    (path,),
                ).fetchone()
                return tuple(row) if row is not None else None
            self._digests = {
                row[0]: row[1:]
                for row in self.connection.execute(
                    "SELECT path, size, mtime_ns, inode, ctime_ns, taken_ns, digest FROM files"
                )
            }
        return self._digests.get(path)

    def remember(self, snapshot: Snapshot) -> None:
        """Keep a file's digest with what ``stat`` said when it was read."""
        if snapshot.digest is not None and snapshot.stat is not None:
            self._pending[snapshot.path] = snapshot
        self.note_read(snapshot.path, snapshot.digest)

    def note_read(self, path: str, digest: str | None) -> None:
        """Note the digest of a file's bytes as this run read them (None: no file there), for
        :meth:`read_this_run`; called by :meth:`remember`, and for the settings, which are
        read before the cache is open."""
        found = digest or ""
        if self._read.setdefault(path, found) != found:
            self._read[path] = ""

    def read_this_run(self, path: str) -> str | None:
        """The digest of a file's bytes as this run read them (its workers included): None if
        it did not read the file; "" if it found no file there, or other bytes when it read the
        file again."""
        return self._read.get(path)

    # -- records ---------------------------------------------------------------------------------

    def records(self, kind: str, keys: Iterable[str]) -> dict[str, Any]:
        """The records of a kind that exist for these keys, decoded."""
        pending = self._pending_records.get(kind, {})
        encoded = self._pending_encoded.get(kind, {})
        found: dict[str, Any] = {}
        wanted = []
        for key in dict.fromkeys(keys):
            if key in pending:
                found[key] = pending[key]
            elif key in encoded:
                found[key] = decode(encoded[key])
            else:
                wanted.append(key)
        for key, data in self._select_in(
            "SELECT key, data FROM records WHERE kind = ?", kind, "key", wanted
        ):
            found[key] = decode(data)
        return found

    def _select_in(
        self, query: str, first: str, column: str, values: Sequence[str]
    ) -> Iterator[tuple[str, str]]:
        """The rows of ``query`` (with one parameter, ``first``) whose ``column`` is one of
        ``values``, asked 500 at a time (SQLite's limit on parameters is near)."""
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.connection.execute(
                f"{query} AND {column} IN ({marks})", (first, *chunk)
            )

    def count(self, kind: str) -> int:
        """How many records of a kind are stored."""
        row = self.connection.execute("SELECT count(*) FROM records WHERE kind = ?", (kind,))
        found: int = row.fetchone()[0]
        return found

    def put_records(self, kind: str, records: Mapping[str, Any]) -> None:
        """Keep records of a kind by key (stored by :meth:`flush`)."""
        self._pending_records.setdefault(kind, {}).update(records)

    def take_pending(self) -> tuple[list[Snapshot], dict[str, dict[str, bytes]]]:
        """What this cache learnt and has not stored: for a worker process to hand it to the
        process that owns the cache (see :meth:`absorb`). The records go encoded, as they will
        be stored: the worker encodes them beside the others, and the owner, which reads few
        of them again, neither unpickles their objects nor encodes them (a first build of
        2,000 × 6 hands over 25 MB of them)."""
        records = {
            kind: {key: encode(value) for key, value in found.items()}
            for kind, found in self._pending_records.items()
        }
        snapshots = list(self._pending.values())
        self._pending, self._pending_records = {}, {}
        return snapshots, records

    def absorb(
        self, snapshots: Iterable[Snapshot], records: Mapping[str, Mapping[str, bytes]]
    ) -> None:
        """Take in what a worker's cache learnt (records encoded: :meth:`take_pending`)."""
        for snapshot in snapshots:
            self.remember(snapshot)
        for kind, found in records.items():
            self._pending_encoded.setdefault(kind, {}).update(found)

    def keep_only(self, kind: str, keys: Iterable[str]) -> None:
        """Forget the records of a kind that are not among ``keys`` (stale after edits)."""
        connection = self.connection
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
        connection.execute("DELETE FROM keep")
        connection.executemany("INSERT OR IGNORE INTO keep VALUES (?)", [(k,) for k in keys])
        connection.execute(
            "DELETE FROM records WHERE kind = ? AND key NOT IN (SELECT key FROM keep)", (kind,)
        )

    # -- what builds wrote -----------------------------------------------------------------------

    def outputs(self, site: str) -> dict[str, tuple[str, int, int]]:
        """Path → (input key, size, time) of every file the last build of ``site`` made."""
        return {
            row[0]: (row[1], row[2], row[3])
            for row in self.connection.execute(
                "SELECT path, key, size, mtime_ns FROM outputs WHERE site = ?", (site,)
            )
        }

    def replace_outputs(
        self,
        site: str,
        rows: Mapping[str, tuple[str, int, int]],
        previous: Mapping[str, tuple[str, int, int]],
    ) -> None:
        """Record what a build of ``site`` made, instead of what the last one did
        (``previous``, as :meth:`outputs` gave it): the rows that changed."""
        self.connection.executemany(
            "DELETE FROM outputs WHERE site = ? AND path = ?",
            [(site, path) for path in previous if path not in rows],
        )
        self.connection.executemany(
            "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?)",
            [(site, path, *row) for path, row in rows.items() if previous.get(path) != row],
        )

    def rows(self, site: str, slugs: Sequence[str] | None = None) -> dict[str, Row]:
        """What the last build of ``site`` knew of each release (see :class:`Row`), or of these."""
        if slugs is None:
            return {
                slug: _row(data)
                for slug, data in self.connection.execute(
                    "SELECT slug, data FROM rows WHERE site = ?", (site,)
                )
            }
        query = "SELECT slug, data FROM rows WHERE site = ?"
        return {slug: _row(data) for slug, data in self._select_in(query, site, "slug", slugs)}

    def site_count(self) -> int:
        """How many sites (output folders) the cache knows the releases' states of."""
        row = self.connection.execute("SELECT count(DISTINCT site) FROM rows")
        found: int = row.fetchone()[0]
        return found

    def all_rows(self) -> list[Row]:
        """What the last build of every site knew of each release."""
        return [_row(data) for (data,) in self.connection.execute("SELECT data FROM rows")]

    def replace_rows(self, site: str, rows: Mapping[str, Row], previous: Mapping[str, Row]) -> None:
        """Record what this build of ``site`` knew of each release: the rows that changed."""
        gone = [(site, slug) for slug in previous if slug not in rows]
        self.connection.executemany("DELETE FROM rows WHERE site = ? AND slug = ?", gone)
        self.connection.executemany(
            "INSERT OR REPLACE INTO rows VALUES (?, ?, ?)",
            [
                (
                    site,
                    slug,
                    encode([row.fingerprint, row.records]),
                )
                for slug, row in rows.items()
                if previous.get(slug) != row
            ],
        )

    def listed(self, site: str) -> dict[str, Any]:
        """What the last build of ``site`` kept of each release for the next one's listings
        (see :func:`communique.site.build.build`), by slug."""
        raw = dict(self.connection.execute("SELECT slug, data FROM listed WHERE site = ?", (site,)))
        self._listed[site] = raw
        return {slug: decode(data) for slug, data in raw.items()}

    def replace_listed(self, site: str, listed: Mapping[str, Any]) -> None:
        """Record what this build of ``site`` kept of each release for the next one: the rows
        that changed. (A rebuild after one edit rewrites one release's row, not the megabytes
        of an archive's listings.)"""
        before = self._listed.pop(site, None)
        if before is None:
            query = "SELECT slug, data FROM listed WHERE site = ?"
            before = dict(self.connection.execute(query, (site,)))
        gone = [(site, slug) for slug in before if slug not in listed]
        self.connection.executemany("DELETE FROM listed WHERE site = ? AND slug = ?", gone)
        changed = []
        for slug, value in listed.items():
            data = encode(value)
            if before.get(slug) != data:
                changed.append((site, slug, data))
        self.connection.executemany("INSERT OR REPLACE INTO listed VALUES (?, ?, ?)", changed)

    def site(self, site: str) -> dict[str, Any]:
        """What the last build of ``site`` recorded about itself."""
        row = self.connection.execute("SELECT data FROM sites WHERE site = ?", (site,)).fetchone()
        found: dict[str, Any] = decode(row[0]) if row else {}
        return found

    def sites(self) -> list[str]:
        """Every site built with this cache (its folder)."""
        return [row[0] for row in self.connection.execute("SELECT site FROM sites ORDER BY site")]

    def set_site(self, site: str, data: Mapping[str, Any]) -> None:
        self.connection.execute(
            "INSERT OR REPLACE INTO sites VALUES (?, ?)",
            (site, encode(data)),
        )

    # -- saving ----------------------------------------------------------------------------------

    def flush(self) -> None:
        """Store and commit what this run learnt."""
        if not self.write:
            return
        if (
            self._connection is None
            and not self._pending
            and not self._pending_records
            and not self._pending_encoded
        ):
            return
        connection = self.connection
        with contextlib.suppress(sqlite3.Error):
            connection.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        s.path,
                        s.stat.size,
                        s.stat.mtime_ns,
                        s.stat.inode,
                        s.stat.ctime_ns,
                        s.taken_ns,
                        s.digest,
                    )
                    for s in self._pending.values()
                    if s.stat is not None
                ],
            )
            for kind, encoded in self._pending_encoded.items():
                connection.executemany(
                    "INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                    ((kind, key, data) for key, data in encoded.items()),
                )
            # After those: a record this process made again since replaces a worker's.
            for kind, records in self._pending_records.items():
                # Encoded one at a time as SQLite takes them, not all at once: a first build
                # stores tens of megabytes of records.
                connection.executemany(
                    "INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                    ((kind, key, encode(value)) for key, value in records.items()),
                )
            connection.commit()
        self._pending.clear()
        self._pending_records.clear()
        self._pending_encoded.clear()
        self._digests = None

    def close(self) -> None:
        """Commit and close."""
        self.flush()
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class WorkerCache(Cache):
    """A worker process's own connection to the cache: it reads, and never writes (what it
    learns goes back to the main process: :meth:`Cache.take_pending`)."""

    @classmethod
    def sharing(cls, cache: Cache) -> WorkerCache:
        """In a process forked from the owner of ``cache``: a connection of its own, and what
        ``cache`` had learnt and not yet stored when the process was forked."""
        found = cls(cache.database, write=False)
        # The same dictionaries, not copies: a copy would touch every record, and the system
        # would copy every page they sit on into this process.
        found._pending, found._pending_records = cache._pending, cache._pending_records
        found._pending_encoded = cache._pending_encoded
        return found
