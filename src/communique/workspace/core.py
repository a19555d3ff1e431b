"""The workspace itself: the project as one command sees it (see the package's docstring)."""

from __future__ import annotations

import contextlib
import datetime
import difflib
import os
import re
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from communique.cache import Cache
from communique.catalog.template import Template, plan_template
from communique.config import CONFIG_NAME, Settings, parse_settings
from communique.errors import CommuniqueError, ProjectError, SourceError, excerpt
from communique.files import (
    DiskFiles,
    MemoryFiles,
    ProjectFiles,
    digest,
    ensure_unchanged,
    error_for,
    tidy,
    write_unless_changed,
)
from communique.interrupts import held_back
from communique.locales import LocaleCodeError, bcp47, parse_locale
from communique.lock import project_lock
from communique.project import (
    GLOSSARY_FILES,
    SOURCE_SUFFIXES,
    Project,
    check_slug,
    suggested_slug,
)
from communique.workspace.entries import CatalogEntry
from communique.workspace.layout import (
    RECORD_FOLDER,
    SITE_WORDS,
    SITE_WORDS_FOLDER,
    catalog_folder,
    site_words_path,
    template_path,
)

# The stages' modules (and the libraries behind them: YAML, Markdown, lxml, Unicode tables) are
# imported when a run first needs them: a build with nothing to do needs none of them.
if TYPE_CHECKING:
    from communique.qa.gate import CatalogReview
    from communique.release.blocks import Block
    from communique.release.concerns import Concern
    from communique.release.reader import Release
    from communique.release.segment import Segment
    from communique.translate.glossary import Glossary
    from communique.translate.memory import Memory

#: How many parsed catalogs a workspace keeps at once; more are read again when asked for.
PARSED_LIMIT = 3000
STATE_FOLDER = ".communique"


#: What a colleague may drop into ``source/`` for a release and is none: a word processor's
#: file, a web page (a picture or a PDF beside the releases is one's attachment: not named).
_DOCUMENTS = {"docx", "doc", "odt", "rtf", "pages", "html", "htm", "xhtml"}
#: Other names of the two kinds of release, and the name each is read under.
_OTHER_SUFFIXES = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "mdown": "md"}
#: A name that begins as a release's does, with its date ("2024-05-08 Statement.docx"); an
#: attachment a release links to ("statement.docx") seldom does.
_DATED = re.compile(r"\d{4}-\d{2}-\d{2}")


def _not_a_release(stem: str, suffix: str) -> str | None:
    """What to tell of a file in ``source/`` not read as a release because of its suffix: an
    upper-case ``.TXT`` or a ``.markdown`` (rename it), a Word file or a web page named as
    releases are, from their date (save it as plain text); None for any other file (a
    picture, a PDF, a document a release links to)."""
    slug = suggested_slug(stem) or stem
    other = _OTHER_SUFFIXES.get(suffix.lower())
    if other is not None:
        return f"not read: a release's file name ends in .txt or .md: rename it {slug}.{other}"
    if suffix.lower() in _DOCUMENTS and _DATED.match(stem):
        return (
            "not read: a release is plain text (.txt) or Markdown (.md): save it as plain "
            f"text, source/{slug}.txt"
        )
    return None


class Workspace:
    """A project as one command sees it; see the module's docstring."""

    def __init__(
        self,
        project: Project,
        files: ProjectFiles,
        *,
        cache: Cache,
        writer: str | None = None,
        now: datetime.datetime | None = None,
        scratch_memory: bool = False,
    ):
        self.project = project
        self.settings: Settings = project.settings
        self.files = files
        self.cache = cache
        if project.config_digest:  # read before the workspace was made
            cache.note_read(CONFIG_NAME, project.config_digest)
        #: The command that may write (it holds the project's lock); None: this run only reads.
        self.writer = writer
        self.now = now or _now()
        self.scratch_memory = scratch_memory
        #: The files of ``source/`` left out of :attr:`sources`, as errors for the user.
        self.source_problems: list[str] = []
        self._twice: dict[str, SourceError] = {}  # the releases with two files in source/
        self._releases: dict[str, Release] = {}
        self._source_digests: dict[str, str] = {}
        self._source_raw: dict[str, bytes] = {}
        self._segments: dict[str, list[Segment]] = {}
        self._concerns: dict[str, tuple[Concern, ...]] = {}
        self._blocks: dict[str, list[tuple[Block, list[Segment]]]] = {}
        self._templates: dict[str, Template] = {}
        self._staged_templates: set[str] = set()
        self._written_templates: set[str] = set()
        self._catalogs: dict[tuple[str, str], CatalogEntry] = {}
        self._parsed: OrderedDict[tuple[str, str], CatalogEntry] = OrderedDict()
        self.reviews: dict[tuple[str, str], CatalogReview] = {}
        self._memory: Memory | None = None
        self._memory_context: contextlib.ExitStack | None = None

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    @contextlib.contextmanager
    def open(
        cls,
        project: Project,
        *,
        command: str | None = None,
        now: datetime.datetime | None = None,
        dry_run: bool = False,
    ) -> Iterator[Workspace]:
        """The project's workspace for one command.

        With ``command`` (``"communique update"``) the run may write: it holds the project's
        lock, and when the block ends without an error, everything it changed is saved.
        """
        lock = project_lock(project, command) if command else contextlib.nullcontext()
        with lock:
            if command and not dry_run:  # the lock is ours: what is left there, a run left
                for folder in _written_folders(project):
                    tidy(project.root / folder)
            workspace = cls(
                project,
                DiskFiles(project.root),
                # A dry run leaves no trace, not even in the cache.
                cache=Cache(None if dry_run else project.root / STATE_FOLDER / "cache.sqlite"),
                writer=command,
                now=now,
                scratch_memory=dry_run,
            )
            try:
                yield workspace
                if command:
                    workspace.save()
            finally:
                workspace.close()

    @classmethod
    def in_memory(
        cls,
        files: dict[str, str | bytes],
        *,
        now: datetime.datetime | None = None,
    ) -> Workspace:
        """A workspace over files held in a dictionary (``communique.toml``, ``source/…``),
        for stages run without a disk tree; :meth:`save` writes into the dictionary."""
        stored = MemoryFiles(files)
        raw, _ = stored.read(CONFIG_NAME)
        if raw is None:
            raise ProjectError(f"no {CONFIG_NAME} among the files")
        project = Project(Path("/in-memory"), parse_settings(raw), digest(raw))
        return cls(project, stored, cache=Cache(None), writer="in memory", now=now)

    def close(self) -> None:
        """Close the memory and the cache."""
        if self._memory_context is not None:
            self._memory_context.close()
            self._memory_context = self._memory = None
        self.cache.close()

    # -- choosing what a command works on -----------------------------------------------------

    @cached_property
    def sources(self) -> dict[str, str]:
        """Every release in ``source/``: slug → file (``source/<slug>.md``), sorted by slug.
        A file whose name is no release name is left out, and said in
        :attr:`source_problems`: one colleague's "Save as" does not stop the other releases.
        A release with two files (``x.txt`` and ``x.md``) cannot be read (see
        :meth:`release`): its pages stay online as last published until one goes."""
        found: dict[str, str] = {}
        twice: dict[str, list[str]] = {}
        names = self.files.names("source")
        if names is None:
            raise ProjectError(f"no source/ folder in {self.project.root}")
        for name in sorted(names):
            stem, dot, suffix = name.rpartition(".")
            # (Hidden files, and an editor's lock file: Word leaves ``~$…`` beside a release
            # a colleague has open, of whatever suffix.)
            if name.startswith((".", "~")) or not dot:
                continue
            if f".{suffix}" not in SOURCE_SUFFIXES:
                said = _not_a_release(stem, suffix)
                if said is not None:
                    self.source_problems.append(f"source/{name}: {said}")
                continue
            path = f"source/{name}"
            try:
                slug = check_slug(stem, path=path)
            except SourceError as error:
                suggestion = suggested_slug(stem)
                self.source_problems.append(
                    f"{path}: {stem!r} is not a valid release name (lowercase letters, digits "
                    f"and hyphens): rename it {suggestion}.{suffix}"
                    if suggestion
                    else str(error)
                )
                continue
            if slug in found:
                twice.setdefault(slug, [found[slug]]).append(path)
            else:
                found[slug] = path
        filed = self._filed_in_folders()
        if filed:  # (but a file a release links, which the build copies: an attachment)
            texts = [self.files.read(path)[0] or b"" for path in found.values()]
            self.source_problems += [
                f"{path}: {said}"
                for path, said in filed
                if not any(path.removeprefix("source/").encode() in text for text in texts)
            ]
        for slug, paths in twice.items():
            files = " and ".join(path.rpartition("/")[2] for path in paths)
            self._twice[slug] = SourceError(
                f"two sources for one release, {files}: neither is read until one goes",
                path=paths[0],
            )
        return dict(sorted(found.items()))

    def _filed_in_folders(self, folder: str = "source", depth: int = 3) -> list[tuple[str, str]]:
        """The files in folders of ``source/`` named as releases are (``2024/2024-06-01-x.md``),
        and what to do: releases are read from ``source/`` alone, and one filed by year was
        never published, and nobody was told. (Pictures are not named.)"""
        found = []
        for name in self.files.folders(folder):
            if name.startswith((".", "_")) or depth == 0:
                continue
            inside = f"{folder}/{name}"
            for file in self.files.names(inside) or []:
                stem, _, suffix = file.rpartition(".")
                if f".{suffix.lower()}" in SOURCE_SUFFIXES and _DATED.match(stem):
                    found.append(
                        (
                            f"{inside}/{file}",
                            "not read: releases are read from source/ itself, not from its "
                            f"folders: move it to source/{file}",
                        )
                    )
            found += self._filed_in_folders(inside, depth - 1)
        return found

    def slugs(self, chosen: Sequence[str] = ()) -> list[str]:
        """The releases asked for (all when none is); a name that is no release is an error."""
        if not chosen:
            return list(self.sources)
        for slug in chosen:
            # A name completed by the shell from source/ (x.txt, source/x.md): the release.
            named = slug.removeprefix("source/").removesuffix(".txt").removesuffix(".md")
            if named != slug and named in self.sources:
                raise SourceError(f"{slug!r} is a file: name its release, {named!r}")
            check_slug(slug)
            if slug not in self.sources:
                near = difflib.get_close_matches(slug, list(self.sources), n=1, cutoff=0.8)
                meant = f" (did you mean {near[0]!r}?)" if near else ""
                raise SourceError(
                    f"no release {slug!r}: neither source/{slug}.txt nor source/{slug}.md{meant}"
                )
        return list(dict.fromkeys(chosen))

    def locales(self, chosen: Sequence[str] = ()) -> list[str]:
        """The target locales asked for (all when none is), in BCP 47; others are an error."""
        targets = self.settings.target_locales
        if not chosen:
            return list(targets)
        found = []
        for tag in chosen:
            try:
                code = bcp47(parse_locale(tag.replace("_", "-")))
            except LocaleCodeError as exc:
                raise ProjectError(f"--locale {exc}") from None
            if code not in targets:
                raise ProjectError(
                    f"{tag!r} is not a target locale (languages.targets: {', '.join(targets)})"
                )
            found.append(code)
        return found

    # -- releases and templates ---------------------------------------------------------------

    def release(self, slug: str) -> Release:
        """The release, read and validated once (or, when its file is as an earlier run read
        it, as that run parsed it: see :mod:`communique.release.stored`)."""
        found = self._releases.get(slug)
        if found is None:
            found = self._stored_release(slug) or self._parse_release(slug)
            for media in found.media:  # what it links must be there to be published
                what = "picture" if media.picture else "file"
                path = f"source/{media.path}"
                if self.files.stat(path) is None:
                    raise SourceError(
                        f"{what} {excerpt(media.path)} not found: put it at "
                        + (path if len(path) <= 200 and path.isprintable() else "source/…"),
                        path=found.path,
                        line=media.line,
                    )
                outside = self.files.outside(path)
                if outside is not None:  # (a link out of source/: never copied into the site)
                    raise SourceError(
                        f"{what} {media.path!r}: {path} {outside}", path=found.path, line=media.line
                    )
            self._releases[slug] = found
        return found

    def release_key(self, slug: str) -> str:
        """What a parsed release depends on, as one digest: the code, the source language, the
        file's name and its content."""
        from communique.cache import code_fingerprint

        parts = (
            "release",
            code_fingerprint(),
            self.settings.source_locale,
            self.sources[slug],
            self.release_digest(slug),
        )
        return digest("\0".join(parts).encode("utf-8"))

    def _stored_release(self, slug: str) -> Release | None:
        """The release as an earlier run parsed the same file."""
        key = self.release_key(slug)
        data = self.cache.records("release", [key]).get(key)
        if not isinstance(data, bytes):
            return None
        from communique.release.stored import load

        return load(data)

    def _parse_release(self, slug: str) -> Release:
        """Read and parse the release, and keep it in the cache."""
        from communique.release.reader import parse_release
        from communique.release.stored import dump

        raw = self._source_raw.pop(slug, None) or self._read_source(slug)
        key = self.release_key(slug)  # (of the bytes just read)
        found = parse_release(raw, display=self.sources[slug], language=self.settings.source_locale)
        self.cache.put_records("release", {key: dump(found)})
        return found

    def _read_source(self, slug: str) -> bytes:
        path = self.sources[slug]
        raw, snapshot = self.files.read(path)
        if raw is None:
            raise SourceError("cannot read: no such file", path=path)
        self._source_digests[slug] = snapshot.digest or ""
        self.cache.remember(snapshot)
        return raw

    def release_digest(self, slug: str) -> str:
        """The digest of a release's source file (read only if the cache does not know it, and
        then kept for :meth:`release`, which need not read it again)."""
        path = self.sources[slug]
        if slug in self._twice:
            raise self._twice[slug]
        found = self._source_digests.get(slug)
        if found is None:
            found = self.known_digest(path)
            if found is None:
                self._source_raw[slug] = self._read_source(slug)
                found = self._source_digests[slug]
            self._source_digests[slug] = found
        return found

    def release_state(self, slug: str) -> str:
        """What a key holds of a release's file: its digest, or why it cannot be read (a pipe,
        a folder, a link outside ``source/``); the versions made under such a key wait, and
        say why."""
        try:
            return self.release_digest(slug)
        except SourceError as error:
            return f"unreadable: {error}"

    def segments(self, slug: str) -> list[Segment]:
        """The release's segments in document order, computed once."""
        from communique.release.segment import segment_release

        found = self._segments.get(slug)
        if found is None:
            found = self._segments[slug] = segment_release(
                self.release(slug), blocks=self.block_segments(slug)
            )
        return found

    def concerns(self, slug: str) -> tuple[Concern, ...]:
        """The member states the release concerns, and why (:mod:`communique.release.concerns`),
        worked out once: each of its language versions asks."""
        found = self._concerns.get(slug)
        if found is None:
            from communique.release.concerns import finder

            found = finder(*self._concerns_settings).find(self.release(slug))
            self._concerns[slug] = found
        return found

    @cached_property
    def _concerns_settings(
        self,
    ) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
        """The settings the member states a release concerns depend on, as the finder takes
        them: the project's member states, regions and seats (``[member_states]``)."""
        settings = self.settings
        members = tuple(member.code for member in settings.member_states)
        return members, settings.regions, settings.seats

    @cached_property
    def concerns_digest(self) -> str:
        """A digest of all that the member states a release concerns depend on besides the
        release itself (:attr:`_concerns_settings`), for the keys of what holds them."""
        return digest(repr(self._concerns_settings).encode("utf-8"))

    def states(self, slug: str) -> tuple[str, ...]:
        """The codes of the member states the release concerns."""
        return tuple(concern.code for concern in self.concerns(slug))

    @property
    def project_templates(self) -> Path | None:
        """The project's own templates folder (``templates/``), where the project is on disk."""
        return self.project.root / "templates" if isinstance(self.files, DiskFiles) else None

    def block_segments(self, slug: str) -> list[tuple[Block, list[Segment]]]:
        """Each block of the release's body with its segments, computed once."""
        from communique.release.segment import segment_blocks

        found = self._blocks.get(slug)
        if found is None:
            found = self._blocks[slug] = segment_blocks(
                self.release(slug), self.settings.source_locale
            )
        return found

    def template(self, slug: str) -> Template:
        """The release's template, and whether ``locale/templates/<slug>.pot`` differs from it.

        An unchanged template keeps its ``POT-Creation-Date``, so it stays byte for byte the same.
        """
        found = self._templates.get(slug)
        if found is None:
            release = self.release(slug)
            path = template_path(slug)
            found = self._templates[slug] = plan_template(
                release, self.segments(slug), path, self.files.read(path)[0], self.now
            )
        return found

    def template_staged(self, slug: str) -> bool:
        """Whether this run writes the release's template (:meth:`stage_template`)."""
        return slug in self._staged_templates

    def stage_template(self, slug: str) -> Template:
        """The template, to be written by :meth:`save` if it changed."""
        template = self.template(slug)  # a release that cannot be read stages nothing
        self._staged_templates.add(slug)
        return template

    # -- catalogs -----------------------------------------------------------------------------

    def catalog(self, slug: str, locale: str) -> CatalogEntry:
        """A release's catalog in a target locale (BCP 47)."""
        key = (slug, locale)
        entry = self._catalogs.get(key)
        if entry is None:
            if slug not in self.sources:
                check_slug(slug)  # the listed ones were checked when listed
            path = f"locale/{catalog_folder(locale)}/{slug}.po"
            entry = self._catalogs[key] = CatalogEntry(self, slug, locale, path)
        return entry

    def site_catalog(self, locale: str) -> CatalogEntry:
        """The project's catalog of the site's own words in a target locale
        (``locale/site/<ll>.po``, see :mod:`communique.site.i18n`)."""
        key = (SITE_WORDS, locale)
        entry = self._catalogs.get(key)
        if entry is None:
            path = site_words_path(locale)
            entry = self._catalogs[key] = CatalogEntry(self, SITE_WORDS, locale, path)
        return entry

    def opened_catalog(self, slug: str, locale: str) -> CatalogEntry | None:
        """The catalog's entry if this run asked for it already (else it has not changed)."""
        return self._catalogs.get((slug, locale))

    def catalogs_in(self, locale: str) -> list[CatalogEntry]:
        """Every catalog of a locale, one per release, whether it exists or not."""
        return [self.catalog(slug, locale) for slug in self.sources]

    def forget(self, slugs: Sequence[str]) -> None:
        """Let go of what this run read of these releases and their (unchanged) catalogs."""
        for slug in slugs:
            self._releases.pop(slug, None)
            self._source_digests.pop(slug, None)
            self._source_raw.pop(slug, None)
            self._segments.pop(slug, None)
            self._concerns.pop(slug, None)
            self._blocks.pop(slug, None)
            for locale in self.settings.target_locales:
                entry = self._catalogs.get((slug, locale))
                if entry is not None and not entry.dirty:
                    entry._forget()
                    self._parsed.pop((slug, locale), None)

    def _used(self, entry: CatalogEntry) -> None:
        key = (entry.slug, entry.locale)
        self._parsed[key] = entry
        self._parsed.move_to_end(key)
        while len(self._parsed) > PARSED_LIMIT:
            _, oldest = self._parsed.popitem(last=False)
            oldest._forget()

    def known_digest(self, path: str) -> str | None:
        """The digest of a project file if the cache knows it and ``stat`` proves the file
        unchanged since it was read; None otherwise (then it must be read)."""
        stat = self.files.stat(path)
        return self.cache.digest(path, stat) if stat is not None else None

    # -- glossary and memory ------------------------------------------------------------------

    @cached_property
    def glossary_files(self) -> dict[str, bytes]:
        found = {}
        for name in GLOSSARY_FILES:
            raw, snapshot = self.files.read(f"locale/{name}")
            self.cache.remember(snapshot)
            if raw is not None:
                found[f"locale/{name}"] = raw
        return found

    @cached_property
    def glossary(self) -> Glossary:
        """The approved terms, read once."""
        from communique.translate.glossary import parse_glossary

        return parse_glossary(self.glossary_files, self.settings.target_locales)

    @cached_property
    def glossary_digest(self) -> str:
        return digest(
            b"".join(name.encode() + b"\0" + raw for name, raw in self.glossary_files.items())
        )

    @property
    def has_memory(self) -> bool:
        """Whether the translation memory is open, or its database exists."""
        if self._memory is not None:
            return True
        return (
            not isinstance(self.files, MemoryFiles)
            and (self.project.root / STATE_FOLDER / "memory.sqlite").is_file()
        )

    @property
    def memory(self) -> Memory:
        """The translation memory and engine cache (a throwaway copy for a dry run)."""
        if self._memory is None:
            from communique.translate.memory import Memory, scratch_copy

            stack = contextlib.ExitStack()
            if isinstance(self.files, MemoryFiles):
                self._memory = stack.enter_context(Memory(None))
            else:
                database = self.project.root / STATE_FOLDER / "memory.sqlite"
                opener = scratch_copy(database) if self.scratch_memory else Memory(database)
                self._memory = stack.enter_context(opener)
            self._memory_context = stack
        return self._memory

    # -- writing ------------------------------------------------------------------------------

    def changed_catalogs(self) -> list[CatalogEntry]:
        return [entry for entry in self._catalogs.values() if entry.dirty]

    def save(self) -> None:
        """Write every staged template that changed and every changed catalog.

        If any catalog changed on disk since this run read it (a translator saved it meanwhile),
        nothing is written.
        """
        self._writable()
        catalogs = self.changed_catalogs()
        templates = [
            self._templates[slug]
            for slug in sorted(self._staged_templates - self._written_templates)
            if self._templates[slug].changed
        ]
        # Everything that can be checked is, before the first file is written: the catalogs
        # are as this run read them, every file and folder can be written, every text encoded.
        for entry in catalogs:
            assert entry.snapshot is not None
            ensure_unchanged(self.files, entry.snapshot, written="nothing was written")
        data: dict[str, bytes] = {}
        for path, text in [(t.path, t.text) for t in templates] + [
            (e.path, e.text) for e in catalogs
        ]:
            problem = self.files.unwritable(path)
            if problem is not None:
                raise error_for(path)(f"{problem}; nothing was written", path=path)
            data[path] = _encoded(text, path)
        # (Ctrl-C waits until the last is written: stopped between a catalog's moving aside
        # and its replacement's moving in, a run left it missing.)
        with held_back():
            for template in templates:
                self.files.write(template.path, data[template.path])
                self._written_templates.add(template.slug)
            for entry in catalogs:
                assert entry.snapshot is not None
                # Replaced only if still as read: a save that lands now is kept, and reported.
                entry._saved(self.files.replace(entry.path, data[entry.path], entry.snapshot))

    def save_catalog(self, entry: CatalogEntry) -> None:
        """Write one changed catalog now, unless it changed on disk since this run read it."""
        self._writable()
        if entry.dirty:
            assert entry.snapshot is not None
            problem = self.files.unwritable(entry.path)
            if problem is not None:
                raise error_for(entry.path)(problem, path=entry.path)
            data = _encoded(entry.text, entry.path)
            with held_back():
                entry._saved(write_unless_changed(self.files, entry.snapshot, data))

    def _writable(self) -> None:
        if self.writer is None:
            raise ProjectError("this run only reads the project; it cannot save")


def _written_folders(project: Project) -> list[str]:
    """The folders where runs replace translators' and communique's files one by one."""
    targets = project.settings.target_locales
    return [
        "locale/templates",
        *(f"locale/{catalog_folder(locale)}" for locale in targets),
        SITE_WORDS_FOLDER,
        RECORD_FOLDER,
    ]


def _encoded(text: str, path: str) -> bytes:
    """A catalog's or template's text as UTF-8; one that cannot be (a lone surrogate from a
    broken escape) is refused before anything is written."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise error_for(path)(
            f"cannot be written as UTF-8 (character U+{ord(text[exc.start]):04X}); it was "
            "not written",
            path=path,
            line=text.count("\n", 0, exc.start) + 1,
        ) from None


def _now() -> datetime.datetime:
    """The run's clock for new templates: ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    return source_date_epoch() or datetime.datetime.now(datetime.UTC)


def source_date_epoch() -> datetime.datetime | None:
    """The moment ``SOURCE_DATE_EPOCH`` sets (reproducible builds); None where it is unset or
    empty. A value that is not a count of seconds is refused, as the specification asks: a
    typo would otherwise leave the clock to decide which embargoes have lifted."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        if epoch.isascii() and epoch.isdigit():
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    except (OverflowError, ValueError, OSError):  # beyond the year 9999
        pass
    raise CommuniqueError(
        f"SOURCE_DATE_EPOCH is {excerpt(epoch)}, not a number of seconds since "
        "1970-01-01 (reproducible-builds.org): set it to one, or unset it to use the clock"
    )
