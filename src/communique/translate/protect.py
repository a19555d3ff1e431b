"""Protect what an engine must not translate, and put it back in the target language's form.

Before a sentence goes to an engine, these become placeholders:

* inline Markdown: code spans, autolinks and HTML stay whole (``<x0/>``); emphasis and link text
  are translated inside paired placeholders (``<g1>…</g1>``), their URLs kept;
* URLs and e-mail addresses, kept as written;
* glossary terms, put back in their approved form;
* numbers, percentages and dates, put back as CLDR writes them in the target locale
  ("1,200" → "1 200" in French, "1.200" in German; "7 June 2023" → "7 juin 2023").

An engine that reads numerals as numbers and gives them back as written (Apertium) is sent
numbers as numerals instead (``numerals``): a placeholder splits a sentence for its rules, and
"visited <x0/> field operations" came back "operaciones <x0/> de campo visitado". A number
whose form is the same in every language (``3``, ``2023``) is sent as it is, any other as a
numeral of its own (``1200``, ``45``), which :func:`restore` finds and replaces.

>>> protected = protect("Some 1,200 delegates met on 7 June 2023.", locale="fr")
>>> protected.text
'Some <x0/> delegates met on <x1/>.'
>>> restore("Quelque <x0/> délégués se sont réunis le <x1/>.", protected)
'Quelque 1\\u202f200 délégués se sont réunis le 7 juin 2023.'
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import format_decimal, format_percent

from communique.catalog.flags import BRACE_FIELD
from communique.release.dateline import month_numbers
from communique.release.inline import SpanKind, find_spans
from communique.translate.engines.base import PLACEHOLDER
from communique.translate.glossary import Glossary


class RestoreError(ValueError):
    """The engine lost, doubled or reordered a placeholder."""


@dataclass(frozen=True)
class Slot:
    """One protected span: its English and what goes back in the translation."""

    kind: str
    english: str
    target: str
    #: For markup that wraps translated text: what closes it (``**``, ``](https://…)``).
    closer: str | None = None
    #: For a number sent as a numeral (see ``numerals``): that numeral, found once in the
    #: engine's output, where the target goes.
    numeral: str | None = None


@dataclass(frozen=True)
class Protected:
    """A sentence ready for an engine: placeholders instead of protected spans."""

    text: str
    slots: tuple[Slot, ...]

    @property
    def needs_engine(self) -> bool:
        """Whether anything is left to translate once the protected spans are out."""
        return any(char.isalpha() for char in PLACEHOLDER.sub("", self.text))

    def terms(self) -> list[Slot]:
        return [slot for slot in self.slots if slot.kind == "term"]


_MONTH_NAMES = "|".join(get_month_names("wide", locale="en").values())
_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_NAMES})(?:\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{_MONTH_NAMES})\s+(?P<d2>\d{{1,2}})(?:,\s*(?P<y2>\d{{4}}))?"
    rf"|(?P<m3>{_MONTH_NAMES})\s+(?P<y3>\d{{4}}))\b"
)
_NUMBER = re.compile(
    r"(?<![\w.,/])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)"
    r"(?P<percent>\s?%|\s(?:per\s?cent|percent)\b)?(?![\w/]|[.,]\d)"
)


def protect(
    text: str,
    *,
    locale: str,
    markup: bool = False,
    glossary: Glossary | None = None,
    braces: bool = False,
    words: bool = True,
    numerals: bool = False,
) -> Protected:
    """Replace protected spans of ``text`` with placeholders for an engine into ``locale``;
    with ``braces``, the ``{name}`` fields of a ``python-brace-format`` message too. Without
    ``words``, only what is code rather than language (markup, URLs, addresses, fields): numbers,
    dates and terms stay text, as a translator sees them in a CAT tool. With ``numerals``,
    numbers go to the engine as numerals (see above).

    >>> protect("Press releases: {state}", locale="fr", braces=True).text
    'Press releases: <x0/>'
    >>> protect("Read *all* 12 at https://osce.org", locale="fr", markup=True, words=False).text
    'Read <g0>all</g0> 12 at <x1/>'
    >>> protect("Some 1,200 of 3 met, 4.5 per cent more.", locale="fr", numerals=True).text
    'Some 1200 of 3 met, 45 more.'
    """
    slots: list[Slot] = []
    found = _protect(text, locale, markup, glossary, slots, braces, words)
    if numerals:
        found = _as_numerals(found, slots)
    return Protected(found, tuple(slots))


def _as_numerals(text: str, slots: list[Slot]) -> str:
    """The protected ``text`` with each number's placeholder replaced by a numeral: the
    number itself where every language writes it so, else its digits (``1,200``: ``1200``),
    or a numeral the text has nowhere else when those are taken."""
    taken = {found.group() for found in _NUMERAL.finditer(text)}
    taken.update(slot.english for slot in slots if slot.kind == "number")

    def numeral(match: re.Match[str]) -> str:
        index = int(match.group(1))
        slot = slots[index]
        if slot.kind != "number":
            return match.group()
        if slot.english.isdigit() and slot.target == slot.english:  # "3", "2023"
            slots[index] = dataclasses.replace(slot, numeral=slot.english)
            return slot.english
        chosen = re.sub(r"\D", "", slot.english).lstrip("0")
        fresh = itertools.count(90001)
        while not chosen or chosen in taken:
            chosen = str(next(fresh))
        taken.add(chosen)
        slots[index] = dataclasses.replace(slot, numeral=chosen)
        return chosen

    return _NUMBER_PLACEHOLDER.sub(numeral, text)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    slot: Slot
    #: Text inside paired markup, protected in its turn; None for an atomic span.
    inner: str | None = None


def _protect(
    text: str,
    locale: str,
    markup: bool,
    glossary: Glossary | None,
    slots: list[Slot],
    braces: bool = False,
    words: bool = True,
) -> str:
    found = _markup_spans(text, markup)
    if braces:
        found += [
            _Found(field.start(), field.end(), Slot("field", field.group(), field.group()))
            for field in BRACE_FIELD.finditer(text)
        ]

    def add(start: int, end: int, slot: Slot) -> None:
        if not any(f.start < end and start < f.end for f in found):
            found.append(_Found(start, end, slot))

    for term in glossary.find(text, locale) if glossary is not None and words else []:
        approved = term.approved(locale) or term.term.english
        english = text[term.start : term.end]
        if english[:1].isupper() and not term.term.english[:1].isupper():
            approved = approved[:1].upper() + approved[1:]
        add(term.start, term.end, Slot("term", english, approved))
    for date in _DATE.finditer(text) if words else ():
        localized = _date(date, locale)
        if localized is not None:
            add(date.start(), date.end(), Slot("date", date.group(0), localized))
    for number in _NUMBER.finditer(text) if words else ():
        add(number.start(), number.end(), Slot("number", number.group(0), _number(number, locale)))

    pieces: list[str] = []
    position = 0
    for item in sorted(found, key=lambda f: f.start):
        pieces.append(text[position : item.start])
        index = len(slots)
        slots.append(item.slot)
        if item.inner is None:
            pieces.append(f"<x{index}/>")
        else:
            inner = _protect(item.inner, locale, markup, glossary, slots, braces, words)
            pieces.append(f"<g{index}>{inner}</g{index}>")
        position = item.end
    pieces.append(text[position:])
    return "".join(pieces)


def _markup_spans(text: str, markup: bool) -> list[_Found]:
    """Inline Markdown, URLs and e-mail addresses; emphasis and link text stay translatable."""
    found = []
    for span in find_spans(text, markup=markup):
        source = span.text(text)
        if span.kind is SpanKind.EMPHASIS:
            run = len(source) - len(source.lstrip(source[0]))
            slot = Slot("markup", source[:run], source[:run], closer=source[-run:])
            found.append(_Found(span.start, span.end, slot, source[run:-run]))
        elif span.kind is SpanKind.LINK and "](" in source:
            middle = _link_label_end(source)
            opener = "![" if source.startswith("!") else "["
            slot = Slot("markup", opener, opener, closer=source[middle:])
            found.append(_Found(span.start, span.end, slot, source[len(opener) : middle]))
        else:
            found.append(_Found(span.start, span.end, Slot(span.kind.value, source, source)))
    return found


def _link_label_end(source: str) -> int:
    depth = 0
    for index, char in enumerate(source):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
    return len(source)


def _number(match: re.Match[str], locale: str) -> str:
    written = match.group("number")
    percent = match.group("percent")
    try:
        value = Decimal(written.replace(",", ""))
    except InvalidOperation:
        return match.group(0)
    places = len(written.split(".")[1]) if "." in written else 0
    if percent:
        return format_percent(
            value / 100, locale=locale.replace("-", "_"), decimal_quantization=False
        )
    if "," not in written and "." not in written:
        return written  # a plain integer, often a year: written as it is in every language
    pattern = "#,##0" if "," in written else "0"
    if places:
        pattern += "." + "0" * places
    return format_decimal(value, format=pattern, locale=locale.replace("-", "_"))


def _date(match: re.Match[str], locale: str) -> str | None:
    months = month_numbers("en")
    month_name = match.group("m1") or match.group("m2") or match.group("m3")
    month = months.get(month_name.casefold())
    day = match.group("d1") or match.group("d2")
    year = match.group("y1") or match.group("y2") or match.group("y3")
    babel_locale = locale.replace("-", "_")
    try:
        if day and year:
            return format_date(
                datetime.date(int(year), month or 1, int(day)), "long", locale=babel_locale
            )
        if day:
            when = datetime.date(2000, month or 1, int(day))
            return format_skeleton("MMMMd", when, locale=babel_locale)
        return format_skeleton(
            "yMMMM", datetime.date(int(year), month or 1, 1), locale=babel_locale
        )
    except ValueError:
        return None


def restore(translated: str, protected: Protected) -> str:
    """Put the protected spans back into an engine's output; every placeholder exactly once,
    and every number sent as a numeral (see :func:`protect`) once."""
    translated = _numbers_back(translated, protected)
    found = PLACEHOLDER.findall(translated)
    expected: list[str] = []
    for index, slot in enumerate(protected.slots):
        if slot.numeral is not None:
            continue
        expected += [f"<g{index}>", f"</g{index}>"] if slot.closer is not None else [f"<x{index}/>"]
    if sorted(found) != sorted(expected):
        missing = sorted(set(expected) - set(found))
        problem = f"lost {', '.join(missing)}" if missing else "doubled a placeholder"
        raise RestoreError(f"the engine {problem}")
    for index, slot in enumerate(protected.slots):
        if slot.closer is not None and translated.index(f"<g{index}>") > translated.index(
            f"</g{index}>"
        ):
            raise RestoreError("the engine reordered markup")

    def put_back(match: re.Match[str]) -> str:
        tag = match.group(0)
        index = int(re.sub(r"\D", "", tag))
        slot = protected.slots[index]
        if tag.startswith("</"):
            return slot.closer or ""
        return slot.target

    return PLACEHOLDER.sub(put_back, translated)


# A numeral as a whole, as :data:`_NUMBER` finds one: not part of a longer number, a word or
# a placeholder (``<x12/>``).
_NUMERAL = re.compile(r"(?<![\w.,/])\d+(?![\w/]|[.,]\d)")
_NUMBER_PLACEHOLDER = re.compile(r"<x(\d+)/>")


def _numbers_back(translated: str, protected: Protected) -> str:
    """The engine's output with each number sent as a numeral written as its target."""
    sent = {slot.numeral: slot for slot in protected.slots if slot.numeral is not None}
    if not sent:
        return translated
    counts = Counter(found.group() for found in _NUMERAL.finditer(translated))
    wanted = Counter(slot.numeral for slot in protected.slots if slot.numeral is not None)
    for numeral, count in wanted.items():
        if counts[numeral] != count:
            english = sent[numeral].english
            problem = "lost" if counts[numeral] < count else "doubled"
            raise RestoreError(f"the engine {problem} the number {english!r}")
    return _NUMERAL.sub(
        lambda found: sent[found.group()].target if found.group() in sent else found.group(),
        translated,
    )
