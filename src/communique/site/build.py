"""``build``: the site in ``output/`` — deterministic, incremental, and only what passed the gate.

A build asks the workspace for every version of every release (:mod:`.versions`: from the cache
where its inputs did not change), then hands one shared context to each generator — release
pages, language indexes, feeds, member states, the root page, the dashboard, the sitemap, the
stylesheet — and the writer (:mod:`.outputs`) makes only the files whose inputs changed,
staging them and moving them into place when all are made. A build that fails (a broken
project template, two outputs for one path) leaves the site as it was. A build whose inputs
have not changed at all since the last one writes nothing. Dates come from the releases and the
catalogs' ``PO-Revision-Date``, never from the clock: a build gives the same bytes whether it
starts from nothing or from the last one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import os
import re
import time
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from communique.cache import Row, WorkerCache, code_fingerprint
from communique.config import CONFIG_NAME, setting_line
from communique.errors import CommuniqueError, counted, excerpt
from communique.files import RACY_NS, DiskFiles, digest, stat_text
from communique.site.i18n import SITE_WORDS, project_interface
from communique.site.outputs import (
    KEPT,
    BuildError,
    Output,
    Staged,
    Writer,
    made_by_communique,
    owns,
    public_site,
    stage,
)
from communique.site.recording import Recording
from communique.workspace import Workspace, catalog_folder
from communique.workspace.layout import FEED_IDS, RECORD_FOLDER, TEMPLATES_FOLDER, site_words_path

if TYPE_CHECKING:
    from communique.site.context import SiteContext
    from communique.site.identity import Identity
    from communique.site.listings import Listed, State
    from communique.site.localize import Piece, Version
    from communique.site.versions import Resolved
    from communique.translate.glossary import Glossary

#: Below this many files to render, one process renders them all.
PARALLEL_RENDER_FROM = 400


@dataclass
class BuildReport:
    """What a build did and what it published."""

    out: Path
    #: A preview (``build --drafts``): what it shows is not published.
    preview: bool = False
    #: The organisation's time zone, in which the run's messages give moments.
    timezone: str = "UTC"
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    #: Files rendered again because their inputs changed (some turn out the same).
    rendered: int = 0
    #: Versions localized and checked again because their inputs changed.
    made: int = 0
    skipped: bool = False
    #: locale → slugs published in it.
    published: dict[str, list[str]] = field(default_factory=dict)
    #: (slug, locale, reasons) for versions that do not pass the gate.
    waiting: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    #: (slug, locale, whether the original changed since) for the versions that stay online
    #: from the publication record, as they were last published: their reasons are in
    #: ``waiting``.
    from_record: list[tuple[str, str, bool]] = field(default_factory=list)
    #: (slug, locale) for the versions withdrawn on purpose.
    withdrawn: list[tuple[str, str]] = field(default_factory=list)
    #: The files the build could not read (each version of theirs waits, or stays online from
    #: the record): the errors, as the user sees them.
    problems: list[str] = field(default_factory=list)
    #: The publication records the build wrote (``published/<slug>.json``).
    recorded: list[str] = field(default_factory=list)
    #: The site's folder was cleared of what the build does not make: no note of its last
    #: build was found (``removed`` names what went).
    swept: bool = False
    #: Files that should have gone and could not be removed (still online): "path: why".
    unremoved: list[str] = field(default_factory=list)
    #: (slug, moment, day of ``updated:`` or "") for the published releases whose English
    #: this build found changed with no ``updated:`` later than what readers were shown: their
    #: feeds say updated then.
    unannounced: list[tuple[str, str, str]] = field(default_factory=list)
    #: (slug, the moment its embargo lifts) for the releases kept back for their embargo.
    embargoed: list[tuple[str, str]] = field(default_factory=list)
    #: The releases kept out of the public site while they are written (``status: draft``).
    drafts: list[str] = field(default_factory=list)
    #: Of those embargoed or drafts, the releases that were published before (a later embargo
    #: or ``status: draft`` took their pages down).
    withheld: list[str] = field(default_factory=list)
    #: The target languages whose pages show the site's words in English (no catalog).
    without_interface: list[str] = field(default_factory=list)
    #: Only the releases that changed were looked at again (the others were listed as the
    #: last build left them).
    partial: bool = False

    @property
    def failed(self) -> bool:
        """Whether a file could not be read: the run should exit non-zero."""
        return bool(self.problems or self.unremoved)


def build(
    workspace: Workspace, *, drafts: bool = False, out: Path | None = None, jobs: int | None = None
) -> BuildReport:
    """Build the site (``drafts``: a preview with drafts, into ``output-drafts/``) with up to
    ``jobs`` processes (default: one per core)."""
    root = workspace.project.root
    out = (out or workspace.project.output_dir(drafts=drafts)).resolve()
    if out == root.resolve() or out in root.resolve().parents:
        raise BuildError(
            "the site would hold the project itself: choose a folder of its own", path=out
        )
    if drafts:
        public = _public_site_around(workspace, out)
        if public is not None:
            where = workspace.project.relative(public)
            inside = "is the public site" if public == out else f"is inside the public site {where}"
            raise BuildError(
                f"{inside}: a preview would put drafts and embargoed releases into it; "
                "build the preview into a folder of its own (output-drafts/ by default)",
                path=out,
            )
    else:
        previews = _previews_inside(workspace, out)
        if previews:
            raise BuildError(
                "holds a draft preview ('build --drafts'), inside the public site: it would go "
                f"online with it, drafts and embargoed releases included; remove it (rm -r "
                f"{workspace.project.relative(previews[0])}) and build the preview into a "
                "folder of its own (output-drafts/ by default); nothing was built",
                path=previews[0],
            )
        from communique.site.record import online_without_source, without_source_error

        unsourced = online_without_source(workspace)
        if unsourced:
            raise without_source_error(workspace, unsourced, "nothing was built")
    site_id = str(out)
    report = BuildReport(out, preview=drafts, timezone=workspace.settings.organisation.timezone)
    cache = workspace.cache
    stats: dict[str, str] = {}
    inputs = input_fingerprint(workspace, drafts, stats)
    record = cache.site(site_id)
    if not drafts:
        _same_domain(workspace, record)
    previous = cache.outputs(site_id)
    lifted = any(
        datetime.datetime.fromisoformat(moment) <= workspace.now
        for _, moment in record.get("embargoed", [])
    )
    # A clock behind the last build's (`--now` in a rehearsal, a machine's clock set back):
    # what was public then may be under embargo now. Nothing the last build knew is trusted.
    backwards = "now" in record and datetime.datetime.fromisoformat(record["now"]) > workspace.now
    lifted = lifted or backwards
    if (
        inputs is not None
        and record.get("inputs") == inputs
        and not lifted
        and _settled(workspace, record, stats)
        and _intact(out, previous)
    ):
        report.skipped = True
        report.published = record.get("published", {})
        report.waiting = [(s, loc, tuple(r)) for s, loc, r in record.get("waiting", [])]
        report.from_record = [(s, loc, bool(c)) for s, loc, c in record.get("from_record", [])]
        report.withdrawn = [(s, loc) for s, loc in record.get("withdrawn", [])]
        report.problems = list(record.get("problems", []))
        report.embargoed = [(slug, moment) for slug, moment in record.get("embargoed", [])]
        report.drafts = list(record.get("drafts", []))
        report.withheld = list(record.get("withheld", []))
        report.without_interface = list(record.get("without_interface", []))
        report.unchanged = len(previous)
        return report

    from jinja2 import TemplateError

    from communique.site.html import (
        language_name,
        remember_language_names,
        site_languages,
        template_error,
    )

    site_languages(_languages(workspace))
    names = record.get("language_names", {})
    # (Babel's version is part of the code's fingerprint; the site's languages decide which
    # names say a region.)
    if names.get("code") == code_fingerprint() and names.get("languages") == list(
        _languages(workspace)
    ):
        remember_language_names(names.get("names", {}))

    writer = Writer(
        out,
        previous,
        owned=owns(out, workspace.project.output_dir(drafts=drafts)),
        sweepable=_site_paths(workspace),
    )
    writer.discard()  # what a killed build may have left
    started = time.time_ns()
    trusted_before = int(record.get("taken", 0)) - RACY_NS
    earlier = _Earlier(record, previous, lifted, trusted_before, backwards)
    # The records the build changes are written while the site is rendered, and put in place
    # once it is: a build that fails records nothing (see recording).
    recording = Recording(workspace.files)
    try:
        made = _render(workspace, drafts, report, writer, jobs, site_id, earlier, stats, recording)
        if not drafts:
            # Published stays published: a version the last build published that this one
            # would not, though nobody withdrew it, stops the build before anything is written.
            lost = _lost(workspace, record.get("published", {}), report)
            if lost:
                raise BuildError(_lost_message(lost))
            _records_kept(workspace, record)
        recording.stage(made.records)
    except TemplateError as error:
        writer.discard()
        recording.drop()
        raise template_error(error, root) from None
    except BaseException:
        writer.discard()
        recording.drop()
        raise
    from communique.interrupts import held_back
    from communique.site.versions import fingerprint

    rows, records, common = made.rows, made.records, made.common
    # The records, then the site, with Ctrl-C and termination held back until both are in
    # place, and this build noted in the cache: stopped between the two, a build left pages
    # online that no record had, which a later build took offline unnoticed. (Killed, the
    # records are ahead of the site, and the next build puts online what they hold.)
    with held_back():
        try:
            # Each replaced in one step, without waiting for the disk: a first build of an
            # archive writes thousands, and each is also in the project's history once
            # committed.
            for slug, written in recording.put():
                report.recorded.append(written.path)
                # The release's versions are as this build left them, its new record included.
                if written.stat is not None:
                    stat = written.stat
                    stats[written.path] = stat_text(
                        stat.size, stat.mtime_ns, stat.inode, stat.ctime_ns
                    )
                    stats.pop(f"{RECORD_FOLDER}/", None)  # the first record made the folder
                    if slug in rows:
                        row = rows[slug]
                        rows[slug] = Row(
                            fingerprint(workspace, slug, common, stats)[0], row.records
                        )
            writer.commit()
            if not drafts and any(report.published.values()):
                _record_feed_ids(workspace, report, stats)
        except BaseException:
            writer.discard()
            recording.restore()
            report.recorded.clear()
            raise
        finally:
            recording.drop()
        if records and inputs is not None:
            # What the next build will find: the files as they were read, and the records as
            # written. (A file someone changed meanwhile differs from this, and is read again.)
            inputs = stats_digest(workspace, drafts, stats)
        racy = _as_read(workspace, stats, started)
        if racy is None:
            inputs = None  # the next build cannot tell this one's inputs by stat: it looks again
        report.written = writer.report.written
        report.removed = writer.report.removed
        report.swept = writer.report.swept
        report.unremoved = writer.report.unremoved
        report.unchanged = writer.report.unchanged
        report.rendered = writer.report.rendered
        # A file that could not be removed: the next build knows of no last one, clears the
        # folder again, and says so again, until it can.
        cache.replace_outputs(site_id, {} if writer.report.unremoved else writer.made, previous)
        cache.set_site(
            site_id,
            {
                "inputs": inputs,
                "taken": started,
                "racy": racy,
                "published": report.published,
                "waiting": report.waiting,
                "from_record": report.from_record,
                "withdrawn": report.withdrawn,
                "problems": report.problems,
                "embargoed": report.embargoed,
                "drafts": report.drafts,
                "withheld": report.withheld,
                "without_interface": report.without_interface,
                "now": workspace.now.isoformat(),
                "domain": workspace.settings.organisation.domain,
                # What every page of this build was made with: a build with the same lists the
                # releases it does not look at again as this one did (see _render_few).
                "site_key": made.site_key,
                "common": common,
                "language_names": {
                    "code": code_fingerprint(),
                    "languages": list(_languages(workspace)),
                    "names": {tag: language_name(tag) for tag in _languages(workspace)},
                },
            },
        )
        cache.replace_rows(site_id, rows, made.known)
        fingerprints = {
            slug: rows[slug].fingerprint if slug in rows else made.fingerprints[slug]
            for slug in workspace.sources
        }
        cache.replace_listed(
            site_id,
            {
                slug: [
                    fingerprints[slug],
                    [list(v) for v in made.listed[slug]],
                    made.files[slug],
                    made.identities[slug],
                ]
                for slug in workspace.sources
            },
        )
        if report.made:
            live = len(workspace.sources) * (1 + len(workspace.settings.target_locales))
            _collect_garbage(workspace, live)
        cache.flush()
        return report


def _same_domain(workspace: Workspace, record: Mapping[str, Any]) -> None:
    """Refuse a build whose ``organisation.domain`` is not the one the last build's feed entries
    have their ids under (``tag:osce.org,…``), or whose ``domain_since`` is not the year its
    feeds' ids give (``tag:osce.org,1998:feed/fr``), when it published anything: every id
    would change, and feed readers would show every release again, or take each feed for a
    new one. The last build is this cache's, or, in a fresh clone (a CI's), the one that
    wrote ``published/_feeds.json``."""
    from communique.site.record import read_feed_ids, recorded_slugs

    organisation = workspace.settings.organisation
    committed = read_feed_ids(workspace.files)
    before = record.get("domain") or committed.get("domain")
    published = any(record.get("published", {}).values()) or bool(
        committed and recorded_slugs(workspace.files)
    )
    if not before or not published or _RESERVED.search(before):
        return  # ('init''s example.org, a test's: a placeholder, which no reader subscribed to)
    again = (
        f"if no site built with it ever went online, remove .communique/cache.sqlite and "
        f"{FEED_IDS} to start its history again; nothing was built"
    )
    if before != organisation.domain:
        raise BuildError(
            f"organisation.domain is {excerpt(organisation.domain)}, but the site's feed entries "
            f"have ids under {excerpt(before)} (tag:{before},…): changed, every id would change, "
            "and feed readers would show every release again, as new. An id is permanent (a "
            "domain owned on the date it gives stays right after): set organisation.domain back "
            f"to {excerpt(before)} (the site's address is organisation.base_url); {again}",
            path=CONFIG_NAME,
            line=setting_line(workspace.project.root, "organisation.domain"),
        )
    since = committed.get("domain_since")
    if since and since != organisation.domain_since:
        raise BuildError(
            f"organisation.domain_since is {excerpt(organisation.domain_since)}, but the site's "
            f"feeds have ids from {excerpt(since)} (tag:{before},{since}:feed/…): changed, every "
            "feed's id would change, and feed readers would take each for a new feed: set "
            f"organisation.domain_since back to {excerpt(since)}; {again}",
            path=CONFIG_NAME,
            line=setting_line(workspace.project.root, "organisation.domain_since"),
        )


def _record_feed_ids(workspace: Workspace, report: BuildReport, stats: dict[str, str]) -> None:
    """Write what the feeds' ids are minted from beside the records, where it is not there yet
    (see :func:`_same_domain`)."""
    from communique.site.record import feed_ids

    organisation = workspace.settings.organisation
    wanted = feed_ids(organisation.domain, organisation.domain_since)
    if workspace.files.read(FEED_IDS)[0] == wanted:
        return
    written = workspace.files.write(FEED_IDS, wanted)
    report.recorded.append(FEED_IDS)
    if written.stat is not None:
        stat = written.stat
        stats[FEED_IDS] = stat_text(stat.size, stat.mtime_ns, stat.inode, stat.ctime_ns)
        stats.pop(f"{RECORD_FOLDER}/", None)


#: The domains reserved for examples and tests (RFC 2606, RFC 6761): a placeholder's.
_RESERVED = re.compile(
    r"(?:^|\.)(?:example\.(?:org|com|net)|example|test|invalid|localhost)$", re.IGNORECASE
)


def _records_kept(workspace: Workspace, record: Mapping[str, Any]) -> None:
    """Refuse a build whose publication records of releases the last build published are gone
    (``published/`` deleted, by mistake or in a clean-up), their releases still there: made
    again from the catalogs, their feed ids and dates would change without a word."""
    from communique.site.record import record_path

    published = {slug for slugs in record.get("published", {}).values() for slug in slugs}
    # (A withdrawn one too, and one kept back again: their records keep them offline.)
    published |= {slug for slug, _ in record.get("withdrawn", [])}
    published |= set(record.get("withheld", []))
    gone = sorted(
        slug
        for slug in published & set(workspace.sources)
        if workspace.files.stat(record_path(slug)) is None
    )
    if not gone:
        return
    named = " and ".join([", ".join(gone[:-1]), gone[-1]] if len(gone) > 1 else gone)
    if len(gone) > 3:
        named = f"{', '.join(gone[:3])} and {counted(len(gone) - 3, 'other release')}"
    records, they, are = ("records", "they", "are") if len(gone) > 1 else ("record", "it", "is")
    raise BuildError(
        f"the publication {records} of {named}, which the last build knew, {are} gone: "
        f"{they} keep{'s' if len(gone) == 1 else ''} what readers were shown, the ids of the "
        "feed entries and when each version went out, which a build cannot make again. Put "
        f"{'them' if len(gone) > 1 else 'it'} back ('git checkout -- published'); to start the "
        "site's history again, remove .communique/cache.sqlite too; nothing was built",
        path=f"{RECORD_FOLDER}/",
    )


def _public_site_around(workspace: Workspace, out: Path) -> Path | None:
    """The public site ``out`` is or lies in: the project's ``output/``, or a folder holding
    a site communique built for the public."""
    public = workspace.project.output_dir().resolve()
    for folder in (out, *out.parents):
        if folder == public or public_site(folder):
            return folder
    return None


def _previews_inside(workspace: Workspace, out: Path) -> list[Path]:
    """The draft previews inside the public site ``out``: those built with this project's
    cache, and any in a folder of the site's own."""
    folders = {Path(site) for site in workspace.cache.sites()}
    with contextlib.suppress(OSError):
        folders.update(entry for entry in out.iterdir() if entry.is_dir())
    return sorted(
        folder
        for folder in folders
        if out in folder.parents and made_by_communique(folder) and not public_site(folder)
    )


def _languages(workspace: Workspace) -> tuple[str, ...]:
    """The project's languages, the source's first."""
    return (workspace.settings.source_locale, *workspace.settings.target_locales)


@dataclass(frozen=True)
class _Earlier:
    """What the last build of the site left: its record, its files, whether an embargo it kept
    to has lifted since, and when its inputs were read (files written later are read again)."""

    record: Mapping[str, Any]
    outputs: Mapping[str, tuple[str, int, int]]
    lifted: bool
    trusted_before: int
    #: This build's clock is behind the last one's: the releases' states are made again.
    backwards: bool = False


@dataclass
class _Made:
    """What :func:`_render` hands back: the releases' rows it made (and the earlier rows they
    replace), the records to write, the build's common digest and site key, and what the
    listings list, by release (with the fingerprints of the releases it did not look at)."""

    rows: dict[str, Row]
    known: dict[str, Row]
    records: dict[str, bytes]
    common: str
    site_key: str
    listed: dict[str, list[Listed]]
    #: The files of each release's versions: their pages and the pictures they show.
    files: dict[str, list[str]]
    #: Each release's id and date (see :mod:`.identity`).
    identities: dict[str, Identity | None]
    fingerprints: dict[str, str] = field(default_factory=dict)


def _collect_garbage(workspace: Workspace, live: int) -> None:
    """Forget the versions, texts, reviews and parsed releases no site shows any more (replaced
    by edits), once they outnumber the live ones: a few stale records cost nothing, reading
    every site's states to find them does. ``live``: the versions one site shows; each site the
    cache knows (the public one, the drafts preview) has as many, all its own."""
    cache = workspace.cache
    cache.flush()
    if cache.count("version") < 2 * live * max(1, cache.site_count()):
        return
    versions: set[str] = set()
    reviews: set[str] = set()
    for row in cache.all_rows():
        for _, key, review, *rest in row.records:
            versions.add(key)
            if review:
                reviews.add(review)
            if rest[-1] is not None:  # a version served from the publication record
                versions.add(rest[-1][0])
    cache.keep_only("version", versions)
    cache.keep_only("pieces", versions)
    cache.keep_only("review", reviews | set(_review_keys(workspace)))
    cache.keep_only("release", [workspace.release_key(slug) for slug in workspace.sources])


def _review_keys(workspace: Workspace) -> list[str]:
    """The keys of the reviews this run made or read: ``check`` and ``status`` reuse them."""
    from communique.qa.gate import review_key

    return [review_key(workspace, slug, locale) for slug, locale in workspace.reviews]


def input_fingerprint(
    workspace: Workspace, drafts: bool, stats: dict[str, str] | None = None
) -> str | None:
    """A digest of what ``stat`` says of every file a build reads (and of the catalogs this run
    changed and has not saved): equal fingerprints, equal sites. ``stats`` receives what
    ``stat`` said of each file, by path, for the rest of the build. None for files held in
    memory, which have no such thing: their site is always built."""
    if not isinstance(workspace.files, DiskFiles):
        return None
    stats = {} if stats is None else stats
    root = str(workspace.files.root)
    folders = ["", "source", "templates", "locale", TEMPLATES_FOLDER, SITE_WORDS, RECORD_FOLDER]
    folders += [f"locale/{catalog_folder(locale)}" for locale in workspace.settings.target_locales]
    folders += _subfolders(root, "source")  # the pictures and files releases link
    # What templates include: Jinja finds a template in a hidden folder too.
    folders += _subfolders(root, "templates", hidden=True)
    for folder in folders:
        prefix = f"{folder}/" if folder else ""
        try:
            entries = os.scandir(f"{root}/{folder}")
        except (FileNotFoundError, NotADirectoryError):
            stats[f"{folder}/"] = _NO_FOLDER
            continue
        with entries:
            for entry in entries:
                if entry.is_file():
                    stat = entry.stat()
                    stats[prefix + entry.name] = stat_text(
                        stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns
                    )
    return stats_digest(workspace, drafts, stats)


def _subfolders(root: str, folder: str, *, hidden: bool = False) -> list[str]:
    """Every folder under ``folder`` (hidden ones too where ``hidden``), as paths in the
    project."""
    found = []
    for where, names, _ in os.walk(f"{root}/{folder}"):
        names[:] = sorted(name for name in names if hidden or not name.startswith("."))
        found += [os.path.relpath(os.path.join(where, name), root) for name in names]  # noqa: PTH118
    return found


def stats_digest(workspace: Workspace, drafts: bool, stats: Mapping[str, str]) -> str:
    """The digest of :func:`input_fingerprint` from what ``stat`` said (after a build wrote its
    records: with what ``stat`` said of those, without looking at the rest again)."""
    found = hashlib.sha256(f"{code_fingerprint()}|{drafts}\n".encode())
    found.update("\n".join([f"{path}|{stats[path]}" for path in sorted(stats)]).encode())
    for changed in workspace.changed_catalogs():
        found.update(f"\n{changed.path}|{changed.digest}".encode())
    return found.hexdigest()


_NO_FOLDER = "-"


def _racy(stats: Mapping[str, str], taken_ns: int) -> list[str]:
    """The inputs written too close to a build's start (``taken_ns``) for ``stat`` to prove
    they did not change again in the same tick of the file system's clock, after the build
    read them. The records are not among them: the build writes those itself, after it read
    the rest (as :func:`communique.site.versions.fingerprints` counts them)."""
    since = taken_ns - RACY_NS
    return [
        path
        for path, said in stats.items()
        if said != _NO_FOLDER
        and not path.startswith(f"{RECORD_FOLDER}/")
        and int(said.rpartition("|")[2]) >= since
    ]


def _as_read(
    workspace: Workspace, stats: Mapping[str, str], taken_ns: int
) -> dict[str, str] | None:
    """The digest of each racy input (:func:`_racy`) the build read, as it read it, for the next
    build to compare with the bytes it finds. One the build did not read is not among them: the
    site does not depend on its bytes (the catalog of a release under embargo, a README). None
    if the build found one missing or changed when it read it (the next build looks again)."""
    found = {}
    for path in _racy(stats, taken_ns):
        read = workspace.cache.read_this_run(path)
        if read == "":
            return None
        if read is not None:
            found[path] = read
    return found


def _settled(workspace: Workspace, record: Mapping[str, Any], stats: Mapping[str, str]) -> bool:
    """Whether every racy input the last build read still has the bytes it read then, as git
    compares a racily clean file: the same size, time and file prove nothing of a file written
    again in the same tick of the file system's clock. Few files are ever racy: those saved a
    moment before a build."""
    read = record.get("racy")
    for path in _racy(stats, int(record.get("taken", 0))):
        if read is None:  # (a record from before communique kept these digests)
            return False
        known = read.get(path)
        if known is not None and workspace.files.read(path)[1].digest != known:
            return False
    return True


def _site_paths(workspace: Workspace) -> Callable[[str], bool]:
    """The paths of a site a build makes: under a language's folder (the project's languages
    and those its publication records name, a language dropped since included), the member
    states', the sitemaps', the pictures'; the root's pages. (The records are read only if a
    path is asked about: only a build that clears a folder does.)"""
    files = {"index.html", "sitemap.xml", "style.css"}
    roots: set[str] = set()

    def made(path: str) -> bool:
        if not roots:
            roots.update(_site_roots(workspace))
        folder, slash, _ = path.partition("/")
        return path in files or (bool(slash) and folder in roots)

    return made


def _site_roots(workspace: Workspace) -> set[str]:
    from communique.release.media import MEDIA_FOLDER
    from communique.site.record import RecordError, read_record, recorded_slugs

    settings = workspace.settings
    roots = {settings.source_locale, *settings.target_locales, "states", "sitemaps", MEDIA_FOLDER}
    for slug in recorded_slugs(workspace.files):
        try:
            record = read_record(workspace.files, slug)
        except RecordError:
            continue
        if record is not None:
            roots.update(record.versions)
            for entry in record.versions.values():
                roots.update(entry.get("former_locales", ()))
                roots.update([entry["id_locale"]] if entry.get("id_locale") else [])
    return roots


def _intact(out: Path, previous: Mapping[str, tuple[str, int, int]]) -> bool:
    """Whether every file the last build made is still as it left it."""
    if not previous:
        return False
    folder = str(out)
    for path, (_, size, mtime) in previous.items():
        try:
            # os.stat on strings: pathlib costs more than the system call, 8,570 times over.
            stat = os.stat(f"{folder}/{path}")  # noqa: PTH116
        except (FileNotFoundError, NotADirectoryError):
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return False
    return True


#: A build that finds at most this many releases changed (and nothing else: not the settings,
#: the templates, the set of releases) lists the others as the last build left them.
FEW = 32


def _render(
    workspace: Workspace,
    drafts: bool,
    report: BuildReport,
    writer: Writer,
    jobs: int | None,
    site_id: str,
    earlier: _Earlier,
    stats: dict[str, str],
    recording: Recording,
) -> _Made:
    from communique.site.releases import release_pages
    from communique.site.versions import resolve_all

    common = digest(
        "\0".join(
            (
                code_fingerprint(),
                str(drafts),
                workspace.project.config_digest,
                workspace.glossary_digest,
            )
        ).encode("utf-8")
    )
    common_key = site_key(workspace, drafts)
    few = _render_few(
        workspace, drafts, report, writer, site_id, earlier, stats, common, common_key
    )
    if few is not None:
        return few
    known = {} if earlier.backwards else workspace.cache.rows(site_id)
    resolved = resolve_all(
        workspace,
        drafts=drafts,
        jobs=jobs,
        known=known,
        common=common,
        trusted_before=earlier.trusted_before,
        stats=stats,
    )
    report.made = resolved.made
    report.unannounced = sorted((slug, *said) for slug, said in resolved.unannounced.items())
    problems = dict.fromkeys(resolved.problems.values(), "")
    by_release = _report_states(workspace, list(workspace.sources), resolved, report, problems)
    listed = {slug: _listed(workspace, slug, versions) for slug, versions in by_release.items()}
    identities = {slug: _identity(workspace, resolved, slug) for slug in workspace.sources}
    _check_identities(workspace, identities)
    _check_old_names(workspace, resolved)
    shown = {v.key: v for versions in by_release.values() for v in versions}
    context = _render_site(
        workspace,
        drafts,
        report,
        writer,
        jobs,
        resolved,
        listed,
        lambda item: shown[item.key],
        common_key,
        problems,
    )
    pages = {slug: release_pages(context, versions) for slug, versions in by_release.items()}
    _write(
        workspace,
        writer,
        jobs,
        resolved,
        context,
        [
            *(o for outputs in pages.values() for o in outputs),
            *_media_outputs(workspace, by_release, problems),
        ],
        listed,
        common_key,
        # While other processes render the pages, this one writes the records.
        meanwhile=lambda: recording.stage(resolved.records),
    )
    report.problems = list(problems)
    files = {
        slug: [o.path for o in pages[slug]] + _media_paths(versions)
        for slug, versions in by_release.items()
    }
    return _Made(
        resolved.rows, known, resolved.records, common, common_key, listed, files, identities
    )


def _render_few(
    workspace: Workspace,
    drafts: bool,
    report: BuildReport,
    writer: Writer,
    site_id: str,
    earlier: _Earlier,
    stats: dict[str, str],
    common: str,
    common_key: str,
) -> _Made | None:
    """The build of a site in which a few releases changed and nothing else did: only their
    versions are made again and their pages rendered; the listings and feeds take the others
    as the last build listed them, and are rendered again only where what they show changed.
    None where this does not hold (the full build does the rest): the settings, templates or
    glossary changed, a release came or went, an embargo lifted, the last build could not read
    a file, a file of the site is not as it was left, or a changed release has pictures."""
    from communique.site.listings import Listed
    from communique.site.releases import release_pages
    from communique.site.versions import VersionState, as_built, fingerprints, resolve

    if (
        earlier.record.get("site_key") != common_key
        or earlier.record.get("common") != common
        or earlier.lifted
        or earlier.record.get("problems")
    ):
        return None
    # Each release as the last build left it: its fingerprint, its versions as listed, its files.
    last = workspace.cache.listed(site_id)
    if set(last) != set(workspace.sources) or any(len(row) != 4 for row in last.values()):
        return None  # (a release came or went; or rows kept by a build before identities)
    prints = fingerprints(workspace, workspace.sources, common, stats)
    known_prints = {slug: found for slug, (found, _, _, _) in last.items()}
    changed = [slug for slug, (found, _) in prints.items() if found != known_prints[slug]]
    # Files written too close to the last build's start for their times to prove anything
    # (right after an update): the versions' keys, made from their bytes, are compared with
    # those the last build made.
    racy = [
        slug
        for slug, (found, newest) in prints.items()
        if found == known_prints[slug] and newest >= earlier.trusted_before
    ]
    if len(changed) > FEW or len(racy) > FEW * 16:
        return None
    rows = workspace.cache.rows(site_id, [*changed, *racy])
    changed += [
        slug
        for slug in racy
        if slug not in rows or not as_built(workspace, slug, rows[slug], drafts)
    ]
    if len(changed) > FEW or not _intact(writer.out, earlier.outputs):
        return None
    files = {slug: paths for slug, (_, _, paths, _) in last.items()}
    if any(p not in earlier.outputs for slug in prints if slug not in changed for p in files[slug]):
        return None
    from communique.release.media import MEDIA_FOLDER

    if any(p.startswith(f"{MEDIA_FOLDER}/") for paths in files.values() for p in paths):
        return None  # a picture is checked and copied by the full build (its file may change)
    if any(slug not in rows for slug in changed):
        return None
    known = {slug: rows[slug] for slug in changed}
    resolved = resolve(
        workspace,
        changed,
        drafts=drafts,
        known=known,
        common=common,
        trusted_before=earlier.trusted_before,
        fingerprints={slug: prints[slug] for slug in changed},
        stats=stats,
    )
    problems = dict.fromkeys(resolved.problems.values(), "")
    scratch = BuildReport(report.out)
    by_release = _report_states(workspace, changed, resolved, scratch, problems)
    # (The pictures the changed releases showed before are in ``files``, checked above.)
    if problems or any(v.release.media for vs in by_release.values() for v in vs):
        return None
    # The last build's account of the releases it did not look at again, with this one's of
    # those it did, in the order a full build gives (by release, then language).
    gone = set(changed)
    order = {slug: index for index, slug in enumerate(workspace.sources)}
    tags = {tag: index for index, tag in enumerate(_languages(workspace))}

    def by_version(item: tuple[Any, ...]) -> tuple[int, int]:
        return order[item[0]], tags.get(item[1], -1)

    def by_slug(item: tuple[Any, ...]) -> int:
        return order[item[0]]

    listed = {
        slug: _listed(workspace, slug, by_release[slug])
        if slug in gone
        else [Listed.from_data(v) for v in last[slug][1]]
        for slug in workspace.sources
    }
    identities = {
        slug: _identity(workspace, resolved, slug)
        if slug in gone
        else (None if last[slug][3] is None else tuple(last[slug][3]))
        for slug in workspace.sources
    }
    _check_identities(workspace, identities)
    _check_old_names(workspace, resolved)  # (the releases changed: none came or went)
    again = _neighbours_to_render({slug: last[slug][1] for slug in gone}, listed, gone)
    record = earlier.record
    kept: dict[str, list[tuple[Any, ...]]] = {
        "waiting": [(s, loc, tuple(r)) for s, loc, r in record.get("waiting", [])],
        "from_record": [(s, loc, bool(c)) for s, loc, c in record.get("from_record", [])],
        "withdrawn": [(s, loc) for s, loc in record.get("withdrawn", [])],
        "embargoed": [(s, moment) for s, moment in record.get("embargoed", [])],
        "drafts": [(s,) for s in record.get("drafts", [])],
        "withheld": [(s,) for s in record.get("withheld", [])],
    }
    for name, items in kept.items():
        slugs_only = name in ("drafts", "withheld")
        mine: list[Any] = list(getattr(scratch, name))
        if slugs_only:
            mine = [(s,) for s in mine]
        merged = [item for item in items if item[0] not in gone] + mine
        merged.sort(key=by_slug if name == "embargoed" or slugs_only else by_version)
        setattr(report, name, [item[0] for item in merged] if slugs_only else merged)
    report.made = resolved.made
    report.unannounced = sorted((slug, *said) for slug, said in resolved.unannounced.items())
    report.partial = True
    shown = {v.key: v for versions in by_release.values() for v in versions}

    def version(item: Listed) -> Version:
        """A listed version, whole: made now, or read again from the last build's row."""
        found = shown.get(item.key)
        if found is None:
            (row,) = workspace.cache.rows(site_id, [item.slug]).values()
            for locale, *data in row.records:
                state = VersionState.from_record(item.slug, locale, data)
                if state.shown is not None:
                    shown[state.shown.key] = state.shown
            found = shown[item.key]
        return found

    interface_problems: dict[str, str] = {}
    context = _render_site(
        workspace,
        drafts,
        report,
        writer,
        1,
        resolved,
        listed,
        version,
        common_key,
        interface_problems,
    )
    report.problems = list(interface_problems)
    pages = {slug: release_pages(context, versions) for slug, versions in by_release.items()}
    for slug in again:  # their related releases changed: their pages are rendered again
        pages[slug] = release_pages(context, [version(item) for item in listed[slug]])
    _write(
        workspace,
        writer,
        1,
        resolved,
        context,
        [o for outputs in pages.values() for o in outputs],
        listed,
        common_key,
    )
    # The pages of the releases that did not change are as the last build made them (see
    # _intact), and what a full build would make again.
    files = {
        slug: [o.path for o in pages[slug]] if slug in gone else files[slug]
        for slug in workspace.sources
    }
    for slug in workspace.sources:
        if slug not in gone and slug not in again:
            for path in files[slug]:
                producer = writer.producers.get(path)
                if producer is None:
                    writer.keep(path)
                elif producer != KEPT:  # (a picture two releases show is kept once)
                    raise BuildError(
                        f"two outputs would write {path}: {producer} and the pages of {slug}"
                    )
    recorded = {slug: known_prints[slug] for slug in workspace.sources}
    return _Made(
        resolved.rows,
        known,
        resolved.records,
        common,
        common_key,
        listed,
        files,
        identities,
        recorded,
    )


def _identity(workspace: Workspace, resolved: Resolved, slug: str) -> Identity | None:
    """The release's id and date, as the feed entries of the version in its own language have
    them: the date they were first published under, where it has been corrected since (None
    where it cannot be read or has no title yet: it is not published as it stands)."""
    state = resolved.states.get((slug, workspace.settings.source_locale))
    if state is None or state.version is None:
        return None
    release = state.version.release
    return release.id, state.version.id_date or release.date.isoformat()


def _was_published(workspace: Workspace, slug: str) -> bool:
    """Whether the publication record holds a version of the release readers were shown (a
    withdrawal before it was ever out writes a record with none)."""
    from communique.site.record import RecordError, read_record, record_path

    if workspace.files.stat(record_path(slug)) is None:
        return False
    try:
        record = read_record(workspace.files, slug)
    except RecordError:  # (the build stops at it, naming it)
        return True
    return record is not None and bool(record.versions)


def _check_old_names(workspace: Workspace, resolved: Resolved) -> None:
    """Stop the build where a release is filed under another's old name (one of its
    ``aliases``, whose address redirects to it): the page and the redirect would be one file.
    Said while the new release is embargoed or a draft too: else only when it comes out."""
    source = workspace.settings.source_locale
    owners: dict[str, str] = {}
    for slug in workspace.sources:
        state = resolved.states.get((slug, source))
        if state is not None and state.version is not None:
            for alias in state.version.release.aliases:
                first = owners.setdefault(alias, slug)
                if first != slug:  # (two redirects at one address)
                    raise BuildError(
                        f"this release and {slug} ({workspace.sources[slug]}) both keep "
                        f"{alias} as an old name (their aliases): its address can lead readers "
                        "to one of them only; take it out of the aliases of the one that was "
                        "never published under it",
                        path=workspace.sources[first],
                    )
    for slug, path in workspace.sources.items():
        owner = owners.get(slug)
        if owner is None or owner == slug:
            continue
        raise BuildError(
            f"this release's name is an old name of {owner} (its aliases, in "
            f"{workspace.sources[owner]}): its address would be both this release's page and "
            f"the way readers of the old address reach {owner}; give this release another "
            f"name ('communique rename {slug} <new name>'), or take {slug} out of the other's "
            "aliases (its old address then leads nowhere)",
            path=path,
        )


def _check_identities(workspace: Workspace, identities: Mapping[str, Identity | None]) -> None:
    """Stop the build where two releases share an id and a date (see :mod:`.identity`)."""
    from communique.site.identity import check_identities

    check_identities(identities, workspace.sources, workspace.files)


def _listed(workspace: Workspace, slug: str, versions: Sequence[Version]) -> list[Listed]:
    """A release's versions as the listings know them, each with the member states the
    release concerns (worked out from the release where every version was read back from the
    publication record, which does not keep them)."""
    from communique.errors import SourceError
    from communique.site.listings import Listed

    states = next((v.release.states for v in versions if v.release.states is not None), None)
    if states is None and versions:
        try:
            states = workspace.states(slug)
        except SourceError:  # (the release cannot be read: its problem is reported apart)
            states = ()
    return [Listed.of(v, states or ()) for v in versions]


def _neighbours_to_render(
    before: Mapping[str, Sequence[Any]], listed: Mapping[str, Sequence[Listed]], gone: set[str]
) -> list[str]:
    """The releases, among those that did not change, whose pages show other related releases
    than they did: a changed release near them under a tag came, went, moved in time, or shows
    another title, or its title in another language. (Only its neighbours before and after the
    change can be concerned: see ``site.related``.)"""
    from communique.site.listings import Listed
    from communique.site.related import Related

    old = {slug: [Listed.from_data(v) for v in before[slug]] for slug in gone}

    def shown(items: Sequence[Listed]) -> set[tuple[Any, ...]]:
        return {
            (v.locale, v.date, v.tags, v.title, v.title_lang, v.date_text) for v in items if v.tags
        }

    moved = sorted(
        (slug, locale)
        for slug in gone
        if shown(old[slug]) != shown(listed[slug])
        for locale in {v.locale for v in (*old[slug], *listed[slug])}
    )
    if not moved:
        return []
    now, then = Related(listed), Related({**listed, **old})
    return sorted(
        {
            other
            for slug, locale in moved
            for other in now.near(slug, locale) | then.near(slug, locale)
            if other not in gone and now.of(other, locale) != then.of(other, locale)
        }
    )


def _by_tag(versions: Sequence[Listed]) -> list[tuple[str, list[Listed]]]:
    """The versions of a language by tag, newest first as given: tags spelt alike but for
    case or accents share a page, under the spelling that sorts first."""
    from communique.site.urls import tag_slug

    spellings: dict[str, set[str]] = {}
    tagged: dict[str, list[Listed]] = {}
    # The same few sets of tags recur on thousands of versions: each is worked out once.
    slugs_of: dict[tuple[str, ...], tuple[str, ...]] = {}
    for version in versions:
        slugs = slugs_of.get(version.tags)
        if slugs is None:
            for tag in version.tags:
                spellings.setdefault(tag_slug(tag), set()).add(tag)
            slugs = slugs_of[version.tags] = tuple(dict.fromkeys(map(tag_slug, version.tags)))
        for slug in slugs:
            tagged.setdefault(slug, []).append(version)
    return [(min(spellings[slug]), tagged[slug]) for slug in sorted(tagged)]


def _report_states(
    workspace: Workspace,
    slugs: Sequence[str],
    resolved: Resolved,
    report: BuildReport,
    problems: dict[str, str],
) -> dict[str, list[Version]]:
    """Account for each version of these releases in ``report`` (embargoed, draft, served
    from the record, withdrawn, waiting, unreadable files in ``problems``), and return the
    versions readers see, by release."""
    from communique.qa.gate import UNREADABLE
    from communique.site.versions import DRAFT, EMBARGOED, RECORD, WITHDRAWN

    settings = workspace.settings
    source = settings.source_locale
    by_release: dict[str, list[Version]] = {}
    for slug in slugs:
        versions = []
        for locale in (source, *settings.target_locales):
            state = resolved.states[slug, locale]
            if state.shown is not None:
                versions.append(state.shown)
            # Kept out of the public site; a preview shows it, and says so (its embargo
            # lifting is a change to its pages, as it is to the public site).
            release = state.version.release if state.version is not None else None
            kept = state.online in (EMBARGOED, DRAFT) or (
                report.preview and release is not None and not release.public(workspace.now)
            )
            if locale == source and kept and release is not None:
                if release.draft:
                    report.drafts.append(slug)
                else:
                    embargo = release.embargo
                    report.embargoed.append((slug, embargo.isoformat() if embargo else ""))
                # (It was published: its pages are taken offline.)
                if not report.preview and _was_published(workspace, slug):
                    report.withheld.append(slug)
            if state.online == RECORD:
                superseded = state.recorded is not None and state.recorded.superseded
                report.from_record.append((slug, locale, superseded))
            elif state.online == WITHDRAWN:
                report.withdrawn.append((slug, locale))
            if state.verdict is not None:
                for reason in state.verdict.reasons:
                    if reason.startswith(UNREADABLE):
                        problems.setdefault(reason.removeprefix(UNREADABLE), "")
            if state.verdict is not None and not state.verdict.publishable:
                report.waiting.append((slug, locale, state.verdict.reasons))
        by_release[slug] = versions
    return by_release


def _render_site(
    workspace: Workspace,
    drafts: bool,
    report: BuildReport,
    writer: Writer,
    jobs: int | None,
    resolved: Resolved,
    listed: Mapping[str, Sequence[Listed]],
    version: Callable[[Listed], Version],
    common_key: str,
    problems: dict[str, str],
) -> SiteContext:
    """The context every page of this build shares, and in ``report`` what is published in
    each language and which languages show the site's words in English; a catalog of the
    site's words that cannot be read goes to ``problems``."""
    from communique.site.i18n import without_interface
    from communique.site.related import Related
    from communique.site.versions import pieces_of

    by_locale: dict[str, list[Listed]] = {}
    for items in listed.values():
        for item in items:
            by_locale.setdefault(item.locale, []).append(item)
    for locale, items in by_locale.items():
        report.published[locale] = sorted(item.slug for item in items)
    unreadable: list[str] = []
    context = site_context(
        workspace,
        preview=drafts,
        pieces=lambda v: pieces_of(workspace, resolved, v.key),
        locales=sorted(by_locale),
        problems=unreadable,
    )
    problems.update(dict.fromkeys(unreadable, ""))
    # A published release kept back again (a later embargo, 'status: draft') leaves the feeds
    # as a withdrawn one does: its topics' feeds stay, and no feed's date goes back.
    withheld = [(slug, locale) for slug in report.withheld for locale in _languages(workspace)]
    withdrawn = _withdrawn_since(workspace, [*report.withdrawn, *withheld])
    context.withdrawn = withdrawn.languages
    context.withdrawn_tags = {
        key: (withdrawn.spellings[key], moment) for key, moment in withdrawn.tags.items()
    }
    context.withdrawn_states = withdrawn.states
    context.withdrawn_versions = withdrawn.versions
    context.withdrawn_since = withdrawn.since
    context.version = version
    context.related = Related(listed).of
    report.without_interface = without_interface(
        workspace.settings.target_locales, context.interface
    )
    return context


def _lost(
    workspace: Workspace, before: Mapping[str, Sequence[str]], report: BuildReport
) -> list[tuple[str, str]]:
    """The versions the last build published that this one does not, though none is withdrawn,
    under embargo, a draft, of a release gone from ``source/`` or of a language the project
    no longer has: published stays published, but for a record deleted or changed by hand."""
    languages = {workspace.settings.source_locale, *workspace.settings.target_locales}
    kept_back = {slug for slug, _ in report.embargoed} | set(report.drafts)
    withdrawn = set(report.withdrawn)
    now = {(slug, locale) for locale, slugs in report.published.items() for slug in slugs}
    return sorted(
        (slug, locale)
        for locale, slugs in before.items()
        for slug in slugs
        if (slug, locale) not in now
        and (slug, locale) not in withdrawn
        and slug not in kept_back
        and slug in workspace.sources
        and locale in languages
    )


def _lost_message(lost: Sequence[tuple[str, str]]) -> str:
    versions = ", ".join(f"{slug} in {locale}" for slug, locale in lost)
    records = ", ".join(dict.fromkeys(f"{RECORD_FOLDER}/{slug}.json" for slug, _ in lost))
    return (
        f"nothing was built: it would take offline what the last build published, though "
        f"nobody withdrew it ({versions}): neither its catalog nor its record can show it now "
        f"({records} deleted, or changed by hand?); restore the record from the project's "
        "history, or withdraw it with 'communique withdraw'. (A checkout of another branch, "
        "or of a commit before the one built last, is no reason to withdraw it: build each "
        "branch with a cache of its own, or remove .communique/cache.sqlite to build this one "
        "as a fresh clone is)"
    )


def _withdrawn_since(workspace: Workspace, withdrawn: Sequence[tuple[str, str]]) -> Withdrawn:
    """Where a published version is withdrawn: its language, each of its tags in that language
    and each member state it concerns, with the newest ``updated`` the record gives such a
    version (one never published: none)."""
    from communique.site.record import RecordError, last_changed, read_record
    from communique.site.states import state_languages
    from communique.site.urls import tag_slug

    settings = workspace.settings
    languages = {settings.source_locale, *settings.target_locales}
    members = {member.code: member for member in settings.member_states}
    found = Withdrawn({}, {}, {}, {}, {}, {})

    def later(table: dict[Any, datetime.datetime], key: Any, moment: datetime.datetime) -> None:
        table[key] = max(table.get(key, moment), moment)

    for slug in sorted({slug for slug, _ in withdrawn}):
        try:
            record = read_record(workspace.files, slug)
        except RecordError:  # (said where the release is built)
            continue
        if record is not None:
            # As the build follows a switch of the source's region (en-GB → en) before it
            # writes the record: read from disk, it has the versions under their old tag.
            record.follow_region(sorted(languages))
        for locale in {loc for s, loc in withdrawn if s == slug} & languages:
            if record is None or (entry := record.versions.get(locale)) is None:
                continue
            updated = last_changed(entry)  # (what readers were last shown: see _online)
            found.versions[slug, locale] = updated
            found.since[slug, locale] = entry.get("since")
            later(found.languages, locale, updated)
            for tag in entry["release"].get("tags", ()):
                later(found.tags, (locale, tag_slug(tag)), updated)
                found.spellings.setdefault((locale, tag_slug(tag)), tag)
            try:
                states = workspace.states(slug)
            except CommuniqueError:  # (the release cannot be read: said where it is built)
                states = tuple(record.states)  # (as the last build that read it found them)
            for code in states:
                # Only a version the state's feeds showed (the first of its languages the
                # release was published in, else the original): the United States' feeds,
                # in English, never carried the French, whose later date would have moved
                # them on while it was withdrawn, and back when it was let back.
                member = members.get(code)
                shown = settings.source_locale
                if member is not None:
                    shown = next(
                        (
                            tag
                            for tag in state_languages(member, settings.target_locales)
                            if tag in record.versions
                        ),
                        shown,
                    )
                if locale == shown:
                    later(found.states, code, updated)
    return found


class Withdrawn(NamedTuple):
    """The newest ``updated`` of the withdrawn versions of each language, of each tag in a
    language (by the tag's slug) and of each member state: the feeds that carried them never
    go back before it, and those they leave empty stay, so that their readers find them."""

    languages: dict[str, datetime.datetime]
    tags: dict[tuple[str, str], datetime.datetime]
    states: dict[str, datetime.datetime]
    #: A withdrawn tag's spelling, by language and slug (the first met).
    spellings: dict[tuple[str, str], str]
    #: Each withdrawn version's, by release and language.
    versions: dict[tuple[str, str], datetime.datetime]
    #: When each withdrawn version first went online, as its record says (``since``; None:
    #: before the record noted it), by release and language.
    since: dict[tuple[str, str], str | None]


def _write(
    workspace: Workspace,
    writer: Writer,
    jobs: int | None,
    resolved: Resolved,
    context: SiteContext,
    pages: Sequence[Output],
    listed: Mapping[str, Sequence[Listed]],
    common_key: str,
    meanwhile: Callable[[], None] = lambda: None,
) -> None:
    """Render what changed of ``pages`` (releases' pages and files) and of the listings, feeds,
    member states' pages, root page, sitemaps and stylesheet made of ``listed``; ``meanwhile``
    is done while they render (see :func:`render_outputs`)."""
    from communique.locales import territory_name
    from communique.site.listings import (
        State,
        index_page,
        newest_first,
        root_page,
        state_page,
        tag_page,
    )
    from communique.site.sitemap import sitemaps
    from communique.site.states import state_languages
    from communique.site.syndication import language_feeds, state_feeds, tag_feeds
    from communique.site.urls import tag_slug
    from communique.site.versions import load_pieces

    settings = workspace.settings
    source = settings.source_locale
    everything = newest_first([item for items in listed.values() for item in items])
    by_locale: dict[str, list[Listed]] = {locale: [] for locale in context.locales}
    for item in everything:
        by_locale[item.locale].append(item)
    # What a member state's readers get: each release in every one of the state's languages it
    # is published in, else in its own. Most states share their languages with others (those
    # none of whose languages is a target share the source): worked out once for each set.
    for_languages: dict[tuple[str, ...], tuple[Listed, ...]] = {}
    # Where each set's window stops in the list of every version: its feeds' dates never go
    # back before the last change of a version in its languages after that (left out).
    stops: dict[tuple[str, ...], int] = {}
    sets: list[tuple[str, ...]] = []  # each member state's languages, in order
    concerning: dict[str, list[str]] = {}  # the releases that concern each state
    published_in: dict[str, set[str]] = {}  # each release's languages
    for slug, items in listed.items():
        published_in[slug] = {item.locale for item in items}
        for code in items[0].states if items else ():
            concerning.setdefault(code, []).append(slug)
    english = {item.slug: item for item in everything if item.locale == source}
    first_out = context.withdrawn_since
    states = []
    for member in settings.member_states:
        languages = tuple(state_languages(member, settings.target_locales))
        sets.append(languages)

        def read_in(
            items: Sequence[Listed], languages: tuple[str, ...] = languages
        ) -> list[Listed]:
            mine = [i for i in items if i.locale in languages]
            withdrawn = context.withdrawn_versions
            carried = [_continuing(i, languages, listed, english, first_out) for i in mine]
            if carried and _first_out(items[0].slug, languages, listed, first_out) is not None:
                return carried
            return carried + [
                _after_withdrawn(i, languages, withdrawn) for i in items if i.locale == source
            ]

        picked = for_languages.get(languages)
        if picked is None:  # the newest, as many as a feed carries (of 12,000 versions)
            wanted = set(languages)
            newest: list[Listed] = []
            stop = len(everything)
            for index, item in enumerate(everything):
                withdrawn = context.withdrawn_versions
                if item.locale in wanted:
                    newest.append(_continuing(item, languages, listed, english, first_out))
                elif item.locale == source and (
                    not wanted & published_in[item.slug]
                    or _first_out(item.slug, languages, listed, first_out) is None
                ):
                    newest.append(_after_withdrawn(item, languages, withdrawn))
                else:
                    continue
                if len(newest) == context.feed_entries:
                    stop = index + 1
                    break
            picked = for_languages[languages] = tuple(newest)
            stops[languages] = stop
        mine = newest_first(
            [i for slug in concerning.get(member.code, ()) for i in read_in(listed[slug])],
            languages,
        )
        # Its page speaks the first of its languages that is published, else the source's.
        lang = next((tag for tag in languages if tag in by_locale), source)
        floors = [
            context.withdrawn[tag] for tag in (*languages, source) if tag in context.withdrawn
        ]
        states.append(
            State(
                member.code,
                territory_name(member.code),
                tuple(mine),
                lang,
                picked,
                max(floors, default=None),
            )
        )
    states = _not_before_left_out(states, sets, everything, stops, source)
    style = stylesheet(workspace)

    tags = {locale: _by_tag(by_locale[locale]) for locale in context.locales}
    # Each topic's languages: its page in one links it in the others.
    topic_languages: dict[str, list[str]] = {}
    for locale, found in tags.items():
        for tag, _ in found:
            topic_languages.setdefault(tag_slug(tag), []).append(locale)

    def outputs() -> Iterator[Output]:
        yield from pages
        shown_tags = set()
        for locale in context.locales:
            yield index_page(context, locale, by_locale[locale])
            yield from language_feeds(context, locale, by_locale[locale])
            for tag, tagged in tags[locale]:
                shown_tags.add((locale, tag_slug(tag)))
                others = tuple(topic_languages[tag_slug(tag)])
                yield tag_page(context, locale, tag, tagged, others)
                yield from tag_feeds(context, locale, tag, tagged)
        for locale in context.kept:
            yield index_page(context, locale, [])
            yield from language_feeds(context, locale, [])
        # A tag whose every version in a language is withdrawn keeps its page and feeds,
        # empty, as a language does: its readers find them.
        for (locale, slug), (tag, _) in sorted(context.withdrawn_tags.items()):
            if (locale, slug) not in shown_tags:
                yield tag_page(context, locale, tag, [])
                yield from tag_feeds(context, locale, tag, [])
        for state in states:
            yield state_page(context, state)
            yield from state_feeds(context, state)
        yield root_page(context, by_locale, states)
        yield from sitemaps(context, listed)
        yield Output("style.css", "stylesheet", ("style", digest(style)), lambda: style)

    pending: list[tuple[Output, str]] = []
    for output in outputs():
        writer.claim(output)
        key = output.key(common_key)
        if not writer.current(output.path, key):
            pending.append((output, key))
    render_outputs(
        workspace,
        writer,
        pending,
        jobs,
        lambda keys: load_pieces(workspace, resolved, keys),
        meanwhile,
    )


#: Before any moment a record holds.
_DAWN = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _not_before_left_out(
    states: Sequence[State],
    sets: Sequence[tuple[str, ...]],
    everything: Sequence[Listed],
    stops: Mapping[tuple[str, ...], int],
    source: str,
) -> list[State]:
    """The member states (``sets``: the languages of each), each "all" feed's floor raised to
    the last change of a version in its languages, or the original's, after where its window
    stops: one pass over every version, from the oldest, for all the states (whose sets are
    many: a pass for each cost a rebuild a tenth of a second). (An original's version whose
    release is out in the state's languages, which the feed does not carry, counts too: it is
    dated as its translation, nearly always.)"""
    from communique.site.syndication import moment

    latest: dict[str, datetime.datetime] = {}
    after: dict[int, dict[str, datetime.datetime]] = {}
    position = len(everything)
    for stop in sorted(set(stops.values()), reverse=True):
        while position > stop:
            position -= 1
            item = everything[position]
            if item.modified:
                changed = moment(item.modified)
                if item.locale not in latest or changed > latest[item.locale]:
                    latest[item.locale] = changed
        after[stop] = dict(latest)
    found = []
    for state, languages in zip(states, sets, strict=True):
        left_out = after[stops[languages]]
        moments = [left_out[tag] for tag in (*languages, source) if tag in left_out]
        if state.everything_since is not None:
            moments.append(state.everything_since)
        found.append(dataclasses.replace(state, everything_since=max(moments, default=None)))
    return found


def _continuing(
    item: Listed,
    languages: Sequence[str],
    listed: Mapping[str, Sequence[Listed]],
    english: Mapping[str, Listed],
    withdrawn_since: Mapping[tuple[str, str], str | None],
) -> Listed:
    """A version as a member state's feeds carry it. Of the state's languages a release was
    published in, the first out (by the record's ``since``; of those it does not date, which
    went online before it kept one, the first in the state's order) takes the feed id of the
    release's English: the entry its readers had while the English alone was out goes on in
    their language (and back in the English, if that version is withdrawn), where a new id was
    a second entry in every feed reader; a language out later is an entry of its own, and
    stays one (the first withdrawn, it did not take the English's entry over: its readers had
    it twice, its own entry never updated again)."""
    source = english.get(item.slug)
    if source is None or item.locale == source.locale:
        return item
    first = _first_out(item.slug, languages, listed, withdrawn_since)
    if first is None or item.locale != first.locale or first.since is None:
        # (A translation online before the record noted when keeps the id its readers have
        # had since: no entry a state's feeds carried changes its id with this version.)
        return item
    return item._replace(id_locale=source.id_locale or source.locale, id_date=source.id_date)


def _first_out(
    slug: str,
    languages: Sequence[str],
    listed: Mapping[str, Sequence[Listed]],
    withdrawn_since: Mapping[tuple[str, str], str | None],
) -> Listed | None:
    """Of a release's versions in a member state's languages, listed or withdrawn, the first
    out (see :func:`_continuing`); None where it is withdrawn, or there is none."""
    out: list[tuple[bool, datetime.datetime, int, Listed | None]] = [
        (
            other.since is not None,
            datetime.datetime.fromisoformat(other.since) if other.since else _DAWN,
            languages.index(other.locale),
            other,
        )
        for other in listed[slug]
        if other.locale in languages
    ]
    for tag in languages:
        if (slug, tag) in withdrawn_since:
            since = withdrawn_since[slug, tag]
            moment = datetime.datetime.fromisoformat(since) if since else _DAWN
            out.append((since is not None, moment, languages.index(tag), None))
    if not out:
        return None
    return min(out, key=lambda found: found[:3])[3]


def _after_withdrawn(
    item: Listed, languages: Sequence[str], withdrawn: Mapping[tuple[str, str], datetime.datetime]
) -> Listed:
    """The original, as a member state's feeds carry it where its translations in the state's
    languages are withdrawn: the entry showed one of them (``_continuing``), and now shows the
    original, updated after it, so that feed readers show the change (its own ``updated``
    is earlier: they kept the withdrawn text)."""
    shown = [withdrawn[item.slug, tag] for tag in languages if (item.slug, tag) in withdrawn]
    if not shown:
        return item
    after = max(shown) + datetime.timedelta(seconds=1)
    if datetime.datetime.fromisoformat(item.modified) >= after:
        return item
    return item._replace(modified=after.isoformat(), updated=after.date().isoformat())


def site_context(
    workspace: Workspace,
    *,
    preview: bool,
    pieces: Callable[[Version], tuple[Piece, ...]],
    locales: Sequence[str],
    problems: list[str] | None = None,
) -> SiteContext:
    """What every page generator of a run shares: the site, the names, the templates; the
    project's catalogs of the site's words that cannot be read go to ``problems``."""
    from communique.site.context import SiteContext
    from communique.site.urls import Site

    settings = workspace.settings
    organisation = settings.organisation
    source = settings.source_locale
    name = organisation.display_name
    return SiteContext(
        site=Site(organisation.base_url, organisation.domain, organisation.domain_since),
        source=source,
        names={
            locale: site_name(workspace.glossary, name, locale)
            for locale in (source, *settings.target_locales)
        },
        organisation=name,
        preview=preview,
        feed_entries=settings.publishing.feed_entries,
        epoch=_since(organisation.domain_since),
        project_templates=workspace.project_templates,
        compiled_templates=_compiled_templates(workspace),
        pieces=pieces,
        locales=locales,
        interface=project_interface(workspace, problems if problems is not None else []),
        glossary=workspace.glossary,
        now=workspace.now,
        timezone=organisation.timezone,
    )


def site_key(workspace: Workspace, drafts: bool) -> str:
    """What every page depends on: communique, the settings, the project's templates, the
    glossary (the organisation's name in each language) and the kind of build."""
    files = workspace.files
    parts = [code_fingerprint(), str(drafts), workspace.glossary_digest]
    parts.append(workspace.project.config_digest)
    own = _template_paths(workspace)
    own += [f"{SITE_WORDS}/{name}" for name in files.names(SITE_WORDS) or ()]
    for path in own:
        _, snapshot = files.read(path)
        workspace.cache.remember(snapshot)
        parts.append(f"{path}:{snapshot.digest}")
    return digest("\0".join(parts).encode("utf-8"))


def _template_paths(workspace: Workspace) -> list[str]:
    """The project's own templates, in ``templates/`` and its folders (a template may include
    ``partials/footer.html``, or ``.inc/footer.html``)."""
    files = workspace.files
    folders = ["templates"]
    if isinstance(files, DiskFiles):
        folders += _subfolders(str(files.root), "templates", hidden=True)
    return [f"{folder}/{name}" for folder in folders for name in files.names(folder) or ()]


def render_outputs(
    workspace: Workspace,
    writer: Writer,
    pending: Sequence[tuple[Output, str]],
    jobs: int | None,
    preload: Callable[[Sequence[str]], None] = lambda keys: None,
    meanwhile: Callable[[], None] = lambda: None,
) -> None:
    """Render the outputs whose inputs changed, in several processes when there are many;
    ``preload`` reads the texts a batch of them shows, together; ``meanwhile`` is other work
    of this process, done while the others render (or first, when it renders them itself)."""
    import multiprocessing  # (only where processes are wanted)

    from communique.site.processes import worker_pool

    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if (
        jobs < 2
        or len(pending) < PARALLEL_RENDER_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        meanwhile()
        for start in range(0, len(pending), RENDER_CHUNK):
            batch = pending[start : start + RENDER_CHUNK]
            preload([text for output, _ in batch for text in output.texts])
            for output, key in batch:
                writer.add(output.path, key, output.render())
        return
    global _PENDING
    _PENDING = (workspace, writer, pending, preload)
    try:
        chunks = _chunks(pending)
        with worker_pool(jobs) as pool:
            results = pool.imap_unordered(_render_chunk, chunks)
            # The workers know what this run learnt (reviews, texts) from the fork, and read
            # the rest through connections of their own: meanwhile, this process stores it.
            workspace.cache.flush()
            meanwhile()
            for done in results:
                for index, outcome in done:
                    if isinstance(outcome, str):
                        raise CommuniqueError(outcome)
                    output, key = pending[index]
                    writer.record(output.path, key, outcome)
    finally:
        _PENDING = None


def _chunks(pending: Sequence[tuple[Output, str]]) -> list[list[int]]:
    """The outputs' indexes in batches for the worker processes, the costliest first (a
    listing of a thousand entries alone), then release pages ``RENDER_CHUNK`` at a time: the
    last batches are short, so no process is left with a long one while the others wait."""
    order = sorted(range(len(pending)), key=lambda index: -pending[index][0].cost)
    chunks: list[list[int]] = []
    chunk: list[int] = []
    cost = 0
    for index in order:
        chunk.append(index)
        cost += pending[index][0].cost
        if cost >= RENDER_CHUNK:
            chunks.append(chunk)
            chunk, cost = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


RENDER_CHUNK = 64
_PENDING: (
    tuple[Workspace, Writer, Sequence[tuple[Output, str]], Callable[[Sequence[str]], None]] | None
) = None


def _render_chunk(indexes: list[int]) -> list[tuple[int, Staged | str]]:
    """In a worker process: render and stage some outputs; a template error comes back as its
    message, told as the user will see it."""
    from jinja2 import TemplateError

    from communique.site.html import template_error

    assert _PENDING is not None
    workspace, writer, pending, preload = _PENDING
    if not isinstance(workspace.cache, WorkerCache):
        workspace.cache = WorkerCache.sharing(workspace.cache)
    preload([text for index in indexes for text in pending[index][0].texts])
    done: list[tuple[int, Staged | str]] = []
    for index in indexes:
        output, _ = pending[index]
        try:
            data = output.render()
        except TemplateError as error:
            done.append((index, str(template_error(error, workspace.project.root))))
            break
        done.append(
            (index, stage(writer.out, writer.staging, output.path, data, fresh=writer.fresh))
        )
    return done


def site_name(glossary: Glossary, name: str, locale: str) -> str:
    """The organisation's short name as the glossary approves it for a language (OSZE)."""
    return glossary.approved_name(name, locale) or name


def _since(value: str) -> datetime.datetime:
    """The ``domain_since`` year or date as a moment: the date of an empty feed."""
    parts = [*value.split("-"), "01", "01"][:3]
    return datetime.datetime(int(parts[0]), int(parts[1]), int(parts[2]), tzinfo=datetime.UTC)


def _compiled_templates(workspace: Workspace) -> Path | None:
    """Where compiled templates are kept between runs: beside the cache, where it is on disk
    (a run whose cache lives in memory leaves no files either)."""
    if isinstance(workspace.files, DiskFiles) and workspace.cache.database is not None:
        return workspace.cache.database.parent / "templates"
    return None


def _media_outputs(
    workspace: Workspace, by_release: Mapping[str, Sequence[Version]], problems: dict[str, str]
) -> list[Output]:
    """The pictures and files the published versions link, each copied once into ``media/``
    from ``source/``. One that went missing since a version was recorded is a problem to
    report; the page stays online."""
    from communique.release.media import MEDIA_FOLDER

    paths = sorted(
        {p for versions in by_release.values() for v in versions for p in v.release.media}
    )
    found = []
    for path in paths:
        source = f"source/{path}"
        known = workspace.known_digest(source)
        if known is None:
            raw, snapshot = workspace.files.read(source)
            if raw is None:
                problems.setdefault(f"{source}: cannot be read: a published page shows it", "")
                continue
            workspace.cache.remember(snapshot)
            known = snapshot.digest or ""
        found.append(
            Output(
                f"{MEDIA_FOLDER}/{path}",
                f"file {source}",
                ("media", known),
                # Read again when it must be copied: an archive's pictures are not all held
                # in memory for the length of a build.
                lambda source=source: workspace.files.read(source)[0] or b"",  # type: ignore[misc]
            )
        )
    return found


def _media_paths(versions: Sequence[Version]) -> list[str]:
    """Where the pictures and files these versions show are in the site."""
    from communique.release.media import MEDIA_FOLDER

    return sorted({f"{MEDIA_FOLDER}/{path}" for v in versions for path in v.release.media})


def stylesheet(workspace: Workspace) -> bytes:
    custom, _ = workspace.files.read("templates/style.css")
    if custom is not None:
        return custom
    return (resources.files("communique") / "templates" / "style.css").read_bytes()


def unannounced_changes(report: BuildReport) -> Iterable[str]:
    """What this build dated that readers were not told of: a published English changed with
    no ``updated:`` (said by the build that first sees it, beside the records it writes)."""
    zone = zoneinfo.ZoneInfo(report.timezone)
    for slug, moment, corrected in report.unannounced:
        # (In the organisation's time, as 'updated:' would be written.)
        local = datetime.datetime.fromisoformat(moment).astimezone(zone).isoformat()
        if corrected:
            # Not later than what readers were shown: a day (a correction made the same day),
            # or a moment before it.
            wanted = "a later time" if "T" in corrected else "its time"
            yield (
                f"Changed after publication: {slug}: its English differs from what readers "
                f"were shown, and its 'updated: {corrected}' is not later than that. Its feeds "
                f"now say updated {local}; to date the change yourself, give 'updated:' "
                f"{wanted} ('updated: {local}')"
            )
            continue
        yield (
            f"Changed after publication: {slug}: its English differs from what readers were "
            "shown, and no 'updated:' in its front matter dates the change. Its feeds now say "
            f"updated {local}; its pages say nothing. If readers should be told, add "
            "'updated:' and 'correction:' to its front matter"
        )


def published_summary(report: BuildReport, limit: int = 10) -> Iterable[str]:
    """Lines for the end of a run: the files that could not be read; what is online in each
    language; every version still online from the publication record, and why; the versions
    withdrawn; and (the first ``limit`` of) those waiting for review, with the reasons."""
    for problem in report.problems:
        yield f"Cannot read {problem}"
    for problem in report.unremoved:
        yield f"Cannot remove {report.out.name}/{problem} (it stays online)"
    shown = "Previewed" if report.preview else "Published"
    for locale in sorted(report.published):
        count = len(report.published[locale])
        yield f"{shown} in {locale}: {counted(count, 'release')}"
    reasons = {(slug, locale): why for slug, locale, why in report.waiting}
    recorded = set()
    for slug, locale, superseded in report.from_record:
        recorded.add((slug, locale))
        since = ", the original has changed since" if superseded else ""
        because = "; ".join(reasons.get((slug, locale), ()))
        yield (
            f"STILL ONLINE FROM THE RECORD in {locale}: {slug} (as last published{since}) "
            f"because: {because}"
        )
    for slug, locale in report.withdrawn:
        yield f"Withdrawn in {locale}: {slug} (communique withdraw --undo brings it back)"
    for slug, moment in report.embargoed:
        taken = "; it was online, and its pages are offline until then" * (slug in report.withheld)
        yield f"Embargoed until {moment}: {slug} (not in the public site before then{taken})"
    for slug in report.drafts:
        taken = "; it was online, and its pages are offline while it is a draft" * (
            slug in report.withheld
        )
        yield f"Draft: {slug} (status: draft; not in the public site{taken})"
    for locale in report.without_interface:
        yield (
            f"The site's own words are in English on the {locale} pages: translate them in "
            f"{site_words_path(locale)} (see the README: the site's own words)"
        )
    # (A version withdrawn on purpose waits for nothing: said above.)
    withdrawn = set(report.withdrawn)
    waiting = [w for w in report.waiting if (w[0], w[1]) not in recorded | withdrawn]
    # A release that cannot be read waits in every language for the one reason said above:
    # one line for it, not one a language.
    from communique.qa.gate import UNREADABLE

    unread = {problem for problem in report.problems if problem.startswith("source/")}
    items: list[tuple[str, str]] = []  # ("line", text), or ("release", slug) in its place
    languages: dict[str, list[str]] = {}
    for slug, locale, why in waiting:
        if why and all(r.removeprefix(UNREADABLE) in unread for r in why):
            if slug not in languages:
                languages[slug] = []
                items.append(("release", slug))
            languages[slug].append(locale)
        else:
            items.append(("line", f"Waiting in {locale}: {slug}: {'; '.join(why)}"))
    said = [
        f"Waiting in {', '.join(languages[text])}: {text}: it cannot be read (above)"
        if kind == "release"
        else text
        for kind, text in items
    ]
    yield from said[:limit]
    if len(said) > limit:
        yield f"… and {len(said) - limit} more waiting: see 'communique status'"
