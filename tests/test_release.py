"""Reading releases: the demo, datelines, Markdown structure, and every malformed input."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from communique.errors import SourceError
from communique.release.blocks import Block, BlockKind
from communique.release.dateline import Dateline, parse_dateline
from communique.release.reader import missing_title, parse_release, read_release
from communique.release.segment import segment_release
from tests.conftest import REPOSITORY

DEMO = REPOSITORY / "source" / "2023-06-07-anti-trafficking-coordinators-meet.txt"


def read(path: Path):  # type: ignore[no-untyped-def]
    return read_release(path, display=f"source/{path.name}")


def test_demo_release() -> None:
    release = read(DEMO)
    assert release.slug == "2023-06-07-anti-trafficking-coordinators-meet"
    assert release.title == (
        "OSCE and Council of Europe gather national anti-trafficking coordinators and "
        "rapporteurs in Strasbourg"
    )
    assert release.title_line == 2
    assert release.id == "osce-coe-nac-nar-meeting-2023"
    assert release.date == datetime.date(2023, 6, 7)
    assert release.dateline == Dateline("Strasbourg", datetime.date(2023, 6, 7), "TDI")
    assert (release.place, release.place_line, release.agency) == ("Strasbourg", 7, "TDI")
    headings = [b.text for b in release.blocks if b.kind is BlockKind.HEADING]
    assert headings == [
        "Agendas for Discussion",
        "Strengthening the Role of NACs and NARs",
        "Human Trafficking, A Form of Humanitarian Crisis",
    ]
    paragraphs = [b for b in release.blocks if b.kind is BlockKind.PARAGRAPH]
    assert len(paragraphs) == 18
    assert paragraphs[0].text.startswith("Yesterday, on 6 June, the highly anticipated")
    assert paragraphs[0].line == 7
    assert [b.number for b in paragraphs] == list(range(1, 19))
    assert paragraphs[-1].text.endswith("from this pervasive menace.")
    assert release.tags == (
        "trafficking in human beings",
        "Council of Europe",
        "national coordinators",
    )


DATELINES = [
    (
        "tdi",
        "Strasbourg, 7 June 2023 (TDI): Yesterday, on 6 June, it began.",
        Dateline("Strasbourg", datetime.date(2023, 6, 7), "TDI"),
        "Yesterday, on 6 June, it began.",
    ),
    (
        "two-places",
        "Brussels/Warsaw, 18 October 2025 (ODIHR): Observers arrived.",
        Dateline("Brussels/Warsaw", datetime.date(2025, 10, 18), "ODIHR"),
        "Observers arrived.",
    ),
    (
        "osce",
        "Vienna, 30 July 2024 (OSCE): The Chair spoke.",
        Dateline("Vienna", datetime.date(2024, 7, 30), "OSCE"),
        "The Chair spoke.",
    ),
    (
        "capitals-dash",
        "VIENNA, 30 JULY 2024 – The Chair spoke.",
        Dateline("VIENNA", datetime.date(2024, 7, 30), None),
        "The Chair spoke.",
    ),
    (
        "us-order",
        "Vienna, July 30, 2024 (OSCE): The Chair spoke.",
        Dateline("Vienna", datetime.date(2024, 7, 30), "OSCE"),
        "The Chair spoke.",
    ),
    (
        "abbreviated-month",
        "The Hague, 1 Sept. 2024: The court met.",
        Dateline("The Hague", datetime.date(2024, 9, 1), None),
        "The court met.",
    ),
    (
        "weekday",
        "Vienna, Tuesday 7 May 2024: The Council met.",
        Dateline("Vienna", datetime.date(2024, 5, 7), None),
        "The Council met.",
    ),
    (
        "weekday-us-order",
        "Vienna, Tuesday, May 7, 2024 (OSCE): The Council met.",
        Dateline("Vienna", datetime.date(2024, 5, 7), "OSCE"),
        "The Council met.",
    ),
    (
        "ordinal",
        "Vienna, 7th May 2024 – The Council met.",
        Dateline("Vienna", datetime.date(2024, 5, 7), None),
        "The Council met.",
    ),
]


@pytest.mark.parametrize(
    ("text", "dateline", "rest"), [d[1:] for d in DATELINES], ids=[d[0] for d in DATELINES]
)
def test_datelines(text: str, dateline: Dateline, rest: str) -> None:
    found = parse_dateline(text, path="x", line=1)
    assert found is not None
    assert found[0] == dateline
    assert text[found[1] :] == rest


def test_datelines_in_a_regional_english() -> None:
    text = "Vienna, 3 Sept 2024 (OSCE): The Council met."
    british = parse_dateline(text, language="en-GB", path="x", line=1)
    assert british is not None
    assert british[0] == parse_dateline(text, path="x", line=1)[0]  # type: ignore[index]
    assert british[0].date == datetime.date(2024, 9, 3)


@pytest.mark.parametrize(
    "text",
    [
        "In Vienna, the Chair spoke on 30 July 2024.",
        "Yesterday, 30 delegates met in Vienna.",
        "The OSCE: an introduction.",
        "Vienna, Office 7 May 2024: no weekday.",
    ],
    ids=["place-word-first", "number-not-date", "colon-only", "word-that-is-no-weekday"],
)
def test_not_datelines(text: str) -> None:
    assert parse_dateline(text, path="x", line=1) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Vienna, 30 Jnue 2024 (OSCE): Text.",
            "x:4: dateline 'Vienna, 30 Jnue 2024 (OSCE):': 'Jnue' is not a month name",
        ),
        (
            "Vienna, 31 June 2024 (OSCE): Text.",
            "x:4: dateline 'Vienna, 31 June 2024 (OSCE):': impossible date "
            "(day is out of range for month)",
        ),
        (
            "Vienna, Monday 7 May 2024: Text.",
            "x:4: dateline 'Vienna, Monday 7 May 2024:': 2024-05-07 is a Tuesday, not a Monday: "
            "which is it?",
        ),
    ],
    ids=["bad-month", "bad-day", "weekday-of-another-date"],
)
def test_broken_datelines_are_errors(text: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_dateline(text, path="x", line=4)
    assert str(caught.value) == message


MARKDOWN = """\
---
id: md-release
tags: elections
---
# Observers *welcome* the vote

Warsaw, 18 October 2025 (ODIHR): The mission found the vote
[well run](https://www.osce.org/odihr). Counting was `fast`.

## Key findings

- Turnout was **high**. Queues were short.
- Media coverage was balanced:
  1. on television;
  2. online.

> The vote was free. It was fair.

```
not translated
```

Closing paragraph.
"""


def test_markdown_structure_and_inline_text(write_source: Callable[..., Path]) -> None:
    release = read(write_source("2025-10-18-observers.md", MARKDOWN))
    assert release.markup is True
    assert (release.title, release.title_line) == ("Observers *welcome* the vote", 5)
    assert release.tags == ("elections",)
    assert release.id == "md-release"
    assert release.dateline == Dateline("Warsaw", datetime.date(2025, 10, 18), "ODIHR")
    assert [
        (b.kind, b.text, b.line, b.number, b.level, b.group, b.ordered) for b in release.blocks
    ] == [
        (
            BlockKind.PARAGRAPH,
            "The mission found the vote\n"
            "[well run](https://www.osce.org/odihr). Counting was `fast`.",
            7,
            1,
            0,
            0,
            False,
        ),
        (BlockKind.HEADING, "Key findings", 10, 1, 2, 0, False),
        (BlockKind.LIST_ITEM, "Turnout was **high**. Queues were short.", 12, 1, 1, 1, False),
        (BlockKind.LIST_ITEM, "Media coverage was balanced:", 13, 2, 1, 1, False),
        (BlockKind.LIST_ITEM, "on television;", 14, 3, 2, 1, True),
        (BlockKind.LIST_ITEM, "online.", 15, 4, 2, 1, True),
        (BlockKind.QUOTE, "The vote was free. It was fair.", 17, 1, 0, 1, False),
        (BlockKind.VERBATIM, "not translated", 19, 1, 0, 0, False),
        (BlockKind.PARAGRAPH, "Closing paragraph.", 23, 2, 0, 0, False),
    ]
    assert all(block.markup for block in release.blocks)


def test_html_comments_are_left_out_and_reference_links_written_inline(
    write_source: Callable[..., Path],
) -> None:
    """Markdown shows no reader an HTML comment: a note for the press office stays out of the
    segments, the pages and the feeds (a comment in a code span is code). A link by reference
    is written as the inline link it stands for: a sentence is rendered alone, with no
    definitions below it."""
    text = (
        "---\ntitle: Notes\n---\n"
        "Vienna, 3 April 2024 (OSCE): Figures <!-- check with DPRM --> are final, "
        "as `<!-- this -->` says.\n\n"
        "<!-- NOTE FOR PRESS OFFICE: do not publish the budget line -->\n\n"
        "<!-- TODO confirm with DPRM --> The mission deployed 30 observers. They stay.\n\n"
        "<!-- TODO --> The mission deployed\nforty observers today.\n\n"
        "> <!-- x --> A quoted statement.\n\n- one\n- <!-- x --> item two\n\n"
        "```\n<!-- code -->\n```\n\n"
        '<div class="embed"><!-- player --><iframe src="https://example.org/v"></iframe></div>\n\n'
        "See the [Oslo Recommendations][oslo], the [Guidelines][] and [lju].\n\n"
        '[oslo]: https://www.osce.org/hcnm/oslo "The Oslo Recommendations"\n'
        "[guidelines]: <https://www.osce.org/hcnm/guidelines (2012)>\n"
        "[lju]: https://www.osce.org/hcnm/ljubljana\n"
    )
    release = read(write_source("2024-04-03-notes.md", text))
    assert [(b.kind, b.text) for b in release.blocks] == [
        (BlockKind.PARAGRAPH, "Figures are final, as `<!-- this -->` says."),
        # CommonMark makes a line that begins with a comment HTML: without it, it is text.
        (BlockKind.PARAGRAPH, "The mission deployed 30 observers. They stay."),
        (BlockKind.PARAGRAPH, "The mission deployed\nforty observers today."),
        (BlockKind.QUOTE, "A quoted statement."),
        (BlockKind.LIST_ITEM, "one"),
        (BlockKind.LIST_ITEM, "item two"),
        (BlockKind.VERBATIM, "<!-- code -->"),  # (code, as written)
        (
            BlockKind.VERBATIM,
            '<div class="embed"><iframe src="https://example.org/v"></iframe></div>',
        ),
        (
            BlockKind.PARAGRAPH,
            "See the [Oslo Recommendations](https://www.osce.org/hcnm/oslo "
            '"The Oslo Recommendations"), the '
            "[Guidelines](<https://www.osce.org/hcnm/guidelines%20(2012)>) and "
            "[lju](https://www.osce.org/hcnm/ljubljana).",
        ),
    ]


def _lines(release) -> list[list[tuple[str, bool]]]:  # type: ignore[no-untyped-def]
    """Each paragraph's segments, and whether the line breaks after each."""
    blocks = [b for b in release.blocks if b.kind is BlockKind.PARAGRAPH]
    by_block: dict[int, list[tuple[str, bool]]] = {}
    for s in segment_release(release)[1:]:
        if s.role == "paragraph":
            by_block.setdefault(s.number, []).append((s.text, s.line_break))
    return [by_block.get(b.number, []) for b in blocks]


def test_markdown_hard_breaks_keep_a_contact_s_lines(write_source: Callable[..., Path]) -> None:
    """A hard line break (two spaces or a backslash at the end of a line) before a line of its
    own ends a segment, and the page breaks the line there: a contact block's name and
    telephone were one sentence, shown on one line. Before the rest of a sentence ("in
    Strasbourg") it is layout, as before; a soft break is a space, as CommonMark has it."""
    text = (
        "---\ntitle: Contacts\n---\n"
        "Vienna, 3 April 2024 (OSCE): The meeting will take place  \nin Strasbourg. It ends.\n\n"
        "Speakers included:\nMs Anna Smith, Director  \nMr John Doe, Deputy Director\\\n"
        "Ms Eva Lee, Adviser\n\n"
        "**Press contact**  \nJane Roe  \n[jane.roe@osce.org](mailto:jane.roe@osce.org)  \n"
        "*Tel.* +43 1 514 36 6000\n\n"
        "*Jane  \nRoe* spoke.\n\n"
        "Jane Roe  \ntel.: +43 1 514 36 6000  \nemail: [press@osce.org](mailto:press@osce.org)  \n"
        "osce.org/press\n"
    )
    release = read(write_source("2024-04-03-contacts.md", text))
    assert _lines(release) == [
        [("The meeting will take place in Strasbourg.", False), ("It ends.", False)],
        [
            ("Speakers included: Ms Anna Smith, Director", True),
            ("Mr John Doe, Deputy Director", True),
            ("Ms Eva Lee, Adviser", False),
        ],
        [
            ("**Press contact**", True),
            ("Jane Roe", True),
            ("[jane.roe@osce.org](mailto:jane.roe@osce.org)", True),
            ("*Tel.* +43 1 514 36 6000", False),
        ],
        [("*Jane Roe* spoke.", False)],  # (not cut inside emphasis)
        [  # (labels and an address in lower case are lines of their own)
            ("Jane Roe", True),
            ("tel.: +43 1 514 36 6000", True),
            ("email: [press@osce.org](mailto:press@osce.org)", True),
            ("osce.org/press", False),
        ],
    ]
    assert [s.position for s in segment_release(release) if s.text == "Jane Roe"] == [
        "paragraph 3, sentence 2 of 4",
        "paragraph 5, sentence 1 of 4",
    ]


def test_plain_text_keeps_the_lines_of_a_block_of_short_lines(
    write_source: Callable[..., Path],
) -> None:
    """In plain text a paragraph of short lines (a contact, names with their titles) keeps
    them where the next line's first word would have fitted on the line above (so it was
    not wrapped there) and does not go on with a sentence; wrapped prose is one text."""
    one_per_line = (
        "---\ntitle: T\n---\n"
        "Vienna, 3 April 2024 (OSCE): The Forum met. " + "It was long. " * 10 + "\n\n"
        "Press contact:\nJane Roe\nTel. +43 1 514 36 6000\njane.roe@osce.org\n\n"
        "The meeting will take place\nin Strasbourg.\n\n"
        "A line longer than sixty characters, which no contact block has\nEnds here.\n"
    )
    release = read(write_source("2024-04-03-plain.txt", one_per_line))
    assert _lines(release)[1:] == [
        [
            ("Press contact:", True),
            ("Jane Roe", True),
            ("Tel. +43 1 514 36 6000", True),
            ("jane.roe@osce.org", False),
        ],
        [("The meeting will take place in Strasbourg.", False)],
        [("A line longer than sixty characters, which no contact block has Ends here.", False)],
    ]
    wrapped = (  # at 48 characters
        "---\ntitle: T\n---\n"
        "Vienna, 3 April 2024 (OSCE): The Chairperson\n"
        "welcomed the adoption of the decision.\n\n"
        "Participants from the region met for two days in\n"
        "Vienna to discuss cooperation with partners.\n\n"
        "Contact:\nJane Roe\n"
    )
    release = read(write_source("2024-04-03-wrapped.txt", wrapped))
    assert _lines(release) == [
        [("The Chairperson welcomed the adoption of the decision.", False)],
        # Wrapped there: "Vienna" would not have fitted on the line above.
        [
            (
                "Participants from the region met for two days in Vienna to discuss "
                "cooperation with partners.",
                False,
            )
        ],
        [("Contact:", True), ("Jane Roe", False)],
    ]
    # Wrapped at 60 beside a paragraph written on one line: still wrapped (the longest line
    # of the release is no paragraph's width). A list of names over lines ending in commas is
    # one sentence; a contact's lines in lower case are lines (a label, an address).
    mixed = (
        "---\ntitle: T\n---\n"
        "Vienna, 3 April 2024 (OSCE): The report was presented today. "
        + "It was long. "
        * 10
        + "\n\n"
        "The Council of Europe's Group of Experts on Action against\n"
        "Trafficking in Human Beings published its report. The\n"
        "Executive Secretary of the Convention presented it.\n\n"
        "Participants included\nMs Anna Smith (Austria),\nMr John Doe (Switzerland)\n"
        "and Ms Eva Lee (France).\n\n"
        "Jane Roe, Spokesperson\ntel.: +43 1 514 36 6000\ne-mail: jane.roe@osce.org\n"
        "osce.org/press\n"
    )
    release = read(write_source("2024-04-03-mixed.txt", mixed))
    assert _lines(release)[1:] == [
        [
            (
                "The Council of Europe's Group of Experts on Action against Trafficking in "
                "Human Beings published its report.",
                False,
            ),
            ("The Executive Secretary of the Convention presented it.", False),
        ],
        [
            ("Participants included", True),
            ("Ms Anna Smith (Austria), Mr John Doe (Switzerland) and Ms Eva Lee (France).", False),
        ],
        [
            ("Jane Roe, Spokesperson", True),
            ("tel.: +43 1 514 36 6000", True),
            ("e-mail: jane.roe@osce.org", True),
            ("osce.org/press", False),
        ],
    ]


def test_a_place_in_capitals_in_the_dateline_agrees_with_the_front_matter(
    write_source: Callable[..., Path],
) -> None:
    """OSCE's style: "VIENNA, 3 April 2024 –" under ``place: Vienna`` from a CMS. The same
    place; the release keeps it as its text writes it."""
    text = "---\ntitle: T\nplace: Vienna\nagency: osce\n---\nVIENNA, 3 April 2024 (OSCE): Text.\n"
    release = read(write_source("2024-04-03-x.txt", text))
    assert (release.place, release.agency) == ("VIENNA", "OSCE")


def test_plain_text_lists_headings_and_wrapped_paragraphs(
    write_source: Callable[..., Path],
) -> None:
    text = (
        "---\ntitle: Plain release\n---\n"
        "Vienna, 30 July 2024 (OSCE): The Forum met\nfor two days.\n\n"
        "Main Outcomes\n\n"
        "- better data\n- more shelters,\n  funded by states\n\n"
        "1. first\n2. second\n\nThe Forum also noted:\n\n3. third\n\n"
        "ENDS\n\n"
        "***\n"
    )
    release = read(write_source("2024-07-30-forum.txt", text))
    assert [(b.kind, b.text, b.line, b.group, b.ordered, b.start) for b in release.blocks] == [
        (BlockKind.PARAGRAPH, "The Forum met\nfor two days.", 4, 0, False, 1),
        (BlockKind.HEADING, "Main Outcomes", 7, 0, False, 1),
        (BlockKind.LIST_ITEM, "better data", 9, 1, False, 1),
        (BlockKind.LIST_ITEM, "more shelters,\nfunded by states", 10, 1, False, 1),
        (BlockKind.LIST_ITEM, "first", 13, 2, True, 1),
        (BlockKind.LIST_ITEM, "second", 14, 2, True, 1),
        (BlockKind.PARAGRAPH, "The Forum also noted:", 16, 0, False, 1),
        # A numbered list that goes on after a paragraph counts on from its first number.
        (BlockKind.LIST_ITEM, "third", 18, 3, True, 3),
        (BlockKind.HEADING, "ENDS", 20, 0, False, 1),
    ]


def test_a_list_right_under_the_line_that_introduces_it_is_a_list(
    write_source: Callable[..., Path],
) -> None:
    """As in an e-mail: the colon's line, then the bullets, no blank line between. A wrapped
    sentence with one line beginning with "- " stays a paragraph."""
    text = (
        "---\ntitle: Plain release\n---\n"
        "Vienna, 5 December 2024 (OSCE): The Ministerial Council adopted decisions on:\n"
        "• the 2025 Chairpersonship (Finland);\n"
        "• the Structured Dialogue.\n\n"
        "The delegation, led by the Ambassador,\n"
        "- as agreed in May - met the Minister:\n"
        "- in Vienna.\n"
    )
    release = read(write_source("2024-12-05-council.txt", text))
    assert [(b.kind, b.text, b.line) for b in release.blocks] == [
        (BlockKind.PARAGRAPH, "The Ministerial Council adopted decisions on:", 4),
        (BlockKind.LIST_ITEM, "the 2025 Chairpersonship (Finland);", 5),
        (BlockKind.LIST_ITEM, "the Structured Dialogue.", 6),
        (
            BlockKind.PARAGRAPH,
            "The delegation, led by the Ambassador,\n- as agreed in May - met the Minister:\n"
            "- in Vienna.",
            8,
        ),
    ]


def test_a_question_alone_between_two_blocks_is_a_heading(
    write_source: Callable[..., Path],
) -> None:
    """A short question on a line of its own, with a block before it and its answer after it,
    is a heading; a longer one, one that ends the release, one followed by another question,
    or a question with a sentence before it stays a paragraph."""
    text = (
        "---\ntitle: Plain release\n---\n"
        "Vienna, 30 July 2024 (OSCE): The Forum met.\n\n"
        "What comes next?\n\n"
        "The parties meet again in May.\n\n"
        "Why did the participating States agree to meet again so soon after the last round?\n\n"
        "Because the deadline passed.\n\n"
        "It was late. Why now?\n\n"
        "Who pays?\n\n"
        "Who decides?\n\n"
        "The Council decides.\n\n"
        "Is it over?\n"
    )
    release = read(write_source("2024-07-30-forum.txt", text))
    assert [(b.kind, b.text) for b in release.blocks] == [
        (BlockKind.PARAGRAPH, "The Forum met."),
        (BlockKind.HEADING, "What comes next?"),
        (BlockKind.PARAGRAPH, "The parties meet again in May."),
        (
            BlockKind.PARAGRAPH,
            "Why did the participating States agree to meet again so soon after the last round?",
        ),
        (BlockKind.PARAGRAPH, "Because the deadline passed."),
        (BlockKind.PARAGRAPH, "It was late. Why now?"),
        (BlockKind.PARAGRAPH, "Who pays?"),
        (BlockKind.HEADING, "Who decides?"),
        (BlockKind.PARAGRAPH, "The Council decides."),
        (BlockKind.PARAGRAPH, "Is it over?"),
    ]


def test_bom_and_crlf_read_like_lf(write_source: Callable[..., Path]) -> None:
    lf = DEMO.read_text(encoding="utf-8")
    crlf = b"\xef\xbb\xbf" + lf.replace("\n", "\r\n").encode("utf-8")
    plain = read(write_source("2023-06-07-lf.txt", lf))
    windows = read(write_source("2023-06-07-crlf.txt", crlf))
    assert windows.blocks == plain.blocks
    assert (windows.title, windows.dateline, windows.title_line) == (
        plain.title,
        plain.dateline,
        plain.title_line,
    )


def test_a_form_feed_between_paragraphs_reads_as_before(
    write_source: Callable[..., Path],
) -> None:
    """An old file's page break, on a line of its own between two paragraphs, is a blank line:
    the release reads as without it (no control character to refuse)."""
    lf = DEMO.read_text(encoding="utf-8")
    paged = lf.replace("\n\nAgendas for Discussion", "\n\f\nAgendas for Discussion", 1)
    assert paged != lf
    plain = read(write_source("2023-06-07-lf.txt", lf))
    with_page_break = read(write_source("2023-06-07-paged.txt", paged))
    assert [b.text for b in with_page_break.blocks] == [b.text for b in plain.blocks]


def test_place_and_date_from_front_matter(write_source: Callable[..., Path]) -> None:
    text = (
        "---\ntitle: T\ndate: 2024-03-01T09:30:00+01:00\nplace: Skopje\nagency: OSCE\n---\nText.\n"
    )
    release = read(write_source("2024-03-01-skopje.txt", text))
    assert release.dateline is None
    assert (release.place, release.place_line, release.agency) == ("Skopje", 4, "OSCE")
    assert release.date == datetime.date(2024, 3, 1)
    assert release.published == datetime.datetime(
        2024, 3, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    assert release.blocks == (Block(BlockKind.PARAGRAPH, "Text.", 7, number=1),)


ERRORS = [
    (
        "toml-front-matter-as-hugo-writes-it",
        "x.md",
        '+++\ntitle = "T"\ndate = 2024-01-10\n+++\nVienna, 10 January 2024: Text.\n',
        "source/x.md:1: front matter between '+++' lines (TOML) is not read: write it in YAML "
        "between '---' lines ('title: …', 'date: 2024-01-10')",
    ),
    (
        # GNU gettext reads a NUL as the end of the string: msgcat would cut the msgid short,
        # and the entry's translation would be left behind.
        "nul",
        "x.txt",
        "T\n\nStrasbourg, 30 March 2024: The OSCE obs\x00erved the elections.\n",
        "source/x.txt:3: a control character (U+0000) at column 40: remove it (pasted from "
        "another program?)",
    ),
    (
        "escape-code-from-a-terminal",
        "x.txt",
        "T\n\nStrasbourg, 30 March 2024: Line one.\x1b[0mLine two.\n",
        "source/x.txt:3: a control character (U+001B) at column 37: remove it (pasted from "
        "another program?)",
    ),
    (
        # The words after it would be shown reversed, on the page and in every catalog.
        "right-to-left-override",
        "x.md",
        "# Test \u202erelease on elections\n\nStrasbourg, 30 March 2024: Text.\n",
        "source/x.md:1: a right-to-left override (U+202E) shows the text after it in another "
        "order than written; remove it",
    ),
    (
        # Both sides and git's lines were published, and offered to translators.
        "merge-conflict-left-in-it",
        "x.txt",
        "---\ntitle: T\n---\nStrasbourg, 30 March 2024 (TDI): Text.\n\n<<<<<<< HEAD\n"
        "The meeting convened 135 delegates.\n=======\nThe meeting convened 130 delegates.\n"
        ">>>>>>> origin/main\n",
        "source/x.txt:6: a merge conflict left in it ('<<<<<<< HEAD'): keep the text meant, and "
        "take out git's lines '<<<<<<<', '=======' and '>>>>>>>'",
    ),
    (
        # A wrong year: every page would say it was corrected before it was published.
        "updated-before-the-date",
        "x.txt",
        "---\ntitle: T\nupdated: 2023-04-02\n---\nStrasbourg, 30 March 2024 (TDI): Text.\n",
        "source/x.txt:3: updated: 2023-04-02 is before the release's date, 2024-03-30: it says "
        "when the release was corrected, after it was published",
    ),
    (
        "updated-before-the-date-with-a-time",
        "x.txt",
        "---\ntitle: T\ndate: 2024-03-30\nupdated: 2024-03-29T09:00:00+00:00\n---\nText.\n",
        "source/x.txt:4: updated: 2024-03-29 is before the release's date, 2024-03-30: it says "
        "when the release was corrected, after it was published",
    ),
    (
        # A wrong year let the release out at its date, hours before the embargo meant.
        "embargo-before-the-date",
        "x.txt",
        "---\ntitle: T\nembargo: 2026-01-10T09:00:00+01:00\n---\n"
        "Strasbourg, 10 January 2027 (TDI): Text.\n",
        "source/x.txt:3: embargo: 2026-01-10 is before the release's date, 2027-01-10: it says "
        "when the release may be published, on its date or after it (a wrong year?)",
    ),
    (
        # The newsroom's notice held nothing back: the release went out at once, with it.
        "embargo-notice-above-the-dateline",
        "x.txt",
        "---\ntitle: T\n---\nEMBARGOED UNTIL 20 December 2026, 09:00 CET\n\n"
        "Strasbourg, 16 December 2026 (CoE): Text.\n",
        "source/x.txt:4: the text says the release is under embargo ('EMBARGOED UNTIL 20 "
        "December 2026, 09:00…'): say it in the front matter ('embargo: "
        "2027-01-15T09:00:00+01:00' keeps the release out of the site until then) and take the "
        "line out of the text, which readers would see",
    ),
    (
        "embargo-notice-in-markdown-with-an-embargo-too",
        "x.md",
        "---\ntitle: T\nembargo: 2026-12-20T09:00:00+01:00\n---\n"
        "**Embargo:** 20 December 2026, 09:00 CET\n\n"
        "Strasbourg, 16 December 2026 (CoE): Text.\n",
        "source/x.md:5: the text says the release is under embargo ('**Embargo:** 20 December "
        "2026, 09:00 CET'): say it in the front matter ('embargo: 2027-01-15T09:00:00+01:00' "
        "keeps the release out of the site until then) and take the line out of the text, which "
        "readers would see",
    ),
    (
        "date-mismatch",
        "x.txt",
        "---\ntitle: T\ndate: 2023-06-08\n---\nStrasbourg, 7 June 2023 (TDI): Text.\n",
        "source/x.txt:3: date: the front matter says 2023-06-08 but the dateline says 2023-06-07",
    ),
    (
        "date-as-a-dateline-writes-it",
        "x.txt",
        "---\ntitle: T\ndate: 7 May 2024\n---\nText.\n",
        "source/x.txt:3: date: '7 May 2024' is not a date (expected YYYY-MM-DD): write 2024-05-07",
    ),
    (
        "date-with-a-time-and-no-t",
        "x.txt",
        "---\ntitle: T\ndate: 2024-05-07 10:00\n---\nText.\n",
        "source/x.txt:3: date: '2024-05-07 10:00' is not a date (expected YYYY-MM-DD), or with "
        "a time and its offset from UTC: 2024-05-07T10:00:00+HH:MM",
    ),
    (
        "tags-without-brackets",
        "x.txt",
        "---\ntitle: T\ntags: elections, Moldova\n---\nVienna, 7 May 2024: Text.\n",
        "source/x.txt:3: tags: 'elections, Moldova' is one tag as written; for several, write "
        "a list: tags: [elections, Moldova]",
    ),
    (
        "place-mismatch",
        "x.txt",
        "---\ntitle: T\nplace: Vienna\n---\nStrasbourg, 7 June 2023 (TDI): Text.\n",
        "source/x.txt:3: place: the front matter says 'Vienna' but the dateline says 'Strasbourg'",
    ),
    (
        "titles-differ",
        "x.md",
        "---\ntitle: One\n---\n# Two\n\nVienna, 1 July 2024: Text.\n",
        "source/x.md:4: the title in the front matter ('One') and the '# ' heading ('Two') "
        "differ; keep one",
    ),
    (
        "no-date",
        "x.txt",
        "---\ntitle: T\n---\nText without a dateline.\n",
        "source/x.txt:1: no date: open the first paragraph with a dateline "
        "('Vienna, 30 July 2024 (OSCE): …') or add 'date: 2024-07-30' to the front matter",
    ),
    (
        "naive-time",
        "x.txt",
        "---\ntitle: T\ndate: 2024-07-30 10:00:00\n---\nText.\n",
        "source/x.txt:3: date: a time needs an offset, e.g. 2023-06-07T10:00:00+02:00",
    ),
    (
        "bad-date",
        "x.txt",
        "---\ntitle: T\ndate: last Tuesday\n---\nText.\n",
        "source/x.txt:3: date: 'last Tuesday' is not a date (expected YYYY-MM-DD)",
    ),
    (
        "empty-file",
        "x.txt",
        "",
        "source/x.txt: empty release: the file has no text",
    ),
    (
        "only-front-matter",
        "x.txt",
        "---\ntitle: T\ndate: 2024-07-30\n---\n\n\n",
        "source/x.txt: empty release: the file has no text",
    ),
    (
        "only-title",
        "x.md",
        "# Just a headline\n",
        "source/x.md: empty release: there is no text after the title",
    ),
    (
        "unclosed-front-matter",
        "x.txt",
        "---\ntitle: T\n\nText.\n",
        "source/x.txt:1: front matter opened with '---' on line 1 is never closed "
        "(add a '---' line after it)",
    ),
    (
        "invalid-yaml",
        "x.txt",
        "---\ntitle: T\ntags: [a, b\n---\nText.\n",
        "source/x.txt:3: invalid front matter: the list of 'tags' is not closed: end it with ']'",
    ),
    (
        # (Named at the next field: "the list of 'states' is not closed", a correct line.)
        "list-left-open-above-another",
        "x.txt",
        "---\ntitle: T\ntags: [budget, elections\nstates: [AT]\n---\nText.\n",
        "source/x.txt:3: invalid front matter: the list of 'tags' is not closed: end it with ']'",
    ),
    (
        # (A list that runs over lines, closed: the line within it is named, as it was.)
        "colon-within-a-list-over-lines",
        "x.txt",
        "---\ntitle: T\ntags: [budget,\n  Council of Europe: CoE: x]\n---\nText.\n",
        "source/x.txt:4: invalid front matter: expected ',' or ']', but got ':' (a value with "
        "': ', or that begins with a quotation mark, '[', '@', '`', '*', '>' or '|', must be "
        "put in quotes)",
    ),
    (
        # (Named at the date's line, told to quote the date.)
        "title-that-begins-with-a-bracket",
        "x.txt",
        "---\ntitle: [Draft Council adopts the budget\ndate: 2023-06-15\n---\nText.\n",
        "source/x.txt:2: invalid front matter: the value of 'title' begins with '[', which "
        "front matter reads as the start of a list: put the whole value in quotes: "
        "title: '[Draft Council adopts the budget'",
    ),
    (
        "colon-in-title",
        "x.txt",
        '---\ntitle: "Justice for Survivors": ODIHR calls for action\n---\nText.\n',
        "source/x.txt:2: invalid front matter: the value of 'title' contains ': ' (a colon and "
        "a space), which front matter reads as a new field: put the whole value in quotes: "
        "title: '\"Justice for Survivors\": ODIHR calls for action'",
    ),
    (
        "apostrophe-in-quoted-title",
        "x.txt",
        "---\ntitle: 'It's agreed'\n---\nText.\n",
        "source/x.txt:2: invalid front matter: the value of 'title' begins with a quotation "
        "mark that closes before the value ends: put the whole value in quotes: "
        "title: 'It''s agreed'",
    ),
    (
        "reserved-character",
        "x.txt",
        "---\ntitle: @OSCE welcomes the agreement\n---\nText.\n",
        "source/x.txt:2: invalid front matter: the value of 'title' begins with '@', which "
        "front matter reserves: put the whole value in quotes: title: '@OSCE welcomes the "
        "agreement'",
    ),
    (
        "indented-continuation",
        "x.txt",
        "---\ntitle: Talks\n  resume: today\n---\nText.\n",
        "source/x.txt:3: invalid front matter: mapping values are not allowed here (a value "
        "with ': ', or that begins with a quotation mark, '[', '@', '`', '*', '>' or '|', must "
        "be put in quotes)",
    ),
    (
        "yaml-not-mapping",
        "x.txt",
        "---\n- just\n- a list\n---\nText.\n",
        "source/x.txt:2: invalid front matter: expected 'key: value' lines",
    ),
    (
        "unknown-key",
        "x.txt",
        "---\ntitle: T\nauthor: Me\n---\nText.\n",
        "source/x.txt:3: unknown front matter key 'author' (expected one of: title, id, date, "
        "place, agency, tags, states, aliases, embargo, status, draft, updated, correction, "
        "image)",
    ),
    (
        "duplicate-key",
        "x.txt",
        "---\ntitle: T\ntitle: U\n---\nText.\n",
        "source/x.txt:3: invalid front matter: 'title' is given twice (first on line 2)",
    ),
    (
        "bad-id",
        "x.txt",
        "---\ntitle: T\ndate: 2024-01-01\nid: has spaces\n---\nText.\n",
        "source/x.txt:4: id: 'has spaces' is not a release id (letters, digits, '.', '_' and '-'; "
        "it becomes part of every feed entry's permanent id)",
    ),
    (
        # GitHub's tables drop the cells beyond the heading's: "of whom 40 women" was on no
        # page, in no feed and before no translator, and the build said nothing.
        "table-cell-dropped",
        "x.md",
        "---\ntitle: T\ndate: 2024-05-08\n---\nVienna, 8 May 2024: Results by region:\n\n"
        "| Region | Observers |\n|---|---|\n| Central Asia | 120 | of whom 40 women |\n"
        "| Western Balkans | 85 |\n",
        "source/x.md:9: this table row has 3 cells, its heading 2: a table shows none beyond "
        "its heading's ('of whom 40 women' would be left out): add a heading, or join the cells",
    ),
    (
        # The rest of the release was one block of code: published as written, before no
        # translator, with no word said.
        "comment-left-open",
        "x.md",
        "---\ntitle: T\ndate: 2024-05-08\n---\nVienna, 8 May 2024: The mission deployed.\n\n"
        "<!-- TODO: check the figures\n\nForty observers were deployed.\n",
        "source/x.md:7: an HTML comment opens here ('<!--') and is not closed ('-->'): what "
        "follows would be part of it, to the end of the release (or of its quotation or "
        "list); close the comment",
    ),
    (
        # The page showed "opened.[^1]" and a paragraph "[^1]: Under the 2023 plan." as
        # written: CommonMark has no footnotes.
        "footnote",
        "x.md",
        "---\ntitle: T\ndate: 2024-05-08\n---\nVienna, 8 May 2024: The mission deployed.\n\n"
        "The new office\nopened.[^1]\n\n[^1]: Under the 2023 plan.\n",
        "source/x.md:8: a footnote ('[^1]'): CommonMark has none, and the pages would show it "
        "as written; write the note in the text, or in a paragraph of its own",
    ),
    (
        "strikethrough",
        "x.md",
        "---\ntitle: T\ndate: 2024-05-08\n---\nVienna, 8 May 2024: The ~~old~~ new office "
        "opened.\n",
        "source/x.md:5: struck-through text ('~~old~~'): CommonMark has none, and the pages "
        "would show the tildes; leave the text out, or write it plainly",
    ),
    (
        # Shown on the page as "CO<sub>2</sub>", its tags escaped.
        "inline-html",
        "x.md",
        "---\ntitle: T\ndate: 2024-05-08\n---\nVienna, 8 May 2024: Emissions of\n"
        "CO<sub>2</sub> fell.\n",
        "source/x.md:6: HTML in the text ('<sub>'): the pages would show it as written, not "
        "as HTML; write the text without it (CO2, km², **bold**), or escape it (\\<) to show "
        "it as written",
    ),
    (
        "inline-html-line-break",
        "x.md",
        "---\ntitle: T\ndate: 2024-05-08\n---\nVienna, 8 May 2024: Press contact:<br>\nJane Roe\n",
        "source/x.md:5: HTML in the text ('<br>'): the pages would show it as written, not "
        "as HTML; to break the line, end it with a backslash",
    ),
    (
        "html-in-the-title",
        "x.md",
        "---\ntitle: Emissions of CO<sub>2</sub> fell\ndate: 2024-05-08\n---\nVienna, 8 "
        "May 2024: Text.\n",
        "source/x.md:2: HTML in the title ('<sub>'): the pages would show it as written, not "
        "as HTML; write the text without it (CO2, km², **bold**), or escape it (\\<) to show "
        "it as written",
    ),
    (
        "bad-tags",
        "x.txt",
        "---\ntitle: T\ndate: 2024-01-01\ntags: {a: b}\n---\nText.\n",
        "source/x.txt:4: tags: expected a list of words, e.g. [trafficking, elections]",
    ),
    (
        "invalid-utf8",
        "x.txt",
        b"---\ntitle: T\n---\nVienna, 1 July 2024: Caf\xe9 talks.\n",
        "source/x.txt:4: invalid UTF-8 at byte 41 (save the file as UTF-8)",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_bad_input_is_one_line_with_file_and_line(
    write_source: Callable[..., Path], name: str, content: str | bytes, message: str
) -> None:
    with pytest.raises(SourceError) as caught:
        read(write_source(name, content))
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [
        '"Justice for Survivors": ODIHR calls for action',
        "'It's agreed'",
        "@OSCE welcomes the agreement",
        "[Update] Observers deployed",
        "> 100 observers deployed",
    ],
)
def test_the_quoted_value_a_front_matter_error_offers_reads_as_written(
    tmp_path: Path, value: str
) -> None:
    """The line the message gives is the title the writer meant, once pasted in."""
    path = tmp_path / "2024-03-02-x.txt"
    path.write_text(f"---\ntitle: {value}\n---\nVienna, 2 March 2024: Text.\n", "utf-8")
    with pytest.raises(SourceError) as caught:
        read_release(path, display="source/2024-03-02-x.txt")
    offered = str(caught.value).split("put the whole value in quotes: ", 1)[1]
    path.write_text(f"---\n{offered}\n---\nVienna, 2 March 2024: Text.\n", "utf-8")
    meant = value[1:-1] if value.startswith("'") else value
    assert read_release(path, display="source/2024-03-02-x.txt").title == meant


def test_aliases_are_former_slugs(tmp_path: Path) -> None:
    path = tmp_path / "2024-03-02-observers.md"
    path.write_text(
        '---\ntitle: T\ndate: 2024-03-02\naliases: ["2024-03-01-observers", 2024-03-01-obs]\n'
        "---\nText.\n",
        "utf-8",
    )
    release = read_release(path, display="source/2024-03-02-observers.md")
    assert release.aliases == ("2024-03-01-observers", "2024-03-01-obs")
    path.write_text("---\ntitle: T\ndate: 2024-03-02\naliases: [Bad Name]\n---\nText.\n", "utf-8")
    with pytest.raises(SourceError) as caught:
        read_release(path, display="source/2024-03-02-observers.md")
    assert str(caught.value) == (
        "source/2024-03-02-observers.md:4: aliases: 'Bad Name' is not a valid release name: use "
        "lowercase letters, digits and hyphens, e.g. '2023-06-07-anti-trafficking-meeting'"
    )


@pytest.mark.parametrize(
    ("name", "how"), [("x.txt", ""), ("x.md", "a first line '# Headline' or ")]
)
def test_a_release_without_a_title_is_read_and_says_what_it_needs(
    tmp_path: Path, name: str, how: str
) -> None:
    path = tmp_path / name
    path.write_text("Strasbourg, 7 June 2023 (TDI): Text.\n", "utf-8")
    release = read_release(path, display=f"source/{name}")
    assert (release.title, release.title_line, release.place) == ("", 0, "Strasbourg")
    assert [s.text for s in segment_release(release)] == ["Strasbourg", "Text."]
    assert missing_title(release) == (
        f"source/{name}:1: no title: add {how}front matter at the top of the file: a line "
        "'---', a line 'title: Your headline', and a line '---'"
    )
    # With front matter already: a line in it (a second block of it would be text).
    path.write_text("---\ndate: 2023-06-07\n---\nStrasbourg, 7 June 2023 (TDI): Text.\n")
    release = read_release(path, display=f"source/{name}")
    heading = "a line '# Headline' under the front matter, or " if how else ""
    assert missing_title(release) == (
        f"source/{name}:1: no title: add {heading}a line 'title: Your headline' to the front "
        "matter (lines 1–3)"
    )


@pytest.mark.parametrize(
    "title",
    [
        "Embargo on arms exports extended",
        "Embargo-busting networks dismantled",
        "Embargo to be lifted, Chairperson says",
        "Embargo for arms sales extended by six months",
        "Embargo – what it means for Libya",
        "Embargo: questions and answers",
        "Embargo until 2030 agreed",
        "Embargo",
    ],
)
def test_an_embargo_as_a_subject_is_no_notice(
    write_source: Callable[..., Path], title: str
) -> None:
    """A release about an embargo reads as any other, its headline in the title or above the
    dateline: only a notice with its moment ("EMBARGOED UNTIL 20 December…", "Embargo: 09:00
    CET") is refused."""
    text = (
        f'---\ntitle: "{title}"\n---\n{title}\n\n'
        "Strasbourg, 10 December 2026 (CoE): Embargoed goods were seized.\n"
    )
    release = read(write_source("2026-12-10-arms.txt", text))
    assert release.title == title
    assert [b.text for b in release.blocks] == [title, "Embargoed goods were seized."]


@pytest.mark.parametrize(
    "notice",
    [
        "EMBARGOED 00:01 GMT 22 March 2024",
        "NOT FOR PUBLICATION BEFORE 10:00 CET, 22 March 2024",
        "Under embargo until further notice",
        "STRICTLY EMBARGOED UNTIL Tuesday 20 December",
    ],
)
def test_a_wire_embargo_notice_is_refused(write_source: Callable[..., Path], notice: str) -> None:
    text = f"---\ntitle: T\n---\n{notice}\n\nStrasbourg, 10 December 2026 (CoE): Text.\n"
    with pytest.raises(SourceError) as caught:
        read(write_source("2026-12-10-x.txt", text))
    assert caught.value.line == 4
    assert caught.value.message.startswith("the text says the release is under embargo")


@pytest.mark.parametrize(
    ("opening", "place", "rest"),
    [
        ("**VIENNA, 10 April 2024** – The OSCE opened.", "VIENNA", "The OSCE opened."),
        ("*Vienna, 10 April 2024:* The OSCE opened.", "Vienna", "The OSCE opened."),
        ("__Vienna, 10 April 2024 –__ The OSCE opened.", "Vienna", "The OSCE opened."),
    ],
    ids=["bold-caps", "italic-colon-inside", "underscores-dash-inside"],
)
def test_a_dateline_in_bold_or_italics_is_a_dateline(
    write_source: Callable[..., Path], opening: str, place: str, rest: str
) -> None:
    """Press offices set the dateline in bold ("**VIENNA, 10 April 2024** – …"): it is the
    dateline, as without the marks (it was text: "no date", or with a date: the date twice on
    the page, and not in the reader's language's form)."""
    release = read(write_source("2024-04-10-opened.md", f"---\ntitle: Opened\n---\n{opening}\n"))
    assert release.dateline == Dateline(place, datetime.date(2024, 4, 10))
    assert [b.text for b in release.blocks] == [rest]


@pytest.mark.parametrize("written", ["2024-05-08", "1.0", "2025.10", "8", "yes", '"0123"', "'2.0'"])
def test_an_id_is_taken_as_written_not_as_yaml_reads_it(written: str) -> None:
    """A date, ``1.0`` or ``yes`` was refused as no id at all (YAML read a date, a number, a
    truth value)."""
    raw = f"---\ntitle: T\ndate: 2024-05-08\nid: {written}\n---\nVienna, 8 May 2024: Text.\n"
    release = parse_release(raw.encode(), display="source/x.md")
    assert release.id == written.strip("\"'")


@pytest.mark.parametrize(
    ("written", "read"), [("0123", 83), ("010", 8), ("1_000", 1000), ("0x1F", 31)]
)
def test_an_id_yaml_reads_as_another_number_is_refused_naming_both(written: str, read: int) -> None:
    """``id: 0123`` became "83" (YAML 1.1 octal) in every feed entry's permanent id, and
    ``010`` and ``8`` on one day were one entry: taken as written, a release published so
    would have had new ids with no word. Which to keep is the press office's to say."""
    raw = f"---\ntitle: T\ndate: 2024-05-08\nid: {written}\n---\nVienna, 8 May 2024: Text.\n"
    with pytest.raises(SourceError) as raised:
        parse_release(raw.encode(), display="source/x.md")
    assert str(raised.value) == (
        f"source/x.md:4: id: {written} is read as the number {read}, which its feed entries' "
        f"ids took: write id: '{written}' (in quotes) for a new release, or id: {read} for one "
        "published so (its readers know it by that)"
    )


@pytest.mark.parametrize(
    ("written", "shown"),
    [("12:30", "'12:30'"), ("+42", "'+42'"), ("~", "'~'"), ("null", "'null'"), ("", "''")],
)
def test_an_id_refused_is_named_as_written(written: str, shown: str) -> None:
    raw = f"---\ntitle: T\ndate: 2024-05-08\nid: {written}\n---\nVienna, 8 May 2024: Text.\n"
    with pytest.raises(SourceError) as raised:
        parse_release(raw.encode(), display="source/x.md")
    assert str(raised.value) == (
        f"source/x.md:4: id: {shown} is not a release id (letters, digits, '.', '_' and '-'; it "
        "becomes part of every feed entry's permanent id)"
    )


def test_an_empty_comment_and_one_in_a_pre_block_are_no_comment_left_open() -> None:
    """``<!-->`` is a whole (empty) comment, and ``<!--`` in a ``<pre>`` block its text: both
    were refused as a comment never closed."""
    raw = (
        "---\ntitle: T\ndate: 2024-05-08\n---\nVienna, 8 May 2024: The mission deployed.\n\n"
        "<!-->\n\n<pre>\na <!-- b\n</pre>\n\nForty observers were deployed.\n"
    )
    release = parse_release(raw.encode(), display="source/x.md")
    assert release.blocks[-1].text == "Forty observers were deployed."


@pytest.mark.parametrize(
    "sentence",
    [
        "Press contact: press<at>osce.org.",
        "Send it with the subject <your name> to the office.",
        "Children under 5 and adults over 65: x<y and y>z.",
        "See <https://example.org/~~a~~> for more.",
        "See [the list](https://example.org/~~draft~~/x) now.",
        "Smiley [^_^] here.",
    ],
)
def test_marks_that_are_no_html_footnote_or_strikethrough_are_text(sentence: str) -> None:
    """Angle brackets around words that name no HTML element, and tildes or "[^" inside an
    address, are shown as written, as their writer meant (a review's false alarms)."""
    release = parse_release(
        f"---\ntitle: T\ndate: 2024-05-08\n---\nVienna, 8 May 2024: {sentence}\n".encode(),
        display="source/x.md",
    )
    assert [b.text for b in release.blocks] == [sentence]


def test_footnote_strike_and_html_marks_escaped_or_in_code_are_text() -> None:
    """What is written to be shown as written is: escaped, in a code span or a code block, or
    not the shape of a footnote, struck-through text or an HTML tag."""
    body = (
        "Vienna, 8 May 2024: The list \\[^1] and \\~~this\\~~ are text, as are "
        "`[^2]`, `~~x~~` and `<sub>`.\n\nAbout ~60 countries, 2 < 3 and a <https://osce.org> "
        "link.\n\n```\n<sup>2</sup> [^3]\n```\n"
    )
    release = parse_release(
        f"---\ntitle: T\ndate: 2024-05-08\n---\n{body}".encode(), display="source/x.md"
    )
    assert [b.text for b in release.blocks] == [
        "The list \\[^1] and \\~~this\\~~ are text, as are `[^2]`, `~~x~~` and `<sub>`.",
        "About ~60 countries, 2 < 3 and a <https://osce.org> link.",
        "<sup>2</sup> [^3]",
    ]


def test_table_rows_with_escaped_pipes_code_and_fewer_cells_are_read() -> None:
    raw = (
        "---\ntitle: T\ndate: 2024-05-08\n---\nVienna, 8 May 2024: Results:\n\n"
        "Region | Note\n--- | ---\nA \\| B | `x\\|y` and more\nC\n| D | E |\n"
    )
    release = parse_release(raw.encode(), display="source/x.md")
    cells = [b.text for b in release.blocks if b.kind is BlockKind.TABLE_CELL]
    assert cells == ["Region", "Note", "A | B", "`x|y` and more", "C", "", "D", "E"]
