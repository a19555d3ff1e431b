"""The translation dashboard, for staff: each release in each locale, how far it is, and what
stands in the way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from communique.qa.findings import Severity
from communique.qa.gate import CatalogReview
from communique.site.context import SiteContext
from communique.site.outputs import Output
from communique.site.urls import release_path


def dashboard(
    context: SiteContext,
    titles: Mapping[str, str],
    reviews: Mapping[tuple[str, str], tuple[str, CatalogReview]],
    locales: Sequence[str],
) -> Output:
    """``reviews``: (release, locale) → (the review's key, the review)."""
    review_keys = [[slug, locale, key] for (slug, locale), (key, _) in sorted(reviews.items())]
    return Output(
        "status/index.html",
        "translation dashboard",
        ("dashboard", sorted(titles.items()), review_keys, list(locales)),
        lambda: render_dashboard(context, titles, reviews, locales),
    )


def render_dashboard(
    context: SiteContext,
    titles: Mapping[str, str],
    reviews: Mapping[tuple[str, str], tuple[str, CatalogReview]],
    locales: Sequence[str],
) -> str:
    rows = []
    for slug, title in sorted(titles.items()):
        cells = []
        for locale in locales:
            _, review = reviews[slug, locale]
            p = review.progress
            total = max(p.segments, 1)
            reviewed_findings = [f for f in review.findings if not f.fuzzy]
            cells.append(
                {
                    "publishable": review.verdict.publishable,
                    "reasons": "; ".join(review.verdict.reasons),
                    "reviewed": p.reviewed,
                    "fuzzy": p.fuzzy,
                    "untranslated": p.untranslated,
                    "total": p.segments,
                    "reviewed_pct": round(100 * p.reviewed / total, 1),
                    "fuzzy_pct": round(100 * p.fuzzy / total, 1),
                    "errors": sum(1 for f in reviewed_findings if f.severity is Severity.ERROR),
                    "warnings": sum(1 for f in reviewed_findings if f.severity is Severity.WARNING),
                    "findings": [str(f) for f in review.findings],
                }
            )
        rows.append(
            {
                "slug": slug,
                "title": title,
                "href": f"../{release_path(context.source, slug)}",
                "cells": cells,
            }
        )
    return context.render(
        "dashboard.html",
        lang=context.source,
        depth=1,
        title=f"Translation status — {context.name_in(context.source)}",
        canonical=None,
        noindex=True,
        own_feeds=[],
        heading="Translation status",
        locales=locales,
        rows=rows,
    )
