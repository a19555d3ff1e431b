"""Inline Markdown spans: each bracket and each run of ``*`` or ``_`` is answered as a walk
from it to the end of the text would answer it, without walking to the end from each one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.release import inline
from communique.release.inline import Span, SpanKind, find_spans


def walk_to_closing(text: str, start: int, opener: str, closer: str) -> int | None:
    """The specification: from the bracket at ``start``, one character at a time (an escape
    and a code span as one step), to the bracket that brings the count back to zero."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":
            code = inline._code_span(text, index)
            if code is not None:
                index = code.end
                continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def walk_to_emphasis(text: str, start: int) -> Span | None:
    """The specification: from a run of ``*`` or ``_``, to the first run as long that closes
    it (right-flanking, and for ``_`` not inside a word)."""
    char = text[start]
    run = inline._run_length(text, start)
    after = start + run
    if after >= len(text) or text[after].isspace():
        return None
    if char == "_" and start > 0 and text[start - 1].isalnum():
        return None
    index = after
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == "`":
            code = inline._code_span(text, index)
            if code is not None:
                index = code.end
                continue
        if text[index] == char:
            closing = inline._run_length(text, index)
            flanking = not text[index - 1].isspace()
            inside = char == "_" and index + closing < len(text) and text[index + closing].isalnum()
            if closing == run and flanking and not inside:
                return Span(SpanKind.EMPHASIS, start, index + closing)
            index += closing
            continue
        index += 1
    return None


def spans(text: str) -> list[tuple[SpanKind, int, int]]:
    return [(s.kind, s.start, s.end) for s in inline._markdown_spans(text)]


MARKDOWN = st.text(alphabet="[]()`\\!*_ab <>.", max_size=40)


@settings(max_examples=3000, deadline=None)
@given(MARKDOWN)
def test_each_mark_is_answered_as_a_walk_from_it_would(text: str) -> None:
    """Asked of every bracket and every ``*`` or ``_`` in turn, with what was learnt of the
    text kept between the questions, as a reading of it keeps it: the walk's answers."""
    known: dict[tuple[str, int], int | None] = {}
    dead_ends: dict[tuple[str, int], set[int]] = {}
    for index, char in enumerate(text):
        for opener, closer in (("[", "]"), ("(", ")")):
            if char == opener:
                assert inline._closing(text, index, opener, closer, known) == walk_to_closing(
                    text, index, opener, closer
                ), (opener, index)
        if char in "*_":
            assert inline._emphasis(text, index, dead_ends) == walk_to_emphasis(text, index), index


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 50_000, []),  # each walked to the end: 89 s
        ("_a " * 20_000, []),  # each walked to the end: 91 s
        ("**a " * 15_000, []),
        ("[" * 20_000 + "[link](https://osce.org)", [(SpanKind.LINK, 20_000, 20_024)]),
        ("_a " * 10_000 + "*b*", [(SpanKind.EMPHASIS, 30_000, 30_003)]),
    ],
    ids=["brackets", "underscores", "asterisks", "brackets-then-a-link", "then-emphasis"],
)
def test_a_text_of_unclosed_marks_is_read_in_one_walk(
    text: str, expected: list[tuple[SpanKind, int, int]]
) -> None:
    assert spans(text) == expected


def test_an_address_ends_before_an_invisible_mark() -> None:
    """A right-to-left mark, a zero-width space or a joiner after an address is none of it: the
    page's link goes where the English's does."""
    for mark in ("\u200f", "\u200e", "\u200b", "\u2060", "\u2069", "\ufeff"):
        text = f"المعلومات: https://www.osce.org/odihr{mark}."
        (span,) = find_spans(text, markup=False)
        assert text[span.start : span.end] == "https://www.osce.org/odihr"


@pytest.mark.parametrize(
    "text",
    [
        "詳細はhttps://www.osce.org/odihrをご覧ください。",  # a particle in kana
        "请访问https://www.osce.org/odihr了解更多。",  # Han
        "자세한 내용은 https://www.osce.org/odihr에서 확인하십시오.",  # Hangul
        "詳細はhttps://www.osce.org/odihrｦ参照",  # half-width katakana
    ],
)
def test_an_address_ends_where_an_unspaced_script_goes_on(text: str) -> None:
    """Japanese, Chinese and Korean write the next word with no space after an address: it
    ends there. The link went to ".../odihrをご覧ください", a missing page, and the links
    check offered the flag that published it."""
    (span,) = find_spans(text, markup=False)
    assert text[span.start : span.end] == "https://www.osce.org/odihr"
