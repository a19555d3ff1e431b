"""The punctuation of each language that pages and checks need: what CLDR records (the comma,
found in its list patterns), and what it does not (``data/typography.toml``: French spacing,
Spanish inverted marks, a comma CLDR gives only for lists)."""

from __future__ import annotations

import tomllib
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

from babel import Locale


@cache
def typography(language: str) -> dict[str, Any]:
    """The punctuation conventions of a language that CLDR does not record."""
    raw = (resources.files("communique") / "data" / "typography.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(raw).get(language, {})
    return data


#: CLDR's list patterns, in the order they are searched for a language's comma.
_PATTERNS = ("standard", "unit-short", "unit", "or", "standard-narrow", "unit-narrow")


@cache
def comma(tag: str) -> str:
    """The comma a language writes after a dateline's place, with the space after it: ``, ``
    in most, the Arabic ``، `` (Arabic, Persian, Urdu), the Ethiopic ``፣ ``, the Japanese
    ``、``. Found in the comma CLDR's list patterns use; ``data/typography.toml`` overrides it
    where a list's comma is not a sentence's (Chinese: ``，``, not the enumeration comma ``、``).

    >>> comma("fr"), comma("ar"), comma("ja"), comma("zh-Hant")
    (', ', '، ', '、', '，')
    """
    locale = Locale.parse(tag.replace("-", "_"))
    written = typography(locale.language).get("comma")
    if isinstance(written, str):
        return written
    for kind in _PATTERNS:
        patterns = locale.list_patterns.get(kind) or {}
        for key in ("start", "middle", "end", "2"):
            pattern = str(patterns.get(key) or "")
            if "{0}" not in pattern or "{1}" not in pattern:
                continue
            between = pattern.split("{0}", 1)[1].split("{1}", 1)[0]
            for index, char in enumerate(str(between)):
                if "COMMA" in unicodedata.name(char, ""):
                    after = between[index + 1 :]
                    spacing = after[: len(after) - len(after.lstrip(" \u200f\u200e"))]
                    return f"{char}{spacing}"
    return ", "
