"""Split a release into segments: one per sentence, plus its title, headings and dateline place.

The rules are data (``data/segment/<language>.toml``): abbreviations that never end a sentence
("Dr.", "e.g."), those that do not end one before a number ("No. 6/17", "1 Jan. 2021"), and the
words that usually start a sentence, which decide after initialisms ("U.S. The" vs "U.S. and").
Inline Markdown, URLs and e-mail addresses are never split.

Everything here is a pure function of its input.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from communique.release.blocks import Block, BlockKind
from communique.release.inline import find_spans
from communique.release.reader import Release


@dataclass(frozen=True)
class SegmentRules:
    """Per-language abbreviation lists that decide whether a full stop ends a sentence."""

    never_ends: frozenset[str] = frozenset()
    before_numbers: frozenset[str] = frozenset()
    sentence_starters: frozenset[str] = frozenset()
    #: Words that start a sentence after a capital initialism ("6 P.M. Mr. Smith"), not after
    #: a lower-case one ("5 a.m. Mr. Smith").
    starters_after_capitals: frozenset[str] = frozenset()
    #: Initialisms that follow a time of day ("5 p.m."), after which a capitalised word opens
    #: a sentence (see :func:`_opens_after_a_time`).
    times_of_day: frozenset[str] = frozenset()
    #: The language's weekday and month names, wide and abbreviated, casefolded (CLDR's):
    #: what follows a time of day in a sentence that goes on ("by 5 p.m. June 30").
    days_and_months: frozenset[str] = frozenset()


@lru_cache(maxsize=8)
def rules_for(language: str) -> SegmentRules:
    """The rules shipped for a source language (``en-GB`` falls back to ``en``); none (plain
    punctuation rules) if there are none."""
    folder = resources.files("communique") / "data" / "segment"
    candidates = (folder / f"{language}.toml", folder / f"{language.split('-')[0]}.toml")
    resource = next((path for path in candidates if path.is_file()), None)
    if resource is None:
        return SegmentRules()
    from communique.release.dateline import month_numbers, weekday_numbers

    data = tomllib.loads(resource.read_text(encoding="utf-8"))
    return SegmentRules(
        never_ends=frozenset(data.get("never_ends", ())),
        before_numbers=frozenset(data.get("before_numbers", ())),
        sentence_starters=frozenset(data.get("sentence_starters", ())),
        starters_after_capitals=frozenset(data.get("starters_after_capitals", ())),
        times_of_day=frozenset(data.get("times_of_day", ())),
        # (Those of the tag and of its language: a British text may write "Sep" too.)
        days_and_months=frozenset(
            name
            for tag in dict.fromkeys((language, language.split("-")[0]))
            for name in (*month_numbers(tag), *weekday_numbers(tag))
        ),
    )


class Role(StrEnum):
    """What a segment is in its release; the extracted comment translators see names it."""

    TITLE = "title"
    PLACE = "dateline place"
    CORRECTION = "correction note"
    HEADING = BlockKind.HEADING.value
    PARAGRAPH = BlockKind.PARAGRAPH.value
    LIST_ITEM = BlockKind.LIST_ITEM.value
    QUOTE = BlockKind.QUOTE.value
    TABLE_CELL = BlockKind.TABLE_CELL.value


@dataclass(frozen=True)
class Segment:
    """A unit of translation: one sentence (or title, heading, place) and where it comes from."""

    text: str
    role: Role
    line: int
    number: int = 0
    sentence: int = 1
    sentences: int = 1
    #: Whether the writer broke the line after it (see :attr:`Block.breaks`).
    line_break: bool = False
    #: Which paragraph of its list item (see :attr:`Block.paragraph`).
    paragraph: int = 1

    @property
    def position(self) -> str:
        """Where the segment sits, for translators: ``paragraph 3, sentence 2 of 4``."""
        if self.role in (Role.TITLE, Role.PLACE, Role.CORRECTION):
            return self.role
        if self.role is Role.HEADING:
            return f"heading {self.number}"
        paragraph = f", paragraph {self.paragraph}" if self.paragraph > 1 else ""
        return f"{self.role} {self.number}{paragraph}, sentence {self.sentence} of {self.sentences}"


# A sentence may end after . ? ! or an ellipsis (spaced ". . ." too), then closing quotes,
# brackets or emphasis.
_END = re.compile(
    r"(?P<punct>(?<=\s)\.(?: \.){2,3}|\.\.\.|…|[.?!]+)(?P<close>[\"'”’»)\]*_]*)(?P<space>\s+)"
)
# A spaced ellipsis after a sentence's full stop ("compounds. . . . The"): Golden Rule 48.
_SPACED_ELLIPSIS = re.compile(r"\. \. \.[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]*[A-Z])")
# An inline list: markers "1." "1.)" "1)" "a." (after a bullet, "• 9."), the first at the
# start of the text, each number or letter the one after the last (Golden Rules 31-39).
_LIST_MARKER = re.compile(r"(?:^|(?<=\s))[•⁃]?\s?(?P<mark>\d{1,2}|[a-z])(?:\.\)|\.|\))(?=\s)")
_OPENERS = "\"'“‘«([*_¿¡"
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$|^[A-Z]$")
_WHITESPACE = re.compile(r"[ \t\r\n]+")  # not the no-break spaces: they are meant


def sentence_spans(text: str, *, markup: bool, rules: SegmentRules) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in ``text``, trailing whitespace excluded.

    >>> sentence_spans("Dr. Kari Johnstone spoke. It ended.", markup=False, rules=rules_for("en"))
    [(0, 25), (26, 35)]
    """
    protected = [(span.start, span.end) for span in find_spans(text, markup=markup)]
    items = _inline_list(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        cut, following = match.end("close"), match.end()
        if following >= len(text):
            break
        if any(begin < cut < end for begin, end in protected):
            continue
        if any(begin <= match.start() < end for begin, end in items):
            continue  # the full stop of a list marker ("2. The second item")
        if match.start() > 0 and text[match.start() - 1] == "\\":
            continue  # an escaped full stop in Markdown ("1\\. item")
        if not _ends_sentence(text, match, rules):
            continue
        if not any(char.isalpha() for char in text[start:cut]):
            continue  # "1." or "(a)" alone is a number, not a sentence
        spans.append((start, cut))
        start = following
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return _split_at(text, spans, [begin for begin, _ in items[1:]]) if items else spans


def _inline_list(text: str) -> list[tuple[int, int]]:
    """The markers of a list written inline ("1. The first item 2. The second item"): two or
    more in sequence, the first at the start of the text; none otherwise ("Article 1. The …
    Article 2." is no list)."""
    lead = len(text) - len(text.lstrip())
    if not _LIST_MARKER.match(text, lead):  # (most texts: one test, no scan)
        return []
    markers = list(_LIST_MARKER.finditer(text, lead))
    run = [markers[0]]
    for marker in markers[1:]:
        if _ordinal(marker.group("mark")) == _ordinal(run[-1].group("mark")) + 1:
            run.append(marker)
    if len(run) < 2 or any((m.group(0)[-1:] == ")") != (run[0].group(0)[-1:] == ")") for m in run):
        return []
    return [(m.start(), m.end()) for m in run]


def _ordinal(mark: str) -> int:
    return int(mark) if mark.isdigit() else ord(mark) - ord("a") + 1


def _split_at(text: str, spans: list[tuple[int, int]], cuts: list[int]) -> list[tuple[int, int]]:
    """``spans`` cut again before each position of ``cuts`` (each list item a segment)."""
    result = []
    for begin, end in spans:
        for cut in cuts:
            if begin < cut < end:
                result.append((begin, len(text[:cut].rstrip())))
                begin = cut
        result.append((begin, end))
    return result


def _ends_sentence(text: str, match: re.Match[str], rules: SegmentRules) -> bool:
    following = match.end()
    if text.startswith(". . .", following):  # "compounds. . . . The practice"
        return match.group("punct") == "." and bool(_SPACED_ELLIPSIS.match(text, following))
    if text.startswith(".", following):  # within a spaced ellipsis: ". .”"
        return False
    if _citation_follows(text, following):
        return False
    first = following
    while first < len(text) and text[first] in _OPENERS:
        first += 1
    if first >= len(text):
        return False
    initial = text[first]
    if initial.islower():
        return False
    punct = match.group("punct")
    if "?" in punct or "!" in punct:
        return True
    if punct.startswith(". "):  # spaced: ". . ." goes on (Golden Rule 47), ". . . ." ends (45)
        return punct.count(".") == 4 and initial.isupper()
    if punct in ("...", "…"):
        return initial.isupper()
    word = text[text.rfind(" ", 0, match.start()) + 1 : match.start()]
    word = word[word.rfind("\n") + 1 :].lstrip(_OPENERS)
    if "/" in word and "www." not in word and "://" not in word:
        word = word[word.rfind("/") + 1 :]  # (a document's symbol: "SEC.GAL/12/24/Corr. 1")
    if word in rules.never_ends or (
        # At the head of a sentence: "Approx. 200 observers", "Cf. Decision No. 3".
        word[:1].isupper() and word[:1].lower() + word[1:] in rules.never_ends
    ):
        return False
    if word in rules.before_numbers:
        if _NUMBERED.match(text, first):
            return False
        # Another such word and its number ("Ref. No. 12/2024").
        chained = _ABBREVIATED.match(text, first)
        if (
            chained is not None
            and chained.group(1) in rules.before_numbers
            and _NUMBERED.match(text, chained.end())
        ):
            return False
    if _INITIALISM.match(word):
        next_word = re.match(r"\w+", text[first:])
        if next_word is None:
            return False
        if word.isupper() and next_word.group(0) in rules.starters_after_capitals:
            return True
        if next_word.group(0) in rules.sentence_starters:
            return True
        return word in rules.times_of_day and _opens_after_a_time(text, match, first, rules)
    return True


#: What follows "No.", "tel.", "Wed." as a number: digits ("No. 6/17"), a telephone number's
#: "+" or its bracketed digit ("tel. +33", "Tel. (0)3" is "(" skipped as an opener), a series'
#: letter before its bracketed number (the Council of Europe's "No. R (85) 2").
#: What follows "No.", "Vol.", "Art." in a sentence that goes on: a number, a telephone
#: number, "R (85)", a number in Roman numerals ("Vol. II", "Part IV,").
_NUMBERED = re.compile(
    r"\d|\+\d|[A-Z] ?\(\d"
    # (A numeral of two letters or more, whole: not "I," nor "CIVIL".)
    r"|(?=[IVXLC]{2})C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b(?![\w'’])"
)
#: A word abbreviated with a full stop, and the space after it.
_ABBREVIATED = re.compile(r"(\w+)\.[ \u00a0]")
#: A time of day's number just before "a.m."/"p.m." ("5 p.m.", "10.30 a.m.", "5p.m.").
_HOUR_BEFORE = re.compile(r"\d[ \u00a0\u202f]?$")


def _opens_after_a_time(text: str, match: re.Match[str], first: int, rules: SegmentRules) -> bool:
    """After a time of day ("at 5 p.m."), whether the capitalised word at ``first`` opens a
    sentence: not a title, a word in capitals, or a time zone's name ("Vienna time")."""
    before = text[: match.start()]
    stem = before[: len(before) - len(before.split()[-1])] if before.split() else before
    if not _HOUR_BEFORE.search(stem):
        return False
    words = re.findall(r"[\w’'-]+\.?", text[first : first + 60])
    if not words:
        return False
    head = words[0].rstrip(".")
    if head in rules.never_ends or head.isupper() or head.casefold() in rules.days_and_months:
        return False  # a title, a zone ("CET"), a day or a date ("until 6 p.m. Saturday")
    return not any(word.casefold().rstrip(".") == "time" for word in words[:4])


def _citation_follows(text: str, at: int) -> bool:
    """Whether a bracketed reference closes the sentence after a quotation: ``"…" (Smith 55).``
    (Golden Rule 44)."""
    if not text.startswith("(", at):
        return False
    close = text.find(")", at)
    return (
        close != -1
        and "(" not in text[at + 1 : close]
        and text[close + 1 : close + 2]
        in (
            ".",
            "?",
            "!",
        )
    )


def segment(block: Block, rules: SegmentRules | None = None) -> list[Segment]:
    """The segments of one block: a heading whole, other blocks one per sentence, and one
    ends where the writer broke the line (:attr:`Block.breaks`)."""
    rules = rules if rules is not None else rules_for("en")
    if block.kind is BlockKind.VERBATIM:
        return []
    ended: set[int] = set()  # the spans after which the line breaks
    if block.kind is BlockKind.HEADING:
        # (Whole, where it has any text: an empty msgid would be a second header.)
        spans = [(0, len(block.text.rstrip()))] if block.text.strip() else []
    elif not block.breaks:
        spans = sentence_spans(block.text, markup=block.markup, rules=rules)
    else:
        spans = []
        start = 0
        for cut in (*_breaks(block), len(block.text)):
            spans += [
                (start + begin, start + end)
                for begin, end in sentence_spans(
                    block.text[start:cut], markup=block.markup, rules=rules
                )
            ]
            ended.add(len(spans) - 1)
            start = cut + 1
        ended.discard(len(spans) - 1)
    segments = []
    for index, (start, end) in enumerate(spans, start=1):
        text = _WHITESPACE.sub(" ", block.text[start:end]).strip()
        line = block.line + block.text.count("\n", 0, start)
        segments.append(
            Segment(
                text,
                Role(block.kind.value),
                line,
                block.number,
                index,
                len(spans),
                line_break=index - 1 in ended,
                paragraph=block.paragraph,
            )
        )
    return segments


def _breaks(block: Block) -> list[int]:
    """The block's line breaks that end a segment: not those inside a link, emphasis or code
    (one that breaks "*Jane Roe*" in two is layout)."""
    inside = find_spans(block.text, markup=block.markup)
    return [cut for cut in block.breaks if not any(s.start < cut < s.end for s in inside)]


def segment_blocks(release: Release, language: str = "en") -> list[tuple[Block, list[Segment]]]:
    """Each block of the body with its segments (none for verbatim blocks)."""
    rules = rules_for(language)
    return [(block, segment(block, rules)) for block in release.blocks]


def segment_release(
    release: Release,
    language: str = "en",
    blocks: Sequence[tuple[Block, Sequence[Segment]]] | None = None,
) -> list[Segment]:
    """All segments of a release in document order: title, dateline place, then the body
    (``blocks``: the body's segments when they are already known)."""
    segments = [Segment(release.title, Role.TITLE, release.title_line)] if release.title else []
    if release.place is not None:
        segments.append(Segment(release.place, Role.PLACE, release.place_line))
    if release.correction is not None:
        segments.append(Segment(release.correction, Role.CORRECTION, release.correction_line))
    for _, found in blocks if blocks is not None else segment_blocks(release, language):
        segments.extend(found)
    return segments
