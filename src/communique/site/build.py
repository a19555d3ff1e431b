"""``build``: the site in ``output/`` — deterministic, incremental, and only what passed the gate.

Each output is computed in turn, under a guard that refuses two outputs for one path; one whose
bytes changed is written to a staging folder beside the output folder, and only when every
output has been made are the staged files moved into place and the files a previous build made
and this one does not removed. A build that fails (a broken project template, two outputs for
one path) leaves the site as it was. A build whose inputs (configuration, releases, catalogs,
glossary, templates) have not changed since the last one — by size and time — writes nothing.
Dates come from the releases and the catalogs' ``PO-Revision-Date``, never from the clock.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import json
import shutil
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from jinja2 import TemplateError

from communique import __version__
from communique.catalog.extract import plan_templates
from communique.errors import CommuniqueError
from communique.files import write_atomic_bytes
from communique.lock import project_lock
from communique.project import Project
from communique.qa.gate import CatalogReview, iter_reviews
from communique.site.feeds import atom, rss
from communique.site.listings import (
    State,
    language_feed,
    newest_first,
    render_dashboard,
    render_index,
    render_root,
    render_state,
    sitemap,
    state_feed,
    territory_name,
)
from communique.site.localize import Version, localize
from communique.site.pages import PageCommon, environment, render_release, template_error
from communique.site.states import state_languages
from communique.site.urls import (
    Site,
    feed_path,
    page_file,
    release_path,
    state_feed_path,
    state_path,
)
from communique.translate.glossary import Glossary, load_glossary

MANIFEST_VERSION = 1


class BuildError(CommuniqueError):
    """The site cannot be built as asked."""


@dataclass
class BuildReport:
    """What a build did and what it published."""

    out: Path
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: bool = False
    #: locale → slugs published in it.
    published: dict[str, list[str]] = field(default_factory=dict)
    #: (slug, locale, reasons) for versions that are not published.
    waiting: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)


class _Outputs:
    """Stages each output as it is made, if its bytes changed; a second producer for a path is
    an error. Nothing is held in memory but the paths; nothing reaches ``out`` before
    :meth:`commit`, and :meth:`discard` forgets what was staged."""

    def __init__(self, out: Path, report: BuildReport) -> None:
        self.out = out
        self.report = report
        self.producers: dict[str, str] = {}
        self.staging = out.parent / f".{out.name}.staging"
        self.folders: set[Path] = set()  # made in the staging folder

    def add(self, path: str, data: str | bytes, producer: str) -> None:
        if path in self.producers:
            raise BuildError(
                f"two outputs would write {path}: {self.producers[path]} and {producer}"
            )
        self.producers[path] = producer
        content = data.encode("utf-8") if isinstance(data, str) else data
        try:
            if (self.out / path).read_bytes() == content:
                self.report.unchanged += 1
                return
        except FileNotFoundError:
            pass
        staged = self.staging / path
        if staged.parent not in self.folders:
            staged.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(staged.parent)
        staged.write_bytes(content)
        self.report.written.append(path)

    def commit(self) -> None:
        """Move the staged files into place, each replacing its old version in one step."""
        for path in self.report.written:
            target = self.out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            staged = self.staging / path
            with contextlib.suppress(FileNotFoundError):
                staged.chmod(target.stat().st_mode & 0o777)
            staged.replace(target)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.folders.clear()


def _fingerprint(project: Project, drafts: bool) -> str:
    digest = hashlib.sha256(f"{__version__}|{drafts}|{MANIFEST_VERSION}".encode())
    package = resources.files("communique")
    folders: list[Path] = [project.source_dir, project.locale_dir, project.root / "templates"]
    folders += [Path(str(package / "templates")), Path(str(package / "data"))]
    files = [project.root / "communique.toml"]
    for folder in folders:
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        stat = path.stat()
        digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _manifest_path(project: Project, out: Path) -> Path:
    name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return project.state_dir / "builds" / f"{name}.json"


def _load_manifest(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _outputs_intact(out: Path, recorded: object) -> bool:
    if not isinstance(recorded, dict):
        return False
    for path, (size, mtime) in recorded.items():
        try:
            stat = (out / path).stat()
        except FileNotFoundError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return False
    return True


def build(project: Project, *, drafts: bool = False, out: Path | None = None) -> BuildReport:
    """Build the site (``--drafts``: a preview with drafts, into ``output-drafts/``)."""
    out = (out or project.root / ("output-drafts" if drafts else "output")).resolve()
    report = BuildReport(out)
    manifest_path = _manifest_path(project, out)
    manifest = _load_manifest(manifest_path)
    fingerprint = _fingerprint(project, drafts)
    if manifest.get("fingerprint") == fingerprint and _outputs_intact(out, manifest.get("files")):
        report.skipped = True
        previous = manifest.get("report", {})
        if isinstance(previous, dict):
            report.published = previous.get("published", {})
            report.waiting = [tuple(w) for w in previous.get("waiting", [])]
        report.unchanged = len(manifest.get("files", {}))  # type: ignore[arg-type]
        return report
    with project_lock(project, "communique build"):
        outputs = _Outputs(out, report)
        outputs.discard()  # what a killed build may have left
        try:
            _render(project, drafts, report, outputs)
        except TemplateError as error:
            outputs.discard()
            raise template_error(error, project.root) from None
        except BaseException:
            outputs.discard()
            raise
        outputs.commit()
        _remove_stale(out, set(outputs.producers), manifest, report)
        _save_manifest(manifest_path, fingerprint, out, outputs, report)
    return report


def _save_manifest(
    manifest_path: Path, fingerprint: str, out: Path, outputs: _Outputs, report: BuildReport
) -> None:
    recorded = {
        path: [(out / path).stat().st_size, (out / path).stat().st_mtime_ns]
        for path in sorted(outputs.producers)
    }
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic_bytes(
        manifest_path,
        json.dumps(
            {
                "fingerprint": fingerprint,
                "files": recorded,
                "report": {"published": report.published, "waiting": report.waiting},
            },
            ensure_ascii=False,
            indent=1,
        ).encode("utf-8"),
    )


def _remove_stale(
    out: Path, made: set[str], manifest: dict[str, object], report: BuildReport
) -> None:
    """Remove what the previous build made and this one did not (an unpublished version)."""
    previous = manifest.get("files", {})
    for path in sorted(previous if isinstance(previous, dict) else {}):
        if path not in made and (out / path).is_file():
            (out / path).unlink()
            report.removed.append(path)


def _site_name(glossary: Glossary, name: str, locale: str) -> str:
    """The organisation's short name as the glossary approves it for a language (OSZE)."""
    for match in glossary.find(name, locale):
        if match.start == 0 and match.end == len(name):
            return match.approved(locale) or name
    return name


def _render(project: Project, drafts: bool, report: BuildReport, outputs: _Outputs) -> None:
    settings = project.settings
    organisation = settings.organisation
    source = settings.source_locale
    templates = plan_templates(project, compare=False)
    glossary = load_glossary(project.locale_dir, settings.target_locales, display_root=project.root)
    site = Site(organisation.base_url, organisation.domain, organisation.domain_since)
    env = environment(project.root / "templates")
    by_release: dict[str, list[Version]] = defaultdict(list)
    for template in templates:
        release = template.release
        by_release[release.slug].append(
            localize(release, source, None, timezone=organisation.timezone, source_language=source)
        )
    releases = {template.release.slug: template.release for template in templates}
    reviews = []
    for review in iter_reviews(project, templates=templates):
        release = releases[review.slug]
        if _built(review, drafts):
            by_release[release.slug].append(
                localize(
                    release,
                    review.locale,
                    review.catalog,
                    timezone=organisation.timezone,
                    drafts=drafts,
                    source_language=source,
                )
            )
        if not review.verdict.publishable:
            report.waiting.append((release.slug, review.locale, review.verdict.reasons))
        reviews.append(dataclasses.replace(review, catalog=None))  # done with the catalog
    epoch = _since(organisation.domain_since)

    names = {
        locale: _site_name(glossary, organisation.display_name, locale)
        for locale in [source, *settings.target_locales]
    }

    def common(depth: int, locale: str) -> PageCommon:
        name = names.get(locale) or _site_name(glossary, organisation.display_name, locale)
        return PageCommon(site, name, name, depth, source, names=names)

    by_locale: dict[str, list[Version]] = defaultdict(list)
    for slug, versions in by_release.items():
        for version in versions:
            by_locale[version.locale].append(version)
            page = render_release(env, common(2, version.locale), version, versions, preview=drafts)
            outputs.add(
                page_file(release_path(version.locale, slug)),
                page,
                f"release {slug} ({version.locale})",
            )
    locales = sorted(by_locale)
    for locale, versions in by_locale.items():
        report.published[locale] = sorted(v.release.slug for v in versions)
        page = render_index(env, common(1, locale), locale, versions, locales, preview=drafts)
        outputs.add(page_file(f"{locale}/"), page, f"index ({locale})")
        newest = newest_first(versions)[: settings.publishing.feed_entries]
        feed = language_feed(common(1, locale), locale, newest, epoch)
        outputs.add(feed_path(locale, "atom"), atom(feed), f"Atom feed ({locale})")
        outputs.add(feed_path(locale, "rss"), rss(feed), f"RSS feed ({locale})")
    states = _states(project, by_release, source)
    for state in states:
        outputs.add(
            page_file(state_path(state.code)),
            render_state(env, common(2, source), state, preview=drafts),
            f"state {state.code}",
        )
        feed = state_feed(common(2, source), state, epoch, settings.publishing.feed_entries)
        outputs.add(state_feed_path(state.code, "atom"), atom(feed), f"Atom feed ({state.code})")
        outputs.add(state_feed_path(state.code, "rss"), rss(feed), f"RSS feed ({state.code})")
    counts = {locale: len(versions) for locale, versions in by_locale.items()}
    outputs.add(
        "index.html",
        render_root(env, common(0, source), counts, states, preview=drafts),
        "root page",
    )
    titles = {
        t.release.slug: t.release.title for t in sorted(templates, key=lambda t: t.release.slug)
    }
    dashboard = render_dashboard(env, common(1, source), titles, reviews, settings.target_locales)
    outputs.add("status/index.html", dashboard, "translation dashboard")
    outputs.add("sitemap.xml", sitemap(common(0, source), by_release, source), "sitemap")
    outputs.add("style.css", _stylesheet(project), "stylesheet")


def _since(value: str) -> datetime.datetime:
    """The ``domain_since`` year or date as a moment: the date of an empty feed."""
    parts = [*value.split("-"), "01", "01"][:3]
    return datetime.datetime(int(parts[0]), int(parts[1]), int(parts[2]), tzinfo=datetime.UTC)


def _built(review: CatalogReview, drafts: bool) -> bool:
    if review.catalog is None:
        return False
    if drafts:
        return any(m.msgstr for m in review.catalog.messages if not m.obsolete)
    return review.verdict.publishable


def _states(project: Project, by_release: dict[str, list[Version]], source: str) -> list[State]:
    states = []
    targets = project.settings.target_locales
    for member in project.settings.member_states:
        languages = state_languages(member, targets)
        chosen: list[Version] = []
        for versions in by_release.values():
            in_language = [v for language in languages for v in versions if v.locale == language]
            chosen += in_language or [v for v in versions if v.locale == source]
        states.append(State(member.code, territory_name(member.code), tuple(chosen)))
    return states


def _stylesheet(project: Project) -> bytes:
    custom = project.root / "templates" / "style.css"
    if custom.is_file():
        return custom.read_bytes()
    return (resources.files("communique") / "templates" / "style.css").read_bytes()


def published_summary(report: BuildReport, limit: int = 10) -> Iterable[str]:
    """Lines for the end of a run: what is online in each language, and (the first ``limit``
    of) the versions waiting for review, with the reasons."""
    for locale in sorted(report.published):
        count = len(report.published[locale])
        yield f"Published in {locale}: {count} release{'s' if count != 1 else ''}"
    for slug, locale, reasons in report.waiting[:limit]:
        yield f"Waiting in {locale}: {slug}: {'; '.join(reasons)}"
    if len(report.waiting) > limit:
        yield f"… and {len(report.waiting) - limit} more waiting: see 'communique status'"
