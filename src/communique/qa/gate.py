"""The publishing gate: may a release be published in a language, and if not, why not.

A language version is published when enough of it is reviewed (every segment by default;
``publishing.min_complete`` lowers the bar, the rest then shows in English) and no error-level
check fails on a reviewed entry. Drafts (fuzzy entries) are checked for the translator's sake
but never count here. ``status``, ``check`` and the build all ask this module, and a run checks
each catalog once: the reviews are kept in the workspace, and in the cache of earlier runs by
the digests of everything they depend on.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from communique.cache import code_fingerprint
from communique.catalog import Catalog, Message
from communique.catalog.stats import Progress, progress
from communique.config import Publishing
from communique.errors import CatalogError, SourceError, counted
from communique.files import digest
from communique.qa.findings import Finding, Severity
from communique.release.reader import missing_title
from communique.workspace import Workspace

NO_CATALOG = "no catalog yet (run 'communique update')"
#: The gate's reason for a file that cannot be read, before the error (``file:line: what``).
UNREADABLE = "cannot be read: "
#: The check name of the finding that says so.
UNREADABLE_CHECK = "unreadable"


@dataclass(frozen=True)
class Verdict:
    """The gate's answer for one release in one locale."""

    publishable: bool
    reasons: tuple[str, ...]
    #: Errors in reviewed entries (one for a catalog that cannot be read).
    errors: int


def verdict(
    catalog: Catalog,
    findings: Sequence[Finding],
    min_complete: int = Publishing.min_complete,
    counts: Progress | None = None,
    absent: int = 0,
) -> Verdict:
    """Whether a catalog may be published, and every reason it may not (``counts``: its
    progress over the English as it is now, where the caller has counted it: see
    :func:`~communique.catalog.stats.progress`; ``absent``: how many sentences of that English
    the catalog does not have yet, as before ``update``, counted there as untranslated)."""
    counts = counts or progress(catalog)
    errors = [f for f in findings if f.severity is Severity.ERROR and not f.fuzzy]
    reasons: list[str] = []
    short = counts.percent_reviewed < min_complete
    if absent and short:
        reasons.append(absent_reason(absent))
    if counts.segments == 0:
        reasons.append("the catalog is empty")
    elif short:
        missing = []
        if counts.untranslated > absent:  # (the others: said above)
            missing.append(f"{counts.untranslated - absent} untranslated")
        if counts.fuzzy:
            missing.append(f"{counts.fuzzy} fuzzy")
        needs = "all" if min_complete == 100 else f"{min_complete}%"
        if missing:
            reasons.append(
                f"{', '.join(missing)} of {counts.segments} segments "
                f"({counts.percent_reviewed:.0f}% reviewed, {needs} needed)"
            )
    if errors:
        reasons.append(f"{counted(len(errors), 'error')} in reviewed entries")
    if not reasons:
        # Published with some passages in English (min_complete below 100), never under an
        # English title or dateline (the rest all reviewed, the check says so as an error).
        from communique.qa.rules import untranslated_essentials

        reasons += [
            f"the {roles} is not translated (a version goes online with its {roles} translated)"
            for _, roles in untranslated_essentials(catalog.messages)
        ]
    return Verdict(not reasons, tuple(reasons), len(errors))


def absent_sentences(workspace: Workspace, slug: str, catalog: Catalog) -> int:
    """How many sentences of the release's English as it is now the catalog has not yet (it
    was merged before the English changed: ``update`` adds them)."""
    return english_now(workspace, slug, catalog)[0]


def english_now(workspace: Workspace, slug: str, catalog: Catalog) -> tuple[int, list[str] | None]:
    """How many sentences of the release's English the catalog has not yet (see
    :func:`absent_sentences`), and, where it is behind that English (sentences it has not yet,
    or ones the English no longer has), the English's sentences to count its progress over;
    None where it is not."""
    known = {m.msgid for m in catalog.messages if not m.obsolete}
    english = list(dict.fromkeys(s.text for s in workspace.segments(slug)))
    absent = sum(text not in known for text in english)
    # (None absent: the catalog has every sentence; as many sentences, it has no other.)
    behind = absent or len(known) != len(english)
    return absent, english if behind else None


def absent_reason(absent: int) -> str:
    """What ``absent`` sentences not in the catalog yet say to its translators."""
    return (
        f"{counted(absent, 'sentence')} of the English "
        f"{'are' if absent != 1 else 'is'} not in the catalog yet (run 'communique update')"
    )


def fields_of(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """The fields of a dataclass of plain values as a tuple, in their order: what
    ``dataclasses.astuple`` gives for them, without its deep copy of every value."""
    return operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))


VERDICT_FIELDS = fields_of(Verdict)
_PROGRESS_FIELDS = fields_of(Progress)
_FINDING_FIELDS = fields_of(Finding)


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

    @property
    def readable(self) -> bool:
        """Whether the catalog could be read (if it exists)."""
        return not any(f.check == UNREADABLE_CHECK for f in self.findings)

    def as_record(self) -> dict[str, Any]:
        """The review as plain data, for the cache."""
        return {
            "exists": self.exists,
            "progress": _PROGRESS_FIELDS(self.progress),
            "findings": [_FINDING_FIELDS(f) for f in self.findings],
            "verdict": VERDICT_FIELDS(self.verdict),
        }

    @classmethod
    def from_record(cls, slug: str, locale: str, path: str, data: dict[str, Any]) -> CatalogReview:
        publishable, reasons, errors = data["verdict"]
        return cls(
            slug,
            locale,
            path,
            data["exists"],
            Progress(*data["progress"]),
            tuple(
                Finding(p, line, Severity(severity), check, message, msgid, fuzzy)
                for p, line, severity, check, message, msgid, fuzzy in data["findings"]
            ),
            Verdict(publishable, tuple(reasons), errors),
        )


def review_key(workspace: Workspace, slug: str, locale: str) -> str:
    """What a review depends on, as one digest: the code, the gate's setting, the glossary, the
    release (its segments, its markup) and the catalog as it stands in this run."""
    entry = workspace.catalog(slug, locale)
    parts = (
        "review",
        code_fingerprint(),
        str(workspace.settings.publishing.min_complete),
        workspace.settings.source_locale,
        workspace.glossary_digest,
        workspace.release_state(slug),
        locale,
        entry.path,
        entry.state,
    )
    return digest("\0".join(parts).encode("utf-8"))


def review_project(
    workspace: Workspace, slugs: Sequence[str] = (), locales: Sequence[str] = ()
) -> list[CatalogReview]:
    """Check every catalog of the given releases and locales (all by default) and judge it."""
    chosen = workspace.locales(locales)
    pairs = [(slug, locale) for slug in workspace.slugs(slugs) for locale in chosen]
    return reviews(workspace, pairs)


def reviews(
    workspace: Workspace,
    pairs: Sequence[tuple[str, str]],
) -> list[CatalogReview]:
    """The reviews of these (release, locale) pairs: from this run, from the cache, or made."""
    keys = {pair: review_key(workspace, *pair) for pair in pairs if pair not in workspace.reviews}
    cached = workspace.cache.records("review", keys.values())
    return [review(workspace, *pair, keys.get(pair), cached) for pair in pairs]


def review(
    workspace: Workspace,
    slug: str,
    locale: str,
    key: str | None = None,
    cached: Mapping[str, Any] | None = None,
) -> CatalogReview:
    """One catalog's review: from this run, from the cache (``cached``: the records already
    fetched by key), or made now and kept in the cache."""
    found = workspace.reviews.get((slug, locale))
    if found is not None:
        return found
    key = key or review_key(workspace, slug, locale)
    record = cached.get(key) if cached is not None else None
    if record is None and cached is None:
        record = workspace.cache.records("review", [key]).get(key)
    path = workspace.catalog(slug, locale).path
    if record is not None:
        found = CatalogReview.from_record(slug, locale, path, record)
    else:
        found = make_review(workspace, slug, locale)
        workspace.cache.put_records("review", {key: found.as_record()})
    workspace.reviews[slug, locale] = found
    return found


def make_review(workspace: Workspace, slug: str, locale: str) -> CatalogReview:
    """Check one catalog and judge it."""
    # The checks (and the locale data they load) only when a catalog is checked: a build that
    # finds every review in the cache does without them.
    from communique.qa.checks import check_catalog

    entry = workspace.catalog(slug, locale)
    try:
        markup = workspace.release(slug).markup
        catalog = entry.load()
    except (CatalogError, SourceError) as error:
        # Only this version waits: the others of the release, and the other releases, go on.
        path = error.path or entry.path
        found = Finding(path, error.line or 1, Severity.ERROR, UNREADABLE_CHECK, error.message, "")
        unreadable = Verdict(False, (f"{UNREADABLE}{error}",), 1)
        exists = entry.exists
        return CatalogReview(
            slug, locale, entry.path, exists, progress(Catalog()), (found,), unreadable
        )
    if catalog is None:
        counts = progress(template_catalog(workspace, slug))
        missing = Verdict(False, (NO_CATALOG,), 0)
        return CatalogReview(slug, locale, entry.path, False, counts, (), missing)
    findings = check_catalog(
        catalog,
        path=entry.path,
        locale=locale,
        markup=markup,
        glossary=workspace.glossary,
    )
    absent, english = english_now(workspace, slug, catalog)
    counts = progress(catalog, english)
    judged = verdict(catalog, findings, workspace.settings.publishing.min_complete, counts, absent)
    return CatalogReview(
        slug, locale, entry.path, True, counts, tuple(findings), with_title(workspace, slug, judged)
    )


def with_title(workspace: Workspace, slug: str, judged: Verdict) -> Verdict:
    """The gate's verdict, and for a release without a title (translated, not published),
    the reason it waits and how to mend it."""
    missing = missing_title(workspace.release(slug))
    if missing is None or missing in judged.reasons:
        return judged
    return dataclasses.replace(judged, publishable=False, reasons=(*judged.reasons, missing))


@dataclass(frozen=True)
class SiteWords:
    """A project's catalog of the site's own words in one language (``locale/site/<ll>.po``):
    its progress and what the checks found. Its reviewed entries without an error replace
    communique's words on the pages (see :func:`communique.site.i18n.read_site_catalog`)."""

    locale: str
    path: str
    progress: Progress
    findings: tuple[Finding, ...]


def review_site_words(workspace: Workspace, locales: Sequence[str] = ()) -> list[SiteWords]:
    """Check the project's catalogs of the site's words in ``locales`` (all by default)."""
    from communique.qa.checks import check_catalog

    found = []
    for locale in workspace.locales(locales):
        entry = workspace.site_catalog(locale)
        if not entry.exists:
            continue
        try:
            catalog = entry.load()
        except CatalogError as error:
            refused = _refused_entry(workspace, entry.path, error)
            if refused is None:
                path = error.path or entry.path
                unreadable = Finding(
                    path, error.line or 1, Severity.ERROR, UNREADABLE_CHECK, error.message, ""
                )
                found.append(SiteWords(locale, entry.path, progress(Catalog()), (unreadable,)))
                continue
            # What msgfmt --check refuses in one entry (a renamed {placeholder}): the build
            # leaves that entry out and uses the others, which status and check count.
            catalog, finding = refused
            findings = [
                f
                for f in check_catalog(catalog, path=entry.path, locale=locale)
                if not (f.msgid == finding.msgid and f.check == finding.check)
            ]
            findings = sorted([*findings, finding], key=lambda f: f.line)
            found.append(SiteWords(locale, entry.path, progress(catalog), tuple(findings)))
            continue
        if catalog is not None:
            findings = check_catalog(catalog, path=entry.path, locale=locale)
            found.append(SiteWords(locale, entry.path, progress(catalog), tuple(findings)))
    return found


def _refused_entry(
    workspace: Workspace, path: str, error: CatalogError
) -> tuple[Catalog, Finding] | None:
    """A catalog of the site's words that parses, but one of whose entries ``msgfmt --check``
    refuses (``error``): the catalog read as the build reads it, and that entry's finding.
    None where it does not parse at all."""
    from communique.catalog.reader import read_catalog_bytes

    if error.line is None:
        return None
    try:
        raw = workspace.files.read(path)[0]
        if raw is None:
            return None
        catalog = read_catalog_bytes(raw, path=path, checked=False)
    except (CatalogError, OSError):
        return None
    before = [m for m in catalog.messages if m.line <= error.line and not m.obsolete]
    if not before:
        return None
    msgid = before[-1].msgid
    return catalog, Finding(path, error.line, Severity.ERROR, "placeholders", error.message, msgid)


def template_catalog(workspace: Workspace, slug: str) -> Catalog:
    """The release's distinct segments as untranslated messages: what a new catalog holds."""
    texts = dict.fromkeys(segment.text for segment in workspace.segments(slug))
    return Catalog(messages=[Message(text) for text in texts])
