"""The versions a build can publish: each release in its own language and in every target
locale, with the gate's review, localized once and kept in the cache.

A version's key is a digest of everything it is made of — communique itself, the settings that
shape it, the release, the catalog, the glossary — so a build looks each one up and makes only
those whose inputs changed. When many must be made (a first build, a new version of
communique), the work is shared among processes, one release at a time, and each one's text is
kept in the cache for the pages and feeds that show it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from communique.cache import Cache, Row, code_fingerprint
from communique.files import Snapshot, digest
from communique.qa.gate import VERDICT_FIELDS, CatalogReview, Verdict, review, review_key
from communique.site.localize import (
    Piece,
    Version,
    localize,
    pieces_from_record,
    pieces_record,
)
from communique.workspace import Workspace, catalog_folder

#: Below this many versions to make, one process does it all: starting others costs more.
PARALLEL_FROM = 300
#: Releases handed to a worker process at a time.
CHUNK = 16


@dataclass(frozen=True)
class VersionState:
    """A release in one language as this build sees it: the gate's verdict (None for the
    language the release was written in) and, when it is built, the version. The full review,
    with its findings, is in the cache under ``review_key``."""

    slug: str
    locale: str
    key: str
    review_key: str | None
    verdict: Verdict | None
    version: Version | None

    def as_record(self) -> list[Any]:
        """The state as plain data: what the next build reuses while its key is the same."""
        return [
            self.key,
            self.review_key,
            VERDICT_FIELDS(self.verdict) if self.verdict is not None else None,
            self.version.as_record() if self.version is not None else None,
        ]

    @classmethod
    def from_record(cls, slug: str, locale: str, data: Sequence[Any]) -> VersionState:
        key, review_key, verdict, version = data
        return cls(
            slug,
            locale,
            key,
            review_key,
            Verdict(verdict[0], tuple(verdict[1]), verdict[2], verdict[3])
            if verdict is not None
            else None,
            Version.from_record(key, version) if version is not None else None,
        )


@dataclass
class Resolved:
    """The states of the versions a build asked for, the text of those it made, and each
    release's row for the next build."""

    states: dict[tuple[str, str], VersionState] = field(default_factory=dict)
    pieces: dict[str, tuple[Piece, ...]] = field(default_factory=dict)
    rows: dict[str, Row] = field(default_factory=dict)
    made: int = 0

    def merge(self, other: Resolved) -> None:
        self.states.update(other.states)
        self.pieces.update(other.pieces)
        self.rows.update(other.rows)
        self.made += other.made


def version_key(
    workspace: Workspace, slug: str, locale: str, drafts: bool, review: str | None
) -> str:
    """What a version depends on beyond its review: the build's kind and the settings that shape
    a page's text and dates."""
    settings = workspace.settings
    parts = (
        "version",
        code_fingerprint(),
        str(drafts),
        settings.organisation.timezone,
        settings.source_locale,
        workspace.release_digest(slug),
        locale,
        review or "-",
    )
    return digest("\0".join(parts).encode("utf-8"))


def fingerprint(
    workspace: Workspace, slug: str, common: str, stats: Mapping[str, str] | None = None
) -> tuple[str, int]:
    """What ``stat`` says of a release's files, with ``common`` (communique, the settings, the
    glossary, the kind of build): while it is the same, so are the release's versions. With
    it, the time the newest of the files was written: a file written too close to the last
    build for its time to prove anything is read again. ``stats``: what ``stat`` said of each
    file earlier in the run (``size|time|inode|time``), where the caller asked already."""
    stats = stats or {}
    parts = [common]
    paths = [workspace.sources[slug]]
    for locale in workspace.settings.target_locales:
        entry = workspace.opened_catalog(slug, locale)
        if entry is not None and entry.dirty:
            parts.append(f"{entry.path}|{entry.digest}")
        else:
            paths.append(f"locale/{catalog_folder(locale)}/{slug}.po")
    newest = 0
    for path in paths:
        said = stats.get(path)
        if said is None:
            stat = workspace.files.stat(path)
            said = f"{stat.size}|{stat.mtime_ns}|{stat.inode}|{stat.mtime_ns}" if stat else "-|0"
        newest = max(newest, int(said.rpartition("|")[2]))
        parts.append(f"{path}|{said}")
    return digest("\0".join(parts).encode("utf-8")), newest


def resolve(
    workspace: Workspace,
    slugs: Sequence[str],
    *,
    drafts: bool,
    known: Mapping[str, Row] | None = None,
    common: str = "",
    trusted_before: int = 0,
    fingerprints: Mapping[str, tuple[str, int]] | None = None,
    stats: Mapping[str, str] | None = None,
) -> Resolved:
    """The state of every version of these releases: as the last build left it (``known``, its
    rows) while a release's fingerprint or a version's key is the same, else from the cache,
    else made here, one release at a time (its catalogs are read once, for its reviews and its
    versions alike). ``fingerprints``: those the caller worked out already."""
    known = known or {}
    fingerprints = fingerprints or {}
    resolved = Resolved()
    wanted: dict[str, tuple[Keys, list[str]]] = {}
    for slug in slugs:
        row = known.get(slug)
        found, newest = fingerprints.get(slug) or fingerprint(workspace, slug, common, stats)
        if row is not None and common and row.fingerprint == found and newest < trusted_before:
            for kept in row.records:
                resolved.states[slug, kept[0]] = VersionState.from_record(slug, kept[0], kept[1:])
            resolved.rows[slug] = row
            continue
        keys = _keys(workspace, [slug], drafts)
        previous = {record[0]: record for record in row.records} if row is not None else {}
        missing = []
        for (_, locale), key in keys[1].items():
            earlier = previous.get(locale)
            if earlier is not None and earlier[1] == key:
                resolved.states[slug, locale] = VersionState.from_record(slug, locale, earlier[1:])
            else:
                missing.append(locale)
        wanted[slug] = (keys, missing)
        resolved.rows[slug] = Row(found, ())
    review_keys = [
        keys[0][slug, locale]
        for slug, (keys, missing) in wanted.items()
        for locale in missing
        if (slug, locale) in keys[0]
    ]
    version_keys = [
        keys[1][slug, locale] for slug, (keys, missing) in wanted.items() for locale in missing
    ]
    cached_reviews = workspace.cache.records("review", review_keys)
    cached = workspace.cache.records("version", version_keys)
    made: dict[str, Any] = {}
    texts: dict[str, Any] = {}
    for slug, ((review_keys_of, keys_of), missing) in wanted.items():
        for locale in missing:
            key = keys_of[slug, locale]
            rkey = review_keys_of.get((slug, locale))
            stored = cached.get(key)
            if stored is None:
                judged = None
                if rkey is not None:  # a target locale: the gate judges its catalog
                    judged = review(workspace, slug, locale, rkey, cached_reviews)
                version, pieces = _make(workspace, slug, locale, key, judged, drafts)
                state = VersionState(
                    slug, locale, key, rkey, judged.verdict if judged else None, version
                )
                made[key] = state.as_record()
                if version is not None and pieces is not None:
                    resolved.pieces[key] = pieces
                    texts[key] = pieces_record(pieces)
                resolved.made += 1
            else:
                state = VersionState.from_record(slug, locale, stored)
            resolved.states[slug, locale] = state
        locales = [locale for (_, locale) in keys_of]
        resolved.rows[slug] = Row(
            resolved.rows[slug].fingerprint,
            tuple((locale, *resolved.states[slug, locale].as_record()) for locale in locales),
        )
    workspace.cache.put_records("version", made)
    workspace.cache.put_records("pieces", texts)
    return resolved


Keys = tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]


def _keys(workspace: Workspace, slugs: Sequence[str], drafts: bool) -> Keys:
    """The review key of each (release, target locale) and the version key of each (release,
    language), the release's own first."""
    source = workspace.settings.source_locale
    targets = workspace.settings.target_locales
    review_keys: dict[tuple[str, str], str] = {}
    keys: dict[tuple[str, str], str] = {}
    for slug in slugs:
        keys[slug, source] = version_key(workspace, slug, source, drafts, None)
        for locale in targets:
            rkey = review_keys[slug, locale] = review_key(workspace, slug, locale)
            keys[slug, locale] = version_key(workspace, slug, locale, drafts, rkey)
    return review_keys, keys


def _make(
    workspace: Workspace,
    slug: str,
    locale: str,
    key: str,
    review: CatalogReview | None,
    drafts: bool,
) -> tuple[Version | None, tuple[Piece, ...] | None]:
    settings = workspace.settings
    source = settings.source_locale
    catalog = None
    if review is not None:
        if not review.exists:
            return None, None
        catalog = workspace.catalog(slug, locale).catalog
        built = (
            any(m.msgstr for m in catalog.messages if not m.obsolete)
            if drafts
            else review.verdict.publishable
        )
        if not built:
            return None, None
    return localize(
        workspace.release(slug),
        workspace.block_segments(slug),
        locale if review is not None else source,
        catalog,
        key=key,
        timezone=settings.organisation.timezone,
        drafts=drafts,
        source_language=source,
    )


def load_pieces(workspace: Workspace, resolved: Resolved, keys: Sequence[str]) -> None:
    """Read the texts of these versions from the cache together, where this run has not."""
    wanted = [key for key in dict.fromkeys(keys) if key not in resolved.pieces]
    for key, data in workspace.cache.records("pieces", wanted).items():
        resolved.pieces[key] = pieces_from_record(data)


def pieces_of(workspace: Workspace, resolved: Resolved, key: str) -> tuple[Piece, ...]:
    """The text of a version: made by this build, or from the cache."""
    found = resolved.pieces.get(key)
    if found is None:
        records = workspace.cache.records("pieces", [key])
        if key not in records:
            raise KeyError(f"the text of version {key} is neither made nor cached")
        found = resolved.pieces[key] = pieces_from_record(records[key])
    return found


# -- sharing the work among processes ---------------------------------------------------------

_WORKSPACE: Workspace | None = None
_OPTIONS: dict[str, Any] = {}


def resolve_all(
    workspace: Workspace,
    *,
    drafts: bool,
    jobs: int | None = None,
    known: Mapping[str, Row] | None = None,
    common: str = "",
    trusted_before: int = 0,
    stats: Mapping[str, str] | None = None,
) -> Resolved:
    """The state of every version of every release. On a first build (nothing known), the
    releases are shared among processes when there are many and the machine has the cores;
    later builds redo few and stay in one process."""
    known = known or {}
    slugs = list(workspace.sources)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    size = 1 + len(workspace.settings.target_locales)
    options: dict[str, Any] = {
        "drafts": drafts,
        "known": known,
        "common": common,
        "trusted_before": trusted_before,
        "stats": stats,
    }
    parallel = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
    if not parallel or len(slugs) * size < PARALLEL_FROM:
        return resolve(workspace, slugs, **options)
    prints = {slug: fingerprint(workspace, slug, common, stats) for slug in slugs}
    changed = [
        slug
        for slug in slugs
        if slug not in known
        or known[slug].fingerprint != prints[slug][0]
        or prints[slug][1] >= trusted_before
    ]
    options["fingerprints"] = prints
    if len(changed) * size < PARALLEL_FROM:
        return resolve(workspace, slugs, **options)
    global _WORKSPACE, _OPTIONS
    _WORKSPACE, _OPTIONS = workspace, options
    resolved = Resolved()
    chunks = [changed[start : start + CHUNK] for start in range(0, len(changed), CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for part, snapshots, records in pool.imap_unordered(_resolve_chunk, chunks):
                resolved.merge(part)
                workspace.cache.absorb(snapshots, records)
    finally:
        _WORKSPACE = None
    busy = set(changed)
    rest = [slug for slug in slugs if slug not in busy]
    if rest:
        resolved.merge(resolve(workspace, rest, **options))
    return resolved


def _resolve_chunk(
    slugs: list[str],
) -> tuple[Resolved, list[Snapshot], dict[str, dict[str, Any]]]:
    """In a worker process: resolve some releases with a connection of its own to the cache, and
    hand back what it learnt."""
    workspace = _WORKSPACE
    assert workspace is not None
    if not isinstance(workspace.cache, WorkerCache):
        workspace.cache = WorkerCache(workspace.cache.database, write=False)
    part = resolve(workspace, slugs, **_OPTIONS)
    # The parsed catalogs are not needed again in this process; the texts go back once, as the
    # cache's records (the main process reads them from there when a page needs one).
    workspace.forget(slugs)
    part.pieces.clear()
    return (part, *workspace.cache.take_pending())


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
        return found
