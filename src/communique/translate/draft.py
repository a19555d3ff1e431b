"""``draft``: give translators a start — memory, glossary, then machine translation — as fuzzy.

For each untranslated entry, in order:

1. the translation memory: a reviewed translation of the same or a similar English sentence
   from any catalog of the project in the same locale, or from a TMX memory imported into it
   (``tm 100% from <slug>``, ``tm 87% from <file>.tmx``, with the memory's English as
   ``#| msgid`` when it differs);
2. the glossary alone, when nothing but protected spans is left to translate ("Strasbourg");
3. the engine configured for the locale (``apertium eng-cat | cat-fra``), with numbers, dates,
   URLs, markup and glossary terms protected and put back in the locale's form.

Every draft is ``#, fuzzy`` with a translator comment ``draft: <origin> [<mark>]`` (and the words
the engine did not know); the mark proves the text untouched (:mod:`communique.catalog.drafts`).
Reviewed entries are never touched, nor text a translator changed, fuzzy or not; untouched
drafts are redone only with ``refresh``. A ``draft:`` comment left on text a translator changed
or reviewed is removed.

Every engine answer that can be used is cached as soon as it is back, and a long run saves its
catalogs every few seconds, so a failed or killed run keeps what it drafted, and the next one
continues where it stopped without asking the engine again. ``dry_run`` works on a throwaway
copy of the memory and writes nothing in the project.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from communique.catalog import Message
from communique.catalog.drafts import is_draft, set_draft, settle
from communique.errors import CatalogError, SourceError, shortened
from communique.translate.engines import Engine, EngineError, Route, Translation, create_engine
from communique.translate.engines.base import TextRefused
from communique.translate.glossary import Glossary
from communique.translate.memory import CatalogSource, Memory
from communique.translate.protect import (
    Protected,
    RestoreError,
    protect,
    restore,
    with_terms_as_text,
)
from communique.workspace import CatalogEntry, Workspace
from communique.workspace.layout import SITE_WORDS

#: Sentences go to the engine this many at a time: Apertium translates a batch faster than
#: single sentences.
BATCH = 10
#: A long run saves the catalog it is drafting after a batch once this many seconds have passed
#: since the last save; a short one writes each catalog once, at the end.
SAVE_INTERVAL = 5.0


@dataclass
class LocaleSummary:
    """What a run drafted for one locale, by source."""

    locale: str
    engine: str
    route: str | None = None
    note: str | None = None
    memory: int = 0
    glossary: int = 0
    #: Drafts that are the English as written (an address, a name, a figure): no term in them.
    as_written: int = 0
    machine: int = 0
    cached: int = 0
    failed: int = 0
    undrafted: int = 0
    #: Entries ``--refresh`` would draft again that keep the draft they hold (no engine).
    kept: int = 0
    errors: list[str] = field(default_factory=list)
    #: Why the engine was not asked again (one of ``errors``), if it failed: what stopped the
    #: run, which its last line says rather than the first text refused.
    broken: str | None = None
    #: The releases and catalogs that could not be read (``file:line: what``): left as they
    #: are, the others drafted.
    unreadable: list[str] = field(default_factory=list)

    @property
    def drafted(self) -> int:
        return self.memory + self.glossary + self.as_written + self.machine


class Progress:
    """Told how many entries a run will look at, then of each one done (for a progress bar)."""

    def start(self, total: int) -> None:
        """The run will look at ``total`` entries."""

    def advance(self) -> None:
        """One more entry is done."""


@dataclass
class _Context:
    locale: str
    summary: LocaleSummary
    memory: Memory
    glossary: Glossary
    threshold: float
    engine: Engine | None
    route: Route | None
    dry_run: bool
    progress: Progress
    broken: str | None = None
    #: The engine's translation of each glossary term alone, by English (a rule-based engine
    #: gets terms as text, found in its answer by these: see protect.with_terms_as_text).
    renderings: dict[str, str] = field(default_factory=dict)


def memory_sources(workspace: Workspace) -> list[CatalogSource]:
    """Every catalog of every target locale, as the translation memory indexes them."""
    return [
        entry.memory_source()
        for locale in workspace.settings.target_locales
        for entry in workspace.catalogs_in(locale)
        if entry.exists
    ]


def draft(
    workspace: Workspace,
    slugs: Sequence[str] = (),
    locales: Sequence[str] = (),
    *,
    engine: str | None = None,
    refresh: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    engine_factory: Callable[[str], Engine | None] | None = None,
) -> list[LocaleSummary]:
    """Draft the untranslated entries of the given releases and locales (all by default).

    The drafts are made in the workspace's catalogs, saved when the workspace is; a long run
    also saves a catalog every :data:`SAVE_INTERVAL` seconds. ``dry_run`` changes nothing (the
    workspace should then hold a throwaway copy of the memory: ``Workspace.open(dry_run=True)``).
    """
    chosen = workspace.locales(locales)
    settings = workspace.settings
    factory = engine_factory or (lambda name: create_engine(name, settings.engines.options))
    names = []
    unreadable: dict[str, list[str]] = {locale: [] for locale in chosen}
    for slug in workspace.slugs(slugs):
        try:
            workspace.release(slug)
            names.append(slug)
        except SourceError as error:  # its catalogs wait for its author's fix
            for problems in unreadable.values():
                problems.append(str(error))
    targets = {locale: _readable(workspace, names, locale, unreadable) for locale in chosen}
    if not slugs:  # the site's own words, where the project keeps a catalog of them
        for locale in chosen:
            site = workspace.site_catalog(locale)
            if site.exists:
                targets[locale] += _readable_entry(site, unreadable[locale])
    engines: dict[str, Engine | None] = {}
    summaries = []
    progress = progress or Progress()
    memory = workspace.memory
    memory.refresh(memory_sources(workspace))
    progress.start(sum(_pending(entry, refresh) for ts in targets.values() for entry in ts))
    saver = _Saver(workspace, dry_run)
    # An engine that failed for one language (unreachable, timed out, its key refused) is not
    # asked again for the next: each would wait as long again for the same failure.
    failed: dict[str, tuple[str, str]] = {}
    try:
        for locale in chosen:
            name = engine or settings.engines.for_locale(locale)
            if name not in engines:
                engines[name] = factory(name)
            summary = LocaleSummary(locale, name, unreadable=unreadable[locale])
            context = _Context(
                locale,
                summary,
                memory,
                workspace.glossary,
                float(settings.drafting.memory_threshold),
                engines[name],
                None,
                dry_run,
                progress,
            )
            _choose_route(context, settings.source_locale)
            if name in failed and context.route is not None:
                first, reason = failed[name]
                context.broken = reason
                summary.errors.append(f"{reason} (for {first}: not asked again)")
            for entry in targets[locale]:
                markup = entry.slug != SITE_WORDS and workspace.release(entry.slug).markup
                _draft_catalog(context, entry, markup, refresh, saver)
            if context.broken is not None and name not in failed:
                failed[name] = (locale, context.broken)
            summary.broken = context.broken
            summaries.append(summary)
    finally:
        for instance in engines.values():
            if instance is not None:
                instance.close()
    return summaries


class _Saver:
    """Saves a catalog as soon as it is drafted, and one being drafted now and then, so a long
    run that is killed keeps most of its drafts (every engine answer is in the memory's cache
    anyway). Each catalog is written once all the same, and a translator's save of one stops
    the run with the others' drafts kept."""

    def __init__(self, workspace: Workspace, dry_run: bool):
        self.workspace = workspace
        self.dry_run = dry_run
        self.last = time.monotonic()

    def changed(self, entry: CatalogEntry, *, final: bool = False) -> None:
        """The catalog was changed in place; save it if the last save is long enough ago."""
        if self.dry_run:
            return
        entry.touch()
        if final or time.monotonic() - self.last >= SAVE_INTERVAL:
            self.workspace.save_catalog(entry)
            self.last = time.monotonic()


def _choose_route(context: _Context, source: str) -> None:
    summary, engine = context.summary, context.engine
    if engine is None:
        summary.note = "no engine configured: drafted from memory and glossary only"
        return
    try:
        context.route = engine.route(source, context.locale)
    except EngineError as exc:  # (the error line says what; the note, what was done instead)
        summary.errors.append(str(exc))
        known = getattr(engine, "known_route", None)
        route = known(context.memory.routes(engine.name), source, context.locale) if known else None
        if route is None:
            summary.note = "drafted from memory and glossary only"
            return
        # It cannot say which languages it has, but has answered on this route before: its
        # cached answers are used (it is asked for no other).
        summary.note = "drafted from memory, glossary and its earlier answers only"
        context.route = route
        context.broken = str(exc)
        summary.route = route.label
        return
    if context.route is None:
        describe = getattr(engine, "describe", None)
        detail = f" ({describe()})" if callable(describe) else ""
        kind = "offline route" if engine.name == "apertium" else "route"
        summary.note = (
            f"no {kind} from {source} to {context.locale}{detail}: "
            "drafted from memory and glossary only"
        )
    else:
        summary.route = context.route.label


def needs_draft(message: Message, refresh: bool) -> bool:
    """Untranslated entries, and with ``refresh`` the drafts this tool made that nobody has
    touched since."""
    if message.obsolete or message.msgid_plural is not None or not message.msgid:
        return False
    if not message.translated:
        return True
    return refresh and is_draft(message)


def _readable(
    workspace: Workspace, slugs: Sequence[str], locale: str, unreadable: dict[str, list[str]]
) -> list[CatalogEntry]:
    """The catalogs of ``slugs`` in ``locale`` that can be read; the errors of the others go
    to ``unreadable``."""
    found = []
    for slug in slugs:
        entry = workspace.catalog(slug, locale)
        try:
            entry.load()
        except CatalogError as error:
            unreadable[locale].append(str(error))
            continue
        found.append(entry)
    return found


def _readable_entry(entry: CatalogEntry, unreadable: list[str]) -> list[CatalogEntry]:
    try:
        entry.load()
    except CatalogError as error:
        unreadable.append(str(error))
        return []
    return [entry]


def _pending(entry: CatalogEntry, refresh: bool) -> int:
    catalog = entry.load()
    if catalog is None:
        return 0
    return sum(needs_draft(message, refresh) for message in catalog.messages)


def _draft_catalog(
    context: _Context, entry: CatalogEntry, markup: bool, refresh: bool, saver: _Saver
) -> None:
    catalog = entry.load()
    if catalog is None:
        context.summary.errors.append(f"{entry.path}: no catalog yet (run 'communique update')")
        return
    summary = context.summary
    saved = summary.drafted
    batch: list[tuple[Message, Protected]] = []
    if settle(catalog) and not context.dry_run:
        entry.touch()  # draft: comments on text a translator changed or reviewed

    def save(*, final: bool = False) -> None:
        nonlocal saved
        if summary.drafted > saved:
            saver.changed(entry, final=final)
        saved = summary.drafted

    for message in catalog.messages:
        if not needs_draft(message, refresh):
            continue
        protected = _draft_without_engine(context, message, markup)
        if protected is None:
            context.progress.advance()
        else:
            batch.append((message, protected))  # counted as done when the engine answers
            if len(batch) == BATCH:
                _draft_with_engine(context, batch)
                batch = []
                save()
    _draft_with_engine(context, batch)
    save(final=True)


def _draft_without_engine(context: _Context, message: Message, markup: bool) -> Protected | None:
    """Draft from memory, glossary or the engine's cache, or count the entry as left or failed;
    the protected text if the engine has to be asked."""
    summary = context.summary
    match = context.memory.lookup(context.locale, message.msgid, context.threshold)
    if match is not None:
        previous = None if match.source == message.msgid else match.source
        # Rounded down: a 99.6 % match is no "tm 100%", which says (and XLIFF exports) exact.
        _apply(message, match.target, f"tm {int(match.score)}% from {match.origin}", previous)
        summary.memory += 1
        return None
    protected = protect(
        message.msgid,
        locale=context.locale,
        markup=markup,
        glossary=context.glossary,
        braces="python-brace-format" in message.flags,
        as_text=context.engine is not None and context.engine.rule_based,
    )
    if not protected.needs_engine:
        placeholders = protected.placeholders
        if protected.terms():
            _apply(message, restore(placeholders.text, placeholders), "glossary")
            summary.glossary += 1
        else:
            _apply(message, restore(placeholders.text, placeholders), "kept as written")
            summary.as_written += 1
        return None
    ready = context.engine is not None and context.route is not None
    if ready and _draft_from_cache(context, message, protected):
        return None  # (an answer kept from an earlier run, also where the engine fails now)
    if not _engine_ready(context, message):
        return None
    if context.dry_run:
        summary.machine += 1
        return None
    return protected


def _engine_ready(context: _Context, message: Message) -> bool:
    """Whether the locale has a working engine; counts the entry as left (empty, or with the
    draft it holds) or failed if not."""
    if context.engine is None or context.route is None:
        if message.msgstr:
            context.summary.kept += 1
        else:
            context.summary.undrafted += 1
        return False
    if context.broken is not None:
        context.summary.failed += 1
        return False
    return True


def _draft_from_cache(context: _Context, message: Message, protected: Protected) -> bool:
    """Draft from the engine's earlier answer; whether there was one that still restores.

    Only answers that restore are cached, but a cache filled by an older version may hold one
    that lost its placeholders: it is asked for again, and the new answer replaces it. (An
    answer to a sentence with numbers, dates or terms as text is cached all the same: where
    one cannot be found in it, the answer to what was sent instead is the one used, see
    :meth:`Protected.instead`.)
    """
    assert context.engine is not None
    assert context.route is not None
    protected = _with_terms(context, protected)
    if context.engine.rule_based and any(
        slot.english not in context.renderings for slot in protected.terms()
    ):
        return False  # (a term's translation alone is not known yet: the batch asks for it)
    tried: Protected | None = protected
    while tried is not None:
        translation = context.memory.cached(context.engine.name, context.route.label, tried.text)
        if translation is None:
            return False
        try:
            text = _restored(translation, tried)
        except RestoreError as error:  # (not all found in it: the answer to what was sent next)
            tried = tried.instead(error)
            continue
        context.summary.cached += 1
        _apply_machine(context, message, text, translation, tried)
        return True
    return False


def _with_terms(context: _Context, protected: Protected) -> Protected:
    """For a rule-based engine, the sentence with its glossary terms as text, where the
    engine's translation of each alone is known (this run, or in the memory's cache)."""
    engine, route = context.engine, context.route
    if engine is None or route is None or not engine.rule_based or not protected.terms():
        return protected
    for slot in protected.terms():
        if slot.english not in context.renderings:
            cached = context.memory.cached(engine.name, route.label, slot.english)
            if cached is not None:
                context.renderings[slot.english] = cached.text
    return with_terms_as_text(protected, context.renderings)


def _ask_for_terms(context: _Context, batch: list[tuple[Message, Protected]]) -> None:
    """Ask a rule-based engine for its translation of each glossary term of the batch that it
    has not translated alone before; cached as any answer."""
    engine, route = context.engine, context.route
    assert engine is not None
    assert route is not None
    if not engine.rule_based:
        return
    wanted = dict.fromkeys(
        slot.english
        for _, protected in batch
        for slot in protected.terms()
        if slot.english not in context.renderings
        and context.memory.cached(engine.name, route.label, slot.english) is None
    )
    if not wanted:
        return
    for english, translation in zip(wanted, engine.translate(route, list(wanted)), strict=True):
        context.memory.store(engine.name, route.label, english, translation)
        context.renderings[english] = translation.text


def _draft_with_engine(
    context: _Context, batch: list[tuple[Message, Protected]], *, terms: bool = True
) -> None:
    """Send a batch to the engine; cache and apply each answer as soon as it is back. Without
    ``terms``, the glossary terms go as placeholders whatever the engine."""
    if not batch:
        return
    engine, route, summary = context.engine, context.route, context.summary
    assert engine is not None
    assert route is not None
    answered = 0
    again: list[tuple[Message, Protected]] = []
    # Each text goes once: two sentences may be the same once their numbers and addresses
    # are placeholders ("The meeting convened <x0/> delegates"), and an online engine is
    # paid by the character. Every entry sent as a text gets its answer.
    sharing: dict[str, list[tuple[Message, Protected]]] = {}
    try:
        if terms:
            _ask_for_terms(context, batch)
            batch = [(message, _with_terms(context, protected)) for message, protected in batch]
        for message, protected in batch:
            sharing.setdefault(protected.text, []).append((message, protected))
        answers = engine.translations(route, list(sharing))
        for entries, translation in zip(sharing.values(), answers, strict=True):
            answered += 1
            for message, protected in entries:
                instead = _use(context, message, protected, translation)
                if instead is None:
                    context.progress.advance()
                else:
                    again.append((message, instead))
    except TextRefused as exc:
        # That text's entries fail; the rest of the batch goes on. (Before the texts were
        # grouped, each entry is a group of its own.)
        groups = list(sharing.values()) or [[pair] for pair in batch]
        refused = groups[answered]
        also = ""
        if len(refused) > 1:
            also = f" (and the {len(refused) - 1} other entries of the same text)"
            if len(refused) == 2:
                also = " (and the other entry of the same text)"
        summary.errors.append(f"{exc}: {shortened(refused[0][0].msgid, 60)!r}{also}")
        summary.failed += len(refused)
        for _ in refused:
            context.progress.advance()
        rest = [pair for group in groups[answered + 1 :] for pair in group]
        _draft_with_engine(context, rest, terms=terms)
        _draft_with_engine(context, again, terms=False)
        return
    except EngineError as exc:
        context.broken = str(exc)
        summary.errors.append(str(exc))
        groups = list(sharing.values()) or [[pair] for pair in batch]
        unsent = sum(len(group) for group in groups[answered:]) + len(again)
        summary.failed += unsent
        for _ in range(unsent):
            context.progress.advance()
        return
    # Those with a number, date or term the answer did not show recognisably: again, with it
    # as a placeholder.
    _draft_with_engine(context, again, terms=False)


def _use(
    context: _Context, message: Message, protected: Protected, translation: Translation
) -> Protected | None:
    """Apply an engine's answer and cache it, unless it lost placeholders (then it failed);
    or what to ask the engine instead, where something sent as text is not found in it (the
    answer is cached: the next run goes straight to the answer to that)."""
    assert context.engine is not None
    assert context.route is not None
    try:
        text = _restored(translation, protected)
    except RestoreError as exc:
        instead = protected.instead(exc)
        if instead is not None:
            memory, engine, route = context.memory, context.engine, context.route
            memory.store(engine.name, route.label, protected.text, translation)
            return instead
        context.summary.failed += 1
        said = str(exc).replace("the engine", context.engine.name, 1)
        context.summary.errors.append(
            f"{said}, which a draft keeps as written: {shortened(message.msgid, 50)!r} is left "
            "to translate"
        )
        return None
    context.memory.store(context.engine.name, context.route.label, protected.text, translation)
    _apply_machine(context, message, text, translation, protected)
    return None


def _restored(translation: Translation, protected: Protected) -> str:
    """An engine's answer with the protected spans put back; RestoreError if any was lost."""
    return tidy(restore(translation.text, protected))


def _apply_machine(
    context: _Context, message: Message, text: str, translation: Translation, protected: Protected
) -> None:
    assert context.route is not None
    origin = context.route.label
    # Those the draft shows outside the glossary's terms: a term the engine did not know
    # ("OSR/CTHB", or its Spanish on the way to Italian) is the approved one there.
    rest = text
    for slot in protected.terms():
        for form in (slot.target, slot.target[:1].upper() + slot.target[1:]):
            rest = rest.replace(form, " ")
    unknown = [word for word in translation.unknown if word in rest]
    if unknown:
        origin += "; unknown words: " + ", ".join(unknown)
    _apply(message, text, origin)
    context.summary.machine += 1


def tidy(text: str) -> str:
    """Mend the spacing engines leave around moved placeholders, and Apertium at times before a
    full stop ("eran mujeres ."): doubled spaces, "( x )", " ." (not before a digit: " .5").

    >>> tidy("la  réunion ( OSCE ) , eran mujeres .")
    'la réunion (OSCE), eran mujeres.'
    """
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    text = re.sub(r" \.(?=\s|$)", ".", text)
    return re.sub(r" ([)\],])", r"\1", text).strip()


def _apply(message: Message, text: str, origin: str, previous: str | None = None) -> None:
    set_draft(message, text, origin)
    message.previous_msgid = previous
    message.previous_msgctxt = None
    message.previous_msgid_plural = None


def draft_summary(summary: LocaleSummary, *, dry_run: bool = False) -> str:
    """A few lines for one locale: what was drafted from where, and what went wrong."""
    verb = "would draft" if dry_run else "drafted"
    route = f" ({summary.route})" if summary.route else ""
    lines = [
        f"{summary.locale}: {verb} {summary.drafted}: {summary.memory} from memory, "
        f"{summary.glossary} glossary-only, "
        + (f"{summary.as_written} kept as written, " if summary.as_written else "")
        + f"{summary.machine} by {summary.engine}{route}"
        f" ({summary.cached} cached); {summary.failed} failed, {summary.undrafted} left empty"
        + (f", {summary.kept} left with the draft they had" if summary.kept else "")
    ]
    # (Why an engine drafted nothing is said where there was something to draft: with nothing
    # to draft, every run of a project would repeat it.)
    if summary.note and (summary.drafted or summary.undrafted or summary.failed):
        lines.append(f"  {summary.note}")
    lines += [f"  error: {error}" for error in summary.errors]
    return "\n".join(lines)
