"""Find the inline spans of a text that must stay whole: URLs, e-mail addresses and Markdown.

Sentence splitting must not cut inside them, machine translation must not touch them, and the
checks compare them between English and translation. One scanner serves all three.

>>> spans = find_spans("See *the* [site](https://x.org).", markup=True)
>>> [(span.kind.value, span.start, span.end) for span in spans]
[('emphasis', 4, 9), ('link', 10, 31)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class SpanKind(StrEnum):
    URL = "url"
    EMAIL = "email"
    CODE = "code"
    LINK = "link"
    AUTOLINK = "autolink"
    HTML = "html"
    EMPHASIS = "emphasis"


@dataclass(frozen=True)
class Span:
    kind: SpanKind
    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


#: Marks that no address holds as written, but that the languages set right after (or
#: before) a word: Arabic and Persian comma, semicolon and question mark, the CJK full stop,
#: commas, colon, semicolon, exclamation and question marks, and brackets.
_CLOSING = "،؛؟。，、：；！？「」『』（）【】〈〉《》"
#: Marks no address holds either, invisible: direction marks and embeddings (an Arabic
#: translation sets U+200F after an address, before its full stop), joiners, the byte-order
#: mark.
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
#: The scripts that write the next word with no space after an address ("…/ukraineをご覧
#: ください", "www.osce.org了解更多"): kana, Han ideographs, Hangul. (An address written with
#: them, rare in a release, is written percent-encoded, as browsers copy it.)
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f"
_URL = re.compile(
    rf"(?:https?://|www\.)[^\s<>\"“”«»{_CLOSING}{_INVISIBLE}{_UNSPACED}]+", re.IGNORECASE
)
_WWW = re.compile(r"www\.", re.IGNORECASE)
# The address starts with a letter or digit: "ו-press@coe.int" is Hebrew's "and" before it.
_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL_TRAILING = ".,;:!?'’*_…۔।։"
_BRACKETS = {")": "(", "]": "[", "}": "{"}
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s@<>]+@[^\s@<>]+)>")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ASCII_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# The characters where inline Markdown can start; the scanner jumps from one to the next.
_MARKDOWN_TRIGGER = re.compile(r"[\\`<\[!*_]")


def find_spans(text: str, *, markup: bool) -> list[Span]:
    """Spans in document order; a span found inside a Markdown span is not listed again."""
    return list(_find_spans(text, markup))


# The checks ask about the same English and translation several times over: remember answers.
@lru_cache(maxsize=8192)
def _find_spans(text: str, markup: bool) -> tuple[Span, ...]:
    spans = _markdown_spans(text) if markup and _MARKDOWN_TRIGGER.search(text) else []
    if "www." in text or "://" in text or "@" in text:
        # Each pattern only where it can match: an address needs "@", a URL "://" or "www." in
        # any case (_URL ignores case). Most texts have one kind, and a search costs.
        patterns = []
        if "://" in text or "www." in text or _WWW.search(text):
            patterns.append((_URL, SpanKind.URL))
        if "@" in text:
            patterns.append((_EMAIL, SpanKind.EMAIL))
        for pattern, kind in patterns:
            for match in pattern.finditer(text):
                start, end = match.start(), match.end()
                if kind is SpanKind.URL:
                    end = _trim_url(text, start, end)
                if not any(span.start <= start < span.end for span in spans):
                    spans.append(Span(kind, start, end))
    return tuple(sorted(spans, key=lambda span: span.start))


def _trim_url(text: str, start: int, end: int) -> int:
    # "see https://osce.org." — the full stop ends the sentence, not the address; a closing
    # bracket belongs to the URL only when the URL opened one.
    while end > start:
        last = text[end - 1]
        if last in _BRACKETS:
            if text.count(_BRACKETS[last], start, end) >= text.count(last, start, end):
                break
        elif last not in _URL_TRAILING:
            break
        end -= 1
    return end


def _markdown_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    known: dict[tuple[str, int], int | None] = {}  # the brackets' answers (see _closing)
    dead_ends: dict[tuple[str, int], set[int]] = {}  # (see _emphasis)
    index = 0
    length = len(text)
    while index < length:
        trigger = _MARKDOWN_TRIGGER.search(text, index)
        if trigger is None:
            break
        index = trigger.start()
        char = text[index]
        if char == "\\" and index + 1 < length and text[index + 1] in _ASCII_PUNCTUATION:
            index += 2
            continue
        found = None
        if char == "`":
            found = _code_span(text, index)
        elif char == "<":
            match = _AUTOLINK.match(text, index)
            if match:
                found = Span(SpanKind.AUTOLINK, index, match.end())
            else:
                match = HTML_TAG.match(text, index)
                if match:
                    found = Span(SpanKind.HTML, index, match.end())
        elif char == "[" or (char == "!" and text.startswith("[", index + 1)):
            found = _link(text, index, known)
        elif char in "*_":
            found = _emphasis(text, index, dead_ends)
        if found is None:
            index += _run_length(text, index) if char in "`*_" else 1
            continue
        spans.append(found)
        index = found.end
    return spans


def _run_length(text: str, index: int) -> int:
    end = index
    while end < len(text) and text[end] == text[index]:
        end += 1
    return end - index


def _code_span(text: str, start: int) -> Span | None:
    run = _run_length(text, start)
    fence = "`" * run
    search = start + run
    while True:
        found = text.find(fence, search)
        if found < 0:
            return None
        if _run_length(text, found) == run:
            return Span(SpanKind.CODE, start, found + run)
        search = found + _run_length(text, found)


def _closing(
    text: str,
    start: int,
    opener: str,
    closer: str,
    known: dict[tuple[str, int], int | None] | None = None,
) -> int | None:
    """Index just after the bracket matching the one at ``start``. ``known``: the answers
    for the brackets of this text found so far (by opener and index), which this one adds
    to: each bracket met on the way has the answer a walk from it would give, since that walk
    takes the same steps. (Without it, each of 50,000 ``[`` walked to the end of the text.)"""
    known = {} if known is None else known
    found = known.get((opener, start), -1)
    if found != -1:
        return found
    open_at: list[int] = []
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":
            code = _code_span(text, index)
            if code is not None:
                index = code.end
                continue
        if char == opener:
            ahead = known.get((opener, index), -1)
            if ahead is None:  # never closed: neither is any bracket still open around it
                break
            if ahead != -1 and index != start:
                index = ahead
                continue
            open_at.append(index)
        elif char == closer and open_at:
            known[opener, open_at.pop()] = index + 1
            if not open_at:
                return index + 1
        index += 1
    for unclosed in open_at:
        known[opener, unclosed] = None
    return None


def link_label(link: str) -> str:
    """The words of a link span (``[words](url)``, ``[words][ref]``, ``![words](src)``): from
    its first ``[`` to the bracket that closes it."""
    bracket = link.find("[")
    end = _closing(link, bracket, "[", "]")
    return link[bracket + 1 : end - 1 if end is not None else len(link)]


def _link(text: str, start: int, known: dict[tuple[str, int], int | None]) -> Span | None:
    bracket = start + 1 if text[start] == "!" else start
    label_end = _closing(text, bracket, "[", "]", known)
    if label_end is None:
        return None
    if text.startswith("(", label_end):
        target_end = _closing(text, label_end, "(", ")", known)
        if target_end is not None:
            return Span(SpanKind.LINK, start, target_end)
    if text.startswith("[", label_end):
        reference_end = _closing(text, label_end, "[", "]", known)
        if reference_end is not None:
            return Span(SpanKind.LINK, start, reference_end)
    return None


def _emphasis(text: str, start: int, dead_ends: dict[tuple[str, int], set[int]]) -> Span | None:
    """The emphasis the run of ``*`` or ``_`` at ``start`` opens, if a run as long closes it.
    ``dead_ends``: by character and run length, the places walks that found no closing run
    went through: a walk that reaches one takes the same steps from there, and finds none
    either. (Without it, each of 20,000 ``_`` of a text walked to its end.)"""
    char = text[start]
    run = _run_length(text, start)
    after = start + run
    if after >= len(text) or text[after].isspace():
        return None  # not left-flanking: a literal asterisk or underscore
    if char == "_" and start > 0 and text[start - 1].isalnum():
        return None  # snake_case, not emphasis
    dead = dead_ends.setdefault((char, run), set())
    walked = []
    index = after
    while index < len(text):
        if index in dead:
            break
        walked.append(index)
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == "`":
            code = _code_span(text, index)
            if code is not None:
                index = code.end
                continue
        if text[index] == char:
            closing = _run_length(text, index)
            flanking = not text[index - 1].isspace()
            word_inside = (
                char == "_" and index + closing < len(text) and text[index + closing].isalnum()
            )
            if closing == run and flanking and not word_inside:
                return Span(SpanKind.EMPHASIS, start, index + closing)
            index += closing
            continue
        index += 1
    dead.update(walked)
    return None
