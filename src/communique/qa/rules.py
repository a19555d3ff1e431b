"""The checks, plain functions: each takes an entry and returns a one-line problem or None.

Each docstring's first line is the title users see. They are registered, with their ids and
severities, in :data:`communique.qa.checks.CHECKS`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import cache, lru_cache, partial
from html.entities import html5
from typing import NamedTuple

from babel.core import get_global
from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol
from lxml.html.defs import tags as html_tags

from communique.catalog import Message
from communique.catalog.flags import BRACE_FIELD
from communique.controls import bidi_problem, control_character, noncharacter
from communique.locales import parse_locale
from communique.qa.findings import Entry
from communique.qa.numberwords import written_in_words
from communique.qa.scales import amounts_differ, same_amounts
from communique.qa.tokens import (
    JOINED_LETTERS,
    first_reading,
    links,
    loose_markup,
    markup,
    number_readings,
    quotation_marks,
    shown_backslashes,
    sorted_links,
    sorted_markup,
)
from communique.release.dateline import months_in_dates
from communique.release.figures import TIMES
from communique.release.inline import HTML_TAG, SpanKind, find_spans
from communique.release.media import is_local, local_files
from communique.release.segment import Role
from communique.translate.engines.base import PLACEHOLDER
from communique.translate.glossary import uses_term
from communique.typography import typography

# Marks that may close a sentence after its final stop: quotation marks as each language closes
# them (”…“ in Arabic, „…“ in German, »…« in Danish, 」 in Japanese), brackets, emphasis, spaces.
_CLOSERS = "\"'”’»›“‘«‹)]⟧」』）】》〉*_ \u00a0\u202f\u3000"
#: The marks that end an English sentence.
_FINALS = {mark: mark for mark in ".?!:;…"}
_CJK = {
    **dict.fromkeys("。｡．", "."),
    "？": "?",
    "！": "!",
    "：": ":",
    "；": ";",
    "⋯": "…",
}
_DANDA = {"।": ".", "॥": "."}
_ARABIC = {"؟": "?", "؛": ";", "۔": "."}
#: The marks of a script that end a sentence, each with the English one that ends it the same
#: way (by script, from CLDR's likely subtags: a full-width ？ in Spanish is no question mark).
_SCRIPT_FINALS: dict[str, dict[str, str]] = {
    **dict.fromkeys(("Hans", "Hant", "Hani", "Jpan", "Kore"), _CJK),
    **dict.fromkeys(("Arab", "Thaa"), _ARABIC),  # (Thaana: Dhivehi)
    "Armn": {"։": "."},
    **dict.fromkeys(("Deva", "Beng", "Guru", "Orya"), _DANDA),
    "Ethi": {"።": ".", "፧": "?", "፤": ";", "፥": ":"},
    "Mymr": {"။": "."},
    "Khmr": {"។": "."},
    "Tibt": {"།": "."},
}
#: Translations shorter or longer than this many times the English are suspicious.
LENGTH_RATIO = (0.4, 2.5)
#: The lower bound for a translation mostly in wide characters (Chinese, Japanese, Korean):
#: "确定要删除该组？" for "Are you sure you want to delete this group?" is 0.37 of it.
WIDE_LENGTH_MINIMUM = 0.25
#: Below this many characters of English, length says little.
LENGTH_MINIMUM = 30


# Each English text is checked once per target locale, release after release: what depends on
# the English alone is worked out once. Bounded, so a large archive does not fill the memory.
_english_numbers = lru_cache(maxsize=4096)(first_reading)
_english_links = lru_cache(maxsize=4096)(sorted_links)
_english_markup = lru_cache(maxsize=4096)(sorted_markup)


def _listing(values: Counter[str]) -> str:
    return ", ".join(sorted(values.elements())) or "—"


def _shown(value: Decimal) -> str:
    return format(value, "f")


def _distance(source: Counter[Decimal], target: Counter[Decimal]) -> int:
    return sum((source - target).values()) + sum((target - source).values())


_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


#: English numbers in words a translation may write in digits (two ministers: 閣僚2人; third
#: parties: 제3자; "2 Minister" in a house style that writes every number so).
_NUMBER_WORDS = {
    word: number
    for number, words in enumerate(
        [
            ("zero",),
            ("one", "first"),
            ("two", "second"),
            ("three", "third"),
            ("four", "fourth"),
            ("five", "fifth"),
            ("six", "sixth"),
            ("seven", "seventh"),
            ("eight", "eighth"),
            ("nine", "ninth"),
            ("ten", "tenth"),
            ("eleven", "eleventh"),
            ("twelve", "twelfth"),
            ("thirteen", "thirteenth"),
            ("fourteen", "fourteenth"),
            ("fifteen", "fifteenth"),
            ("sixteen", "sixteenth"),
            ("seventeen", "seventeenth"),
            ("eighteen", "eighteenth"),
            ("nineteen", "nineteenth"),
            ("twenty", "twentieth"),
        ]
    )
    for word in words
} | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000}


@cache
def _written_otherwise() -> tuple[re.Pattern[str], dict[str, int]]:
    """What an English text may write in words or inside a name that a translation writes as
    a number: a month's name (wide or abbreviated, in title case or capitals), a number in
    words, and digits after a letter (COP28, G20, Q1), which the English reading leaves out."""
    numbers: dict[str, int] = {}
    names = []
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="en").items():
            numbers.setdefault(name.casefold(), number)
            names += [name, name.upper()]
    numbers["sept"] = 9
    names += ["Sept", "SEPT"]
    numbers.update(_NUMBER_WORDS)
    pattern = re.compile(
        rf"\b(?P<month>{'|'.join(sorted(set(names), key=len, reverse=True))})\b"
        rf"|\b(?P<word>{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})\b"
        r"|(?<=[^\W\d_])(?P<digits>\d+)",
        re.IGNORECASE,
    )
    return pattern, numbers


def _otherwise(source: str, translation: str) -> Counter[Decimal]:
    """The numbers of :func:`_written_otherwise` in the English that the translation writes
    as the English means them: a month's in a date (6月, 6월, 07.06.2023), digits of a name
    after a letter of a script that joins them (第28届), a number in words anywhere (but
    "one" as a pronoun: no one, one of)."""
    pattern, numbers = _written_otherwise()
    found: Counter[Decimal] = Counter()
    for match in pattern.finditer(source):
        kind = match.lastgroup
        written = match.group()
        # (Matched regardless of case, Turkish İ and ı match "i" too: looked up as "i".)
        folded = written.casefold().replace("i\u0307", "i").replace("ı", "i")
        if kind != "digits" and folded not in numbers:
            continue
        if kind == "month":
            if not (written.istitle() or written.isupper()):
                continue  # ("may" is a verb)
            number = numbers[folded]
            if not re.search(_DATED.format(month=number), translation):
                continue
        elif kind == "word":
            number = numbers[folded]
            if folded == "one" and _pronoun(source, match.start(), match.end()):
                continue  # no one, one of: not a count
        else:
            number = int(written)
            # (Read as a number in the translation only after a letter of such a script.)
            if not re.search(rf"(?<=[{JOINED_LETTERS}])0*{number}(?!\d)", translation):
                continue
        found[Decimal(number)] += 1
    return found


def _pronoun(text: str, start: int, end: int) -> bool:
    """Whether the "one" at ``start:end`` is a pronoun, not a count: no one, the one, one of,
    one another."""
    before = text[:start].split()[-1:]
    after = text[end:].split()[:1]
    return bool(
        before and before[0].casefold() in ("no", "the", "each", "every", "any", "which")
    ) or bool(after and after[0].casefold().rstrip(".,;:") in ("of", "another"))


#: A number beside a month's name in the English, before it or after it, as a date or a span
#: of dates writes them: "15 May", "May 15", "15-16 May", "May 15 and 16", "May 2025".
_ORDINAL_DAY = r"\d+(?:st|nd|rd|th)?"
_ENGLISH_BEFORE = re.compile(rf"(?:{_ORDINAL_DAY}\s*(?:[-–]|and|to)\s*)?{_ORDINAL_DAY}\s*$")
_ENGLISH_AFTER = re.compile(rf"\s*{_ORDINAL_DAY}(?:\s*(?:[-–]|and|to)\s*\d+)?")
#: A day (1 to 31) right before a month's name in a translation, its full stop or a date's
#: particle between ("15 de junio", "15. Juni", "15 июня", "15 ta' Ġunju"); or a day or a year
#: right after it ("junio de 2025", "Juni 2025"). Not a number a word away: Romanian "2024 nu
#: mai" (no more), "20 mai mulți" (20 more) with no other word between are dates' shape.
_DAY_BEFORE = re.compile(
    r"(?<![\d.,])(\d{1,2})\.?\s*(?:(?:de|del|di|d'|ta'|a)\s+)?$", re.IGNORECASE
)
_DAY_AFTER = re.compile(r",?\s*(?:(?:de|del|di)\s+)?(\d{4}|\d{1,2})(?![\d.,]\d)", re.IGNORECASE)


def months_differ(entry: Entry) -> str | None:
    """A date's month the translation writes out that is none of the English's dates' ("15
    May 2025": "15 de junio de 2025"), as a month in digits is. Only names beside a day or a
    year of the English's dates count (Romanian "20 mai mulți", 20 more, is no date); one the
    English has that the translation does not (an inflected name CLDR does not give) is left
    to the translator."""
    english = _dated_months(entry.source, "en")
    if not english:
        return None
    beside = {number for _, _, numbers in english for number in numbers}
    theirs = [
        (month, name)
        for month, name, numbers in _dated_months(entry.translation, entry.locale)
        if beside.intersection(numbers)
    ]
    added = [(month, name) for month, name in theirs if month not in {m for m, _, _ in english}]
    if not added:
        return None
    lost = [name for month, name, _ in english if month not in {m for m, _ in theirs}]
    return (
        f"numbers differ: {', '.join(lost) or '—'} → {', '.join(name for _, name in added)} "
        "(the month of a date)"
    )


@lru_cache(maxsize=8192)  # (an English sentence, once for every language)
def _dated_months(text: str, locale: str) -> tuple[tuple[int, str, frozenset[int]], ...]:
    """The months named beside a number in ``text``: their numbers, names as written, and
    the numbers beside them (a day, a year), by CLDR's wide names in ``locale`` (English's
    abbreviated ones too: "15 Sept")."""
    pattern = _month_names(locale)
    if pattern is None or not any(c.isdigit() for c in text):
        return ()
    found = []
    english = locale == "en"
    for match in pattern.finditer(text):
        if english and not match.group()[:1].isupper():
            continue  # ("may" is a verb)
        if english:  # (every day of a span: "May 15-16" is the 15th and the 16th)
            around = [
                found.group()
                for found in (
                    _ENGLISH_BEFORE.search(text, max(0, match.start() - 16), match.start()),
                    _ENGLISH_AFTER.match(text, match.end(), match.end() + 16),
                )
                if found is not None
            ]
            numbers = frozenset(int(n) for part in around for n in re.findall(r"\d+", part))
        else:
            before = _DAY_BEFORE.search(text, max(0, match.start() - 12), match.start())
            after = _DAY_AFTER.match(text, match.end(), match.end() + 12)
            numbers = frozenset(int(m[1]) for m in (before, after) if m is not None)
            if before is not None and not 1 <= int(before[1]) <= 31:
                numbers -= {int(before[1])}
        month = months_in_dates(locale).get(match["name"].casefold())
        if numbers and month is not None:  # (matched regardless of case, looked up casefolded)
            found.append((month, match.group(), numbers))
    return tuple(found)


#: The prepositions a language writes joined to a month's name in its dates: Hebrew's "30
#: ביוני 2024" (CLDR's "d בMMMM y"), and "ביולי", "לאוגוסט", "מיוני" beside it.
_JOINED_BEFORE = {"he": "[ובלמ]"}


@cache
def _month_names(locale: str) -> re.Pattern[str] | None:
    names = sorted(months_in_dates(locale), key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in names)
    joined = _JOINED_BEFORE.get(locale.split("-")[0].lower())
    before = rf"(?:{joined}{{1,2}})?" if joined else ""
    return re.compile(rf"(?<!\w){before}(?P<name>{alternatives})(?!\w)", re.IGNORECASE)


# A month's number as a date writes it: 6月, 6월, tháng 6, 07.06.2023, 2023-06-07.
_DATED = (
    r"(?<!\d)0?{month}\s?[月월]|tháng\s?0?{month}(?!\d)"
    r"|(?<!\d)\d{{1,2}}[./-]0?{month}[./-]\d{{2,4}}|\d{{4}}[./-]0?{month}[./-]\d{{1,2}}(?!\d)"
)


def numbers_differ(entry: Entry) -> str | None:
    """Numbers differ (digits, percentages, amounts, years, the months of dates), each read
    in its own locale."""
    return _figures_differ(entry) or months_differ(entry)


def _figures_differ(entry: Entry) -> str | None:
    # As nearly always, the first readings agree: no need to build and weigh all readings.
    if _english_numbers(entry.source, "en") == first_reading(entry.translation, entry.locale):
        return amounts_differ(entry.source, entry.translation, entry.locale)
    sources = number_readings(entry.source, "en")
    targets = number_readings(entry.translation, entry.locale)
    if sources[0] == targets[0]:  # as nearly always: no need to weigh other readings
        return amounts_differ(entry.source, entry.translation, entry.locale)
    pairs = [(s, t) for t in targets for s in sources]
    # The closest readings name the difference; on a tie, the locale's own grouping does.
    source, target = _kept_as_written(entry, *min(pairs, key=lambda pair: _distance(*pair)))
    # (Where the numbers agree once read so, an amount may still be another: "1.5億人" for
    # "1.5 million people", beside a second amount the languages write otherwise.)
    scale = partial(amounts_differ, entry.source, entry.translation, entry.locale)
    if source == target:
        return scale()
    lost, added = source - target, target - source
    if not added:
        # An English ordinal ("14th", "21st") may be written in words or Roman numerals
        # ("الرابع عشر", "XXIe siècle"): missing, it is no error (another number in its
        # place still is).
        lost -= Counter(Decimal(found) for found in _ORDINAL.findall(entry.source))
        # A small number in words ("3 months": "трёх месяцев", "שלושה חודשים") is no error.
        lost -= written_in_words(lost, entry.translation, entry.locale)
        if not lost:
            return scale()
    else:
        # A large amount where the languages count by other steps: "138.2 million" is
        # "1.382亿", "13.82 करोड़".
        was, now = same_amounts(entry.source, entry.translation, entry.locale)
        lost -= Counter(was)
        added -= Counter(now)
        if not lost and not added:
            return scale()
    if not lost:
        # The numbers the translation adds that the English writes otherwise are no error: a
        # month by name in a date (7 June 2023: 2023年6月7日, 2023년 6월 7일, 07.06.2023), a
        # number in words, digits in a name (COP28: 第28届). (Not where a number is lost
        # too: 7th June, 6月.)
        added -= _otherwise(entry.source, entry.translation)
        if not added:
            return scale()
    missing = Counter({_shown(k): v for k, v in lost.items()})
    extra = Counter({_shown(k): v for k, v in added.items()})
    return f"numbers differ: {_listing(missing)} → {_listing(extra)}"


#: A figure with a point or a comma inside (``16.2``, ``10.30``, ``1,244.5``).
_DOTTED = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)+(?![\d]|[.,]\d)")


def _kept_as_written(
    entry: Entry, source: Counter[Decimal], target: Counter[Decimal]
) -> tuple[Counter[Decimal], Counter[Decimal]]:
    """The numbers of the English and of the translation, less the English's figures the
    translation keeps as written where its language reads them as several numbers (a
    section, a version, a time: "SDG target 16.2", German "um 10.30 Uhr"; not "1,200" kept in
    German, which reads it as 1.2), and less the times of day it writes its language's way
    ("at 10.30": "à 10 h 30", "10:30")."""

    def within(part: Counter[Decimal], whole: Counter[Decimal]) -> bool:
        return all(whole[number] >= count for number, count in part.items())

    decimal = _decimal_mark(entry.locale)
    for written in sorted(set(_DOTTED.findall(entry.source))):
        if decimal in written:  # its reader reads that mark as a decimal point: 1,200.50
            continue
        english = number_readings(written, "en")[0]
        read = number_readings(written, entry.locale)[0]
        if sum(read.values()) < 2:
            continue
        kept = sum(1 for found in _DOTTED.findall(entry.translation) if found == written)
        for _ in range(kept):
            if within(english, source) and within(read, target):
                source, target = source - english, target - read
    times = {
        match.start("hour"): match for pattern in TIMES for match in pattern.finditer(entry.source)
    }
    for _, match in sorted(times.items()):
        hour, minute = match["hour"], match["minute"]
        english = Counter([Decimal(f"{hour}.{minute}")])
        # The hour on a 24-hour clock too, after "p.m.": "8.30 p.m." is "20 h 30".
        hours = [int(hour)] + ([int(hour) + 12] if match["pm"] else [])
        for written in hours:
            parts = Counter([Decimal(written), Decimal(minute)])
            # The hour and its minutes together, as a clock is written: "10 h 30", "10:30",
            # "10h30", "10 Uhr 30", "10 часов 30 минут", "10 ч 30 мин" (a word of one letter
            # only where it is the hour's: "4 à 50" is no time).
            clock = (
                rf"(?<![\d.,:])0?{written}(?:\s*(?:[hHчu]|[^\W\d]{{2,8}})?\.?\s*|[:.])"
                rf"{minute}(?!\d)"
            )
            # (The minutes may be read with the hour, or not at all: "10h30", "11 h 00".)
            if within(english, source) and parts & target and re.search(clock, entry.translation):
                source, target = source - english, target - (parts & target)
                break
    # A whole hour after noon on a 24-hour clock: "3 p.m." is "15 h", "15 Uhr".
    for match in _WHOLE_HOUR_PM.finditer(entry.source):
        english = Counter([Decimal(match[1])])
        later = Counter([Decimal(int(match[1]) + 12)])
        if within(english, source) and within(later, target) and not within(english, target):
            source, target = source - english, target - later
    return source, target


_WHOLE_HOUR_PM = re.compile(r"(?<![\d.,:])(1[01]|[1-9])\s*p\.?m\b\.?")


@lru_cache(maxsize=64)
def _decimal_mark(locale: str) -> str:
    """The mark a language's readers take for a decimal point (CLDR's)."""
    return get_decimal_symbol(parse_locale(locale))


def links_differ(entry: Entry) -> str | None:
    """URLs or e-mail addresses differ or are missing."""
    if _english_links(entry.source) == sorted_links(entry.translation):
        return None
    source, target = _elsewhere(links(entry.source)), _elsewhere(links(entry.translation))
    if source == target:
        return None
    return f"links differ: {_listing(source - target)} → {_listing(target - source)}"


def files_differ(entry: Entry) -> str | None:
    """Pictures or files of the release (``images/x.png``) differ or are missing: the site
    has those the English links alone."""
    try:
        if not entry.markup or _english_links(entry.source) == sorted_links(entry.translation):
            return None
        source = Counter(local_files(entry.source))
        target = Counter(local_files(entry.translation))
    except RecursionError:
        return None  # (said once, by the links check)
    if source == target:
        return None
    return (
        f"pictures or files differ: {_listing(source - target)} → {_listing(target - source)} "
        "(the site has the English's alone: link those)"
    )


#: An e-mail address, as links() gives one found in the text (no file of the release).
_EMAIL_ADDRESS = re.compile(r"[^@/\s]+@[^@/\s]+\.[^\W\d_]{2,}")
#: A web address without its scheme, as links() gives one found in the text
#: (``www.osce.org/press``): no file of the release either.
_WEB_HOST = re.compile(r"www\.", re.IGNORECASE)


def _elsewhere(found: Counter[str]) -> Counter[str]:
    """The links of ``found`` but those to the release's own pictures and files (see
    :func:`files_differ`): web addresses, e-mail addresses, anchors, the site's own pages."""
    return Counter(
        {
            link: n
            for link, n in found.items()
            if not is_local(link) or _EMAIL_ADDRESS.fullmatch(link) or _WEB_HOST.match(link)
        }
    )


def placeholders_differ(entry: Entry) -> str | None:
    """The ``{name}`` fields of the English (the site's own words) are not all kept, once each,
    or the translation names one the English has not: the page would show the wrong words or
    none.

    >>> placeholders_differ(Entry("Press releases: {state}", "Communiqués : {pays}", "fr"))
    'placeholders differ: {state} → {pays}'
    """
    if "{" not in entry.source and "{" not in entry.translation:
        return None
    source = Counter(BRACE_FIELD.findall(entry.source))
    target = Counter(BRACE_FIELD.findall(entry.translation))
    if source == target:
        return None
    return f"placeholders differ: {_listing(source - target)} → {_listing(target - source)}"


def markup_differs(entry: Entry) -> str | None:
    """Inline markup unbalanced or different (emphasis, links, code), a backslash shown as
    written; in plain text, HTML the English does not have (shown as written)."""
    if not entry.markup:
        return _written_html(entry)
    loose = loose_markup(entry.translation)
    if loose and not loose_markup(entry.source):
        return f"markup unbalanced: a lone {loose[0]!r}"
    if "\\" in entry.translation:
        shown = shown_backslashes(entry.translation)
        if len(shown) > len(shown_backslashes(entry.source)):
            # (An escape moved by an engine: "\\*is\\*" drafted "\\no\\*".)
            return f"markup: a backslash the page shows as written ({shown[0]!r})"
    if _english_markup(entry.source) == sorted_markup(entry.translation):
        return None
    source, target = markup(entry.source), markup(entry.translation)
    if source == target:
        return None
    return f"markup differs: {_listing(source - target)} → {_listing(target - source)}"


#: The names of HTML's elements (lxml's list, HTML 4 and 5).
_HTML_ELEMENTS = frozenset(html_tags)
#: A character reference: ``&nbsp;``, ``&#160;``, ``&#xA0;`` (a name HTML knows: see
#: :func:`_html_in`).
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _html_in(text: str) -> Counter[str]:
    """The HTML tags (of elements HTML has: not "<<Conseil>>" typed for guillemets, nor "x<y
    et y>z") and character references written in a text."""
    found: Counter[str] = Counter()
    if "<" in text:
        for match in HTML_TAG.finditer(text):
            tag = match.group(0)
            name = tag.lstrip("</").split(None, 1)[0].rstrip("/>").lower()
            if name in _HTML_ELEMENTS and text[max(match.start() - 1, 0) : match.start()] != "<":
                found[tag] += 1
    if "&" in text:
        found.update(
            match.group(0)
            for match in _REFERENCE.finditer(text)
            if match.group(0)[1] == "#" or match.group(0)[1:] in html5
        )
    return found


def _written_html(entry: Entry) -> str | None:
    """A plain-text release's page (and the site's own words) shows its text as written:
    ``<b>`` or ``&nbsp;`` pasted from a word processor or a CAT tool would be seen by readers.
    (An engine's placeholder, ``<x0/>``, is no element: mt-leftovers reports it.)"""
    text = entry.translation
    if "<" not in text and "&" not in text:
        return None
    added = _html_in(text) - _html_in(entry.source)
    if not added:
        return None
    return f"HTML shown as written on the page: {', '.join(added)}"


_MT_MARK = re.compile(r"(?<![\w*#@])[*#@](?=\w)")


def machine_translation_leftovers(entry: Entry) -> str | None:
    """Machine-translation leftovers: unknown-word marks or placeholder tokens. A mark before
    a word is one where the translation has more of its kind than the English: a hashtag the
    translator localized (``#16Days``: ``#16jours``), a footnote's asterisk, are the English's
    own. A handle (``@OSCE_SG``) is an account: kept as written, or it is one."""
    text = entry.translation
    # A placeholder begins with "<", a mark is one of "*#@": most texts have neither, and
    # looking for a character is faster than trying the regular expressions.
    placeholder = PLACEHOLDER.search(text) if "<" in text else None
    if placeholder is not None:
        return f"placeholder left in the text: {placeholder.group(0)}"
    if not ("*" in text or "#" in text or "@" in text):
        return None
    marks = _marks(text, entry.markup)
    if not marks:
        return None
    english = Counter(mark[0] for mark in _marks(entry.source, entry.markup))
    found = Counter(mark[0] for mark in marks)
    for marked in marks:
        if marked in entry.source:
            continue
        # A handle is an account: translated, it points readers to another or to none.
        if marked[0] == "@" or found[marked[0]] > english[marked[0]]:
            return f"machine-translation mark left in the text: {marked}"
    return None


def _marks(text: str, markup: bool) -> list[str]:
    """The marks before a word in ``text`` (``*word``, ``#word``, ``@word``), with the word,
    outside links, addresses and code."""
    spans: list[tuple[int, int]] | None = None  # found only for a text with a mark
    found = []
    for match in _MT_MARK.finditer(text):
        if spans is None:
            spans = [
                (s.start, s.end)
                for s in find_spans(text, markup=markup)
                if s.kind is not SpanKind.HTML
            ]
        if any(start <= match.start() < end for start, end in spans):
            continue
        word = re.match(r"\w+", text[match.end() :])
        found.append(match.group(0) + (word.group(0) if word else ""))
    return found


#: The longest text the checks read, in characters: a sentence is far shorter, and some checks
#: would take minutes over megabytes. A longer entry is an error of its own (:func:`oversized`).
LONGEST = 64 * 1024


def oversized(entry: Entry) -> str | None:
    """An entry longer than any sentence (over 65,536 characters): not checked further."""
    size = max(len(entry.source), len(entry.translation))
    if size <= LONGEST:
        return None
    side = "translation" if len(entry.translation) >= len(entry.source) else "English"
    return (
        f"the {side} is {size:,} characters long, more than any sentence ({LONGEST:,} at "
        "most): it is not checked further"
    )


def bidi_controls(entry: Entry) -> str | None:
    """A bidirectional override, or an embedding or isolate left open: the text would be
    shown in another order than it is written."""
    return bidi_problem(entry.translation)


def control_characters(entry: Entry) -> str | None:
    """A control character in the translation (a NUL, an escape code pasted from a terminal):
    GNU gettext reads a NUL as the end of the string, so a compiled catalog cuts the sentence
    there, and the pages leave them out."""
    found = control_character(entry.translation)
    if found is not None:
        return f"a control character ({found[1]}) at character {found[0] + 1}: remove it"
    odd = noncharacter(entry.translation)
    if odd is not None:
        return f"a noncharacter ({odd[1]}) at character {odd[0] + 1}: remove it"
    return None


def blank(entry: Entry) -> str | None:
    """Translation empty or whitespace only where the entry is marked translated."""
    return "the translation is only whitespace" if not entry.translation.strip() else None


#: Spans written the same in every language: no glossary term in them asks for its own.
_WRITTEN_AS_IS = frozenset(
    {SpanKind.CODE, SpanKind.URL, SpanKind.EMAIL, SpanKind.AUTOLINK, SpanKind.HTML}
)


def glossary_term(entry: Entry) -> str | None:
    """A glossary term in the English without its approved form in the translation."""
    if not entry.glossary.terms:  # no glossary, the usual case in a new project
        return None
    kept: list[tuple[int, int]] | None = None  # what is written as it is in every language
    missing: dict[str, str] = {}  # English → the approved form the translation lacks
    for match in entry.glossary.find(entry.source, entry.locale):
        if match.start and entry.source[match.start - 1] in "#@":
            continue  # a hashtag, an account: "@ОБСЕ" would be another one
        if kept is None:
            kept = [
                (span.start, span.end)
                for span in find_spans(entry.source, markup=entry.markup)
                if span.kind in _WRITTEN_AS_IS
            ]
        if any(start < match.end and match.start < end for start, end in kept):
            continue  # in code, an address
        approved = match.approved(entry.locale)
        if approved and not uses_term(entry.translation, approved, entry.locale):
            english = entry.source[match.start : match.end]
            missing.setdefault(english, approved)
    if not missing:
        return None
    # Every term at once: one run shows the translator all, and her flag, which silences
    # the finding as it is, names each.
    named = (f"{english!r} should be {approved!r}" for english, approved in missing.items())
    return "glossary: " + "; ".join(named)


def same_as_source(entry: Entry) -> str | None:
    """Translation identical to the English (names and codes aside)."""
    if entry.translation.strip() != entry.source.strip():
        return None
    # (Placeholders are no words: "{organisation}: {state}" is translated as written; nor
    # are addresses: "E-mail: press@osce.org" is.)
    text = BRACE_FIELD.sub("", entry.source)
    if "@" in text or "://" in text or "www." in text:
        spans = find_spans(text, markup=entry.markup)
        addresses = [s for s in spans if s.kind in (SpanKind.URL, SpanKind.EMAIL)]
        for span in reversed(addresses):
            text = text[: span.start] + " " + text[span.end :]
    words = re.findall(r"[^\W\d_]+", text)
    if any(word[0].islower() and len(word) > 1 for word in words):
        return "the translation is the English text"
    return None


_DOUBLE_QUOTES = '"“”„‟«»'


class _Conventions(NamedTuple):
    """What the punctuation checks need to know of a locale, worked out once."""

    language: str
    #: The marks that end a sentence, each with the English one that ends it the same way.
    finals: dict[str, str]
    #: Armenian ``՞`` for ``?``: a mark on the word stressed, the sentence ending with a stop.
    marked: dict[str, str]
    #: The English marks the language ends a sentence without (Thai has no full stop).
    unmarked: str
    #: The English marks the language ends a sentence with its full stop for (Burmese ။).
    stops: str
    #: Marks French sets a no-break space before (``:;?!``).
    space_before: str
    #: Spanish ``¿`` for ``?``.
    opening: dict[str, str]
    #: CLDR's quotation marks: start, end, inner start, inner end.
    marks: str
    #: Those, and the others the language's usage has as well (Arabic «…», German »…«).
    allowed: frozenset[str]
    #: Those others' pairs: the closing mark of each opening one, and the other way round.
    closing_of: dict[str, str]
    opening_of: dict[str, str]
    #: Marks the language sets a (narrow) no-break space inside, « ainsi »; any space will do.
    space_inside: str
    #: What the quotes check looks at: double quotes of any style, and those marks.
    candidates: re.Pattern[str]


@lru_cache(maxsize=64)
def _conventions(locale: str) -> _Conventions:
    language = locale.split("-")[0]
    conventions = typography(language)
    marks = quotation_marks(locale)
    space_inside: str = conventions.get("space_inside", "")
    also: str = conventions.get("quotes_also", "")  # pairs: opening, closing
    candidates = sorted(set(_DOUBLE_QUOTES) | set(space_inside) | set(also))
    return _Conventions(
        language=language,
        finals={
            **_FINALS,
            **_SCRIPT_FINALS.get(_script(locale), {}),
            **conventions.get("finals", {}),
        },
        marked=conventions.get("marked", {}),
        unmarked=conventions.get("unmarked", ""),
        stops=conventions.get("stops", ""),
        space_before=conventions.get("space_before", ""),
        opening=conventions.get("opening", {}),
        marks=marks,
        allowed=frozenset(marks + also),
        closing_of=dict(zip(also[::2], also[1::2], strict=True)),
        opening_of=_openers(also),
        space_inside=space_inside,
        candidates=re.compile("[" + re.escape("".join(candidates)) + "]"),
    )


def _openers(pairs: str) -> dict[str, str]:
    """Each closing mark of ``pairs`` (opening, closing, …) with the marks it closes: Dutch
    closes “…” and „…” alike with ”."""
    found: dict[str, str] = {}
    for opening, closing in zip(pairs[::2], pairs[1::2], strict=True):
        found[closing] = found.get(closing, "") + opening
    return found


def _script(locale: str) -> str:
    """The script a locale is written in: its own (zh-Hant), or CLDR's likely one (zh: Hans)."""
    parsed = parse_locale(locale)
    if parsed.script:
        return parsed.script
    likely_subtags = get_global("likely_subtags")
    likely: str = likely_subtags.get(f"{parsed.language}_{parsed.territory}", "") or (
        likely_subtags.get(parsed.language, "")
    )  # (az-IR is written in Arabic, az in Latin)
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else ""


def _final(text: str, finals: dict[str, str] = _FINALS) -> str:
    """The mark that ends the text, or an empty string."""
    stripped = text.rstrip(_CLOSERS)
    if stripped.endswith("..."):
        return "…"
    return stripped[-1] if stripped and stripped[-1] in finals else ""


def _own_mark(locale: str, english: str) -> str:
    """The mark the language ends a sentence with where the English has ``english``, for the
    message: an Armenian translator types ":" for "։", a Chinese one "?" for "？"."""
    mark = typography(locale.split("-")[0]).get("own", {}).get(english)  # (typography.toml)
    return f", which is {mark!r} in {locale}" if mark else ""


def _doubled(text: str) -> bool:
    """Whether a text ends with two full stops, not three (an abbreviation's and the
    sentence's: "12 апреля 2024 г..")."""
    ending = text.rstrip(_CLOSERS)
    return ending.endswith("..") and not ending.endswith("...")


def end_punctuation(entry: Entry) -> str | None:
    """Closing punctuation differs, by the locale's conventions."""
    if _doubled(entry.translation) and not _doubled(entry.source):
        return "ends with '..': one full stop too many"
    conventions = _conventions(entry.locale)
    finals = conventions.finals
    source, target = _final(entry.source), _final(entry.translation, finals)
    kind = finals.get(target, target)
    if source != kind:
        marked = conventions.marked.get(source)
        if marked and marked in entry.translation:
            if kind == ".":
                return None
            if not target:  # (a question mark would be wrong: only the stop is missing)
                return f"ends without a full stop ({conventions.language}: {marked!r} asks)"
        if source and (
            (not target and source in conventions.unmarked)
            or (kind == "." and source in conventions.stops)
        ):
            return None
        own = _own_mark(entry.locale, source)
        if not target:
            return f"ends without {source!r}, the English ends with it{own}"
        if not source:
            return f"ends with {target!r}, the English does not"
        if target == source:  # (a Greek ";" asks a question)
            return f"ends with {target!r}, which is {kind!r} in {conventions.language}"
        return f"ends with {target!r}, the English with {source!r}{own}"
    language = conventions.language
    if target and target in conventions.space_before:
        before = entry.translation.rstrip(_CLOSERS)[-2:-1]
        if before and not before.isspace():
            return f"{language}: put a no-break space before the final {target!r}"
    opening = conventions.opening.get(target)
    if opening and opening not in entry.translation:
        return f"{language}: a sentence ending with {target!r} opens with {opening!r}"
    return None


# The wide characters of the scripts written in them (Unicode's East Asian Width W and F: Han,
# kana, Hangul, Yi, Tangut, full-width forms): a Chinese sentence has a third of the English's
# characters, but two thirds of its width.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U00016fe0-\U0001b2ff\U00020000-\U0003fffd]"
)


def _width(text: str) -> int:
    """The columns a text takes, as a terminal shows it: a wide character takes two."""
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


def length(entry: Entry) -> str | None:
    """Length far outside the usual for a translation (in columns: a Chinese character is two;
    Chinese, Japanese and Korean say in two columns what English says in three to five, so
    they may be as short as :data:`WIDE_LENGTH_MINIMUM` of it)."""
    if len(entry.source) < LENGTH_MINIMUM:
        return None
    width = _width(entry.translation)
    ratio = width / len(entry.source)
    low, high = LENGTH_RATIO
    if ratio < low and 2 * (width - len(entry.translation)) >= len(entry.translation):
        low = WIDE_LENGTH_MINIMUM  # (most of it wide characters)
    if low <= ratio <= high:
        return None
    # Two figures: "0.4" would read as within the bounds for 0.37.
    return f"the translation is {ratio:.2g} times as long as the English"


def whitespace(entry: Entry) -> str | None:
    """Double spaces, or leading and trailing whitespace unlike the English."""
    source, translation = entry.source, entry.translation
    if "  " in translation and "  " not in source:
        return "double space"
    if source[:1].isspace() != translation[:1].isspace():
        return "leading whitespace differs from the English"
    if source[-1:].isspace() != translation[-1:].isspace():
        return "trailing whitespace differs from the English"
    return None


def _gershayim(text: str, index: int) -> bool:
    """Whether the mark at ``index`` stands for Hebrew's gershayim, as a keyboard types it:
    between two Hebrew letters (``ד"ר`` for Dr, ``צה"ל``), where no quotation opens or
    closes."""
    around = text[index - 1 : index] + text[index + 1 : index + 2]
    return len(around) == 2 and all("\u05d0" <= letter <= "\u05ea" for letter in around)


def quotes(entry: Entry) -> str | None:
    """Quotation marks of another language's style or spacing (apostrophes are not quotes)."""
    conventions = _conventions(entry.locale)
    marks, allowed, spaced = conventions.marks, conventions.allowed, conventions.space_inside
    language = conventions.language
    text = entry.translation
    spans: list[tuple[int, int]] | None = None  # found only for a text with a candidate
    opened: list[str] = []  # the quotation marks open at this point
    # CLDR's pair, where its marks tell opening from closing (not Swedish ”…”).
    pair = {marks[0]: marks[1]} if marks[0] != marks[1] else {}
    for candidate in conventions.candidates.finditer(text):
        index, char = candidate.start(), candidate.group()
        if spans is None:
            spans = [(s.start, s.end) for s in find_spans(text, markup=entry.markup)]
        if any(start <= index < end for start, end in spans):
            continue
        if char == '"' and _gershayim(text, index):
            continue
        if char in _DOUBLE_QUOTES and char not in allowed:
            return f"quotes: {char!r} is not used in {entry.locale}; use {marks[0]}…{marks[1]}"
        if char not in marks and (char in conventions.closing_of or char in conventions.opening_of):
            # A mark of the language's usage, in its direction (German »…«, never «…»):
            # opening where a word follows it, closing what it opened.
            opens = _opens(text, index)
            if opens is None:
                continue
            if opens and char in conventions.closing_of:
                opened.append(char)
            elif not opens and opened and opened[-1] in conventions.opening_of.get(char, ""):
                opened.pop()
            else:
                usual = next(iter(conventions.closing_of.items()))
                return (
                    f"quotes: {char!r} does not {'open' if opens else 'close'} a "
                    f"quotation in {entry.locale}; use {marks[0]}…{marks[1]} or "
                    f"{usual[0]}…{usual[1]}"
                )
        elif pair and char in (marks[0], marks[1]) and conventions.closing_of:
            # CLDR's marks where the language has others too: each closes what it opened
            # (Spanish «sí», “sí”, not «sí”). Told apart by which they are, not by what
            # follows (German „Nein“-Stimmen, Spanish “no”—dijo él—).
            if char in pair:
                opened.append(char)
            elif opened:
                top = opened.pop()
                expected = pair.get(top) or conventions.closing_of.get(top, char)
                if char != expected:
                    return (
                        f"quotes: {char!r} closes {top!r}, which {expected!r} closes in "
                        f"{entry.locale}"
                    )
        if char in spaced and char in allowed:
            opening = marks.index(char) % 2 == 0
            inside = text[index + 1 : index + 2] if opening else text[index - 1 : index]
            if inside and not inside.isspace() and inside not in spaced:
                where = "after" if opening else "before"
                return f"{language}: put a no-break space {where} {char!r}"
    return None


def _opens(text: str, index: int) -> bool | None:
    """Whether the mark at ``index`` opens a quotation (a word or another mark follows it, as
    after a space, a colon or an Arabic و: و«نعم»), closes one (a space, punctuation or
    nothing follows it), or is none (a space on either side: an arrow, "Weiter ›")."""
    after = text[index + 1 : index + 2]
    before = text[index - 1 : index] if index else ""
    if (not after or after.isspace()) and (not before or before.isspace()):
        return None
    if not after or after.isspace() or after in _CLOSING_CONTEXT:
        return False
    if after in _DOUBLE_QUOTES or after in "‹›":  # (»›Ja‹« : ‹«)
        return not before or before.isspace() or before in _DOUBLE_QUOTES or before in "‹›"
    return True


_CLOSING_CONTEXT = ".,;:!?…)]}’'،؛؟"


#: The roles a version cannot do without once the rest is translated.
ESSENTIAL_ROLES = (Role.TITLE, Role.PLACE)
_ESSENTIAL = frozenset(ESSENTIAL_ROLES)


def missing_essentials(messages: Sequence[Message]) -> Iterator[tuple[Message, str]]:
    """The title or dateline place untranslated in a version that is otherwise complete
    (every other entry reviewed: among machine drafts, it is no error of reviewed entries)."""
    essentials = []
    others = []
    for message in messages:
        # By role, not by `in essentials`: that compared every field of every pair of messages.
        if _ESSENTIAL.intersection(message.extracted_comments):
            essentials.append(message)
        else:
            others.append(message)
    if not others or not all(m.translated and not m.fuzzy for m in others):
        return
    for message, roles in untranslated_essentials(essentials):
        yield message, f"the {roles} is not translated, the rest is"


def untranslated_essentials(messages: Sequence[Message]) -> Iterator[tuple[Message, str]]:
    """The messages of the title or the dateline place left untranslated, with their roles
    ("title", "title and dateline place")."""
    for message in messages:
        if not message.obsolete and not message.msgstr.strip():
            roles = [c for c in message.extracted_comments if c in _ESSENTIAL]
            if roles:
                yield message, " and ".join(roles)
