"""Which entries are drafts: the ``draft:`` comment and the mark of the text it drafted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from communique.catalog import Catalog, Message
from communique.catalog.drafts import (
    draft_comment,
    draft_origin,
    is_draft,
    mark,
    set_draft,
    settle,
)
from communique.catalog.pofile import format_catalog
from communique.catalog.reader import read_catalog_bytes
from communique.project import Project
from tests.stages import draft, update

ORIGIN = "apertium eng-spa; unknown words: resolute, actionable, unwavering"
TEXT = "Su resolute compromiso a guiar actionable medidas contra estos delitos."


def drafted(comments: tuple[str, ...] = ("Ask the legal unit.",)) -> Message:
    message = Message("Their resolute commitment remains unwavering.", "", flags=["c-format"])
    message.translator_comments = list(comments)
    set_draft(message, TEXT, ORIGIN)
    return message


def test_a_draft_is_fuzzy_and_marked_with_its_text() -> None:
    message = drafted()
    assert message.flags == ["fuzzy", "c-format"]
    assert message.translator_comments == [
        "Ask the legal unit.",
        f"draft: {ORIGIN} [{mark(TEXT)}]",
    ]
    assert (is_draft(message), draft_origin(message)) == (True, ORIGIN)
    catalog = Catalog(messages=[message])
    assert settle(catalog) == 0
    assert catalog.messages[0].translator_comments[-1] == draft_comment(ORIGIN, TEXT)


@pytest.mark.parametrize(
    ("change", "still_fuzzy"),
    [
        (lambda m: setattr(m, "msgstr", m.msgstr + " "), True),  # edited, left fuzzy
        (lambda m: m.flags.remove("fuzzy"), False),  # reviewed as drafted
        (lambda m: (setattr(m, "msgstr", "Otra."), m.flags.remove("fuzzy")), False),
    ],
    ids=["edited", "reviewed", "rewritten"],
)
def test_touched_text_is_no_draft_and_loses_the_comment(
    change: Callable[[Message], object], still_fuzzy: bool
) -> None:
    message = drafted()
    change(message)
    assert not is_draft(message)
    catalog = Catalog(messages=[message])
    assert settle(catalog) == 1
    assert (message.translator_comments, message.fuzzy) == (["Ask the legal unit."], still_fuzzy)
    assert settle(catalog) == 0


def test_a_comment_without_a_mark_proves_nothing_and_stays() -> None:
    """communique writes no ``draft:`` comment without a mark: one is a translator's note
    ("draft: …" is a natural way to start one), kept when a draft replaces the text; but for
    one that names an origin alone, as versions before the marks wrote them."""
    legacy = Message("Vienna", "Viena")
    legacy.translator_comments = ["draft: apertium eng-spa", "Checked with the desk."]
    assert settle(Catalog(messages=[legacy])) == 1
    assert legacy.translator_comments == ["Checked with the desk."]
    message = Message("Vienna", "Viena", flags=["fuzzy"])
    notes = ["draft: legal to check the figures", "Checked with the desk."]
    message.translator_comments = list(notes)
    assert not is_draft(message)
    assert settle(Catalog(messages=[message])) == 0
    assert message.translator_comments == notes
    set_draft(message, "Viena.", ORIGIN)
    assert message.translator_comments == [*notes, draft_comment(ORIGIN, "Viena.")]
    assert is_draft(message)
    message.msgstr = "Viena, Austria."  # a translator's edit: the stale mark goes, her note stays
    assert settle(Catalog(messages=[message])) == 1
    assert message.translator_comments == notes


def test_a_comment_wrapped_by_polib_still_proves_the_draft(tmp_path: Path) -> None:
    catalog = Catalog(
        header=[("Content-Type", "text/plain; charset=UTF-8")], messages=[drafted(())]
    )
    path = tmp_path / "es.po"
    path.write_text(format_catalog(catalog), "utf-8")
    document = polib.pofile(str(path))
    document.save()  # polib wraps translator comments at 78 columns
    text = path.read_text("utf-8")
    assert f"\n# [{mark(TEXT)}]\n" in text  # the mark on a line of its own
    again = read_catalog_bytes(path.read_bytes(), path="es.po")
    (message,) = again.messages
    assert len(message.translator_comments) == 2
    assert draft_origin(message) == ORIGIN
    assert settle(again) == 0  # left as the tool wrapped it
    message.msgstr = "Su firme compromiso sigue intacto."
    assert settle(again) == 1
    assert message.translator_comments == []


def test_redrafting_replaces_the_old_comment_only() -> None:
    message = drafted()
    set_draft(message, "Otro borrador.", "tm 100% from 2023-06-07-meeting")
    assert message.translator_comments == [
        "Ask the legal unit.",
        draft_comment("tm 100% from 2023-06-07-meeting", "Otro borrador."),
    ]


def test_a_draft_accepted_as_drafted_stays_hers_when_the_english_changes(
    project_dir: Path, write_source: Callable[..., Path]
) -> None:
    """She accepts a draft as it is (her tool keeps the ``draft:`` comment); the English of
    that sentence then changes and ``update`` makes her entry fuzzy again. With the draft's text
    and its mark unchanged, it must not pass for an untouched draft: ``update`` removes the
    comment, and ``draft --refresh`` keeps her text. (Found by tests/test_translator_work.py.)"""
    config = project_dir / "communique.toml"
    config.write_text(
        config.read_text("utf-8").replace('["fr", "de"]', '["es"]')
        + '\n[engines]\ndefault = "pseudo"\n',
        "utf-8",
    )
    front = "---\ntitle: Meeting of experts\ndate: 2024-01-10\n---\n"
    write_source("2024-01-10-meeting.txt", front + "Observers visited 101 polling stations.\n")
    project = Project.load(project_dir)
    update(project)
    draft(project)
    path = project.catalog_path("2024-01-10-meeting", "es")
    document = polib.pofile(str(path))
    accepted = document.find("Observers visited 101 polling stations.")
    assert accepted is not None
    assert accepted.tcomment == draft_comment("pseudo", accepted.msgstr)
    accepted.flags.remove("fuzzy")
    document.save()

    write_source("2024-01-10-meeting.txt", front + "Observers visited 1 polling stations.\n")
    update(project)
    merged = polib.pofile(str(path)).find("Observers visited 1 polling stations.")
    assert merged is not None
    assert (merged.msgstr, merged.fuzzy, merged.tcomment) == (accepted.msgstr, True, "")
    assert merged.previous_msgid == "Observers visited 101 polling stations."

    draft(project, refresh=True)
    again = polib.pofile(str(path)).find("Observers visited 1 polling stations.")
    assert again is not None
    assert (again.msgstr, again.fuzzy, again.tcomment) == (accepted.msgstr, True, "")
