"""extract: the demo template entry by entry, GNU gettext's verdict, and byte-stable reruns."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from communique.errors import CatalogError, SourceError
from communique.project import Project
from tests.conftest import tree
from tests.stages import extract

SLUG = "2023-06-07-anti-trafficking-coordinators-meet"
SOURCE = f"source/{SLUG}.txt"
NOW = datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC)

# (extracted comment, start of the msgid, source line)
DEMO_ENTRIES = [
    ("title", "OSCE and Council of Europe gather national anti-trafficking", 2),
    ("dateline place", "Strasbourg", 7),
    ("paragraph 1, sentence 1 of 1", "Yesterday, on 6 June, the highly anticipated", 7),
    ("paragraph 2, sentence 1 of 1", "The annual anti-trafficking meeting, jointly", 9),
    ("paragraph 3, sentence 1 of 1", "With the participation of representatives", 11),
    ("paragraph 4, sentence 1 of 1", "This crucial gathering focuses", 13),
    ("paragraph 5, sentence 1 of 1", "With a shared commitment to combating", 15),
    ("paragraph 6, sentence 1 of 1", "The meeting continues today", 17),
    ("paragraph 7, sentence 1 of 2", "In her remarks, OSCE Secretary General Helga Maria", 19),
    ("paragraph 7, sentence 2 of 2", "She emphasized that effectively overcoming", 19),
    ("heading 1", "Agendas for Discussion", 21),
    ("paragraph 8, sentence 1 of 1", "Better recognition of human trafficking victims", 23),
    ("heading 2", "Strengthening the Role of NACs and NARs", 25),
    ("paragraph 9, sentence 1 of 1", "Discussions revolved around the pivotal objective", 27),
    ("paragraph 10, sentence 1 of 1", "Recognized as vital actors", 29),
    ("paragraph 11, sentence 1 of 1", "Petya Nestorova, the Executive Secretary", 31),
    ("paragraph 12, sentence 1 of 2", "She highlighted the platform they provide", 33),
    ("paragraph 12, sentence 2 of 2", "Their resolute commitment to guiding", 33),
    ("heading 3", "Human Trafficking, A Form of Humanitarian Crisis", 35),
    ("paragraph 13, sentence 1 of 1", "Human trafficking stands as one of the most", 37),
    ("paragraph 14, sentence 1 of 1", "It has emerged as a prominent humanitarian crisis", 39),
    ("paragraph 15, sentence 1 of 1", "The scourge of human trafficking", 41),
    ("paragraph 16, sentence 1 of 1", "It undermines the fabric of society", 43),
    ("paragraph 17, sentence 1 of 1", "Recognizing the gravity of this issue", 45),
    ("paragraph 18, sentence 1 of 1", "By joining forces, these international organizations", 47),
]


def test_demo_template_entry_by_entry(demo_dir: Path) -> None:
    results = extract(Project.load(demo_dir), now=NOW)
    path = demo_dir / "locale" / "templates" / f"{SLUG}.pot"
    shown = f"locale/templates/{SLUG}.pot"
    assert [(r.slug, r.path, r.messages, r.written) for r in results] == [(SLUG, shown, 25, True)]
    catalog = polib.pofile(str(path))
    assert len(catalog) == 25
    for entry, (comment, start, line) in zip(catalog, DEMO_ENTRIES, strict=True):
        assert entry.comment == comment
        assert entry.msgid.startswith(start), (entry.msgid, start)
        assert entry.occurrences == [(SOURCE, str(line))]
        assert entry.msgstr == ""
    assert catalog[0].msgid == (
        "OSCE and Council of Europe gather national anti-trafficking coordinators and "
        "rapporteurs in Strasbourg"
    )
    assert catalog[8].msgid == (
        "In her remarks, OSCE Secretary General Helga Maria Schmid underscored the urgent need "
        "and responsibility to address the heightened risk of exploitation prevailing today."
    )
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalog.metadata["Project-Id-Version"] == SLUG
    assert catalog.metadata["POT-Creation-Date"] == "2026-01-02 03:04+0000"
    assert "fuzzy" in catalog.metadata_is_fuzzy


@pytest.mark.needs_gettext
def test_demo_template_is_what_gettext_writes(demo_dir: Path, tmp_path: Path) -> None:
    extract(Project.load(demo_dir), now=NOW)
    path = demo_dir / "locale" / "templates" / f"{SLUG}.pot"
    rewritten = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert rewritten == path.read_bytes()
    checked = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "0 translated messages, 25 untranslated messages." in checked.stderr


def test_rerun_on_unchanged_source_touches_nothing(demo_dir: Path) -> None:
    project = Project.load(demo_dir)
    extract(project, now=NOW)
    path = demo_dir / "locale" / "templates" / f"{SLUG}.pot"
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    results = extract(project, now=NOW + datetime.timedelta(days=30))
    assert [r.written for r in results] == [False]
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stamp


def test_a_template_checked_out_with_windows_line_ends_is_unchanged(demo_dir: Path) -> None:
    """git's core.autocrlf gives a Windows clone the template with CRLF line ends: it is the
    same template, kept as it is with its date (every update dated it anew, and every
    catalog's header with it: a conflict in each at the next pull)."""
    project = Project.load(demo_dir)
    extract(project, now=NOW)
    path = demo_dir / "locale" / "templates" / f"{SLUG}.pot"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    windows = path.read_bytes()
    results = extract(Project.load(demo_dir), now=NOW + datetime.timedelta(days=12))
    assert [r.written for r in results] == [False]
    assert path.read_bytes() == windows


def test_changed_source_rewrites_with_new_creation_date(demo_dir: Path) -> None:
    project = Project.load(demo_dir)
    extract(project, now=NOW)
    source = demo_dir / SOURCE
    source.write_text(source.read_text("utf-8") + "\n\nA new closing sentence.\n", "utf-8")
    later = NOW + datetime.timedelta(days=1)
    assert [r.written for r in extract(project, now=later)] == [True]
    catalog = polib.pofile(str(demo_dir / "locale" / "templates" / f"{SLUG}.pot"))
    assert catalog.metadata["POT-Creation-Date"] == "2026-01-03 03:04+0000"
    assert catalog[-1].msgid == "A new closing sentence."
    assert catalog[-1].comment == "paragraph 19, sentence 1 of 1"


def test_a_change_that_leaves_the_english_as_it_was_keeps_the_creation_date(
    demo_dir: Path,
) -> None:
    """A line added above the text (in the front matter) moves every reference, and
    ``rename`` changes them all: the template is written again, its English as it was. Its
    ``POT-Creation-Date`` is when its English last changed, which the site gives as the day
    the original was updated, beside each translation of the English before (and feed
    readers as the day each was): dated anew, every such version was "updated" by an edit
    of nothing it says."""
    project = Project.load(demo_dir)
    extract(project, now=NOW)
    source = demo_dir / SOURCE
    text = source.read_text("utf-8")
    source.write_text(text.replace("\ndate: ", "\nstates: [FR]\ndate: ", 1), "utf-8")
    later = NOW + datetime.timedelta(days=1)
    assert [r.written for r in extract(project, now=later)] == [True]
    path = demo_dir / "locale" / "templates" / f"{SLUG}.pot"
    catalog = polib.pofile(str(path))
    assert catalog.metadata["POT-Creation-Date"] == "2026-01-02 03:04+0000"
    assert catalog[0].occurrences[0][1] != "1"  # (moved: written again)
    source.write_text(source.read_text("utf-8").replace("130 delegates", "135 delegates"), "utf-8")
    assert [r.written for r in extract(project, now=later)] == [True]
    catalog = polib.pofile(str(path))
    assert catalog.metadata["POT-Creation-Date"] == "2026-01-03 03:04+0000"


def test_repeated_sentence_is_one_entry_with_every_reference(
    project_dir: Path, write_source: Callable[..., Path]
) -> None:
    write_source(
        "2024-07-30-repeat.md",
        "# Repeat\n\nVienna, 30 July 2024: Thank you. We met.\n\n## Thank you.\n\n"
        "- Thank you.\n- The [report](https://osce.org/r) is *out*.\n",
    )
    extract(Project.load(project_dir), now=NOW)
    catalog = polib.pofile(str(project_dir / "locale/templates/2024-07-30-repeat.pot"))
    entries = [(e.msgid, e.comment, e.occurrences) for e in catalog]
    source = "source/2024-07-30-repeat.md"
    assert entries == [
        ("Repeat", "title", [(source, "1")]),
        ("Vienna", "dateline place", [(source, "3")]),
        (
            "Thank you.",
            "paragraph 1, sentence 1 of 2\nheading 1\nlist item 1, sentence 1 of 1",
            [(source, "3"), (source, "5"), (source, "7")],
        ),
        ("We met.", "paragraph 1, sentence 2 of 2", [(source, "3")]),
        (
            "The [report](https://osce.org/r) is *out*.",
            "list item 2, sentence 1 of 1",
            [(source, "8")],
        ),
    ]


def test_one_bad_release_is_reported_and_the_others_are_extracted(
    project_dir: Path, write_source: Callable[..., Path]
) -> None:
    write_source("2024-07-30-good.txt", "---\ntitle: Good\n---\nVienna, 30 July 2024: Fine.\n")
    write_source("2024-07-31-bad.txt", "---\ntitle: Bad\n---\nNo date anywhere.\n")
    with pytest.raises(SourceError, match="no date"):
        extract(Project.load(project_dir), now=NOW)
    assert (project_dir / "locale/templates/2024-07-30-good.pot").is_file()
    assert not (project_dir / "locale/templates/2024-07-31-bad.pot").exists()


@pytest.mark.parametrize(
    ("make_it_unreadable", "message"),
    [
        (lambda templates: templates.touch(), "Not a directory"),
        (
            lambda templates: (templates / "2024-07-30-good.pot").mkdir(parents=True),
            "Is a directory",
        ),
    ],
)
def test_unreadable_template_is_one_line_and_nothing_is_written(
    project_dir: Path,
    write_source: Callable[..., Path],
    make_it_unreadable: Callable[[Path], None],
    message: str,
) -> None:
    write_source("2024-07-30-good.txt", "---\ntitle: Good\n---\nVienna, 30 July 2024: Fine.\n")
    templates = project_dir / "locale" / "templates"
    shutil.rmtree(templates, ignore_errors=True)
    templates.parent.mkdir(parents=True, exist_ok=True)
    make_it_unreadable(templates)
    before = tree(project_dir)
    with pytest.raises(CatalogError) as caught:
        extract(Project.load(project_dir), now=NOW)
    assert str(caught.value) == f"locale/templates/2024-07-30-good.pot: cannot read: {message}"
    assert tree(project_dir) == before
