"""The versions a build can publish: each release in its own language and in every target
locale, with the gate's review, localized once and kept in the cache.

A version's key is a digest of everything it is made of — communique itself, the settings that
shape it, the release, the catalog, the glossary — so a build looks each one up and makes only
those whose inputs changed. When many must be made (a first build, a new version of
communique), the work is shared among processes, one release at a time, and each one's text is
kept in the cache for the pages and feeds that show it.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from communique.cache import Cache, code_fingerprint
from communique.files import Snapshot, digest
from communique.qa.gate import CatalogReview, Verdict, review, review_key
from communique.site.localize import (
    Piece,
    Version,
    localize,
    pieces_from_record,
    pieces_record,
)
from communique.workspace import Workspace

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
            dataclasses.astuple(self.verdict) if self.verdict is not None else None,
            self.version.as_record() if self.version is not None else None,
        ]

    @classmethod
    def from_record(cls, slug: str, locale: str, data: list[Any]) -> VersionState:
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
    """The states of the versions a build asked for, and the text of those it made."""

    states: dict[tuple[str, str], VersionState] = field(default_factory=dict)
    pieces: dict[str, tuple[Piece, ...]] = field(default_factory=dict)
    made: int = 0
    #: The states taken as the last build left them, as its records (kept as they are).
    records: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    def merge(self, other: Resolved) -> None:
        self.states.update(other.states)
        self.pieces.update(other.pieces)
        self.made += other.made
        self.records.update(other.records)

    def record(self, state: VersionState) -> list[Any]:
        """A state as plain data, for the next build."""
        return self.records.get((state.slug, state.locale)) or state.as_record()


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


def resolve(
    workspace: Workspace,
    slugs: Sequence[str],
    *,
    drafts: bool,
    known: Mapping[tuple[str, str], list[Any]] | None = None,
    computed: Keys | None = None,
) -> Resolved:
    """The state of every version of these releases: as the last build left it (``known``,
    its states as records) when its key is the same, else from the cache, else made here, one
    release at a time (its catalogs are read once, for its reviews and its versions alike).
    ``computed``: the keys, where the caller has them already."""
    known = known or {}
    resolved = Resolved()
    review_keys, keys = computed if computed is not None else _keys(workspace, slugs, drafts)
    wanted = {}
    for pair, key in keys.items():
        record = known.get(pair)
        if record is not None and record[0] == key:
            resolved.states[pair] = VersionState.from_record(*pair, record)
            resolved.records[pair] = record
        else:
            wanted[pair] = key
    cached_reviews = workspace.cache.records(
        "review", [review_keys[pair] for pair in wanted if pair in review_keys]
    )
    cached = workspace.cache.records("version", wanted.values())
    made: dict[str, Any] = {}
    texts: dict[str, Any] = {}
    for (slug, locale), key in wanted.items():
        rkey = review_keys.get((slug, locale))
        record = cached.get(key)
        if record is None:
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
            state = VersionState.from_record(slug, locale, record)
        resolved.states[slug, locale] = state
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
_DRAFTS = False


def resolve_all(
    workspace: Workspace,
    *,
    drafts: bool,
    jobs: int | None = None,
    known: Mapping[tuple[str, str], list[Any]] | None = None,
) -> Resolved:
    """The state of every version of every release, made in several processes when many must
    be made and the machine has the cores."""
    known = known or {}
    slugs = list(workspace.sources)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return resolve(workspace, slugs, drafts=drafts, known=known)
    busy, computed = _to_make(workspace, slugs, known, drafts)
    size = 1 + len(workspace.settings.target_locales)
    if busy is not None and len(busy) * size < PARALLEL_FROM:
        return resolve(workspace, slugs, drafts=drafts, known=known, computed=computed)
    global _WORKSPACE, _DRAFTS
    _WORKSPACE, _DRAFTS = workspace, drafts
    resolved = Resolved()
    share = busy if busy is not None else slugs
    chunks = [share[start : start + CHUNK] for start in range(0, len(share), CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for part, snapshots, records in pool.imap_unordered(_resolve_chunk, chunks):
                resolved.merge(part)
                workspace.cache.absorb(snapshots, records)
    finally:
        _WORKSPACE = None
    shared = set(share)
    rest = [slug for slug in slugs if slug not in shared]
    if rest:
        resolved.merge(resolve(workspace, rest, drafts=drafts, known=known, computed=computed))
    return resolved


def _to_make(
    workspace: Workspace,
    slugs: Sequence[str],
    known: Mapping[tuple[str, str], list[Any]],
    drafts: bool,
) -> tuple[list[str] | None, Keys | None]:
    """The releases with a version to make (neither the last build nor the cache has it) and
    the keys worked out; None when so many files are new to the cache that working it out
    would mean reading them all here: then every release is worth sharing out."""
    targets = workspace.settings.target_locales
    if len(slugs) * (1 + len(targets)) < PARALLEL_FROM:
        return [], None
    unknown = 0
    for slug in slugs:
        paths = [workspace.sources[slug]]
        paths += [workspace.catalog(slug, locale).path for locale in targets]
        for path in paths:
            stat = workspace.files.stat(path)
            if stat is not None and workspace.cache.digest(path, stat) is None:
                unknown += 1
    if unknown >= PARALLEL_FROM:
        return None, None
    computed = _keys(workspace, slugs, drafts)
    wanted = {
        pair: key for pair, key in computed[1].items() if (known.get(pair) or [None])[0] != key
    }
    cached = workspace.cache.known("version", wanted.values())
    busy = list(dict.fromkeys(slug for (slug, _), key in wanted.items() if key not in cached))
    return busy, computed


def _resolve_chunk(
    slugs: list[str],
) -> tuple[Resolved, list[Snapshot], dict[str, dict[str, Any]]]:
    """In a worker process: resolve some releases with a connection of its own to the cache, and
    hand back what it learnt."""
    workspace = _WORKSPACE
    assert workspace is not None
    if not isinstance(workspace.cache, WorkerCache):
        workspace.cache = WorkerCache(workspace.cache.database, write=False)
    part = resolve(workspace, slugs, drafts=_DRAFTS)
    # The parsed catalogs are not needed again in this process.
    workspace.forget(slugs)
    return (part, *workspace.cache.take_pending())


class WorkerCache(Cache):
    """A worker process's own connection to the cache: it reads, and never writes (what it
    learns goes back to the main process: :meth:`Cache.take_pending`)."""
