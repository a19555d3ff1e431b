"""What the checks compare between English and translation: numbers, links, markup, quotes.

Numbers are read in each side's locale with CLDR's symbols, so "1,200" (English), "1 200"
(French, any kind of space), "1.200" (German) are the same number, and "4.5" and "4,5" too.
Digits a space apart are one number or several ("12 000", "+43 1 514 36 6000") in any
language: the numbers check compares every plausible reading.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from itertools import islice
from typing import NamedTuple

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from communique.release.inline import SpanKind, find_spans, link_label
from communique.translate.engines.base import PLACEHOLDER

_SPACES = "\u0020\u00a0\u202f\u2009"
_SPACED_DIGITS = re.compile(f"\\d[{_SPACES}]\\d")
_DIGIT = re.compile(r"\d")
_NON_DIGIT = re.compile(r"\D")
#: Letters a number follows with no space between them, where the two are not one name (like
#: H2O or A4) but a word and a number: Chinese and Japanese write no space between words
#: (约有1,200名, 2023年6月7日), Korean none after a prefix (제15차), nor Thai between words;
#: Arabic and Hebrew join a one-letter conjunction or preposition to the next word (و2023).
JOINED_LETTERS = (
    "\u0620-\u064a\u066e-\u06d3"  # Arabic letters (digits, marks and signs left out)
    "\u05d0-\u05ea"  # Hebrew
    "\u0e01-\u0e4e\u0e81-\u0ecd"  # Thai, Lao (their digits left out)
    "\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3"  # Hangul
    "\u3041-\u30ff"  # kana
    "\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"  # Han
)
#: At most this many readings of one text are compared: each run of spaced digits multiplies them.
READINGS_LIMIT = 64


# A named tuple, not a frozen dataclass: one is built for every figure of every text checked.
class _Figure(NamedTuple):
    """Digits as written between spaces: ``1.200`` in German, ``4,5`` in French, ``514``."""

    digits: str
    fraction: str | None
    #: Written with the locale's group symbol (``1.200``, ``1,200``).
    grouped: bool

    @property
    def value(self) -> Decimal:
        return _value([self])


@cache
def number_symbols(locale: str) -> tuple[list[str], list[str]]:
    """The group and decimal symbols ``locale`` writes figures with, as CLDR has them: those
    of Latin digits, and those of its default and native numbering systems (Arabic writes
    ``١٬٢٠٠`` and ``٤٫٥`` as well as ``1,200`` and ``4.5``). A system whose symbols would
    read another's the other way round is left out."""
    babel_locale = Locale.parse(locale.replace("-", "_"))
    systems = dict.fromkeys(
        [
            "latn",
            babel_locale.default_numbering_system,
            *babel_locale.other_numbering_systems.values(),
        ]
    )
    groups: list[str] = []
    decimals: list[str] = []
    for system in systems:
        if system not in babel_locale.number_symbols:
            continue
        group = get_group_symbol(babel_locale, numbering_system=system)
        decimal = get_decimal_symbol(babel_locale, numbering_system=system)
        if group in decimals or decimal in groups:
            continue
        groups += [group] if group not in groups else []
        decimals += [decimal] if decimal not in decimals else []
    return groups, decimals


@cache
def _figure_pattern(locale: str) -> re.Pattern[str]:
    """One figure as ``locale`` writes it, with its group symbol unless that is a space."""
    groups, decimals = number_symbols(locale)
    written = [group for group in groups if not group.isspace()]
    if any(group in "’'" for group in written):
        written += ["’", "'"]
    grouped = ""
    if written:
        grouped = rf"\d{{0,2}}(?:{_one_of(written)}\d{{3}}(?!\d))+|"
    decimal = _one_of(decimals)
    # Not preceded by a decimal symbol, nor by a word character (H2O, A4) but a letter of the
    # scripts that join a number to a word (see JOINED_LETTERS): said after the first digit, as "not
    # [\w,]\d", rather than before it. A pattern that begins with a digit lets the regex engine
    # skip from digit to digit instead of trying the look-behinds everywhere: 2-3x faster.
    return re.compile(
        rf"(?P<int>\d(?<![^\W{JOINED_LETTERS}]\d)(?<![{''.join(map(re.escape, decimals))}]\d)"
        rf"(?:{grouped}\d*))(?:{decimal}(?P<frac>\d+))?"
    )


def _one_of(symbols: Sequence[str]) -> str:
    unique = sorted(set(symbols))
    return re.escape(unique[0]) if len(unique) == 1 else f"[{''.join(map(re.escape, unique))}]"


@cache
def _groups_with_spaces(locale: str) -> bool:
    return get_group_symbol(locale.replace("-", "_")).isspace()


def _cleaned(text: str) -> str:
    """The text with links, code and placeholders blanked out: their digits are no numbers."""
    # Without one of these, no link, code or placeholder to blank out: no URL or e-mail address
    # (find_spans looks for none without "www.", "://" or "@"), no code span, autolink or
    # placeholder (each begins with "`" or "<"). Five searches for a character are faster
    # than one regular expression.
    if not ("@" in text or "<" in text or "`" in text or "://" in text or "www." in text):
        return text
    cleaned = _without_spans(
        text, kinds=(SpanKind.URL, SpanKind.EMAIL, SpanKind.CODE, SpanKind.AUTOLINK)
    )
    return PLACEHOLDER.sub(" ", cleaned)


def _digits(match: re.Match[str]) -> str:
    """The digits of a figure, without the locale's group symbols."""
    written = match.group("int")
    return written if written.isdigit() else _NON_DIGIT.sub("", written)


def _runs(text: str, locale: str) -> list[list[_Figure]]:
    """The figures of a text, in runs of figures one space apart; links and code left out."""
    cleaned = _cleaned(text)
    return _split_runs(cleaned, list(_figure_pattern(locale).finditer(cleaned)))


def _split_runs(cleaned: str, matches: Sequence[re.Match[str]]) -> list[list[_Figure]]:
    runs: list[list[_Figure]] = []
    previous_end = 0
    for match in matches:
        written = match.group("int")
        figure = _Figure(_digits(match), match.group("frac"), not written.isdigit())
        gap = cleaned[previous_end : match.start()]
        if runs and len(gap) == 1 and gap in _SPACES:
            runs[-1].append(figure)
        else:
            runs.append([figure])
        previous_end = match.end()
    return runs


def _value(figures: Sequence[_Figure]) -> Decimal:
    digits = "".join(figure.digits for figure in figures)
    # Exact, unlike normalize(), which rounds to 28 digits: 4.50 = 4.5 all the same.
    fraction = (figures[-1].fraction or "").rstrip("0")
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


def _continues(group: Sequence[_Figure], figure: _Figure) -> bool:
    """Whether ``figure`` can be the next three digits of the number begun by ``group``."""
    first, last = group[0], group[-1]
    return (
        not first.grouped
        and len(first.digits) <= 3
        and last.fraction is None
        and not figure.grouped
        and len(figure.digits) == 3
    )


#: The most figures a space apart read as possibly one number's groups: a number in groups of
#: three is never longer (and a run of more is a list: codes, a table's cells).
LONGEST_RUN = 64


def _run_readings(run: Sequence[_Figure]) -> Iterator[tuple[Decimal, ...]]:
    """Every way to read a run of figures as numbers, the longest digit groups first.

    ``1 514 36 6000`` reads as 1514, 36, 6000 or as 1, 514, 36, 6000.
    """
    if not run:
        yield ()
        return
    stop = 1
    while stop < len(run) and _continues(run[:stop], run[stop]):
        stop += 1
    for end in range(stop, 0, -1):
        head = _value(run[:end])
        for rest in _run_readings(run[end:]):
            yield (head, *rest)


def number_readings(text: str, locale: str) -> list[Counter[Decimal]]:
    """The numbers in a text in every plausible reading, the one of ``locale``'s grouping first.

    A space between digits groups them where every group after the first has three digits
    (``12 000``: French and Russian write so, Spanish from five digits, SI in any language) or
    separates numbers (``+43 1 514 36 6000``). Links and code are left out.
    """
    readings: list[Counter[Decimal]] = [Counter()]
    if _DIGIT.search(text) is None:
        return readings
    runs = _runs(text, locale)
    if all(len(run) == 1 for run in runs):  # no digits a space apart: one reading
        return [Counter(run[0].value for run in runs)]
    for run in runs:
        separate = tuple(figure.value for figure in run)
        # (A run longer than any number is a list of figures, read one by one: its readings
        # would recurse once per figure.)
        runs_of_a_number = len(run) <= LONGEST_RUN
        options = list(islice(_run_readings(run), READINGS_LIMIT)) if runs_of_a_number else []
        if separate in options:
            options.remove(separate)
        # The locale's own reading first: grouped by spaces, or every figure a number.
        options.insert(len(options) if _groups_with_spaces(locale) else 0, separate)
        combined: dict[tuple[tuple[Decimal, int], ...], Counter[Decimal]] = {}
        for reading in readings:
            for option in options:
                total = reading + Counter(option)
                combined.setdefault(tuple(sorted(total.items())), total)
        readings = list(combined.values())[:READINGS_LIMIT]
    return readings


def first_reading(text: str, locale: str) -> tuple[str, ...]:
    """The numbers of the first of :func:`number_readings`, as sorted numerals: cheap to compare.

    Numerals are written without leading zeros or trailing zeros in the fraction, so equal
    tuples mean equal first readings (the converse holds for ASCII digits).

    >>> first_reading("Some 1,200 observers: 4.50 % up on 2023.", "en")
    ('1200', '2023', '4.5')
    >>> first_reading("Quelque 1 200 observateurs : 4,50 % de plus qu'en 2023.", "fr")
    ('1200', '2023', '4.5')
    >>> first_reading("Call +43 1 514 36 6000.", "en")
    ('1', '36', '43', '514', '6000')
    >>> first_reading("Appelez le +43 1 514 36 6000.", "fr")
    ('1514', '36', '43', '6000')
    """
    digit = _DIGIT.search(text)
    if digit is None:
        return ()
    cleaned = _cleaned(text)
    if cleaned is not text:
        digit = _DIGIT.search(cleaned)
        if digit is None:
            return ()
    # No figure begins before the first digit: the searches start there, which is faster (the
    # look-behinds still see what comes before).
    first = digit.start()
    pattern = _figure_pattern(locale)
    # Two figures one space apart have a digit, a space and a digit between them.
    if _groups_with_spaces(locale) and _SPACED_DIGITS.search(cleaned, first) is not None:
        # The locale may group digits by spaces: the longest groups, as _run_readings reads
        # first (a figure alone is a group of one).
        numerals = []
        for run in _split_runs(cleaned, list(pattern.finditer(cleaned))):
            start = 0
            while start < len(run):
                stop = start + 1
                while stop < len(run) and _continues(run[start:stop], run[stop]):
                    stop += 1
                group = run[start:stop]
                numerals.append(_numeral("".join(f.digits for f in group), group[-1].fraction))
                start = stop
    else:  # every figure a number, as the first reading has it
        numerals = [
            _numeral(written if written.isdigit() else _NON_DIGIT.sub("", written), fraction)
            for written, fraction in pattern.findall(cleaned, first)
        ]
    return tuple(sorted(numerals))


def _numeral(digits: str, fraction: str | None) -> str:
    """A number written one way only: ``012.50`` is ``12.5``, like :func:`_value`'s Decimal."""
    whole = digits.lstrip("0") or "0"
    fraction = (fraction or "").rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _without_spans(text: str, kinds: tuple[SpanKind, ...]) -> str:
    pieces = []
    position = 0
    for span in find_spans(text, markup=True):
        if span.kind in kinds:
            pieces.append(text[position : span.start] + " ")
            position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


_DELIMITER = re.compile(r"\*\*|\*|`+|(?<!\w)_(?=\w)|(?<=\w)_(?!\w)|\[|\]")


def sorted_links(text: str) -> tuple[str, ...]:
    """:func:`links` as a sorted tuple: equal tuples, equal links; quick for most texts.

    >>> sorted_links("Write to press@osce.org or see [the site](https://osce.org).")
    ('https://osce.org', 'press@osce.org')
    """
    # What a link begins with: most texts have none. find_spans looks for no URL or e-mail
    # address without "www.", "://" or "@"; Markdown links begin with "[", autolinks with "<".
    if not ("@" in text or "[" in text or "<" in text or "://" in text or "www." in text):
        return ()
    return tuple(sorted(links(text).elements()))


#: A backslash Markdown shows as written: before no ASCII punctuation (which it escapes), nor a
#: line's end (a hard break).
_SHOWN_BACKSLASH = re.compile(r"\\(?![!-/:-@\[-`{-~]|\n|$)")


def shown_backslashes(text: str) -> list[str]:
    """The backslashes of a Markdown text that its page shows as written, outside code and
    addresses, each with the character after it: an engine's draft moved an escape, "\\*is\\*"
    becoming "\\no\\*" ("\\no*" on the page).

    >>> shown_backslashes(r"5 \\* 3 \\no\\* es, `C:\\x`")
    ['\\\\n']
    """
    if "\\" not in text:
        return []
    spans = [
        (s.start, s.end)
        for s in find_spans(text, markup=True)
        if s.kind in (SpanKind.CODE, SpanKind.URL, SpanKind.EMAIL, SpanKind.AUTOLINK, SpanKind.HTML)
    ]
    return [
        text[found.start() : found.start() + 2]
        for found in _SHOWN_BACKSLASH.finditer(text)
        if not any(start <= found.start() < end for start, end in spans)
    ]


def sorted_markup(text: str) -> tuple[str, ...]:
    """:func:`markup` as a sorted tuple: equal tuples, equal markup; quick for most texts.

    >>> sorted_markup("It is **urgent**: run `draft`.")
    ('**…**', '`draft`')
    """
    # What emphasis, a link, code or HTML begins with: most texts have none.
    if not ("*" in text or "_" in text or "[" in text or "`" in text or "<" in text):
        return ()
    return tuple(sorted(markup(text).elements()))


def links(text: str) -> Counter[str]:
    """URLs and e-mail addresses, wherever they stand (Markdown link targets included, and
    within emphasis).

    >>> sorted(links("Write to *press@osce.org* or see [**the site**](https://osce.org)."))
    ['https://osce.org', 'press@osce.org']
    """
    found: Counter[str] = Counter()
    for span in find_spans(text, markup=True):
        value = span.text(text)
        if span.kind in (SpanKind.URL, SpanKind.EMAIL):
            found[value] += 1
        elif span.kind is SpanKind.AUTOLINK:
            found[value[1:-1].removeprefix("mailto:")] += 1
        elif span.kind is SpanKind.LINK:
            target = re.search(r"\]\(\s*<?([^)\s>]+)", value)
            if target is not None:
                found[target.group(1)] += 1
            found.update(links(value[value.find("[") + 1 : value.rfind("]")]))
        elif span.kind is SpanKind.EMPHASIS:  # "*press@osce.org*": the address within
            run = len(value) - len(value.lstrip(value[0]))
            found.update(links(value[run:-run]))
    return found


def markup(text: str) -> Counter[str]:
    """The inline Markdown of a text, as a multiset of kinds: ``*…*``, ``**…**``, ``[…](…)``
    (``[](…)`` for a link with no words)."""
    found: Counter[str] = Counter()
    for span in find_spans(text, markup=True):
        value = span.text(text)
        if span.kind is SpanKind.EMPHASIS:
            run = len(value) - len(value.lstrip(value[0]))
            found[f"{value[:run]}…{value[:run]}"] += 1
            found.update(markup(value[run:-run]))
        elif span.kind is SpanKind.LINK:
            label = link_label(value)
            # A link without words has nothing to click: a reader never sees it.
            found["[…](…)" if _shows(label) else "[](…)"] += 1
            found.update(markup(label))
        elif span.kind is SpanKind.CODE:
            found[value] += 1  # code is never translated: compared whole
        elif span.kind is SpanKind.HTML:
            found[re.sub(r"\s.*", ">", value) if not value.endswith("/>") else value] += 1
    return found


def _shows(label: str) -> bool:
    """Whether a link's words show anything: not only spaces, entities of spaces (``&nbsp;``)
    or invisible characters (a zero-width space)."""
    if label.strip() and label.isprintable() and "&" not in label:
        return True
    return any(
        not char.isspace() and unicodedata.category(char) not in ("Cf", "Cc")
        for char in html.unescape(label)
    )


def loose_markup(text: str) -> list[str]:
    """Delimiters that open or close nothing: a lone ``**``, `````, ``[``. Brackets that pair
    up and are no link (nothing in brackets or parentheses after them) are text, as Markdown
    shows them: an editor's insertion in a quotation, "« Nous [le Conseil] agirons »"."""
    # Most texts have no delimiter at all: no need to look further, or for the spans.
    if not ("*" in text or "`" in text or "_" in text or "[" in text or "]" in text):
        return []
    delimiters = list(_DELIMITER.finditer(text))
    if not delimiters:
        return []
    covered = [(s.start, s.end) for s in find_spans(text, markup=True)]
    loose: list[tuple[int, str]] = []
    opened: list[int] = []  # the loose "[" not paired yet, by their place in ``loose``
    for match in delimiters:
        if any(start <= match.start() < end for start, end in covered):
            continue
        mark = match.group(0)
        if mark == "]" and opened and text[match.end() : match.end() + 1] not in ("(", "["):
            loose[opened.pop()] = (-1, "")  # a pair of brackets around text
            continue
        if mark == "[":
            opened.append(len(loose))
        loose.append((match.start(), mark))
    return [mark for start, mark in loose if start >= 0]


@cache
def _delimiters() -> dict[str, str]:
    raw = (resources.files("communique") / "data" / "cldr" / "delimiters.json").read_text("utf-8")
    data: dict[str, str] = json.loads(raw)
    return data


@lru_cache(maxsize=64)
def quotation_marks(locale: str) -> str:
    """The locale's four quotation marks from CLDR: start, end, inner start, inner end."""
    table = _delimiters()
    parts = locale.split("-")
    while parts:
        found = table.get("-".join(parts))
        if found is not None:
            return found
        parts.pop()
    return table.get("root", "“”‘’")
