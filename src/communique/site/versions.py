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
import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from communique.cache import Row, WorkerCache, code_fingerprint
from communique.errors import SourceError
from communique.files import Snapshot, digest, stat_text
from communique.qa.gate import (
    UNREADABLE,
    VERDICT_FIELDS,
    CatalogReview,
    Verdict,
    review,
    review_key,
    with_title,
)
from communique.release.reader import missing_title
from communique.site.localize import (
    Piece,
    ReleaseCard,
    Version,
    day_in,
    from_entry,
    localize,
    midnight,
    pieces_from_record,
    pieces_record,
)
from communique.site.record import (
    KEPT,
    Record,
    RecordError,
    change_moment,
    entry_digest,
    in_the_way,
    last_changed,
    original_digest,
    read_record,
    record_path,
)
from communique.workspace import Workspace, catalog_folder
from communique.workspace.layout import template_path

#: Below this many versions to make, one process does it all: starting others costs more.
PARALLEL_FROM = 300
#: Releases handed to a worker process at a time.
CHUNK = 16


#: How a version stands online: made from its catalog and published (``current``), served from
#: the publication record (``record``), taken offline on purpose (``withdrawn``), kept out of
#: the public site until its embargo (``embargoed``) or while it is written (``draft``), or not
#: online.
Online = str
CURRENT, RECORD, WITHDRAWN, OFFLINE = "current", "record", "withdrawn", ""
EMBARGOED, DRAFT = "embargoed", "draft"


@dataclass(frozen=True)
class VersionState:
    """A release in one language as this build sees it: the gate's verdict (None for the
    language the release was written in), the version made from the catalog when it passes
    (with the digests of its record entry and of the original it was made from), and how it
    stands online. The full review, with its findings, is in the cache under ``review_key``."""

    slug: str
    locale: str
    key: str
    review_key: str | None
    verdict: Verdict | None
    version: Version | None
    entry: str | None = None
    original: str | None = None
    online: Online = OFFLINE
    #: The version served from the publication record (``online == "record"``).
    recorded: Version | None = None

    @property
    def shown(self) -> Version | None:
        """The version readers see: the current one, the recorded one, or none."""
        if self.online == CURRENT:
            return self.version
        return self.recorded if self.online == RECORD else None

    def as_record(self) -> list[Any]:
        """The state as plain data: what the next build reuses while its key is the same."""
        return [
            self.key,
            self.review_key,
            VERDICT_FIELDS(self.verdict) if self.verdict is not None else None,
            self.version.as_record() if self.version is not None else None,
            self.entry,
            self.original,
            self.online,
            [self.recorded.key, self.recorded.as_record()] if self.recorded is not None else None,
        ]

    @classmethod
    def from_record(
        cls,
        slug: str,
        locale: str,
        data: Sequence[Any],
        cards: dict[str, tuple[Any, ReleaseCard]] | None = None,
    ) -> VersionState:
        """The state from :meth:`as_record`'s data (``cards``: see :meth:`Version.from_record`)."""
        key, review_key, verdict, version, entry, original, online, recorded = data
        return cls(
            slug,
            locale,
            key,
            review_key,
            Verdict(verdict[0], tuple(verdict[1]), verdict[2]) if verdict is not None else None,
            Version.from_record(key, version, cards) if version is not None else None,
            entry,
            original,
            online,
            Version.from_record(recorded[0], recorded[1], cards) if recorded is not None else None,
        )


@dataclass
class Resolved:
    """The states of the versions a build asked for, the text of those it made, and each
    release's row for the next build."""

    states: dict[tuple[str, str], VersionState] = field(default_factory=dict)
    pieces: dict[str, tuple[Piece, ...]] = field(default_factory=dict)
    rows: dict[str, Row] = field(default_factory=dict)
    made: int = 0
    #: The publication records this build changes: slug → the record's new bytes.
    records: dict[str, bytes] = field(default_factory=dict)
    #: The files that could not be read: path → the error, as the user sees it.
    problems: dict[str, str] = field(default_factory=dict)
    #: The published releases whose English this build found changed with no ``updated:``
    #: later than what readers were shown: slug → the moment it took for the change (the
    #: feeds' ``updated``), and the day ``updated:`` gives if it is there ("" if not).
    unannounced: dict[str, tuple[str, str]] = field(default_factory=dict)

    def merge(self, other: Resolved) -> None:
        self.states.update(other.states)
        self.pieces.update(other.pieces)
        self.rows.update(other.rows)
        self.made += other.made
        self.records.update(other.records)
        self.problems.update(other.problems)
        self.unannounced.update(other.unannounced)


def version_key(
    workspace: Workspace, slug: str, locale: str, drafts: bool, review: str | None
) -> str:
    """What a version depends on beyond its review: the build's kind, the settings that shape
    a page's text and dates or decide which member states it concerns, and its release's file,
    by name and content (a copy of a release under another name holds the same bytes, and is
    another release: its own page and ids)."""
    settings = workspace.settings
    parts = (
        "version",
        code_fingerprint(),
        str(drafts),
        settings.organisation.timezone,
        settings.source_locale,
        workspace.concerns_digest,
        workspace.sources[slug],
        workspace.release_state(slug),
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
    return fingerprints(workspace, [slug], common, stats)[slug]


def fingerprints(
    workspace: Workspace, slugs: Iterable[str], common: str, stats: Mapping[str, str] | None = None
) -> dict[str, tuple[str, int]]:
    """The :func:`fingerprint` of each of these releases, worked out together (a rebuild asks
    for every release's)."""
    stats = stats or {}
    locales = workspace.settings.target_locales
    folders = [(locale, f"locale/{catalog_folder(locale)}/") for locale in locales]
    opened = workspace.opened_catalog
    found = {}
    for slug in slugs:
        parts = [common]
        record = record_path(slug)
        # The template too: its POT-Creation-Date dates the notice of a translation whose
        # English changed since (see _changed_on).
        paths = [workspace.sources[slug], record, template_path(slug)]
        for locale, folder in folders:
            entry = opened(slug, locale)
            if entry is not None and entry.dirty:
                parts.append(f"{entry.path}|{entry.digest}")
            else:
                paths.append(f"{folder}{slug}.po")
        newest = 0
        for path in paths:
            said = stats.get(path)
            if said is None:
                stat = workspace.files.stat(path)
                said = (
                    "-|0"
                    if stat is None
                    else stat_text(stat.size, stat.mtime_ns, stat.inode, stat.ctime_ns)
                )
            if path != record:  # the build writes the record itself, after it read the rest
                newest = max(newest, int(said.rpartition("|")[2]))
            parts.append(f"{path}|{said}")
        found[slug] = (digest("\0".join(parts).encode("utf-8")), newest)
    return found


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
    versions alike); then how each stands online, by the publication record. ``fingerprints``:
    those the caller worked out already. A release that cannot be read is served from the
    record, as far as it has one; its problem is in the source version's verdict."""
    known = known or {}
    fingerprints = fingerprints or {}
    resolved = Resolved()
    wanted: dict[str, tuple[Keys, list[str]]] = {}
    # Each release's versions as the last build left them, by language (its row's records).
    last_rows: dict[str, dict[str, Sequence[Any]]] = {}
    base: dict[tuple[str, str], VersionState] = {}
    for slug in slugs:
        row = known.get(slug)
        found, newest = fingerprints.get(slug) or fingerprint(workspace, slug, common, stats)
        if (
            row is not None
            and common
            and row.fingerprint == found
            and newest < trusted_before
            and not _embargo_lifted(row, workspace.now)
        ):
            cards: dict[str, tuple[Any, ReleaseCard]] = {}
            for locale, *kept in row.records:
                resolved.states[slug, locale] = VersionState.from_record(slug, locale, kept, cards)
            resolved.rows[slug] = row
            continue
        keys = _keys(workspace, [slug], drafts)
        previous = {record[0]: record for record in row.records} if row is not None else {}
        missing = []
        for (_, locale), key in keys[1].items():
            earlier = previous.get(locale)
            # A version that was online holds what the record added to it (when it changed,
            # its feed ids' language): the record may have changed since, so it is taken as it
            # was made, from the cache.
            if earlier is not None and earlier[1] == key and earlier[1 + _ONLINE] != CURRENT:
                state = VersionState.from_record(slug, locale, earlier[1:])
                base[slug, locale] = dataclasses.replace(state, online=OFFLINE, recorded=None)
            else:
                missing.append(locale)
        wanted[slug] = (keys, missing)
        last_rows[slug] = previous
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
    entries: dict[str, dict[str, Any]] = {}
    for slug, ((review_keys_of, keys_of), missing) in wanted.items():
        try:
            if missing:
                not_corrected_ahead(workspace, slug)
            for locale in missing:
                key = keys_of[slug, locale]
                rkey = review_keys_of.get((slug, locale))
                stored = cached.get(key)
                if stored is None:
                    judged = None
                    if rkey is not None:  # a target locale: the gate judges its catalog
                        judged = review(workspace, slug, locale, rkey, cached_reviews)
                    version, pieces, entry = _make(workspace, slug, locale, key, judged, drafts)
                    state = VersionState(
                        slug,
                        locale,
                        key,
                        rkey,
                        _with_title(workspace, slug, judged.verdict if judged else None),
                        version,
                        entry_digest(entry) if entry is not None else None,
                        original_digest(entry) if entry is not None else None,
                    )
                    made[key] = state.as_record()
                    if version is not None and pieces is not None and entry is not None:
                        resolved.pieces[key] = pieces
                        texts[key] = pieces_record(pieces)
                        entries[key] = entry
                    resolved.made += 1
                else:
                    state = VersionState.from_record(slug, locale, stored)
                base[slug, locale] = state
        except SourceError as error:  # the release cannot be read: nothing of it is current
            # (No review: the catalogs are not checked against a release that cannot be read.)
            unreadable = Verdict(False, (f"{UNREADABLE}{error}",), 1)  # (as make_review's)
            for (_, locale), key in keys_of.items():
                base[slug, locale] = VersionState(slug, locale, key, None, unreadable, None)
        locales = [locale for (_, locale) in keys_of]
        online = _online(
            workspace,
            slug,
            {locale: base[slug, locale] for locale in locales},
            drafts,
            entries,
            last_rows.get(slug, {}),
        )
        for locale, state in online.states.items():
            resolved.states[slug, locale] = state
        for key, pieces in online.pieces.items():
            resolved.pieces[key] = pieces
            texts[key] = pieces_record(pieces)
        if online.record is not None:
            resolved.records[slug] = online.record
        if online.unannounced is not None:
            resolved.unannounced[slug] = online.unannounced
        resolved.rows[slug] = Row(
            resolved.rows[slug].fingerprint,
            tuple((locale, *resolved.states[slug, locale].as_record()) for locale in locales),
        )
    workspace.cache.put_records("version", made)
    workspace.cache.put_records("pieces", texts)
    return resolved


def _no_language_dropped(
    slug: str, record: Record, states: Mapping[str, VersionState], source: str
) -> None:
    """A version online in a language no longer among the targets stops the build: taken out
    of the settings, its pages and feeds went offline with no word to their readers, though
    nobody withdrew them."""
    dropped = sorted(
        locale
        for locale in record.versions
        if locale not in states and not record.is_withdrawn(locale, source)
    )
    if dropped:
        tag = dropped[0]
        raise RecordError(
            f"'{tag}' is published (the record has it, not withdrawn), and no longer a "
            "language of the project (languages.targets in communique.toml): its pages and "
            f"feeds would go offline with no word to their readers; put '{tag}' back, or take "
            f"it offline on purpose with 'communique withdraw --locale {tag}' (every release); "
            "nothing was built",
            path=record_path(slug),
        )


def not_corrected_ahead(workspace: Workspace, slug: str) -> None:
    """A release whose ``updated:`` is later than now cannot be read: a wrong month or year
    would date its pages "Updated on" ahead, and its feeds' dates, which never go back, would
    stay there (the record keeps them). Its versions online stay as they were."""
    release = workspace.release(slug)
    if release.updated is None:
        return
    updated = release.updated
    timezone = workspace.settings.organisation.timezone
    moment = updated if isinstance(updated, datetime.datetime) else midnight(updated, timezone)
    if moment > workspace.now:
        now = workspace.now.astimezone(moment.tzinfo).isoformat(timespec="minutes")
        raise SourceError(
            f"updated: {updated.isoformat()} is later than now ({now}): it says when the "
            "release was corrected; write when it was",
            path=release.path,
            line=release.updated_line,
        )


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


def as_built(workspace: Workspace, slug: str, row: Row, drafts: bool) -> bool:
    """Whether a release's versions would have the keys the last build's row holds: its
    English and its catalogs are, by their digests, what that build made them from (for files
    written too close to the build for ``stat`` to prove it)."""
    recorded = {record[0]: record[1] for record in row.records}
    _, keys = _keys(workspace, [slug], drafts)
    return all(recorded.get(locale) == key for (_, locale), key in keys.items())


def _with_title(workspace: Workspace, slug: str, verdict: Verdict | None) -> Verdict | None:
    """The gate's verdict (see :func:`~communique.qa.gate.with_title`), and for the release's
    own language, which the gate does not judge, why it waits where it has no title."""
    if verdict is not None:
        return with_title(workspace, slug, verdict)
    missing = missing_title(workspace.release(slug))
    return None if missing is None else Verdict(False, (missing,), 0)


def _make(
    workspace: Workspace,
    slug: str,
    locale: str,
    key: str,
    review: CatalogReview | None,
    drafts: bool,
) -> tuple[Version | None, tuple[Piece, ...] | None, dict[str, Any] | None]:
    settings = workspace.settings
    source = settings.source_locale
    catalog = None
    if not workspace.release(slug).title:
        return None, None, None
    if review is not None:
        if not review.exists or not review.readable:
            return None, None, None
        catalog = workspace.catalog(slug, locale).catalog
        built = (
            any(m.msgstr for m in catalog.messages if not m.obsolete)
            if drafts
            else review.verdict.publishable
        )
        if not built:
            return None, None, None
    return localize(
        workspace.release(slug),
        workspace.block_segments(slug),
        locale if review is not None else source,
        catalog,
        key=key,
        timezone=settings.organisation.timezone,
        drafts=drafts,
        source_language=source,
        states=workspace.states(slug),
    )


@dataclass
class _Online:
    """How a release's versions stand online, the text of those served from the record, the
    record's new bytes if this build changes it."""

    states: dict[str, VersionState]
    pieces: dict[str, tuple[Piece, ...]] = field(default_factory=dict)
    record: bytes | None = None
    #: When the English of a published release changed with no ``updated:`` later than what
    #: readers were shown: the moment taken, and the day ``updated:`` gives ("" if none).
    unannounced: tuple[str, str] | None = None


def _shown(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    """What readers of a recorded version read: each segment as shown (the translation, or
    the English where it was shown), title, place, the dateline's date, correction note. Not
    the English a translation was made from, nor its release's id, slug, tags or times: a
    rename or a new tag changes no word of it; nor how a block is cut into segments, or where
    it breaks its lines, nor a list's numbers, paragraphs and quotation as a newer communique
    lays them out (its words are the same)."""

    def shown(pair: Any) -> Any:
        return pair[-1] if isinstance(pair, list) and pair else pair

    blocks = [
        {
            **{key: value for key, value in block.items() if key not in _LAYOUT},
            "segments": " ".join(str(shown(pair)) for pair in block["segments"]),
        }
        if "segments" in block
        else block
        for block in entry["blocks"]
    ]
    return (
        shown(entry["title"]),
        shown(entry["place"]),
        entry["release"]["date"],
        blocks,
        shown(entry.get("correction")),
    )


#: What a recorded block holds of its layout alone (see :func:`_shown`).
_LAYOUT = frozenset({"breaks", "start", "paragraph", "quote"})


def _dated(version: Version, recorded: Mapping[str, Any]) -> bool:
    """Whether a version that reads otherwise than its record says when it changed: its
    ``updated`` (a catalog's ``PO-Revision-Date``, the English's ``updated:``) is later than
    the record's. A corrected date moves when it was published, which says nothing of when
    it changed."""
    return version.updated > last_changed(recorded) and version.updated > version.published


def _since(now: datetime.datetime, earlier: datetime.datetime | None) -> str:
    """The moment a translation first goes online, to the second, in UTC: now, but after
    ``earlier``, the latest the record held for the release's other translations before this
    build (a build whose clock is behind must not make it the first out; two out in one
    build share the moment)."""
    moment = now.astimezone(datetime.UTC).replace(microsecond=0)
    if earlier is not None and moment <= earlier:
        moment = earlier.astimezone(datetime.UTC) + datetime.timedelta(seconds=1)
    return moment.isoformat()


def _online(
    workspace: Workspace,
    slug: str,
    states: dict[str, VersionState],
    drafts: bool,
    entries: Mapping[str, dict[str, Any]],
    earlier: Mapping[str, Sequence[Any]] | None = None,
) -> _Online:
    """Apply the publication record to a release's versions: a withdrawn one stays offline; one
    that passes the gate is published and recorded (if the record does not hold its text yet);
    one that does not pass is served from the record, if it has it. A preview shows what the
    catalogs hold, and neither reads nor writes the record."""
    if drafts:
        return _Online(
            {
                locale: dataclasses.replace(state, online=CURRENT if state.version else OFFLINE)
                for locale, state in states.items()
            }
        )
    source = workspace.settings.source_locale
    english = states[source].version
    if english is not None and not english.release.public(workspace.now):
        hidden = DRAFT if english.release.draft else EMBARGOED
        return _Online(
            {locale: dataclasses.replace(s, online=hidden) for locale, s in states.items()}
        )
    found = _Online({})
    try:
        record = read_record(workspace.files, slug)
    except RecordError as error:
        # Left as it is, for its author to mend. Built without it, the versions it keeps
        # online (their catalogs no longer publishable) would go offline: nothing is built.
        consequence = (
            "nothing was built, lest the versions it keeps online go offline: mend it, and "
            "build again"
        )
        raise in_the_way(error, consequence) from None
    writable = True
    original = states[source].original
    # A switch of region (en → en-GB) after publication: the versions follow, their feed ids
    # and old pages with them.
    changed = writable and record is not None and bool(record.follow_region(list(states)))
    if record is not None:
        _no_language_dropped(slug, record, states, source)
    recorded_since = max(
        (
            datetime.datetime.fromisoformat(entry["since"])
            for entry in (record.versions.values() if record is not None else ())
            if entry.get("since")
        ),
        default=None,
    )
    # The member states the release concerns (None: it cannot be read; the record's, then).
    try:
        concerned: list[str] | None = list(workspace.states(slug))
    except SourceError:
        concerned = None
    # The original as readers had it before this build (None: not online).
    shown_original = (
        record.versions.get(source)
        if record is not None and not record.is_withdrawn(source, source)
        else None
    )
    for locale, state in states.items():
        if record is not None and record.is_withdrawn(locale, source):
            found.states[locale] = dataclasses.replace(state, online=WITHDRAWN)
        elif state.version is not None:
            kept = {}
            if record is not None and locale in record.versions:
                kept = {k: v for k, v in record.versions[locale].items() if k in KEPT}
            held = None
            as_recorded = record is not None and record.entry_digest(locale) == state.entry
            if writable and not as_recorded:
                made = entries.get(state.key) or _entry(workspace, state)
                before = record.versions.get(locale) if record is not None else None
                if before is not None:
                    made = _zone_kept(made, before)
                elif shown_original is not None and locale != source:
                    # (Out after a change of zone: published when the original was, which
                    # the member states' feed entry it takes on from the original said.)
                    made = _zone_kept(made, shown_original)
                if datetime.datetime.fromisoformat(made["updated"]) > workspace.now:
                    # Revised later than now, by a clock ahead (a translator's machine): dated
                    # when it goes online. From the future, its feed entry would hold its
                    # feeds' dates there, and readers would take no later change for one.
                    after = last_changed(before) if before is not None else None
                    made = {**made, "updated": _since(workspace.now, after)}
                if (
                    before is not None
                    and locale != source
                    and datetime.datetime.fromisoformat(made["updated"])
                    > datetime.datetime.fromisoformat(before["updated"])
                    and _shown(before) == _shown(made)
                ):
                    # A translation saved again with no word changed (a flag added, a
                    # comment, by Poedit or Weblate, which date the save): readers are told
                    # of no update that changes nothing they read. Never before it is
                    # published, though: an embargo moved later publishes it again, later.
                    held = max(
                        before["updated"], made["published"], key=datetime.datetime.fromisoformat
                    )
                    made = {**made, "updated": held}
                if before is not None:
                    # A corrected date: the feed entries keep the ids they were published
                    # under (a new id would be a second entry in every reader).
                    minted = kept.pop("id_date", None) or before["release"]["date"]
                    if minted != made["release"]["date"]:
                        kept["id_date"] = minted
                if (
                    before is not None
                    and _shown(before) != _shown(made)
                    and not _dated(state.version, before)
                ):
                    # What readers read changed, and nothing says when: the English with no
                    # 'updated:' later than what they were shown, a translation corrected by a
                    # tool that left PO-Revision-Date as it was (a text editor, sed, polib).
                    # Feed readers see it as updated now (kept in the record).
                    kept["changed"] = change_moment(workspace.now, before)
                    if locale == source:
                        # ('updated:' as written: a day, or a moment with its time.)
                        corrected = workspace.release(slug).updated
                        found.unannounced = (
                            kept["changed"],
                            corrected.isoformat() if corrected is not None else "",
                        )
                if before is None and locale != source:
                    # When it first went online: a member state's feeds go on in the first
                    # of its languages out (see build._continuing). Never before another
                    # translation of the release the record has (a clock behind, --now).
                    kept["since"] = _since(workspace.now, recorded_since)
                    if shown_original is not None and datetime.datetime.fromisoformat(
                        made["updated"]
                    ) <= last_changed(shown_original):
                        # Out after the original, dated no later than what readers were shown
                        # of it (a translation made before the original was out, a tool that
                        # left PO-Revision-Date as it was): the member states' feed entry it
                        # takes on from the original would change with no date readers see.
                        kept["changed"] = max(
                            kept["since"],
                            change_moment(workspace.now, shown_original),
                            key=datetime.datetime.fromisoformat,
                        )
                record = record or Record(slug)
                if record.versions.get(locale) != {**made, **kept}:
                    # (The same entry, where only the zone would have moved it: unchanged.)
                    record.versions[locale] = {**made, **kept}
                    changed = True
            version = state.version
            if record is not None and locale in record.versions:
                # (The moments readers have, where only the time zone moved them, or a clock
                # ahead dated it later than now.)
                version = _zone_kept_version(version, record.versions[locale], workspace.now)
            if held is not None:
                version = dataclasses.replace(
                    version, updated=datetime.datetime.fromisoformat(held)
                )
            if kept:
                seen = kept.get("changed")
                version = dataclasses.replace(
                    version,
                    id_locale=kept.get("id_locale"),
                    former_locales=tuple(kept.get("former_locales", ())),
                    id_date=kept.get("id_date"),
                    since=kept.get("since"),
                    updated=max(version.updated, datetime.datetime.fromisoformat(seen))
                    if seen
                    else version.updated,
                )
            last = (earlier or {}).get(locale)
            if writable and as_recorded and last is not None:
                dated = _shown_since(workspace, record, state, version, last)
                changed = changed or dated is not version
                version = dated
            found.states[locale] = dataclasses.replace(state, version=version, online=CURRENT)
        elif record is not None and locale in record.versions:
            entry = record.versions[locale]
            superseded = original is not None and original_digest(entry) != original
            at, on = _changed_on(workspace, slug, entry) if superseded else (None, None)
            shown_english = record.versions.get(source)
            if superseded and at is None and shown_english is not None:
                # No date for the notice yet (the template is the old English's, until
                # 'update'), but the page and the feed entry change: when the changed English
                # went online, as its record says.
                at = last_changed(shown_english)
            key = digest(
                "\0".join(
                    ("recorded", state.key, entry_digest(entry), str(superseded), str(at), str(on))
                ).encode("utf-8")
            )
            version, pieces = from_entry(
                entry,
                slug,
                locale,
                key=key,
                source_language=source,
                superseded=superseded,
                superseded_on=on,
            )
            version = dataclasses.replace(
                version, former_locales=tuple(entry.get("former_locales", ()))
            )
            if at is not None and at > version.updated:
                # Its page and feed entries now say the original changed since: updated then,
                # so that feed readers show it (the translation's text is as it was).
                version = dataclasses.replace(version, updated=at)
                if writable:
                    # Kept in the record as what readers were shown: a withdrawal's floor, and
                    # the date while the template is stale, go by it, not by working it out
                    # again (a build from nothing would not find the same).
                    record.versions[locale] = {**entry, "changed": at.isoformat()}
                    changed = True
            last = (earlier or {}).get(locale)
            if writable and last is not None:
                dated = _shown_since(workspace, record, state, version, last, pieces)
                changed = changed or dated is not version
                version = dated
            if english is not None:
                # Its addresses are the release's now, not as published: a rename since leaves
                # a redirect at the old one for this version too.
                card = dataclasses.replace(version.release, aliases=english.release.aliases)
                version = dataclasses.replace(version, release=card)
            if concerned is None and record.states:
                # (The release cannot be read: its states as the last build that read it
                # found them, for their pages and feeds.)
                card = dataclasses.replace(version.release, states=tuple(record.states))
                version = dataclasses.replace(version, release=card)
            found.pieces[key] = pieces
            found.states[locale] = dataclasses.replace(state, online=RECORD, recorded=version)
        else:
            found.states[locale] = dataclasses.replace(state, online=OFFLINE)
    if (
        writable
        and record is not None
        and record.versions
        and concerned is not None
        and record.states != concerned
    ):
        record.states = concerned
        changed = True
    if changed and record is not None:
        found.record = record.to_bytes()
    return found


def _shown_since(
    workspace: Workspace,
    record: Record | None,
    state: VersionState,
    version: Version,
    last: Sequence[Any],
    pieces: tuple[Piece, ...] | None = None,
) -> Version:
    """A version the record holds as it is (made from its catalog, or served from the record:
    its text, ``pieces``), which the last build showed otherwise, dated no later: the record
    was put back as it was before that build (``git revert`` of a commit that published a
    change, a checkout of ``published/``). Readers had the other text, and a feed entry dated
    back would be no change to their feed readers: it is dated now, after what they were
    shown, and the record keeps that."""
    assert record is not None
    before = VersionState.from_record(state.slug, state.locale, last[1:])
    if (
        before.online != CURRENT
        or before.version is None
        or before.entry == record.entry_digest(state.locale)
    ):
        return version
    if before.version.updated < version.updated:
        return version
    if pieces is not None:
        # Served from the record: put back only where its text is not the one readers had.
        # (Its entry's digest differs from the one the last build made of the catalog where
        # that build kept the record's dates: a save that changed no word.)
        shown = workspace.cache.records("pieces", [before.version.key]).get(before.version.key)
        if shown is None or pieces_from_record(shown) == pieces:
            return version
    moment = _since(workspace.now, before.version.updated)
    entry = record.versions[state.locale]
    record.versions[state.locale] = {**entry, "changed": moment}
    return dataclasses.replace(version, updated=datetime.datetime.fromisoformat(moment))


def _zone_kept(made: dict[str, Any], recorded: Mapping[str, Any]) -> dict[str, Any]:
    """A version's record entry, with the moments its record holds where they differ only by
    the organisation's time zone: a date without a time is midnight where the organisation
    is, and a change of ``organisation.timezone`` after readers had the version must re-date
    nothing (east of the old zone, its feed entries' ``updated`` would go back)."""
    kept = {
        name: recorded[name]
        for name in ("published", "updated")
        if _same_midnight(made[name], recorded.get(name))
    }
    return {**made, **kept} if kept else made


def _zone_kept_version(
    version: Version, recorded: Mapping[str, Any], now: datetime.datetime
) -> Version:
    """A version dated as its record's entry says where :func:`_zone_kept` kept the record's
    moments, or where it was revised later than ``now`` (see :func:`_online`)."""
    published, updated = version.published, version.updated
    if _same_midnight(published.isoformat(), recorded.get("published")):
        published = datetime.datetime.fromisoformat(recorded["published"])
    if updated > now or _same_midnight(updated.isoformat(), recorded.get("updated")):
        updated = datetime.datetime.fromisoformat(recorded["updated"])
    if (published, updated) == (version.published, version.updated):
        return version
    return dataclasses.replace(version, published=published, updated=updated)


def _same_midnight(now: str, then: Any) -> bool:
    """Whether two moments (ISO 8601) are the midnight of one day, each in its own offset,
    at different offsets: one date read in two time zones."""
    if not isinstance(then, str) or now == then:
        return False
    a, b = datetime.datetime.fromisoformat(now), datetime.datetime.fromisoformat(then)
    return a.date() == b.date() and a.time() == b.time() == datetime.time(0) and a != b


def _embargo_lifted(row: Row, now: datetime.datetime) -> bool:
    """Whether a release the last build kept back for its embargo may be public now."""
    for locale, *record in row.records:
        if record[_ONLINE] == EMBARGOED:  # read as a state only then: most rows are not
            version = VersionState.from_record("", locale, record).version
            embargo = version.release.embargo if version is not None else None
            if embargo is not None and embargo <= now:
                return True
    return False


#: Where a state's record (:meth:`VersionState.as_record`) says how it stands online.
_ONLINE = 6


def _entry(workspace: Workspace, state: VersionState) -> dict[str, Any]:
    """The record entry of a version that passes the gate, made again from its catalog (the
    version itself came from the cache)."""
    judged = None
    if state.review_key is not None:
        judged = review(workspace, state.slug, state.locale, state.review_key)
    made = _make(workspace, state.slug, state.locale, state.key, judged, False)[2]
    assert made is not None
    return made


def _changed_on(
    workspace: Workspace, slug: str, recorded: Mapping[str, Any]
) -> tuple[datetime.datetime | None, datetime.date | None]:
    """When the original last changed, as far as the project says, and that day: its
    ``updated:``, whose day the English page shows ("Updated on 9 June 2023"), where the
    version ``recorded`` (served from the record) was not revised after it (else it reflects
    that correction already); else when its template was made (``POT-Creation-Date``, which
    ``update`` sets when the English changes), while the template on disk is that of the
    release as it is now, or this run writes it (``publish``); else not known."""
    release = workspace.release(slug)
    if release.updated is not None:
        timezone = workspace.settings.organisation.timezone
        corrected = release.updated
        if not isinstance(corrected, datetime.datetime):
            corrected = midnight(corrected, timezone)
        if corrected >= datetime.datetime.fromisoformat(recorded["updated"]):
            return corrected, day_in(corrected, timezone)
    template = workspace.template(slug)
    if template.changed and not workspace.template_staged(slug):
        return None, None
    created = template.catalog.info.created_at
    return (created, created.date()) if created is not None else (None, None)


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
    import multiprocessing  # (only where processes are wanted)

    from communique.site.processes import worker_pool

    parallel = jobs > 1 and "fork" in multiprocessing.get_all_start_methods()
    if not parallel or len(slugs) * size < PARALLEL_FROM:
        return resolve(workspace, slugs, **options)
    prints = fingerprints(workspace, slugs, common, stats)
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
        with worker_pool(jobs) as pool:
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
