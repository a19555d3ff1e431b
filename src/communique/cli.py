"""The ``communique`` command: a thin layer that parses, calls one library function, and prints."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import errno
import gc
import json
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from communique import __version__
from communique.errors import CommuniqueError, counted
from communique.exchange import XLIFF_VERSIONS
from communique.project import Project
from communique.scaffold import NewProject, init_project, placeholders

if TYPE_CHECKING:
    from communique.catalog.update import CatalogPlan, UpdatePlan
    from communique.site.build import BuildReport
    from communique.translate.draft import Progress
    from communique.workspace import Workspace

# Each command imports the stages it runs when it runs: `communique status` need not load
# the site builder, nor `communique --help` anything at all.

F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    """Turns every :class:`CommuniqueError` into ``Error: …`` on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            done = super().invoke(ctx)
        except CommuniqueError as exc:
            # Printed as "Error: <what>" on stderr, exit code 1, like every click failure.
            raise click.ClickException(str(exc)) from None
        except (OSError, sqlite3.OperationalError) as exc:
            folder = ctx.find_root().params.get("project") or Path.cwd()
            said = _disk_full(exc, folder) or _not_writable(exc)
            if said is None:
                raise
            raise click.ClickException(said) from None
        if ctx.meta.get(_SOURCE_PROBLEMS):  # named already: the rest was done
            raise click.exceptions.Exit(1)
        return done


def _disk_full(error: OSError | sqlite3.OperationalError, folder: Path) -> str | None:
    """The line that says the disk is full, if that is what ``error`` is (``folder``: the
    project's, whose disk it is). (Every file is written to a temporary name and moved into
    place: what was there before stays whole.)"""
    if isinstance(error, sqlite3.OperationalError):
        said = str(error)
        # "database or disk is full"; or, with a few kilobytes left, no room for the
        # database's shared-memory file: "disk I/O error".
        if "full" not in said and not ("disk I/O error" in said and _nearly_full(folder)):
            return None
        where = " to write the translation memory or the cache in .communique/"
    elif error.errno in (errno.ENOSPC, errno.EDQUOT):
        where = f" to write {error.filename}" if error.filename else ""
    else:
        return None
    return (
        f"no space left on the disk{where}: nothing was left half-written; free some space and "
        "run the command again"
    )


def _nearly_full(folder: Path) -> bool:
    """Whether the disk of ``folder`` has less than a megabyte left."""
    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


def _not_writable(error: OSError | sqlite3.OperationalError) -> str | None:
    """The line that says a file or folder cannot be written (read-only, immutable, not the
    user's), if that is what ``error`` is: the file named, not a traceback."""
    if isinstance(error, sqlite3.OperationalError):
        if not any(said in str(error) for said in ("unable to open", "readonly", "read-only")):
            return None
        return (
            f".communique/: cannot write the translation memory or the cache ({error}): make "
            "the folder writable, and run the command again"
        )
    if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
        return None
    return f"{error.filename or 'a file'}: cannot write: {error.strerror}"


def _project(ctx: click.Context) -> Project:
    folder: Path | None = ctx.find_root().params.get("project")
    return Project.load(folder) if folder is not None else Project.find(Path.cwd())


@contextlib.contextmanager
def _workspace(
    ctx: click.Context,
    command: str | None = None,
    *,
    dry_run: bool = False,
    now: datetime.datetime | None = None,
) -> Iterator[Workspace]:
    """The project loaded once for this command; ``command`` names a run that writes (it holds
    the project's lock and saves what it changed when it ends without an error). ``now``: the
    run's clock (default: ``SOURCE_DATE_EPOCH``, else the system's). The files of ``source/``
    it left out (a name that is no release name) are named when it ends, and the run exits 1
    once the rest is done."""
    from communique.workspace import Workspace

    with Workspace.open(_project(ctx), command=command, dry_run=dry_run, now=now) as workspace:
        try:
            yield workspace
        finally:
            # (Listed even by a run that had no need to: a build that finds nothing changed
            # names them too, and fails as the first did.)
            with contextlib.suppress(CommuniqueError):
                workspace.sources  # noqa: B018
            said = ctx.find_root().meta.setdefault(_SOURCE_PROBLEMS, [])
            for problem in workspace.source_problems:
                if problem not in said:
                    click.echo(f"Error: {problem}", err=True)
                    said.append(problem)
        meta = ctx.find_root().meta
        with contextlib.suppress(CommuniqueError):
            if (
                not workspace.sources
                and not workspace.source_problems
                and not workspace.files.names("locale/templates")
                and not meta.get(_EMPTY)
            ):
                # (A new project, none of whose releases was ever extracted: the command ran,
                # on nothing.)
                click.echo(_EMPTY, err=True)
                meta[_EMPTY] = True


#: Where a run keeps the files of ``source/`` it left out and named (see :func:`_workspace`).
_SOURCE_PROBLEMS = "communique.source_problems"
_EMPTY = (
    "No release in source/: write one as source/2024-05-07-observers-deployed.txt (plain text) "
    "or .md (Markdown); see 'Writing releases' in the README."
)


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise click.BadParameter(
            f"{value!r}: expected a moment with its offset, e.g. 2027-01-15T09:00:00+01:00"
        )
    return moment


def now_option(function: F) -> F:
    """``--now``: the moment the run takes for now (embargoes), for tests and reproducible
    builds; ``SOURCE_DATE_EPOCH`` does the same."""
    return click.option(
        "--now",
        callback=_moment,
        metavar="MOMENT",
        help="Take this moment (ISO 8601 with offset) for now: which embargoes have lifted.",
    )(function)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="communique")
@click.option(
    "--project",
    "-C",
    type=click.Path(file_okay=False, path_type=Path),
    help="The project folder (default: the one holding communique.toml, here or above).",
)
def cli(project: Path | None) -> None:
    """Publish press releases in many languages: segment the English, keep gettext catalogs
    for translators, check their work, and build localized pages and feeds.

    \b
    Example:
      communique init newsroom && cd newsroom
      communique extract
    """


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", default=NewProject.name, help="The organisation's name.")
@click.option("--short-name", default="", help="A short name, e.g. OSCE.")
@click.option("--domain", default=NewProject.domain, help="A domain it owns, for permanent ids.")
@click.option("--base-url", default=NewProject.base_url, help="Where the site will be published.")
@click.option(
    "--source",
    default=NewProject.source,
    show_default=True,
    help="The language releases are written in (BCP 47): en-GB writes dates as 30 July 2024.",
)
@click.option(
    "--locale",
    "targets",
    multiple=True,
    default=NewProject.targets,
    show_default=True,
    help="A target locale (BCP 47); repeat for each.",
)
def init(
    folder: Path,
    name: str,
    short_name: str,
    domain: str,
    base_url: str,
    source: str,
    targets: tuple[str, ...],
) -> None:
    """Create a new project in FOLDER (default: here), with a commented communique.toml,
    source/, locale/ and output/. Refuses to touch an existing project.

    \b
    Example:
      communique init newsroom --name "Council of Europe" --short-name CoE \\
          --domain coe.int --base-url https://www.coe.int/press/ --source en-GB \\
          --locale fr --locale de
    """
    choices = NewProject(name, short_name, domain, base_url, targets, source)
    for path in init_project(folder, choices):
        click.echo(f"created {path}")
    for warning in placeholders(Project.load(folder).settings):
        click.echo(f"Warning: {warning}", err=True)
    click.echo(
        f"Next: put a release in {folder / 'source'} and run 'communique publish' (it says "
        "what each language waits for)."
    )


@cli.command("extract")
@click.argument("slugs", nargs=-1)
@click.pass_context
def extract_command(ctx: click.Context, slugs: tuple[str, ...]) -> None:
    """Split each English release (or the SLUGS given) into segments and write its gettext
    template, locale/templates/<slug>.pot. Unchanged templates are left untouched.

    \b
    Example:
      communique extract
      communique extract 2023-06-07-anti-trafficking-coordinators-meet
    """
    from communique.catalog.extract import extract

    with _workspace(ctx, "communique extract") as workspace:
        results, problems = extract(workspace, slugs)
    for result in results:
        state = "written" if result.written else "unchanged"
        click.echo(f"{result.path}: {result.messages} messages ({state})")
    written = sum(result.written for result in results)
    click.echo(f"{counted(len(results), 'template')}, {written} written.")
    _fail_on_problems(problems)


def releases_and_locales(function: F) -> F:
    """The SLUGS argument and --locale option shared by the commands that work on catalogs."""
    function = click.option(
        "--locale",
        "-l",
        "locales",
        multiple=True,
        help="Only this target locale (BCP 47); repeat for several. Default: all.",
    )(function)
    return click.argument("slugs", nargs=-1)(function)


@cli.command("update")
@releases_and_locales
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if anything is out of date.")
@click.pass_context
def update_command(
    ctx: click.Context, slugs: tuple[str, ...], locales: tuple[str, ...], check: bool
) -> None:
    """Create or merge locale/<ll>/LC_MESSAGES/<slug>.po for each release (or the SLUGS
    given) and target locale, after re-extracting templates whose release changed. Translations
    are never lost: changed sentences go fuzzy with the old English as #| msgid, removed ones
    become obsolete (#~).

    \b
    Example:
      communique update
      communique update --locale fr --locale de
      communique update --check    # in CI: fails if a catalog is stale
    """
    from communique.catalog.update import update

    with _workspace(ctx, None if check else "communique update") as workspace:
        plan = update(workspace, slugs, locales, check=check)
    try:
        _update_summary(plan, check, partial=bool(plan.problems or workspace.source_problems))
    finally:
        _fail_on_problems(plan.problems)


def _fail_on_problems(problems: Sequence[str]) -> None:
    """Exit 1 naming every file the run could not read (and left as it was)."""
    for problem in problems[:-1]:
        click.echo(f"Error: {problem}", err=True)
    if problems:
        raise click.ClickException(problems[-1])


def _update_summary(plan: UpdatePlan, check: bool, *, partial: bool = False) -> None:
    """What update did, or with ``check`` would do (``partial``: some files could not be read,
    and are named apart)."""
    for path in plan.orphans:
        slug = path.rpartition("/")[2].partition(".")[0]
        click.echo(
            f"{path}: its release is gone from source/ (restore it, or run 'communique remove "
            f"{slug}', or 'communique rename {slug} NEW' if it was renamed by hand)"
        )
    from communique.workspace.layout import catalog_folder, site_words_path

    for folder, meant, is_target in plan.strays:
        if folder.endswith(".po"):  # (the site's words)
            click.echo(
                f"{folder}: no target locale reads it; "
                + (
                    f"{meant}'s site words are read from {site_words_path(meant)}: rename it"
                    if is_target
                    else f"add its language to languages.targets ({meant!r}), or remove it"
                )
            )
        elif is_target:
            where = f"locale/{catalog_folder(meant)}/"
            click.echo(
                f"{folder}: catalogs no target locale reads; {meant}'s are in {where}: move "
                "them there (a catalog there of the same release is replaced)"
            )
        else:
            click.echo(
                f"{folder}: catalogs no target locale reads: add its language to "
                f"languages.targets ({meant!r}), or remove the folder"
            )
    if check:
        stale = plan.stale
        for path in stale:
            click.echo(f"out of date: {path}")
        problems = []
        if stale:
            problems.append(
                f"{len(stale)} files are out of date with their sources; run 'communique update'"
            )
        if plan.orphans:
            problems.append(f"{len(plan.orphans)} files belong to no release in source/")
        if plan.strays:
            problems.append(f"{len(plan.strays)} places in locale/ hold catalogs nothing reads")
        if problems:
            raise click.ClickException("; ".join(problems))
        # (Where a file could not be read, named apart, only of those that could: it exits 1.)
        read = " of the files that could be read" if partial else ""
        click.echo(f"Templates and catalogs{read} are up to date.")
        return
    for template in plan.templates:
        if template.changed:
            click.echo(f"{template.path}: written")
    for catalog in plan.catalogs:
        click.echo(f"{catalog.path}: {_describe(catalog)}")
        for match in catalog.report.fuzzy:
            now, was = _differing(match.msgid, match.previous)
            click.echo(f"  fuzzy {int(match.score)}%: {now!r}")  # (rounded down)
            click.echo(f"      was: {was!r}")
            if match.dropped:
                flags = ", ".join(match.dropped)
                click.echo(f"      dropped #, {flags}: set for the English that was")
        for english in catalog.report.restored if not catalog.created else ():
            click.echo(f"  reviewed again: {_short(english)!r}")
            if english in catalog.report.set_aside:
                click.echo(
                    "      (its reviewed translation is back; the one it replaces, made for "
                    "earlier English in a stale copy of the catalog, is kept in a comment)"
                )
            else:
                click.echo(
                    "      (its English is back to what its reviewed translation was made for)"
                )
        for english in catalog.report.redraft:
            click.echo(f"  to draft again: {_short(english)!r}")
            click.echo(
                "      (its machine draft was made for other English: 'communique draft' "
                "drafts this one)"
            )
    created = sum(c.created for c in plan.catalogs)
    merged = sum(c.changed and not c.created for c in plan.catalogs)
    click.echo(
        f"{counted(len(plan.catalogs), 'catalog')}: {created} created, {merged} merged, "
        f"{len(plan.catalogs) - created - merged} unchanged."
    )


def _describe(catalog: CatalogPlan) -> str:
    report = catalog.report
    if catalog.created:
        # (Made again for a release published in its language: deleted, by mistake.)
        shown = f", {len(report.restored)} reviewed translations brought back"
        return f"created, {catalog.messages} messages{shown if report.restored else ''}"
    if not catalog.changed:
        return "unchanged"
    restored = f", {len(report.restored)} reviewed again" if report.restored else ""
    redraft = f", {len(report.redraft)} to draft again" if report.redraft else ""
    return (
        f"merged: {report.kept} kept, {len(report.fuzzy)} fuzzy, {report.new} new, "
        f"{report.obsoleted} obsolete, {report.revived} revived{restored}{redraft}"
    )


def _differing(now: str, was: str, width: int = 70) -> tuple[str, str]:
    """Two versions of an English sentence, each cut to ``width`` characters around where
    they first differ: a change late in a long sentence is shown, not cut off in both."""
    same = next(
        (at for at, (one, other) in enumerate(zip(now, was, strict=False)) if one != other),
        min(len(now), len(was)),
    )
    skip = 0
    if same > width * 2 // 3:  # begin some words before the difference
        skip = now.rfind(" ", 0, same - width // 2) + 1
    if not skip:
        return _short(now, width), _short(was, width)
    return _short("…" + now[skip:], width), _short("…" + was[skip:], width)


def _short(text: str, width: int = 70) -> str:
    from communique.errors import shortened

    return shortened(text, width)


@cli.command("status")
@releases_and_locales
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON for scripts.")
@click.option(
    "--html",
    "as_html",
    is_flag=True,
    help="Also write the translation dashboard, for staff, into output-status/ (not public).",
)
@click.option(
    "--entries",
    is_flag=True,
    help="List each entry still to translate or review, as FILE:LINE (editors jump to it).",
)
@now_option
@click.pass_context
def status_command(
    ctx: click.Context,
    slugs: tuple[str, ...],
    locales: tuple[str, ...],
    as_json: bool,
    as_html: bool,
    entries: bool,
    now: datetime.datetime | None,
) -> None:
    """Show how far each release (or the SLUGS given) is translated in each target locale:
    segments and words reviewed, fuzzy and untranslated; for the SLUGS given, also the member
    states each concerns and why. --entries lists, instead, each entry still to translate or
    review: FILE:LINE: state: English.

    \b
    Example:
      communique status
      communique status --locale ru --json
      communique status --html && communique serve --status
      communique status 2023-06-07-anti-trafficking-coordinators-meet --locale fr --entries
    """
    from communique.qa.status import entries_to_do, project_status, site_words_line, status_table

    if as_html and (slugs or locales):
        raise click.UsageError("--html writes the whole dashboard: give no SLUG or --locale")
    if entries:
        if as_html or as_json:
            raise click.UsageError("--entries lists entries: give neither --html nor --json")
        with _workspace(ctx, now=now) as workspace:
            # (From where the command runs, where the editor runs: -C or a subfolder.)
            lines, problems = entries_to_do(workspace, slugs, locales, seen_from=Path.cwd())
            for line in lines:
                click.echo(line)
        _fail_on_problems(problems)
        return
    from communique.qa.gate import review_site_words
    from communique.qa.status import unreadable

    with _workspace(ctx, now=now) as workspace:
        rows = project_status(workspace, slugs, locales)
        words = [] if slugs else review_site_words(workspace, locales)
        from communique.site.record import online_without_source, without_source_error

        # (Published, its source gone: the next build stops on it, and the table has no row.)
        unsourced = [] if slugs else online_without_source(workspace)
        if as_html:
            from communique.site.dashboard import write_dashboard

            folder = workspace.project.status_dir
            online = {(row.slug, row.locale): row.online for row in rows}
            written = write_dashboard(workspace, folder, online)
            where = workspace.project.relative(folder)
            click.echo(
                f"{where}: {len(written.written)} files written, {written.unchanged} unchanged, "
                f"{len(written.removed)} removed "
                "(staff only: do not publish it; 'communique serve --status' shows it)",
                err=True,
            )
    if as_json:
        click.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
    else:
        members = bool(workspace.settings.member_states)
        click.echo(status_table(rows, states=bool(slugs), members=members))
        for catalog in words:
            click.echo(site_words_line(catalog))
    if unsourced:
        raise without_source_error(workspace, unsourced, "the table leaves it out")
    from communique.qa.gate import UNREADABLE

    records = [row.record_problem for row in rows if row.record_problem]
    _fail_on_unreadable(
        [
            *(reason for row in rows for reason in row.verdict.reasons),
            *(f"{UNREADABLE}{problem}" for problem in dict.fromkeys(records)),
            *(f"{UNREADABLE}{problem}" for catalog in words if (problem := unreadable(catalog))),
        ]
    )


def _fail_on_unreadable(reasons: Iterable[str]) -> None:
    """Exit 1 naming every file a run could not read (its versions wait; the rest went on)."""
    from communique.qa.gate import UNREADABLE

    _fail_on_problems(
        list(dict.fromkeys(r.removeprefix(UNREADABLE) for r in reasons if r.startswith(UNREADABLE)))
    )


@cli.command("compile")
@releases_and_locales
@click.pass_context
def compile_command(ctx: click.Context, slugs: tuple[str, ...], locales: tuple[str, ...]) -> None:
    """Write a .mo file next to each PO catalog, for programs that read translations with
    gettext. Only reviewed translations are compiled, as msgfmt does.

    \b
    Example:
      communique compile
    """
    from communique.catalog.compile import compile_catalogs

    unreadable: list[str] = []
    with _workspace(ctx, "communique compile") as workspace:
        results = compile_catalogs(workspace, slugs, locales, unreadable)
    for result in results:
        click.echo(f"{result.path}: {counted(result.messages, 'translation')}")
    click.echo(f"{counted(len(results), 'catalog')} compiled.")
    for problem in unreadable:  # (the others are compiled: said last, exit 1)
        click.echo(f"Error: {problem} (not compiled)", err=True)
    if unreadable:
        ctx.exit(1)


def _progress_bar() -> tuple[Progress, Callable[[], None]]:
    """A click progress bar on stderr for draft, and what closes it."""
    from communique.translate.draft import Progress

    class Bar(Progress):
        def __init__(self) -> None:
            self.bar: Any = None

        def start(self, total: int) -> None:
            self.bar = click.progressbar(range(total), label="Drafting", file=sys.stderr)
            self.bar.__enter__()

        def advance(self) -> None:
            if self.bar is not None:
                self.bar.update(1)

        def finish(self) -> None:
            if self.bar is not None:
                self.bar.__exit__(None, None, None)

    bar = Bar()
    return bar, bar.finish


@cli.command("draft")
@releases_and_locales
@click.option("--engine", help="Use this engine for every locale (default: communique.toml).")
@click.option("--refresh", is_flag=True, help="Redraft fuzzy entries that are drafts.")
@click.option("--dry-run", is_flag=True, help="Show what would be drafted; write nothing.")
@click.pass_context
def draft_command(
    ctx: click.Context,
    slugs: tuple[str, ...],
    locales: tuple[str, ...],
    engine: str | None,
    refresh: bool,
    dry_run: bool,
) -> None:
    """Fill untranslated entries with drafts for translators to review: translation memory
    first, then the glossary, then machine translation. Every draft is fuzzy and says where it
    came from; reviewed entries are never touched.

    \b
    Example:
      communique draft
      communique draft --locale es --engine pseudo --dry-run
    """
    from communique.config import KNOWN_ENGINES
    from communique.translate.draft import draft, draft_summary

    if engine is not None and engine not in KNOWN_ENGINES:
        raise click.BadParameter(
            f"expected one of: {', '.join(KNOWN_ENGINES)}", param_hint="--engine"
        )
    bar, finish = _progress_bar()
    # A dry run only reads the project: it takes no lock and works on a copy of the memory.
    command = None if dry_run else "communique draft"
    try:
        with _workspace(ctx, command, dry_run=dry_run) as workspace:
            summaries = draft(
                workspace,
                slugs,
                locales,
                engine=engine,
                refresh=refresh,
                dry_run=dry_run,
                progress=bar,
            )
    finally:
        finish()
    for locale_summary in summaries:
        click.echo(draft_summary(locale_summary, dry_run=dry_run))
    problems = list(dict.fromkeys(p for s in summaries for p in s.unreadable))
    for failed in [s for s in summaries if s.failed or s.errors]:
        # The last line of a failed run says what failed, engine and all (not "see above").
        said = failed.broken or (failed.errors[0] if failed.errors else "")
        why = f": {said}" if said else ""
        if not failed.failed:  # nothing was sent: the engine could not be asked, or no catalog
            problems.append(f"{failed.locale}{why}")
            continue
        count = f"{failed.failed} entr{'y' if failed.failed == 1 else 'ies'}"
        problems.append(
            f"{failed.locale}: {count} could not be drafted{why}; drafts made so far are saved"
        )
    _fail_on_problems(problems)


@cli.command("check")
@releases_and_locales
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Exit 1 when a reviewed entry has a finding this severe.",
)
@click.option(
    "--drafts", is_flag=True, help="List the findings in drafts (fuzzy entries) too, not a count."
)
@click.pass_context
def check_command(
    ctx: click.Context,
    slugs: tuple[str, ...],
    locales: tuple[str, ...],
    as_json: bool,
    fail_on: str,
    drafts: bool,
) -> None:
    """Check the translations of each release (or the SLUGS given), and the project's catalogs
    of the site's own words: numbers, links, markup, placeholders, machine-translation
    leftovers, glossary, punctuation, quotes. Under each finding: the start of its English
    sentence, and where keeping the translation can be right, the flag that keeps it. Drafts
    are checked too, and counted (--drafts lists them); only reviewed entries decide the exit
    code and publication.

    \b
    Example:
      communique check
      communique check --locale fr --fail-on warning --drafts
      communique check --json > findings.json
    """
    from communique.qa.findings import Finding, Severity
    from communique.qa.gate import (
        UNREADABLE,
        UNREADABLE_CHECK,
        Verdict,
        review_project,
        review_site_words,
    )
    from communique.qa.report import check_report
    from communique.qa.status import corrected_ahead

    with _workspace(ctx) as workspace:
        reviews = review_project(workspace, slugs, locales)
        words = [] if slugs else review_site_words(workspace, locales)
        # What the build would refuse of a release as of now, too: CI checks before it builds,
        # and none of its versions is publishable.
        ahead = []
        for slug in dict.fromkeys(review.slug for review in reviews):
            error = corrected_ahead(workspace, slug)
            if error is None:
                continue
            where = error.path or workspace.sources[slug]
            ahead.append(
                Finding(where, error.line or 1, Severity.ERROR, UNREADABLE_CHECK, error.message, "")
            )
            refused = Verdict(False, (f"{UNREADABLE}{error}",), 1)
            reviews = [
                dataclasses.replace(r, verdict=refused) if r.slug == slug else r for r in reviews
            ]
    report = check_report(
        reviews, fail_on=Severity(fail_on), site_words=words, drafts=drafts, extra=ahead
    )
    click.echo(json.dumps(report.data, ensure_ascii=False, indent=2) if as_json else report.text)
    if report.failed:
        raise click.ClickException(report.failure)


def fail_on_option(function: F) -> F:
    """``--fail-on``: what, besides a file that cannot be read, makes a build exit 1."""
    return click.option(
        "--fail-on",
        "fail_on",
        type=click.Choice(["stale", "waiting"]),
        multiple=True,
        help="Exit 1 when a version is online from the publication record as last published "
        "(stale), or when any version does not pass the gate (waiting).",
    )(function)


def out_option(text: str, *, folder: bool) -> Callable[[F], F]:
    """``--out``: the folder (``folder``) or the file a command writes into or serves."""
    return click.option(
        "--out",
        type=click.Path(file_okay=not folder, dir_okay=folder, path_type=Path),
        help=text,
    )


@cli.command("build")
@click.option("--drafts", is_flag=True, help="Build a preview that shows drafts (noindex).")
@out_option("Where to build.", folder=True)
@fail_on_option
@now_option
@click.pass_context
def build_command(
    ctx: click.Context,
    drafts: bool,
    out: Path | None,
    fail_on: tuple[str, ...],
    now: datetime.datetime | None,
) -> None:
    """Build the site into output/: release pages, language indexes, Atom and RSS feeds per
    language and per member state, and sitemaps ('status --html' and 'publish' write the
    translation dashboard, for staff, into output-status/). Language versions that pass the
    gate are published and recorded in published/; one that no longer passes stays online as
    last published, and the build says so. --drafts builds a preview into output-drafts/.
    Exit 1 if a file cannot be read (the rest is built).

    \b
    Example:
      communique build
      communique build --fail-on stale    # in CI: nothing online from the record
      communique build --drafts
    """
    from communique.site.build import build, published_summary, unannounced_changes

    project = _project(ctx)
    for warning in placeholders(project.settings):
        click.echo(f"Warning: {warning}", err=True)
    if not drafts:
        _warn_if_ahead(now)
    with _workspace(ctx, "communique build", now=now) as workspace:
        report = build(workspace, drafts=drafts, out=out)
    where = project.relative(report.out)
    if report.skipped:
        click.echo(f"{where}: nothing changed since the last build.")
    else:
        click.echo(
            f"{where}: {len(report.written)} files written, {report.unchanged} unchanged, "
            f"{len(report.removed)} removed."
        )
    if report.swept and report.removed:
        shown = ", ".join(report.removed[:10])
        more = f" and {len(report.removed) - 10} more" if len(report.removed) > 10 else ""
        click.echo(
            f"{where}: no note of its last build, so what this one does not make went: "
            f"{shown}{more}"
        )
    if not drafts and not report.swept:
        _feeds_gone(report.removed)
    for path in report.recorded:
        click.echo(f"{path}: recorded what went online")
    for line in [*unannounced_changes(report), *published_summary(report)]:
        click.echo(line)
    _build_outcome(report, fail_on)


def _feeds_gone(removed: Sequence[str]) -> None:
    """Say which feeds the build took offline (their folders): a tag renamed, a member state
    taken out of the settings took them with no word, and their subscribers find nothing
    there. (A withdrawn language's or topic's stay, empty.)"""
    folders = sorted(
        {path.rpartition("/")[0] + "/" for path in removed if path.endswith(_FEED_FILES)}
    )
    if folders:
        click.echo(
            "Warning: feeds no longer made, whose subscribers now find nothing there: "
            f"{', '.join(folders)} (a tag, a member state or a language's region no longer in "
            "the project: put it back if that was not meant)",
            err=True,
        )


_FEED_FILES = ("/feed.atom", "/feed.rss")


def _warn_if_ahead(now: datetime.datetime | None) -> None:
    """A public build taken at a moment later than this machine's clock (``--now``, else
    ``SOURCE_DATE_EPOCH``) publishes then what is embargoed until then, and records it: say
    so before it does."""
    from communique.workspace.core import source_date_epoch

    now = now or source_date_epoch()
    if now is not None and now > datetime.datetime.now(datetime.UTC) + datetime.timedelta(
        minutes=1
    ):
        click.echo(
            f"Warning: building the public site as of {now.isoformat()}, later than this "
            "machine's clock: what is embargoed until then goes into it, and is recorded as "
            "published. Do not deploy it before then; 'build --drafts' shows embargoed "
            "releases in a preview instead.",
            err=True,
        )


def _build_outcome(report: BuildReport, fail_on: Sequence[str]) -> None:
    """Exit 1 naming every file the build could not read, or when ``--fail-on`` says so."""
    problems = list(report.problems)
    problems += [f"cannot remove {report.out}/{problem}" for problem in report.unremoved]

    if "stale" in fail_on and report.from_record:
        count = len(report.from_record)
        problems.append(
            f"{count} version{'s are' if count != 1 else ' is'} online from the publication "
            "record, as last published (--fail-on stale): review the catalogs, or withdraw "
            "them with 'communique withdraw'"
        )
    if "waiting" in fail_on and report.waiting:
        count = len(report.waiting)
        problems.append(
            f"{count} version{'s do' if count != 1 else ' does'} not pass the gate "
            "(--fail-on waiting): see 'communique status'"
        )
    _fail_on_problems(problems)


def format_option(name: str, described: str) -> Callable[[F], F]:
    """``--format``: the one file format a command writes for CAT tools, named so that more can
    come."""
    return click.option(
        "--format",
        "file_format",
        type=click.Choice([name]),
        default=name,
        show_default=True,
        help=f"The file format ({described}, which CAT tools exchange).",
    )


@cli.command("export")
@releases_and_locales
@format_option("xliff", "XLIFF")
@click.option(
    "--xliff-version",
    type=click.Choice(XLIFF_VERSIONS),
    default=XLIFF_VERSIONS[0],
    show_default=True,
    help="XLIFF 2.1, or 1.2 for tools that read no other.",
)
@out_option("The folder to write into (default: xliff/ in the project).", folder=True)
@click.pass_context
def export_command(
    ctx: click.Context,
    slugs: tuple[str, ...],
    locales: tuple[str, ...],
    file_format: str,
    xliff_version: str,
    out: Path | None,
) -> None:
    """Write each release's catalog (or the SLUGS given) in each target locale as an XLIFF
    file for a CAT tool (Trados, memoQ, Phrase): OUT/<locale>/<slug>.xlf, with the English, the
    translation and its state, the notes, and URLs and markup as codes a translator places but
    cannot break; with no SLUGS, also the site's own words where the project translates them
    (OUT/site/<locale>.xlf). Bring the work back with 'communique import'.

    \b
    Example:
      communique export --locale fr
      communique export 2023-06-07-anti-trafficking-coordinators-meet --xliff-version 1.2
    """
    from communique.exchange.export import export_xliff

    with _workspace(ctx) as workspace:
        folder = out if out is not None else workspace.project.root / "xliff"
        result = export_xliff(workspace, slugs, locales, version=xliff_version, out=folder)
    for exported in result.written:
        # (In the project's xliff/, named as every file of the project is: from its root.)
        shown = exported.path if out is not None else workspace.project.relative(exported.path)
        click.echo(
            f"{shown}: {exported.reviewed} reviewed, {exported.drafts} waiting for "
            f"review, {exported.untranslated} untranslated"
        )
    for missing in result.missing:
        click.echo(f"{missing}: no catalog yet (run 'communique update')")
    for problem in result.unreadable:  # (the others are exported: said last, exit 1)
        click.echo(f"Error: {problem} (not exported)", err=True)
    if result.unreadable:
        ctx.exit(1)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--replace-reviewed",
    is_flag=True,
    help="Let a unit of a file without communique's marks (its tool dropped them) replace a "
    "reviewed translation (it stays in the translation memory) or a translator's unreviewed "
    "text.",
)
@click.pass_context
def import_command(
    ctx: click.Context, files: tuple[Path, ...], dry_run: bool, replace_reviewed: bool
) -> None:
    """Merge the translations of XLIFF files (2.x or 1.2 from 'communique export', or 1.1 from
    po2xliff) back into
    the catalogs: each unit to the entry of its English, or, where the English changed since
    the export, to the entry of the new English, for review against it; reviewed as the file
    says (final, reviewed, signed-off, approved), else waiting for review. Nothing is written
    if any file cannot be read; exits 1 if any unit was not applied.

    \b
    Example:
      communique import xliff/fr/*.xlf
      communique import --dry-run returned.xlf
      communique import --replace-reviewed from-another-tool.xlf
    """
    from communique.exchange.importing import describe, import_xliff

    command = None if dry_run else "communique import"
    with _workspace(ctx, command, dry_run=dry_run) as workspace:
        reports = import_xliff(workspace, files, replace_reviewed=replace_reviewed)
    for report in reports:
        for line in describe(report):
            click.echo(line)
    left = sum(len(report.not_applied) for report in reports)
    if dry_run:
        click.echo("(dry run: nothing was written)")
    if left:
        units = counted(left, "unit")
        raise click.ClickException(f"{units} not applied (see above)")


@cli.command("withdraw")
@click.argument("slug", required=False)
@click.option(
    "--locale",
    "-l",
    "locales",
    multiple=True,
    help="Only this language (BCP 47); repeat for several. Default: the whole release.",
)
@click.option("--undo", is_flag=True, help="Let the versions back online at the next build.")
@click.pass_context
def withdraw_command(
    ctx: click.Context, slug: str | None, locales: tuple[str, ...], undo: bool
) -> None:
    """Take a release, or its versions in some languages, offline on purpose. The withdrawal is
    recorded in published/<slug>.json (commit it): no later build brings the versions back
    until 'withdraw --undo'. The next build removes their pages and feed entries. With no
    release, --locale withdraws a language from every release (one the project no longer
    publishes in).

    \b
    Example:
      communique withdraw 2024-03-01-observers-deployed --locale fr
      communique withdraw 2024-03-01-observers-deployed          # every language
      communique withdraw 2024-03-01-observers-deployed --locale fr --undo
      communique withdraw --locale ru                            # every release
    """
    from communique.site.record import record_path, withdraw, withdraw_everywhere

    if slug is None and not locales:
        raise click.UsageError(
            "name a release, or a language (--locale) to withdraw from every release"
        )
    with _workspace(ctx, "communique withdraw") as workspace:
        if slug is None:
            every = withdraw_everywhere(workspace, locales, undo=undo)
        else:
            every = [withdraw(workspace, slug, locales, undo=undo)]
        source = workspace.settings.source_locale
    what = "back online" if undo else "withdrawn"
    for done in every:
        for locale in done.changed:
            scope = " (the whole release)" if locale == source else ""
            if locale in done.published:
                click.echo(f"{done.slug}: {locale}{scope}: {what} at the next build")
            elif undo:  # (never online: nothing comes back, it may go online)
                click.echo(
                    f"{done.slug}: {locale}{scope}: no longer withdrawn; it goes online when "
                    "it passes the gate"
                )
            else:
                click.echo(
                    f"{done.slug}: {locale}{scope}: withdrawn (it was not online): it stays "
                    "offline, whatever its catalog says, until 'withdraw --undo'"
                )
        for locale in done.unchanged:
            said = "not withdrawn: nothing to undo" if undo else f"already {what}"
            click.echo(f"{done.slug}: {locale}: {said}")
        if done.changed:
            click.echo(
                f"{record_path(done.slug)}: written; run 'communique build', and commit the record."
            )
    if slug is None and not every:
        click.echo(f"No release has a version in {', '.join(locales)} online: nothing to do.")


@cli.command("remove")
@click.argument("slug")
@click.pass_context
def remove_command(ctx: click.Context, slug: str) -> None:
    """Delete a release: its source, template, catalogs and publication record. The reviewed
    translations of its catalogs stay in the translation memory (they come back as drafts
    wherever a sentence is used again); the next build takes its pages offline. A catalog that
    cannot be read stops the removal, with nothing removed. What is left of a release whose
    source was deleted by hand is removed alike.

    \b
    Example:
      communique remove 2024-03-01-observers-deployed
    """
    from communique.workspace.moves import remove_release

    with _workspace(ctx, "communique remove") as workspace:
        moved = remove_release(workspace, slug)
    for path in moved.removed:
        click.echo(f"{path}: removed")
    click.echo(
        f"{moved.remembered} reviewed translations kept in the translation memory; "
        "run 'communique build' to take the pages offline."
    )


@cli.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_context
def rename_command(ctx: click.Context, old: str, new: str) -> None:
    """Rename a release: its source, template, catalogs and publication record move to the NEW
    slug together. The old slug goes into the release's front matter: as its id (when it had
    none), so feeds keep their entries, and among its aliases, so the build leaves a page at
    each old address that sends readers to the new one. The catalogs are then updated (their
    references name the new file); every translation stays as it was. A source already
    renamed by hand stays where it is, and the rest follows it.

    \b
    Example:
      communique rename 2024-03-01-observers 2024-03-01-observers-deployed
    """
    from communique.catalog.update import update
    from communique.workspace.moves import rename_release

    with _workspace(ctx, "communique rename") as workspace:
        moved = rename_release(workspace, old, new)
    for before, after in zip(moved.removed, moved.written, strict=True):
        click.echo(f"{before} → {after}")
    with _workspace(ctx, "communique rename") as workspace:
        # (Another release renamed or deleted by hand is for update and build to say.)
        plan = update(workspace, [new], sources_checked=True)
    changed = sum(catalog.changed for catalog in plan.catalogs)
    click.echo(
        f"{counted(changed, 'catalog')} updated (references to the new file); run "
        "'communique build'."
    )
    _fail_on_problems(plan.problems)


@cli.group("memory")
def memory_group() -> None:
    """The translation memory (.communique/memory.sqlite): every reviewed translation of the
    project's catalogs, and the memories of other tools imported from TMX. 'draft' offers its
    exact and fuzzy matches first.

    \b
    Example:
      communique memory import osce-2019-2023.tmx
      communique memory search "anti-trafficking coordinators" --locale fr
      communique memory export --out osce-press.tmx
      communique memory forget "The talks ended." --locale es
    """


@memory_group.command("export")
@format_option("tmx", "TMX 1.4b")
@out_option("Write the TMX there (default: standard output).", folder=False)
@click.pass_context
def memory_export_command(ctx: click.Context, file_format: str, out: Path | None) -> None:
    """Write every reviewed translation of the release catalogs as TMX 1.4b, for a CAT tool or
    another project: one unit per English sentence, with its translation in each target
    locale, dated from the catalogs' PO-Revision-Date. The same catalogs give the same file.

    \b
    Example:
      communique memory export --out osce-press.tmx
      communique memory export > osce-press.tmx
    """
    from communique.files import write_export
    from communique.translate.memory_exchange import export_tmx
    from communique.translate.tmx import TmxError

    with _workspace(ctx) as workspace:
        data, units = export_tmx(workspace)
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_export(out, data, project=workspace.project.root, error=TmxError)
    translations = sum(len(unit.versions) for unit in units)
    click.echo(f"{out}: {len(units)} units, {translations} translations", err=True)


@memory_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def memory_import_command(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Add translation memories in TMX (from Trados, memoQ, Phrase…) to the project's memory:
    'draft' then offers their matches ('draft: tm 100% from FILE.tmx'). Only translations into
    the target locales are kept (fr-FR serves fr); a translation imported before is not added
    again. Each file is read as a stream, and imported whole or, if it is malformed, not at all.

    \b
    Example:
      communique memory import osce-2019-2023.tmx
    """
    from communique.translate.memory_exchange import import_summary, import_tmx

    with _workspace(ctx, "communique memory import") as workspace:
        for path in files:
            click.echo(import_summary(import_tmx(workspace, path)))


@memory_group.command("search")
@click.argument("text")
@click.option(
    "--locale", "-l", required=True, help="Show the translations into this locale (BCP 47)."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Show at most this many translations.",
)
@click.pass_context
def memory_search_command(ctx: click.Context, text: str, locale: str, limit: int) -> None:
    """Show the memory's translations of the English sentences that are TEXT, are as like it
    as 'draft' asks (fuzzy), or contain it in any case, best first: score, how it matches,
    where it comes from (a release, a retired translation, an imported file), the English and
    the translation.

    \b
    Example:
      communique memory search "anti-trafficking coordinators" --locale fr
      communique memory search "The meeting convened 150 delegates." -l de --limit 3
    """
    from communique.translate.memory_exchange import describe_hit, search_memory

    # The memory is brought up to date with the catalogs on a copy: a search writes nothing.
    with _workspace(ctx, dry_run=True) as workspace:
        hits = search_memory(workspace, text, locale, limit)
        source = workspace.settings.source_locale
    for hit in hits:
        for line in describe_hit(hit, source, locale):
            click.echo(line)
    if not hits:
        click.echo(f"Nothing in the memory for {locale} like {text!r}.")


@memory_group.command("forget")
@click.argument("text")
@click.option("--locale", "-l", required=True, help="Forget translations into this locale.")
@click.option(
    "--translation",
    "target",
    metavar="TEXT",
    help="Forget this translation alone (default: every one of the sentence).",
)
@click.pass_context
def memory_forget_command(ctx: click.Context, text: str, locale: str, target: str | None) -> None:
    """Forget the memory's translations of the English sentence TEXT into a locale that no
    catalog holds reviewed: one a reviewer rejected (emptied or rewrote in its catalog) and
    'draft' would offer again, or one imported from TMX. A translation still reviewed in a
    catalog stays while it does: the catalogs are named, to change it there.

    \b
    Example:
      communique memory forget "The talks ended." --locale es
      communique memory forget "The talks ended." -l es --translation "Las charlas acabaron."
    """
    from communique.translate.draft import memory_sources

    with _workspace(ctx, "communique memory forget") as workspace:
        (code,) = workspace.locales([locale])
        memory = workspace.memory
        memory.refresh(memory_sources(workspace))
        gone, held = memory.forget(code, text, target)
    for match in gone:
        where = "retired from" if match.kind.value == "retired" else "imported from"
        click.echo(f"forgot ({where} {match.origin}): {match.target!r}")
    for path in held:
        click.echo(f"{path}: holds it reviewed, and it stays while it does: change it there")
    if not gone and not held:
        raise click.ClickException(
            f"the memory has no translation into {code} of {text!r}"
            + (f" that is {target!r}" if target is not None else "")
            + " (the English as the catalogs' msgid has it; 'communique memory search' finds it)"
        )


@cli.command("serve")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The port on 127.0.0.1 (0: any free one).",
)
@click.option("--drafts", is_flag=True, help="Serve the draft preview (output-drafts/).")
@click.option(
    "--status",
    "dashboard",
    is_flag=True,
    help="Serve the translation dashboard (output-status/, written by 'status --html').",
)
@out_option("Serve a site built with 'build --out DIR'.", folder=True)
@click.pass_context
def serve_command(
    ctx: click.Context, port: int, drafts: bool, dashboard: bool, out: Path | None
) -> None:
    """Preview the built site on http://127.0.0.1:PORT/, feeds with their content types; a
    folder without an index page is not found (no listing).

    \b
    Example:
      communique serve --port 8080
      communique serve --out /tmp/site
      communique serve --status
    """
    from communique.site.serve import make_server

    project = _project(ctx)
    if dashboard:
        folder = project.status_dir
    else:
        folder = out.resolve() if out is not None else project.output_dir(drafts=drafts)
    if not (folder / "index.html").is_file():
        build = "communique build" + (" --drafts" if drafts else "")
        build = f"{build} --out {out}" if out is not None else build
        build = "communique status --html" if dashboard else build
        raise click.ClickException(f"{project.relative(folder)} is not built yet: run '{build}'")
    try:
        server = make_server(folder, port)
    except OSError as error:
        taken = error.errno == errno.EADDRINUSE
        why = "is in use (another server?)" if taken else f"cannot be used: {error.strerror}"
        other = 8080 if port != 8080 else 8081
        raise click.ClickException(
            f"port {port} on 127.0.0.1 {why}: try 'communique serve --port {other}'"
        ) from None
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    click.echo(f"Serving {project.relative(folder)} at {address} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.group("glossary")
def glossary_group() -> None:
    """The project's glossary (locale/glossary.csv or locale/glossary.tbx).

    \b
    Example:
      communique glossary export --out osce-glossary.tbx
    """


@glossary_group.command("export")
@out_option("Write the TBX there (default: standard output).", folder=False)
@click.pass_context
def glossary_export_command(ctx: click.Context, out: Path | None) -> None:
    """Write the glossary as TBX-Basic, the termbase format Weblate and CAT tools import: each
    English term with its approved forms in the target languages and its note.

    \b
    Example:
      communique glossary export --out osce-glossary.tbx
    """
    from communique.files import write_export
    from communique.translate.glossary import GlossaryError, glossary_tbx

    with _workspace(ctx) as workspace:
        settings = workspace.settings
        organisation = settings.organisation.short_name or settings.organisation.name
        data = glossary_tbx(
            workspace.glossary, settings.source_locale, f"{organisation}: glossary, by communique"
        )
    terms = len(workspace.glossary.terms)
    if not terms:  # (still written: a valid, empty termbase)
        click.echo(
            "The project has no glossary yet (locale/glossary.csv or locale/glossary.tbx; see "
            "the README): the termbase has no term.",
            err=True,
        )
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_export(out, data, project=workspace.project.root, error=GlossaryError)
    click.echo(f"{out}: {counted(terms, 'term')}", err=True)


@cli.command("publish")
@fail_on_option
@now_option
@click.pass_context
def publish_command(
    ctx: click.Context, fail_on: tuple[str, ...], now: datetime.datetime | None
) -> None:
    """Run the whole pipeline: extract, update, draft, check and build, and write the staff's
    translation dashboard (output-status/, not public); then say what was published in each
    language, what stays online as last published, and what is waiting for review. Exit 1 if a
    file cannot be read (the rest is published).

    \b
    Example:
      communique publish
      communique publish --fail-on stale
    """
    from communique.publish import publish, summary

    for warning in placeholders(_project(ctx).settings):
        click.echo(f"Warning: {warning}", err=True)
    _warn_if_ahead(now)
    bar, finish = _progress_bar()
    try:
        with _workspace(ctx, "communique publish", now=now) as workspace:
            report = publish(
                workspace, step=lambda text: click.echo(f"• {text}…", err=True), progress=bar
            )
    finally:
        finish()
    for line in summary(report):
        click.echo(line)
    index = report.build.out / "index.html"
    if report.build.published:
        click.echo(f"Open {index} in a browser, or run 'communique serve'.")
    elif not workspace.sources:  # (the site has its front page, with no release on it)
        click.echo(f"Nothing is online yet: source/ has no release: {index}.")
    else:
        click.echo(f"Nothing is online yet (see above what each release waits for): {index}.")
    status = workspace.project.status_dir / "index.html"
    click.echo(f"The translation dashboard (staff only, not public): {status}.")
    # Every file that could not be read, once, whichever stage met it first.
    report.build.problems[:0] = [
        *report.update.problems,
        *(p for s in report.drafts for p in s.unreadable),
    ]
    report.build.problems[:] = list(dict.fromkeys(report.build.problems))
    _build_outcome(report.build, fail_on)


#: When the cyclic garbage collector runs (allocations, then collections of each younger
#: generation): rarely. A command builds hundreds of thousands of objects that live until it
#: ends (the last build's versions, parsed catalogs); at Python's defaults (700, 10, 10) the
#: collector walked them all again and again, a quarter of the CPU time of a rebuild after
#: one edit. Reference counting frees nearly everything else at once.
GC_THRESHOLDS = (100_000, 50, 50)


def main() -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        cli(prog_name="communique")
    finally:
        # What is alive now lives until the process ends: no need to look for cycles in it
        # once more when the interpreter shuts down.
        gc.freeze()
