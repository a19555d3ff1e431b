"""Sentence segmentation: a table of English press-release prose and where it must split."""

from __future__ import annotations

import pytest

from communique.release.blocks import Block, BlockKind
from communique.release.segment import Segment, rules_for, segment, sentence_spans

RULES = rules_for("en")

# (id, text, expected sentences, markup)
CASES: list[tuple[str, str, list[str], bool]] = [
    # Titles before names never end a sentence.
    (
        "dr-name",
        "Dr. Kari Johnstone opened the meeting. She thanked the hosts.",
        ["Dr. Kari Johnstone opened the meeting.", "She thanked the hosts."],
        False,
    ),
    (
        "mr-ms",
        "Mr. Smith and Ms. Jones met. They agreed.",
        ["Mr. Smith and Ms. Jones met.", "They agreed."],
        False,
    ),
    ("mrs", "Mrs. Schmid spoke first.", ["Mrs. Schmid spoke first."], False),
    (
        "prof",
        "Prof. Anna Müller chaired. Nobody objected.",
        ["Prof. Anna Müller chaired.", "Nobody objected."],
        False,
    ),
    (
        "amb",
        "Amb. Igli Hasani presented the plan.",
        ["Amb. Igli Hasani presented the plan."],
        False,
    ),
    (
        "saint",
        "St. Petersburg hosted it. Guests came.",
        ["St. Petersburg hosted it.", "Guests came."],
        False,
    ),
    # Abbreviations inside a sentence.
    (
        "approx-number",
        "The fund has approx. 38 staff. It grows.",
        ["The fund has approx. 38 staff.", "It grows."],
        False,
    ),
    (
        "ie-lowercase",
        "Victims, i.e. more than half, were women. The report says so.",
        ["Victims, i.e. more than half, were women.", "The report says so."],
        False,
    ),
    (
        "eg-capital",
        "Several states, e.g. Austria, supported it. Others did not.",
        ["Several states, e.g. Austria, supported it.", "Others did not."],
        False,
    ),
    (
        "cf",
        "See the annex (cf. Table 2) for details.",
        ["See the annex (cf. Table 2) for details."],
        False,
    ),
    (
        "vs",
        "It was Austria vs. Norway in the final.",
        ["It was Austria vs. Norway in the final."],
        False,
    ),
    (
        "incl",
        "All 57 States, incl. Mongolia, took part.",
        ["All 57 States, incl. Mongolia, took part."],
        False,
    ),
    (
        "etc-capital",
        "It covers Albania, Andorra, etc. The list goes on.",
        ["It covers Albania, Andorra, etc.", "The list goes on."],
        False,
    ),
    (
        "est-year",
        "The OSCE (est. 1975) met. It was good.",
        ["The OSCE (est. 1975) met.", "It was good."],
        False,
    ),
    # Initialisms decide by the next word.
    (
        "us-eu-lowercase",
        "The U.S. and the E.U. had agreed. Talks continue.",
        ["The U.S. and the E.U. had agreed.", "Talks continue."],
        False,
    ),
    (
        "us-end",
        "It was held in the U.S. The next one is in Vienna.",
        ["It was held in the U.S.", "The next one is in Vienna."],
        False,
    ),
    (
        "us-department",
        "The U.S. Department of State agreed.",
        ["The U.S. Department of State agreed."],
        False,
    ),
    (
        "am-end",
        "The delegates met at 10 a.m. The session lasted two hours.",
        ["The delegates met at 10 a.m.", "The session lasted two hours."],
        False,
    ),
    (
        "pm-inside",
        "The meeting (which ended at 5 p.m.) was long. It ended well.",
        ["The meeting (which ended at 5 p.m.) was long.", "It ended well."],
        False,
    ),
    ("un-lowercase", "The U.N. agencies were present.", ["The U.N. agencies were present."], False),
    # Initials of names.
    (
        "initial",
        "Helga M. Schmid spoke. She was clear.",
        ["Helga M. Schmid spoke.", "She was clear."],
        False,
    ),
    (
        "initials",
        "Ambassador J. R. Smith arrived. He spoke.",
        ["Ambassador J. R. Smith arrived.", "He spoke."],
        False,
    ),
    (
        "initial-then-starter",
        "They chose option B. The vote was close.",
        ["They chose option B.", "The vote was close."],
        False,
    ),
    # Numbers.
    (
        "jan-date",
        "The agreement entered into force on 1 Jan. 2021. It applies to all.",
        ["The agreement entered into force on 1 Jan. 2021.", "It applies to all."],
        False,
    ),
    (
        "sept-date",
        "It was signed on 3 Sept. 2019 in Vienna.",
        ["It was signed on 3 Sept. 2019 in Vienna."],
        False,
    ),
    ("jan-end", "In Jan. The committee met again.", ["In Jan.", "The committee met again."], False),
    (
        "no-decision",
        "See Decision No. 6/17 of the Ministerial Council. It was adopted.",
        ["See Decision No. 6/17 of the Ministerial Council.", "It was adopted."],
        False,
    ),
    ("art", "Art. 5 applies. So does Art. 6.", ["Art. 5 applies.", "So does Art. 6."], False),
    # A volume in Roman numerals, a corrigendum, a table, a minister, "Ref. No.".
    (
        "vol-roman",
        "The report (Vol. II, No. 6/17) was cited. It helped.",
        ["The report (Vol. II, No. 6/17) was cited.", "It helped."],
        False,
    ),
    (
        "corr",
        "Document SEC.GAL/12/24/Corr. 1 was circulated. It was read.",
        ["Document SEC.GAL/12/24/Corr. 1 was circulated.", "It was read."],
        False,
    ),
    ("tab", "See Fig. 3 and Tab. 2. They agree.", ["See Fig. 3 and Tab. 2.", "They agree."], False),
    (
        "min",
        "Sent by Amb. Petersen and Min. Borg. It arrived.",
        ["Sent by Amb. Petersen and Min. Borg.", "It arrived."],
        False,
    ),
    (
        # His or Her Excellency, a title before a name, as "Mr." is.
        "excellency",
        "The Chair welcomed H.E. Mr. Ian Borg, Minister for Foreign Affairs. He spoke.",
        ["The Chair welcomed H.E. Mr. Ian Borg, Minister for Foreign Affairs.", "He spoke."],
        False,
    ),
    (
        # An abbreviation that does not end a sentence in lower case does not at the head of
        # one either.
        "capitalised-abbreviations",
        "Approx. 200 observers were deployed. Cf. Decision No. 3. See Doc. A/78/123. "
        "E.g. Vienna. See the report by Smith et al. The study was published.",
        [
            "Approx. 200 observers were deployed.",
            "Cf. Decision No. 3.",
            "See Doc. A/78/123.",
            "E.g. Vienna.",
            "See the report by Smith et al.",
            "The study was published.",
        ],
        False,
    ),
    (
        "ref-no",
        "Reference: Ref. No. 12/2024. It is filed.",
        ["Reference: Ref. No. 12/2024.", "It is filed."],
        False,
    ),
    ("vol-end", "See the last Vol. It helps.", ["See the last Vol.", "It helps."], False),
    # "I," is a pronoun, "CIVIL" a word in capitals, a URL's last part no abbreviation.
    (
        "no-i-comma",
        "Was it agreed? No. I, for one, doubt it.",
        ["Was it agreed?", "No.", "I, for one, doubt it."],
        False,
    ),
    (
        "dec-i-too",
        "It ended on 3 Dec. I, too, was there.",
        ["It ended on 3 Dec.", "I, too, was there."],
        False,
    ),
    (
        "oct-civil",
        "It met in Oct. CIVIL society came.",
        ["It met in Oct.", "CIVIL society came."],
        False,
    ),
    (
        "url-doc",
        "The files are at www.osce.org/doc. They are public.",
        ["The files are at www.osce.org/doc.", "They are public."],
        False,
    ),
    ("part-iv", "See Part IV. It applies.", ["See Part IV.", "It applies."], False),
    ("vol-iv-comma", "See Vol. IV, p. 3.", ["See Vol. IV, p. 3."], False),
    (
        "vol-ii-a",
        "See Vol. II-A for the details. Then more.",
        ["See Vol. II-A for the details.", "Then more."],
        False,
    ),
    (
        "para",
        "As set out in para. 12, the mandate ends.",
        ["As set out in para. 12, the mandate ends."],
        False,
    ),
    ("pp", "See pp. 4–7 of the report.", ["See pp. 4–7 of the report."], False),
    (
        "amount",
        "The budget is EUR 2.5 million. It was approved.",
        ["The budget is EUR 2.5 million.", "It was approved."],
        False,
    ),
    (
        "decimal",
        "The figure rose 4.5 per cent. It was 3.1 per cent in 2022.",
        ["The figure rose 4.5 per cent.", "It was 3.1 per cent in 2022."],
        False,
    ),
    (
        "year-end",
        "The mission opened in 1992. It remains active.",
        ["The mission opened in 1992.", "It remains active."],
        False,
    ),
    (
        "number-start",
        "The vote was 57 to 0. 130 delegates attended.",
        ["The vote was 57 to 0.", "130 delegates attended."],
        False,
    ),
    (
        "thousands",
        "Some 1,200 observers were deployed. They reported.",
        ["Some 1,200 observers were deployed.", "They reported."],
        False,
    ),
    # URLs and e-mail addresses.
    (
        "url-end",
        "Visit https://www.osce.org/press. More news soon.",
        ["Visit https://www.osce.org/press.", "More news soon."],
        False,
    ),
    (
        "url-inside",
        "The text at https://www.osce.org/files/f/documents/a.b.pdf is final.",
        ["The text at https://www.osce.org/files/f/documents/a.b.pdf is final."],
        False,
    ),
    (
        "url-query",
        "See www.coe.int/en/web/anti-human-trafficking?lang=en. Thank you.",
        ["See www.coe.int/en/web/anti-human-trafficking?lang=en.", "Thank you."],
        False,
    ),
    (
        "email-end",
        "Write to press@osce.org. We answer quickly.",
        ["Write to press@osce.org.", "We answer quickly."],
        False,
    ),
    (
        "email-inside",
        "Contact j.smith@odihr.pl for accreditation.",
        ["Contact j.smith@odihr.pl for accreditation."],
        False,
    ),
    # Quotes and brackets.
    (
        "quote-close",
        '"We must protect." He said it twice.',
        ['"We must protect."', "He said it twice."],
        False,
    ),
    (
        "curly-quote",
        "He said: “We act.” Then he left.",
        ["He said: “We act.”", "Then he left."],
        False,
    ),
    ("question-in-quote", "He asked “why?” and left.", ["He asked “why?” and left."], False),
    (
        "paren-sentence",
        "(This was new.) Then came more.",
        ["(This was new.)", "Then came more."],
        False,
    ),
    (
        "guillemets",
        "The motto was «Never again.» It still is.",
        ["The motto was «Never again.»", "It still is."],
        False,
    ),
    (
        "quote-open",
        'The chair closed. "Thank you," she said.',
        ["The chair closed.", '"Thank you," she said.'],
        False,
    ),
    # Question marks, exclamation marks and ellipses.
    ("question", "Was it enough? Nobody knew.", ["Was it enough?", "Nobody knew."], False),
    ("exclamation", "Stop! The meeting resumed.", ["Stop!", "The meeting resumed."], False),
    ("interrobang", "Really?! Yes.", ["Really?!", "Yes."], False),
    (
        "ellipsis-capital",
        "They waited... Then the vote came.",
        ["They waited...", "Then the vote came."],
        False,
    ),
    (
        "ellipsis-char",
        "They waited… Then the vote came.",
        ["They waited…", "Then the vote came."],
        False,
    ),
    ("ellipsis-lowercase", "They waited… and then voted.", ["They waited… and then voted."], False),
    (
        "ellipsis-number",
        "Counting 1, 2... 10 delegates.",
        ["Counting 1, 2... 10 delegates."],
        False,
    ),
    # Whitespace and line breaks.
    (
        "wrapped-lines",
        "The meeting\nended late. It was\nproductive.",
        ["The meeting\nended late.", "It was\nproductive."],
        False,
    ),
    (
        "no-break-space",
        "Some 1\u202f200 delegates came. All spoke.",
        ["Some 1\u202f200 delegates came.", "All spoke."],
        False,
    ),
    # What press releases write: a weekday, a telephone number, a series' letter, titles.
    (
        "weekday-before-a-date",
        "The briefing is on Wed. 8 May at 2.30 p.m. in Skopje. It is open.",
        ["The briefing is on Wed. 8 May at 2.30 p.m. in Skopje.", "It is open."],
        False,
    ),
    (
        "telephone-number",
        "Contact: tel. +33 3 88 41 33 35. She speaks French.",
        ["Contact: tel. +33 3 88 41 33 35.", "She speaks French."],
        False,
    ),
    (
        "series-letter",
        "It builds on Recommendation No. R (85) 2 of the Committee.",
        ["It builds on Recommendation No. R (85) 2 of the Committee."],
        False,
    ),
    (
        "retired-general-and-right-honourable",
        "He met Lt. Gen. (ret.) Mark Smith and Rt. Hon. David Jones MP. Both spoke.",
        ["He met Lt. Gen. (ret.) Mark Smith and Rt. Hon. David Jones MP.", "Both spoke."],
        False,
    ),
    ("document-symbol", "See doc. SEC.GAL/12/25 now.", ["See doc. SEC.GAL/12/25 now."], False),
    # After a time of day, a capitalised word opens a sentence; a title, a time zone do not.
    (
        "after-a-time-of-day",
        "Registration closes at 5 p.m. Journalists must bring ID.",
        ["Registration closes at 5 p.m.", "Journalists must bring ID."],
        False,
    ),
    (
        "time-zone-after-a-time",
        "The call is at 3 p.m. Vienna time, or 2 p.m. GMT. It is short.",
        ["The call is at 3 p.m. Vienna time, or 2 p.m. GMT.", "It is short."],
        False,
    ),
    (
        "day-or-date-after-a-time",
        "It opens at 10 a.m. Monday. Send it by 5 p.m. June 30, 2024. It runs until 6 p.m. "
        "Saturday 4 May.",
        [
            "It opens at 10 a.m. Monday.",
            "Send it by 5 p.m. June 30, 2024.",
            "It runs until 6 p.m. Saturday 4 May.",
        ],
        False,
    ),
    (
        "no-then-a-capital-and-a-number",
        "The final vote was No. A 2 per cent majority was required.",
        ["The final vote was No.", "A 2 per cent majority was required."],
        False,
    ),
    ("single", "One sentence only.", ["One sentence only."], False),
    ("no-final-stop", "A sentence without a full stop", ["A sentence without a full stop"], False),
    (
        "lowercase-after-stop",
        "The vote was held in Vienna. delegates agreed.",
        ["The vote was held in Vienna. delegates agreed."],
        False,
    ),
    ("list-number", "1. First item", ["1. First item"], False),
    # Inline Markdown is never split.
    (
        "emphasis-inside",
        "Read *the report. Then act* now. It matters.",
        ["Read *the report. Then act* now.", "It matters."],
        True,
    ),
    (
        "emphasis-closing",
        "**Vienna is ready.** The talks begin.",
        ["**Vienna is ready.**", "The talks begin."],
        True,
    ),
    (
        "link-text",
        "See [the site. Really](https://x.org/a.b). Next.",
        ["See [the site. Really](https://x.org/a.b).", "Next."],
        True,
    ),
    (
        "link-title-period",
        "Read [Decision No. 3](https://osce.org/d3). It binds all.",
        ["Read [Decision No. 3](https://osce.org/d3).", "It binds all."],
        True,
    ),
    ("code-span", "Use `x. Y` in code. Done.", ["Use `x. Y` in code.", "Done."], True),
    ("autolink", "Mail <press@osce.org>. Thanks.", ["Mail <press@osce.org>.", "Thanks."], True),
    ("escaped-stop", "1\\. Not a list. A sentence.", ["1\\. Not a list.", "A sentence."], True),
    (
        "snake-case",
        "The file my_file_name. Then more.",
        ["The file my_file_name.", "Then more."],
        True,
    ),
    (
        "plain-asterisks",
        "Prices rose 5 * 2 times. Then fell.",
        ["Prices rose 5 * 2 times.", "Then fell."],
        True,
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "markup"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_sentence_spans(text: str, expected: list[str], markup: bool) -> None:
    spans = sentence_spans(text, markup=markup, rules=RULES)
    assert [text[start:end] for start, end in spans] == expected


def test_the_table_is_large_and_ids_are_unique() -> None:
    assert len(CASES) >= 60
    assert len({case[0] for case in CASES}) == len(CASES)


def test_segment_positions_and_lines() -> None:
    block = Block(
        BlockKind.PARAGRAPH,
        "First sentence here.\nSecond one, on the next line. Third.",
        line=10,
        number=3,
    )
    assert segment(block) == [
        Segment("First sentence here.", "paragraph", 10, 3, 1, 3),
        Segment("Second one, on the next line.", "paragraph", 11, 3, 2, 3),
        Segment("Third.", "paragraph", 11, 3, 3, 3),
    ]
    assert [s.position for s in segment(block)] == [
        "paragraph 3, sentence 1 of 3",
        "paragraph 3, sentence 2 of 3",
        "paragraph 3, sentence 3 of 3",
    ]


def test_heading_is_one_segment() -> None:
    block = Block(BlockKind.HEADING, "Why now? Because.", line=4, number=2, level=2)
    assert segment(block) == [Segment("Why now? Because.", "heading", 4, 2, 1, 1)]
    assert segment(block)[0].position == "heading 2"


def test_list_item_and_quote_positions() -> None:
    item = Block(BlockKind.LIST_ITEM, "Train judges. Fund shelters.", line=7, number=4, markup=True)
    quote = Block(BlockKind.QUOTE, "We will act.", line=9, number=1, markup=True)
    assert [s.position for s in segment(item)] == [
        "list item 4, sentence 1 of 2",
        "list item 4, sentence 2 of 2",
    ]
    assert [s.position for s in segment(quote)] == ["quote 1, sentence 1 of 1"]


def test_verbatim_blocks_have_no_segments() -> None:
    assert segment(Block(BlockKind.VERBATIM, "<div>x. Y</div>", line=1, markup=True)) == []


def test_no_break_spaces_are_kept_other_whitespace_collapsed() -> None:
    block = Block(BlockKind.PARAGRAPH, "EUR\u00a02.5  million\twas\nraised.", line=1, number=1)
    assert segment(block)[0].text == "EUR\u00a02.5 million was raised."


def test_a_regional_tag_uses_its_language_rules() -> None:
    assert rules_for("en-GB") == RULES
    assert "Dr" in RULES.never_ends


def test_unknown_language_splits_on_punctuation_only() -> None:
    rules = rules_for("xx")
    assert rules.never_ends == frozenset()
    text = "Dr. Who came. He left."
    assert [text[a:b] for a, b in sentence_spans(text, markup=False, rules=rules)] == [
        "Dr.",
        "Who came.",
        "He left.",
    ]


def _golden_rules() -> list[tuple[str, list[str]]]:
    """pySBD's 48 English Golden Rules, from pysbd's wheel (a dev dependency), where the list
    ships as ``benchmarks.english_golden_rules``."""
    from benchmarks.english_golden_rules import GOLDEN_EN_RULES

    rules: list[tuple[str, list[str]]] = GOLDEN_EN_RULES
    return rules


@pytest.mark.parametrize(
    ("number", "text", "expected"),
    [(number, text, expected) for number, (text, expected) in enumerate(_golden_rules(), 1)],
    ids=[f"rule-{number}" for number in range(1, len(_golden_rules()) + 1)],
)
def test_golden_rules(number: int, text: str, expected: list[str]) -> None:
    spans = sentence_spans(text, markup=False, rules=rules_for("en"))
    assert [text[a:b] for a, b in spans] == [sentence.strip() for sentence in expected]


def test_there_are_48_golden_rules() -> None:
    assert len(_golden_rules()) == 48


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Markers out of sequence are no list.
        ("1. Members met. 3. They agreed.", ["1. Members met.", "3. They agreed."]),
        # A spaced ellipsis before a capital that is no sentence start stays inside.
        ("The text reads . . . I quote it.", ["The text reads . . . I quote it."]),
        # A citation after a quotation, with its own brackets, belongs to it.
        (
            'He said "we will return." (Reuters). Then he left.',
            ['He said "we will return." (Reuters).', "Then he left."],
        ),
    ],
)
def test_what_the_golden_rules_did_not_change(text: str, expected: list[str]) -> None:
    spans = sentence_spans(text, markup=False, rules=rules_for("en"))
    assert [text[a:b] for a, b in spans] == expected
