"""``status``: how far each release has come in each target locale."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.catalog.stats import Progress
from communique.errors import CommuniqueError, SourceError, shortened
from communique.locales import native_name, parse_locale, territory_name
from communique.qa.findings import Severity
from communique.qa.gate import (
    UNREADABLE,
    UNREADABLE_CHECK,
    SiteWords,
    Verdict,
    absent_reason,
    absent_sentences,
    review_project,
)
from communique.release.concerns import Concern
from communique.site.record import Record, RecordError, read_record
from communique.workspace import Workspace


@dataclass(frozen=True)
class CatalogStatus:
    """One release in one locale."""

    slug: str
    locale: str
    language: str
    path: str
    exists: bool
    progress: Progress
    verdict: Verdict
    warnings: int
    #: How the version stands online after the next build: ``yes`` (this catalog), ``record``
    #: (as last published, from the publication record), ``withdrawn`` or ``no``.
    online: str = "no"
    #: Whether the site's own words exist in this language (else its pages show them in
    #: English).
    interface: bool = True
    #: The member states the release concerns, and why (``release.concerns``).
    states: tuple[Concern, ...] = ()
    #: Whether the catalog could be read: one that cannot has no figures (its ``progress`` is
    #: empty), and is not "100 %" done.
    readable: bool = True
    #: Why the release's publication record cannot be read, if it cannot (``online`` is then
    #: ``unknown``: no build runs until it is mended).
    record_problem: str | None = None
    #: Whether the release could be read (the catalog is not looked at where it cannot).
    release_readable: bool = True

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data, for ``--json``."""
        p = self.progress
        return {
            "release": self.slug,
            "locale": self.locale,
            "language": self.language,
            "catalog": self.path,
            "exists": self.exists,
            # (None where the catalog cannot be read: no figure is known, the table's "—".)
            "segments": {
                "total": p.segments,
                "reviewed": p.reviewed,
                "fuzzy": p.fuzzy,
                "untranslated": p.untranslated,
            }
            if self.readable
            else None,
            "words": {
                "total": p.words,
                "reviewed": p.reviewed_words,
                "fuzzy": p.fuzzy_words,
                "untranslated": p.untranslated_words,
            }
            if self.readable
            else None,
            "readable": self.readable,
            "percent_reviewed": round(p.percent_reviewed, 1) if self.readable else None,
            "publishable": self.verdict.publishable,
            "reasons": list(self.verdict.reasons),
            "errors": self.verdict.errors,
            "warnings": self.warnings,
            "online": self.online,
            "interface": self.interface,
            "states": [{"code": c.code, "why": list(c.why)} for c in self.states],
        }


def project_status(
    workspace: Workspace, slugs: Sequence[str] = (), locales: Sequence[str] = ()
) -> list[CatalogStatus]:
    """Progress, verdict and standing online of every release × target locale; a missing
    catalog is untranslated."""
    from communique.site.i18n import project_interface, without_interface

    # (A catalog of the site's words that cannot be read is left out: the line under the table
    # names it.)
    interface = project_interface(workspace, problems=[])
    english = set(without_interface(workspace.locales(locales), interface))
    records: dict[str, Record | None] = {}
    unread: dict[str, str] = {}  # the records that cannot be read, and why
    hidden: dict[str, str | None] = {}
    ahead: dict[str, Verdict | None] = {}
    concerns: dict[str, tuple[Concern, ...]] = {}
    source = workspace.settings.source_locale
    found = []
    for review in review_project(workspace, slugs, locales):
        if review.slug not in records:
            try:
                records[review.slug] = read_record(workspace.files, review.slug)
            except RecordError as error:  # the build stops at it: so is each version said
                records[review.slug] = None
                unread[review.slug] = str(error)
            hidden[review.slug] = _hidden(workspace, review.slug)
            ahead[review.slug] = _corrected_ahead(workspace, review.slug)
            concerns[review.slug] = _concerns(workspace, review.slug)
        record = records[review.slug]
        # As the build sees it: a release corrected ahead of now cannot be read.
        verdict = ahead[review.slug] or review.verdict
        if review.slug in unread:
            online = "unknown"
        elif record is not None and record.is_withdrawn(review.locale, source):
            online = "withdrawn"
        elif hidden[review.slug] is not None:
            online = hidden[review.slug] or "no"
        elif verdict.publishable:
            online = "yes"
        elif record is not None and review.locale in record.versions:
            online = "record"
        else:
            online = "no"
        found.append(
            CatalogStatus(
                slug=review.slug,
                locale=review.locale,
                language=native_name(parse_locale(review.locale)),
                path=review.path,
                exists=review.exists,
                progress=review.progress,
                verdict=verdict,
                warnings=sum(
                    1 for f in review.findings if not f.fuzzy and f.severity is Severity.WARNING
                ),
                online=online,
                interface=review.locale not in english,
                states=concerns[review.slug],
                readable=review.readable,
                record_problem=unread.get(review.slug),
                release_readable=not any(
                    f.check == UNREADABLE_CHECK and f.path != review.path for f in review.findings
                ),
            )
        )
    return found


def entries_to_do(
    workspace: Workspace,
    slugs: Sequence[str] = (),
    locales: Sequence[str] = (),
    *,
    seen_from: Path | None = None,
) -> tuple[list[str], list[str]]:
    """Each entry still to translate or to review, one line each, as compilers and editors
    name a place (``file:line: what``: Vim's quickfix, VS Code, Emacs jump to it), in file
    order; and the catalogs that cannot be read or are not there yet, as problems (an empty
    list must mean nothing to do).

    The line is the entry's ``msgid``; ``fuzzy (a draft)`` for a machine's or the memory's
    draft, ``fuzzy (the English changed)`` where it was reviewed for an English that changed
    since (``#|`` holds that English), else ``fuzzy``; a catalog behind its English (changed
    since ``update``) is a problem too. ``seen_from``: the folder the paths are written from
    (where the editor runs; default: the project's)."""
    from communique.catalog.drafts import is_draft

    lines, problems = [], []
    for slug in workspace.slugs(slugs):
        for locale in workspace.locales(locales):
            entry = workspace.catalog(slug, locale)
            try:
                catalog = entry.load()
            except CommuniqueError as error:
                problems.append(str(error))
                continue
            if catalog is None:
                problems.append(f"{entry.path}: no catalog yet (run 'communique update')")
                continue
            # Sentences of the English the catalog has not yet (changed since 'update'): work
            # no line below can name.
            try:
                absent = absent_sentences(workspace, slug, catalog)
            except CommuniqueError as error:
                problems.append(str(error))
                continue
            if absent:
                problems.append(f"{entry.path}: {absent_reason(absent)}")
            shown = entry.path
            if seen_from is not None:
                shown = os.path.relpath(workspace.project.root / entry.path, seen_from)
            for message in catalog.messages:
                if message.obsolete or not message.msgid:
                    continue
                if not message.translated:
                    state = "untranslated"
                elif not message.fuzzy:
                    continue
                elif is_draft(message):
                    state = "fuzzy (a draft)"
                elif message.previous_msgid not in (None, message.msgid):
                    state = "fuzzy (the English changed)"
                else:
                    state = "fuzzy"
                english = shortened(" ".join(message.msgid.split()), 70)
                lines.append(f"{shown}:{message.line}: {state}: {english}")
    return lines, list(dict.fromkeys(problems))  # (a release that cannot be read: once)


def _concerns(workspace: Workspace, slug: str) -> tuple[Concern, ...]:
    """The member states a release concerns, and why; none where it cannot be read."""
    try:
        return workspace.concerns(slug)
    except SourceError:
        return ()


def corrected_ahead(workspace: Workspace, slug: str) -> SourceError | None:
    """Why the build cannot read a release as of now (an ``updated:`` later than now: see
    :func:`communique.site.versions.not_corrected_ahead`), if it cannot: every version of it
    waits, as ``status``, ``check`` and the build say alike."""
    from communique.site.versions import not_corrected_ahead

    try:
        not_corrected_ahead(workspace, slug)
    except SourceError as error:
        return error
    return None


def _corrected_ahead(workspace: Workspace, slug: str) -> Verdict | None:
    """The verdict on every version of a release the build cannot read as of now."""
    error = corrected_ahead(workspace, slug)
    return None if error is None else Verdict(False, (f"{UNREADABLE}{error}",), 1)


def _hidden(workspace: Workspace, slug: str) -> str | None:
    """Why a release is kept out of the public site now: ``draft``, ``embargoed until …``."""
    from communique.site.localize import ReleaseCard

    try:
        release = workspace.release(slug)
    except SourceError:
        return None
    card = ReleaseCard.of(release, workspace.settings.organisation.timezone)
    if card.draft:
        return "draft"
    if card.embargo is not None and card.embargo > workspace.now:
        return f"embargoed until {card.embargo.isoformat()}"
    return None


#: How the table says where a version stands online.
ONLINE = {
    "yes": "yes",
    "record": "from the record (as last published)",
    "withdrawn": "withdrawn",
    "no": "no",
    "draft": "no: draft",
    "unknown": "unknown: its record cannot be read",
}


def status_table(rows: list[CatalogStatus], *, states: bool = False, members: bool = True) -> str:
    """A readable table per release: one line per locale; with ``states``, first the member
    states it concerns and why (``members``: whether the project names any)."""
    lines: list[str] = []
    heading: tuple[str, ...] = ("locale", "language")
    heading += ("reviewed (words)", "fuzzy (words)", "untranslated (words)")
    heading += ("progress", "online", "publishable")
    slugs = list(dict.fromkeys(row.slug for row in rows))
    for slug in slugs:
        group = [row for row in rows if row.slug == slug]
        # (The release's size from a catalog that could be read: one that could not has none.)
        first = next((row.progress for row in group if row.readable), None)
        if first is None and not all(row.release_readable for row in group):
            lines.append(f"{slug}: size unknown (the release cannot be read: see below)")
        elif first is None:  # ("0 segments, 0 words" was wrong)
            lines.append(f"{slug}: size unknown (none of its catalogs shown could be read)")
        else:
            lines.append(f"{slug}: {first.segments} segments, {first.words} words")
        if states:
            lines.append("  member states: " + _states_line(group[0].states, members))
        table: list[tuple[str, ...]] = [heading]
        for row in group:
            p = row.progress
            figures = (
                f"{p.reviewed} ({p.reviewed_words})",
                f"{p.fuzzy} ({p.fuzzy_words})",
                f"{p.untranslated} ({p.untranslated_words})",
                f"{p.percent_reviewed:.0f}%",
            )
            table.append(
                (
                    row.locale,
                    row.language,
                    *(figures if row.readable else ("—",) * len(figures)),
                    ONLINE.get(row.online, row.online),
                    "yes" if row.verdict.publishable else "no: " + "; ".join(row.verdict.reasons),
                )
            )
        widths = [max(len(cells[i]) for cells in table) for i in range(len(heading))]
        for cells in table:
            lines.append(
                "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
            )
        lines.append("")
    english = sorted({row.locale for row in rows if not row.interface})
    if english:
        lines.append(
            f"The site's own words are in English on the {', '.join(english)} pages: see the "
            "README (the site's own words)."
        )
    return "\n".join(lines).rstrip()


def _states_line(concerns: Sequence[Concern], members: bool = True) -> str:
    """``Austria ("Austrian" (line 5); dateline: Vienna); Moldova (front matter)``."""
    if not concerns:
        if not members:  # (the hint would lead to pages no build makes)
            return "none (the project names none: member_states.codes in communique.toml)"
        return "none (name them in the front matter: states: [MD, UA])"
    return "; ".join(f"{territory_name(c.code)} [{c.code}] ({'; '.join(c.why)})" for c in concerns)


def unreadable(words: SiteWords) -> str | None:
    """Why a catalog of the site's words cannot be read (``file:line: what``), if it cannot."""
    from communique.qa.gate import UNREADABLE_CHECK

    return next(
        (f"{f.path}:{f.line}: {f.message}" for f in words.findings if f.check == UNREADABLE_CHECK),
        None,
    )


def site_words_line(words: SiteWords) -> str:
    """``The site's own words in pl: 20 of 26 reviewed, 1 error (locale/site/pl.po)``; or
    ``… in fr: cannot be read (locale/site/fr.po:5: …)``."""
    problem = unreadable(words)
    if problem is not None:
        return f"The site's own words in {words.locale}: cannot be read ({problem})"
    p = words.progress
    errors = sum(1 for f in words.findings if not f.fuzzy and f.severity is Severity.ERROR)
    problems = (
        f", {errors} error{'' if errors == 1 else 's'} ('communique check')" if errors else ""
    )
    return (
        f"The site's own words in {words.locale}: {p.reviewed} of {p.segments} reviewed"
        f"{problems} ({words.path})"
    )
