"""The registry of quality checks, and running them over a catalog.

A check receives one entry (the English, the translation, the locale and what the project knows)
and returns a one-line problem or None; one check (``essential-missing``) looks at the whole
version at once. Errors block publication of that language version; warnings are for the
translator. :data:`CHECKS` lists every check, in the order they run.

A translator silences one check on one entry with the flag ``ignore-<check id>``, e.g.
``#, ignore-same-as-source``. communique, Poedit and Weblate keep such flags; GNU ``msgmerge``
and ``msgcat`` drop every flag they do not know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from communique.catalog import Catalog, Message
from communique.qa import rules
from communique.qa.findings import NO_GLOSSARY, Entry, Finding, Severity
from communique.translate.glossary import Glossary

IGNORE_PREFIX = "ignore-"


@dataclass(frozen=True)
class Check:
    """A check: its id (for ``ignore-<id>`` and reports), severity and function.

    ``entry`` looks at one translated entry; ``version`` at all the live entries of a catalog at
    once, yielding each entry it finds a problem in.
    """

    id: str
    severity: Severity
    entry: Callable[[Entry], str | None] | None = None
    version: Callable[[Sequence[Message]], Iterator[tuple[Message, str]]] | None = None
    #: Whether keeping the translation as it is can be right (an ordinal written in words, a
    #: link to the page in the reader's language, a term or mark the context wants otherwise);
    #: broken markup, placeholders, blanks, bidi controls and leftovers of machine
    #: translation never are.
    ignorable: bool = False

    @property
    def title(self) -> str:
        """The first line of the function's docstring: what users see."""
        function = self.entry or self.version
        doc = function.__doc__ if function is not None else None
        return (doc or self.id).strip().splitlines()[0]


CHECKS: tuple[Check, ...] = (
    Check("numbers", Severity.ERROR, entry=rules.numbers_differ, ignorable=True),
    Check("links", Severity.ERROR, entry=rules.links_differ, ignorable=True),
    Check("markup", Severity.ERROR, entry=rules.markup_differs),
    Check("placeholders", Severity.ERROR, entry=rules.placeholders_differ),
    Check("mt-leftovers", Severity.ERROR, entry=rules.machine_translation_leftovers),
    Check("blank", Severity.ERROR, entry=rules.blank),
    Check("bidi-controls", Severity.ERROR, entry=rules.bidi_controls),
    Check("oversized", Severity.ERROR, entry=rules.oversized),
    Check("essential-missing", Severity.ERROR, version=rules.missing_essentials, ignorable=True),
    Check("glossary", Severity.WARNING, entry=rules.glossary_term, ignorable=True),
    Check("same-as-source", Severity.WARNING, entry=rules.same_as_source, ignorable=True),
    Check("end-punctuation", Severity.WARNING, entry=rules.end_punctuation, ignorable=True),
    Check("length", Severity.WARNING, entry=rules.length, ignorable=True),
    Check("whitespace", Severity.WARNING, entry=rules.whitespace, ignorable=True),
    Check("quotes", Severity.WARNING, entry=rules.quotes, ignorable=True),
)

#: The checks whose finding a translator may rightly overrule with ``#, ignore-<id>``.
IGNORABLE = frozenset(c.id for c in CHECKS if c.ignorable)

# Each with its ignore- flag and function, looked up once rather than for every entry.
_ENTRY_CHECKS = tuple((c, IGNORE_PREFIX + c.id, c.entry) for c in CHECKS if c.entry is not None)
_VERSION_CHECKS = tuple(c for c in CHECKS if c.version is not None)
_BLANK = tuple(chosen for chosen in _ENTRY_CHECKS if chosen[2] is rules.blank)
_OVERSIZED = tuple(chosen for chosen in _ENTRY_CHECKS if chosen[2] is rules.oversized)


def check_catalog(
    catalog: Catalog,
    *,
    path: str,
    locale: str,
    markup: bool = False,
    glossary: Glossary = NO_GLOSSARY,
) -> list[Finding]:
    """Every finding in a catalog's translated entries, fuzzy ones included (marked as such).
    Plural entries are left to the reader, which checks their forms as ``msgfmt -c`` does:
    neither a release's catalog nor the site's words have any."""
    findings: list[Finding] = []
    live = [m for m in catalog.messages if not m.obsolete and m.msgid]
    known = _known_problems(glossary)
    for message in live:
        if not message.msgstr or message.msgid_plural is not None:
            continue
        key = (message.msgid, message.msgstr, locale, markup)
        problems = known.get(key)
        if problems is None:
            if len(known) >= KNOWN_LIMIT:
                known.clear()
            problems = known[key] = _problems(
                Entry(message.msgid, message.msgstr, locale, markup, glossary)
            )
        flags = message.flags
        for found, ignore, problem in problems:
            if not (flags and ignore in flags):
                findings.append(_finding(path, message, found, problem))
    for found in _VERSION_CHECKS:
        assert found.version is not None
        for message, problem in found.version(live):
            if IGNORE_PREFIX + found.id not in message.flags:
                findings.append(_finding(path, message, found, problem))
    return sorted(findings, key=lambda f: (f.line, -f.severity.rank, f.check))


#: How many translations' problems are kept (see :func:`_known_problems`).
KNOWN_LIMIT = 32768
_known: tuple[Glossary, dict[tuple[str, str, str, bool], Problems]] | None = None
Problems = tuple[tuple[Check, str, str], ...]


def _known_problems(glossary: Glossary) -> dict[tuple[str, str, str, bool], Problems]:
    """What the entry checks found in each translation checked so far with this glossary, by
    English, translation, locale and markup: all they look at. The same sentence and its
    translation recur from release to release (datelines, boilerplate, a reused paragraph),
    and are checked once; a translator's ``ignore-`` flags apply afterwards, entry by entry."""
    global _known
    if _known is None or _known[0] is not glossary:
        _known = (glossary, {})
    return _known[1]


def _problems(entry: Entry) -> Problems:
    """Every entry check's problem with a translation: (check, its ignore- flag, problem)."""
    # A blank translation has one problem; the others would only repeat it. An oversized one
    # is not read further.
    if max(len(entry.source), len(entry.translation)) > rules.LONGEST:
        chosen = _OVERSIZED
    else:
        chosen = _BLANK if not entry.translation.strip() else _ENTRY_CHECKS
    found = []
    for check, ignore, function in chosen:
        problem = function(entry)
        if problem is not None:
            found.append((check, ignore, problem))
    return tuple(found)


def _finding(path: str, message: Message, check: Check, problem: str) -> Finding:
    return Finding(
        path, message.line, check.severity, check.id, problem, message.msgid, message.fuzzy
    )
