"""Merging a changed template: kept, fuzzy with #|, obsolete, revived — never lost."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from communique.catalog import Catalog, Message, format_catalog
from communique.catalog.merge import FUZZY_THRESHOLD, merge
from communique.catalog.reader import read_catalog_bytes

OLD_ENGLISH = "The meeting convened 130 delegates from 57 participating States."
OLD_FRENCH = "La réunion a rassemblé 130 délégués de 57 États participants."


def template(*msgids: str) -> Catalog:
    return Catalog(
        header=[("POT-Creation-Date", "2026-02-01 10:00+0000")],
        messages=[
            Message(
                msgid=m, extracted_comments=[f"paragraph {i}"], references=[("source/x.txt", i)]
            )
            for i, m in enumerate(msgids, start=1)
        ],
    )


def translated(*pairs: tuple[str, str], **extra: object) -> Catalog:
    return Catalog(
        header=[("Language", "fr"), ("POT-Creation-Date", "2026-01-01 10:00+0000")],
        messages=[Message(msgid=en, msgstr=fr, **extra) for en, fr in pairs],  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "changed",
    [
        "The meeting convened 130 delegates from all 57 participating States.",
        "The meeting convened 150 delegates from 57 participating States.",
        "The meeting did not convene 130 delegates from 57 participating States.",
    ],
    ids=["word-added", "number-changed", "negation-added"],
)
def test_near_miss_gets_old_translation_fuzzy_with_previous_english(changed: str) -> None:
    merged, report = merge(template(changed), translated((OLD_ENGLISH, OLD_FRENCH)))
    # As msgmerge: the old sentence is used up by the fuzzy match, not also kept as obsolete
    # (its translation is the fuzzy entry's; the translation memory keeps it besides).
    (message,) = merged.messages
    assert (message.msgid, message.msgstr, message.flags) == (changed, OLD_FRENCH, ["fuzzy"])
    assert message.previous_msgid == OLD_ENGLISH
    assert message.references == [("source/x.txt", 1)]
    assert [m.previous for m in report.fuzzy] == [OLD_ENGLISH]
    assert report.fuzzy[0].score > FUZZY_THRESHOLD * 100
    assert report.obsoleted == 0


def test_unrelated_sentence_is_not_guessed() -> None:
    merged, report = merge(
        template("Human trafficking is a humanitarian crisis."),
        translated((OLD_ENGLISH, OLD_FRENCH)),
    )
    new, obsolete = merged.messages
    assert (new.msgstr, new.flags, new.previous_msgid) == ("", [], None)
    assert (obsolete.obsolete, obsolete.msgstr) == (True, OLD_FRENCH)
    assert (report.new, report.fuzzy) == (1, [])


def test_best_candidate_wins() -> None:
    old = translated(
        ("The meeting convened 130 delegates.", "130 délégués."),
        (OLD_ENGLISH, OLD_FRENCH),
    )
    merged, _ = merge(template(OLD_ENGLISH.replace("130", "131")), old)
    assert merged.messages[0].msgstr == OLD_FRENCH
    assert merged.messages[0].previous_msgid == OLD_ENGLISH


def test_unchanged_keeps_translation_flags_and_translator_comments() -> None:
    old = translated((OLD_ENGLISH, OLD_FRENCH), translator_comments=["Vérifié par Anne"])
    old.messages[0].flags = ["no-wrap", "ignore-numbers", "c-format"]
    old.messages[0].extracted_comments = ["paragraph 9"]
    new = template(OLD_ENGLISH)
    new.messages[0].flags = ["python-format"]
    merged, report = merge(new, old)
    (message,) = merged.messages
    assert message.msgstr == OLD_FRENCH
    assert message.translator_comments == ["Vérifié par Anne"]
    # As msgmerge: the format and wrapping flags are the template's; the flags gettext does not
    # know (a translator's ignore-<check>) stay, where msgmerge would drop them.
    assert message.flags == ["python-format", "ignore-numbers"]
    assert message.extracted_comments == ["paragraph 1"]  # refreshed from the template
    assert report.kept == 1


def test_an_ignore_flag_does_not_outlive_the_english_it_was_set_for() -> None:
    """A translator's ignore-numbers for "approximately 60" → "une soixantaine" must not hide
    "130" becoming "135" in the same sentence: a changed English loses the ignore- flags (and
    the run says which); other flags the translator's tools set stay."""
    old = translated((OLD_ENGLISH, OLD_FRENCH))
    old.messages[0].flags = ["ignore-numbers", "read-only", "ignore-glossary"]
    changed = OLD_ENGLISH.replace("130", "135")
    merged, report = merge(template(changed), old)
    (message,) = merged.messages
    assert (message.msgstr, message.flags) == (OLD_FRENCH, ["fuzzy", "read-only"])
    assert [(m.previous, m.dropped) for m in report.fuzzy] == [
        (OLD_ENGLISH, ("ignore-numbers", "ignore-glossary"))
    ]
    # Unchanged English: the flags stay.
    again, report = merge(template(OLD_ENGLISH), old)
    assert again.messages[0].flags == ["ignore-numbers", "read-only", "ignore-glossary"]
    assert report.fuzzy == []


def test_fuzzy_draft_keeps_the_english_it_was_made_for() -> None:
    old = translated(("Text B", "Texte A"))
    old.messages[0].flags = ["fuzzy"]
    old.messages[0].previous_msgid = "Text A"
    merged, _ = merge(template("Text B."), old)
    assert merged.messages[0].previous_msgid == "Text A"
    merged, _ = merge(template("Text B"), old)  # unchanged: stays fuzzy, history kept
    assert (merged.messages[0].flags, merged.messages[0].previous_msgid) == (["fuzzy"], "Text A")


def test_reviewed_entry_drops_stale_previous() -> None:
    old = translated((OLD_ENGLISH, OLD_FRENCH), previous_msgid="Something older")
    merged, _ = merge(template(OLD_ENGLISH), old)
    assert merged.messages[0].previous_msgid is None


def test_obsolete_sentence_coming_back_is_revived() -> None:
    old = translated((OLD_ENGLISH, OLD_FRENCH))
    old.messages[0].obsolete = True
    merged, report = merge(template(OLD_ENGLISH), old)
    (message,) = merged.messages
    assert (message.obsolete, message.msgstr, message.flags) == (False, OLD_FRENCH, [])
    assert message.references == [("source/x.txt", 1)]
    assert report.revived == 1


def test_untranslated_old_entries_are_not_kept_as_obsolete() -> None:
    merged, report = merge(template("New"), translated(("Old", "")))
    assert [m.msgid for m in merged.messages] == ["New"]
    assert report.obsoleted == 0


def test_header_is_kept_and_updated() -> None:
    old = translated((OLD_ENGLISH, OLD_FRENCH))
    old.header_comments = ["Traduction française"]
    merged, _ = merge(template(OLD_ENGLISH), old, header={"POT-Creation-Date": "2026-02-01"})
    assert merged.header == [("Language", "fr"), ("POT-Creation-Date", "2026-02-01")]
    assert merged.header_comments == ["Traduction française"]


def test_order_follows_the_template() -> None:
    old = translated(("One.", "Un."), ("Two.", "Deux."), ("Three.", "Trois."))
    merged, _ = merge(template("Three.", "One.", "Two."), old)
    assert [(m.msgid, m.msgstr) for m in merged.messages] == [
        ("Three.", "Trois."),
        ("One.", "Un."),
        ("Two.", "Deux."),
    ]


CASES = sorted((Path(__file__).parent / "merge_cases").glob("*.po"))


@pytest.mark.needs_gettext
@pytest.mark.parametrize("old", CASES, ids=[case.stem for case in CASES])
def test_merge_writes_what_msgmerge_writes(old: Path) -> None:
    """Each case is a class of difference from ``msgmerge --previous`` once found on real
    catalogs (which old entry a changed sentence gets, what is used up, plural forms): the merge
    must now give the same file, byte for byte."""
    pot = old.with_suffix(".pot")
    merged, _ = merge(
        read_catalog_bytes(pot.read_bytes(), path=pot.name),
        read_catalog_bytes(old.read_bytes(), path=old.name),
    )

    def msgmerge(*options: str) -> str:
        command = ["msgmerge", "--quiet", "--previous", *options, "--output-file=-", str(old)]
        done = subprocess.run([*command, str(pot)], capture_output=True, text=True, check=True)
        return done.stdout

    # A catalog whose strings run on one line each stays so (msgmerge --no-wrap).
    assert format_catalog(merged) == msgmerge(*(["--no-wrap"] if merged.unwrapped else []))
    merged.unwrapped = False
    assert format_catalog(merged) == msgmerge()
