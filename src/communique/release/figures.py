r"""Figures English writes with a point that are no decimals: times of day ("at 10.30",
"9.45 CET") and the numbers of sections, targets and versions ("Article 10.2", "SDG target
16.10", "version 2.0"). Written with a decimal comma they would read as quantities ("16,10" is
16.1). The numbers check accepts them kept as written, wherever English says it is a time
(:data:`TIMES`); a draft keeps them so only where nothing else can be meant (:data:`CLOCK`,
:data:`SECTION`): "opens at 10.30" is a time, "stood at 12.40", "12.50 EUR" and "12.50 hours"
are amounts.

>>> [m.group("hour", "minute") for p in TIMES for m in p.finditer("Open at 10.30; 9.45 CET.")]
[('10', '30'), ('9', '45')]
>>> [m.group() for m in SECTION.finditer("Article 10.2 of version 2.0; growth of 16.10.")]
['Article 10.2', 'version 2.0']
>>> sorted(as_written("At 10.30 a.m., 9.45 CET; it stood at 12.40, for 12.50 EUR."))
[3, 15]
>>> sorted(as_written("It opens at 10.30 on Monday, Table 2.1."))
[12, 35]
"""

from __future__ import annotations

import re

_AFTER_NOON = r"(?P<pm>p\.?m\b\.?)"
#: An hour and its minutes, a point or a colon between ("10.30", "9:45"), in groups of those
#: names (``hour`` named as given).
_HOUR = r"(?P<{hour}>(?<![\d.,:])(?:[01]?\d|2[0-3]))[.:](?P<{minute}>[0-5]\d)(?![\d]|[.,:]\d)"
#: What says a figure is an amount, after it.
_AMOUNT_AFTER = (
    r"%|per\s?cent|percent|points?\b|degrees?\b|[mb]illion|thousand|euros?\b|dollars?\b"
    r"|francs?\b"
)
#: A time of day as English writes it, where it says it is one: after the words that
#: introduce one ("at 10.30", "From 9.30"), or followed by a clock's word ("9:45 CET",
#: "10.30 a.m."); each with the hour, the minutes and "p.m." in the groups of those names.
TIMES = (
    re.compile(
        r"\b(?i:at|from|until|till|to|by|between|and|before|after)\s+"
        + _HOUR.format(hour="hour", minute="minute")
        + rf"(?!\s*(?:{_AMOUNT_AFTER}))(?:\s*{_AFTER_NOON})?"
    ),
    re.compile(
        _HOUR.format(hour="hour", minute="minute")
        + rf"\s*(?:{_AFTER_NOON}|a\.?m\b\.?|[A-Z]{{3,4}}\b|hours\b|hrs\b|h\b)"
    ),
)

#: A time of day beyond doubt: followed by "a.m.", "p.m.", "h", "local time" or the name of
#: a time zone ("10.30 a.m.", "9.45 CET"); or after "at", "from", "until" where no amount is
#: meant ("opens at 10.30", not "stood at 12.40": a verb of amounts before it), as a draft
#: keeps it.
CLOCK = re.compile(
    _HOUR.format(hour="hour", minute="minute")
    + rf"\s*(?:{_AFTER_NOON}|a\.?m\b\.?|h\b|(?:CET|CEST|UTC|GMT|EET|EEST|MSK|WET|WEST|BST)\b"
    r"|local\s+time\b)"
    r"|(?<!\bstood )(?<!\brose )(?<!\bfell )(?<!\bclosed )(?<!\bremained )(?<!\bpeaked )"
    r"(?<!\breached )(?<!\btraded )(?<!\bsettled )(?<!\bended )(?<!\bwas )(?<!\bis )"
    r"(?<!\bvalued )(?<!\bpriced )(?<!\bestimated )"
    r"\b(?i:at|from|until|till)\s+"
    + _HOUR.format(hour="hour2", minute="minute2")
    + rf"(?!\s*(?:{_AMOUNT_AFTER}|[A-Z]{{3}}\b))"
)

#: A dotted figure after the word that says it numbers a part of a text or a version
#: ("Article 10.2", "paragraph 3.1", "SDG target 16.10", "version 2.0"), in ``figure``.
SECTION = re.compile(
    r"\b(?i:articles?|art\.|sections?|paragraphs?|paras?\.|chapters?|annex(?:es)?|rules?"
    r"|clauses?|targets?|goals?|indicators?|versions?|v\.|principles?|recommendations?"
    r"|tables?|figures?|fig\.|parts?|steps?|phases?|no\.|nos\.|sdgs?)\s+"
    r"(?P<figure>(?<![\d.,])\d+(?:\.\d+)+)(?![\d]|[.,]\d)"
    r"|§§?\s*(?P<after_sign>\d+(?:\.\d+)+)(?![\d]|[.,]\d)"
)


def as_written(text: str) -> set[int]:
    """Where in ``text`` figures that are no decimals beyond doubt begin (the offsets of their
    first digits: the hour of a time, a section's number), for a draft to keep as written."""
    found = {
        match.start("hour") if match["hour"] else match.start("hour2")
        for match in CLOCK.finditer(text)
    }
    for match in SECTION.finditer(text):
        found.add(match.start("figure") if match["figure"] else match.start("after_sign"))
    return found
