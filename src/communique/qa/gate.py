"""The publishing gate: may a release be published in a language, and if not, why not.

A language version is published when enough of it is reviewed (every segment by default;
``publishing.min_complete`` lowers the bar, the rest then shows in English) and no error-level
check fails on a reviewed entry. Drafts (fuzzy entries) are checked for the translator's sake
but never count here. ``status``, ``check`` and the build all ask this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from communique.catalog import Catalog
from communique.catalog.extract import TemplatePlan, plan_templates
from communique.catalog.reader import read_catalog
from communique.catalog.stats import Progress, progress
from communique.catalog.update import target_locales
from communique.project import Project
from communique.qa.checks import check_catalog
from communique.qa.findings import Finding, Severity
from communique.translate.glossary import load_glossary


@dataclass(frozen=True)
class Verdict:
    """The gate's answer for one release in one locale."""

    publishable: bool
    reasons: tuple[str, ...]
    reviewed_percent: float
    errors: int


def verdict(catalog: Catalog, findings: Sequence[Finding], min_complete: int = 100) -> Verdict:
    """Whether a catalog may be published, and every reason it may not."""
    counts = progress(catalog)
    errors = [f for f in findings if f.severity is Severity.ERROR and not f.fuzzy]
    reasons: list[str] = []
    if counts.segments == 0:
        reasons.append("the catalog is empty")
    elif counts.percent_reviewed < min_complete:
        missing = []
        if counts.untranslated:
            missing.append(f"{counts.untranslated} untranslated")
        if counts.fuzzy:
            missing.append(f"{counts.fuzzy} fuzzy")
        needs = "all" if min_complete == 100 else f"{min_complete}%"
        reasons.append(
            f"{', '.join(missing)} of {counts.segments} segments "
            f"({counts.percent_reviewed:.0f}% reviewed, {needs} needed)"
        )
    if errors:
        reasons.append(f"{len(errors)} error{'s' if len(errors) > 1 else ''} in reviewed entries")
    return Verdict(not reasons, tuple(reasons), counts.percent_reviewed, len(errors))


@dataclass(frozen=True)
class CatalogReview:
    """One release in one locale: its progress, its findings and the gate's verdict."""

    slug: str
    locale: str
    path: str
    exists: bool
    progress: Progress
    findings: tuple[Finding, ...]
    verdict: Verdict
    catalog: Catalog | None = None


def review_project(
    project: Project,
    slugs: Sequence[str] = (),
    locales: Sequence[str] = (),
    *,
    templates: Sequence[TemplatePlan] | None = None,
) -> list[CatalogReview]:
    """Check every catalog of the given releases and locales (all by default) and judge it."""
    return list(iter_reviews(project, slugs, locales, templates=templates))


def iter_reviews(
    project: Project,
    slugs: Sequence[str] = (),
    locales: Sequence[str] = (),
    *,
    templates: Sequence[TemplatePlan] | None = None,
) -> Iterator[CatalogReview]:
    """The reviews one at a time, release by release: a large archive is never all in memory."""
    settings = project.settings
    chosen = target_locales(project, locales)
    glossary = load_glossary(project.locale_dir, settings.target_locales, display_root=project.root)
    for template in (
        templates if templates is not None else plan_templates(project, slugs, compare=False)
    ):
        slug = template.release.slug
        for locale in chosen:
            path = project.catalog_path(slug, locale)
            display = project.relative(path)
            if not path.is_file():
                counts = progress(template.catalog)
                missing = Verdict(False, ("no catalog yet (run 'communique update')",), 0.0, 0)
                yield CatalogReview(slug, locale, display, False, counts, (), missing)
                continue
            catalog = read_catalog(path, display=display)
            findings = check_catalog(
                catalog,
                path=display,
                locale=locale,
                markup=template.release.markup,
                glossary=glossary,
            )
            judged = verdict(catalog, findings, settings.publishing.min_complete)
            yield CatalogReview(
                slug, locale, display, True, progress(catalog), tuple(findings), judged, catalog
            )
