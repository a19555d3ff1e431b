"""update, status and compile on the demo project: a revision loses no translation."""

from __future__ import annotations

import codecs
import gettext
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from communique.catalog.stats import word_count
from communique.cli import cli
from communique.errors import CatalogError, ProjectError
from communique.files import DiskFiles, unchanged, write_unless_changed
from communique.lock import project_lock
from communique.project import Project
from communique.workspace import Workspace
from tests.conftest import tree
from tests.stages import update

SLUG = "2023-06-07-anti-trafficking-coordinators-meet"
LOCALES = ("fr", "de", "it", "ru", "es")


def catalog_path(root: Path, locale: str) -> Path:
    return root / "locale" / locale / "LC_MESSAGES" / f"{SLUG}.po"


def translate_like_a_tool(path: Path, suffix: str) -> dict[str, str]:
    """Fill every entry as a translator's tool would (polib writes its own layout)."""
    document = polib.pofile(str(path), wrapwidth=60)
    done = {}
    for entry in document:
        entry.msgstr = f"{entry.msgid} [{suffix}]"
        done[entry.msgid] = entry.msgstr
    document[3].tcomment = "Checked by the French desk"
    document.save()
    return done


def gettext_agrees(path: Path) -> None:
    rewritten = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert rewritten == path.read_bytes(), path
    checked = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


@pytest.fixture
def demo(demo_dir: Path) -> Project:
    project = Project.load(demo_dir)
    update(project)
    return project


@pytest.mark.parametrize(
    ("tag", "header"),
    [
        ("fr", "fr"),
        ("pt-BR", "pt_BR"),
        ("sr-Latn", "sr@latin"),
        ("uz-Cyrl", "uz@cyrillic"),
        ("sd-Deva", "sd@devanagari"),
        ("zh-Hans", "zh"),
        ("zh-Hant-TW", "zh_TW"),
        # Scripts gettext has no modifier for: Babel's spelling, which Weblate and Poedit
        # read ("zh@traditional" and "pa@arabic" named no language any tool knows, and read
        # back, lost their script).
        ("zh-Hant", "zh_Hant"),
        ("pa-Arab", "pa_Arab"),
    ],
)
def test_a_catalogs_language_header_is_as_gettext_tools_read_it(tag: str, header: str) -> None:
    from communique.locales import from_gettext, gettext_language, parse_locale

    assert gettext_language(parse_locale(tag)) == header
    if tag != "zh-Hans":  # (the script CLDR expects is left out, as gettext's "zh" does)
        assert parse_locale(from_gettext(header)) == parse_locale(tag)


@pytest.mark.needs_gettext
def test_new_catalogs_have_a_full_header(demo: Project) -> None:
    for locale in LOCALES:
        path = catalog_path(demo.root, locale)
        document = polib.pofile(str(path))
        assert len(document) == 25
        assert document.metadata["Language"] == locale
        assert document.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        assert document.metadata["Content-Transfer-Encoding"] == "8bit"
        assert document.metadata["Project-Id-Version"] == SLUG
        assert document.metadata["X-Generator"] == "communique"
        assert document.metadata["PO-Revision-Date"] == document.metadata["POT-Creation-Date"]
        gettext_agrees(path)
    assert polib.pofile(str(catalog_path(demo.root, "ru"))).metadata["Plural-Forms"] == (
        "nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 "
        "&& (n % 100 < 12 || n % 100 > 14) ? 1 : 2;"
    )
    assert polib.pofile(str(catalog_path(demo.root, "de"))).metadata["Plural-Forms"] == (
        "nplurals=2; plural=(n != 1);"
    )


@pytest.mark.needs_gettext
def test_a_catalog_saved_without_wrapping_is_written_without_wrapping(demo: Project) -> None:
    """A team whose tool writes each string on one line (msgcat --no-wrap; Weblate's and
    Poedit's "no wrapping"): an update that changes one sentence changes that entry's lines,
    not every long line of the file, rewrapped at 79 columns."""
    root = demo.root
    french = catalog_path(root, "fr")
    translate_like_a_tool(french, "fr")
    subprocess.run(["msgcat", "--no-wrap", "-o", str(french), str(french)], check=True)
    before = french.read_text("utf-8").splitlines()
    assert max(len(line) for line in before) > 150  # one line each, however long
    source = root / "source" / f"{SLUG}.txt"
    english = source.read_text("utf-8")
    assert "the meeting convened 130 delegates" in english
    source.write_text(english.replace("convened 130", "convened 135"), "utf-8")
    update(demo)
    after = french.read_text("utf-8")
    unwrapped = subprocess.run(
        ["msgcat", "--no-wrap", str(french)], capture_output=True, text=True, check=True
    ).stdout
    assert after == unwrapped  # as the team's tool writes it
    removed = set(before) - set(after.splitlines())
    added = set(after.splitlines()) - set(before)
    # The one entry: its new English, fuzzy, with the English it was translated from.
    assert [line[:40] for line in removed] == ['msgid "With the participation of represe']
    assert sorted(line[:12] for line in added) == ["#, fuzzy", '#| msgid "Wi', 'msgid "With ']


@pytest.mark.needs_gettext
def test_revision_keeps_every_translation(demo: Project) -> None:
    root = demo.root
    french = catalog_path(root, "fr")
    translations = translate_like_a_tool(french, "fr")
    tool_layout = french.read_bytes()

    # Nothing changed in the source: the translator's file keeps its bytes.
    plan = update(demo)
    assert not any(c.changed for c in plan.catalogs)
    assert french.read_bytes() == tool_layout

    source = root / "source" / f"{SLUG}.txt"
    text = source.read_text("utf-8")
    changed_old = (
        "The meeting continues today, fostering collaboration and driving positive change in "
        "the global fight against trafficking."
    )
    changed_new = changed_old.replace("continues today,", "continues today in Strasbourg,")
    deleted = (
        "This crucial gathering focuses on strengthening the global fight against trafficking by "
        "enhancing the leadership structure at the national level."
    )
    first_moved = (
        "It has emerged as a prominent humanitarian crisis, particularly in regions plagued by "
        "conflicts, whether on a national or international scale."
    )
    second_moved = (
        "The scourge of human trafficking not only engenders grave human suffering but also "
        "poses a significant threat to national security."
    )
    added = "The next meeting will take place in Vienna in 2024."
    assert all(s in text for s in (changed_old, deleted, first_moved, second_moved))
    text = text.replace(changed_old, changed_new).replace(deleted + "\n\n", "")
    text = (
        text.replace(first_moved, "@@")
        .replace(second_moved, first_moved)
        .replace("@@", second_moved)
    )
    source.write_text(text + "\n\n" + added + "\n", "utf-8")

    plan = update(demo)
    assert [(c.locale, c.changed) for c in plan.catalogs if c.locale == "fr"] == [("fr", True)]
    gettext_agrees(french)
    document = polib.pofile(str(french))
    live = {entry.msgid: entry for entry in document if not entry.obsolete}
    obsolete = {entry.msgid: entry for entry in document.obsolete_entries()}

    assert live[changed_new].msgstr == translations[changed_old]
    assert live[changed_new].fuzzy
    assert live[changed_new].previous_msgid == changed_old
    assert obsolete[deleted].msgstr == translations[deleted]
    assert live[first_moved].msgstr == translations[first_moved]
    assert not live[first_moved].fuzzy
    ordered = [entry.msgid for entry in document if not entry.obsolete]
    assert ordered.index(second_moved) < ordered.index(first_moved)
    assert live[added].msgstr == ""
    assert document[3].tcomment == "Checked by the French desk"
    # None lost: each old translation is live unchanged, fuzzy with its English as #|, or obsolete.
    for english, french_text in translations.items():
        if english in live and not live[english].fuzzy:
            assert live[english].msgstr == french_text
        elif english in obsolete:
            assert obsolete[english].msgstr == french_text
        else:
            fuzzy = [e for e in live.values() if e.previous_msgid == english]
            assert [e.msgstr for e in fuzzy] == [french_text], english

    # The deleted sentence comes back: its translation is revived, reviewed as it was.
    source.write_text(source.read_text("utf-8") + "\n\n" + deleted + "\n", "utf-8")
    update(demo, locales=["fr"])
    document = polib.pofile(str(french))
    revived = next(e for e in document if e.msgid == deleted)
    assert (revived.obsolete, revived.fuzzy, revived.msgstr) == (0, False, translations[deleted])
    gettext_agrees(french)


def test_check_reports_stale_files_and_changes_nothing(demo: Project, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["-C", str(demo.root), "update", "--check"])
    assert (result.exit_code, result.stdout) == (0, "Templates and catalogs are up to date.\n")
    source = demo.root / "source" / f"{SLUG}.txt"
    source.write_text(source.read_text("utf-8") + "\n\nOne more sentence.\n", "utf-8")
    before = tree(demo.root)
    result = runner.invoke(cli, ["-C", str(demo.root), "update", "--check", "--locale", "ru"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"out of date: locale/templates/{SLUG}.pot\nout of date: locale/ru/LC_MESSAGES/{SLUG}.po\n"
    )
    assert result.stderr == (
        "Error: 2 files are out of date with their sources; run 'communique update'\n"
    )
    assert tree(demo.root) == before
    # A file that cannot be read: up to date is said of the others only, and the run fails.
    source.write_text(source.read_text("utf-8").replace("\n\nOne more sentence.\n", ""), "utf-8")
    (demo.root / "source" / "Bad Name.md").write_text("x\n", "utf-8")
    result = runner.invoke(cli, ["-C", str(demo.root), "update", "--check"])
    assert result.exit_code == 1
    assert result.stdout == (
        "Templates and catalogs of the files that could be read are up to date.\n"
    )
    assert result.stderr.startswith("Error: source/Bad Name.md: 'Bad Name' is not a valid ")


def test_files_of_a_release_that_is_gone_are_reported(demo: Project, runner: CliRunner) -> None:
    """``git rm source/<slug>.txt`` leaves a template and catalogs nothing updates or
    publishes any more: ``update`` names them, ``update --check`` fails on them."""
    (demo.root / "source" / f"{SLUG}.txt").rename(demo.root / "source" / "notes.bak")
    result = runner.invoke(cli, ["-C", str(demo.root), "update", "--check", "--locale", "fr"])
    assert result.exit_code == 1
    gone = (
        f"its release is gone from source/ (restore it, or run 'communique remove {SLUG}', or "
        f"'communique rename {SLUG} NEW' if it was renamed by hand)"
    )
    assert result.stdout == (
        f"locale/templates/{SLUG}.pot: {gone}\nlocale/fr/LC_MESSAGES/{SLUG}.po: {gone}\n"
    )
    assert result.stderr == "Error: 2 files belong to no release in source/\n"
    result = runner.invoke(cli, ["-C", str(demo.root), "update"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        f"locale/templates/{SLUG}.pot: {gone}",
        f"locale/fr/LC_MESSAGES/{SLUG}.po: {gone}",
    ]
    assert len(result.stdout.splitlines()) == 1 + 5 + 1  # the template, five catalogs, a total
    assert (demo.root / "locale" / "fr" / "LC_MESSAGES" / f"{SLUG}.po").exists()  # not deleted


def test_update_output(demo_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["-C", str(demo_dir), "update", "--locale", "de"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"locale/templates/{SLUG}.pot: written\n"
        f"locale/de/LC_MESSAGES/{SLUG}.po: created, 25 messages\n"
        "1 catalog: 1 created, 0 merged, 0 unchanged.\n"
    )
    german = catalog_path(demo_dir, "de")
    document = polib.pofile(str(german))
    document[2].msgstr = "Gestern begann das Treffen."
    document.save()
    source = demo_dir / "source" / f"{SLUG}.txt"
    source.write_text(
        source.read_text("utf-8").replace("Yesterday, on 6 June", "On 6 June"), "utf-8"
    )
    result = runner.invoke(cli, ["-C", str(demo_dir), "update", "-l", "de"])
    assert result.stdout.splitlines()[1:] == [
        f"locale/de/LC_MESSAGES/{SLUG}.po: merged: 24 kept, 1 fuzzy, 0 new, 0 obsolete, 0 revived",
        "  fuzzy 95%: 'On 6 June, the highly anticipated annual meeting of National Anti-Tra…'",
        "      was: 'Yesterday, on 6 June, the highly anticipated annual meeting of Nation…'",
        "1 catalog: 0 created, 1 merged, 0 unchanged.",
    ]
    # A word changed late in a long sentence: both lines show it, not the same beginning.
    document = polib.pofile(str(german))
    (long,) = [e for e in document if "protect the vulnerable" in e.msgid]
    long.msgstr = "Gemeinsam wollen sie die Schwachen schützen."
    document.save()
    text = source.read_text("utf-8")
    assert text.count("protect the vulnerable") == 1
    source.write_text(text.replace("protect the vulnerable", "shield the vulnerable"), "utf-8")
    result = runner.invoke(cli, ["-C", str(demo_dir), "update", "-l", "de"])
    now, was = result.stdout.splitlines()[2:4]
    assert now.startswith("  fuzzy 9")
    assert was.startswith("      was: '…")
    assert "shield the vulnerable" in now
    assert "protect the vulnerable" in was


def test_a_machine_draft_of_another_sentence_is_drafted_again(
    demo_dir: Path, runner: CliRunner
) -> None:
    """msgmerge's similarity gives a changed English the translation of the old one: an
    untouched machine draft of that old English is nobody's work and no draft of the new
    one, so the entry waits for a draft of its own (and gets it), where a translator's text,
    touched, stays fuzzy with the English it was made for."""
    root = ["-C", str(demo_dir)]
    for command in (["update", "-l", "es"], ["draft", "-l", "es", "--engine", "pseudo"]):
        assert runner.invoke(cli, [*root, *command]).exit_code == 0
    spanish = catalog_path(demo_dir, "es")
    document = polib.pofile(str(spanish))
    touched = next(e for e in document if "protect the vulnerable" in e.msgid)
    touched.msgstr = "Juntos protegerán a los vulnerables."  # the translator's, still fuzzy
    document.save()
    source = demo_dir / "source" / f"{SLUG}.txt"
    text = source.read_text("utf-8").replace("Yesterday, on 6 June", "On 6 June")
    source.write_text(text.replace("protect the vulnerable", "shield the vulnerable"), "utf-8")
    result = runner.invoke(cli, [*root, "update", "-l", "es"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == (
        f"locale/es/LC_MESSAGES/{SLUG}.po: merged: 23 kept, 1 fuzzy, 0 new, 0 obsolete, "
        "0 revived, 1 to draft again"
    )
    at = next(i for i, line in enumerate(lines) if line.startswith("  to draft again: "))
    assert lines[at : at + 2] == [
        "  to draft again: 'On 6 June, the highly anticipated annual meeting of National "
        "Anti-Tra…'",
        "      (its machine draft was made for other English: 'communique draft' drafts this one)",
    ]
    after = {e.msgid: e for e in polib.pofile(str(spanish))}
    redraft = next(e for msgid, e in after.items() if msgid.startswith("On 6 June"))
    assert (redraft.msgstr, redraft.fuzzy, redraft.previous_msgid) == ("", False, None)
    assert "draft:" not in redraft.tcomment
    kept = next(e for msgid, e in after.items() if "shield the vulnerable" in msgid)
    assert (kept.msgstr, kept.fuzzy) == ("Juntos protegerán a los vulnerables.", True)
    assert kept.previous_msgid is None  # (as msgmerge: a fuzzy entry passes on its own #|)
    drafted = runner.invoke(cli, [*root, "draft", "-l", "es", "--engine", "pseudo"])
    assert drafted.exit_code == 0, drafted.output
    again = {e.msgid: e for e in polib.pofile(str(spanish))}[redraft.msgid]
    assert again.fuzzy
    assert again.msgstr.startswith("⟦")  # the pseudo engine's draft of its own English
    assert "draft: pseudo" in again.tcomment


def test_a_malformed_catalog_is_left_alone_and_the_others_are_updated(
    demo: Project, runner: CliRunner
) -> None:
    source = demo.root / "source" / f"{SLUG}.txt"
    source.write_text(source.read_text("utf-8") + "\n\nOne more sentence.\n", "utf-8")
    russian = catalog_path(demo.root, "ru")
    russian.write_text(
        russian.read_text("utf-8").replace(
            'msgstr ""\n\n#. dateline', 'msgstr "\\q"\n\n#. dateline'
        ),
        "utf-8",
    )
    broken = russian.read_bytes()
    result = runner.invoke(cli, ["-C", str(demo.root), "update"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: locale/ru/LC_MESSAGES/{SLUG}.po:23: invalid escape sequence '\\q' in a string\n"
    )
    assert russian.read_bytes() == broken
    assert "4 catalogs: 0 created, 4 merged, 0 unchanged." in result.stdout
    for locale in ("fr", "de", "it", "es"):
        merged = polib.pofile(str(catalog_path(demo.root, locale)))
        assert merged.find("One more sentence.") is not None, locale


@pytest.mark.needs_gettext
def test_a_catalog_saved_with_a_byte_order_mark_is_written_again_without_it(
    demo: Project, runner: CliRunner
) -> None:
    """msgfmt refuses a catalog that starts with a byte-order mark (as some Windows editors
    save UTF-8): ``update`` writes it again without one, and changes nothing else."""
    russian = catalog_path(demo.root, "ru")
    plain = russian.read_bytes()
    russian.write_bytes(codecs.BOM_UTF8 + plain)
    checked = ["msgfmt", "--check", "--output-file=/dev/null", str(russian)]
    assert subprocess.run(checked, capture_output=True).returncode != 0
    result = runner.invoke(cli, ["-C", str(demo.root), "update", "--locale", "ru"])
    assert result.exit_code == 0, result.output
    assert "1 catalog: 0 created, 1 merged, 0 unchanged." in result.stdout
    assert russian.read_bytes() == plain
    subprocess.run(checked, check=True)


def test_unknown_locale_option(demo: Project, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["-C", str(demo.root), "update", "--locale", "pl"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'pl' is not a target locale (languages.targets: fr, de, it, ru, es)\n"
    )


def test_catalog_saved_meanwhile_is_not_overwritten(demo: Project) -> None:
    files = DiskFiles(demo.root)
    path = f"locale/fr/LC_MESSAGES/{SLUG}.po"
    raw, snapshot = files.read(path)
    assert raw is not None
    saved_by_translator = raw.replace(b'msgstr ""', b'msgstr "Titre"', 1)
    (demo.root / path).write_bytes(saved_by_translator)
    with pytest.raises(CatalogError) as caught:
        write_unless_changed(files, snapshot, b"something else\n")
    assert str(caught.value) == (
        f"{path}: changed on disk after this run read it (saved in an editor meanwhile?); "
        "it was not overwritten: run the command again"
    )
    assert (demo.root / path).read_bytes() == saved_by_translator


def test_a_save_is_noticed_by_its_time_when_the_file_is_not_racy(demo: Project) -> None:
    """A file last written long before the run read it is compared by ``stat`` alone; a save
    of the same size still changes its time."""
    files = DiskFiles(demo.root)
    path = f"locale/fr/LC_MESSAGES/{SLUG}.po"
    os.utime(demo.root / path, ns=(10**18, 10**18))  # 2001: long before the run
    raw, snapshot = files.read(path)
    assert raw is not None
    assert snapshot.trusted_stat
    assert unchanged(files, snapshot)
    same_size = raw.replace(b"Language: fr", b"Language: FR")
    (demo.root / path).write_bytes(same_size)
    assert not unchanged(files, snapshot)


def test_update_refuses_when_a_translator_saved_during_the_run(
    demo: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = demo.root / "source" / f"{SLUG}.txt"
    source.write_text(source.read_text("utf-8") + "\n\nOne more sentence.\n", "utf-8")
    # The last catalog the run would write: every other one would be written before it.
    last = demo.settings.target_locales[-1]
    saved = catalog_path(demo.root, last)
    real_save = Workspace.save
    before: dict[str, bytes] = {}

    def translator_saves_first(workspace: Workspace) -> None:
        assert len(workspace.changed_catalogs()) == len(demo.settings.target_locales)
        saved.write_text(saved.read_text("utf-8") + "\n# saved in Poedit\n", "utf-8")
        before.update(tree(demo.root))
        real_save(workspace)

    monkeypatch.setattr(Workspace, "save", translator_saves_first)
    with pytest.raises(CatalogError) as caught:
        update(demo)
    assert str(caught.value) == (
        f"locale/{last}/LC_MESSAGES/{SLUG}.po: changed on disk after this run read it "
        "(saved in an editor meanwhile?); nothing was written: run the command again"
    )
    assert tree(demo.root) == before  # no template, no other catalog written either
    assert saved.read_text("utf-8").endswith("\n# saved in Poedit\n")


def test_second_run_is_told_who_holds_the_lock(demo: Project, runner: CliRunner) -> None:
    with project_lock(demo, "communique update"):
        result = runner.invoke(cli, ["-C", str(demo.root), "update"])
        with pytest.raises(ProjectError) as caught, project_lock(demo, "communique extract"):
            pass
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: .communique/lock: another communique run is writing this project: process "
    )
    assert "(communique update), started " in result.stderr
    assert result.stderr.endswith("; wait for it to finish\n")
    assert "(communique update)" in str(caught.value)
    # Released: the next run proceeds.
    assert runner.invoke(cli, ["-C", str(demo.root), "update"]).exit_code == 0


def test_status_table_and_json(demo: Project, runner: CliRunner) -> None:
    translate_like_a_tool(catalog_path(demo.root, "es"), "es")
    document = polib.pofile(str(catalog_path(demo.root, "ru")))
    document[0].msgstr = "Заголовок"
    document[1].msgstr = "Страсбург"
    document[1].flags = ["fuzzy"]
    document.save()
    result = runner.invoke(cli, ["-C", str(demo.root), "status"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{SLUG}: 25 segments, 502 words\n"
        "  locale  language  reviewed (words)  fuzzy (words)  untranslated (words)  progress  "
        "online  publishable\n"
        "  fr      français  0 (0)             0 (0)          25 (502)              0%        "
        "no      no: 25 untranslated of 25 segments (0% reviewed, all needed)\n"
        "  de      Deutsch   0 (0)             0 (0)          25 (502)              0%        "
        "no      no: 25 untranslated of 25 segments (0% reviewed, all needed)\n"
        "  it      italiano  0 (0)             0 (0)          25 (502)              0%        "
        "no      no: 25 untranslated of 25 segments (0% reviewed, all needed)\n"
        "  ru      русский   1 (13)            1 (1)          23 (488)              4%        "
        "no      no: 23 untranslated, 1 fuzzy of 25 segments (4% reviewed, all needed)\n"
        "  es      español   25 (502)          0 (0)          0 (0)                 100%      "
        "yes     yes\n"
    )
    result = runner.invoke(cli, ["-C", str(demo.root), "status", "--locale", "ru", "--json"])
    assert json.loads(result.stdout) == [
        {
            "release": SLUG,
            "locale": "ru",
            "language": "русский",
            "catalog": f"locale/ru/LC_MESSAGES/{SLUG}.po",
            "exists": True,
            "segments": {"total": 25, "reviewed": 1, "fuzzy": 1, "untranslated": 23},
            "words": {"total": 502, "reviewed": 13, "fuzzy": 1, "untranslated": 488},
            "readable": True,
            "percent_reviewed": 4.0,
            "publishable": False,
            "reasons": ["23 untranslated, 1 fuzzy of 25 segments (4% reviewed, all needed)"],
            "errors": 0,
            "warnings": 1,  # the title: far shorter than the English
            "online": "no",
            "interface": True,
            "states": [{"code": "FR", "why": ["dateline: Strasbourg"]}],
        }
    ]


def test_status_counts_a_catalog_behind_its_english_against_the_english(
    demo: Project, runner: CliRunner
) -> None:
    """A catalog reviewed through, then the English reworded one sentence and gained another
    (no 'update' yet): the figures are those of the English as it is now, not "100%" of the
    sentences the catalog knows, the old one counted as reviewed."""
    translate_like_a_tool(catalog_path(demo.root, "es"), "es")
    source = demo.root / "source" / f"{SLUG}.txt"
    text = source.read_text("utf-8")
    old = "the meeting convened 130 delegates."
    assert text.count(old) == 1
    source.write_text(
        text.replace(old, "the meeting brought together 130 delegates. It lasted two days."),
        "utf-8",
    )
    result = runner.invoke(cli, ["-C", str(demo.root), "status", "--locale", "es", "--json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["segments"], row["percent_reviewed"], row["publishable"], row["reasons"]) == (
        {"total": 26, "reviewed": 24, "fuzzy": 0, "untranslated": 2},
        92.3,
        False,
        ["2 sentences of the English are not in the catalog yet (run 'communique update')"],
    )
    start = "With the participation of representatives from approximately 60 countries across "
    was = word_count(f"{start}the Council of Europe and the OSCE region, {old}")
    now = word_count(f"{start}the Council of Europe and the OSCE region, the meeting brought ")
    now += word_count("together 130 delegates.") + word_count("It lasted two days.")
    assert row["words"] == {
        "total": 502 - was + now,
        "reviewed": 502 - was,
        "fuzzy": 0,
        "untranslated": now,
    }
    table = runner.invoke(cli, ["-C", str(demo.root), "status", "--locale", "es"])
    assert "92%" in table.stdout, table.stdout
    assert "100%" not in table.stdout, table.stdout
    # Once merged, the same figures: the new sentences untranslated, the reworded one fuzzy.
    update(demo)
    merged = runner.invoke(cli, ["-C", str(demo.root), "status", "--locale", "es", "--json"])
    (after,) = json.loads(merged.stdout)
    assert after["segments"]["total"] == 26
    assert after["segments"]["reviewed"] == 24
    assert after["words"]["total"] == row["words"]["total"]


def test_status_of_a_release_that_cannot_be_read_blames_the_release(
    demo: Project, runner: CliRunner
) -> None:
    """A typo in the release's front matter: every catalog is fine, and the line above the
    table said "none of its catalogs shown could be read"."""
    source = demo.root / "source" / f"{SLUG}.txt"
    source.write_text(source.read_text("utf-8").replace("tags: [", "tags: [[", 1), "utf-8")
    result = runner.invoke(cli, ["-C", str(demo.root), "status"])
    assert result.stdout.splitlines()[0] == (
        f"{SLUG}: size unknown (the release cannot be read: see below)"
    )
    assert f"no: cannot be read: source/{SLUG}.txt:5: " in result.stdout


def test_status_with_a_merge_conflict_in_the_first_catalog(
    demo: Project, runner: CliRunner
) -> None:
    """git left a conflict in the French catalog, the first target: status still gives the
    release's size (from a catalog it could read), and the error says what it likely is."""
    path = catalog_path(demo.root, "fr")
    text = path.read_text("utf-8")
    path.write_text(text.replace('msgid "Strasbourg"\n', '<<<<<<< HEAD\nmsgid "Strasbourg"\n', 1))
    result = runner.invoke(cli, ["-C", str(demo.root), "status"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"{SLUG}: 25 segments, 502 words"
    assert "syntax error: unexpected '<<<<<<<' (a merge conflict left in it?)" in result.stderr
    # Asked of that catalog alone, it does not make the release empty ("0 segments, 0 words").
    alone = runner.invoke(cli, ["-C", str(demo.root), "status", "--locale", "fr"])
    assert alone.exit_code == 1
    assert alone.stdout.splitlines()[0] == (
        f"{SLUG}: size unknown (none of its catalogs shown could be read)"
    )


@pytest.mark.needs_gettext
def test_compile_matches_msgfmt(demo: Project, runner: CliRunner, tmp_path: Path) -> None:
    translate_like_a_tool(catalog_path(demo.root, "it"), "it")
    document = polib.pofile(str(catalog_path(demo.root, "it")))
    document[5].flags = ["fuzzy"]
    document.save()
    result = runner.invoke(cli, ["-C", str(demo.root), "compile", "--locale", "it"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"locale/it/LC_MESSAGES/{SLUG}.mo: 24 translations\n1 catalog compiled.\n"
    )
    ours = catalog_path(demo.root, "it").with_suffix(".mo")
    theirs = tmp_path / "msgfmt.mo"
    subprocess.run(["msgfmt", "-o", str(theirs), str(catalog_path(demo.root, "it"))], check=True)
    with ours.open("rb") as a, theirs.open("rb") as b:
        mine, reference = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    assert mine._catalog == reference._catalog  # type: ignore[attr-defined]
    assert len(mine._catalog) == 25  # type: ignore[attr-defined]  # 24 and the header
    fuzzy_english = document[5].msgid
    assert mine.gettext(fuzzy_english) == fuzzy_english


@pytest.mark.needs_gettext
def test_compile_keeps_plural_messages_as_msgfmt_does(demo: Project, tmp_path: Path) -> None:
    from tests.stages import compile_catalogs

    russian = catalog_path(demo.root, "ru")
    plurals = [
        ("one report", ["{n} доклад", "", ""]),  # first form only: msgfmt compiles it
        ("one meeting", ["", "{n} встречи", "{n} встреч"]),  # no first form: left out
        ("one State", ["{n} государство", "{n} государства", "{n} государств"]),
    ]
    russian.write_text(
        russian.read_text("utf-8")
        + "".join(
            f'\nmsgid "{one}"\nmsgid_plural "{{n}} things"\n'
            + "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms))
            for one, forms in plurals
        ),
        "utf-8",
    )
    compile_catalogs(demo, locales=["ru"])
    theirs = tmp_path / "msgfmt.mo"
    subprocess.run(["msgfmt", "-o", str(theirs), str(russian)], check=True)
    with russian.with_suffix(".mo").open("rb") as a, theirs.open("rb") as b:
        mine, reference = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    assert mine._catalog == reference._catalog  # type: ignore[attr-defined]
    assert mine.ngettext("one report", "{n} things", 1) == "{n} доклад"
    assert mine.ngettext("one meeting", "{n} things", 5) == "{n} things"


@pytest.mark.needs_gettext
def test_compile_of_a_catalog_kept_in_latin_1_reads_as_msgfmts(
    demo: Project, tmp_path: Path
) -> None:
    """A catalog in ISO-8859-1: its compiled form is read, by gettext's own reader, as the
    one msgfmt compiles (the header said ISO-8859-1 over UTF-8 text: "GrÃ¼Ãe")."""
    from tests.stages import compile_catalogs

    german = catalog_path(demo.root, "de")
    document = polib.pofile(str(german))
    document[2].msgstr = "Ausschuss für Grüße"
    document.save()
    text = german.read_text("utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    german.write_bytes(text.encode("latin-1"))
    compile_catalogs(demo, locales=["de"])
    theirs = tmp_path / "msgfmt.mo"
    subprocess.run(["msgfmt", "-o", str(theirs), str(german)], check=True)
    with german.with_suffix(".mo").open("rb") as a, theirs.open("rb") as b:
        mine, reference = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    assert mine.gettext(document[2].msgid) == reference.gettext(document[2].msgid)
    assert mine.gettext(document[2].msgid) == "Ausschuss für Grüße"


def test_compile_leaves_out_a_catalog_it_cannot_read_and_compiles_the_rest(
    demo: Project, runner: CliRunner
) -> None:
    """One bad catalog stopped 'compile' with no .mo written for the others. They are
    compiled; the bad one is named, not compiled, last, and the run exits 1."""
    german = catalog_path(demo.root, "de")
    german.write_text(german.read_text("utf-8") + 'msgid "x\n', "utf-8")
    line = german.read_text("utf-8").count("\n")
    result = runner.invoke(cli, ["-C", str(demo.root), "compile"])
    assert result.exit_code == 1
    compiled = sorted(p.parent.parent.name for p in (demo.root / "locale").rglob("*.mo"))
    assert compiled == sorted(set(demo.settings.target_locales) - {"de"})
    assert result.stdout.splitlines()[-1] == f"{len(compiled)} catalogs compiled."
    assert result.stderr == (
        f"Error: locale/de/LC_MESSAGES/{SLUG}.po:{line}: syntax error: the string is not "
        'closed: a " is missing at the end of the line (not compiled)\n'
    )


def test_compile_an_unknown_release_is_an_error(demo: Project, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["-C", str(demo.root), "compile", "no-such-release"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no release 'no-such-release': neither source/no-such-release.txt "
        "nor source/no-such-release.md\n"
    )
    # A slug mistyped, or the file's name as the shell completes it: the release meant.
    typo = SLUG.replace("coordinators", "coordinator")
    result = runner.invoke(cli, ["-C", str(demo.root), "status", typo])
    assert result.stderr == (
        f"Error: no release '{typo}': neither source/{typo}.txt nor source/{typo}.md "
        f"(did you mean '{SLUG}'?)\n"
    )
    for named in (f"{SLUG}.txt", f"source/{SLUG}.txt"):
        result = runner.invoke(cli, ["-C", str(demo.root), "status", named])
        assert result.exit_code == 1
        assert result.stderr == f"Error: '{named}' is a file: name its release, '{SLUG}'\n"


CORRUPTIONS = [
    (
        "syntax",
        lambda text: text.replace('msgstr ""\n\n#. dateline', 'msgstr "Titre\n\n#. dateline', 1),
        ':23: syntax error: the string is not closed: a " is missing at the end of the line',
    ),
    (
        "duplicate",
        lambda text: text + '\nmsgid "Strasbourg"\nmsgstr "Strasbourg"\n',
        ":201: duplicate message 'Strasbourg' (first defined on line 27)",
    ),
    (
        "charset",
        lambda text: text.replace("charset=UTF-8", "charset=ASCII").replace(
            'msgstr ""\n\n#. dateline', 'msgstr "Réunion"\n\n#. dateline', 1
        ),
        ":23: invalid ASCII at byte 791 (the header says charset=ASCII)",
    ),
    # msgfmt rejects these; reading them loosely would drop the translation.
    (
        "plural-form-without-plural",
        lambda text: text.replace(
            'msgstr ""\n\n#. dateline', 'msgstr[0] "Título"\n\n#. dateline', 1
        ),
        ":23: syntax error: msgstr[0] without msgid_plural",
    ),
    (
        "plural-with-msgstr",
        lambda text: (
            text + '\nmsgid "one report"\nmsgid_plural "%d reports"\nmsgstr "un informe"\n'
        ),
        ":203: syntax error: a message with msgid_plural needs msgstr[0], msgstr[1]…, not msgstr",
    ),
    (
        "plural-form-skipped",
        lambda text: (
            text
            + '\nmsgid "one report"\nmsgid_plural "%d reports"\nmsgstr[0] "un informe"\n'
            + 'msgstr[2] "%d informes"\n'
        ),
        ":204: syntax error: msgstr[2] where msgstr[1] was expected",
    ),
    (
        "too-many-plural-forms",
        lambda text: (
            text
            + '\nmsgid "one report"\nmsgid_plural "%d reports"\n'
            + "".join(f'msgstr[{i}] "{i}"\n' for i in range(4))
        ),
        ":201: 4 plural forms, but the header's Plural-Forms (line 2) says nplurals=3",
    ),
    # What msgfmt --check refuses, refused as msgfmt does.
    (
        "too-few-plural-forms",
        lambda text: text + '\nmsgid "one report"\nmsgid_plural "%d reports"\nmsgstr[0] "1"\n',
        ":201: 1 plural form, but the header's Plural-Forms (line 2) says nplurals=3",
    ),
    (
        "second-header",
        lambda text: text + '\n#~ msgid ""\n#~ msgstr "Language: es\\n"\n',
        ":201: duplicate header entry (first defined on line 2)",
    ),
    (
        "obsolete-twin-of-a-live-entry",
        lambda text: text + '\n#~ msgid "Strasbourg"\n#~ msgstr "Estrasburgo"\n',
        ":201: duplicate message 'Strasbourg' (first defined on line 27)",
    ),
    (
        "msgctxt-after-msgid",
        lambda text: text + '\nmsgid "Vienna"\nmsgctxt "place"\nmsgstr "Viena"\n',
        ":202: syntax error: msgctxt must come once, before msgid",
    ),
    (
        "garbled-plural-forms",
        lambda text: text.replace("plural=(n == 1 ?", "plural=(n === 1 ?"),
        ":2: invalid plural expression in the header's Plural-Forms: '(n === 1 ? 0 : n != 0 && n "
        "% 1000000 ==…'",
    ),
    (
        "no-plural-forms-at-all",
        lambda text: text.replace("nplurals=3;", "nplurals=0;"),
        ":2: the header's Plural-Forms says nplurals=0, but its plural expression can produce 2",
    ),
    (
        "newline-lost",
        lambda text: text + '\nmsgid "Vienna\\n"\nmsgstr "Viena"\n',
        # (on the msgstr's line, as msgfmt says)
        ":202: 'msgid' and 'msgstr' do not both end with a newline (\\n)",
    ),
]


@pytest.mark.parametrize(
    ("corrupt", "message"), [c[1:] for c in CORRUPTIONS], ids=[c[0] for c in CORRUPTIONS]
)
def test_malformed_catalogs_through_the_cli(
    demo: Project, runner: CliRunner, corrupt: object, message: str
) -> None:
    spanish = catalog_path(demo.root, "es")
    spanish.write_text(corrupt(spanish.read_text("utf-8")), "utf-8")  # type: ignore[operator]
    before = tree(demo.root)
    for command in ("update", "status"):
        result = runner.invoke(cli, ["-C", str(demo.root), command])
        assert result.exit_code == 1, command
        assert result.stderr == f"Error: locale/es/LC_MESSAGES/{SLUG}.po{message}\n"
    assert tree(demo.root) == before
    # compile compiles the others, and names this one last.
    result = runner.invoke(cli, ["-C", str(demo.root), "compile"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: locale/es/LC_MESSAGES/{SLUG}.po{message} (not compiled)\n"
    added = set(tree(demo.root)) - set(before)
    assert added == {
        f"locale/{catalog_path(demo.root, locale).parent.parent.name}/LC_MESSAGES/{SLUG}.mo"
        for locale in demo.settings.target_locales
        if locale != "es"
    }


def test_invalid_utf8_catalog_through_the_cli(demo: Project, runner: CliRunner) -> None:
    italian = catalog_path(demo.root, "it")
    italian.write_bytes(
        italian.read_bytes().replace(
            b'msgstr ""\n\n#. dateline', b'msgstr "\xff"\n\n#. dateline', 1
        )
    )
    before = tree(demo.root)
    result = runner.invoke(cli, ["-C", str(demo.root), "update"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: locale/it/LC_MESSAGES/{SLUG}.po:23: invalid UTF-8 at byte 790 "
        "(the header says charset=UTF-8)\n"
    )
    assert tree(demo.root) == before


def test_a_catalog_that_cannot_be_read_has_no_figures_in_status(
    demo: Project, runner: CliRunner
) -> None:
    """Not "0 (0) … 100%": a catalog status cannot read has no progress to show."""
    spanish = catalog_path(demo.root, "es")
    spanish.write_text(spanish.read_text("utf-8") + 'msgid "x"\nmsgstr "\\q"\n', "utf-8")
    table = runner.invoke(cli, ["-C", str(demo.root), "status"])
    assert table.exit_code == 1
    (row,) = [line for line in table.stdout.splitlines() if line.startswith("  es ")]
    assert row.split()[:7] == ["es", "español", "—", "—", "—", "—", "no"]
    rows = json.loads(
        runner.invoke(cli, ["-C", str(demo.root), "status", "--json", "--locale", "es"]).stdout
    )
    assert [(r["readable"], r["percent_reviewed"], r["errors"]) for r in rows] == [(False, None, 1)]
    # Nor 0 segments and words: a script that sums them took 0 for a release of 18.
    assert [(r["segments"], r["words"]) for r in rows] == [(None, None)]


def test_catalogs_in_a_folder_no_target_reads_are_named(demo: Project) -> None:
    """A team brings catalogs in gettext's folder names (locale/fr_FR/, locale/sr@latin/):
    nothing reads them, and update says so, with the folder meant where there is one;
    update --check fails on them."""
    slug = next(iter(sorted(p.stem for p in (demo.root / "source").iterdir())))
    french = demo.root / "locale" / "fr_FR" / "LC_MESSAGES"
    french.mkdir(parents=True)
    (french / f"{slug}.po").write_bytes(demo.catalog_path(slug, "fr").read_bytes())
    serbian = demo.root / "locale" / "sr@latin"
    serbian.mkdir()
    (serbian / f"{slug}.po").write_text('msgid ""\nmsgstr ""\n', "utf-8")
    swiss = demo.root / "locale" / "de_CH" / "LC_MESSAGES"
    swiss.mkdir(parents=True)
    (swiss / f"{slug}.po").write_text('msgid ""\nmsgstr ""\n', "utf-8")
    (demo.root / "locale" / "notes").mkdir()  # (no catalog in it: none of update's business)
    # The site's words in files no target reads: the pages showed communique's words or the
    # English, and nothing said why.
    site = demo.root / "locale" / "site"
    site.mkdir(exist_ok=True)
    (site / "fr_fr.po").write_text('msgid ""\nmsgstr ""\n', "utf-8")
    (site / "sr@latin.po").write_text('msgid ""\nmsgstr ""\n', "utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["-C", str(demo.root), "update"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        "locale/fr_FR/: catalogs no target locale reads; fr's are in locale/fr/LC_MESSAGES/: "
        "move them there (a catalog there of the same release is replaced)"
    ) in lines
    assert (
        "locale/sr@latin/: catalogs no target locale reads: add its language to "
        "languages.targets ('sr-Latn'), or remove the folder"
    ) in lines
    assert (
        "locale/de_CH/: catalogs no target locale reads: add its language to "
        "languages.targets ('de-CH'), or remove the folder"
    ) in lines  # (not into de's folder: Swiss German would replace the German)
    assert (
        "locale/site/fr_fr.po: no target locale reads it; fr's site words are read from "
        "locale/site/fr.po: rename it"
    ) in lines
    assert (
        "locale/site/sr@latin.po: no target locale reads it; add its language to "
        "languages.targets ('sr-Latn'), or remove it"
    ) in lines
    assert not any(line.startswith("locale/notes/") for line in lines)
    checked = runner.invoke(cli, ["-C", str(demo.root), "update", "--check"])
    assert checked.exit_code == 1
    assert "5 places in locale/ hold catalogs nothing reads" in checked.output


def test_a_run_stopped_with_ctrl_z_is_said_stopped_not_waited_for(demo: Project) -> None:
    """A run suspended (Ctrl-Z) holds the lock: the next one said to wait for it to finish,
    which it never does until resumed. It says it is stopped, and how to resume or end it."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from communique.lock import project_lock\n"
        "from communique.project import Project\n"
        "with project_lock(Project.load(Path(sys.argv[1])), 'communique update'):\n"
        "    print('locked', flush=True)\n"
        "    time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(demo.root)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "locked\n"
        os.kill(holder.pid, signal.SIGSTOP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # (until the kernel says it is stopped)
            state = Path(f"/proc/{holder.pid}/stat").read_text().rpartition(")")[2].split()[0]
            if state in ("T", "t"):
                break
            time.sleep(0.01)
        result = CliRunner().invoke(cli, ["-C", str(demo.root), "update"])
        assert result.exit_code == 1
        assert result.stderr.endswith(
            "; it is stopped (suspended with Ctrl-Z?): resume it ('fg' in its terminal) and let "
            f"it finish, or end it (kill {holder.pid})\n"
        )
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        os.kill(holder.pid, signal.SIGCONT)
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
