"""Protect what an engine must not translate, and put it back in the target language's form.

Before a sentence goes to an engine, these become placeholders:

* inline Markdown: code spans, autolinks and HTML stay whole (``<x0/>``); emphasis and link text
  are translated inside paired placeholders (``<g1>…</g1>``), their URLs kept;
* URLs and e-mail addresses, kept as written;
* glossary terms, put back in their approved form;
* numbers, percentages and dates, put back as CLDR writes them in the target locale
  ("1,200" → "1 200" in French, "1.200" in German; "7 June 2023" → "7 juin 2023").

A rule-based engine (Apertium) is sent numbers and dates as text instead (``as_text``): a
placeholder splits a sentence for its rules ("visited <x0/> field operations" came back
"operaciones <x0/> de campo visitado"; "met on <x0/>", "cumplieron encima <x0/>"), while it
reads numerals as numbers and gives them back as written, and translates a date in its place
("el 7 de junio de 2023"). A number whose form is the same in every language (``3``,
``2023``) is sent as it is, any other as a numeral of its own (``1200``, ``45``); a date as
written; a glossary term as written too, once the engine's translation of it alone is known
(:func:`with_terms_as_text`: "the OSCE region" came back "el región de <x0/>", Apertium's own
"la región de OSCE" has the article agree). :func:`restore` finds each in the answer (the
date by its day, year and the target language's month names, a term by the engine's
translation of it) and writes the locale's form there. An answer where one cannot be found is
no use: :meth:`Protected.instead` is the sentence to send instead, with what was not found as a
placeholder (the rest still as text), and :attr:`Protected.plain` the sentence with every
protected span a placeholder.

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
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import format_decimal, format_percent

from communique.catalog.flags import BRACE_FIELD
from communique.release.dateline import month_numbers
from communique.release.figures import as_written
from communique.release.inline import SpanKind, find_spans
from communique.translate.engines.base import PLACEHOLDER
from communique.translate.glossary import Glossary


class RestoreError(ValueError):
    """The engine lost, doubled or reordered a placeholder, or what it was sent as text."""

    def __init__(self, message: str, found_by: str | None = None):
        super().__init__(message)
        #: The pattern of the slots sent as text that could not be found (see
        #: :meth:`Protected.instead`); None for a placeholder.
        self.found_by = found_by


@dataclass(frozen=True)
class Slot:
    """One protected span: its English and what goes back in the translation."""

    kind: str
    english: str
    target: str
    #: For markup that wraps translated text: what closes it (``**``, ``](https://…)``).
    closer: str | None = None
    #: For a number, date or term sent as text (see ``as_text``): what the engine got, and
    #: the pattern that finds what it made of it in its answer, where the target goes.
    sent: str | None = None
    found_by: str | None = None


@dataclass(frozen=True)
class Protected:
    """A sentence ready for an engine: placeholders instead of protected spans."""

    text: str
    slots: tuple[Slot, ...]
    #: With numbers, dates or terms sent as text: the same sentence with every protected span
    #: a placeholder.
    plain: Protected | None = None

    @property
    def placeholders(self) -> Protected:
        """The sentence with every protected span a placeholder."""
        return self.plain or self

    def instead(self, error: RestoreError) -> Protected | None:
        """The sentence to send when an answer to this one could not be restored (``error``):
        with the slots sent as text that were not found made placeholders, the others still
        text; with every one a placeholder when the answer lost a placeholder; None when
        every one is already."""
        if self.plain is None:
            return None
        if error.found_by is None:
            return self.plain
        slots = [
            dataclasses.replace(slot, sent=None, found_by=None)
            if slot.found_by == error.found_by
            else slot
            for slot in self.slots
        ]
        return _sent(self.plain, slots)

    @property
    def needs_engine(self) -> bool:
        """Whether anything is left to translate once the protected spans are out (all of
        them placeholders: a date sent as text has words of its own)."""
        return any(char.isalpha() for char in PLACEHOLDER.sub("", self.placeholders.text))

    def terms(self) -> list[Slot]:
        return [slot for slot in self.slots if slot.kind == "term"]


# Where a number begins and ends: not inside a word, a longer number or a path ("COVID-19" is
# one; "1,200", "4.5", "6/17" are no "200", "5" or "17"). Every pattern of numbers here uses
# these.
_NUMBER_START = r"(?<![\w.,/])"
_NUMBER_END = r"(?![\w/]|[.,]\d)"
_MONTH_NAMES = "|".join(get_month_names("wide", locale="en").values())
_DATE = re.compile(
    rf"{_NUMBER_START}(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_NAMES})(?:\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{_MONTH_NAMES})\s+(?P<d2>\d{{1,2}})(?![\d/]|\.\d|,\d{{1,3}}\b)(?:,\s*(?P<y2>\d{{4}}))?"
    rf"|(?P<m3>{_MONTH_NAMES})\s+(?P<y3>\d{{4}}))\b"
)
_NUMBER = re.compile(
    rf"{_NUMBER_START}(?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+\.\d+|\d+)"
    rf"(?P<percent>\s?%|\s(?:per\s?cent|percent)\b)?{_NUMBER_END}"
)


def protect(
    text: str,
    *,
    locale: str,
    markup: bool = False,
    glossary: Glossary | None = None,
    braces: bool = False,
    words: bool = True,
    as_text: bool = False,
) -> Protected:
    """Replace protected spans of ``text`` with placeholders for an engine into ``locale``;
    with ``braces``, the ``{name}`` fields of a ``python-brace-format`` message too. Without
    ``words``, only what is code rather than language (markup, URLs, addresses, fields): numbers,
    dates and terms stay text, as a translator sees them in a CAT tool. With ``as_text``,
    numbers and dates go to the engine as text (see above).

    >>> protect("Press releases: {state}", locale="fr", braces=True).text
    'Press releases: <x0/>'
    >>> protect("Read *all* 12 at https://osce.org", locale="fr", markup=True, words=False).text
    'Read <g0>all</g0> 12 at <x1/>'
    >>> protect("Some 1,200 of 3 met, 4.5 per cent more.", locale="fr", as_text=True).text
    'Some 1200 of 3 met, 45 more.'
    >>> protect("They met on 7 June 2023.", locale="es", as_text=True).text
    'They met on 7 June 2023.'
    """
    slots: list[Slot] = []
    found = _protect(text, locale, markup, glossary, slots, braces, words)
    placeholders = Protected(found, tuple(slots))
    if not as_text:
        return placeholders
    return _sent(placeholders, _as_text(found, slots, locale))


def _sent(placeholders: Protected, slots: list[Slot]) -> Protected:
    """The sentence with the slots that have something to send (``sent``) as that text, the
    others placeholders; ``placeholders`` its fallback. Just ``placeholders`` when none has."""
    if all(slot.sent is None for slot in slots):
        return placeholders

    def text(match: re.Match[str]) -> str:
        return slots[int(match.group(1))].sent or match.group()

    return Protected(_ATOMIC_PLACEHOLDER.sub(text, placeholders.text), tuple(slots), placeholders)


def _inside_markup(text: str) -> set[int]:
    """The indexes of the atomic placeholders that stand inside a pair (``<g0>…<x1/>…</g0>``):
    they stay placeholders, since Apertium may move the words of a text out of the pair."""
    inside: set[int] = set()
    depth = 0
    for tag in PLACEHOLDER.finditer(text):
        if tag.group().startswith("</"):
            depth -= 1
        elif tag.group().endswith("/>"):
            if depth:
                inside.add(int(tag.group()[2:-2]))
        else:
            depth += 1
    return inside


def _as_text(text: str, slots: list[Slot], locale: str) -> list[Slot]:
    """The slots of the protected ``text`` with what to send for each date and number (but
    inside paired markup): a date as written; a number as written where every language writes
    it so, else its digits (``1,200``: ``1200``), or a numeral the text has nowhere else when
    those are taken."""
    slots = list(slots)
    inside = _inside_markup(text)

    def date(match: re.Match[str]) -> str:
        index = int(match.group(1))
        slot = slots[index]
        if slot.kind != "date" or index in inside:
            return match.group()
        slots[index] = dataclasses.replace(
            slot, sent=slot.english, found_by=_date_pattern(slot.english, locale)
        )
        return slot.english

    text = _ATOMIC_PLACEHOLDER.sub(date, text)
    # Every run of digits the text has ("15" of "15th" too), so a numeral sent is no other's.
    taken = set(re.findall(r"\d+", PLACEHOLDER.sub(" ", text)))
    taken.update(slot.english for slot in slots if slot.kind == "number")

    for match in _ATOMIC_PLACEHOLDER.finditer(text):
        index = int(match.group(1))
        slot = slots[index]
        if slot.kind != "number" or index in inside:
            continue
        if slot.english.isdigit() and slot.target == slot.english:  # "3", "2023"
            chosen = slot.english
        else:
            chosen = re.sub(r"\D", "", slot.english).lstrip("0")
            fresh = itertools.count(90001)
            while not chosen or chosen in taken:
                chosen = str(next(fresh))
            taken.add(chosen)
        # Not an ordinal the engine made of another number ("15th": "15.ª", "2.º").
        pattern = rf"{_NUMBER_START}{chosen}{_NUMBER_END}(?!\.?[ºª])"
        slots[index] = dataclasses.replace(slot, sent=chosen, found_by=pattern)
    return slots


def with_terms_as_text(protected: Protected, renderings: Mapping[str, str]) -> Protected:
    """``protected`` (made ``as_text``) with its glossary terms sent as written too, each found
    in the answer by the engine's translation of it alone (``renderings``, by English). A term
    stays a placeholder inside paired markup, where ``renderings`` lacks it or has no word,
    where it holds a numeral that stands for a number, or where another term of the sentence
    has the same translation alone and another target (the answer could not tell them apart)."""
    numerals = {slot.sent for slot in protected.slots if slot.kind == "number"}
    inside = _inside_markup(protected.text)
    targets: dict[str, set[str]] = {}
    chosen: dict[int, str] = {}
    for index, slot in enumerate(protected.slots):
        if slot.kind != "term" or slot.sent is not None or index in inside:
            continue
        rendering = renderings.get(slot.english, "").strip()
        if not any(char.isalpha() for char in rendering) or any(
            found.group() in numerals for found in _NUMERAL.finditer(slot.english)
        ):
            continue
        # Written alike whatever the case: "Human trafficking" and "human trafficking".
        pattern = rf"(?i:(?<!\w){re.escape(rendering.lower())}(?!\w))"
        targets.setdefault(pattern, set()).add(slot.target)
        chosen[index] = pattern
    chosen = {index: pattern for index, pattern in chosen.items() if len(targets[pattern]) == 1}
    if not chosen:
        return protected
    slots = list(protected.slots)
    for index, pattern in chosen.items():
        slot = slots[index]
        slots[index] = dataclasses.replace(slot, sent=slot.english, found_by=pattern)
    return _sent(protected.placeholders, slots)


def _date_pattern(english: str, locale: str) -> str:
    """What finds an engine's translation of an English date in its answer: the day and the
    year as written, a month name of the target language (or English) between or beside them,
    with at most one short word between each ("7 de junio de 2023", "7 juin 2023", "junio 7")."""
    match = _DATE.fullmatch(english)
    assert match is not None  # (a date slot is a match of _DATE)
    month_name = match.group("m1") or match.group("m2") or match.group("m3")
    day = match.group("d1") or match.group("d2")
    year = match.group("y1") or match.group("y2") or match.group("y3")
    month = month_numbers("en")[month_name.casefold()]
    names = {month_name}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            names.add(get_month_names(width, context, locale.replace("-", "_"))[month])
    named = "(?:" + "|".join(re.escape(n.rstrip(".")) for n in sorted(names, key=len)[::-1])
    named += ")"
    # Between day, month and year: spaces, and a short word of letters ("de", "di") or an
    # elided one ("d'aprile", "d’octubre"); not a number, nor the month itself.
    glue = rf"\s+(?:(?!{named}\b)[^\W\d]{{1,3}}\s+|[^\W\d]{{1,2}}['’])?"
    shown_day = f"{_NUMBER_START}{day}"
    # A dot after a day ("6. Juni") or an abbreviated month ("jun. 2023") where more follows:
    # not the full stop that may end the date.
    dated = rf"(?:{shown_day}\.?{glue}{named}|{named}\.?{glue}{shown_day})" if day else named
    if year:
        return rf"(?i:{dated}\.?,?{glue}{year})(?!\d)"
    return rf"(?i:{dated})(?!\w)"


#: A hashtag (a letter in it: "#16Days", not "#1") or a handle ("@OSCE_SG"): kept as written.
#: An engine translates the words of one ("#16Days" came back "16Días" from Apertium, its mark
#: lost); the translator may localize a campaign's tag, the draft does not guess it.
_SOCIAL = re.compile(r"(?<![\w#@&/.])(?:#\w*[^\W\d_]\w*|@\w+)")


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
    for tag in _SOCIAL.finditer(text):
        if not any(f.start < tag.end() and tag.start() < f.end for f in found):
            found.append(_Found(tag.start(), tag.end(), Slot("social", tag.group(), tag.group())))
    if braces:
        found += [
            _Found(field.start(), field.end(), Slot("field", field.group(), field.group()))
            for field in BRACE_FIELD.finditer(text)
        ]

    def add(start: int, end: int, slot: Slot) -> None:
        if not any(f.start < end and start < f.end for f in found):
            found.append(_Found(start, end, slot))

    for term in glossary.find(text, locale) if glossary is not None and words else []:
        # As the glossary writes it: capitalised where it begins a sentence of the answer.
        approved = term.approved(locale) or term.term.english
        add(term.start, term.end, Slot("term", text[term.start : term.end], approved))
    for date in _DATE.finditer(text) if words else ():
        localized = _date(date, locale)
        if localized is not None:
            add(date.start(), date.end(), Slot("date", date.group(0), localized))
    # Times and sections ("at 10.30", "Article 10.2") are no decimals: kept as written.
    kept = as_written(text) if words and "." in text else set()
    for number in _NUMBER.finditer(text) if words else ():
        written = number.group(0)
        if number.start() in kept and not number["percent"]:
            add(number.start(), number.end(), Slot("number", written, written))
            continue
        add(number.start(), number.end(), Slot("number", written, _number(number, locale)))

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
    and every number and date sent as text (see :func:`protect`) found once."""
    translated, marked = _found_back(translated, protected)
    found = PLACEHOLDER.findall(translated)
    expected: list[str] = []
    for index, slot in enumerate(protected.slots):
        if slot.sent is not None:
            continue
        expected += [f"<g{index}>", f"</g{index}>"] if slot.closer is not None else [f"<x{index}/>"]
    if sorted(found) != sorted(expected):
        missing = sorted(set(expected) - set(found))
        # Named as the English has them (a link, a number, markup): placeholders are the
        # engine's business, not the translator's.
        lost = [
            protected.slots[int(tag.strip("<>/gx"))].english
            if not tag.startswith("</")
            else protected.slots[int(tag.strip("<>/gx"))].closer or tag
            for tag in missing
        ]
        names = ", ".join(dict.fromkeys(repr(text) for text in lost))
        problem = f"lost {names}" if missing else "doubled what it was to keep as written"
        raise RestoreError(f"the engine {problem}")
    for index, slot in enumerate(protected.slots):
        if slot.closer is not None and translated.index(f"<g{index}>") > translated.index(
            f"</g{index}>"
        ):
            raise RestoreError("the engine reordered markup")

    # Emphasis the engine emptied (through a pivot, "<g0>informe</g0>" became "rapport
    # <g0></g0>"): none, rather than a lone "**"; the outer pair of nested ones too.
    emptied: set[int] = set()
    left = translated
    while True:
        pairs = [
            pair
            for pair in _EMPTY_PAIR.finditer(left)
            if protected.slots[int(pair.group(1))].closer in _EMPHASIS
        ]
        if not pairs:
            break
        emptied.update(int(pair.group(1)) for pair in pairs)
        for pair in pairs:
            left = left.replace(pair.group(), " ")

    translated = _tidied(translated, protected)

    def put_back(match: re.Match[str]) -> str:
        tag = match.group(0)
        index = int(re.sub(r"\D", "", tag))
        slot = protected.slots[index]
        if index in emptied:
            return ""
        if tag.startswith("</"):
            return slot.closer or ""
        return _headed(slot, match)

    restored = PLACEHOLDER.sub(put_back, translated)
    for mark, target in marked.items():
        restored = restored.replace(mark, target)
    # A date that ends with its own full stop ("12 апреля 2024 г.") ends the sentence with it.
    for target in {slot.target for slot in protected.slots if slot.kind == "date"}:
        if target.endswith(".") and target + "." in restored:
            restored = re.sub(re.escape(target) + r"\.(?!\.)", target, restored)
    return restored


def _tidied(translated: str, protected: Protected) -> str:
    """Spaces an engine set just inside emphasis ("<g1> full report </g1>", as DeepL does)
    moved outside it: Markdown reads no "** full report **" as emphasis."""
    for index, slot in enumerate(protected.slots):
        if slot.closer not in _EMPHASIS or f"<g{index}>" not in translated:
            continue
        opening, closing = f"<g{index}>", f"</g{index}>"

        def opened(match: re.Match[str], opening: str = opening) -> str:
            # The engine's space goes before it, unless what comes before takes none after
            # it: an apostrophe, an opening bracket or quotation mark, Chinese or Japanese.
            previous = match.string[match.start() - 1 : match.start()]
            before = match.group(1) or (" " if previous and _space_after(previous) else "")
            return before + opening

        def closed(match: re.Match[str], closing: str = closing) -> str:
            return closing + (" " if _spaced(match.group(1)[:1]) else "")

        translated = re.sub(rf"(\s?){re.escape(opening)}\s+", opened, translated)
        translated = re.sub(rf"\s+{re.escape(closing)}(?=(.?))", closed, translated)
    return translated


def _space_after(char: str) -> bool:
    """Whether a space may follow ``char`` before a word: not after an apostrophe, an opening
    bracket or quotation mark, a space already, nor a letter of a script without spaces."""
    if char.isspace() or char in "'’([{«‹„“‘‚¿¡/-" or unicodedata.category(char) == "Ps":
        return False
    return unicodedata.east_asian_width(char) not in ("W", "F")


def _spaced(char: str) -> bool:
    """Whether a word set against emphasis at ``char`` needs a space between them: a letter or
    a digit of a script that spaces its words."""
    return char.isalnum() and unicodedata.east_asian_width(char) not in ("W", "F")


# A numeral as a whole, as :data:`_NUMBER` finds one: not part of a longer number, a word or
# a placeholder (``<x12/>``).
_NUMERAL = re.compile(rf"{_NUMBER_START}\d+{_NUMBER_END}")
_ATOMIC_PLACEHOLDER = re.compile(r"<x(\d+)/>")
_FOUND_ORDER = {"date": 0, "term": 1}
_PAIRED = re.compile(r"</?g\d+>")
_EMPTY_PAIR = re.compile(r"<g(\d+)>\s*</g\1>")
_EMPHASIS = frozenset({"*", "**", "***", "_", "__", "___"})


def _found_back(translated: str, protected: Protected) -> tuple[str, dict[str, str]]:
    """The engine's answer with what it made of each number, date and term sent as text
    replaced by a mark (a private-use character the answer has not), and the targets by mark.
    Dates are found first, then terms, then numbers, the longest first ("6 June 2023" holds
    "6 June"): a date's day and year are no numbers of their own."""
    marked: dict[str, str] = {}
    order = sorted(
        (slot for slot in protected.slots if slot.found_by is not None),
        key=lambda slot: (_FOUND_ORDER.get(slot.kind, 2), -len(slot.found_by or "")),
    )
    if not order:
        return translated, marked
    # A mark is a character neither the answer nor anything put back has (a code span may).
    held = translated + "".join(f"{s.target}{s.closer or ''}" for s in protected.slots)
    marks = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in held)
    wanted = Counter(slot.found_by for slot in order)
    done: set[str] = set()
    for slot in order:
        assert slot.found_by is not None
        if slot.found_by in done:
            continue
        done.add(slot.found_by)
        if len({s.target for s in order if s.found_by == slot.found_by}) > 1:
            raise RestoreError(
                f"the answer cannot tell apart the {slot.kind}s {slot.english!r}", slot.found_by
            )
        pattern = re.compile(slot.found_by)
        count = len(pattern.findall(translated))
        if count != wanted[slot.found_by]:
            problem = "lost" if count < wanted[slot.found_by] else "doubled"
            raise RestoreError(
                f"the engine {problem} the {slot.kind} {slot.english!r}", slot.found_by
            )

        def mark(found: re.Match[str], slot: Slot = slot) -> str:
            chosen = next(marks)
            marked[chosen] = _headed(slot, found)
            return chosen

        translated = pattern.sub(mark, translated)
    return translated, marked


def _headed(slot: Slot, found: re.Match[str]) -> str:
    """A date's or term's target capitalised where it begins the answer, after nothing but
    markup, quotes or the like ("Octubre de 2025 …", "**Trata de personas** …", but "La trata
    de personas …" for "Human trafficking …"), if its first word is in lower case ("eVisa"
    stays so); any other target as it is."""
    target = slot.target
    first = target.split(" ", 1)[0]
    if slot.kind not in ("date", "term") or not first.islower():
        return target
    before = _PAIRED.sub("", found.string[: found.start()])
    if any(char.isalnum() or "\ue000" <= char <= "\uf8ff" for char in before):
        return target
    return target[:1].upper() + target[1:]
