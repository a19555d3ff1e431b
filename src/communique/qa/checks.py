"""The registry of quality checks, and running them over a catalog.

A check receives one entry (the English, the translation, the locale and what the project knows)
and returns a one-line problem or None; one check (``essential-missing``) looks at the whole
version at once. Errors block publication of that language version; warnings are for the
translator. :data:`CHECKS` lists every check, in the order they run.

A translator silences one check on one entry with the flag ``ignore-<check id>``, e.g.
``#, ignore-same-as-source``. communique, Poedit and Weblate keep such flags; GNU ``msgmerge``
and ``msgcat`` drop every flag they do not know. ``update`` drops them where the English
changed: a flag set for "60" must not hide a "130" that became "135" in the same sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from communique.catalog import Catalog, Message
from communique.catalog.flags import IGNORE_PREFIX
from communique.qa import rules
from communique.qa.findings import NO_GLOSSARY, Entry, Finding, Severity
from communique.translate.glossary import Glossary


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
    Check("files", Severity.ERROR, entry=rules.files_differ),
    Check("markup", Severity.ERROR, entry=rules.markup_differs),
    Check("placeholders", Severity.ERROR, entry=rules.placeholders_differ),
    Check("mt-leftovers", Severity.ERROR, entry=rules.machine_translation_leftovers),
    Check("blank", Severity.ERROR, entry=rules.blank),
    Check("bidi-controls", Severity.ERROR, entry=rules.bidi_controls),
    Check("control-characters", Severity.ERROR, entry=rules.control_characters),
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
            elif not found.ignorable:  # (a flag by hand: no translator may overrule it)
                said = f"{problem} (#, {ignore} {_NOT_OVERRULED})"
                findings.append(_finding(path, message, found, said))
    for found in _VERSION_CHECKS:
        assert found.version is not None
        for message, problem in found.version(live):
            if IGNORE_PREFIX + found.id not in message.flags:
                findings.append(_finding(path, message, found, problem))
    return sorted(findings, key=lambda f: (f.line, -f.severity.rank, f.check))


def silences_the_same(
    flag: str,
    old_english: str,
    new_english: str,
    translation: str,
    *,
    locale: str,
    markup: bool = False,
    glossary: Glossary = NO_GLOSSARY,
) -> bool:
    """Whether a translator's ``ignore-<check>``, set on a translation of ``old_english``,
    still silences only what it did now that the English is ``new_english``: its check finds
    the same in the translation of either. "une soixantaine" for "approximately 60" stays
    excused when "convened" becomes "brought together", not when "130" becomes "135" (the
    check now finds "135, 60 → 130"). Flags of no entry check are kept."""
    check = _BY_FLAG.get(flag)
    if check is None:
        return True
    function = check.entry
    assert function is not None
    if check.id == "glossary":  # (a term the English gained is one more the flag would hide)
        terms = [
            [m.term for m in glossary.find(english, locale)]
            for english in (old_english, new_english)
        ]
        if terms[0] != terms[1]:
            return False
    before = function(Entry(old_english, translation, locale, markup, glossary))
    return before == function(Entry(new_english, translation, locale, markup, glossary))


_BY_FLAG = {ignore: check for check, ignore, _ in _ENTRY_CHECKS}


def silencing(
    english: str,
    translation: str,
    *,
    locale: str,
    markup: bool = False,
    glossary: Glossary = NO_GLOSSARY,
) -> list[str]:
    """The ``ignore-`` flags a translation needs to pass the gate: those of the ignorable
    error checks that find a problem in it. A translation readers were shown passed it, so a
    catalog made again from the publication record gets the flags its translator had set."""
    return [
        ignore
        for check, ignore, _ in _problems(Entry(english, translation, locale, markup, glossary))
        if check.ignorable and check.severity is Severity.ERROR
    ]


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
        try:
            problem = function(entry)
        except RecursionError:  # (markup nested hundreds deep: said, not a traceback)
            problem = "nested too deep to check (brackets or marks inside one another)"
        if problem is not None:
            found.append((check, ignore, problem))
    return tuple(found)


#: What a finding adds where a translator's flag would silence a check no one may overrule.
_NOT_OVERRULED = "changes nothing: no translator may overrule this check"


def _finding(path: str, message: Message, check: Check, problem: str) -> Finding:
    return Finding(
        path, message.line, check.severity, check.id, problem, message.msgid, message.fuzzy
    )
