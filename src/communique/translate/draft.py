"""``draft``: give translators a start — memory, glossary, then machine translation — as fuzzy.

For each untranslated entry, in order:

1. the translation memory: a reviewed translation of the same or a similar English sentence
   from any catalog of the project in the same locale (``tm 100% from <slug>``, ``tm 87% from
   <slug>``, with the memory's English as ``#| msgid`` when it differs);
2. the glossary alone, when nothing but protected spans is left to translate ("Strasbourg");
3. the engine configured for the locale (``apertium eng-cat | cat-fra``), with numbers, dates,
   URLs, markup and glossary terms protected and put back in the locale's form.

Every draft is ``#, fuzzy`` with a translator comment ``draft: <origin>`` (and the words the
engine did not know). Reviewed entries are never touched; fuzzy drafts are redone only with
``refresh``. Every engine answer that can be used is cached as soon as it is back, and catalogs
are saved every ten sentences and when the engine fails, so a failed or killed run keeps what
it drafted, and the next one continues where it stopped without asking the engine again.
``dry_run`` works on a throwaway copy of the memory and writes nothing in the project.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from communique.catalog import FUZZY, Message, format_catalog
from communique.catalog.reader import read_catalog_bytes
from communique.catalog.update import target_locales
from communique.files import Snapshot
from communique.lock import project_lock
from communique.project import Project
from communique.translate.engines import Engine, EngineError, Route, Translation, create_engine
from communique.translate.glossary import Glossary, load_glossary
from communique.translate.memory import CatalogFile, Memory, scratch_copy
from communique.translate.protect import Protected, RestoreError, protect, restore

DRAFT_COMMENT = "draft: "
#: Sentences go to the engine this many at a time (Apertium translates a batch faster than
#: single sentences), and catalogs are saved after each batch, so an interrupted run loses little.
SAVE_EVERY = 10


@dataclass
class LocaleSummary:
    """What a run drafted for one locale, by source."""

    locale: str
    engine: str
    route: str | None = None
    note: str | None = None
    memory: int = 0
    glossary: int = 0
    machine: int = 0
    cached: int = 0
    failed: int = 0
    undrafted: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def drafted(self) -> int:
        return self.memory + self.glossary + self.machine


class Progress:
    """Told how many entries a run will look at, then of each one done (for a progress bar)."""

    def start(self, total: int) -> None:
        """The run will look at ``total`` entries."""

    def advance(self) -> None:
        """One more entry is done."""


@dataclass
class _Target:
    slug: str
    path: Path
    display: str
    markup: bool


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


def project_catalogs(project: Project, locales: Sequence[str]) -> list[CatalogFile]:
    """Every PO file of the given locales, for the translation memory."""
    found = []
    for locale in locales:
        folder = project.catalog_dir(locale)
        for po in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            found.append(CatalogFile(po, project.relative(po), locale, po.stem))
    return found


def draft(
    project: Project,
    slugs: Sequence[str] = (),
    locales: Sequence[str] = (),
    *,
    engine: str | None = None,
    refresh: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    engine_factory: Callable[[str], Engine | None] | None = None,
) -> list[LocaleSummary]:
    """Draft the untranslated entries of the given releases and locales (all by default)."""
    chosen = target_locales(project, locales)
    settings = project.settings
    factory = engine_factory or (lambda name: create_engine(name, settings.engines.options))
    sources = [project.release_source(s) for s in slugs] if slugs else project.release_sources()
    targets = {
        locale: [
            _Target(
                source.stem,
                project.catalog_path(source.stem, locale),
                project.relative(project.catalog_path(source.stem, locale)),
                source.suffix == ".md",
            )
            for source in sources
        ]
        for locale in chosen
    }
    glossary = load_glossary(project.locale_dir, settings.target_locales, display_root=project.root)
    engines: dict[str, Engine | None] = {}
    summaries = []
    progress = progress or Progress()
    # A dry run only reads the project: it takes no lock and works on a copy of the memory.
    lock = contextlib.nullcontext() if dry_run else project_lock(project, "communique draft")
    with lock, _open_memory(project, dry_run) as memory:
        memory.refresh(project_catalogs(project, settings.target_locales))
        progress.start(sum(_pending(t, refresh) for ts in targets.values() for t in ts))
        try:
            for locale in chosen:
                name = engine or settings.engines.for_locale(locale)
                if name not in engines:
                    engines[name] = factory(name)
                summary = LocaleSummary(locale, name)
                context = _Context(
                    locale,
                    summary,
                    memory,
                    glossary,
                    float(settings.drafting.memory_threshold),
                    engines[name],
                    None,
                    dry_run,
                    progress,
                )
                _choose_route(context, settings.source_locale)
                for target in targets[locale]:
                    _draft_catalog(context, target, refresh)
                summaries.append(summary)
        finally:
            for instance in engines.values():
                if instance is not None:
                    instance.close()
    return summaries


def _open_memory(project: Project, dry_run: bool) -> contextlib.AbstractContextManager[Memory]:
    """The project's memory, or for a dry run a throwaway copy of it."""
    database = project.state_dir / "memory.sqlite"
    return scratch_copy(database) if dry_run else Memory(database)


def _choose_route(context: _Context, source: str) -> None:
    summary, engine = context.summary, context.engine
    if engine is None:
        summary.note = "no engine configured: drafted from memory and glossary only"
        return
    try:
        context.route = engine.route(source, context.locale)
    except EngineError as exc:
        summary.note = f"{exc}; drafted from memory and glossary only"
        summary.errors.append(str(exc))
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
    """Untranslated entries, and with ``refresh`` the fuzzy drafts this tool made."""
    if message.obsolete or message.msgid_plural is not None or not message.msgid:
        return False
    if not message.translated:
        return True
    return refresh and message.fuzzy and _is_draft(message)


def _is_draft(message: Message) -> bool:
    return any(comment.startswith(DRAFT_COMMENT) for comment in message.translator_comments)


def _pending(target: _Target, refresh: bool) -> int:
    if not target.path.is_file():
        return 0
    catalog = read_catalog_bytes(target.path.read_bytes(), path=target.display)
    return sum(needs_draft(message, refresh) for message in catalog.messages)


def _draft_catalog(context: _Context, target: _Target, refresh: bool) -> None:
    snapshot, raw = Snapshot.take(target.path, target.display)
    if raw is None:
        context.summary.errors.append(f"{target.display}: no catalog yet (run 'communique update')")
        return
    catalog = read_catalog_bytes(raw, path=target.display)
    summary = context.summary
    saved = summary.drafted
    batch: list[tuple[Message, Protected]] = []

    def save() -> None:
        nonlocal snapshot, saved
        if summary.drafted > saved and not context.dry_run:
            snapshot = snapshot.write(format_catalog(catalog))
        saved = summary.drafted

    for message in catalog.messages:
        if not needs_draft(message, refresh):
            continue
        protected = _draft_without_engine(context, message, target.markup)
        if protected is None:
            context.progress.advance()
        else:
            batch.append((message, protected))  # counted as done when the engine answers
            if len(batch) == SAVE_EVERY:
                _draft_with_engine(context, batch)
                batch = []
                save()
    _draft_with_engine(context, batch)
    save()


def _draft_without_engine(context: _Context, message: Message, markup: bool) -> Protected | None:
    """Draft from memory, glossary or the engine's cache, or count the entry as left or failed;
    the protected text if the engine has to be asked."""
    summary = context.summary
    match = context.memory.lookup(context.locale, message.msgid, context.threshold)
    if match is not None:
        previous = None if match.source == message.msgid else match.source
        _apply(message, match.target, f"tm {match.score:.0f}% from {match.slug}", previous)
        summary.memory += 1
        return None
    protected = protect(
        message.msgid, locale=context.locale, markup=markup, glossary=context.glossary
    )
    if not protected.needs_engine:
        origin = "glossary" if protected.terms() else "kept as written"
        _apply(message, restore(protected.text, protected), origin)
        summary.glossary += 1
        return None
    if not _engine_ready(context) or _draft_from_cache(context, message, protected):
        return None
    if context.dry_run:
        summary.machine += 1
        return None
    return protected


def _engine_ready(context: _Context) -> bool:
    """Whether the locale has a working engine; counts the entry as left or failed if not."""
    if context.engine is None or context.route is None:
        context.summary.undrafted += 1
        return False
    if context.broken is not None:
        context.summary.failed += 1
        return False
    return True


def _draft_from_cache(context: _Context, message: Message, protected: Protected) -> bool:
    """Draft from the engine's earlier answer; whether there was one that still restores.

    Only answers that restore are cached, but a cache filled by an older version may hold one
    that lost its placeholders: it is asked for again, and the new answer replaces it.
    """
    assert context.engine is not None
    assert context.route is not None
    translation = context.memory.cached(context.engine.name, context.route.label, protected.text)
    if translation is None:
        return False
    try:
        text = _restored(translation, protected)
    except RestoreError:
        return False
    context.summary.cached += 1
    _apply_machine(context, message, text, translation)
    return True


def _draft_with_engine(context: _Context, batch: list[tuple[Message, Protected]]) -> None:
    """Send a batch to the engine; cache and apply each answer as soon as it is back."""
    if not batch:
        return
    engine, route, summary = context.engine, context.route, context.summary
    assert engine is not None
    assert route is not None
    answers = engine.translations(route, [protected.text for _, protected in batch])
    answered = 0
    try:
        for (message, protected), translation in zip(batch, answers, strict=True):
            answered += 1
            _use(context, message, protected, translation)
            context.progress.advance()
    except EngineError as exc:
        context.broken = str(exc)
        summary.errors.append(str(exc))
        summary.failed += len(batch) - answered
        for _ in batch[answered:]:
            context.progress.advance()


def _use(
    context: _Context, message: Message, protected: Protected, translation: Translation
) -> None:
    """Apply an engine's answer and cache it, unless it lost placeholders (then it failed)."""
    assert context.engine is not None
    assert context.route is not None
    try:
        text = _restored(translation, protected)
    except RestoreError as exc:
        context.summary.failed += 1
        context.summary.errors.append(f"{message.msgid[:50]!r}: {exc}")
        return
    context.memory.store(context.engine.name, context.route.label, protected.text, translation)
    _apply_machine(context, message, text, translation)


def _restored(translation: Translation, protected: Protected) -> str:
    """An engine's answer with the protected spans put back; RestoreError if any was lost."""
    return tidy(restore(translation.text, protected))


def _apply_machine(
    context: _Context, message: Message, text: str, translation: Translation
) -> None:
    assert context.route is not None
    origin = context.route.label
    if translation.unknown:
        origin += "; unknown words: " + ", ".join(translation.unknown)
    _apply(message, text, origin)
    context.summary.machine += 1


def tidy(text: str) -> str:
    """Mend the spacing engines leave around moved placeholders: doubled spaces, "( x )".

    >>> tidy("la  réunion ( OSCE ) ,")
    'la réunion (OSCE),'
    """
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    return re.sub(r" ([)\],])", r"\1", text).strip()


def _apply(message: Message, text: str, origin: str, previous: str | None = None) -> None:
    message.msgstr = text
    if FUZZY not in message.flags:
        message.flags.insert(0, FUZZY)
    message.translator_comments = [
        c for c in message.translator_comments if not c.startswith(DRAFT_COMMENT)
    ] + [DRAFT_COMMENT + origin]
    message.previous_msgid = previous
    message.previous_msgctxt = None
    message.previous_msgid_plural = None


def draft_summary(summary: LocaleSummary, *, dry_run: bool = False) -> str:
    """A few lines for one locale: what was drafted from where, and what went wrong."""
    verb = "would draft" if dry_run else "drafted"
    route = f" ({summary.route})" if summary.route else ""
    lines = [
        f"{summary.locale}: {verb} {summary.drafted}: {summary.memory} from memory, "
        f"{summary.glossary} glossary-only, {summary.machine} by {summary.engine}{route}"
        f" ({summary.cached} cached); {summary.failed} failed, {summary.undrafted} left empty"
    ]
    if summary.note:
        lines.append(f"  {summary.note}")
    lines += [f"  error: {error}" for error in summary.errors]
    return "\n".join(lines)
