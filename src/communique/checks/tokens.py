"""What the checks compare between English and translation: numbers, links, markup, quotes.

Numbers are read in each side's locale with CLDR's symbols, so "1,200" (English), "1 200"
(French, any kind of space), "1.200" (German) are the same number, and "4.5" and "4,5" too.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol

from communique.engines.base import PLACEHOLDER
from communique.inline import SpanKind, find_spans

_SPACES = "\u0020\u00a0\u202f\u2009"


@cache
def _number_pattern(locale: str) -> re.Pattern[str]:
    babel_locale = locale.replace("-", "_")
    group = get_group_symbol(babel_locale)
    decimal = get_decimal_symbol(babel_locale)
    groups = f"[{re.escape(_SPACES)}]" if group.isspace() else re.escape(group)
    if group in "’'":
        groups = "['’]"
    return re.compile(
        rf"(?<![\w{re.escape(decimal)}])(?P<int>\d{{1,3}}(?:{groups}\d{{3}})+|\d+)"
        rf"(?:{re.escape(decimal)}(?P<frac>\d+))?"
    )


def numbers(text: str, locale: str) -> Counter[Decimal]:
    """The numbers in a text, read as ``locale`` writes them; links and code left out."""
    cleaned = _without_spans(
        text, kinds=(SpanKind.URL, SpanKind.EMAIL, SpanKind.CODE, SpanKind.AUTOLINK)
    )
    cleaned = PLACEHOLDER.sub(" ", cleaned)
    found: Counter[Decimal] = Counter()
    for match in _number_pattern(locale).finditer(cleaned):
        digits = re.sub(r"\D", "", match.group("int"))
        fraction = match.group("frac")
        try:
            found[Decimal(f"{digits}.{fraction}" if fraction else digits).normalize()] += 1
        except InvalidOperation:
            continue
    return found


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
