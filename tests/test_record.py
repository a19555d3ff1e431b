"""The publication record as a file: its layout, its round trip, and what a hand edit or a merge
conflict does to it (a clear error, never a traceback)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.files import digest
from communique.site.localize import from_entry
from communique.site.record import (
    Record,
    RecordError,
    entry_digest,
    original_digest,
    parse_record,
)

SLUG = "2024-03-01-observers-deployed"
ENTRY: dict[str, Any] = {
    "release": {
        "id": "odihr-observers-2024",
        "date": "2024-03-01",
        "agency": "ODIHR",
        "tags": ["elections"],
        "markup": True,
        "aliases": [],
        "media": ["images/signing.png"],
        "image": "images/signing.png",
    },
    "published": "2024-03-01T09:30:00+01:00",
    "updated": "2024-03-02T10:00:00+01:00",
    "title": ["Observers deployed for the vote", "Des observateurs déployés pour le scrutin"],
    "place": ["Warsaw", "Varsovie"],
    "id_locale": "fr-FR",
    "former_locales": ["fr-FR"],
    "blocks": [
        {
            "kind": "paragraph",
            "level": 0,
            "group": 0,
            "ordered": False,
            "segments": [
                ["Some 1,200 observers were deployed.", "Quelque 1 200 observateurs déployés."],
                ["Read the *report*.", "Lisez le *rapport*."],
                ["A sentence shown in English."],
            ],
        },
        {"kind": "verbatim", "level": 0, "group": 0, "text": "code <b>"},
    ],
}


def test_the_layout_is_one_block_per_line_and_round_trips() -> None:
    record = Record(SLUG, {"fr": copy.deepcopy(ENTRY)}, ["de", "de"])
    text = record.to_bytes().decode("utf-8")
    # One block of text per line: a corrected sentence is a one-line change in a diff.
    assert (
        '    {"group": 0, "kind": "paragraph", "level": 0, "ordered": false, "segments": '
        '[["Some 1,200 observers were deployed.", "Quelque 1 200 observateurs déployés."], '
        '["Read the *report*.", "Lisez le *rapport*."], ["A sentence shown in English."]]},\n'
    ) in text
    assert '   "title": ["Observers deployed for the vote", "Des observateurs' in text
    assert '"withdrawn": ["de"]\n}\n' in text
    assert json.loads(text)["versions"]["fr"] == ENTRY
    again = parse_record(text.encode(), path=f"published/{SLUG}.json", slug=SLUG)
    assert (again.versions, again.withdrawn) == ({"fr": ENTRY}, ["de"])
    assert again.to_bytes() == record.to_bytes()


def test_a_recorded_version_renders_as_it_was_shown() -> None:
    version, pieces = from_entry(ENTRY, SLUG, "fr", key="k", source_language="en")
    assert (version.title, version.place, version.fallbacks) == (
        "Des observateurs déployés pour le scrutin",
        "Varsovie",
        1,
    )
    assert version.date_text == "1 mars 2024"
    assert pieces[0].html == (
        "Quelque 1 200 observateurs déployés. Lisez le <em>rapport</em>. "
        '<span lang="en">A sentence shown in English.</span>'
    )
    assert pieces[1].html == "<pre><code>code &lt;b&gt;</code></pre>"


def test_the_original_digest_follows_the_english_only() -> None:
    other = copy.deepcopy(ENTRY)
    other["blocks"][0]["segments"][0][1] = "Une autre traduction."
    assert original_digest(other) == original_digest(ENTRY)
    other["blocks"][0]["segments"][0][0] = "Some 1,300 observers were deployed."
    assert original_digest(other) != original_digest(ENTRY)


def test_the_entry_digest_is_of_the_entry_as_compact_sorted_json() -> None:
    """What was shown, as compact JSON with sorted keys and the text as it is: the digest a
    build compares the recorded version with (ids and the first change left out)."""

    def compact(value: dict[str, Any]) -> bytes:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    entry = copy.deepcopy(ENTRY)
    entry["title"][1] += " \u2028\t\x01 «»"
    shown = {k: v for k, v in entry.items() if k not in ("id_locale", "former_locales")}
    assert entry_digest(entry) == digest(compact(shown))
    assert entry_digest({**entry, "changed": "2024-03-02"}) == entry_digest(entry)
    # A number beyond 64 bits (a hand edit) is digested the same way, not refused.
    huge = {**shown, "level": 2**70}
    assert entry_digest(huge) == digest(compact(huge))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{\n<<<<<<< HEAD\n "release": "x"\n}\n',
            f":2: a merge conflict left in it: each side is a whole record; keep one (git "
            f"checkout --theirs published/{SLUG}.json, or --ours), the one whose dates are the "
            "later where they differ (feed readers have those: dated back, they would keep the "
            "other text), and publish again, which records what goes online",
        ),
        (
            '{\n "release": "x",\n}\n',
            ":3: not a publication record: not JSON (Expecting property name enclosed in "
            "double quotes, column 1)",
        ),
        ("[1, 2]", ":1: not a publication record: expected a JSON object"),
        ('{"release": "other"}', f":1: the record of 'other', not of '{SLUG}'"),
        (
            json.dumps({"release": SLUG, "versions": {"fr": {**ENTRY, "updated": "yesterday"}}}),
            ":1: versions.fr: a date or time is not ISO 8601 with an offset",
        ),
        (
            json.dumps({"release": SLUG, "versions": {"fr": {**ENTRY, "blocks": [{"kind": "x"}]}}}),
            ":1: versions.fr.blocks[1]: expected a block with its segments",
        ),
        *(
            (
                json.dumps(
                    {
                        "release": SLUG,
                        "versions": {
                            "fr": {**ENTRY, "blocks": [{**ENTRY["blocks"][0], "breaks": breaks}]}
                        },
                    }
                ),
                ":1: versions.fr.blocks[1]: expected a block with its segments",
            )
            for breaks in (5, "ab", [99], [2], [1, 0], [0, 0], [True])
        ),
        (
            json.dumps({"release": SLUG, "withdrawn": "fr"}),
            ":1: withdrawn: expected a list of languages",
        ),
        # What stopped builds with a traceback: nesting past Python's recursion, a number past
        # what it reads or past 64 bits (the cache's JSON), half a character.
        ("[" * 100_000 + "]" * 100_000, ": not a publication record: nested too deep"),
        (
            '{"release": ' + "9" * 4301 + "}",
            ": not a publication record: a number too long to read",
        ),
        *(
            (
                json.dumps(
                    {
                        "release": SLUG,
                        "versions": {
                            "fr": {**ENTRY, "blocks": [{**ENTRY["blocks"][0], name: 10**20}]}
                        },
                    }
                ),
                ":1: versions.fr.blocks[1]: expected a block with its segments",
            )
            for name in ("level", "group")
        ),
        (
            '{\n "release": "' + SLUG + '",\n "withdrawn": ["\\ud800"]\n}',
            ":3: not a publication record: an escape for half a character (\\uD800–\\uDFFF)",
        ),
    ],
)
def test_a_damaged_record_is_one_line_with_its_place(text: str, message: str) -> None:
    path = f"published/{SLUG}.json"
    with pytest.raises(RecordError) as caught:
        parse_record(text.encode(), path=path, slug=SLUG)
    assert str(caught.value) == path + message


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@settings(max_examples=300, derandomize=True)
@given(value=JSON)
def test_each_line_of_a_record_is_what_json_writes(value: Any) -> None:
    """The lines of a record are made by an encoder made once: the same text as json's."""
    from communique.site.record import _line

    assert _line(value) == json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(", ", ": ")
    )


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


@settings(max_examples=300, derandomize=True)
@given(data=st.data())
def test_any_edit_gives_a_record_that_renders_or_a_record_error(data: st.DataObject) -> None:
    document: Any = {"release": SLUG, "versions": {"fr": copy.deepcopy(ENTRY)}, "withdrawn": []}
    path = data.draw(st.sampled_from(_paths(document)[1:]))
    replacement = data.draw(JSON)
    target = document
    for key in path[:-1]:
        target = target[key]
    if data.draw(st.booleans()) and isinstance(target, dict):
        target.pop(path[-1])
    else:
        target[path[-1]] = replacement
    raw = json.dumps(document).encode()
    try:
        record = parse_record(raw, path="published/x.json", slug=SLUG)
    except RecordError as error:
        refused = str(error)
    else:
        refused = ""
    if refused:
        assert refused.startswith("published/x.json")
        return
    for locale, entry in record.versions.items():
        from_entry(entry, SLUG, "fr", key="k", source_language="en")
        original_digest(entry)
        assert locale


def test_a_contact_s_lines_break_on_the_page_and_in_the_record(tmp_path: Path) -> None:
    """The lines a writer broke (a contact's name, telephone) break on the page, a line shown
    in English too; the record keeps where, so a version kept online after the English moved
    on shows them as it did. A record without breaks stays as it was written."""
    from communique.catalog import Catalog, Message
    from communique.release.reader import read_release
    from communique.release.segment import segment_blocks
    from communique.site.localize import localize

    source = tmp_path / "2024-03-01-contact.txt"
    source.write_text(
        "---\ntitle: Observers deployed\n---\n"
        "Warsaw, 1 March 2024 (ODIHR): Observers were deployed.\n\n"
        "Press contact:\nKatya Andrusz\nTel. +48 22 520 06 00\n",
        encoding="utf-8",
    )
    release = read_release(source, display="source/2024-03-01-contact.txt")
    catalog = Catalog(
        messages=[
            Message("Observers were deployed.", "Des observateurs ont été déployés."),
            Message("Press contact:", "Contact presse :"),
            Message("Tel. +48 22 520 06 00", "Tél. +48 22 520 06 00"),
        ]
    )
    _, pieces, entry = localize(
        release, segment_blocks(release), "fr", catalog, key="k", timezone="Europe/Warsaw"
    )
    shown = 'Contact presse :<br>\n<span lang="en">Katya Andrusz</span><br>\nTél. +48 22 520 06 00'
    assert [p.html for p in pieces] == ["Des observateurs ont été déployés.", shown]
    assert [block.get("breaks") for block in entry["blocks"]] == [None, [0, 1]]
    _, recorded = from_entry(entry, "2024-03-01-contact", "fr", key="k", source_language="en")
    assert [p.html for p in recorded] == [p.html for p in pieces]


def test_a_record_saved_with_a_byte_order_mark_is_read() -> None:
    """A Windows editor's byte-order mark: the record is read as without it (it stopped every
    build, "Unexpected UTF-8 BOM"), as releases and catalogs are."""
    record = Record(SLUG, {"fr": copy.deepcopy(ENTRY)}, ["de"])
    again = parse_record(
        b"\xef\xbb\xbf" + record.to_bytes(), path=f"published/{SLUG}.json", slug=SLUG
    )
    assert (again.versions, again.withdrawn) == (record.versions, record.withdrawn)


@pytest.mark.parametrize(
    ("damage", "named", "found"),
    [
        ({"title": "Observers"}, "versions.fr.title", '   "title": "Observers",'),
        (
            {"blocks": [ENTRY["blocks"][0], {"kind": "verbatim", "level": -1}]},
            "versions.fr.blocks[2]",
            '    {"kind": "verbatim", "level": -1}',
        ),
        ({"updated": "yesterday"}, "versions.fr", '  "fr": {'),
    ],
)
def test_a_record_error_names_the_line_of_what_it_names(
    damage: dict[str, Any], named: str, found: str
) -> None:
    """A record mended by hand and damaged said which value (``versions.fr.title``), not where:
    the error names the line of that value in the file as communique writes it."""
    text = Record(SLUG, {"fr": {**copy.deepcopy(ENTRY), **damage}}, []).to_bytes().decode()
    with pytest.raises(RecordError) as caught:
        parse_record(text.encode(), path=f"published/{SLUG}.json", slug=SLUG)
    assert caught.value.message.startswith(f"{named}:")
    assert caught.value.line is not None
    assert text.split("\n")[caught.value.line - 1].startswith(found)


@pytest.mark.parametrize(
    ("locale", "translations", "shown"),
    [
        (
            "ja",
            ["監視団が派遣された。", "同計画は150万人に届いた。", "費用は1億ユーロだった！"],
            "同計画は150万人に届いた。費用は1億ユーロだった！",
        ),
        (
            "zh-Hant",
            ["觀察員已部署。", "「該計畫惠及150萬人。」", "耗資1億歐元。"],
            "「該計畫惠及150萬人。」耗資1億歐元。",
        ),
        # A sentence left in English follows the full stop as another would; Korean writes a
        # space between sentences.
        (
            "ja",
            ["監視団が派遣された。", "同計画は150万人に届いた。", ""],
            '同計画は150万人に届いた。<span lang="en">It cost 100 million euros!</span>',
        ),
        (
            "ko",
            ["감시단이 파견되었다.", "150만 명에게 도달했다.", "비용은 1억 유로였다!"],
            ("150만 명에게 도달했다. 비용은 1억 유로였다!"),
        ),
    ],
)
def test_sentences_in_chinese_and_japanese_are_joined_as_they_are_written(
    tmp_path: Path, locale: str, translations: list[str], shown: str
) -> None:
    """Chinese and Japanese put no space after a sentence's full stop (。): the sentences of
    a paragraph were joined with one, a gap no reader of them writes, on the page and in the
    feeds, and from the publication record alike."""
    from communique.catalog.model import Catalog, Message
    from communique.release.reader import read_release
    from communique.release.segment import segment_blocks
    from communique.site.localize import localize

    source = tmp_path / "2024-03-01-costs.txt"
    source.write_text(
        "---\ntitle: Observers\n---\nWarsaw, 1 March 2024: Observers were deployed.\n\n"
        "The plan reached 1.5 million people. It cost 100 million euros!\n",
        encoding="utf-8",
    )
    release = read_release(source, display="source/2024-03-01-costs.txt")
    english = [
        "Observers were deployed.",
        "The plan reached 1.5 million people.",
        "It cost 100 million euros!",
    ]
    catalog = Catalog(messages=[Message(e, t) for e, t in zip(english, translations, strict=True)])
    _, pieces, entry = localize(
        release, segment_blocks(release), locale, catalog, key="k", timezone="Europe/Warsaw"
    )
    assert pieces[1].html == shown
    _, recorded = from_entry(entry, "2024-03-01-costs", locale, key="k", source_language="en")
    assert [p.html for p in recorded] == [p.html for p in pieces]
