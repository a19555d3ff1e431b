"""The report of ``check``: findings grouped by file, a summary, and the same as data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from communique.catalog.flags import IGNORE_PREFIX
from communique.errors import shortened
from communique.qa.checks import IGNORABLE
from communique.qa.findings import Finding, Severity
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
    drafts: bool = False,
    extra: Sequence[Finding] = (),
) -> CheckReport:
    """Findings sorted by file and line, then the counts; those of the catalogs of the site's
    own words (``site_words``) after the releases'. Poedit and Weblate show no line numbers,
    so under each finding is the start of its English sentence, and, where keeping the
    translation as it is can be right, the flag that says so. Findings in drafts (fuzzy
    entries) are counted, and listed only with ``drafts``: a translator reviewing is not
    buried under what the machine drafted. ``extra``: findings of no catalog (a release the
    build would not read as of now)."""
    # A release that cannot be read is the same finding in each of its catalogs' reviews: once.
    findings = list(dict.fromkeys([*(f for r in reviews for f in r.findings), *extra]))
    findings += [f for words in site_words for f in words.findings]
    reviewed = [f for f in findings if not f.fuzzy]
    in_drafts = [f for f in findings if f.fuzzy]
    lines = []
    for finding in findings if drafts else reviewed:
        lines.append(str(finding))
        lines.append("  " + _hint(finding))

    def count(items: Sequence[Finding], severity: Severity) -> int:
        return sum(1 for f in items if f.severity is severity)

    publishable = sum(r.verdict.publishable for r in reviews)
    errors, warnings = count(reviewed, Severity.ERROR), count(reviewed, Severity.WARNING)
    # A release that cannot be read is no translator's error: said apart.
    unreadable = [f for f in reviewed if f.path.startswith("source/")]
    listed = "" if drafts or not in_drafts else " ('communique check --drafts' lists them)"
    lines.append(
        f"{_counted(errors - len(unreadable), 'error')}, {_counted(warnings, 'warning')} in "
        f"reviewed entries; "
        + (f"{_counted(len(unreadable), 'release')} cannot be read; " if unreadable else "")
        + f"{_counted(len(in_drafts), 'finding')} in drafts{listed}; "
        f"{publishable} of {len(reviews)} versions publishable"
    )
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
        "summary": {
            "reviewed": {"errors": errors - len(unreadable), "warnings": warnings},
            "drafts": {
                "errors": count(in_drafts, Severity.ERROR),
                "warnings": count(in_drafts, Severity.WARNING),
            },
            "versions": {"publishable": publishable, "total": len(reviews)},
            "unreadable_releases": len(unreadable),
        },
    }
    in_entries = [f for f in failing if not f.path.startswith("source/")]
    parts = [f"{_counted(len(in_entries), 'finding')} at or above '{fail_on}' in reviewed entries"]
    if len(in_entries) < len(failing):
        parts = parts[: 1 if in_entries else 0]
        parts.append(f"{_counted(len(failing) - len(in_entries), 'release')} cannot be read")
    failure = "; ".join(parts)
    return CheckReport("\n".join(lines), data, bool(failing), failure)


def _hint(finding: Finding) -> str:
    """The start of the finding's English sentence; and how to keep the translation as it is,
    where that can be right (an ordinal written in words, a link to the page in the reader's
    language, a term the context wants otherwise)."""
    english = f"“{shortened(finding.msgid, 60)}”" if finding.msgid else "(the file)"
    if finding.check in IGNORABLE:
        return f"{english} · if the translation is right: #, {IGNORE_PREFIX}{finding.check}"
    return english


def _counted(number: int, noun: str) -> str:
    """A count with its noun: ``1 error``, ``0 errors``, ``2 warnings``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
