"""Large numbers written with a word for their scale, where languages count by different
steps: "€138.2 million" is "1.382亿欧元" in Chinese (a hundred million), "1億3820万ユーロ" in
Japanese, "1억 3820만 유로" in Korean, "13.82 करोड़" in Hindi (ten million). The digits differ;
the amount does not.

>>> scaled("€138.2 million and 1,200 thousand", "en")
[((Decimal('138.2'),), Decimal('138200000.0')), ((Decimal('1200'),), Decimal('1200000'))]
>>> scaled("1.382亿欧元", "zh")
[((Decimal('1.382'),), Decimal('138200000.000'))]
>>> scaled("1億3820万ユーロ", "ja")
[((Decimal('1'), Decimal('3820')), Decimal('138200000'))]
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from communique.qa.tokens import number_symbols

#: Each word of scale after a number, and the power of ten it multiplies it by.
_ENGLISH = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_OTHERS = {
    "千万": 7,
    "百万": 6,
    "万": 4,
    "萬": 4,
    "亿": 8,
    "億": 8,
    "兆": 12,
    "만": 4,
    "억": 8,
    "조": 12,
    "लाख": 5,
    "करोड़": 7,
    "करोड": 7,
}
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_ENGLISH_SCALED = re.compile(_NUMBER + r"\s*(" + "|".join(_ENGLISH) + r")\b", re.IGNORECASE)
_OTHER_SCALED = re.compile(
    _NUMBER + r"\s*(" + "|".join(sorted(_OTHERS, key=len, reverse=True)) + ")"
)


@lru_cache(maxsize=64)
def _words_of(locale: str) -> tuple[re.Pattern[str], dict[str, int], str, str] | None:
    """A language's words of scale from a million up, as CLDR's compact formats write them
    after a number (French "million", "milliard", "billion" — 10¹²; German "Mio.", "Mrd.";
    Russian "млн", "млрд"; Spanish "mil millones"), with the power of ten of each, a pattern
    of a number and one of them, and the language's decimal and grouping marks. None for a
    language with none (or where CLDR does not know it)."""
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    powers: dict[str, int] = {}
    words_of: dict[str, set[str]] = {"long": set(), "short": set()}
    for kind in ("long", "short"):
        for patterns in parsed.compact_decimal_formats.get(kind, {}).values():
            for magnitude, pattern in patterns.items():
                text = pattern.pattern if hasattr(pattern, "pattern") else str(pattern)
                zeros = text.count("0")
                # (Hebrew's begin with a right-to-left mark: "\u200f0 מיליון".)
                word = _BIDI_MARKS.sub("", text.replace("0", "").replace("'", ""))
                word = word.strip(" \u00a0\u202f")
                power = len(magnitude) - zeros
                # A letter or two ("M", "k") could be anything after a number: words only.
                if power >= 6 and len(word.rstrip(".")) >= 2 and not any(c.isdigit() for c in word):
                    powers.setdefault(word.casefold(), power)
                    words_of[kind].add(word.casefold())
    if not powers:
        return None
    groups_of, decimals_of = number_symbols(locale)  # (of Latin digits and the language's)
    decimal, group = "".join(decimals_of), "".join(groups_of)
    groups = re.escape(group) + ("\u00a0\u202f " if any(c.isspace() for c in group) else "")
    fraction = rf"(?:[{re.escape(decimal)}]\d+)?"
    number = rf"(\d{{1,3}}(?:[{groups}]\d{{3}})+{fraction}|\d+{fraction})"
    # A word in any of its case endings (CLDR's are the nominative's: Russian "миллиардами",
    # Polish "miliardami"); an abbreviation as it is, with or without its full stop ("Mrd.",
    # "Mrd") or a plural s (French "Mds"), and nothing more: Portuguese "mi" is no "mil"
    # (thousand), Greek "εκ." no "εκλογικούς".
    short = {word for word in words_of["short"] if word not in words_of["long"]}
    for word in list(short):
        if word.endswith("."):
            powers.setdefault(word.rstrip("."), powers[word])
            short.add(word.rstrip("."))
    long = sorted((w for w in powers if w not in short), key=len, reverse=True)
    abbreviations = sorted(short, key=len, reverse=True)
    # (An abbreviation may also be a longer one ending with a full stop: Greek "εκατ." and
    # "δισεκ." beside CLDR's "εκ." and "δισ.")
    alternatives = [f"(?:{re.escape(word)})\\w*" for word in long] + [
        f"{re.escape(word.rstrip('.'))}(?:[^\\W\\d]{{1,3}}\\.|s?\\.?)" for word in abbreviations
    ]
    words = "|".join(f"(?:{alternative})" for alternative in alternatives)
    marks = _BIDI_MARKS.pattern
    pattern = re.compile(
        rf"{number}{marks}?[\s\u00a0\u202f]?{marks}?({words})(?!\w)", re.IGNORECASE
    )
    return pattern, powers, decimal, group


#: The marks of direction a right-to-left text may hold between a number and its word.
_BIDI_MARKS = re.compile("[\u200e\u200f\u061c]")


def _power(word: str, powers: dict[str, int]) -> int | None:
    """The power of ten of a word of scale as written: one :func:`_words_of` knows, or the
    longest it begins with (a case ending, an abbreviation's plural s or longer form)."""
    found = powers.get(word)
    if found is not None:
        return found
    known = [key for key in powers if word.startswith(key.rstrip("."))]
    return powers[max(known, key=len)] if known else None


def scaled(text: str, locale: str) -> list[tuple[tuple[Decimal, ...], Decimal]]:
    """Each amount of ``text`` written with words of scale: the numbers as written (two where
    Japanese and Korean write one amount in two steps: 1億3820万), and the amount they stand
    for. (The languages that count in myriads and lakhs write the decimal point as English
    does; the others' words and marks are CLDR's.)"""
    language = locale.split("-")[0]
    decimal, group = ".", ","
    if language == "en":
        pattern, powers = _ENGLISH_SCALED, _ENGLISH
    elif _MARKS.search(text) is not None or (found_words := _words_of(locale)) is None:
        pattern, powers = _OTHER_SCALED, _OTHERS
    else:
        pattern, powers, decimal, group = found_words
    found: list[tuple[tuple[Decimal, ...], Decimal]] = []
    last_end, last_power = -1, 0
    for match in pattern.finditer(text):
        written = match.group(1)
        spaces = ("\u00a0", "\u202f", " ") if any(c.isspace() for c in group) else ()
        for mark in (*group, *spaces):
            written = written.replace(mark, "")
        for mark in decimal:
            written = written.replace(mark, ".")
        try:
            number = Decimal(written)
        except InvalidOperation:
            continue
        power = _power(match.group(2).casefold().replace("i\u0307", "i"), powers)
        if power is None:
            continue
        amount = number * 10**power
        if found and power < last_power and not text[last_end : match.start()].strip():
            numbers, total = found.pop()  # the second step of one amount
            found.append(((*numbers, number), total + amount))
        else:
            found.append(((number,), amount))
        last_end, last_power = match.end(), power
    return found


def same_amounts(source: str, translation: str, locale: str) -> tuple[list[Decimal], list[Decimal]]:
    """The numbers of the English and of the translation that stand for the same amounts with
    words of scale: those the numbers check need not read as lost and added."""
    theirs = scaled(translation, locale)
    lost: list[Decimal] = []
    added: list[Decimal] = []
    for numbers, amount in scaled(source, "en"):
        match = next((pair for pair in theirs if pair[1] == amount), None)
        if match is not None:
            theirs.remove(match)
            lost += numbers
            added += match[0]
    return lost, added


#: What a translation holds if it writes an amount with one of those words (looked for first:
#: most translations hold none).
_MARKS = re.compile("[千百万萬亿億兆만억조]|लाख|करोड")


def amounts_differ(source: str, translation: str, locale: str) -> str | None:
    """An amount the English writes with a word of scale that the translation writes as
    another, its digits alike: "138.2 million" as "138.2万" (1.382 million), "1.5 million" as
    "1,5 milliard" (a thousand times as much), "1.5 billion" as French "1,5 billion" (10¹²)."""
    # (Most sentences have no amount in millions: looking for the letters costs least.)
    if _MARKS.search(translation) is None and (
        ("illion" not in source and "ILLION" not in source) or _words_of(locale) is None
    ):
        return None
    theirs = scaled(translation, locale)
    if not theirs:
        return None
    amounts = [amount for _, amount in theirs]
    for numbers, amount in scaled(source, "en"):
        if amount in amounts:
            amounts.remove(amount)
            continue
        written = next((found for found in theirs if found[0] == numbers), None)
        if written is not None:  # the same digits, another amount
            return (
                f"numbers differ: {_shown(amount)} → {_shown(written[1])} (the same digits, "
                "another word of scale)"
            )
    return None


def _shown(amount: Decimal) -> str:
    return f"{amount.normalize():,f}"
