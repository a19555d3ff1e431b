"""The translation dashboard, for staff: each release in each locale, how far it is, and what
stands in the way. One page per year of releases (a change touches one of them), and an index
with each language's totals.

It names releases that are not public (embargoed, drafts, waiting for review) and the
project's files, so it is never part of the public site: ``communique status --html`` writes
it into a folder of its own (``output-status/``), which ``communique serve --status`` serves.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from communique.errors import SourceError
from communique.files import digest
from communique.qa.findings import Severity
from communique.qa.gate import CatalogReview, Verdict
from communique.site.context import SiteContext
from communique.site.html import Fields, locale_name_in
from communique.site.outputs import Output, Writer, WriteReport, owns
from communique.site.urls import release_path
from communique.workspace import Workspace

if TYPE_CHECKING:
    from communique.site.build import BuildReport


@dataclass(frozen=True)
class Row:
    """A release on the dashboard: its English title, and each locale's review key, verdict
    and state (:func:`state`)."""

    slug: str
    year: int
    title: str
    cells: tuple[tuple[str, str, Verdict, str], ...]
    #: Whether its English is in the public site (not under embargo, not a draft): its
    #: title links there only then.
    public: bool = True


def state(online: str, publishable: bool) -> str:
    """A version's state in a word or three, from where it stands online (``status``'s
    ``online``) and the gate's verdict: what staff need to know first."""
    if online == "withdrawn" or online == "draft":
        return online
    if online == "unknown":  # (its record cannot be read: no build runs until it is mended)
        return "record unreadable"
    if online.startswith("embargoed"):
        return "embargoed"
    if online == "record":
        return "online as last published"
    return "published" if publishable and online == "yes" else "waiting"


#: The states of a version that readers can read, and of one that waits for translators.
ONLINE = ("published", "online as last published")
WAITING = ("waiting", "online as last published")


def dashboard(
    context: SiteContext,
    rows: Sequence[Row],
    locales: Sequence[str],
    reviews: Callable[[Sequence[str]], Mapping[str, CatalogReview]],
) -> list[Output]:
    """The index and one page per year; ``reviews`` gives the full reviews by key."""
    published: Counter[str] = Counter()
    # Versions that wait for translators (online as last published among them), and those
    # readers read or wait for: not a withdrawn one, nor one of a draft or an embargoed release.
    left: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    waiting: Counter[int] = Counter()
    by_year: dict[int, list[Row]] = {}
    for row in rows:  # one pass: 2,000 releases of 7 cells each
        by_year.setdefault(row.year, []).append(row)
        for locale, _, _, word in row.cells:
            if word in ONLINE:
                published[locale] += 1
            if word in WAITING:
                left[locale] += 1
                waiting[row.year] += 1
            if word in ONLINE or word in WAITING:
                counted[locale] += 1
    years = sorted(by_year, reverse=True)
    by_year = {year: by_year[year] for year in years}
    summary = [(locale, published[locale], left[locale], counted[locale]) for locale in locales]
    outputs = [
        Output(
            "index.html",
            "translation dashboard",
            ("dashboard", summary, [(y, len(by_year[y]), waiting[y]) for y in years]),
            lambda: render_index(context, summary, years, by_year, waiting),
        )
    ]
    for year in years:
        year_rows = by_year[year]
        outputs.append(
            Output(
                f"{year}/index.html",
                f"translation dashboard ({year})",
                (
                    "dashboard year",
                    year,
                    list(locales),
                    [
                        (r.slug, r.title, r.public, [(c[1], c[3]) for c in r.cells])
                        for r in year_rows
                    ],
                ),
                lambda year=year, year_rows=year_rows: render_year(  # type: ignore[misc]
                    context, year, year_rows, locales, reviews
                ),
                cost=len(year_rows) * max(len(locales), 1),
            )
        )
    return outputs


def render_index(
    context: SiteContext,
    summary: Sequence[tuple[str, int, int, int]],
    years: Sequence[int],
    by_year: Mapping[int, Sequence[Row]],
    waiting: Mapping[int, int],
) -> str:
    return _render(
        context,
        depth=0,
        title="Translation status",
        heading="Translation status",
        languages=[
            Fields(
                lang=locale,
                name=locale_name_in(locale, context.source),
                published=done,
                waiting=left,
                total=total,
                published_pct=round(100 * done / max(total, 1), 1),
            )
            for locale, done, left, total in summary
        ],
        years=[
            Fields(
                year=year,
                href=f"{year}/",
                releases=len(by_year[year]),
                waiting=waiting[year],
            )
            for year in years
        ],
    )


def _render(
    context: SiteContext,
    *,
    depth: int,
    title: str,
    heading: str,
    languages: Sequence[Fields] = (),
    years: Sequence[Fields] = (),
    locales: Sequence[str] = (),
    rows: Sequence[Fields] = (),
) -> str:
    """A page of the dashboard (the summary, or a year's table): staff only, not indexed, as
    wide as the screen lets it be."""
    return context.render(
        "dashboard.html",
        lang=context.source,
        depth=depth,
        title=f"{title} — {context.name_in(context.source)}",
        canonical=None,
        noindex=True,
        own_feeds=[],
        wide=True,
        heading=heading,
        languages=languages,
        years=years,
        locales=[Fields(lang=tag, name=locale_name_in(tag, context.source)) for tag in locales],
        rows=rows,
    )


def render_year(
    context: SiteContext,
    year: int,
    rows: Sequence[Row],
    locales: Sequence[str],
    reviews: Callable[[Sequence[str]], Mapping[str, CatalogReview]],
) -> str:
    found = reviews([cell[1] for row in rows for cell in row.cells])
    table = []
    for row in rows:
        cells = []
        for locale, key, _, word in row.cells:
            review = found[key]
            p = review.progress
            total = max(p.segments, 1)
            reviewed_findings = [f for f in review.findings if not f.fuzzy]
            cells.append(
                Fields(
                    name=locale_name_in(locale, context.source),
                    publishable=review.verdict.publishable,
                    state=word,
                    reasons=[] if review.verdict.publishable else list(review.verdict.reasons),
                    reviewed=p.reviewed,
                    fuzzy=p.fuzzy,
                    untranslated=p.untranslated,
                    total=p.segments,
                    reviewed_pct=round(100 * p.reviewed / total, 1),
                    fuzzy_pct=round(100 * p.fuzzy / total, 1),
                    errors=sum(1 for f in reviewed_findings if f.severity is Severity.ERROR),
                    warnings=sum(1 for f in reviewed_findings if f.severity is Severity.WARNING),
                    findings=[str(f) for f in review.findings],
                    # (A catalog not there yet, or that cannot be read: no figure is known.)
                    known=review.exists and review.readable,
                )
            )
        table.append(
            Fields(
                slug=row.slug,
                title=row.title,
                href=context.site.url(release_path(context.source, row.slug))
                if row.public
                else None,
                cells=cells,
            )
        )
    return _render(
        context,
        depth=1,
        title=f"Translation status, {year}",
        heading=f"Translation status: {year}",
        locales=locales,
        rows=table,
    )


def online_after(report: BuildReport) -> dict[tuple[str, str], str]:
    """Where each version stands online after a build, as ``status`` says it (``yes``,
    ``record``, ``withdrawn``, ``draft``, ``embargoed until …``): what the build knows, so
    ``publish`` reads no record again for its dashboard."""
    found: dict[tuple[str, str], str] = {}
    for locale, slugs in report.published.items():
        found.update(dict.fromkeys(((slug, locale) for slug in slugs), "yes"))
    for slug, locale, _ in report.from_record:
        found[slug, locale] = "record"
    for slug, locale in report.withdrawn:
        found[slug, locale] = "withdrawn"
    hidden = {slug: f"embargoed until {moment}" for slug, moment in report.embargoed}
    hidden.update(dict.fromkeys(report.drafts, "draft"))
    return {**found, **{(slug, ""): word for slug, word in hidden.items()}}


def _public(workspace: Workspace, slug: str, online: Mapping[tuple[str, str], str]) -> bool:
    """Whether a release's English page is in the public site: not kept out whole (an
    embargo, a draft: as the build says it, or status of each version), nor withdrawn whole
    (the record says so where every translation is withdrawn)."""
    from communique.site.record import RecordError, read_record

    source, targets = workspace.settings.source_locale, workspace.settings.target_locales
    said = [online.get((slug, key), "") for key in ("", source, *targets)]
    if any(word in ("draft", "withdrawn") or word.startswith("embargoed") for word in said[:2]):
        return False
    if any(word == "draft" or word.startswith("embargoed") for word in said):
        return False
    if targets and all(word == "withdrawn" for word in said[2:]):
        try:
            record = read_record(workspace.files, slug)
        except RecordError:
            return True
        return record is None or not record.is_withdrawn(source, source)
    return True


def write_dashboard(
    workspace: Workspace, out: Path, online: Mapping[tuple[str, str], str]
) -> WriteReport:
    """Check every catalog and write the dashboard into ``out``: only the pages whose content
    changed, staged and moved into place together, as a build does; nothing else in ``out``.
    ``online``: where each version stands, by (slug, locale), ``status``'s words; a release
    kept out whole (embargo, draft) under (slug, ""); a version not named is not online."""
    from communique.qa.gate import review_key, review_project
    from communique.site.build import site_context, site_key, stylesheet

    reviews = review_project(workspace)
    by_key = {review_key(workspace, r.slug, r.locale): r for r in reviews}
    keys = {(r.slug, r.locale): key for key, r in by_key.items()}
    rows = []
    for slug in workspace.sources:
        try:
            release = workspace.release(slug)
            title, year = release.title or slug, release.date.year
        except SourceError as error:  # (under the year its name begins with, if it does)
            dated = re.match(r"(\d{4})-", slug)
            title, year = f"{slug} ({error})", int(dated[1]) if dated else 0
        cells = []
        for locale in workspace.settings.target_locales:
            verdict = by_key[keys[slug, locale]].verdict
            where = online.get((slug, "")) or online.get((slug, locale), "no")
            word = state(where, verdict.publishable)
            cells.append((locale, keys[slug, locale], verdict, word))
        rows.append(Row(slug, year, title, tuple(cells), public=_public(workspace, slug, online)))
    context = site_context(workspace, preview=False, pieces=lambda version: (), locales=[])
    style = stylesheet(workspace)
    outputs = dashboard(context, rows, workspace.settings.target_locales, lambda _: by_key)
    outputs.append(Output("style.css", "stylesheet", ("style", digest(style)), lambda: style))
    site_id = str(out.resolve())
    previous = workspace.cache.outputs(site_id)
    writer = Writer(
        out.resolve(),
        previous,
        owned=owns(out.resolve(), workspace.project.status_dir),
        # Only its pages and stylesheet (an .htaccess that keeps it for staff is hidden).
        sweepable=lambda path: path.endswith((".html", ".css")),
    )
    writer.discard()
    common = site_key(workspace, False)
    try:
        for output in outputs:
            writer.claim(output)
            key = output.key(common)
            if not writer.current(output.path, key):
                writer.add(output.path, key, output.render())
    except BaseException:
        writer.discard()
        raise
    writer.commit()
    workspace.cache.replace_outputs(site_id, writer.made, previous)
    workspace.cache.flush()
    return writer.report
