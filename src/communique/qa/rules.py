"""The checks, plain functions: each takes an entry and returns a one-line problem or None.

Each docstring's first line is the title users see. They are registered, with their ids and
severities, in :data:`communique.qa.checks.CHECKS`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal

from communique.catalog import Message
from communique.qa.findings import Entry
from communique.qa.tokens import (
    links,
    loose_markup,
    markup,
    number_readings,
    quotation_marks,
    typography,
)
from communique.release.inline import SpanKind, find_spans
from communique.release.segment import Role
from communique.translate.engines.base import PLACEHOLDER
from communique.translate.glossary import uses_term

_CLOSERS = "\"'”’»›)]*_ \u00a0\u202f"
_FINAL = ".?!:;…"
#: Translations shorter or longer than this many times the English are suspicious.
LENGTH_RATIO = (0.4, 2.5)
#: Below this many characters of English, length says little.
LENGTH_MINIMUM = 30


def _listing(values: Counter[str]) -> str:
    return ", ".join(sorted(values.elements())) or "—"


def _shown(value: Decimal) -> str:
    return format(value, "f")


def _distance(source: Counter[Decimal], target: Counter[Decimal]) -> int:
    return sum((source - target).values()) + sum((target - source).values())


def numbers_differ(entry: Entry) -> str | None:
    """Numbers differ (digits, percentages, amounts, years), each read in its own locale."""
    sources = number_readings(entry.source, "en")
    targets = number_readings(entry.translation, entry.locale)
    if sources[0] == targets[0]:  # as nearly always: no need to weigh other readings
        return None
    pairs = [(s, t) for t in targets for s in sources]
    # The closest readings name the difference; on a tie, the locale's own grouping does.
    source, target = min(pairs, key=lambda pair: _distance(*pair))
    if source == target:
        return None
    missing = Counter({_shown(k): v for k, v in (source - target).items()})
    extra = Counter({_shown(k): v for k, v in (target - source).items()})
    return f"numbers differ: {_listing(missing)} → {_listing(extra)}"


def links_differ(entry: Entry) -> str | None:
    """URLs or e-mail addresses differ or are missing."""
    source, target = links(entry.source), links(entry.translation)
    if source == target:
        return None
    return f"links differ: {_listing(source - target)} → {_listing(target - source)}"


def markup_differs(entry: Entry) -> str | None:
    """Inline markup unbalanced or different (emphasis, links, code)."""
    if not entry.markup:
        return None
    loose = loose_markup(entry.translation)
    if loose and not loose_markup(entry.source):
        return f"markup unbalanced: a lone {loose[0]!r}"
    source, target = markup(entry.source), markup(entry.translation)
    if source == target:
        return None
    return f"markup differs: {_listing(source - target)} → {_listing(target - source)}"


_MT_MARK = re.compile(r"(?<![\w*#@])[*#@](?=\w)")


def machine_translation_leftovers(entry: Entry) -> str | None:
    """Machine-translation leftovers: unknown-word marks or placeholder tokens."""
    placeholder = PLACEHOLDER.search(entry.translation)
    if placeholder is not None:
        return f"placeholder left in the text: {placeholder.group(0)}"
    spans = [
        (s.start, s.end)
        for s in find_spans(entry.translation, markup=entry.markup)
        if s.kind is not SpanKind.HTML
    ]
    for match in _MT_MARK.finditer(entry.translation):
        if any(start <= match.start() < end for start, end in spans):
            continue
        word = re.match(r"\w+", entry.translation[match.end() :])
        marked = match.group(0) + (word.group(0) if word else "")
        if marked not in entry.source:
            return f"machine-translation mark left in the text: {marked}"
    return None


def blank(entry: Entry) -> str | None:
    """Translation empty or whitespace only where the entry is marked translated."""
    return "the translation is only whitespace" if not entry.translation.strip() else None


def glossary_term(entry: Entry) -> str | None:
    """A glossary term in the English without its approved form in the translation."""
    for match in entry.glossary.find(entry.source, entry.locale):
        approved = match.approved(entry.locale)
        if approved and not uses_term(entry.translation, approved, entry.locale):
            english = entry.source[match.start : match.end]
            return f"glossary: {english!r} should be {approved!r}"
    return None


def same_as_source(entry: Entry) -> str | None:
    """Translation identical to the English (names and codes aside)."""
    if entry.translation.strip() != entry.source.strip():
        return None
    words = re.findall(r"[^\W\d_]+", entry.source)
    if any(word[0].islower() and len(word) > 1 for word in words):
        return "the translation is the English text"
    return None


def _final(text: str) -> str:
    stripped = text.rstrip(_CLOSERS)
    if stripped.endswith("..."):
        return "…"
    return stripped[-1] if stripped and stripped[-1] in _FINAL else ""


def end_punctuation(entry: Entry) -> str | None:
    """Closing punctuation differs, by the locale's conventions."""
    source, target = _final(entry.source), _final(entry.translation)
    language = entry.locale.split("-")[0]
    conventions = typography(language)
    if source != target:
        if not target:
            return f"ends without {source!r}, the English ends with it"
        if not source:
            return f"ends with {target!r}, the English does not"
        return f"ends with {target!r}, the English with {source!r}"
    stripped = entry.translation.rstrip(_CLOSERS)
    if target and target in conventions.get("space_before", ""):
        before = stripped[-2:-1]
        if before and not before.isspace():
            return f"{language}: put a no-break space before the final {target!r}"
    opening = conventions.get("opening", {}).get(target)
    if opening and opening not in entry.translation:
        return f"{language}: a sentence ending with {target!r} opens with {opening!r}"
    return None


def length(entry: Entry) -> str | None:
    """Length far outside the usual for a translation."""
    if len(entry.source) < LENGTH_MINIMUM:
        return None
    ratio = len(entry.translation) / len(entry.source)
    low, high = LENGTH_RATIO
    if low <= ratio <= high:
        return None
    return f"the translation is {ratio:.1f} times as long as the English"


def whitespace(entry: Entry) -> str | None:
    """Double spaces, or leading and trailing whitespace unlike the English."""
    if "  " in entry.translation and "  " not in entry.source:
        return "double space"
    for side, source, target in (
        ("leading", entry.source[:1].isspace(), entry.translation[:1].isspace()),
        ("trailing", entry.source[-1:].isspace(), entry.translation[-1:].isspace()),
    ):
        if source != target:
            return f"{side} whitespace differs from the English"
    return None


_DOUBLE_QUOTES = '"“”„‟«»'


def quotes(entry: Entry) -> str | None:
    """Quotation marks of another language's style or spacing (apostrophes are not quotes)."""
    marks = quotation_marks(entry.locale)
    allowed = set(marks)
    language = entry.locale.split("-")[0]
    # Marks the language sets a (narrow) no-break space inside, « ainsi »; any space will do.
    spaced = typography(language).get("space_inside", "")
    text = entry.translation
    candidates = set(_DOUBLE_QUOTES) | set(spaced)
    if candidates.isdisjoint(text):
        return None
    spans = [(s.start, s.end) for s in find_spans(text, markup=entry.markup)]
    for index, char in enumerate(text):
        if char not in candidates or any(start <= index < end for start, end in spans):
            continue
        if char in _DOUBLE_QUOTES and char not in allowed:
            return f"quotes: {char!r} is not used in {entry.locale}; use {marks[0]}…{marks[1]}"
        if char in spaced and char in allowed:
            opening = marks.index(char) % 2 == 0
            inside = text[index + 1 : index + 2] if opening else text[index - 1 : index]
            if inside and not inside.isspace() and inside not in spaced:
                where = "after" if opening else "before"
                return f"{language}: put a no-break space {where} {char!r}"
    return None


#: The roles a version cannot do without once the rest is translated.
ESSENTIAL_ROLES = (Role.TITLE, Role.PLACE)


def missing_essentials(messages: Sequence[Message]) -> Iterator[tuple[Message, str]]:
    """The title or dateline place untranslated in a version that is otherwise complete."""
    essentials = [m for m in messages if set(ESSENTIAL_ROLES) & set(m.extracted_comments)]
    others = [m for m in messages if m not in essentials]
    if not others or not all(m.translated for m in others):
        return
    for message in essentials:
        if not message.msgstr.strip():
            roles = " and ".join(c for c in message.extracted_comments if c in ESSENTIAL_ROLES)
            yield message, f"the {roles} is not translated, the rest is"
