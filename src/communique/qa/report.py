"""The report of ``check``: findings grouped by file, a summary, and the same as data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from communique.qa.findings import Severity
from communique.qa.gate import CatalogReview, SiteWords


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` prints and whether it fails."""

    text: str
    data: dict[str, Any]
    failed: bool
    failure: str


def check_report(
    reviews: Sequence[CatalogReview],
    *,
    fail_on: Severity,
    site_words: Sequence[SiteWords] = (),
) -> CheckReport:
    """Findings sorted by file and line, one per line, then the counts; those of the catalogs
    of the site's own words (``site_words``) after the releases'."""
    # A release that cannot be read is the same finding in each of its catalogs' reviews: once.
    findings = list(dict.fromkeys(f for review in reviews for f in review.findings))
    findings += [f for words in site_words for f in words.findings]
    lines = [str(finding) for finding in findings]
    reviewed = [f for f in findings if not f.fuzzy]
    drafts = [f for f in findings if f.fuzzy]

    def count(items: Sequence[Any], severity: Severity) -> str:
        return _counted(sum(1 for f in items if f.severity is severity), str(severity))

    summary = (
        f"{count(reviewed, Severity.ERROR)}, {count(reviewed, Severity.WARNING)} "
        f"in reviewed entries; {count(drafts, Severity.ERROR)}, "
        f"{count(drafts, Severity.WARNING)} in drafts; "
        f"{sum(r.verdict.publishable for r in reviews)} of {len(reviews)} versions publishable"
    )
    lines.append(summary)
    failing = [f for f in reviewed if f.severity.rank >= fail_on.rank]
    data = {
        "findings": [f.as_dict() for f in findings],
        "versions": [
            {
                "release": r.slug,
                "locale": r.locale,
                "catalog": r.path,
                "publishable": r.verdict.publishable,
                "reasons": list(r.verdict.reasons),
            }
            for r in reviews
        ],
        "summary": summary,
    }
    failure = f"{_counted(len(failing), 'finding')} at or above '{fail_on}' in reviewed entries"
    return CheckReport("\n".join(lines), data, bool(failing), failure)


def _counted(number: int, noun: str) -> str:
    """A count with its noun: ``1 error``, ``0 errors``, ``2 warnings``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
