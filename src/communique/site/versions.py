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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from communique.cache import Cache, code_fingerprint
from communique.files import Snapshot, digest
from communique.qa.gate import CatalogReview, review, review_key
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
    """A release in one language as this build sees it: its review (None for the language the
    release was written in) and, when it is built, the version."""

    slug: str
    locale: str
    key: str
    review: CatalogReview | None
    version: Version | None
    review_key: str | None = None


@dataclass
class Resolved:
    """The states of the versions a build asked for, and the text of those it made."""

    states: dict[tuple[str, str], VersionState] = field(default_factory=dict)
    pieces: dict[str, tuple[Piece, ...]] = field(default_factory=dict)
    made: int = 0

    def merge(self, other: Resolved) -> None:
        self.states.update(other.states)
        self.pieces.update(other.pieces)
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


def resolve(workspace: Workspace, slugs: Sequence[str], *, drafts: bool) -> Resolved:
    """The state of every version of these releases: from the cache, or made here, one release
    at a time (its catalogs are read once, for its reviews and its versions alike)."""
    source = workspace.settings.source_locale
    targets = workspace.settings.target_locales
    review_keys = {
        (slug, locale): review_key(workspace, slug, locale) for slug in slugs for locale in targets
    }
    keys: dict[tuple[str, str], str] = {}
    for slug in slugs:
        keys[slug, source] = version_key(workspace, slug, source, drafts, None)
        for locale in targets:
            keys[slug, locale] = version_key(
                workspace, slug, locale, drafts, review_keys[slug, locale]
            )
    cached_reviews = workspace.cache.records("review", review_keys.values())
    cached = workspace.cache.records("version", keys.values())
    resolved = Resolved()
    made: dict[str, Any] = {}
    texts: dict[str, Any] = {}
    for (slug, locale), key in keys.items():
        judged = None
        if (slug, locale) in review_keys:  # a target locale: the gate judges its catalog
            judged = review(workspace, slug, locale, review_keys[slug, locale], cached_reviews)
        record = cached.get(key)
        if record is not None:
            data = record["version"]
            version = Version.from_record(key, data) if data is not None else None
        else:
            version, pieces = _make(workspace, slug, locale, key, judged, drafts)
            made[key] = {"version": version.as_record() if version is not None else None}
            if version is not None and pieces is not None:
                resolved.pieces[key] = pieces
                texts[key] = pieces_record(pieces)
            resolved.made += 1
        resolved.states[slug, locale] = VersionState(
            slug, locale, key, judged, version, review_keys.get((slug, locale))
        )
    workspace.cache.put_records("version", made)
    workspace.cache.put_records("pieces", texts)
    return resolved


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


def resolve_all(workspace: Workspace, *, drafts: bool, jobs: int | None = None) -> Resolved:
    """The state of every version of every release, made in several processes when many must
    be made and the machine has the cores."""
    slugs = list(workspace.sources)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if (
        jobs < 2
        or _known(workspace, slugs)
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return resolve(workspace, slugs, drafts=drafts)
    global _WORKSPACE, _DRAFTS
    _WORKSPACE, _DRAFTS = workspace, drafts
    resolved = Resolved()
    chunks = [slugs[start : start + CHUNK] for start in range(0, len(slugs), CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for part, snapshots, records in pool.imap_unordered(_resolve_chunk, chunks):
                resolved.merge(part)
                workspace.cache.absorb(snapshots, records)
    finally:
        _WORKSPACE = None
    # Reviews made in the workers are this run's too: `check` and the summary reuse them.
    for (slug, locale), state in resolved.states.items():
        if state.review is not None:
            workspace.reviews[slug, locale] = state.review
    return resolved


def _known(workspace: Workspace, slugs: Sequence[str]) -> bool:
    """Whether few versions will have to be made: most files are known to the cache, or the
    project is small."""
    pairs = len(slugs) * (1 + len(workspace.settings.target_locales))
    if pairs < PARALLEL_FROM:
        return True
    unknown = 0
    for slug in slugs:
        paths = [workspace.sources[slug]]
        paths += [
            workspace.catalog(slug, locale).path for locale in workspace.settings.target_locales
        ]
        for path in paths:
            stat = workspace.files.stat(path)
            if stat is not None and workspace.cache.digest(path, stat) is None:
                unknown += 1
    return unknown < PARALLEL_FROM


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
