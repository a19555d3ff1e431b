"""``communique import``: translations back from XLIFF files into the catalogs.

Every file is read before any catalog changes: a file that is malformed, hostile, for a release
the project does not have or in a language it does not translate into is an error, and nothing
is written. Then, unit by unit:

* a unit that holds what it held when it was exported (its mark says so: see
  :func:`.xliff.base_of`) changes nothing: the translator left it, and the catalog may have
  moved on since. Nor does a unit with no translation (an emptied target erases nothing);
* a unit is applied only to the entry with the same id and the same English; a unit whose
  English changed since the export (or left the release) is reported, not applied;
* a unit the translator changed is applied only if its entry is still as exported; if both
  changed, the unit is reported (a conflict to settle by hand). A file without marks (another
  tool's, or one a tool stripped) is compared with the catalog as it is, and cannot tell a
  translator's edit from a reviewer's since the export: it replaces no reviewed translation
  unless asked to (``replace_reviewed``);
* a reviewed translation the import replaces stays in the translation memory (a reviewer's
  save that no command has read yet included);
* the translation and its state become the entry's: reviewed (not fuzzy) when the file says
  so, waiting for review (fuzzy) otherwise. A reviewed translation is never replaced by an
  unreviewed text, and a translation that breaks gettext's rule on leading and trailing line
  breaks is reported;
* exporting and importing again, with no edit in between, leaves every catalog byte for byte
  as it was.

A catalog that changed gets today's ``PO-Revision-Date``, as an editor gives it.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from communique.catalog import directives
from communique.catalog.drafts import drafted, is_draft, settle
from communique.catalog.model import FUZZY, GETTEXT_DATE, Message, reviewed_units
from communique.catalog.reader import read_catalog_bytes
from communique.controls import (
    bidi_problem,
    control_character,
    noncharacter,
    without_controls,
)
from communique.errors import CommuniqueError, counted, excerpt, shortened
from communique.exchange.export import unit_of
from communique.exchange.xliff import (
    State,
    XliffError,
    base_of,
    exchanged,
    exported_notes,
    state_of,
    unit_id,
)
from communique.exchange.xliff_read import ReadFile, ReadUnit, read
from communique.locales import LocaleCodeError, bcp47, parse_locale, serving
from communique.project import check_slug
from communique.site.i18n import shipped
from communique.site.record import shown_to_readers
from communique.workspace import CatalogEntry, Workspace
from communique.workspace.layout import SITE_WORDS


@dataclass(frozen=True)
class Change:
    """One entry the import changed: where it is (``path:line``), its English, and what became
    of it."""

    where: str
    english: str
    what: str
    #: The entry's context and English.
    key: tuple[str | None, str]


@dataclass(frozen=True)
class NotApplied:
    """A unit the import left out, and why."""

    where: str
    english: str
    why: str


@dataclass
class FileReport:
    """What one XLIFF file did to one catalog."""

    display: str
    catalog: str
    #: The file's target language as it writes it, where that is not the catalog's locale
    #: (a CAT tool's ``ru-RU`` for the project's ``ru``): said, not silently mapped.
    tagged: str | None = None
    changes: list[Change] = field(default_factory=list)
    not_applied: list[NotApplied] = field(default_factory=list)
    unchanged: int = 0
    #: The entries that got the notes a translator wrote on their units in the CAT tool.
    notes: list[Change] = field(default_factory=list)


def import_xliff(
    workspace: Workspace, paths: Sequence[Path], *, replace_reviewed: bool = False
) -> list[FileReport]:
    """Merge the translations of the XLIFF files at ``paths`` into the workspace's catalogs;
    the workspace writes them when the command ends. ``replace_reviewed``: a unit of a file
    without marks may replace a reviewed translation (see the module's docstring)."""
    planned: list[tuple[str, ReadFile, CatalogEntry]] = []
    for path in paths:
        display = str(path)
        try:
            if not stat.S_ISREG(path.stat().st_mode):  # (a pipe would hold the run for ever)
                raise XliffError("not a regular file", path=display)
            raw = path.read_bytes()
        except OSError as exc:
            raise XliffError(f"cannot be read: {exc.strerror}", path=display) from None
        for file in read(raw, display):
            planned.append((display, file, _catalog_for(workspace, file, display)))
    reports = []
    for display, file, entry in planned:
        catalog = entry.catalog
        tag = file.target_language
        same = tag.replace("_", "-").casefold() == entry.locale.casefold()
        report = FileReport(display, entry.path, None if same else tag)
        by_id = {unit_id(m.msgctxt, m.msgid): m for m in catalog.messages if exchanged(m)}
        # A unit whose id the CAT tool dropped or changed is its English's entry, where only
        # one entry has that English.
        by_english: dict[str, list[Message]] = {}
        for m in catalog.messages:
            if exchanged(m):
                by_english.setdefault(m.msgid, []).append(m)
        before = reviewed_units(catalog)
        published: set[tuple[str, str]] | None = None

        def reviewed_before(msgid: str, text: str, entry: CatalogEntry = entry) -> bool:
            """Whether ``text`` was this English's reviewed translation: published, or as the
            translation memory knows it."""
            nonlocal published
            if published is None:
                published = shown_to_readers(workspace, entry.slug, entry.locale)
            if (msgid, text) in published:
                return True
            return workspace.memory.reviewed(entry.locale, entry.slug, msgid, text)

        matched: dict[str, list[Message]] = {}
        for m in catalog.messages:
            if m.previous_msgid is not None and not m.obsolete and m.msgid_plural is None:
                matched.setdefault(m.previous_msgid, []).append(m)

        # Where update left no "#|" (an untouched machine draft is emptied for a draft of its
        # own English, as msgmerge would not), the entry whose English is most like the
        # unit's, holding nobody's work and no other unit of the file's: the translator's
        # text goes there for review rather than nowhere.
        covered = {unit.source for unit in file.units}
        free = [
            m
            for m in catalog.messages
            if not m.obsolete
            and m.msgid_plural is None
            and m.msgid
            and m.msgid not in covered
            and m.previous_msgid is None
            and (not m.msgstr or is_draft(m))
        ]

        current = {m.msgid for m in catalog.messages if not m.obsolete}
        stale = [
            u.source for u in file.units if u.source not in current and u.source not in matched
        ]
        likes = _most_alike(stale, free)

        def moved(
            english: str,
            matched: dict[str, list[Message]] = matched,
            likes: dict[str, Message] = likes,
        ) -> Message | None:
            found = matched.get(english, [])
            if found:
                return found[0] if len(found) == 1 else None
            return likes.get(english)

        # What the export's own notes say (where a sentence is, its role, a draft's origin, an
        # earlier English): a note saying it is no translator's, wherever the unit goes. A
        # translator's comment is the unit's own only where it is its English's entry's (or
        # was, before the English changed): the same words on another unit are a new note.
        machine = {
            line
            for m in catalog.messages
            if exchanged(m)
            for line in exported_notes(replace(unit_of(m), comments=()))
        }
        commented: dict[str, set[str]] = {}
        for m in catalog.messages:
            if m.translator_comments:
                for english in (m.msgid, m.previous_msgid):
                    if english is not None:
                        commented.setdefault(english, set()).update(m.translator_comments)
        for unit in file.units:
            alike = by_english.get(unit.source, [])
            message = by_id.get(unit.id) or (alike[0] if len(alike) == 1 else None)
            _apply(
                unit,
                message,
                entry.path,
                display,
                report,
                replace_reviewed,
                reviewed_before,
                moved,
            )
            same = message is not None and message.msgid == unit.source
            known = (machine, commented.get(unit.source, set()))
            _take_notes(unit, message if same else moved(unit.source), known, display, report)
        if report.changes or report.notes:
            replaced = before - reviewed_units(catalog)
            if replaced:
                workspace.memory.retain(entry.locale, entry.slug, replaced)
            settle(catalog, reviewed_only=True)
            catalog.set_header("PO-Revision-Date", workspace.now.strftime(GETTEXT_DATE))
            entry.touch()
            # The report names each entry's line in the catalog as it will be written.
            written = read_catalog_bytes(entry.text.encode("utf-8"), path=entry.path)
            lines = {m.key: m.line for m in written.messages if not m.obsolete}
            report.changes, report.notes = (
                [Change(f"{entry.path}:{lines[c.key]}", c.english, c.what, c.key) for c in changes]
                for changes in (report.changes, report.notes)
            )
        reports.append(report)
    return reports


def _other_country(tag: str, target: str) -> bool:
    """Whether a file's ``tag`` names another country than the project's ``target`` does
    (pt-PT for pt-BR); a region such as Latin America (es-419) takes its countries (es-MX),
    and a tag naming none takes any (de for de-CH)."""
    theirs, ours = parse_locale(tag).territory, parse_locale(target).territory
    return bool(theirs and ours and theirs != ours and not ours.isdigit())


def _renamed(workspace: Workspace, slug: str) -> str | None:
    """The release that was ``slug`` before ``communique rename`` (its ``aliases`` keep the
    old name): a file exported before the rename is its."""
    for release_slug in workspace.sources:
        try:
            aliases = workspace.release(release_slug).aliases
        except CommuniqueError:
            continue  # (a release that cannot be read is said by the commands that read it)
        if slug in aliases:
            return release_slug
    return None


def _catalog_for(workspace: Workspace, file: ReadFile, display: str) -> CatalogEntry:
    """The catalog an XLIFF ``file`` is for: its release (or the site's words) and language
    must be the project's."""
    slug = file.slug
    if slug != SITE_WORDS:
        check_slug(slug, path=f"{display}:{file.line}")
        if slug not in workspace.sources:
            slug = _renamed(workspace, slug) or slug
        if slug not in workspace.sources:
            raise XliffError(f"no release {slug!r} in this project", path=display, line=file.line)
    try:
        locale = bcp47(parse_locale(file.target_language.replace("_", "-")))
    except LocaleCodeError as exc:
        raise XliffError(f"target language: {exc}", path=display, line=file.line) from None
    source = workspace.settings.source_locale
    try:
        wrong = bool(file.source_language) and (
            parse_locale(file.source_language.replace("_", "-")).language
            != parse_locale(source).language
        )
    except LocaleCodeError:
        wrong = True
    if wrong:  # (another language's sentences, imported as translations of the English)
        raise XliffError(
            f"translates from {excerpt(file.source_language)}, not from the project's "
            f"language ({source})",
            path=display,
            line=file.line,
        )
    targets = workspace.settings.target_locales
    # A CAT tool tags the file it returns with its own project's locale (ru-RU, ar-SA); not
    # with another country's variety (pt-PT for the project's pt-BR: European Portuguese
    # imported as the Brazilian's reviewed translation).
    if locale not in targets:
        kin = serving(locale, targets)
        if kin is not None and _other_country(locale, kin):
            raise XliffError(
                f"translates into {file.target_language!r}, another country's variety than "
                f"the project's {kin}: it is not imported as {kin}'s translation",
                path=display,
                line=file.line,
            )
        locale = kin or locale
    if locale not in targets:
        raise XliffError(
            f"translates into {file.target_language!r}, which is not one of the project's "
            f"languages ({', '.join(targets)})",
            path=display,
            line=file.line,
        )
    entry = (
        workspace.site_catalog(locale) if slug == SITE_WORDS else workspace.catalog(slug, locale)
    )
    if entry.load() is None and slug == SITE_WORDS and shipped(locale):
        raise XliffError(
            f"{entry.path} does not exist: communique's own site words serve {locale}, and "
            "'communique export' writes none for it",
            path=display,
            line=file.line,
        )
    if entry.load() is None:
        raise XliffError(
            f"{entry.path} does not exist (run 'communique update' first)",
            path=display,
            line=file.line,
        )
    return entry


#: The translator comment that keeps a translator's unreviewed text an import replaced.
REPLACED_COMMENT = "before the import of "


def _apply(
    unit: ReadUnit,
    message: Message | None,
    catalog: str,
    display: str,
    report: FileReport,
    replace_reviewed: bool = False,
    reviewed_before: Callable[[str, str], bool] = lambda msgid, text: False,
    moved: Callable[[str], Message | None] = lambda english: None,
) -> None:
    """Apply one unit to the catalog's entry; ``reviewed_before``: whether a text was this
    English's reviewed translation in this catalog (the translation memory knows);
    ``moved``: the entry update matched to an English that is no longer the catalog's."""
    here = f"{display}:{unit.line}"
    english = shortened(unit.source, 60)

    def skip(why: str) -> None:
        report.not_applied.append(NotApplied(here, english, why))

    if unit.problem is not None:
        skip(unit.problem)
        return
    if unit.base is not None and unit.mark == unit.base:
        # The unit as it was exported: whatever the catalog holds now is newer.
        report.unchanged += 1
        return
    if unit.target is None:
        # No translation: an emptied target erases nothing. One the file marks done, where the
        # catalog has a translation, is said: two sentences merged in the CAT tool leave the
        # second unit empty, and the page would say that sentence twice.
        if unit.reviewed and message is not None and message.msgstr:
            skip(
                "its translation is empty, though the file marks it done (merged into another "
                "unit in the CAT tool?): the catalog's stays, and each sentence needs its own"
            )
        else:
            report.unchanged += 1
        return
    if message is None or message.msgid != unit.source:
        # The English changed since the export. Where update matched an entry to the English
        # the unit has (msgmerge's "#|"), the translator's work goes there, for review
        # against the new English; else it has nowhere to go.
        successor = moved(unit.source)
        if successor is None or not (successor.fuzzy or not successor.msgstr):
            if message is None:
                skip("its English is no longer in the release (changed since the export?)")
            else:
                skip("its English is not the catalog's (changed since the export)")
            return
        if successor.msgstr == unit.target or _unfit(successor, unit, skip):
            report.unchanged += successor.msgstr == unit.target
            return
        what = "translated, for review against its new English (it changed since the export)"
        if (
            successor.msgstr
            and not is_draft(successor)
            and not reviewed_before(unit.source, successor.msgstr)
        ):
            # Not the old translation msgmerge carried over: a translator's, kept.
            _keep(successor, display)
            what += " (the catalog's unreviewed text is kept in a comment)"
        _set(successor, unit.target, reviewed=False)
        if successor.previous_msgid is None:
            successor.previous_msgid = unit.source  # (the English it was made for, as "#|")
        report.changes.append(Change(catalog, successor.msgid, what, successor.key))
        return
    now = state_of(message)
    replaced = f"{REPLACED_COMMENT}{Path(display).name}: "
    if (
        unit.base is None
        and now is State.DRAFT
        and any(comment.startswith(replaced) for comment in message.translator_comments)
    ):
        # This file replaced a translator's text here before, its unit left for review: the
        # same file again changes nothing, nor what she wrote since.
        report.unchanged += 1
        return
    if message.msgstr == unit.target and (
        now is unit.state or (unit.base is None and now is State.REVIEWED)
    ):
        # (A file without marks that says less of the same text, every unit "translated" as
        # some tools write them back, demotes no reviewed translation.)
        report.unchanged += 1
        return
    # (An untouched machine draft made since the export is the file's to replace.)
    changed = unit.base is not None and base_of(now, message.msgstr) != unit.base
    if changed and not is_draft(message):
        if message.msgstr != unit.target:
            skip("changed in the catalog too since the export: keep one of the two by hand")
            return
        if not unit.reviewed:  # the file's very text, which the catalog has reviewed since
            report.unchanged += 1
            return
        # (The file's very text, approved: a reviewer's word on what the translator's return
        # put there.)
    if now is State.REVIEWED and not unit.reviewed and message.msgstr != unit.target:
        skip("the catalog has a reviewed translation and the file an unreviewed change")
        return
    if now is State.REVIEWED and unit.base is None and not replace_reviewed:
        skip(
            "the catalog has another reviewed translation, and the file no mark of what the "
            "unit held when exported (its tool dropped it): keep one of the two by hand, or "
            "import with --replace-reviewed"
        )
        return
    # Without a mark, a unit cannot say what it held when exported. Where the catalog holds a
    # translator's unreviewed text (not an untouched machine draft, nor msgmerge's match of an
    # older English), a unit that holds what the catalog held before her (its machine draft,
    # or its reviewed translation) is the file as exported: her text is the newer. A unit
    # with new text replaces hers, which stays in a comment.
    theirs = (
        now is State.DRAFT
        and unit.base is None
        and message.msgstr != unit.target
        and message.previous_msgid is None
        and not is_draft(message)
    )
    if theirs and (drafted(message, unit.target) or reviewed_before(message.msgid, unit.target)):
        report.unchanged += 1
        return
    if _unfit(message, unit, skip):
        return
    # (Hers replaced, by text she may not have seen: it waits for a review, beside hers.)
    reviewed = unit.reviewed and (not theirs or replace_reviewed)
    if reviewed:
        what = "reviewed" if message.msgstr == unit.target else "translated and reviewed"
    elif now is State.REVIEWED:
        what = "back to review"
    else:
        what = "translated, for review" if message.msgstr != unit.target else "for review"
    if theirs:
        _keep(message, display)
        what += " (the catalog's unreviewed text is kept in a comment)"
    _set(message, unit.target, reviewed)
    report.changes.append(Change(catalog, message.msgid, what, message.key))


def _take_notes(
    unit: ReadUnit,
    message: Message | None,
    known: tuple[set[str], set[str]],
    display: str,
    report: FileReport,
) -> None:
    """Keep the notes a translator wrote on a unit in the CAT tool as translator comments
    (``# …``, a line each, as written) of the entry its translation goes to (``message``):
    those lines the catalog has nowhere and the export did not write (``known``), once."""
    lines = [_comment_line(line) for note in unit.notes for line in note.splitlines()]
    new = [line for line in dict.fromkeys(lines) if line and not any(line in k for k in known)]
    if message is not None:
        new = [line for line in new if line not in message.translator_comments]
    if not new:
        return
    english = shortened(unit.source, 60)
    if message is None:
        why = "its note has no entry to go to (its English changed since the export?)"
        report.not_applied.append(NotApplied(f"{display}:{unit.line}", english, why))
        return
    message.translator_comments = [*message.translator_comments, *new]
    report.notes.append(Change(f"{display}:{unit.line}", english, "note", message.key))


def _comment_line(text: str) -> str:
    """A line of a note as a comment line holds it: without control characters, nor the
    spaces at its end (which a catalog's reader drops)."""
    return without_controls(text).rstrip()


def _keep(message: Message, display: str) -> None:
    """Keep the entry's text, about to be replaced, in a translator comment (on one line: a
    comment spans no line break)."""
    kept = " ".join(message.msgstr.split())
    message.translator_comments = [
        *message.translator_comments,
        f"{REPLACED_COMMENT}{Path(display).name}: {kept}",
    ]


def _unfit(message: Message, unit: ReadUnit, skip: Callable[[str], None]) -> bool:
    """Whether the unit's translation would break the entry for gettext (said by ``skip``)."""
    assert unit.target is not None
    problem = _format_problem(message, unit.target)
    if problem is not None:
        skip(f"its translation would break the catalog for gettext: {problem}")
        return True
    for end, test in (("begin", str.startswith), ("end", str.endswith)):
        if test(message.msgid, "\n") != test(unit.target, "\n"):
            skip(f"its translation must {end} with a line break where the English does (gettext)")
            return True
    # What a CAT tool does not show: taken as reviewed, it would stop the language's
    # publication at the gate, for a reason the translator never saw in the tool.
    control = control_character(unit.target)
    found = control or noncharacter(unit.target)
    if found is not None:
        kind = "a control character" if control else "a noncharacter"
        skip(f"its translation holds {kind} ({found[1]}) at character {found[0] + 1}: remove it")
        return True
    problem = bidi_problem(unit.target)
    if problem is not None:
        skip(f"in its translation, {problem}")
        return True
    return False


def _format_problem(message: Message, text: str) -> str | None:
    """What msgfmt's format check would say of ``text`` as the entry's translation (a site
    word's ``{field}`` lost or renamed in the CAT tool)."""
    kept = message.msgstr
    message.msgstr = text
    try:
        return directives.check(message)
    finally:
        message.msgstr = kept


def _most_alike(sources: list[str], messages: list[Message]) -> dict[str, Message]:
    """The units' English (``sources``) each paired with the entry whose English is most like
    it, as msgmerge's similarity goes (0.6 at least), where each is the other's best alone:
    of two units like one entry (a sentence deleted beside the one reworded), the nearer has
    it, and the other none, rather than the first in the file the wrong one."""
    from rapidfuzz import fuzz

    from communique.catalog.merge import FUZZY_THRESHOLD

    scores = {
        (source, index): fuzz.ratio(source, message.msgid)
        for source in dict.fromkeys(sources)
        for index, message in enumerate(messages)
    }
    scores = {pair: score for pair, score in scores.items() if score >= FUZZY_THRESHOLD * 100}

    def best(pairs: list[tuple[tuple[str, int], float]]) -> tuple[str, int] | None:
        ranked = sorted(pairs, key=lambda item: -item[1])
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]

    paired = {}
    for source in dict.fromkeys(sources):
        mine = best([(pair, score) for pair, score in scores.items() if pair[0] == source])
        if mine is None:
            continue
        theirs = best([(pair, score) for pair, score in scores.items() if pair[1] == mine[1]])
        if theirs == mine:
            paired[source] = messages[mine[1]]
    return paired


def _set(message: Message, text: str, reviewed: bool) -> None:
    message.msgstr = text
    if reviewed:
        message.flags = [flag for flag in message.flags if flag != FUZZY]
        # A reviewed entry no longer needs the English it was matched from (as Poedit does).
        message.previous_msgid = message.previous_msgctxt = message.previous_msgid_plural = None
    elif FUZZY not in message.flags:
        message.flags.insert(0, FUZZY)


def describe(report: FileReport) -> list[str]:
    """The report's lines: a summary, then each change and each unit not applied."""
    counts: dict[str, int] = {}
    for change in report.changes:
        counts[change.what] = counts.get(change.what, 0) + 1
    parts = [f"{count} {what}" for what, count in counts.items()]
    parts.append(f"{report.unchanged} unchanged")
    if report.not_applied:
        parts.append(f"{len(report.not_applied)} not applied")
    if report.notes:
        kept = "a translator comment" if len(report.notes) == 1 else "translator comments"
        parts.append(f"{counted(len(report.notes), 'note')} kept as {kept}")
    tagged = f" (tagged {report.tagged})" if report.tagged else ""
    lines = [f"{report.display} -> {report.catalog}{tagged}: {', '.join(parts)}"]
    lines += [f"  {c.where}: {c.what}: {shortened(c.english, 60)!r}" for c in report.changes]
    lines += [
        f"  {n.where}: note kept as a translator comment: {shortened(n.english, 60)!r}"
        for n in report.notes
    ]
    lines += [f"  {n.where}: not applied: {n.why}: {n.english!r}" for n in report.not_applied]
    return lines
