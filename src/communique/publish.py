"""``publish``: the whole pipeline — extract, update, draft, check, build — and what came of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from communique.catalog.update import UpdatePlan, update
from communique.project import Project
from communique.qa.gate import CatalogReview, review_project
from communique.site.build import BuildReport, build, published_summary
from communique.translate.draft import LocaleSummary, Progress, draft, draft_summary


@dataclass(frozen=True)
class PublishReport:
    """Each stage's result, for the summary."""

    update: UpdatePlan
    drafts: list[LocaleSummary]
    reviews: list[CatalogReview]
    build: BuildReport


def publish(
    project: Project,
    *,
    step: Callable[[str], None] = lambda _: None,
    progress: Progress | None = None,
) -> PublishReport:
    """Run every stage on the whole project; ``step`` is told when each one starts."""
    step("Extracting templates and updating catalogs")
    plan = update(project)
    step("Drafting translations")
    drafts = draft(project, progress=progress)
    step("Checking translations")
    reviews = review_project(project)
    step("Building the site")
    built = build(project)
    return PublishReport(plan, drafts, reviews, built)


def summary(report: PublishReport) -> list[str]:
    """What was published in each language, what waits for review and why."""
    lines = []
    changed = sum(c.changed for c in report.update.catalogs)
    drafted = sum(s.drafted for s in report.drafts)
    failed = sum(s.failed for s in report.drafts)
    errors = sum(
        1 for r in report.reviews for f in r.findings if not f.fuzzy and f.severity == "error"
    )
    lines.append(
        f"Catalogs updated: {changed}; drafts made: {drafted} ({failed} failed); "
        f"errors in reviewed entries: {errors}"
    )
    for locale_summary in report.drafts:
        if locale_summary.drafted or locale_summary.failed or locale_summary.note:
            lines += draft_summary(locale_summary).splitlines()
    lines += published_summary(report.build)
    return lines
