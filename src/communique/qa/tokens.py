"""What the checks compare between English and translation: numbers, links, markup, quotes.

Numbers are read in each side's locale with CLDR's symbols, so "1,200" (English), "1 200"
(French, any kind of space), "1.200" (German) are the same number, and "4.5" and "4,5" too.
Digits a space apart are one number or several ("12 000", "+43 1 514 36 6000") in any
language: the numbers check compares every plausible reading.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from itertools import islice
from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol

from communique.release.inline import SpanKind, find_spans
from communique.translate.engines.base import PLACEHOLDER

_SPACES = "\u0020\u00a0\u202f\u2009"
_DIGIT = re.compile(r"\d")
#: At most this many readings of one text are compared: each run of spaced digits multiplies them.
READINGS_LIMIT = 64


@dataclass(frozen=True)
class _Figure:
    """Digits as written between spaces: ``1.200`` in German, ``4,5`` in French, ``514``."""

    digits: str
    fraction: str | None
    #: Written with the locale's group symbol (``1.200``, ``1,200``).
    grouped: bool

    @property
    def value(self) -> Decimal:
        return _value([self])


@cache
def _figure_pattern(locale: str) -> re.Pattern[str]:
    """One figure as ``locale`` writes it, with its group symbol unless that is a space."""
    babel_locale = locale.replace("-", "_")
    group = get_group_symbol(babel_locale)
    decimal = get_decimal_symbol(babel_locale)
    grouped = ""
    if not group.isspace():
        groups = "['’]" if group in "’'" else re.escape(group)
        grouped = rf"\d{{1,3}}(?:{groups}\d{{3}}(?!\d))+|"
    return re.compile(
        rf"(?<![\w{re.escape(decimal)}])(?P<int>{grouped}\d+)"
        rf"(?:{re.escape(decimal)}(?P<frac>\d+))?"
    )


@cache
def _groups_with_spaces(locale: str) -> bool:
    return get_group_symbol(locale.replace("-", "_")).isspace()


def _runs(text: str, locale: str) -> list[list[_Figure]]:
    """The figures of a text, in runs of figures one space apart; links and code left out."""
    cleaned = _without_spans(
        text, kinds=(SpanKind.URL, SpanKind.EMAIL, SpanKind.CODE, SpanKind.AUTOLINK)
    )
    cleaned = PLACEHOLDER.sub(" ", cleaned)
    runs: list[list[_Figure]] = []
    previous_end = 0
    for match in _figure_pattern(locale).finditer(cleaned):
        written = match.group("int")
        figure = _Figure(re.sub(r"\D", "", written), match.group("frac"), not written.isdigit())
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
        options = list(islice(_run_readings(run), READINGS_LIMIT))
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


def _without_spans(text: str, kinds: tuple[SpanKind, ...]) -> str:
    pieces = []
    position = 0
    for span in find_spans(text, markup=True):
        if span.kind in kinds:
            pieces.append(text[position : span.start] + " ")
            position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def links(text: str) -> Counter[str]:
    """URLs and e-mail addresses, wherever they stand (Markdown link targets included)."""
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
    return found


def markup(text: str) -> Counter[str]:
    """The inline Markdown of a text, as a multiset of kinds: ``*…*``, ``**…**``, ``[…](…)``."""
    found: Counter[str] = Counter()
    for span in find_spans(text, markup=True):
        value = span.text(text)
        if span.kind is SpanKind.EMPHASIS:
            run = len(value) - len(value.lstrip(value[0]))
            found[f"{value[:run]}…{value[:run]}"] += 1
            found.update(markup(value[run:-run]))
        elif span.kind is SpanKind.LINK:
            found["[…](…)"] += 1
            found.update(markup(value[value.find("[") + 1 : value.rfind("]")]))
        elif span.kind is SpanKind.CODE:
            found[value] += 1  # code is never translated: compared whole
        elif span.kind is SpanKind.HTML:
            found[re.sub(r"\s.*", ">", value) if not value.endswith("/>") else value] += 1
    return found


def loose_markup(text: str) -> list[str]:
    """Delimiters that open or close nothing: a lone ``**``, `````, ``[``."""
    spans = find_spans(text, markup=True)
    covered = [(s.start, s.end) for s in spans]
    loose = []
    for match in re.finditer(r"\*\*|\*|`+|(?<!\w)_(?=\w)|(?<=\w)_(?!\w)|\[|\]", text):
        if not any(start <= match.start() < end for start, end in covered):
            loose.append(match.group(0))
    return loose


@cache
def _delimiters() -> dict[str, str]:
    raw = (resources.files("communique") / "data" / "cldr" / "delimiters.json").read_text("utf-8")
    data: dict[str, str] = json.loads(raw)
    return data


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


@cache
def typography(language: str) -> dict[str, Any]:
    """The punctuation conventions of a language that CLDR does not record."""
    raw = (resources.files("communique") / "data" / "typography.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(raw).get(language, {})
    return data
