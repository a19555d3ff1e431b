"""``update``: keep one PO catalog per release and target locale in step with the English.

A run reads every release and every catalog it touches, checks them all and computes every
merge before anything is written (the workspace writes at the end of the command). A catalog
that cannot be read is left as it is and reported (``file:line``); the others are updated.
A catalog is rewritten only when the merge changes its content; a file laid out by Poedit or
Weblate that needs no change keeps its bytes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from communique.catalog import Catalog, Message, format_catalog
from communique.catalog.drafts import is_draft, settle, translator_notes
from communique.catalog.header import new_catalog, plural_forms
from communique.catalog.merge import MergeReport, merge
from communique.catalog.model import FUZZY, reviewed_units
from communique.errors import CatalogError, CommuniqueError, SourceError
from communique.files import digest
from communique.locales import from_gettext, gettext_language, likely, parse_locale
from communique.workspace import CatalogEntry, Template, Workspace
from communique.workspace.layout import (
    FEED_IDS,
    RECORD_FOLDER,
    SITE_WORDS_FOLDER,
    catalog_folder,
    site_words_path,
)


@dataclass(frozen=True)
class CatalogPlan:
    """One catalog as it should be after the run."""

    slug: str
    locale: str
    path: str
    messages: int
    created: bool
    changed: bool
    report: MergeReport


@dataclass(frozen=True)
class UpdatePlan:
    """What a run changes (or, with ``--check``, would change)."""

    templates: list[Template]
    catalogs: list[CatalogPlan]
    #: Templates and catalogs of the target locales whose release is gone from ``source/``.
    orphans: list[str] = dataclasses.field(default_factory=list)
    #: The releases and catalogs that could not be read, as errors (``file:line: what``):
    #: each is left as it is (a release's template and catalogs too), the others are updated.
    problems: list[str] = dataclasses.field(default_factory=list)
    #: Folders of ``locale/`` that hold catalogs no target locale reads (``locale/zh_CN/``,
    #: as gettext names it, for a project's ``zh-Hans``), with the target they are meant for
    #: (and True), or the BCP 47 tag their name means where it is none of the targets.
    strays: list[tuple[str, str, bool]] = dataclasses.field(default_factory=list)

    @property
    def stale(self) -> list[str]:
        """The files that are out of date with their sources."""
        paths = [template.path for template in self.templates if template.changed]
        return paths + [plan.path for plan in self.catalogs if plan.changed]


def update(
    workspace: Workspace,
    slugs: Sequence[str] = (),
    locales: Sequence[str] = (),
    *,
    check: bool = False,
    sources_checked: bool = False,
) -> UpdatePlan:
    """Merge the templates of the given releases into their catalogs in the given locales (all
    by default). The changed templates and catalogs are written when the workspace is saved;
    with ``check`` nothing is changed: the plan only says what is stale. A release online
    whose source is gone stops it (see :func:`~communique.site.record.online_without_source`),
    but where the caller has dealt with that (``sources_checked``: a rename's update of the
    release it renamed)."""
    from communique.site.record import online_without_source, without_source_error

    chosen = workspace.locales(locales)
    unsourced = [] if sources_checked else online_without_source(workspace)
    if unsourced:
        raise without_source_error(workspace, unsourced, "no catalog was updated")
    templates = []
    catalogs = []
    problems = []
    for slug in workspace.slugs(slugs):
        try:
            template = workspace.template(slug) if check else workspace.stage_template(slug)
        except SourceError as error:  # the release waits for its author's fix
            problems.append(str(error))
            continue
        templates.append(template)
        for locale in chosen:
            try:
                catalogs.append(
                    _update_catalog(
                        workspace.catalog(slug, locale),
                        template.catalog,
                        f"the press release {template.release.path}",
                        check,
                        markup=template.release.markup,
                    )
                )
            except CatalogError as error:  # this catalog waits for its translator's fix
                problems.append(str(error))
    if not slugs:
        catalogs += _update_site_words(workspace, chosen, check, problems)
    return UpdatePlan(templates, catalogs, orphans(workspace, chosen), problems, strays(workspace))


def strays(workspace: Workspace) -> list[tuple[str, str, bool]]:
    """The folders of ``locale/`` that hold catalogs (``*.po``, in ``LC_MESSAGES/`` or not) but
    are no target locale's, the templates' or the site's words': nothing reads them. Each
    with the target it seems meant for (``locale/sr@latin/``: ``sr-Latn``), if one."""
    targets = workspace.settings.target_locales
    known = {"templates", SITE_WORDS_FOLDER.rpartition("/")[2]}
    known |= {catalog_folder(locale).partition("/")[0] for locale in targets}
    files = workspace.files
    found = []
    for name in files.folders("locale"):
        if name in known or name.startswith("."):
            continue
        inside = (files.names(f"locale/{name}/LC_MESSAGES") or []) + (
            files.names(f"locale/{name}") or []
        )
        if any(file.endswith(".po") for file in inside):
            tag = from_gettext(name)
            # The target it is (zh_CN for zh-Hans, fr_FR for fr), not one of another variety
            # (de_CH for de: moved there, Swiss German would replace the German).
            meant = next((t for t in targets if likely(t) == likely(tag)), None)
            found.append((f"locale/{name}/", meant or tag, meant is not None))
    # The site's words in a file no target reads (locale/site/pt_br.po, sr@latin.po): the
    # pages showed communique's words or the English, and nothing said why.
    read = {site_words_path(locale) for locale in targets}
    for name in files.names(SITE_WORDS_FOLDER) or ():
        path = f"{SITE_WORDS_FOLDER}/{name}"
        if not name.endswith(".po") or path in read:
            continue
        tag = from_gettext(name.removesuffix(".po"))
        try:
            meant = next((t for t in targets if likely(t) == likely(tag)), None)
        except CommuniqueError:  # (no tag at all)
            meant = None
        found.append((path, meant or tag, meant is not None))
    return found


def _update_site_words(
    workspace: Workspace, locales: Sequence[str], check: bool, problems: list[str]
) -> list[CatalogPlan]:
    """Keep the project's catalogs of the site's own words in step with the words its
    templates use: one for each target language communique ships no words for (its pages
    would show them in English), and each one the project keeps to override them."""
    from communique.site.i18n import project_words, shipped, words_template

    template = words_template(project_words(workspace))
    plans = []
    for locale in locales:
        entry = workspace.site_catalog(locale)
        if shipped(locale) and not entry.exists:
            continue
        try:
            plans.append(_update_catalog(entry, template, "the site's own words", check))
        except CatalogError as error:
            problems.append(str(error))
    return plans


def orphans(workspace: Workspace, locales: Sequence[str]) -> list[str]:
    """The templates, publication records, and the catalogs in ``locales``, whose release is
    no longer in ``source/`` (deleted or moved by hand, not with ``communique remove`` or
    ``rename``): nothing updates or publishes them any more."""
    releases = set(workspace.slugs())
    found = []
    for folder, suffix in [("locale/templates", ".pot"), (RECORD_FOLDER, ".json")] + [
        (f"locale/{catalog_folder(locale)}", ".po") for locale in locales
    ]:
        for name in workspace.files.names(folder) or ():
            # (published/_feeds.json is the site's, beside the records.)
            path = f"{folder}/{name}"
            if name.endswith(suffix) and name[: -len(suffix)] not in releases and path != FEED_IDS:
                found.append(path)
    return found


def _update_catalog(
    entry: CatalogEntry, template: Catalog, source: str, check: bool, *, markup: bool = False
) -> CatalogPlan:
    """Merge ``template`` (the English of ``source``: "the press release source/x.txt") into
    the catalog of ``entry``, created where there is none."""

    def keeps(flag: str, old: Message, new: Message) -> bool:
        from communique.qa.checks import silences_the_same

        workspace = entry.workspace
        return silences_the_same(
            flag,
            old.msgid,
            new.msgid,
            new.msgstr,
            locale=entry.locale,
            markup=markup,
            glossary=workspace.glossary,
        )

    old = entry.load()
    babel_locale = parse_locale(entry.locale)
    if old is None:
        old = new_catalog(template, babel_locale, source=source)
    fields = {"POT-Creation-Date": template.info.created}
    # Fill what a translator's tool may have left out; the catalog is written in UTF-8.
    defaults = {
        "Language": gettext_language(babel_locale),
        "Plural-Forms": plural_forms(babel_locale),
        "Content-Transfer-Encoding": "8bit",
    }
    fields.update({name: value for name, value in defaults.items() if not old.header_value(name)})
    fields["Content-Type"] = "text/plain; charset=UTF-8"
    # A draft: comment stands only on text nobody has touched. Settle before the merge too: a
    # reviewed draft the merge makes fuzzy again (its English changed) would look untouched.
    settled = settle(old)
    merged, report = merge(template, old, header=fields, keeps=keeps)
    if not check:
        _restore_reviewed(entry, merged, report, old, markup=markup)
        _leave_for_a_draft(merged, report)
    settle(merged)
    text = format_catalog(merged, number=True)
    created = not entry.exists
    changed = created or settled > 0 or not _same(entry, old, text)
    if changed and not check:
        # A reviewed translation the merge lets go of stays in the translation memory.
        dropped = reviewed_units(old) - reviewed_units(merged)
        if dropped:
            entry.workspace.memory.retain(entry.locale, entry.slug, dropped)
        entry.replace(merged, text)
    return CatalogPlan(
        entry.slug, entry.locale, entry.path, len(merged.messages), created, changed, report
    )


#: How a translator comment keeps the translation ``update`` set aside.
SET_ASIDE = "set aside by update (made for earlier English): "


def _restore_reviewed(
    entry: CatalogEntry, merged: Catalog, report: MergeReport, old: Catalog, *, markup: bool
) -> None:
    """An English edit undone (130 → 135 → 130): msgmerge leaves the entry fuzzy, with the
    English it was translated from as ``#|``, which is its English again. Where the memory
    knows that translation as reviewed for that English in this release, it is reviewed
    again: the press office's undo costs no language a review.

    So too where the translation for the English it is again was let go of since (reworded
    and reviewed, then reworded back: msgmerge offers the later wording's translation; a
    sentence deleted, then restored: it offers none): this release's reviewed translation
    of that English comes back, reviewed. Only to entries this merge made from ``old``, the
    catalog before it, and in place of no translator's unreviewed work: what msgmerge offers
    is kept where it is neither reviewed for the English it was made for (it stays in the
    memory as such) nor an untouched machine draft. In a stale copy of the catalog (merged
    with an older template than the one on disk), a reviewed translation it replaces that no
    run has seen (neither the memory nor the record has it: a translator's new work) is kept
    in a translator comment (``SET_ASIDE``)."""
    similar = {match.msgid for match in report.fuzzy}
    before = {m.key for m in old.messages if not m.obsolete}
    reviewed = reviewed_units(old)
    made_again = not entry.exists
    candidates = [
        m
        for m in merged.messages
        if not m.obsolete
        and m.msgid_plural is None
        and m.msgid
        and (m.fuzzy or not m.msgstr)
        # (A catalog made from nothing: a release's first, or one deleted, by mistake or
        # with a language's folder. What this release's readers were shown, or the memory
        # kept of it as reviewed, for the same English, comes back reviewed; the memory's
        # other translations are drafts, fuzzy, for 'draft' to offer.)
        and (made_again or m.msgid in similar or m.key not in before or m.previous_msgid == m.msgid)
    ]
    if not candidates:
        return
    from communique.site.record import shown_to_readers

    # What readers were shown is reviewed too, and committed: a fresh clone, whose memory
    # has not seen the review, knows it from the record.
    shown = shown_to_readers(entry.workspace, entry.slug, entry.locale)
    # A release's first catalog in the language, as nearly always: nothing to bring back.
    # (The memory is asked only where it is: a dry run, a full disk, must not make it.)
    workspace = entry.workspace
    if (
        made_again
        and not shown
        and not (workspace.has_memory and workspace.memory.let_go(entry.locale, entry.slug))
    ):
        return
    memory = entry.workspace.memory
    # The translations made for earlier English some run has seen reviewed (below: a stale
    # copy's new work is what none has), asked before the memory reads this catalog.
    seen = {
        (m.previous_msgid, m.msgstr)
        for m in candidates
        if m.previous_msgid is not None
        and m.msgstr
        and memory.reviewed(entry.locale, entry.slug, m.previous_msgid, m.msgstr)
    }
    if entry.exists and entry.slug in entry.workspace.sources:
        # What a translator reviewed since the memory last read the catalog is known to it
        # before this merge lets go of anything: a correction she made is what the release
        # last let go of, not the translation she corrected; her review, on a stale copy
        # saved over it, is let go of now.
        memory.notice(entry.memory_source())
    shown_for = dict(shown)
    stale = _stale(entry, old)
    for message in candidates:
        undone = message.fuzzy and (message.previous_msgctxt, message.previous_msgid) == (
            message.msgctxt,
            message.msgid,
        )
        if undone and (
            (message.msgid, message.msgstr) in shown
            or memory.reviewed(entry.locale, entry.slug, message.msgid, message.msgstr)
        ):
            back = message.msgstr
        elif message.fuzzy and not (
            message.msgid in similar
            and ((message.previous_msgid, message.msgstr) in reviewed or is_draft(message))
        ):
            continue  # the translator's work, to review
        else:
            # A catalog made again: what readers were shown first (the memory's is what the
            # release last let go of, perhaps before a later correction readers have).
            found = shown_for.get(message.msgid) if made_again else None
            if not found:
                found = memory.reviewed_before(entry.locale, entry.slug, message.msgid)
            if found is None:
                found = shown_for.get(message.msgid)
            if not found:
                continue
            back = found
            if (
                stale
                and message.msgstr
                and message.msgstr != back
                and message.previous_msgid is not None
                and not is_draft(message)
                and (message.previous_msgid, message.msgstr) not in shown
                and (message.previous_msgid, message.msgstr) not in seen
            ):
                # Reviewed for the English before, but no run has seen it: perhaps a
                # translator's new work on a stale copy of the catalog, saved over a newer
                # one. Kept beside the reviewed translation, for the translator to weigh.
                message.translator_comments.append(f"{SET_ASIDE}{' '.join(message.msgstr.split())}")
                report.set_aside.append(message.msgid)
        message.msgstr = back
        if message.fuzzy:
            message.flags.remove(FUZZY)
        if (message.msgid, back) in shown:
            # Readers were shown it: it passed the gate, with the flags its translator set,
            # which the record does not keep and the merge that let it go dropped with the
            # English they were set for (an edit undone, a sentence restored, a catalog made
            # again). A translation only the memory knows as reviewed gets none: it may never
            # have passed.
            from communique.qa.checks import silencing

            message.flags += [
                flag
                for flag in silencing(
                    message.msgid,
                    back,
                    locale=entry.locale,
                    markup=markup,
                    glossary=entry.workspace.glossary,
                )
                if flag not in message.flags
            ]
        message.previous_msgctxt = message.previous_msgid = message.previous_msgid_plural = None
        report.fuzzy = [f for f in report.fuzzy if f.msgid != message.msgid]
        report.restored.append(message.msgid)


def _stale(entry: CatalogEntry, old: Catalog) -> bool:
    """Whether the catalog was merged with an older template than the one on disk, which this
    run leaves as it is: a copy saved from before the last ``update`` (an English edit undone
    changes the template in the run that merges it)."""
    if entry.slug not in entry.workspace.sources:  # (the site's words: no release's)
        return False
    try:
        template = entry.workspace.template(entry.slug)
    except CommuniqueError:
        return False
    created = old.info.created
    return not template.changed and bool(created) and created != template.catalog.info.created


def _leave_for_a_draft(merged: Catalog, report: MergeReport) -> None:
    """An untouched machine draft that msgmerge's similarity gave a new English ("Venice
    Commission publishes…" got the draft of the release's first sentence, a title added
    later) is nobody's work and no draft of that English: the entry is left untranslated, and
    the next ``draft`` drafts its own English. What a translator touched stays, fuzzy."""
    similar = {match.msgid for match in report.fuzzy}
    stale = [m for m in merged.messages if m.msgid in similar and not m.obsolete and is_draft(m)]
    for message in stale:
        message.msgstr = ""
        message.flags.remove(FUZZY)
        message.translator_comments = translator_notes(message)
        message.previous_msgctxt = message.previous_msgid = message.previous_msgid_plural = None
        report.redraft.append(message.msgid)
    if stale:
        left = {message.msgid for message in stale}
        report.fuzzy = [f for f in report.fuzzy if f.msgid not in left]


def _same(entry: CatalogEntry, old: Catalog, text: str) -> bool:
    """Whether the merge leaves the catalog as it is: the same bytes, or (for a file another
    tool laid out) the same content, but for a byte-order mark, which msgfmt refuses: a
    file that starts with one is written again without it."""
    if entry.digest == digest(text.encode("utf-8")):
        return True
    return not entry.marked and format_catalog(old) == text
