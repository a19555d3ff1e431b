"""The dateline that opens a release: ``Strasbourg, 7 June 2023 (TDI): Yesterday, …``.

It is data, not prose: the place is translated as its own segment, the date is rendered by CLDR in
each language, the agency is kept as written. Month names come from CLDR (Babel) for the source
language, so "7 June 2023", "June 7, 2023", "7 Jun. 2023" and "30 JULY 2024" all parse, with a
weekday before them ("Tuesday 7 May 2024", checked against the date) or an English ordinal
("7th May 2024").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_month_names

from communique.errors import SourceError, excerpt
from communique.locales import parse_locale


@dataclass(frozen=True)
class Dateline:
    """Where and when a release was issued, and by whom."""

    place: str
    date: datetime.date
    agency: str | None = None


_PLACE = r"(?P<place>[^\W\d_][^\d,:;()\n]{0,60}?)"
_WORD = r"[^\W\d_]+\.?"
#: An English day's ordinal ending: "7th May 2024", "May 7th, 2024".
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:(?P<weekday>{_WORD}),?\s+)?"
    rf"(?:(?P<day>\d{{1,2}}){_ORDINAL}\s+(?P<month>{_WORD})\s+(?P<year>\d{{4}})"
    rf"|(?P<month2>{_WORD})\s+(?P<day2>\d{{1,2}}){_ORDINAL},?\s+(?P<year2>\d{{4}}))"
)
_AGENCY = r"(?:\s+\((?P<agency>[^()\n]{1,60})\))?"
_SEPARATOR = r"\s*(?::|\s[–—-])\s+"  # "…(TDI): Text" or "…2023 – Text"
_DATELINE = re.compile(rf"^{_PLACE},\s+{_DATE}{_AGENCY}{_SEPARATOR}(?=\S)")


@lru_cache(maxsize=8)
def month_numbers(language: str) -> dict[str, int]:
    """Month numbers by name (wide and abbreviated, casefolded) in a language (a BCP 47 tag such
    as ``en`` or ``en-GB``), from CLDR; and British English's "Sept", which CLDR lacks."""
    return _numbers_by_name(get_month_names, language, {"sept": 9})


@lru_cache(maxsize=8)
def weekday_numbers(language: str) -> dict[str, int]:
    """Weekday numbers (Monday 0) by name, wide and abbreviated, casefolded, from CLDR; and
    the English abbreviations CLDR lacks ("Tues", "Thurs")."""
    from babel.dates import get_day_names

    return _numbers_by_name(get_day_names, language, {"tues": 1, "thur": 3, "thurs": 3})


@lru_cache(maxsize=64)
def months_in_dates(language: str) -> dict[str, int]:
    """Month numbers by name (casefolded) as a date writes it and as it stands alone, from
    CLDR's wide names in both contexts (Russian "июня" and "июнь"); in English, the
    abbreviated ones and "Sept" too (as :func:`month_numbers`): another language's
    abbreviations are words too often (Spanish "mar.", the sea)."""
    english = parse_locale(language).language == "en"
    widths = ("wide", "abbreviated") if english else ("wide",)
    return _numbers_by_name(
        get_month_names, language, {"sept": 9}, widths, ("format", "stand-alone")
    )


def _numbers_by_name(
    names: Callable[..., Mapping[int, str]],
    language: str,
    english: Mapping[str, int],
    widths: tuple[str, ...] = ("wide", "abbreviated"),
    contexts: tuple[str, ...] = ("format",),
) -> dict[str, int]:
    locale = parse_locale(language)
    found: dict[str, int] = {}
    for context in contexts:
        for width in widths:
            for number, name in names(width, context, locale=locale).items():
                found[name.casefold().rstrip(".")] = number
    if locale.language == "en":
        found.update(english)
    return found


def parse_dateline(
    text: str, *, language: str = "en", path: str, line: int
) -> tuple[Dateline, int] | None:
    """Find a dateline at the start of ``text``: the dateline and where the prose begins.

    Returns None when the paragraph does not open with a dateline. A dateline whose month or day
    is impossible is an error, not ordinary prose: it would otherwise be published as a sentence.

    >>> parse_dateline("Vienna, 30 July 2024 (OSCE): Today…", path="x", line=1)
    (Dateline(place='Vienna', date=datetime.date(2024, 7, 30), agency='OSCE'), 29)
    """
    match = _DATELINE.match(text)
    if match is None:
        return None
    month_name = match.group("month") or match.group("month2")
    day = int(match.group("day") or match.group("day2"))
    year = int(match.group("year") or match.group("year2"))
    month = month_numbers(language).get(month_name.casefold().rstrip("."))
    if month is None:
        raise SourceError(
            f"dateline {excerpt(match.group(0).strip())}: {excerpt(month_name)} is not a month "
            "name",
            path=path,
            line=line,
        )
    try:
        date = datetime.date(year, month, day)
    except ValueError as exc:
        raise SourceError(
            f"dateline {excerpt(match.group(0).strip())}: impossible date ({exc})",
            path=path,
            line=line,
        ) from None
    weekday = match.group("weekday")
    if weekday is not None:
        named = weekday_numbers(language).get(weekday.casefold().rstrip("."))
        if named is None:
            return None  # ("Vienna, Office 7 May 2024": no dateline)
        if named != date.weekday():
            raise SourceError(
                f"dateline {excerpt(match.group(0).strip())}: {date.isoformat()} is a "
                f"{_weekday_name(date, language)}, not a {weekday.rstrip('.')}: which is it?",
                path=path,
                line=line,
            )
    place = " ".join(match.group("place").split())
    agency = match.group("agency")
    return Dateline(place, date, agency.strip() if agency else None), match.end()


def _weekday_name(date: datetime.date, language: str) -> str:
    from babel.dates import format_date

    return format_date(date, "EEEE", locale=parse_locale(language))
