"""Numbers a translation writes in words where the English has digits.

Russian and Ukrainian style, and Hebrew and Arabic usage, write small numbers in words: "for
3 months" is "в течение трёх месяцев", "שלושה חודשים", "ثلاثة أشهر". The numbers check must
not call that a lost number, nor leave the translator only ``ignore-numbers``, which would
silence every number of the entry.

The words come from num2words (CLDR's spell-out rules are not in Babel), in every case and
gender the language's converter knows: Russian "три", "трёх", "трём", "тремя"; Hebrew
"שלוש", "שלושה". They are compared as whole words, case aside, and the marks of scripts often
written without them ("трех" is "трёх"; a Latin letter keeps its accent: Turkish "ön" is no
"on", ten). One is not looked for: it is the article too ("un", "um", "een", "bir"). A
language num2words does not spell out has no words: its numbers stay digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal
from functools import lru_cache

#: The largest number looked for in words: larger ones are written in digits in press
#: releases, and each form of each number is a string to search for.
LARGEST = 100

#: The forms a converter may know (those it does not raise an error).
_CASES = ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")


def _variants() -> list[dict[str, str | bool]]:
    """Each combination of case and gender (and Hebrew's construct state) to ask for."""
    variants: list[dict[str, str | bool]] = [{}, {"construct": True}]
    for gender in ("m", "f", "n"):
        variants += [{"gender": gender}, {"gender": gender, "construct": True}]
        variants += [{"case": case, "gender": gender} for case in (*_CASES, "locative")]
    return variants


_VARIANTS = _variants()


def written_in_words(lost: Counter[Decimal], translation: str, locale: str) -> Counter[Decimal]:
    """Of the numbers ``lost`` (the English's, not found as digits in the translation), those
    the translation writes in words, as often as it does."""
    found: Counter[Decimal] = Counter()
    folded: str | None = None
    for number, count in lost.items():
        # (Not one: "un", "um", "een", "bir" are the article too, in nearly every sentence.)
        if number != number.to_integral_value() or not 2 <= number <= LARGEST:
            continue
        pattern = _words(int(number), locale.split("-")[0].lower())
        if pattern is None:
            continue
        folded = _folded(translation) if folded is None else folded
        written = len(pattern.findall(folded))
        if written:
            found[number] = min(count, written)
    return found


@lru_cache(maxsize=4096)
def _words(number: int, language: str) -> re.Pattern[str] | None:
    """Every form of ``number`` in words in ``language``, as one pattern of whole words."""
    from num2words import num2words  # (only where a number is missing: rarely)

    forms = set()
    for variant in _VARIANTS:
        try:
            forms.add(_folded(num2words(number, lang=language, **variant)))
        except (NotImplementedError, TypeError, ValueError, KeyError, AttributeError):
            continue
    forms.discard("")
    if not forms and language == "zh":
        forms = _chinese(number)
    if not forms:
        return None
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    if all(_HAN_NUMERALS.fullmatch(form) for form in forms):
        # Japanese and Chinese write no space between words: "三か月", "三个月". A number
        # ends where its numerals do (三 in 三十 is no three).
        return re.compile(rf"(?<![{_HAN}])(?:{alternatives})(?![{_HAN}])")
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


#: The Han numerals (Unicode's "CJK unified ideograph" digits and the powers of ten), and
#: Chinese's other two (两 before a measure word: "两天", two days).
_HAN = "〇零一二三四五六七八九十百千万萬億亿两兩"
_DIGITS = "〇一二三四五六七八九"


def _chinese(number: int) -> set[str]:
    """``number`` (2 to 100) in Chinese's Han numerals, which num2words does not write:
    "三个月" for three months, "二十三" for 23, "两" for two before a measure word, in
    Simplified and Traditional script.

    >>> sorted(_chinese(2)), sorted(_chinese(12)), sorted(_chinese(40)), sorted(_chinese(100))
    (['两', '二', '兩'], ['一十二', '十二'], ['四十'], ['一百', '百'])
    """
    if number == 100:
        return {"一百", "百"}
    tens, units = divmod(number, 10)
    unit = _DIGITS[units] if units else ""
    if tens == 0:
        return {unit, "两", "兩"} if number == 2 else {unit}
    if tens == 1:
        return {f"十{unit}", f"一十{unit}"}
    return {f"{_DIGITS[tens]}十{unit}"}


_HAN_NUMERALS = re.compile(f"[{_HAN}]+")


def _folded(text: str) -> str:
    """Text without case, and without the marks of scripts that are often written without
    them ("Трёх" and "трех", Hebrew's and Arabic's vowel points); a Latin letter keeps its
    accent (Turkish "ön" is no "on", ten)."""
    text = text.casefold()
    if text.isascii():
        return text
    kept = []
    base = ""
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if base.isascii():  # (NFD leaves a Latin letter's base ASCII)
                kept.append(char)
            continue
        base = char
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))
