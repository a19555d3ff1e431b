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

import datetime
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from communique.cache import Row, code_fingerprint
from communique.errors import CommuniqueError
from communique.files import RACY_NS, DiskFiles, digest
from communique.site.i18n import SITE_WORDS, project_interface
from communique.site.outputs import Output, Staged, Writer, stage
from communique.site.record import RECORD_FOLDER, record_path
from communique.workspace import Workspace, catalog_folder

if TYPE_CHECKING:
    from communique.site.context import SiteContext
    from communique.site.localize import Piece, Version
    from communique.translate.glossary import Glossary

#: Below this many files to render, one process renders them all.
PARALLEL_RENDER_FROM = 400


@dataclass
class BuildReport:
    """What a build did and what it published."""

    out: Path
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
    #: (slug, the moment its embargo lifts) for the releases kept back for their embargo.
    embargoed: list[tuple[str, str]] = field(default_factory=list)
    #: The releases kept out of the public site while they are written (``status: draft``).
    drafts: list[str] = field(default_factory=list)
    #: The target languages whose pages show the site's words in English (no catalog).
    without_interface: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether a file could not be read: the run should exit non-zero."""
        return bool(self.problems)


def build(
    workspace: Workspace, *, drafts: bool = False, out: Path | None = None, jobs: int | None = None
) -> BuildReport:
    """Build the site (``drafts``: a preview with drafts, into ``output-drafts/``) with up to
    ``jobs`` processes (default: one per core)."""
    root = workspace.project.root
    out = (out or workspace.project.output_dir(drafts=drafts)).resolve()
    site_id = str(out)
    report = BuildReport(out)
    cache = workspace.cache
    stats: dict[str, str] = {}
    inputs = input_fingerprint(workspace, drafts, stats)
    record = cache.site(site_id)
    previous = cache.outputs(site_id)
    lifted = any(
        datetime.datetime.fromisoformat(moment) <= workspace.now
        for _, moment in record.get("embargoed", [])
    )
    if (
        inputs is not None
        and record.get("inputs") == inputs
        and not lifted
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
        report.without_interface = list(record.get("without_interface", []))
        report.unchanged = len(previous)
        return report

    from jinja2 import TemplateError

    from communique.site.html import template_error

    writer = Writer(out, previous)
    writer.discard()  # what a killed build may have left
    started = time.time_ns()
    known = cache.rows(site_id)
    trusted_before = int(record.get("taken", 0)) - RACY_NS
    try:
        rows, records, common = _render(
            workspace, drafts, report, writer, jobs, known, trusted_before, stats
        )
    except TemplateError as error:
        writer.discard()
        raise template_error(error, root) from None
    except BaseException:
        writer.discard()
        raise
    writer.commit()
    # What went online is recorded once it is online: a build that fails records nothing.
    from communique.site.versions import fingerprint

    for slug, data in sorted(records.items()):
        path = record_path(slug)
        # Replaced in one step, without waiting for the disk: a first build of an archive
        # writes thousands, and each is also in the project's history once committed.
        written = workspace.files.write(path, data, durable=False)
        report.recorded.append(path)
        # The release's versions are as this build left them, its new record included.
        if written.stat is not None:
            stat = written.stat
            stats[path] = f"{stat.size}|{stat.mtime_ns}|{stat.inode}|{stat.mtime_ns}"
            stats.pop(f"{RECORD_FOLDER}/", None)  # the first record made the folder
            if slug in rows:
                rows[slug] = Row(fingerprint(workspace, slug, common, stats)[0], rows[slug].records)
    if records and inputs is not None:
        # What the next build will find: the files as they were read, and the records as
        # written. (A file someone changed meanwhile differs from this, and is read again.)
        inputs = stats_digest(workspace, drafts, stats)
    report.written = writer.report.written
    report.removed = writer.report.removed
    report.unchanged = writer.report.unchanged
    report.rendered = writer.report.rendered
    cache.replace_outputs(site_id, writer.made, previous)
    cache.set_site(
        site_id,
        {
            "inputs": inputs,
            "taken": started,
            "published": report.published,
            "waiting": report.waiting,
            "from_record": report.from_record,
            "withdrawn": report.withdrawn,
            "problems": report.problems,
            "embargoed": report.embargoed,
            "drafts": report.drafts,
            "without_interface": report.without_interface,
        },
    )
    cache.replace_rows(site_id, rows, known)
    if report.made:
        _collect_garbage(workspace, sum(len(row.records) for row in rows.values()))
    cache.flush()
    return report


def _collect_garbage(workspace: Workspace, live: int) -> None:
    """Forget the versions, texts and reviews no site shows any more (replaced by edits), once
    they outnumber the live ones: a few stale records cost nothing, reading every site's
    states to find them does."""
    cache = workspace.cache
    cache.flush()
    if cache.count("version") < 2 * live:
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
    folders = ["", "source", "templates", "locale", SITE_WORDS, RECORD_FOLDER]
    folders += [f"locale/{catalog_folder(locale)}" for locale in workspace.settings.target_locales]
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
                    stats[prefix + entry.name] = (
                        f"{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}|{stat.st_mtime_ns}"
                    )
    return stats_digest(workspace, drafts, stats)


def stats_digest(workspace: Workspace, drafts: bool, stats: Mapping[str, str]) -> str:
    """The digest of :func:`input_fingerprint` from what ``stat`` said (after a build wrote its
    records: with what ``stat`` said of those, without looking at the rest again)."""
    found = hashlib.sha256(f"{code_fingerprint()}|{drafts}\n".encode())
    found.update("\n".join([f"{path}|{stats[path]}" for path in sorted(stats)]).encode())
    for changed in workspace.changed_catalogs():
        found.update(f"\n{changed.path}|{changed.digest}".encode())
    return found.hexdigest()


_NO_FOLDER = "-"


def _intact(out: Path, previous: dict[str, tuple[str, int, int]]) -> bool:
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


def _render(
    workspace: Workspace,
    drafts: bool,
    report: BuildReport,
    writer: Writer,
    jobs: int | None,
    known: dict[str, Row],
    trusted_before: int,
    stats: dict[str, str],
) -> tuple[dict[str, Row], dict[str, bytes], str]:
    from communique.qa.gate import UNREADABLE
    from communique.site.i18n import without_interface
    from communique.site.listings import (
        State,
        index_page,
        newest_first,
        root_page,
        state_page,
        territory_name,
    )
    from communique.site.releases import release_pages
    from communique.site.sitemap import sitemaps
    from communique.site.states import state_languages
    from communique.site.syndication import language_feeds, state_feeds
    from communique.site.versions import (
        DRAFT,
        EMBARGOED,
        RECORD,
        WITHDRAWN,
        load_pieces,
        pieces_of,
        resolve_all,
    )

    settings = workspace.settings
    source = settings.source_locale
    targets = settings.target_locales
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
    resolved = resolve_all(
        workspace,
        drafts=drafts,
        jobs=jobs,
        known=known,
        common=common,
        trusted_before=trusted_before,
        stats=stats,
    )
    report.made = resolved.made
    problems = dict.fromkeys(resolved.problems.values(), "")

    by_release: dict[str, list[Version]] = {}
    for slug in workspace.sources:
        versions = []
        for locale in (source, *targets):
            state = resolved.states[slug, locale]
            if state.shown is not None:
                versions.append(state.shown)
            if locale == source and state.online == EMBARGOED and state.version is not None:
                embargo = state.version.release.embargo
                report.embargoed.append((slug, embargo.isoformat() if embargo else ""))
            elif locale == source and state.online == DRAFT:
                report.drafts.append(slug)
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
    # One sort for every listing: each takes its versions in this order.
    everything = newest_first([v for versions in by_release.values() for v in versions])
    by_locale: dict[str, list[Version]] = {}
    for versions in by_release.values():
        for version in versions:
            by_locale.setdefault(version.locale, [])
    for version in everything:
        by_locale[version.locale].append(version)
    for locale, versions in by_locale.items():
        report.published[locale] = sorted(v.release.slug for v in versions)

    context = site_context(
        workspace,
        preview=drafts,
        pieces=lambda version: pieces_of(workspace, resolved, version.key),
        locales=sorted(by_locale),
    )
    states = []
    for member in settings.member_states:
        languages = state_languages(member, targets)
        chosen: set[int] = set()  # the versions' ids: by_release holds them all meanwhile
        for versions in by_release.values():
            in_language = [v for language in languages for v in versions if v.locale == language]
            chosen.update(map(id, in_language or [v for v in versions if v.locale == source]))
        listed = tuple(v for v in everything if id(v) in chosen)
        states.append(State(member.code, territory_name(member.code), listed))
    style = stylesheet(workspace)
    media = _media_outputs(workspace, by_release, problems)

    def outputs() -> Iterator[Output]:
        for versions in by_release.values():
            yield from release_pages(context, versions)
        for locale in context.locales:
            yield index_page(context, locale, by_locale[locale])
            yield from language_feeds(context, locale, by_locale[locale])
        for state in states:
            yield state_page(context, state)
            yield from state_feeds(context, state)
        counts = {locale: len(versions) for locale, versions in by_locale.items()}
        yield root_page(context, counts, states)
        yield from sitemaps(context, by_release)
        yield Output("style.css", "stylesheet", ("style", digest(style)), lambda: style)
        yield from media

    common_key = site_key(workspace, drafts)
    pending: list[tuple[Output, str]] = []
    for output in outputs():
        writer.claim(output)
        key = output.key(common_key)
        if not writer.current(output.path, key):
            pending.append((output, key))
    render_outputs(
        workspace, writer, pending, jobs, lambda keys: load_pieces(workspace, resolved, keys)
    )
    report.problems = list(problems)
    report.without_interface = without_interface(targets, context.interface)
    return resolved.rows, resolved.records, common


def site_context(
    workspace: Workspace,
    *,
    preview: bool,
    pieces: Callable[[Version], tuple[Piece, ...]],
    locales: Sequence[str],
) -> SiteContext:
    """What every page generator of a run shares: the site, the names, the templates."""
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
        project_templates=_project_templates(workspace),
        compiled_templates=_compiled_templates(workspace),
        pieces=pieces,
        locales=locales,
        interface=project_interface(workspace),
    )


def site_key(workspace: Workspace, drafts: bool) -> str:
    """What every page depends on: communique, the settings, the project's templates, the
    glossary (the organisation's name in each language) and the kind of build."""
    files = workspace.files
    parts = [code_fingerprint(), str(drafts), workspace.glossary_digest]
    parts.append(workspace.project.config_digest)
    own = [f"templates/{name}" for name in files.names("templates") or ()]
    own += [f"{SITE_WORDS}/{name}" for name in files.names(SITE_WORDS) or ()]
    for path in own:
        _, snapshot = files.read(path)
        parts.append(f"{path}:{snapshot.digest}")
    return digest("\0".join(parts).encode("utf-8"))


def render_outputs(
    workspace: Workspace,
    writer: Writer,
    pending: Sequence[tuple[Output, str]],
    jobs: int | None,
    preload: Callable[[Sequence[str]], None] = lambda keys: None,
) -> None:
    """Render the outputs whose inputs changed, in several processes when there are many;
    ``preload`` reads the texts a batch of them shows, together."""
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if (
        jobs < 2
        or len(pending) < PARALLEL_RENDER_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
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
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.imap_unordered(_render_chunk, chunks)
            # The workers know what this run learnt (reviews, texts) from the fork, and read
            # the rest through connections of their own: meanwhile, this process stores it.
            workspace.cache.flush()
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
    from communique.site.versions import WorkerCache

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
    for match in glossary.find(name, locale):
        if match.start == 0 and match.end == len(name):
            return match.approved(locale) or name
    return name


def _since(value: str) -> datetime.datetime:
    """The ``domain_since`` year or date as a moment: the date of an empty feed."""
    parts = [*value.split("-"), "01", "01"][:3]
    return datetime.datetime(int(parts[0]), int(parts[1]), int(parts[2]), tzinfo=datetime.UTC)


def _project_templates(workspace: Workspace) -> Path | None:
    """The project's own templates folder, where the workspace is on disk."""
    if isinstance(workspace.files, DiskFiles):
        return workspace.project.root / "templates"
    return None


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


def stylesheet(workspace: Workspace) -> bytes:
    custom, _ = workspace.files.read("templates/style.css")
    if custom is not None:
        return custom
    return (resources.files("communique") / "templates" / "style.css").read_bytes()


def published_summary(report: BuildReport, limit: int = 10) -> Iterable[str]:
    """Lines for the end of a run: the files that could not be read; what is online in each
    language; every version still online from the publication record, and why; the versions
    withdrawn; and (the first ``limit`` of) those waiting for review, with the reasons."""
    for problem in report.problems:
        yield f"Cannot read {problem}"
    for locale in sorted(report.published):
        count = len(report.published[locale])
        yield f"Published in {locale}: {count} release{'s' if count != 1 else ''}"
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
        yield f"Embargoed until {moment}: {slug} (not in the public site before then)"
    for slug in report.drafts:
        yield f"Draft: {slug} (status: draft; not in the public site)"
    for locale in report.without_interface:
        yield (
            f"The site's own words are in English on the {locale} pages: translate them in "
            f"{SITE_WORDS}/{locale}.po (see the README: the site's own words)"
        )
    waiting = [w for w in report.waiting if (w[0], w[1]) not in recorded]
    for slug, locale, why in waiting[:limit]:
        yield f"Waiting in {locale}: {slug}: {'; '.join(why)}"
    if len(waiting) > limit:
        yield f"… and {len(waiting) - limit} more waiting: see 'communique status'"
