"""``publish``: the whole pipeline over one workspace — extract, update, draft, check, build,
and the staff's dashboard — and what came of it. Each file is read once: every stage works on
what the one before left in the workspace; the catalogs are saved once, after drafting, and
the site is built from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from communique.catalog.update import UpdatePlan, update
from communique.errors import shortened
from communique.qa.findings import Severity
from communique.qa.gate import CatalogReview, review_project
from communique.site.build import BuildReport, build, published_summary, unannounced_changes
from communique.site.dashboard import online_after, write_dashboard
from communique.translate.draft import LocaleSummary, Progress, draft, draft_summary
from communique.workspace import Workspace


@dataclass(frozen=True)
class PublishReport:
    """Each stage's result, for the summary."""

    update: UpdatePlan
    drafts: list[LocaleSummary]
    reviews: list[CatalogReview]
    build: BuildReport


def publish(
    workspace: Workspace,
    *,
    step: Callable[[str], None] = lambda _: None,
    progress: Progress | None = None,
) -> PublishReport:
    """Run every stage on the whole project; ``step`` is told when each one starts. A record
    that cannot be read stops it before the first: the build would stop at it, after the
    catalogs were changed."""
    _records_readable(workspace)
    step("Extracting templates and updating catalogs")
    plan = update(workspace)
    step("Drafting translations")
    drafts = draft(workspace, progress=progress)
    workspace.save()
    step("Checking translations")
    reviews = review_project(workspace)
    step("Building the site")
    built = build(workspace)
    step("Writing the translation dashboard (staff only)")
    write_dashboard(workspace, workspace.project.status_dir, online_after(built))
    return PublishReport(plan, drafts, reviews, built)


def _records_readable(workspace: Workspace) -> None:
    from communique.site.record import RecordError, in_the_way, read_record, recorded_slugs

    for slug in recorded_slugs(workspace.files):
        try:
            read_record(workspace.files, slug)
        except RecordError as error:
            consequence = (
                "publish changed nothing: mend it first (built without it, the versions it "
                "keeps online would go offline)"
            )
            raise in_the_way(error, consequence) from None


def summary(report: PublishReport) -> list[str]:
    """What was published in each language, what waits for review and why."""
    lines = []
    changed = sum(c.changed for c in report.update.catalogs)
    drafted = sum(s.drafted for s in report.drafts)
    failed = sum(s.failed for s in report.drafts)
    # Once each, as 'check' counts them: a release that cannot be read is one error of its
    # file, not one per language.
    found = {
        f
        for r in report.reviews
        for f in r.findings
        if not f.fuzzy and f.severity is Severity.ERROR
    }
    # A release that cannot be read is no translator's error: said apart.
    unreadable = sum(1 for f in found if f.path.startswith("source/"))
    lines.append(
        f"Catalogs updated: {changed}; drafts made: {drafted} ({failed} failed); "
        f"errors in reviewed entries: {len(found) - unreadable}"
        + (f"; releases that cannot be read: {unreadable}" if unreadable else "")
    )
    for catalog in report.update.catalogs:
        for match in catalog.report.fuzzy:
            if match.dropped:
                lines.append(
                    f"{catalog.path}: dropped #, {', '.join(match.dropped)}, set for the English "
                    f"that was: {shortened(match.msgid, 60)!r}"
                )
    for locale_summary in report.drafts:
        said = locale_summary.drafted or locale_summary.failed or locale_summary.errors
        if said or (locale_summary.note and locale_summary.undrafted):
            lines += draft_summary(locale_summary).splitlines()
    lines += unannounced_changes(report.build)
    lines += published_summary(report.build)
    return lines
