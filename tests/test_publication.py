"""Published stays published: the publication record, withdrawal, and one bad file that stops
nothing else — each scenario end to end through the command line, the site read back with
lxml and feedparser."""

from __future__ import annotations

import codecs
import datetime
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import feedparser
import polib
import pytest
from click.testing import CliRunner, Result
from lxml import etree, html

from communique.catalog.reader import read_catalog
from communique.cli import cli
from communique.project import Project
from tests.conftest import tree
from tests.feedcheck import atom_problems, rss_problems
from tests.site_project import DEMO, SECOND, make, references, translate

CONVENED = (
    "With the participation of representatives from approximately 60 countries across the "
    "Council of Europe and the OSCE region, the meeting convened 130 delegates."
)
FRENCH_130 = "la réunion a rassemblé 130 délégués."
BROKEN = "Error: locale/fr/LC_MESSAGES/{slug}.po:{line}: syntax error: a string must be in "


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The site tests' project, with the gate at its default: every segment reviewed (French
    is; Italian, two segments short, is not published)."""
    made = make(tmp_path / "project")
    config = made.root / "communique.toml"
    config.write_text(
        config.read_text("utf-8").replace("min_complete = 90", "min_complete = 100"), "utf-8"
    )
    return Project.load(made.root)


def run(project: Project, *arguments: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(project.root), *arguments])


def page(project: Project, path: str) -> html.HtmlElement:
    return html.fromstring((project.root / "output" / path).read_bytes())


def record(project: Project, slug: str) -> Any:
    return json.loads((project.root / "published" / f"{slug}.json").read_text("utf-8"))


def entries(project: Project, feed: str) -> dict[str, tuple[str, str]]:
    """The entries of a feed: title → (id, updated)."""
    parsed = feedparser.parse((project.root / "output" / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {e.title: (e.id, e.get("updated", e.get("published"))) for e in parsed.entries}


def conforming(project: Project) -> None:
    out = project.root / "output"
    for feed in sorted(out.rglob("feed.*")):
        url = "https://press.example.org/" + feed.relative_to(out).as_posix()
        check = atom_problems if feed.suffix == ".atom" else rss_problems
        assert check(feed.read_bytes(), url) == [], feed


def run_at(
    project: Project, monkeypatch: pytest.MonkeyPatch, moment: str, *arguments: str
) -> Result:
    """Run a command, which must succeed, at ``moment`` (ISO 8601), the clock
    ``SOURCE_DATE_EPOCH`` sets (it stays set for what follows)."""
    stamp = datetime.datetime.fromisoformat(moment).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(stamp)))
    done = run(project, *arguments)
    assert done.exit_code == 0, done.output
    return done


def entry_of(project: Project, feed: str, slug: str) -> Any:
    """A release's one entry in a feed of the site."""
    parsed = feedparser.parse((project.root / "output" / feed).read_bytes())
    (found,) = [e for e in parsed.entries if f"/{slug}/" in e.link]
    return found


def updated_of(project: Project, feed: str) -> Any:
    """A feed's own ``updated`` (as feedparser reads it)."""
    return feedparser.parse((project.root / "output" / feed).read_bytes()).feed.updated_parsed


def built_alike_from_nothing(project: Project) -> None:
    """A copy of the project without its site and cache (a fresh clone) builds the same site,
    byte for byte, as the builds before did; the project itself goes on as it was."""
    copy = project.root.parent / "from-nothing"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns("output", ".communique"))
    assert run(Project.load(copy), "build").exit_code == 0
    assert tree(copy / "output") == tree(project.root / "output")


def edit_english(project: Project, old: str, new: str) -> None:
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8")
    assert old in text
    source.write_text(text.replace(old, new), "utf-8")


def edit_french(project: Project, slug: str, change: dict[str, str]) -> None:
    path = project.catalog_path(slug, "fr")
    document = polib.pofile(str(path))
    for entry in document:
        for old, new in change.items():
            if old in entry.msgstr:
                entry.msgstr = entry.msgstr.replace(old, new)
    document.save()


def review_french(project: Project) -> None:
    """The French translator clears every fuzzy mark, changing no word (a tool that leaves
    PO-Revision-Date alone)."""
    path = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(path))
    for entry in document:
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    document.save()


def test_a_build_records_what_went_online(tmp_path: Path) -> None:
    project = make(tmp_path / "project")  # min_complete = 90: Italian is published too
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert f"published/{DEMO}.json: recorded what went online" in built.output
    recorded = record(project, DEMO)
    assert recorded["release"] == DEMO
    assert sorted(recorded["versions"]) == ["en-GB", "fr", "it"]  # what passed the gate
    assert recorded["withdrawn"] == []
    french = recorded["versions"]["fr"]
    assert french["release"]["id"] == "osce-coe-nac-nar-meeting-2023"
    pairs = [s for block in french["blocks"] for s in block.get("segments", [])]
    french_text = (
        "Avec la participation de représentants d'une soixantaine de pays du Conseil de "
        f"l'Europe et de la région de l'OSCE, {FRENCH_130}"
    )
    assert [CONVENED, french_text] in pairs
    # Italian is published with two passages in English: the record says which.
    italian = recorded["versions"]["it"]
    shown_in_english = [s for b in italian["blocks"] for s in b.get("segments", []) if len(s) == 1]
    assert len(shown_in_english) == 2
    # A second build finds the record as it left it: nothing written, nothing recorded.
    again = run(project, "build")
    assert again.exit_code == 0, again.output
    assert "recorded what went online" not in again.output
    assert "nothing changed since the last build" in again.output


def test_a_first_record_and_its_folder_leave_the_next_build_nothing_to_do(
    tmp_path: Path,
) -> None:
    """The build that makes ``published/`` knows what it wrote: the next one finds every input
    as that build left it, without looking at the records again."""
    project = make(tmp_path / "project")
    shutil.rmtree(project.root / "published", ignore_errors=True)
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert f"published/{DEMO}.json: recorded what went online" in built.output
    again = run(project, "build")
    assert "nothing changed since the last build" in again.output, again.output
    # A record changed by someone after the build is an input like any other.
    path = project.root / "published" / f"{DEMO}.json"
    path.write_text(path.read_text("utf-8").replace('"withdrawn": []', '"withdrawn": ["it"]'))
    third = run(project, "build")
    assert "nothing changed" not in third.output
    assert f"Withdrawn in it: {DEMO}" in third.output, third.output


def test_a_notice_half_in_english_marks_each_half_in_its_language(project: Project) -> None:
    """Turkish, which communique has no words for, with a project's word for the link alone:
    the whole notice was marked English, the Turkish link with it (a screen reader read it
    with its English voice); the other way round, nothing was. Each part says its own."""
    config = project.root / "communique.toml"
    config.write_text(
        re.sub(r"targets = \[", 'targets = ["tr", ', config.read_text("utf-8"), count=1),
        "utf-8",
    )
    assert run(project, "update").exit_code == 0
    assert run(project, "draft", DEMO, "--locale", "tr", "--engine", "pseudo").exit_code == 0
    turkish = polib.pofile(str(project.catalog_path(DEMO, "tr")))
    for entry in turkish:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    turkish.save()
    words = polib.pofile(str(project.root / "locale/site/tr.po"))
    words.find("Read the current version").msgstr = "Güncel sürümü okuyun"
    words.save()
    assert run(project, "build").exit_code == 0
    edit_english(project, "convened 130 delegates", "brought together 130 delegates")
    assert run(project, "update").exit_code == 0
    assert run(project, "build").exit_code == 0
    (notice,) = page(project, f"tr/{DEMO}/index.html").find_class("superseded")
    assert notice.get("lang") is None
    (text,) = notice.findall("span")
    assert (text.get("lang"), text.text.startswith("The original (English) was updated")) == (
        "en-GB",
        True,
    )
    link = notice.find("a")
    assert (link.text, link.get("lang")) == ("Güncel sürümü okuyun", None)
    feed = feedparser.parse((project.root / "output/tr/feed.atom").read_bytes())
    (entry,) = [e for e in feed.entries if e.link.endswith(f"/tr/{DEMO}/")]
    content = html.fragment_fromstring(entry.content[0].value, "div")
    (said,) = [p for p in content.iter("p") if "was updated" in p.text_content()]
    assert [(e.tag, e.get("lang")) for e in said.iter("span", "a")] == [
        ("span", "en-GB"),
        ("a", None),
    ]


def test_an_english_edit_keeps_the_french_online_with_a_notice(project: Project) -> None:
    assert run(project, "build").exit_code == 0
    before = page(project, f"fr/{DEMO}/index.html")
    feed_before = entries(project, "fr/feed.atom")
    state_before = entries(project, "states/fr/feed.atom")

    edit_english(project, "convened 130 delegates", "brought together 130 delegates")
    assert run(project, "update").exit_code == 0
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert (
        f"STILL ONLINE FROM THE RECORD in fr: {DEMO} (as last published, the original has "
        "changed since) because: 1 fuzzy of 25 segments (96% reviewed, all needed)"
    ) in built.output

    after = page(project, f"fr/{DEMO}/index.html")
    assert after.findtext(".//h1") == before.findtext(".//h1")
    body = after.find(".//article").text_content()
    assert FRENCH_130 in body  # the translation as it was published
    (notice,) = after.find_class("superseded")
    # Right after the heading: a screen reader's user who goes to the heading first (as most
    # do) hears it next, where it stood before the heading, unheard.
    assert notice.getprevious().tag == "h1"
    pot = polib.pofile(str(project.root / "locale" / "templates" / f"{DEMO}.pot"))
    day = pot.metadata["POT-Creation-Date"][:10]
    assert notice.text_content().startswith("L'original (anglais) a été mis à jour le ")
    assert str(int(day[8:])) in notice.text_content()  # the day the English changed
    link = notice.find(".//a")
    assert (link.get("href"), link.get("hreflang")) == (f"../../en-GB/{DEMO}/", "en-GB")
    assert link.text == "Lire la version actuelle"
    # The English page is the new one; its record moved on, the French one did not.
    english = page(project, f"en-GB/{DEMO}/index.html").find(".//article").text_content()
    assert "brought together 130 delegates" in english
    recorded = record(project, DEMO)["versions"]
    assert any(
        "brought together" in s[0]
        for b in recorded["en-GB"]["blocks"]
        for s in b.get("segments", [])
    )
    assert any(s[0] == CONVENED for b in recorded["fr"]["blocks"] for s in b.get("segments", []))
    # Readers' feeds keep the entry, same id, not a new one; updated when the English
    # changed, it says so above the text as the page does (its readers kept the old figure
    # with no sign).
    created = datetime.datetime.strptime(pot.metadata["POT-Creation-Date"], "%Y-%m-%d %H:%M%z")
    for feed, before_ids in (("fr/feed.atom", feed_before), ("states/fr/feed.atom", state_before)):
        now = entries(project, feed)
        assert {t: i for t, (i, _) in now.items()} == {t: i for t, (i, _) in before_ids.items()}
        parsed = feedparser.parse((project.root / "output" / feed).read_bytes())
        (entry,) = [e for e in parsed.entries if f"/fr/{DEMO}/" in e.link]
        assert datetime.datetime.fromisoformat(entry.updated) == created
        said = html.fromstring(entry.content[0].value).findall("p")[1]
        assert said.text_content() == notice.text_content()
        assert said.find(".//a").get("href") == f"https://press.example.org/en-GB/{DEMO}/"
    sitemap = etree.fromstring((project.root / "output" / "sitemaps" / "2023.xml").read_bytes())
    (url,) = [u for u in sitemap if u[0].text == f"https://press.example.org/fr/{DEMO}/"]
    assert url[1].text == created.date().isoformat()
    conforming(project)
    # CI can refuse a site with versions online from the record.
    strict = run(project, "build", "--fail-on", "stale")
    assert strict.exit_code == 1
    assert strict.stderr == (
        "Error: 1 version is online from the publication record, as last published "
        "(--fail-on stale): review the catalogs, or withdraw them with 'communique withdraw'\n"
    )
    status = run(project, "status", DEMO, "--json")
    french = next(row for row in json.loads(status.stdout) if row["locale"] == "fr")
    assert (french["online"], french["publishable"]) == ("record", False)

    # The translator reviews the changed sentence: the current French goes online, no notice.
    review_french(project)
    reviewed = run(project, "build", "--fail-on", "stale")
    assert reviewed.exit_code == 0, reviewed.output
    assert "STILL ONLINE" not in reviewed.output
    assert page(project, f"fr/{DEMO}/index.html").find_class("superseded") == []
    assert any(
        s[0].endswith("brought together 130 delegates.")
        for b in record(project, DEMO)["versions"]["fr"]["blocks"]
        for s in b.get("segments", [])
    )


def test_an_ignore_flag_set_for_the_old_english_hides_no_new_number(project: Project) -> None:
    """The translator silenced 'numbers' on a sentence ("approximately 60" is "une
    soixantaine"). A reworded English keeps the flag; 130 becoming 135 there drops it, and
    update says so: once she clears "fuzzy" without seeing the number, check holds the French
    back."""
    path = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(path))
    (entry,) = [e for e in document if e.msgid == CONVENED]
    entry.msgstr = entry.msgstr.replace("60 pays", "une soixantaine de pays")
    assert "une soixantaine de pays" in entry.msgstr
    assert entry.flags == ["ignore-numbers"]  # (the site project's French has it)
    entry.flags.append("no-wrap")  # (gettext's: the template governs it)
    document.save()
    assert run(project, "check", "--locale", "fr").exit_code == 0
    # A change that leaves the numbers alone leaves the flag: it excuses the same.
    edit_english(project, "convened 130 delegates", "brought together 130 delegates")
    reworded = run(project, "update", "--locale", "fr")
    assert reworded.exit_code == 0, reworded.output
    assert "dropped" not in reworded.output
    document = polib.pofile(str(path))
    (entry,) = [e for e in document if "brought together 130" in e.msgid]
    assert entry.flags == ["fuzzy", "ignore-numbers"]
    edit_english(project, "brought together 130 delegates", "convened 135 delegates")
    published = run(project, "publish")
    assert published.exit_code == 0, published.output
    assert (
        f"locale/fr/LC_MESSAGES/{DEMO}.po: dropped #, ignore-numbers, set for the English that "
        "was: 'With the participation of representatives from approximatel…'\n"
    ) in published.output
    document = polib.pofile(str(path))
    (entry,) = [e for e in document if e.msgid == CONVENED.replace("130", "135")]
    assert entry.flags == ["fuzzy"]
    entry.flags.remove("fuzzy")  # reviewed in a hurry
    document.save()
    checked = run(project, "check", "--locale", "fr")
    assert checked.exit_code == 1
    assert f"{DEMO}.po:60: error: numbers differ: 135, 60 → 130\n" in checked.output


def test_findings_name_the_lines_of_a_catalog_the_same_run_wrote(project: Project) -> None:
    """publish rewrites a catalog (update) and checks it in one run: its findings, and those
    a later check takes from the cache, name the lines of the file as written, not line 0."""
    edit_french(project, DEMO, {"Hier, 6 juin": "Hier, 5 juin"})
    edit_english(project, "convened 130 delegates", "brought together 130 delegates")
    published = run(project, "publish")
    assert published.exit_code == 0, published.output
    path = project.catalog_path(DEMO, "fr")
    written = read_catalog(path, display="fr")
    (line,) = [m.line for m in written.messages if m.msgstr.startswith("Hier, 5 juin")]
    assert line > 1
    for command in (["check", "--locale", "fr"], ["check", "--locale", "fr", "--json"]):
        checked = run(project, *command)
        assert checked.exit_code == 1, checked.output
        if "--json" in command:
            found = json.loads(checked.stdout)["findings"]
            numbers = [f for f in found if f["check"] == "numbers"]
            assert [(f["line"], f["message"]) for f in numbers] == [
                (line, "numbers differ: 6 → 5")
            ], numbers
        else:
            assert f"{DEMO}.po:{line}: error: numbers differ: 6 → 5\n" in checked.output
    assert ".po:0:" not in checked.output


def test_findings_in_a_catalog_another_tool_laid_out_name_its_own_lines(
    project: Project,
) -> None:
    """A catalog saved by a tool that wraps lines otherwise (or not at all) and that publish
    does not rewrite: its findings name the lines of the file as it is."""
    path = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(path), wrapwidth=1000)  # one line per string
    for entry in document:
        entry.msgstr = entry.msgstr.replace("Hier, 6 juin", "Hier, 5 juin")
    document.save()
    (line,) = [
        m.line
        for m in read_catalog(path, display="fr").messages
        if m.msgstr.startswith("Hier, 5 juin")
    ]
    layout = path.read_bytes()
    assert run(project, "publish").exit_code == 0
    assert path.read_bytes() == layout  # not rewritten
    checked = run(project, "check", "--locale", "fr")
    assert f"{DEMO}.po:{line}: error: numbers differ: 6 → 5\n" in checked.output


def test_a_translation_corrected_without_a_new_revision_date_is_dated_by_the_build(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator fixes a published French sentence in a text editor (or sed, or polib):
    PO-Revision-Date stays. Feed readers must still see the entry as updated: the build that
    first sees the change dates it, as it does for the English; later builds keep that."""
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    before = entries(project, "fr/feed.atom")
    title = next(t for t in before if "observateurs" not in t)
    revised = polib.pofile(str(project.catalog_path(DEMO, "fr"))).metadata["PO-Revision-Date"]
    edit_french(project, DEMO, {"130 délégués": "cent trente délégués"})
    path = project.catalog_path(DEMO, "fr")
    assert polib.pofile(str(path)).metadata["PO-Revision-Date"] == revised
    built = run(project, "build", "--now", "2026-12-03T10:00:00+00:00")
    assert built.exit_code == 0, built.output
    after = entries(project, "fr/feed.atom")
    assert after[title] == (before[title][0], "2026-12-03T10:00:00+00:00")
    assert record(project, DEMO)["versions"]["fr"]["changed"] == "2026-12-03T10:00:00+00:00"
    assert "Changed after publication" not in built.output  # (said of the English only)
    path.touch()
    assert run(project, "build", "--now", "2026-12-05T10:00:00+00:00").exit_code == 0
    assert entries(project, "fr/feed.atom")[title] == after[title]
    # The English moves on: the French is served from the record, dated when the English
    # changed, as its notice says (its feed date never went back to PO-Revision-Date).
    edit_english(project, "highly anticipated", "much anticipated")
    # (At a set moment: the template's, which dates the French, must be before the build's.)
    run_at(project, monkeypatch, "2026-12-05T10:30:00+00:00", "update")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    kept = run(project, "build", "--now", "2026-12-05T11:00:00+00:00")
    assert f"STILL ONLINE FROM THE RECORD in fr: {DEMO}" in kept.output
    template = polib.pofile(str(project.root / "locale" / "templates" / f"{DEMO}.pot"))
    changed = datetime.datetime.strptime(
        template.metadata["POT-Creation-Date"], "%Y-%m-%d %H:%M%z"
    ).isoformat()
    assert entries(project, "fr/feed.atom")[title] == (after[title][0], changed)
    page = (project.root / "output" / "fr" / DEMO / "index.html").read_text("utf-8")
    assert f'"dateModified": "{changed}"' in page
    edit_english(project, "much anticipated", "highly anticipated")
    assert run(project, "update").exit_code == 0
    # A save that moves PO-Revision-Date dates the next correction by it.
    document = polib.pofile(str(path))
    document.metadata["PO-Revision-Date"] = "2026-12-06 08:00+0000"
    for entry in document:
        entry.msgstr = entry.msgstr.replace("cent trente délégués", "130 délégués")
    document.save()
    assert run(project, "build", "--now", "2026-12-07T10:00:00+00:00").exit_code == 0
    assert entries(project, "fr/feed.atom")[title][1] == "2026-12-06T08:00:00+00:00"


def french_from_the_record(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Published on 1 December; the English corrected on the 2nd at 10:00 (its template's
    date), the French served from the record since the build at 11:00."""
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    edit_english(project, "highly anticipated", "much anticipated")
    run_at(project, monkeypatch, "2026-12-02T10:00:00+00:00", "update")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    kept = run(project, "build", "--now", "2026-12-02T11:00:00+00:00")
    assert f"STILL ONLINE FROM THE RECORD in fr: {DEMO}" in kept.output


def test_an_edit_that_leaves_the_english_as_it_was_dates_no_translation_again(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The French is served from the record after the English changed, dated when it did.
    A week later the press office writes the tags one per line (or renames the release):
    every reference in the template moves, the English is as it was. The French was dated
    anew by that edit, its feed entry "updated" and its page's "original updated on" with
    the day of an edit of nothing it says."""
    french_from_the_record(project, monkeypatch)
    before = entries(project, "fr/feed.atom")
    french = project.root / "output" / "fr" / DEMO / "index.html"
    shown = french.read_bytes()
    assert "2 décembre 2026" in shown.decode("utf-8")
    edit_english(
        project,
        "tags: [trafficking in human beings, Council of Europe, national coordinators]",
        "tags:\n  - trafficking in human beings\n  - Council of Europe\n  - national coordinators",
    )
    moved = run_at(project, monkeypatch, "2026-12-09T10:00:00+00:00", "update")
    assert f"locale/templates/{DEMO}.pot" in moved.output  # (written again: references moved)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert run(project, "build", "--now", "2026-12-09T11:00:00+00:00").exit_code == 0
    assert entries(project, "fr/feed.atom") == before
    assert french.read_bytes() == shown


def test_a_review_reverted_is_dated_after_what_readers_were_shown(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The English was corrected and the French served from the record; the French review of
    the correction was published; then the review's commit was reverted (its catalog and its
    record as before it). The French from the record was dated back to when the English
    changed, before the reviewed French readers had: feed readers kept the reviewed text. It
    is dated by the build that puts the earlier text back, as a revert of a current version
    is."""
    french_from_the_record(project, monkeypatch)
    title = next(t for t in entries(project, "fr/feed.atom") if "observateurs" not in t)
    path = project.catalog_path(DEMO, "fr")
    saved = {p: p.read_bytes() for p in (path, project.root / "published" / f"{DEMO}.json")}
    document = polib.pofile(str(path))
    (fuzzy,) = [entry for entry in document if entry.fuzzy]
    fuzzy.flags.remove("fuzzy")
    fuzzy.previous_msgid = None
    fuzzy.msgstr += " (révisé)"
    document.metadata["PO-Revision-Date"] = "2026-12-03 09:00+0000"
    document.save()
    reviewed = run(project, "build", "--now", "2026-12-03T10:00:00+00:00")
    assert "STILL ONLINE" not in reviewed.output, reviewed.output
    assert entries(project, "fr/feed.atom")[title][1] == "2026-12-03T09:00:00+00:00"
    for saved_path, data in saved.items():  # (git revert of the review's commit)
        saved_path.write_bytes(data)
    reverted = run(project, "build", "--now", "2026-12-04T10:00:00+00:00")
    assert f"STILL ONLINE FROM THE RECORD in fr: {DEMO}" in reverted.output
    assert entries(project, "fr/feed.atom")[title][1] == "2026-12-04T10:00:00+00:00"
    assert record(project, DEMO)["versions"]["fr"]["changed"] == "2026-12-04T10:00:00+00:00"
    again = run(project, "build", "--now", "2026-12-05T10:00:00+00:00")
    assert again.exit_code == 0
    assert entries(project, "fr/feed.atom")[title][1] == "2026-12-04T10:00:00+00:00"


def test_a_version_saved_again_unchanged_then_served_from_the_record_keeps_its_date(
    project: Project,
) -> None:
    """A tool saved the French again with no word changed (a comment, a later revision date):
    its entry kept its date, as the record does. Served from the record the next day (a
    number mistyped since), it is what readers had: it keeps that date too, and is not
    taken for a text put back (which is dated anew)."""
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    path = project.catalog_path(SECOND, "fr")
    document = polib.pofile(str(path))
    entry = next(e for e in document if e.msgid and e.msgstr)
    entry.tcomment = "checked"
    document.metadata["PO-Revision-Date"] = "2026-12-02 09:00+0000"
    document.save()
    assert run(project, "build", "--now", "2026-12-02T10:00:00+00:00").exit_code == 0
    held = entries(project, "fr/feed.atom")
    edit_french(project, SECOND, {"1\u202f200": "1\u202f300"})
    served = run(project, "build", "--now", "2026-12-03T10:00:00+00:00")
    assert f"STILL ONLINE FROM THE RECORD in fr: {SECOND}" in served.output
    assert entries(project, "fr/feed.atom") == held
    assert "changed" not in record(project, SECOND)["versions"]["fr"]


def test_an_english_edit_undone_needs_no_review_again(project: Project) -> None:
    """The press office changes a word, then undoes it: the French translation is again the
    reviewed one for its English, and update says so instead of leaving it fuzzy with "was"
    the same sentence. A translation that was never reviewed for it stays fuzzy."""
    path = project.catalog_path(DEMO, "fr")

    def entries_of() -> list[tuple[str, str, list[str], str | None]]:
        return [(e.msgid, e.msgstr, e.flags, e.previous_msgid) for e in polib.pofile(str(path))]

    before = entries_of()
    edit_english(project, "highly anticipated", "much anticipated")
    assert run(project, "update").exit_code == 0
    (entry,) = [e for e in polib.pofile(str(path)) if "much anticipated" in e.msgid]
    assert entry.fuzzy
    edit_english(project, "much anticipated", "highly anticipated")
    undone = run(project, "update", "--locale", "fr")
    assert undone.exit_code == 0, undone.output
    assert (
        f"{DEMO}.po: merged: 24 kept, 0 fuzzy, 0 new, 0 obsolete, 0 revived, 1 reviewed again"
        in (undone.output)
    )
    assert "  reviewed again: 'Yesterday, on 6 June, the highly anticipated annual meeting" in (
        undone.output
    )
    assert entries_of() == before  # (the header's POT-Creation-Date moved on)
    built = run(project, "build", "--fail-on", "stale")
    assert built.exit_code == 0, built.output
    # A fuzzy entry whose English comes back, but whose translation was never reviewed: fuzzy.
    document = polib.pofile(str(path))
    (entry,) = [e for e in document if "highly anticipated" in e.msgid]
    english = entry.msgid
    entry.msgstr = "Une traduction jamais relue."
    entry.flags.append("fuzzy")
    document.save()
    edit_english(project, "highly anticipated", "much anticipated")
    assert run(project, "update", "--locale", "fr").exit_code == 0
    edit_english(project, "much anticipated", "highly anticipated")
    again = run(project, "update", "--locale", "fr")
    assert "reviewed again" not in again.output
    (entry,) = [e for e in polib.pofile(str(path)) if e.msgid == english]
    assert (entry.msgstr, entry.fuzzy) == ("Une traduction jamais relue.", True)


def test_an_english_edit_undone_brings_back_the_flags_its_translation_was_published_with(
    project: Project,
) -> None:
    """The French of the sentence with "approximately 60" ("une soixantaine") is published with
    the translator's ``#, ignore-numbers``. "130" becomes "135": update drops the flag, set
    for the English that was. Undone, the translation is reviewed again, and its flag comes
    back with it (check failed it, and the version could not be published again, until
    someone set the flag by hand), on a fresh clone too, from the record."""
    path = project.catalog_path(DEMO, "fr")

    def convened() -> polib.POEntry:
        (entry,) = [e for e in polib.pofile(str(path)) if e.msgid == CONVENED]
        return entry

    assert "soixantaine" in convened().msgstr
    assert convened().flags == ["ignore-numbers"]
    assert run(project, "build").exit_code == 0
    for fresh_clone in (False, True):
        edit_english(project, "the meeting convened 130", "the meeting convened 135")
        changed = run(project, "update", "--locale", "fr")
        assert "dropped #, ignore-numbers" in changed.output, changed.output
        if fresh_clone:
            shutil.rmtree(project.root / ".communique")
        edit_english(project, "the meeting convened 135", "the meeting convened 130")
        undone = run(project, "update", "--locale", "fr")
        assert "1 reviewed again" in undone.output, undone.output
        assert (convened().flags, convened().fuzzy) == (["ignore-numbers"], False)
        checked = run(project, "check", "--locale", "fr")
        assert checked.exit_code == 0, checked.output
        built = run(project, "build", "--fail-on", "stale")
        assert built.exit_code == 0, built.output


def test_an_english_wording_back_after_a_reviewed_change_has_its_own_translation_again(
    project: Project,
) -> None:
    """Reworded, the change reviewed, then reworded back: msgmerge offers the later wording's
    translation ("chaleureusement"), fuzzy; the release's reviewed translation of the wording
    it is again comes back, reviewed (as a deleted sentence's does when it is restored)."""
    path = project.catalog_path(DEMO, "fr")

    def french(english: str) -> tuple[str, bool]:
        (entry,) = [e for e in polib.pofile(str(path)) if e.msgid == english]
        return entry.msgstr, entry.fuzzy

    original = french(CONVENED)
    assert original[0].endswith(FRENCH_130)
    assert not original[1]
    edit_english(project, "the meeting convened 130", "the meeting warmly convened 130")
    assert run(project, "update", "--locale", "fr").exit_code == 0
    warmly = CONVENED.replace("meeting convened", "meeting warmly convened")
    document = polib.pofile(str(path))
    (entry,) = [e for e in document if e.msgid == warmly]
    entry.msgstr = entry.msgstr.replace("a rassemblé", "a chaleureusement rassemblé")
    entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    document.save()
    edit_english(project, "the meeting warmly convened 130", "the meeting convened 130")
    back = run(project, "update", "--locale", "fr")
    assert back.exit_code == 0, back.output
    assert "0 fuzzy, 0 new, 0 obsolete, 0 revived, 1 reviewed again" in back.output
    assert french(CONVENED) == original
    # (An undo, not a stale copy: nothing set aside.)
    assert "kept in a comment" not in back.output
    assert "set aside" not in path.read_text("utf-8")

    edit_english(project, f"{CONVENED}\n\n", "")  # deleted, and restored in a later revision
    assert run(project, "update", "--locale", "fr").exit_code == 0
    assert CONVENED not in [e.msgid for e in polib.pofile(str(path)) if not e.obsolete]
    edit_english(project, "This crucial gathering", f"{CONVENED}\n\nThis crucial gathering")
    restored = run(project, "update", "--locale", "fr")
    assert "0 new, 0 obsolete, 1 revived" in restored.output, restored.output
    assert french(CONVENED) == original


def test_a_translators_unreviewed_work_is_not_replaced_by_an_older_translation(
    project: Project,
) -> None:
    """msgmerge offers the translator's unreviewed text of the later wording: it is theirs,
    and stays, fuzzy, though the memory knows a reviewed translation of the wording back."""
    path = project.catalog_path(DEMO, "fr")
    edit_english(project, "the meeting convened 130", "the meeting warmly convened 130")
    assert run(project, "update", "--locale", "fr").exit_code == 0
    edit_french(project, DEMO, {"a rassemblé 130": "a chaleureusement rassemblé 130"})
    edit_english(project, "the meeting warmly convened 130", "the meeting convened 130")
    assert run(project, "update", "--locale", "fr").exit_code == 0
    (entry,) = [e for e in polib.pofile(str(path)) if e.msgid == CONVENED]
    assert "chaleureusement" in entry.msgstr
    assert entry.fuzzy


def test_a_newer_segmentation_of_the_same_words_is_no_change_for_readers(
    project: Project,
) -> None:
    """A record written by a communique that cut a block otherwise (a contact block in one
    segment, before its lines were kept): the words are the same, so readers are told of no
    change, the English's feed entries keep their date and the French no notice."""
    source = project.root / "source" / f"{DEMO}.txt"
    source.write_text(
        source.read_text("utf-8") + "\n\nPress contact:\nJane Roe\nTel. +33 3 88 41 25 60\n",
        "utf-8",
    )
    assert run(project, "update", "--locale", "fr").exit_code == 0
    document = polib.pofile(str(project.catalog_path(DEMO, "fr")))
    for entry in document:
        if not entry.msgstr or entry.fuzzy:
            entry.msgstr = {"Press contact:": "Contact presse :"}.get(entry.msgid, entry.msgid)
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    document.save()
    assert run(project, "build").exit_code == 0
    path = project.root / "published" / f"{DEMO}.json"
    data = json.loads(path.read_text("utf-8"))
    assert [b["breaks"] for b in data["versions"]["fr"]["blocks"] if "breaks" in b] == [[0, 1]]
    for version in data["versions"].values():
        for block in version["blocks"]:
            if block.pop("breaks", None) is not None:  # as the older segmentation had it
                pairs = block["segments"]
                block["segments"] = [
                    [" ".join(pair[i] for pair in pairs) for i in range(len(pairs[0]))]
                ]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    feed = entries(project, "en-GB/feed.atom")
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert "Changed after publication" not in built.output
    assert entries(project, "en-GB/feed.atom") == feed
    assert page(project, f"fr/{DEMO}/index.html").find_class("superseded") == []


def test_a_translation_on_a_stale_copy_is_set_aside_not_dropped(project: Project) -> None:
    """A translator works on an old copy of the catalog (from before the English became
    "135") and saves it over the newer one, a new translation of the old English in it:
    update puts back the reviewed, published translation of the English as it is, and keeps
    hers in a comment, saying so (it was dropped, "its English is back" said)."""
    assert run(project, "build").exit_code == 0
    path = project.catalog_path(DEMO, "fr")
    stale = path.read_bytes()
    edit_english(project, "the meeting convened 130", "the meeting convened 135")
    assert run(project, "update", "--locale", "fr").exit_code == 0
    document = polib.pofile(str(path))
    (entry,) = [e for e in document if e.msgid == CONVENED.replace("130", "135")]
    entry.msgstr = entry.msgstr.replace("130", "135")
    entry.flags = ["ignore-numbers"]  # ("une soixantaine": approximately 60)
    entry.previous_msgid = None
    document.save()
    reviewed = entry.msgstr
    built = run(project, "build")
    assert "Published in fr: 2 releases" in built.output
    path.write_bytes(stale)
    edit_french(project, DEMO, {"a rassemblé 130": "a réuni 130"})
    document = polib.pofile(str(path))  # (its template was made a day before this one)
    document.metadata["POT-Creation-Date"] = "2026-01-01 10:00+0000"
    document.save()
    mine = next(e.msgstr for e in polib.pofile(str(path)) if e.msgid == CONVENED)
    assert "a réuni 130" in mine
    updated = run(project, "update", "--locale", "fr")
    assert updated.exit_code == 0, updated.output
    assert (
        "      (its reviewed translation is back; the one it replaces, made for earlier English "
        "in a stale copy of the catalog, is kept in a comment)"
    ) in updated.output.splitlines()
    (entry,) = [e for e in polib.pofile(str(path)) if e.msgid == CONVENED.replace("130", "135")]
    assert (entry.msgstr, entry.fuzzy) == (reviewed, False)
    assert entry.tcomment == f"set aside by update (made for earlier English): {mine}"


def test_an_english_edit_undone_is_reviewed_again_on_a_fresh_clone_too(project: Project) -> None:
    """A fresh clone has no translation memory: the record, committed, says which translation
    readers were shown for the English, and update reviews it again as on the machine that
    published it. The same commit gives the same catalogs everywhere."""
    assert run(project, "build").exit_code == 0
    shutil.rmtree(project.root / ".communique")  # (a fresh clone)
    edit_english(project, "highly anticipated", "much anticipated")
    assert run(project, "update", "--locale", "fr").exit_code == 0
    shutil.rmtree(project.root / ".communique")
    edit_english(project, "much anticipated", "highly anticipated")
    undone = run(project, "update", "--locale", "fr")
    assert "1 reviewed again" in undone.output, undone.output
    (entry,) = [
        e for e in polib.pofile(str(project.catalog_path(DEMO, "fr"))) if "highly" in e.msgid
    ]
    assert (entry.fuzzy, entry.previous_msgid) == (False, None)


def test_a_change_is_dated_forward_and_only_where_its_readers_read_it(project: Project) -> None:
    """An English change under an 'updated:' older than it is dated and said, as one with none;
    a clock behind the last build dates a change after what the feeds said, never before; a
    translation whose own words did not change (only the English it was made from) is not
    dated."""
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8")
    source.write_text(
        text.replace("\n---\n", "\nupdated: 2023-06-09T10:00:00+02:00\n---\n", 1), "utf-8"
    )
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    french = entries(project, "fr/feed.atom")
    edit_english(project, "convened 130 delegates", "convened 135 delegates")
    built = run(project, "build", "--now", "2026-12-02T10:30:00+00:00")
    assert f"Changed after publication: {DEMO}: " in built.output
    assert record(project, DEMO)["versions"]["en-GB"]["changed"] == "2026-12-02T10:30:00+00:00"
    # The French version stays as published (its English changed): nothing of it is dated.
    assert entries(project, "fr/feed.atom") == french
    # A build with a clock behind the last one (a rehearsal's --now, SOURCE_DATE_EPOCH):
    # the next change is dated a second after the last, not back in 2025.
    edit_english(project, "convened 135 delegates", "convened 136 delegates")
    behind = run(project, "build", "--now", "2025-01-01T00:00:00+00:00")
    assert behind.exit_code == 0, behind.output
    assert record(project, DEMO)["versions"]["en-GB"]["changed"] == "2026-12-02T10:30:01+00:00"


def test_a_translation_whose_words_did_not_change_is_not_dated(project: Project) -> None:
    """The English is reworded; the French translator finds her sentence still right and
    clears the fuzzy mark with a tool that leaves PO-Revision-Date alone: no French word
    changed, so the French feed entry keeps its date."""
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    french = entries(project, "fr/feed.atom")
    edit_english(project, "highly anticipated", "much anticipated")
    assert run(project, "update").exit_code == 0
    review_french(project)
    built = run(project, "build", "--now", "2026-12-02T10:30:00+00:00")
    assert built.exit_code == 0, built.output
    assert "STILL ONLINE" not in built.output
    assert entries(project, "fr/feed.atom") == french
    assert "changed" not in record(project, DEMO)["versions"]["fr"]


def test_an_error_in_a_reviewed_entry_keeps_the_published_text(project: Project) -> None:
    assert run(project, "build").exit_code == 0
    before = page(project, f"fr/{SECOND}/index.html").find(".//article")
    edit_french(project, SECOND, {"1\u202f200": "1\u202f300"})  # a wrong number, reviewed
    published = run(project, "publish")
    assert published.exit_code == 0, published.output
    assert "errors in reviewed entries: 1" in published.output
    assert (
        f"STILL ONLINE FROM THE RECORD in fr: {SECOND} (as last published) because: "
        "1 error in reviewed entries"
    ) in published.output
    after = page(project, f"fr/{SECOND}/index.html").find(".//article")
    # English unchanged: no notice; the text is the one published, not the wrong number.
    assert etree.tostring(after) == etree.tostring(before)
    assert "1\u202f200 observateurs" in after.text_content()


def test_withdrawn_stays_offline_until_undone(project: Project) -> None:
    assert run(project, "build").exit_code == 0
    withdrawn = run(project, "withdraw", DEMO, "--locale", "fr")
    assert withdrawn.exit_code == 0, withdrawn.output
    assert withdrawn.output == (
        f"{DEMO}: fr: withdrawn at the next build\n"
        f"published/{DEMO}.json: written; run 'communique build', and commit the record.\n"
    )
    assert record(project, DEMO)["withdrawn"] == ["fr"]
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert f"Withdrawn in fr: {DEMO}" in built.output
    # Withdrawn while it waits for a review too: it is said withdrawn, not waiting (and
    # withdrawing it says it was not online: nothing goes offline).
    italian = run(project, "withdraw", DEMO, "--locale", "it")
    assert italian.exit_code == 0, italian.output
    assert italian.output.splitlines()[0] == (
        f"{DEMO}: it: withdrawn (it was not online): it stays offline, whatever its catalog "
        "says, until 'withdraw --undo'"
    )
    built = run(project, "build")
    assert f"Withdrawn in it: {DEMO}" in built.output
    assert f"Waiting in it: {DEMO}" not in built.output
    out = project.root / "output"
    assert not (out / "fr" / DEMO).exists()  # page and folder gone
    assert (out / "fr" / SECOND / "index.html").is_file()
    assert [p for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())] == []
    titles = entries(project, "fr/feed.atom")
    assert list(titles) == ["Des observateurs déployés pour le scrutin"]
    links = [a.get("hreflang") for a in page(project, f"en-GB/{DEMO}/index.html").iter("a")]
    assert "fr" not in links
    # A translator's next save does not bring it back; status says why.
    edit_french(project, DEMO, {"délégués": "délégués"})
    (project.catalog_path(DEMO, "fr")).touch()
    assert run(project, "build").exit_code == 0
    assert not (out / "fr" / DEMO).exists()
    status = json.loads(run(project, "status", DEMO, "--json").stdout)
    assert {row["locale"]: row["online"] for row in status}["fr"] == "withdrawn"
    again = run(project, "withdraw", DEMO, "-l", "fr")
    assert again.output == f"{DEMO}: fr: already withdrawn\n"

    undone = run(project, "withdraw", DEMO, "-l", "fr", "--undo")
    assert undone.exit_code == 0, undone.output
    assert undone.output.startswith(f"{DEMO}: fr: back online at the next build\n")
    assert run(project, "build").exit_code == 0
    assert (out / "fr" / DEMO / "index.html").is_file()
    let_go = run(project, "withdraw", DEMO, "-l", "it", "--undo")
    assert let_go.output.splitlines()[0] == (
        f"{DEMO}: it: no longer withdrawn; it goes online when it passes the gate"
    )
    # Never withdrawn: nothing to undo (it said "already back online", of a version never out).
    never = run(project, "withdraw", DEMO, "-l", "de", "--undo")
    assert never.output == f"{DEMO}: de: not withdrawn: nothing to undo\n"


def test_withdrawing_a_release_takes_every_language_offline(project: Project) -> None:
    assert run(project, "build").exit_code == 0
    result = run(project, "withdraw", DEMO)
    assert result.output.startswith(f"{DEMO}: en-GB (the whole release): withdrawn")
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    out = project.root / "output"
    assert sorted(p.parent.name for p in out.rglob("index.html") if p.parent.name == DEMO) == []
    assert sorted(p.parent.name for p in out.rglob("index.html") if p.parent.name == SECOND)
    sitemap = "".join(p.read_text("utf-8") for p in (out / "sitemaps").glob("*.xml"))
    assert DEMO not in sitemap
    unknown = run(project, "withdraw", "2020-01-01-nothing")
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "Error: no release '2020-01-01-nothing' in source/ and no record of it in published/\n"
    )
    # One language let back while the whole release is withdrawn: it would stay offline.
    partly = run(project, "withdraw", DEMO, "-l", "fr", "--undo")
    assert partly.exit_code == 1
    assert partly.stderr == (
        f"Error: {DEMO}: the whole release is withdrawn: 'communique withdraw {DEMO} --undo' "
        "lets it back, in every language not withdrawn on its own\n"
    )
    bad_locale = run(project, "withdraw", DEMO, "-l", "pt")
    assert bad_locale.stderr == (
        "Error: 'pt' is not a language of the project (en-GB, fr, de, it, ru, es)\n"
    )


def test_a_state_s_entry_back_in_the_original_after_a_withdrawal_is_updated(
    project: Project,
) -> None:
    """France's feeds carried the French under the English entry's id; the French withdrawn,
    the entry shows the English again, updated after the French it showed (its own updated is
    earlier: feed readers kept the withdrawn text). A build from nothing gives the same."""
    assert run(project, "build").exit_code == 0
    out = project.root / "output"

    def entry(path: str) -> Any:
        feed = feedparser.parse((out / path).read_bytes())
        (found,) = [e for e in feed.entries if f"/{DEMO}/" in e.link]
        return found

    paths = ["states/fr/feed.atom", "states/fr/all/feed.atom", "states/be/all/feed.rss"]
    french = {path: entry(path) for path in paths}
    assert {e.link.split("/")[-3] for e in french.values()} == {"fr"}
    english_updated = entry("en-GB/feed.atom").updated_parsed
    assert all(e.updated_parsed > english_updated for e in french.values())
    assert run(project, "withdraw", DEMO, "--locale", "fr").exit_code == 0
    assert run(project, "build").exit_code == 0
    for path, before in french.items():
        after = entry(path)
        assert (after.id, after.link.split("/")[-3]) == (before.id, "en-GB"), path
        assert after.updated_parsed > before.updated_parsed, path
    made = tree(out)
    shutil.rmtree(out)
    shutil.rmtree(project.root / ".communique")
    assert run(project, "build").exit_code == 0
    assert tree(out) == made


def test_a_state_feed_in_english_never_goes_back_after_a_withdrawal_undone(
    project: Project,
) -> None:
    """The United States' feeds show the releases in English. The whole release withdrawn,
    their updated went up to the French version's (later than the English: a translation
    those feeds never showed); let back, down again to the English's: a feed's updated that
    went back. While withdrawn, they go by what they showed; and they never go back."""
    edit_english(project, "\ndate: 2023-06-07\n", "\ndate: 2023-06-07\nstates: [FR, US]\n")
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    out = project.root / "output"

    def updated(path: str) -> str:
        parsed = feedparser.parse((out / path).read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        return str(parsed.feed.updated)

    feed = "states/us/feed.atom"
    english = entry_of(project, "en-GB/feed.atom", DEMO).updated
    french = entry_of(project, "fr/feed.atom", DEMO).updated
    assert french > english
    assert entry_of(project, feed, DEMO).link.split("/")[-3] == "en-GB"
    first = updated(feed)
    assert run(project, "withdraw", DEMO).exit_code == 0
    assert run(project, "build", "--now", "2026-12-02T09:00:00+00:00").exit_code == 0
    withdrawn = updated(feed)
    assert withdrawn < french
    assert run(project, "withdraw", DEMO, "--undo").exit_code == 0
    assert run(project, "build", "--now", "2026-12-03T09:00:00+00:00").exit_code == 0
    assert updated(feed) >= withdrawn >= first


def test_a_language_taken_out_of_the_targets_goes_offline_only_when_withdrawn(
    project: Project,
) -> None:
    """French taken out of languages.targets took its pages and feeds offline with no word
    (the record still said it was online): the build stops, naming the way out, with
    nothing changed; 'withdraw --locale fr' takes it offline from every release, recorded."""
    assert run(project, "build").exit_code == 0
    out = project.root / "output"
    before = tree(out)
    assert f"fr/{DEMO}/index.html" in before
    assert f"fr/{SECOND}/index.html" in before
    config = project.root / "communique.toml"
    config.write_text(config.read_text("utf-8").replace('"fr", ', "", 1), "utf-8")
    assert '"fr"' not in config.read_text("utf-8")
    stopped = run(project, "build")
    assert stopped.exit_code == 1
    assert stopped.stderr == (
        f"Error: published/{DEMO}.json: 'fr' is published (the record has it, not withdrawn), "
        "and no longer a language of the project (languages.targets in communique.toml): its "
        "pages and feeds would go offline with no word to their readers; put 'fr' back, or "
        "take it offline on purpose with 'communique withdraw --locale fr' (every release); "
        "nothing was built\n"
    )
    assert tree(out) == before
    withdrawn = run(project, "withdraw", "--locale", "fr")
    assert withdrawn.exit_code == 0, withdrawn.output
    assert withdrawn.output.splitlines() == [
        line
        for slug in sorted((DEMO, SECOND))
        for line in (
            f"{slug}: fr: withdrawn at the next build",
            f"published/{slug}.json: written; run 'communique build', and commit the record.",
        )
    ]
    assert run(project, "build").exit_code == 0
    assert not (out / "fr").exists()
    assert record(project, DEMO)["withdrawn"] == ["fr"]
    assert "fr" in record(project, DEMO)["versions"]
    again = run(project, "withdraw", "--locale", "fr")
    assert again.output.splitlines()[0] == f"{DEMO}: fr: already withdrawn"
    nothing = run(project, "withdraw", "--locale", "de")
    assert nothing.output == "No release has a version in de online: nothing to do.\n"
    whole = run(project, "withdraw", "--locale", "en-GB")
    assert whole.exit_code == 1
    assert "withdrawing it takes whole releases offline" in whole.stderr


def test_a_state_lists_a_release_in_its_page_s_language_first(project: Project) -> None:
    """Belgium's page is in French; the German version, out in the same build, came first on
    it (by tag: de before fr). (Its feeds go by when each changed.)"""
    edit_english(project, "\ndate: 2023-06-07\n", "\ndate: 2023-06-07\nstates: [BE]\n")
    translate(project, DEMO, "de", references("de"))
    assert run(project, "build").exit_code == 0
    belgium = page(project, "states/be/index.html")
    assert belgium.get("lang") == "fr"
    shown = [
        a.get("href").split("/")[-3]
        for a in belgium.findall(".//ol//a")
        if DEMO in (a.get("href") or "")
    ]
    assert shown[:2] == ["fr", "de"]


def test_a_withdrawn_translation_hands_no_other_language_its_state_entry(
    project: Project,
) -> None:
    """Switzerland's feed of all releases carried the French under the English entry's id and
    the Italian, out in the same build, as an entry of its own. The French withdrawn, the
    Italian took over the English entry's id and left its own: readers had the Italian twice,
    its own entry never updated again. The English entry shows the English, updated after the
    French it showed, and the Italian keeps its entry, unchanged; a build from nothing gives
    the same; the French let back takes the English entry again."""
    translate(project, DEMO, "it", references("it"))
    french = polib.pofile(str(project.catalog_path(DEMO, "fr"))).metadata["PO-Revision-Date"]
    italian = polib.pofile(str(project.catalog_path(DEMO, "it")))
    italian.metadata["PO-Revision-Date"] = french  # (revised the same minute)
    italian.save()
    assert run(project, "build").exit_code == 0
    out = project.root / "output"

    def entries() -> dict[str, Any]:
        feed = feedparser.parse((out / "states/ch/all/feed.atom").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        return {e.id.rpartition("/")[2]: e for e in feed.entries if DEMO in e.link}

    def shown(found: dict[str, Any]) -> dict[str, str]:
        """Each entry's id's language, and the language of the page it links."""
        return {key: entry.link.split("/")[-3] for key, entry in found.items()}

    before = entries()
    assert shown(before) == {"en-GB": "fr", "it": "it"}
    assert run(project, "withdraw", DEMO, "--locale", "fr").exit_code == 0
    assert run(project, "build").exit_code == 0
    after = entries()
    assert shown(after) == {"en-GB": "en-GB", "it": "it"}
    assert after["en-GB"].updated_parsed > before["en-GB"].updated_parsed
    assert (after["it"].id, after["it"].updated) == (before["it"].id, before["it"].updated)
    made = tree(out)
    shutil.rmtree(out)
    shutil.rmtree(project.root / ".communique")
    assert run(project, "build").exit_code == 0
    assert tree(out) == made
    assert run(project, "withdraw", DEMO, "--locale", "fr", "--undo").exit_code == 0
    assert run(project, "build").exit_code == 0
    back = entries()
    assert shown(back) == {"en-GB": "fr", "it": "it"}
    assert back["en-GB"].updated_parsed > after["en-GB"].updated_parsed
    # The Italian withdrawn: the French entry showed no Italian, and is not updated for it.
    assert run(project, "withdraw", DEMO, "--locale", "it").exit_code == 0
    assert run(project, "build").exit_code == 0
    (kept,) = entries().values()
    assert (kept.id, kept.link, kept.updated) == (
        back["en-GB"].id,
        back["en-GB"].link,
        back["en-GB"].updated,
    )


def test_a_language_whose_every_release_is_withdrawn_keeps_its_feeds(project: Project) -> None:
    """Readers subscribed to the French feed still find it, empty, once every French version
    is withdrawn, and the French listing says there is none: not a missing page. The other
    pages do not offer French. A build from nothing makes the same files."""
    assert run(project, "build").exit_code == 0
    out = project.root / "output"
    newest = max(e.updated_parsed for e in feedparser.parse(out / "fr" / "feed.atom").entries)
    topics = {
        p.relative_to(out).as_posix(): feedparser.parse(p).feed.updated_parsed
        for p in (out / "fr" / "tags").rglob("feed.atom")
    }
    assert len(topics) >= 3
    france = feedparser.parse(out / "states" / "fr" / "feed.atom").feed.updated_parsed
    everything = {
        path.parent.parent.name: feedparser.parse(path.read_bytes()).feed.updated_parsed
        for path in (out / "states").glob("*/all/feed.atom")
    }
    # The whole of one release (Italian, under review, was never published), French of both.
    assert run(project, "withdraw", DEMO).exit_code == 0
    assert run(project, "withdraw", SECOND, "--locale", "fr").exit_code == 0
    assert run(project, "build").exit_code == 0
    # The topics' feeds and France's stay for their readers, empty, as of when they changed.
    for path, updated in topics.items():
        parsed = feedparser.parse((out / path).read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries == [], path
        assert parsed.feed.updated_parsed >= updated, path
        assert (out / path).with_name("feed.rss").is_file()
        assert (out / path).with_name("index.html").is_file()
    state = feedparser.parse((out / "states" / "fr" / "feed.atom").read_bytes())
    assert state.entries == []
    assert state.feed.updated_parsed >= france
    # Every state's feed of all releases too: the newest withdrawn, not the next one's date.
    for path in sorted((out / "states").glob("*/all/feed.atom")):
        code = path.parent.parent.name
        assert feedparser.parse(path.read_bytes()).feed.updated_parsed >= everything[code], path
    for name in ("feed.atom", "feed.rss"):
        parsed = feedparser.parse((out / "fr" / name).read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.entries == []
        assert parsed.feed.link == "https://press.example.org/fr/"
        # Not back to the project's first day: it changed when its newest went.
        assert parsed.feed.updated_parsed == newest
    assert not (out / "it").exists()  # never published: no feed to keep
    conforming(project)
    listing = page(project, "fr/index.html")
    assert [p.text_content() for p in listing.find_class("empty")] == [
        "Aucun communiqué de presse pour l’instant."
    ]
    assert listing.find(".//ol") is None
    english = page(project, "en-GB/index.html")
    assert "fr" not in [a.get("hreflang") for a in english.iter("a")]
    links = [a.get("href") for a in page(project, "index.html").iter("a")]
    assert "en-GB/feed.atom" in links
    assert [link for link in links if link.startswith("fr/")] == []
    made = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    shutil.rmtree(out)
    shutil.rmtree(project.root / ".communique")
    assert run(project, "build").exit_code == 0
    again = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert again == made


def test_a_build_without_its_cache_clears_what_went_offline(project: Project) -> None:
    """A fresh clone, a copied project, or '.communique/' deleted: the build cannot know which
    files of output/ an earlier build made, so it clears every file it does not make. A
    withdrawn version and a release embargoed after it was published leave no page, feed
    entry or sitemap line behind; a version control folder in output/ stays."""
    assert run(project, "build").exit_code == 0
    out = project.root / "output"
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (out / "fr" / "old-page.html").write_text("<p>left by hand</p>", "utf-8")
    # What a deployment keeps beside the site: a build makes none of these.
    deployed = {
        "CNAME": "press.example.org\n",
        ".htaccess": "Redirect 301 /old /new\n",
        ".well-known/security.txt": "Contact: mailto:press@example.org\n",
        "other-app/index.php": "<?php echo 1;\n",
        "fr/.htaccess": "Options -Indexes\n",
    }
    for name, text in deployed.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, "utf-8")
    shutil.rmtree(project.root / ".communique")
    assert run(project, "withdraw", DEMO, "--locale", "fr").exit_code == 0
    source = project.root / "source" / f"{SECOND}.md"
    text = source.read_text("utf-8")
    assert text.startswith("---\n")
    source.write_text("---\nembargo: 2099-01-15T09:00:00+01:00\n" + text[4:], "utf-8")
    shutil.rmtree(project.root / ".communique")
    built = run(project, "build", "--now", "2026-12-01T12:00:00+00:00")
    assert built.exit_code == 0, built.output
    assert f"Withdrawn in fr: {DEMO}" in built.output
    assert f"Embargoed until 2099-01-15T09:00:00+01:00: {SECOND}" in built.output
    assert "output: no note of its last build, so what this one does not make went: " in (
        built.output
    )
    assert "fr/old-page.html" in built.output
    for name, text in deployed.items():
        assert (out / name).read_text("utf-8") == text, name
    assert not (out / "fr" / DEMO).exists()
    assert not (out / "fr" / "old-page.html").exists()
    assert mentions(project, SECOND) == []
    assert "Des observateurs déployés pour le scrutin" not in str(public_files(project))
    assert (out / ".git" / "HEAD").read_text("utf-8") == "ref: refs/heads/main\n"
    assert [p for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())] == []
    # The staff dashboard keeps what guards it.
    assert run(project, "status", "--html").exit_code == 0
    guard = project.status_dir / ".htaccess"
    guard.write_text("Require valid-user\n", "utf-8")
    shutil.rmtree(project.root / ".communique")
    assert run(project, "status", "--html").exit_code == 0
    assert guard.read_text("utf-8") == "Require valid-user\n"
    # The same site as a build from nothing makes.
    kept = public_files(project)
    for name in deployed:
        (out / name).unlink()
    shutil.rmtree(out)
    shutil.rmtree(project.root / ".communique")
    assert run(project, "build", "--now", "2026-12-01T12:00:00+00:00").exit_code == 0
    assert public_files(project) == kept


def test_a_site_folder_that_links_to_a_web_root_is_not_cleared(
    project: Project, tmp_path: Path
) -> None:
    """output/ made a link to a web root that holds others' files is not the project's own
    folder: with no note of a last build there, the build refuses, and removes nothing."""
    webroot = tmp_path / "www"
    (webroot / "intranet").mkdir(parents=True)
    (webroot / "intranet" / "index.html").write_text("<p>staff</p>", "utf-8")
    (project.root / "output").symlink_to(webroot)
    refused = run(project, "build")
    assert refused.exit_code == 1
    assert f"Error: {webroot}: holds files, and no earlier build of it is known" in refused.stderr
    assert [p.relative_to(webroot).as_posix() for p in webroot.rglob("*")] == [
        "intranet",
        "intranet/index.html",
    ]


def test_a_file_the_build_cannot_remove_is_named_and_the_rest_recorded(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page that should go and cannot (another user's file in a shared web root): the build
    names it, exits 1, and records what it published all the same; the next build tries
    again. (The file system's refusal is injected: as root, no mode refuses.)"""
    assert run(project, "build").exit_code == 0
    out = project.root / "output"
    stray = out / "fr" / "stray" / "index.html"
    stray.parent.mkdir()
    stray.write_text("<p>stray</p>", "utf-8")
    shutil.rmtree(project.root / ".communique")
    edit_english(project, "convened 130 delegates", "convened 135 delegates")
    unlink = Path.unlink

    def refuse(path: Path, missing_ok: bool = False) -> None:
        if path.name == "index.html" and path.parent.name == "stray":
            raise PermissionError(1, "Operation not permitted", str(path))
        unlink(path, missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    for _ in range(2):
        built = run(project, "build")
        assert built.exit_code == 1
        assert (
            "Cannot remove output/fr/stray/index.html: Operation not permitted (it stays online)"
        ) in built.output
        assert built.stderr == (
            f"Error: cannot remove {out}/fr/stray/index.html: Operation not permitted\n"
        )
    assert any(
        "135 delegates" in s[0]
        for b in record(project, DEMO)["versions"]["en-GB"]["blocks"]
        for s in b.get("segments", [])
    )
    assert not [p for p in (project.root / "published").iterdir() if p.name.startswith(".")]


def test_a_folder_no_build_made_is_not_cleared(project: Project, tmp_path: Path) -> None:
    """--out into a folder of other files, or around the project itself, is refused before
    anything is written; a folder a communique build made is cleared like output/."""
    elsewhere = tmp_path / "www"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("mine", "utf-8")
    refused = run(project, "build", "--out", str(elsewhere))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: {elsewhere}: holds files, and no earlier build of it is known (nor is it a "
        "site communique made: no sitemap.xml and feeds by communique): build into an empty "
        "or new folder, or empty this one\n"
    )
    assert sorted(p.name for p in elsewhere.iterdir()) == ["notes.txt"]
    around = run(project, "build", "--out", str(project.root.parent))
    assert around.exit_code == 1
    assert around.stderr == (
        f"Error: {project.root.parent}: the site would hold the project itself: choose a folder "
        "of its own\n"
    )
    (elsewhere / "notes.txt").unlink()
    assert run(project, "build", "--out", str(elsewhere)).exit_code == 0
    (elsewhere / "en-GB" / "stray.html").write_text("<p>stray</p>", "utf-8")
    (elsewhere / "robots.txt").write_text("User-agent: *\n", "utf-8")  # a build makes none
    shutil.rmtree(project.root / ".communique")
    again = run(project, "build", "--out", str(elsewhere))
    assert again.exit_code == 0, again.output
    assert not (elsewhere / "en-GB" / "stray.html").exists()
    assert (elsewhere / "robots.txt").is_file()
    # A language's folder of a site is no site's root.
    shutil.rmtree(project.root / ".communique")
    inside = run(project, "build", "--out", str(elsewhere / "en-GB"))
    assert inside.exit_code == 1
    assert "holds files, and no earlier build of it is known" in inside.stderr
    assert (elsewhere / "en-GB" / DEMO / "index.html").is_file()


def test_a_broken_catalog_stops_only_its_own_version(project: Project) -> None:
    path = project.catalog_path(DEMO, "fr")
    text = path.read_text("utf-8")
    line = text.splitlines().index('msgstr "Strasbourg"') + 1
    path.write_text(text.replace('msgstr "Strasbourg"', 'msgstr "Stras"bourg"', 1), "utf-8")
    built = run(project, "build")
    assert built.exit_code == 1
    assert built.stderr.startswith(BROKEN.format(slug=DEMO, line=line))
    out = project.root / "output"
    # Never published: that version waits; everything else is built.
    assert not (out / "fr" / DEMO).exists()
    for published in (f"en-GB/{DEMO}", f"en-GB/{SECOND}", f"fr/{SECOND}"):
        assert (out / published / "index.html").is_file(), published
    assert f"Waiting in fr: {DEMO}: cannot be read: locale/fr/" in built.output
    # update, status and check name the file too, and do the rest.
    for command in ("update", "status", "check", "draft"):
        result = run(project, command, *(["--engine", "none"] if command == "draft" else []))
        assert result.exit_code == 1, command
        named = BROKEN.format(slug=DEMO, line=line)
        if command == "check":  # a finding among the others, as check lists them
            named = named.replace("Error: ", "").replace(": syntax", ": error: syntax")
        assert named in (result.stderr if command != "check" else result.stdout), command
        if command == "draft":  # every locale drafted, French too (its other release)
            for locale in ("fr", "de", "it", "ru", "es"):
                assert f"\n{locale}: drafted " in "\n" + result.stdout, locale

    # Mended, published and recorded, then broken again: the recorded version stays online.
    path.write_text(text, "utf-8")
    assert run(project, "build").exit_code == 0
    path.write_text(text.replace('msgstr "Strasbourg"', 'msgstr "Stras"bourg"', 1), "utf-8")
    again = run(project, "build")
    assert again.exit_code == 1
    assert (out / "fr" / DEMO / "index.html").is_file()
    assert (
        f"STILL ONLINE FROM THE RECORD in fr: {DEMO} (as last published) because: cannot be "
        f"read: locale/fr/LC_MESSAGES/{DEMO}.po:{line}: syntax error"
    ) in again.output


def test_an_emptied_catalog_is_not_started_again(project: Project) -> None:
    """A translator's tool that crashed while saving left the French catalog empty: update
    does not merge it as a new catalog (every reviewed translation gone), but names it; the
    French stays online from the record. Deleted on purpose, it is made again, with the
    reviewed translations readers were shown."""
    assert run(project, "build").exit_code == 0
    # A draft run reads the catalogs into the translation memory, as any run of draft does.
    assert run(project, "draft", "--locale", "fr", "--engine", "pseudo").exit_code == 0
    path = project.catalog_path(DEMO, "fr")
    path.write_bytes(b"")
    updated = run(project, "update")
    assert updated.exit_code == 1
    assert updated.stderr.endswith(
        f"locale/fr/LC_MESSAGES/{DEMO}.po: the file is empty, not a catalog (a save that did "
        "not finish?): restore it, or delete it and run 'communique update' to start it again\n"
    )
    assert path.read_bytes() == b""
    built = run(project, "build")
    assert built.exit_code == 1
    assert f"STILL ONLINE FROM THE RECORD in fr: {DEMO} (as last published) because: " in (
        built.output
    )
    assert FRENCH_130 in page(project, f"fr/{DEMO}/index.html").text_content()
    path.unlink()
    made = run(project, "update")
    assert made.exit_code == 0
    assert "reviewed translations brought back" in made.output
    (entry,) = [e for e in polib.pofile(str(path)) if e.msgid == CONVENED]
    assert (entry.msgstr.endswith(FRENCH_130), entry.fuzzy) == (True, False)


def test_an_unreadable_release_is_served_from_its_record(project: Project) -> None:
    assert run(project, "build").exit_code == 0
    source = project.root / "source" / f"{SECOND}.md"
    source.write_text(source.read_text("utf-8").replace("date:", "dat:"), "utf-8")
    built = run(project, "build")
    assert built.exit_code == 1
    assert (
        built.stderr
        == (f"Error: source/{SECOND}.md:3: unknown front matter key 'dat' (expected one of: ")
        + built.stderr.split("(expected one of: ")[1]
    )
    out = project.root / "output"
    for path in (f"en-GB/{SECOND}", f"fr/{SECOND}", f"en-GB/{DEMO}", f"fr/{DEMO}"):
        assert (out / path / "index.html").is_file(), path
    assert f"STILL ONLINE FROM THE RECORD in en-GB: {SECOND}" in built.output


def test_a_record_with_a_merge_conflict_stops_the_build_before_it_takes_anything_offline(
    project: Project,
) -> None:
    """A merge conflict left in a record: built without it, every version only the record
    keeps online (its English changed since) would go offline, with its language's feeds.
    The build names it and builds nothing; the record is left for its author to mend."""
    for made in [*(project.root / "source").iterdir(), *(project.root / "locale").rglob("*.po")]:
        os.utime(made, ns=(10**18, 10**18))  # 2001: long before the builds
    assert run(project, "build").exit_code == 0
    edit_english(project, "convened 130 delegates", "brought together 130 delegates")
    assert run(project, "update").exit_code == 0
    built = run(project, "build")
    assert f"STILL ONLINE FROM THE RECORD in fr: {DEMO}" in built.output
    out = project.root / "output"
    site = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    path = project.root / "published" / f"{DEMO}.json"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    conflicted = "".join([*lines[:3], "<<<<<<< HEAD\n", *lines[3:]])
    path.write_text(conflicted, "utf-8")
    for change in ("nothing else", "another release"):
        if change == "another release":
            source = project.root / "source" / f"{SECOND}.md"
            source.write_text(source.read_text("utf-8").replace("1,200", "1,300"), "utf-8")
        again = run(project, "build")
        assert again.exit_code == 1, change
        assert again.stderr == (
            f"Error: published/{DEMO}.json:4: a merge conflict left in it: each side is a whole "
            f"record; keep one (git checkout --theirs published/{DEMO}.json, or --ours), the "
            "one whose dates are the later where they differ (feed readers have those: dated "
            "back, they would keep the other text), and publish again, which records what goes "
            "online; nothing was built, lest the versions it keeps online go offline: mend it, "
            "and build again\n"
        )
        assert path.read_text("utf-8") == conflicted  # left for its author to mend
        assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == site
    # status says it cannot tell where the versions stand, and why; publish changes nothing.
    status = run(project, "status", DEMO)
    assert status.exit_code == 1
    assert "unknown: its record cannot be read" in status.stdout
    assert status.stderr.startswith(f"Error: published/{DEMO}.json:4: a merge conflict left in it")
    catalogs = {p: p.read_bytes() for p in (project.root / "locale").rglob("*.po")}
    published = run(project, "publish")
    assert published.exit_code == 1
    assert published.stderr.endswith(
        "; publish changed nothing: mend it first (built without it, the versions it keeps "
        "online would go offline)\n"
    )
    assert {p: p.read_bytes() for p in (project.root / "locale").rglob("*.po")} == catalogs
    path.write_text("".join(lines), "utf-8")
    mended = run(project, "build")
    assert mended.exit_code == 0, mended.output
    assert (out / "fr" / DEMO / "index.html").is_file()


def test_a_build_that_would_take_a_version_offline_unasked_builds_nothing(
    project: Project,
) -> None:
    """The record of a release whose French is online only from it (the English changed
    since) is deleted by mistake (a merge taken the wrong way): the build would take the French
    offline. It stops before it writes anything, naming the version and what to restore, and
    does so at every build until the record is back or the version withdrawn. Withdrawn,
    removed: nothing is said."""
    assert run(project, "build").exit_code == 0
    edit_english(project, "convened 130 delegates", "brought together 130 delegates")
    assert run(project, "update").exit_code == 0
    assert f"STILL ONLINE FROM THE RECORD in fr: {DEMO}" in run(project, "build").output
    out = project.root / "output"
    site = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    record = project.root / "published" / f"{DEMO}.json"
    kept = record.read_bytes()
    record.unlink()
    refused = (
        f"Error: nothing was built: it would take offline what the last build published, though "
        f"nobody withdrew it ({DEMO} in fr): neither its catalog nor its record can show it now "
        f"(published/{DEMO}.json deleted, or changed by hand?); restore the record from the "
        "project's history, or withdraw it with 'communique withdraw'. (A checkout of another "
        "branch, or of a commit before the one built last, is no reason to withdraw it: build "
        "each branch with a cache of its own, or remove .communique/cache.sqlite to build this "
        "one as a fresh clone is)\n"
    )
    for _ in range(2):
        built = run(project, "build")
        assert (built.exit_code, built.stderr) == (1, refused)
        assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == site
        assert not record.exists()  # (no record written without the French)
    record.write_bytes(kept)  # restored from git
    restored = run(project, "build")
    assert restored.exit_code == 0, restored.output
    assert f"STILL ONLINE FROM THE RECORD in fr: {DEMO}" in restored.output
    # Withdrawn on purpose, or its release removed: nothing to say.
    assert run(project, "withdraw", SECOND, "--locale", "fr").exit_code == 0
    assert run(project, "remove", DEMO).exit_code == 0
    quiet = run(project, "build")
    assert quiet.exit_code == 0, quiet.output


def test_a_fresh_clone_builds_the_same_site_from_the_record(
    project: Project, tmp_path: Path
) -> None:
    assert run(project, "build").exit_code == 0
    edit_english(project, "convened 130 delegates", "brought together 130 delegates")
    assert run(project, "update").exit_code == 0
    assert run(project, "build").exit_code == 0
    clone = tmp_path / "clone"
    shutil.copytree(project.root, clone, ignore=shutil.ignore_patterns(".communique", "output"))
    cloned = Project.load(clone)
    assert run(cloned, "build").exit_code == 0
    site = {
        p.relative_to(project.root / "output"): p.read_bytes()
        for p in (project.root / "output").rglob("*")
        if p.is_file()
    }
    again = {
        p.relative_to(clone / "output"): p.read_bytes()
        for p in (clone / "output").rglob("*")
        if p.is_file()
    }
    assert again == site
    assert page(cloned, f"fr/{DEMO}/index.html").find_class("superseded")


def test_rename_keeps_the_feed_entry_and_leaves_a_redirect(project: Project) -> None:
    assert run(project, "build").exit_code == 0
    feed_before = entries(project, "fr/feed.atom")
    catalogs_before = {
        locale: polib.pofile(str(project.catalog_path(SECOND, locale)))
        for locale in project.settings.target_locales
    }
    new = "2024-03-01-election-observers-deployed"
    renamed = run(project, "rename", SECOND, new)
    assert renamed.exit_code == 0, renamed.output
    assert f"source/{SECOND}.md → source/{new}.md\n" in renamed.output
    assert f"published/{SECOND}.json → published/{new}.json\n" in renamed.output
    root = project.root
    assert not list(root.rglob(f"{SECOND}.*"))  # nothing left under the old name
    text = (root / "source" / f"{new}.md").read_text("utf-8")
    assert text.startswith("---\nid: odihr-observers-2024\n")  # its own id, kept as it was
    assert f'aliases: ["{SECOND}"]\n---\n' in text
    for locale, before in catalogs_before.items():
        after = polib.pofile(str(project.catalog_path(new, locale)))
        assert [(e.msgid, e.msgstr, e.fuzzy) for e in after] == [
            (e.msgid, e.msgstr, e.fuzzy) for e in before
        ], locale
        assert all(o[0] == f"source/{new}.md" for e in after for o in e.occurrences)
    assert record(project, new)["release"] == new
    assert run(project, "update", "--check").exit_code == 0

    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert "STILL ONLINE" not in built.output
    # Feed readers see the same entry (same id), now linking to the new address.
    feed_after = entries(project, "fr/feed.atom")
    assert feed_after.keys() == feed_before.keys()
    title = "Des observateurs déployés pour le scrutin"
    assert feed_after[title][0] == feed_before[title][0]
    parsed = feedparser.parse((root / "output" / "fr" / "feed.atom").read_bytes())
    (entry,) = [e for e in parsed.entries if e.title == title]
    assert entry.link == f"https://press.example.org/fr/{new}/"
    # The old address sends readers on.
    for locale in ("en-GB", "fr"):
        old = page(project, f"{locale}/{SECOND}/index.html")
        refresh = old.find(".//meta[@http-equiv='refresh']").get("content")
        assert refresh == f"0; url=../../{locale}/{new}/"
        canonical = old.find(".//link[@rel='canonical']").get("href")
        assert canonical == f"https://press.example.org/{locale}/{new}/"
        assert old.find(".//meta[@name='robots']").get("content") == "noindex"
        # (On a phone, the link it shows a reader without a refresh is at the phone's width.)
        assert old.find(".//meta[@name='viewport']").get("content").startswith("width=device")
    assert (root / "output" / "fr" / new / "index.html").is_file()
    sitemap = "".join(p.read_text("utf-8") for p in (root / "output" / "sitemaps").glob("*"))
    assert f"/{SECOND}/" not in sitemap
    assert f"/{new}/" in sitemap

    taken = run(project, "rename", new, DEMO)
    assert taken.exit_code == 1
    assert taken.stderr.startswith(f"Error: cannot rename '{new}' to '{DEMO}': ")
    # A rename undone: the old slug is the release's own again, no alias of it.
    back = run(project, "rename", new, SECOND)
    assert back.exit_code == 0, back.output
    text = (root / "source" / f"{SECOND}.md").read_text("utf-8")
    assert f'aliases: ["{new}"]\n---\n' in text
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert entries(project, "fr/feed.atom")[title][0] == feed_before[title][0]
    assert (root / "output" / "fr" / SECOND / "index.html").is_file()
    assert page(project, f"fr/{new}/index.html").find(".//meta[@http-equiv='refresh']") is not None


def test_a_version_online_from_the_record_leaves_a_redirect_when_renamed(
    project: Project,
) -> None:
    """The English moved on, and French is online as last published; then the release is
    renamed. Readers of the old French address are sent to the new one, as readers of the
    current English are, also from a fresh clone."""
    assert run(project, "build").exit_code == 0
    source = project.root / "source" / f"{SECOND}.md"
    text = source.read_text("utf-8")
    assert "Some 1,200 observers" in text
    source.write_text(text.replace("Some 1,200 observers", "Some 1,300 observers"), "utf-8")
    assert run(project, "update").exit_code == 0
    built = run(project, "build")
    assert f"fr: {SECOND}" in built.output.split("STILL ONLINE")[1]
    new = "2024-03-01-election-observers-deployed"
    assert run(project, "rename", SECOND, new).exit_code == 0
    shutil.rmtree(project.root / "output")
    shutil.rmtree(project.root / ".communique")
    fresh = run(project, "build")
    assert fresh.exit_code == 0, fresh.output
    for locale in ("en-GB", "fr"):
        old = page(project, f"{locale}/{SECOND}/index.html")
        refresh = old.find(".//meta[@http-equiv='refresh']").get("content")
        assert refresh == f"0; url=../../{locale}/{new}/"
    french = page(project, f"fr/{new}/index.html")
    assert "1\u202f200 observateurs" in french.text_content()  # as last published


def test_a_renamed_release_without_an_id_keeps_its_old_slug_as_id(project: Project) -> None:
    source = project.root / "source" / f"{SECOND}.md"
    source.write_text(source.read_text("utf-8").replace("id: odihr-observers-2024\n", ""), "utf-8")
    assert run(project, "build").exit_code == 0
    ids = entries(project, "fr/feed.atom")
    assert run(project, "rename", SECOND, "2024-03-02-observers").exit_code == 0
    text = (project.root / "source" / "2024-03-02-observers.md").read_text("utf-8")
    assert f'id: "{SECOND}"\naliases: ["{SECOND}"]\n---\n' in text
    assert run(project, "build").exit_code == 0
    assert entries(project, "fr/feed.atom") == {
        title: (entry_id, updated) for title, (entry_id, updated) in ids.items()
    }


def test_a_catalog_that_cannot_be_read_stops_a_rename_before_anything_moves(
    project: Project,
) -> None:
    path = project.catalog_path(SECOND, "fr")
    path.write_bytes(b"")  # (a save that did not finish)
    before = {p: p.read_bytes() for p in sorted(project.root.rglob("*")) if p.is_file()}
    renamed = run(project, "rename", SECOND, "2024-03-02-observers")
    assert renamed.exit_code == 1
    assert renamed.stderr == (
        f"Error: locale/fr/LC_MESSAGES/{SECOND}.po: the file is empty, not a catalog (a save "
        "that did not finish?): restore it, or delete it and run 'communique update' to start "
        "it again\n"
    )
    after = {p: p.read_bytes() for p in sorted(project.root.rglob("*")) if p.is_file()}
    assert {p for p in after if ".communique" not in p.parts} == {
        p for p in before if ".communique" not in p.parts
    }


def test_a_release_saved_with_a_byte_order_mark_and_crlf_can_be_renamed(
    project: Project,
) -> None:
    """Notepad's way of saving UTF-8: the mark is not written back, the line ends are kept."""
    source = project.root / "source" / f"{SECOND}.md"
    text = source.read_text("utf-8").replace("id: odihr-observers-2024\n", "")
    source.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    renamed = run(project, "rename", SECOND, "2024-03-02-observers")
    assert renamed.exit_code == 0, renamed.output
    raw = (project.root / "source" / "2024-03-02-observers.md").read_bytes()
    _, matter, body = raw.split(b"---\r\n", 2)  # one front matter, first in the file
    assert (
        matter
        == (
            f'date: 2024-03-01T09:30:00+01:00\r\ntags: [elections]\r\nid: "{SECOND}"\r\n'
            f'aliases: ["{SECOND}"]\r\n'
        ).encode()
    )
    assert body.startswith(b"# Observers deployed for the vote\r\n")
    assert raw.count(b"\r\n") == raw.count(b"\n")


def test_remove_keeps_the_reviewed_translations_in_the_memory(project: Project) -> None:
    assert run(project, "build").exit_code == 0
    removed = run(project, "remove", SECOND)
    assert removed.exit_code == 0, removed.output
    assert removed.output.endswith(
        f"published/{SECOND}.json: removed\n"
        "7 reviewed translations kept in the translation memory; run 'communique build' to "
        "take the pages offline.\n"
    )
    assert not list(project.root.rglob(f"{SECOND}.*"))
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    out = project.root / "output"
    assert not list(out.rglob(f"*{SECOND}*"))
    french_feed = entries(project, "fr/feed.atom")
    assert len(french_feed) == 1
    assert "Des observateurs déployés pour le scrutin" not in french_feed
    # A release that uses one of its sentences again gets the translation back as a draft.
    (project.root / "source" / "2024-04-01-priorities.md").write_text(
        "---\ntitle: Priorities\ndate: 2024-04-01\n---\nTransparent counting.\n", "utf-8"
    )
    assert run(project, "update").exit_code == 0
    assert run(project, "draft", "--locale", "fr", "--engine", "none").exit_code == 0
    drafted = polib.pofile(str(project.catalog_path("2024-04-01-priorities", "fr")))
    assert drafted.find("Transparent counting.").msgstr == "Un dépouillement transparent."
    assert drafted.find("Priorities").msgstr == "Priorités"


def test_update_names_the_files_of_a_release_gone_offline_and_from_source(
    project: Project,
) -> None:
    """Withdrawn, then deleted by hand: nothing is online to lose, so nothing stops; the files
    left behind are named, with the command that takes them."""
    assert run(project, "build").exit_code == 0
    assert run(project, "withdraw", SECOND).exit_code == 0
    (project.root / "source" / f"{SECOND}.md").unlink()
    result = run(project, "update", "--check")
    assert result.exit_code == 1
    for path in (f"published/{SECOND}.json", f"locale/fr/LC_MESSAGES/{SECOND}.po"):
        assert (
            f"{path}: its release is gone from source/ (restore it, or run 'communique remove "
            f"{SECOND}', or 'communique rename {SECOND} NEW' if it was renamed by hand)\n"
        ) in result.stdout
    assert run(project, "build").exit_code == 0


def test_a_release_without_a_title_is_translated_but_not_published(project: Project) -> None:
    source = project.root / "source" / f"{SECOND}.md"
    source.write_text(
        source.read_text("utf-8").replace("# Observers deployed for the vote\n\n", ""), "utf-8"
    )
    updated = run(project, "update")
    assert updated.exit_code == 0, updated.output
    template = polib.pofile(str(project.root / "locale" / "templates" / f"{SECOND}.pot"))
    assert [e.msgid for e in template][:2] == ["Warsaw", "Some 1,200 observers were deployed."]
    french = polib.pofile(str(project.catalog_path(SECOND, "fr")))
    assert all(e.msgstr and not e.fuzzy for e in french if not e.obsolete)  # still reviewed
    drafted = run(project, "draft", "--locale", "de", "--engine", "none")
    assert drafted.exit_code == 0, drafted.output
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    reason = (
        f"source/{SECOND}.md:1: no title: add a line '# Headline' under the front matter, or "
        "a line 'title: Your headline' to the front matter (lines 1–5)"
    )
    assert f"Waiting in en-GB: {SECOND}: {reason}\n" in built.output
    assert f"Waiting in fr: {SECOND}: {reason}\n" in built.output
    out = project.root / "output"
    assert not list(out.rglob(f"*{SECOND}*"))
    assert (out / "fr" / DEMO / "index.html").is_file()
    # status and check say what the build did: waiting, for the same reason.
    rows = json.loads(run(project, "status", SECOND, "--json", "--locale", "fr").stdout)
    assert [(r["online"], r["publishable"], r["reasons"]) for r in rows] == [
        ("no", False, [reason])
    ]
    checked = run(project, "check", SECOND, "--locale", "fr")
    assert checked.stdout.splitlines()[-1].endswith("; 0 of 1 versions publishable")


def test_a_release_that_cannot_be_read_stops_nothing_else(project: Project) -> None:
    bad = project.root / "source" / "2024-05-01-bad.txt"
    bad.write_text("---\ntitle: [unclosed\n---\nText.\n", "utf-8")
    named = "source/2024-05-01-bad.txt:2: "
    for command in ("extract", "update", "status", "check", "draft", "build", "publish"):
        result = run(project, command)
        assert result.exit_code == 1, (command, result.output)
        if command == "check":
            lines = result.stdout.splitlines()
            assert any(line.startswith(f"{named}error: invalid front matter: ") for line in lines)
            assert result.stdout.count(named) == 1  # once, not once per language
        else:
            assert f"Error: {named}invalid front matter: " in result.stderr, command
            assert result.stderr.count(named) == 1, (command, result.stderr)
    assert "Published in fr: 2 releases" in result.stdout  # publish did everything else
    # The file's, once, not one a language, and no translator's error.
    assert "errors in reviewed entries: 0; releases that cannot be read: 1\n" in result.stdout
    # It waits in every language for that one reason: one line says so, after the reason.
    waiting = [line for line in result.stdout.splitlines() if "2024-05-01-bad" in line]
    assert waiting == [
        f"Cannot read {named}invalid front matter: the value of 'title' begins with '[', which "
        "front matter reads as the start of a list: put the whole value in quotes: title: "
        "'[unclosed'",
        "Waiting in en-GB, fr, de, it, ru, es: 2024-05-01-bad: it cannot be read (above)",
    ]
    out = project.root / "output"
    assert (out / "fr" / DEMO / "index.html").is_file()
    assert (out / "fr" / SECOND / "index.html").is_file()
    assert not list(out.rglob("*2024-05-01-bad*"))
    assert not (project.root / "locale" / "templates" / "2024-05-01-bad.pot").exists()


def test_a_file_misnamed_or_twice_in_source_stops_nothing_else(project: Project) -> None:
    """A colleague's "Save as" ("2024-05-07 Press release.txt") is named, with the name to
    give it, and left out; a second file of a published release (a .md beside its .txt)
    makes it unreadable, so its pages stay online as last published. Every command does the
    rest, names both once, and exits 1."""
    assert run(project, "publish").exit_code == 0
    (project.root / "source" / "2024-05-07 Press release.txt").write_text(
        "---\ntitle: A statement\n---\nVienna, 7 May 2024: Text.\n", "utf-8"
    )
    (project.root / "source" / "2024-05-07 Brief.md").write_text("Text.\n", "utf-8")
    shutil.copy(project.root / "source" / f"{DEMO}.txt", project.root / "source" / f"{DEMO}.md")
    misnamed = (
        "Error: source/2024-05-07 Press release.txt: '2024-05-07 Press release' is not a valid "
        "release name (lowercase letters, digits and hyphens): rename it "
        "2024-05-07-press-release.txt\n"
    )
    twice = f"two sources for one release, {DEMO}.md and {DEMO}.txt: neither is read until one goes"
    for command in ("extract", "update", "status", "check", "draft", "build", "publish", "build"):
        result = run(project, command)  # (the last build finds nothing changed: it fails too)
        assert result.exit_code == 1, (command, result.output)
        assert result.stderr.count(misnamed) == 1, (command, result.stderr)
        assert result.stderr.count("2024-05-07 Brief.md") == 1, (command, result.stderr)
        assert result.output.count(twice) >= 1, (command, result.output)
    assert "nothing changed since the last build" in result.stdout
    assert "Published in fr: 2 releases" in result.stdout  # the demo, as last published
    assert f"STILL ONLINE FROM THE RECORD in fr: {DEMO}" in result.stdout
    assert (project.root / "output" / "fr" / DEMO / "index.html").is_file()
    assert (project.root / "output" / "fr" / SECOND / "index.html").is_file()


def test_without_update_the_notice_gives_no_date(project: Project) -> None:
    """The date is the template's: before 'update' the template on disk is the old English's,
    whose date would be wrong; the notice then says only that the original has changed."""
    assert run(project, "build").exit_code == 0
    edit_english(project, "convened 130 delegates", "brought together 130 delegates")
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    # The catalog is complete for the English it knows; the gate counts the new sentence.
    assert (
        f"STILL ONLINE FROM THE RECORD in fr: {DEMO} (as last published, the original has "
        "changed since) because: 1 sentence of the English is not in the catalog yet (run "
        "'communique update')\n"
    ) in built.output
    (notice,) = page(project, f"fr/{DEMO}/index.html").find_class("superseded")
    assert notice.text_content() == (
        "L'original (anglais) a été mis à jour depuis\u202f; cette traduction reflète la version "
        "antérieure. Lire la version actuelle"
    )
    # The template written (extract, nothing else), the next build dates the notice, as a
    # build from nothing does.
    assert run(project, "extract").exit_code == 0
    pot = polib.pofile(str(project.root / "locale" / "templates" / f"{DEMO}.pot"))
    changed = datetime.date.fromisoformat(pot.metadata["POT-Creation-Date"][:10])
    dated = f"L'original (anglais) a été mis à jour le {changed.day} "
    again = run(project, "build")
    assert "nothing changed since the last build" not in again.output
    (notice,) = page(project, f"fr/{DEMO}/index.html").find_class("superseded")
    assert notice.text_content().startswith(dated)
    incremental = public_files(project)
    shutil.rmtree(project.root / ".communique")
    shutil.rmtree(project.root / "output")
    assert run(project, "build").exit_code == 0
    assert public_files(project) == incremental


def test_a_notice_without_update_moves_the_feed_entry_on(project: Project) -> None:
    """Before 'update' the notice gives no date, but it changes the page and the feed entry:
    their ``updated`` stayed as it was, and feed readers showed nothing new. It is the moment
    the changed English went online (its record's), kept in the record, and a build from
    nothing gives the same."""
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    before = entry_of(project, "fr/feed.atom", DEMO)
    edit_english(project, "convened 130 delegates", "convened 135 delegates")
    built = run(project, "build", "--now", "2026-12-02T10:30:00+00:00")
    assert built.exit_code == 0, built.output
    assert record(project, DEMO)["versions"]["en-GB"]["changed"] == "2026-12-02T10:30:00+00:00"
    after = entry_of(project, "fr/feed.atom", DEMO)
    assert "L&#x27;original (anglais) a été mis à jour depuis" in after.content[0].value
    assert after.updated == "2026-12-02T10:30:00+00:00"
    assert after.id == before.id
    assert record(project, DEMO)["versions"]["fr"]["changed"] == "2026-12-02T10:30:00+00:00"
    built_alike_from_nothing(project)


def test_publish_dates_the_notice_in_the_run_that_writes_the_template(project: Project) -> None:
    """publish writes the template at its end: the pages it builds give the day it dates it,
    as every later build does."""
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    edit_english(project, "convened 130 delegates", "brought together 130 delegates")
    published = run(project, "publish", "--now", "2026-12-02T09:00:00+00:00")
    assert published.exit_code == 0, published.output
    (notice,) = page(project, f"fr/{DEMO}/index.html").find_class("superseded")
    assert notice.text_content().startswith(
        "L'original (anglais) a été mis à jour le 2 décembre 2026\u202f;"
    )
    pot = polib.pofile(str(project.root / "locale" / "templates" / f"{DEMO}.pot"))
    assert pot.metadata["POT-Creation-Date"].startswith("2026-12-02")
    incremental = public_files(project)
    shutil.rmtree(project.root / ".communique")
    shutil.rmtree(project.root / "output")
    assert run(project, "build", "--now", "2026-12-02T09:00:00+00:00").exit_code == 0
    assert public_files(project) == incremental


EMBARGOED = "2027-01-15-budget-statement"
EMBARGOED_TITLE = "Statement on the unified budget for 2027"


def public_files(project: Project) -> dict[str, str]:
    out = project.root / "output"
    return {
        p.relative_to(out).as_posix(): p.read_text("utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".xml", ".atom", ".rss", ".css")
    }


def mentions(project: Project, *words: str) -> list[str]:
    """The public files that name any of ``words`` (in their path or their text)."""
    return [
        path
        for path, text in public_files(project).items()
        if any(word in path or word in text for word in words)
    ]


def add_statement(
    project: Project, front: str, dateline: str = "Vienna, 15 January 2027: "
) -> None:
    """The release EMBARGOED, with these lines of front matter besides its title."""
    (project.root / "source" / f"{EMBARGOED}.md").write_text(
        f"---\ntitle: {EMBARGOED_TITLE}\n{front}\n---\n"
        f"{dateline}The Permanent Council adopted the budget.\n",
        "utf-8",
    )


def held_back(moment: str) -> str:
    """What the build says of EMBARGOED, kept back until ``moment``."""
    return f"Embargoed until {moment}: {EMBARGOED} (not in the public site before then)"


def test_an_embargoed_release_is_public_from_its_moment_on(project: Project) -> None:
    add_statement(project, "embargo: 2027-01-15T09:00:00+01:00")
    before = run(project, "publish", "--now", "2026-12-01T12:00:00+00:00")
    assert before.exit_code == 0, before.output
    assert held_back("2027-01-15T09:00:00+01:00") in before.output
    assert mentions(project, EMBARGOED, EMBARGOED_TITLE, "Permanent Council") == []
    assert not (project.root / "published" / f"{EMBARGOED}.json").exists()
    # Staff see it on the dashboard, which publish writes apart from the public site.
    assert not (project.root / "output" / "status").exists()
    assert mentions(project, "locale/", ".po") == []  # no project file named in public
    assert EMBARGOED_TITLE in (project.status_dir / "2027" / "index.html").read_text("utf-8")
    status = run(project, "status", EMBARGOED, "--json", "--now", "2026-12-01T12:00:00+00:00")
    assert {row["online"] for row in json.loads(status.stdout)} == {
        "embargoed until 2027-01-15T09:00:00+01:00"
    }
    # A second before the moment: still nothing; the build has nothing to do.
    early = run(project, "build", "--now", "2027-01-15T08:59:59+01:00")
    assert early.exit_code == 0, early.output
    assert "nothing changed since the last build" in early.output
    assert mentions(project, EMBARGOED, EMBARGOED_TITLE) == []
    # From the moment on, the incremental build publishes it everywhere, and records it.
    lifted = run(project, "build", "--now", "2027-01-15T09:00:00+01:00")
    assert lifted.exit_code == 0, lifted.output
    assert "Embargoed" not in lifted.output
    assert f"published/{EMBARGOED}.json: recorded what went online" in lifted.output
    out = project.root / "output"
    assert (out / "en-GB" / EMBARGOED / "index.html").is_file()
    titles = feedparser.parse((out / "en-GB" / "feed.atom").read_bytes()).entries
    assert titles[0].title == EMBARGOED_TITLE  # the newest
    # Published when readers could first read it, not at the dawn of its date: a reader in
    # New York would otherwise see it dated the evening before.
    assert titles[0].published == "2027-01-15T09:00:00+01:00"
    rss = feedparser.parse((out / "en-GB" / "feed.rss").read_bytes()).entries
    assert rss[0].published_parsed[:5] == (2027, 1, 15, 8, 0)
    record = json.loads((project.root / "published" / f"{EMBARGOED}.json").read_text("utf-8"))
    assert {v["published"] for v in record["versions"].values()} == {"2027-01-15T09:00:00+01:00"}
    assert EMBARGOED in (out / "sitemaps" / "2027.xml").read_text("utf-8")
    assert EMBARGOED_TITLE in (out / "en-GB" / "index.html").read_text("utf-8")
    conforming(project)
    # A build with a clock behind the last one's (the rehearsal is over, the real date is
    # earlier) keeps it back again: nothing the later build knew is trusted.
    rehearsal_over = run(project, "build", "--now", "2026-12-01T12:00:00+00:00")
    assert rehearsal_over.exit_code == 0, rehearsal_over.output
    assert (
        f"Embargoed until 2027-01-15T09:00:00+01:00: {EMBARGOED} (not in the public site before "
        "then; it was online, and its pages are offline until then)"
    ) in rehearsal_over.output.splitlines()  # readers and syndicated copies have it already
    assert mentions(project, EMBARGOED, EMBARGOED_TITLE, "Permanent Council") == []
    # Every build says so while it lasts, one with nothing to do too, and one that redoes a
    # single other release (as a build from nothing would).
    again = run(project, "build", "--now", "2026-12-01T12:00:00+00:00")
    assert "nothing changed since the last build" in again.output
    edit_french(project, DEMO, {"Hier, 6 juin": "Hier, le 6 juin"})
    other = run(project, "build", "--now", "2026-12-01T12:00:00+00:00")
    assert "nothing changed since the last build" not in other.output
    for said in (again, other):
        assert (
            f"Embargoed until 2027-01-15T09:00:00+01:00: {EMBARGOED} (not in the public site "
            "before then; it was online, and its pages are offline until then)"
        ) in said.output.splitlines()


def test_an_embargoed_release_withdrawn_before_it_was_out_was_never_online(
    project: Project,
) -> None:
    """Withdrawing a language of a release still under embargo writes a record with no
    version: the build went on to say "it was online, and its pages are offline until then",
    which reads as an embargo broken, after the record was undone too."""
    add_statement(project, "embargo: 2027-01-15T09:00:00+01:00")
    now = ("--now", "2026-12-01T12:00:00+00:00")
    assert run(project, "update").exit_code == 0
    withdrawn = run(project, "withdraw", EMBARGOED, "--locale", "fr")
    assert withdrawn.exit_code == 0, withdrawn.output
    assert (
        json.loads((project.root / "published" / f"{EMBARGOED}.json").read_bytes())["versions"]
        == {}
    )
    for step in ((), ("withdraw", EMBARGOED, "--locale", "fr", "--undo")):
        if step:
            assert run(project, *step).exit_code == 0
        built = run(project, "build", *now)
        assert built.exit_code == 0, built.output
        assert held_back("2027-01-15T09:00:00+01:00") in built.output.splitlines()


def test_an_embargo_moved_later_publishes_every_language_again_from_its_new_moment(
    project: Project,
) -> None:
    """Published at its embargo, taken offline when the embargo moves later, and out again
    at the new moment: every language's entry is published then, and updated no earlier
    (the French kept its first 'updated', a week before it was published, in its feeds,
    its page's dateModified and the feed's own updated)."""
    add_statement(project, "embargo: 2027-01-15T09:00:00+01:00")
    assert run(project, "update").exit_code == 0
    path = project.catalog_path(EMBARGOED, "fr")
    document = polib.pofile(str(path))
    for entry in document:
        entry.msgstr, entry.flags, entry.previous_msgid = f"FR {entry.msgid}", [], None
    document.metadata["PO-Revision-Date"] = "2027-01-10 09:00+0100"
    document.save()
    assert run(project, "build", "--now", "2027-01-15T09:00:00+01:00").exit_code == 0
    assert (project.root / "output" / "fr" / EMBARGOED / "index.html").is_file()
    add_statement(project, "embargo: 2027-01-22T09:00:00+01:00")
    held = run(project, "build", "--now", "2027-01-15T11:00:00+01:00")
    assert f"Embargoed until 2027-01-22T09:00:00+01:00: {EMBARGOED}" in held.output
    assert not (project.root / "output" / "fr" / EMBARGOED).exists()
    assert run(project, "build", "--now", "2027-01-22T09:00:00+01:00").exit_code == 0
    for locale in ("en-GB", "fr"):
        feed = feedparser.parse((project.root / "output" / locale / "feed.atom").read_bytes())
        (entry,) = [e for e in feed.entries if e.link.endswith(f"/{EMBARGOED}/")]
        moment = "2027-01-22T09:00:00+01:00"
        assert (entry.published, entry.updated, feed.feed.updated) == (moment, moment, moment)
        data = page(project, f"{locale}/{EMBARGOED}/index.html").find(".//script").text
        assert f'"dateModified": "{moment}"' in data
    conforming(project)


def test_a_release_dated_in_the_future_waits_for_its_date(project: Project) -> None:
    """A release dated tomorrow, with no embargo, is not online today (as Hugo and Jekyll
    hold back future posts): its date, midnight in the organisation's time zone, or its
    time, is its embargo."""
    add_statement(project, "date: 2027-01-15T10:30:00+01:00", dateline="")
    early = run(project, "build", "--now", "2027-01-15T10:29:59+01:00")
    assert early.exit_code == 0, early.output
    assert held_back("2027-01-15T10:30:00+01:00") in early.output
    assert mentions(project, EMBARGOED, EMBARGOED_TITLE) == []
    lifted = run(project, "build", "--now", "2027-01-15T10:30:00+01:00")
    assert lifted.exit_code == 0, lifted.output
    titles = feedparser.parse((project.root / "output/en-GB/feed.atom").read_bytes()).entries
    assert (titles[0].title, titles[0].published) == (
        EMBARGOED_TITLE,
        "2027-01-15T10:30:00+01:00",
    )


def test_a_public_build_ahead_of_the_clock_says_what_it_publishes(project: Project) -> None:
    """'build --now' at a moment later than the machine's clock (a rehearsal of an embargo's
    lifting) puts the release into output/ and records it: the build says so first. A moment
    in the past, and the preview, say nothing."""
    ahead = run(project, "build", "--now", "2099-01-15T09:00:00+01:00")
    assert ahead.exit_code == 0, ahead.output
    assert ahead.stderr.splitlines()[0] == (
        "Warning: building the public site as of 2099-01-15T09:00:00+01:00, later than this "
        "machine's clock: what is embargoed until then goes into it, and is recorded as "
        "published. Do not deploy it before then; 'build --drafts' shows embargoed releases "
        "in a preview instead."
    )
    preview = run(project, "build", "--drafts", "--now", "2099-01-15T09:00:00+01:00")
    assert preview.exit_code == 0, preview.output
    assert "Warning" not in preview.stderr
    past = run(project, "build", "--now", "2020-01-15T09:00:00+01:00")
    assert past.exit_code == 0, past.output
    assert "Warning" not in past.stderr


def test_source_date_epoch_is_a_clock_like_now(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SOURCE_DATE_EPOCH ahead of the clock warns as --now does; one that is no count of
    seconds is refused (the clock would decide the embargoes), as the specification asks."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4071283200")  # 2099-01-05T08:00:00Z
    ahead = run(project, "build")
    assert ahead.exit_code == 0, ahead.output
    assert ahead.stderr.startswith(
        "Warning: building the public site as of 2099-01-05T08:00:00+00:00, later than this "
        "machine's clock: "
    )
    for wrong in ("abc", "1.7e9", "99999999999999999"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", wrong)
        before = public_files(project)
        refused = run(project, "build")
        assert refused.exit_code == 1
        assert refused.stderr == (
            f"Error: SOURCE_DATE_EPOCH is '{wrong}', not a number of seconds since 1970-01-01 "
            "(reproducible-builds.org): set it to one, or unset it to use the clock\n"
        )
        assert public_files(project) == before
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")  # as good as unset
    assert run(project, "build").exit_code == 0


@pytest.mark.parametrize("marker", ["status: draft", "draft: true"])
def test_a_draft_release_is_kept_out_of_the_public_site(project: Project, marker: str) -> None:
    (project.root / "source" / "2024-06-01-work-in-progress.md").write_text(
        f"---\ntitle: A statement being written\n{marker}\n---\n"
        "Vienna, 1 June 2024: Not yet for readers.\n",
        "utf-8",
    )
    built = run(project, "publish")
    assert built.exit_code == 0, built.output
    assert "Draft: 2024-06-01-work-in-progress (status: draft; not in the public site)" in (
        built.output
    )
    assert mentions(project, "work-in-progress", "being written", "Not yet for readers") == []
    catalog = polib.pofile(str(project.catalog_path("2024-06-01-work-in-progress", "fr")))
    assert catalog.find("Not yet for readers.") is not None  # translated all the same
    preview = run(project, "build", "--drafts")
    assert preview.exit_code == 0, preview.output
    shown = project.root / "output-drafts" / "en-GB" / "2024-06-01-work-in-progress"
    assert (shown / "index.html").is_file()
    assert "Previewed in en-GB: 3 releases" in preview.output.splitlines()
    # A published release made a draft again goes offline, and the build says it was online.
    source = project.root / "source" / f"{DEMO}.txt"
    source.write_text(source.read_text("utf-8").replace("---\n", f"---\n{marker}\n", 1))
    taken = run(project, "build")
    assert taken.exit_code == 0, taken.output
    assert (
        f"Draft: {DEMO} (status: draft; not in the public site; it was online, and its pages "
        "are offline while it is a draft)"
    ) in taken.output.splitlines()
    assert not (project.root / "output" / "en-GB" / DEMO).exists()
    assert not any(line.startswith("Published in") for line in preview.output.splitlines())


def test_a_preview_never_goes_into_a_public_site(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'build --drafts --out output', or into a folder a public build made (a web root a
    deploy script names), would put drafts and embargoed releases online: it is refused
    before anything is written. A preview's own folder is built again as before."""
    add_statement(project, "embargo: 2099-01-15T09:00:00+01:00")
    monkeypatch.chdir(project.root)
    www = tmp_path / "www"
    for out in ("output", str(www)):
        assert run(project, "build", "--out", out).exit_code == 0
    for out in ("output", "./output/", str(www)):
        before = public_files(project)
        refused = run(project, "build", "--drafts", "--out", out)
        assert refused.exit_code == 1
        folder = www if out == str(www) else project.root / "output"
        assert refused.stderr == (
            f"Error: {folder}: is the public site: a preview would put drafts and embargoed "
            "releases into it; build the preview into a folder of its own (output-drafts/ by "
            "default)\n"
        )
        assert public_files(project) == before
        assert mentions(project, EMBARGOED, EMBARGOED_TITLE) == []
        assert not any(EMBARGOED in p.name for p in www.rglob("*"))
    # Nor into a folder inside one: output/preview was online at /preview/.
    for out, public in (("output/preview", "output"), (str(www / "en-GB" / "preview"), www)):
        before = public_files(project)
        refused = run(project, "build", "--drafts", "--out", out)
        assert refused.exit_code == 1
        assert refused.stderr == (
            f"Error: {(project.root / out).resolve()}: is inside the public site "
            f"{project.relative(Path(public))}: a preview would put drafts and embargoed "
            "releases into it; build the preview into a folder of its own (output-drafts/ by "
            "default)\n"
        )
        assert public_files(project) == before
        assert not any(EMBARGOED in p.name for p in www.rglob("*"))
    preview = tmp_path / "preview"
    for _ in range(2):
        built = run(project, "build", "--drafts", "--out", str(preview))
        assert built.exit_code == 0, built.output
    assert (preview / "en-GB" / EMBARGOED / "index.html").is_file()


def test_a_public_build_stops_at_a_preview_inside_it(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview a public site holds (built there before communique refused it, or moved
    there) would go online with it at the next deploy: the public build stops, naming it,
    and writes nothing; once it is gone, the build goes on."""
    import communique.site.build

    add_statement(project, "embargo: 2099-01-15T09:00:00+01:00")
    monkeypatch.chdir(project.root)
    assert run(project, "build").exit_code == 0
    with monkeypatch.context() as before_the_refusal:
        before_the_refusal.setattr(
            communique.site.build, "_public_site_around", lambda workspace, out: None
        )
        built = run(project, "build", "--drafts", "--out", "output/en-GB/preview")
        assert built.exit_code == 0
    assert mentions(project, EMBARGOED, EMBARGOED_TITLE) != []
    assert run(project, "build", "--drafts").exit_code == 0
    drafts = project.root / "output-drafts"
    for inside in ("en-GB/preview", "preview"):  # (built there; moved there)
        moved = project.root / "output" / inside
        if inside == "preview":
            drafts.rename(moved)
        before = public_files(project)
        stopped = run(project, "build")
        assert stopped.exit_code == 1
        assert stopped.stderr == (
            f"Error: {moved}: holds a draft preview ('build --drafts'), inside the public "
            "site: it would go online with it, drafts and embargoed releases included; remove "
            f"it (rm -r output/{inside}) and build the preview into a folder of its own "
            "(output-drafts/ by default); nothing was built\n"
        )
        assert public_files(project) == before
        shutil.rmtree(moved)
    assert run(project, "build").exit_code == 0
    assert mentions(project, EMBARGOED, EMBARGOED_TITLE) == []


def feed_ids(project: Project, slug: str) -> dict[tuple[str, str], str]:
    """The id of each feed entry of a release: (feed, language) → id, in every feed."""
    out = project.root / "output"
    found = {}
    for feed in sorted(out.rglob("feed.*")):
        for entry in feedparser.parse(feed.read_bytes()).entries:
            if f"/{slug}/" in entry.link:
                found[(feed.relative_to(out).as_posix(), entry.link.split("/")[-3])] = entry.id
    return found


def test_a_corrected_date_keeps_the_feed_ids(project: Project) -> None:
    """A typo in a published release's date, corrected: every feed entry keeps its id (a new
    one would be a second entry in every reader), the build says the release changed after
    publication, and a build from nothing gives the same bytes."""
    # (Moments of the past, whatever the machine's clock: nothing warns of a future one.)
    assert run(project, "build", "--now", "2026-12-01T10:00:00+00:00").exit_code == 0
    ids = feed_ids(project, DEMO)
    assert {language for _, language in ids} == {"en-GB", "fr"}
    assert len(ids) >= 8  # the languages' feeds, Atom and RSS, and the states' feeds
    assert all(",2023-06-07:" in entry_id for entry_id in ids.values())
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8")
    source.write_text(
        text.replace("date: 2023-06-07", "date: 2023-06-08").replace(
            "Strasbourg, 7 June 2023", "Strasbourg, 8 June 2023"
        ),
        "utf-8",
    )
    assert run(project, "update").exit_code == 0
    built = run(project, "build", "--now", "2026-12-02T10:00:00+00:00")
    assert built.exit_code == 0, built.output
    assert feed_ids(project, DEMO) == ids
    assert f"Changed after publication: {DEMO}: " in built.output
    dateline = page(project, f"fr/{DEMO}/index.html").find(".//p[@class='dateline']")
    assert dateline.text_content() == "Strasbourg, 8 juin 2023 (TDI)"
    versions = record(project, DEMO)["versions"]
    assert {locale: v.get("id_date") for locale, v in versions.items()} == {
        "en-GB": "2023-06-07",
        "fr": "2023-06-07",
    }
    english = feedparser.parse((project.root / "output/en-GB/feed.atom").read_bytes())
    (entry,) = [e for e in english.entries if e.link.endswith(f"/{DEMO}/")]
    assert entry.updated == "2026-12-02T10:00:00+00:00"  # readers' feeds show the change
    site = public_files(project)
    shutil.rmtree(project.root / ".communique")
    shutil.rmtree(project.root / "output")
    assert run(project, "build", "--now", "2026-12-02T10:00:00+00:00").exit_code == 0
    assert public_files(project) == site
    # A copy under the old date would take the ids readers have: the build stops, naming it.
    copy = project.root / "source" / "2023-06-07-copy.md"
    copy.write_text(
        "---\ntitle: A copy\nid: osce-coe-nac-nar-meeting-2023\ndate: 2023-06-07\n---\nText.\n",
        "utf-8",
    )
    stopped = run(project, "build", "--now", "2026-12-02T10:00:00+00:00")
    assert stopped.exit_code == 1
    assert stopped.stderr.startswith(
        "Error: source/2023-06-07-copy.md:3: id: osce-coe-nac-nar-meeting-2023, dated "
        f"2023-06-07, is also the id of source/{DEMO}.txt: "
    ), stopped.stderr
    copy.unlink()
    # The date put back: the ids are the release's own again, and the record says no more.
    source.write_text(text, "utf-8")
    assert run(project, "update").exit_code == 0
    assert run(project, "build", "--now", "2026-12-02T11:00:00+00:00").exit_code == 0
    assert feed_ids(project, DEMO) == ids
    assert not any("id_date" in v for v in record(project, DEMO)["versions"].values())


def test_a_correction_dated_ahead_waits_and_its_release_stays_as_published(
    project: Project,
) -> None:
    """'updated:' later than now (a wrong month or year) dated the pages "Updated on" ahead
    and the feeds with it, which never go back: the release cannot be read, said with its
    line, and stays online as it was published until the date is put right."""
    assert run(project, "build", "--now", "2023-06-08T10:00:00+02:00").exit_code == 0
    feed = project.root / "output/en-GB/feed.atom"
    before = feed.read_bytes()
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8").replace("convened 130 delegates", "convened 131 delegates")
    ahead = text.replace("\n---\n", "\nupdated: 2023-07-09\ncorrection: Corrected.\n---\n", 1)
    source.write_text(ahead, "utf-8")
    line = ahead.splitlines().index("updated: 2023-07-09") + 1
    built = run(project, "build", "--now", "2023-06-09T10:00:00+02:00")
    assert built.exit_code == 1
    assert (
        f"Error: source/{DEMO}.txt:{line}: updated: 2023-07-09 is later than now "
        "(2023-06-09T10:00+02:00): it says when the release was corrected; write when it was"
    ) in built.stderr.splitlines()
    assert feed.read_bytes() == before
    assert "130 delegates" in page(project, f"en-GB/{DEMO}/index.html").text_content()
    source.write_text(ahead.replace("2023-07-09", "2023-06-09"), "utf-8")
    built = run(project, "build", "--now", "2023-06-09T10:00:00+02:00")
    assert built.exit_code == 0, built.output
    assert "131 delegates" in page(project, f"en-GB/{DEMO}/index.html").text_content()


def test_check_says_what_the_build_would_refuse_of_a_correction_dated_ahead(
    project: Project,
) -> None:
    """CI runs 'check' before it builds: a correction dated ahead fails it, naming the line,
    as the build would (it said nothing)."""
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8").replace("\n---\n", "\nupdated: 2099-01-01\n---\n", 1)
    source.write_text(text, "utf-8")
    line = text.splitlines().index("updated: 2099-01-01") + 1
    checked = run(project, "check")
    assert checked.exit_code == 1
    assert checked.stdout.startswith(
        f"source/{DEMO}.txt:{line}: error: updated: 2099-01-01 is later than now ("
    )
    assert "1 release cannot be read" in checked.stdout
    # No version of it is publishable, as status and the build say: the verdicts (it said
    # "2 of 10 versions publishable", its French "publishable": true), and the JSON's error
    # count is the text's, the release counted apart (it said one error more).
    assert checked.stdout.rstrip().endswith("1 of 10 versions publishable")
    data = json.loads(run(project, "check", "--json").stdout)
    french = [v for v in data["versions"] if v["locale"] == "fr" and v["release"] == DEMO]
    assert [(v["publishable"], v["reasons"][0].split("updated:")[0]) for v in french] == [
        (False, f"cannot be read: source/{DEMO}.txt:{line}: ")
    ]
    assert data["summary"]["versions"] == {"publishable": 1, "total": 10}
    assert data["summary"]["reviewed"]["errors"] == 0
    assert data["summary"]["unreadable_releases"] == 1


def test_a_correction_changes_updated_and_never_published(project: Project) -> None:
    assert run(project, "build").exit_code == 0
    english_before = feedparser.parse((project.root / "output/en-GB/feed.atom").read_bytes())
    (entry,) = [e for e in english_before.entries if e.link.endswith(f"/{DEMO}/")]
    rss_before = feedparser.parse((project.root / "output/en-GB/feed.rss").read_bytes())
    (item,) = [e for e in rss_before.entries if e.link.endswith(f"/{DEMO}/")]

    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8").replace("convened 130 delegates", "convened 131 delegates")
    note = "An earlier version gave the wrong number of delegates."
    text = text.replace(
        "\n---\n", f"\nupdated: 2023-06-09T10:00:00+02:00\ncorrection: {note}\n---\n", 1
    )
    source.write_text(text, "utf-8")
    assert run(project, "update").exit_code == 0
    template = polib.pofile(str(project.root / "locale/templates" / f"{DEMO}.pot"))
    assert template.find(note).comment == "correction note"
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert "Changed after publication" not in built.output  # 'updated:' says it

    english = feedparser.parse((project.root / "output/en-GB/feed.atom").read_bytes())
    (after,) = [e for e in english.entries if e.link.endswith(f"/{DEMO}/")]
    assert (after.id, after.published) == (entry.id, entry.published)
    assert after.updated == "2023-06-09T10:00:00+02:00" != entry.updated
    rss = feedparser.parse((project.root / "output/en-GB/feed.rss").read_bytes())
    (rss_after,) = [e for e in rss.entries if e.link.endswith(f"/{DEMO}/")]
    assert (rss_after.id, rss_after.published) == (item.id, item.published)
    assert rss_after.updated == "2023-06-09T10:00:00+02:00" != item.updated
    page_now = page(project, f"en-GB/{DEMO}/index.html")
    (updated,) = page_now.find_class("updated")
    assert updated.text_content() == f"Updated on 9 June 2023. {note}"
    assert updated.find("time").get("datetime") == "2023-06-09"
    # Feed readers show the entry as changed: the content says when and what, as the page.
    content = html.fromstring(after.content[0].value)
    assert [p.text_content() for p in content.findall("p")[:2]] == [
        "Strasbourg, 7 June 2023 (TDI)",
        f"Updated on 9 June 2023. {note}",
    ]
    conforming(project)
    # The French, online as it was published until the changed sentence is reviewed, gives
    # the day the English page gives.
    (notice,) = page(project, f"fr/{DEMO}/index.html").find_class("superseded")
    assert notice.text_content().startswith(
        "L'original (anglais) a été mis à jour le 9 juin 2023\u202f;"
    )

    # The French translator translates the note and reviews the changed sentence (Poedit
    # sets the revision date): the French page shows the correction, in French.
    path = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(path))
    for message in document:
        if message.msgid == note:
            message.msgstr = "Une version précédente indiquait un nombre erroné de délégués."
        elif "131 delegates" in message.msgid:
            message.msgstr = message.msgstr.replace("130", "131")
            # update dropped it with the English it was set for; "une soixantaine" still is
            # right for "approximately 60"
            assert "ignore-numbers" not in message.flags
            message.flags.append("ignore-numbers")
        if "fuzzy" in message.flags:
            message.flags.remove("fuzzy")
            message.previous_msgid = None
    document.metadata["PO-Revision-Date"] = "2023-06-10 09:00+0200"
    document.save()
    assert run(project, "build").exit_code == 0
    (french_updated,) = page(project, f"fr/{DEMO}/index.html").find_class("updated")
    assert french_updated.text_content() == (
        "Mis à jour le 9 juin 2023. Une version précédente indiquait un nombre erroné de délégués."
    )
    french = feedparser.parse((project.root / "output/fr/feed.atom").read_bytes())
    (french_entry,) = [e for e in french.entries if e.link.endswith(f"/{DEMO}/")]
    assert french_entry.updated == "2023-06-10T09:00:00+02:00"
    second = html.fromstring(french_entry.content[0].value).findall("p")[1]
    assert second.text_content() == french_updated.text_content()
    # The English changes again, with no new 'updated:': the French, revised after the
    # correction, reflects it; its notice gives the day the English changed since, not 9 June.
    edit_english(project, "convened 131 delegates", "brought together 131 delegates")
    assert run(project, "update").exit_code == 0
    assert run(project, "build").exit_code == 0
    (notice,) = page(project, f"fr/{DEMO}/index.html").find_class("superseded")
    pot = polib.pofile(str(project.root / "locale" / "templates" / f"{DEMO}.pot"))
    changed = datetime.date.fromisoformat(pot.metadata["POT-Creation-Date"][:10])
    assert notice.text_content().startswith(
        f"L'original (anglais) a été mis à jour le {changed.day} "
    )
    assert "9 juin 2023" not in notice.text_content()


def test_switching_the_source_to_another_region_keeps_ids_and_leaves_redirects(
    project: Project,
) -> None:
    """Published in en-GB, the project switches to en: the English pages move to en/, and
    the feed entries (the language's and the member states') keep their ids."""
    assert run(project, "build").exit_code == 0
    states_before = entries(project, "states/us/feed.atom")
    english_before = entries(project, "en-GB/feed.atom")
    config = project.root / "communique.toml"
    config.write_text(
        config.read_text("utf-8").replace('source = "en-GB"', 'source = "en"'), "utf-8"
    )
    assert run(project, "update").exit_code == 0
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert "STILL ONLINE" not in built.output
    assert entries(project, "states/us/feed.atom") == {
        title: (entry_id, updated) for title, (entry_id, updated) in states_before.items()
    }
    english_after = entries(project, "en/feed.atom")
    assert {title: ids[0] for title, ids in english_after.items()} == {
        title: ids[0] for title, ids in english_before.items()
    }
    assert all(entry_id.endswith("/en-GB") for entry_id, _ in english_after.values())
    recorded = record(project, DEMO)["versions"]
    assert recorded["en"]["id_locale"] == "en-GB"
    assert recorded["en"]["former_locales"] == ["en-GB"]
    old = page(project, f"en-GB/{DEMO}/index.html")
    assert old.find(".//meta[@http-equiv='refresh']").get("content") == f"0; url=../../en/{DEMO}/"
    assert (project.root / "output" / "en" / DEMO / "index.html").is_file()
    # The next build finds the record as it left it.
    again = run(project, "build")
    assert "recorded what went online" not in again.output


@pytest.mark.parametrize("offline", ["withdrawn", "held back"])
def test_a_region_switch_while_a_release_is_offline_keeps_every_feed_and_its_date(
    project: Project, offline: str
) -> None:
    """The source switched from en-GB to en while releases are withdrawn: the build read the
    record from disk before it followed the switch, so the new English had no listing or
    feeds (a 404 for their readers) and the member states' feeds went back to 1998, where a
    build from nothing gave them; and a second build found nothing changed. A published
    release held back again (a later embargo) moved France's feeds back the same way."""
    if offline == "withdrawn":
        assert run(project, "build").exit_code == 0
        assert run(project, "withdraw", DEMO).exit_code == 0
        assert run(project, "withdraw", SECOND).exit_code == 0
        assert run(project, "build").exit_code == 0
    else:
        (project.root / "source" / "2026-12-20-budget.md").write_text(
            "---\ndate: 2026-12-20\nembargo: 2027-01-15T09:00:00+01:00\nstates: [FR]\n---\n"
            "# Council adopts the budget\n\nParis, 20 December 2026: The Council adopted the "
            "budget.\n",
            "utf-8",
        )
        assert run(project, "build", "--now", "2027-01-16T10:00:00+00:00").exit_code == 0
        assert run(project, "build", "--now", "2026-12-21T10:00:00+00:00").exit_code == 0
    france = feedparser.parse((project.root / "output/states/fr/feed.atom").read_bytes())
    config = project.root / "communique.toml"
    config.write_text(
        config.read_text("utf-8").replace('source = "en-GB"', 'source = "en"'), "utf-8"
    )
    assert run(project, "update").exit_code == 0
    moment = "2026-12-22T10:00:00+00:00"
    built = run(project, "build", "--now", moment)
    assert built.exit_code == 0, built.output
    out = project.root / "output"
    for path in ("states/fr/feed.atom", "states/fr/all/feed.atom"):
        after = feedparser.parse((out / path).read_bytes())
        assert after.feed.updated_parsed >= france.feed.updated_parsed, path
    for kind in ("atom", "rss"):
        assert (out / "en" / f"feed.{kind}").is_file(), kind
    assert (out / "en" / "index.html").is_file()
    made = tree(out)
    shutil.rmtree(out)
    shutil.rmtree(project.root / ".communique")
    assert run(project, "build", "--now", moment).exit_code == 0
    assert tree(out) == made


def test_a_build_that_takes_feeds_offline_says_which(project: Project) -> None:
    """A tag renamed, a member state taken out of the settings: their feeds went with no
    word, and their subscribers found nothing there. The build names them."""
    assert run(project, "build").exit_code == 0
    edit_english(project, "national coordinators]", "national rapporteurs]")
    config = project.root / "communique.toml"
    config.write_text(config.read_text("utf-8").replace('"FR", ', "", 1), "utf-8")
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert not (project.root / "output/states/fr").exists()
    warning = [line for line in built.stderr.splitlines() if line.startswith("Warning:")]
    assert warning == [
        "Warning: feeds no longer made, whose subscribers now find nothing there: "
        "en-GB/tags/national-coordinators/, fr/tags/national-coordinators/, states/fr/, "
        "states/fr/all/ (a tag, a member state or a language's region no longer in the "
        "project: put it back if that was not meant)"
    ]
    assert run(project, "build").stderr == ""


def test_an_english_change_without_updated_is_dated_when_the_build_first_sees_it(
    project: Project,
) -> None:
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    (before,) = [
        e
        for e in feedparser.parse((project.root / "output/en-GB/feed.atom").read_bytes()).entries
        if e.link.endswith(f"/{DEMO}/")
    ]
    edit_english(project, "convened 130 delegates", "brought together 130 delegates")
    assert run(project, "update").exit_code == 0
    built = run(project, "build", "--now", "2026-12-02T10:30:00+00:00")
    assert built.exit_code == 0, built.output
    assert record(project, DEMO)["versions"]["en-GB"]["changed"] == "2026-12-02T10:30:00+00:00"
    # The press office hears of it once, from the build that first sees it.
    assert (
        f"Changed after publication: {DEMO}: its English differs from what readers were shown, "
        "and no 'updated:' in its front matter dates the change. Its feeds now say updated "
        "2026-12-02T11:30:00+01:00; its pages say nothing. If readers should be told, add "
        "'updated:' and 'correction:' to its front matter\n"
    ) in built.output

    def english_entry() -> feedparser.FeedParserDict:
        feed = feedparser.parse((project.root / "output/en-GB/feed.atom").read_bytes())
        (found,) = [e for e in feed.entries if e.link.endswith(f"/{DEMO}/")]
        return found

    after = english_entry()
    assert (after.id, after.published) == (before.id, before.published)
    assert after.updated == "2026-12-02T10:30:00+00:00"
    # Later builds keep that moment: the record says when the change was first seen.
    (project.root / "source" / f"{DEMO}.txt").touch()
    later = run(project, "build", "--now", "2026-12-05T08:00:00+00:00")
    assert later.exit_code == 0, later.output
    assert "recorded what went online" not in later.output
    assert "Changed after publication" not in later.output
    assert english_entry().updated == "2026-12-02T10:30:00+00:00"


def corrected_and_built(project: Project, updated: str) -> Result:
    """Publish on 1 December; correct 130 delegates to 131 with ``updated:`` and a correction
    note; build on 2 December (the build, which must succeed)."""
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8").replace("convened 130 delegates", "convened 131 delegates")
    note = "An earlier version gave the wrong number of delegates."
    text = text.replace("\n---\n", f"\nupdated: {updated}\ncorrection: {note}\n---\n", 1)
    source.write_text(text, "utf-8")
    assert run(project, "update").exit_code == 0
    built = run(project, "build", "--now", "2026-12-02T10:30:00+00:00")
    assert built.exit_code == 0, built.output
    return built


def test_a_same_day_updated_line_is_named_where_it_dates_nothing(project: Project) -> None:
    """A correction the day of the release, ``updated:`` given as that day (midnight, not
    later than what readers were shown): the build dates the change and says why, not that the
    front matter has no 'updated:' (it has, and the pages show it)."""
    built = corrected_and_built(project, "2023-06-07")
    assert (
        f"Changed after publication: {DEMO}: its English differs from what readers were shown, "
        "and its 'updated: 2023-06-07' is not later than that. Its feeds now say updated "
        "2026-12-02T11:30:00+01:00; to date the change yourself, give 'updated:' its time "
        "('updated: 2026-12-02T11:30:00+01:00')\n"
    ) in built.output
    assert "no 'updated:'" not in built.output


def test_a_translation_saved_again_with_no_word_changed_is_not_updated(project: Project) -> None:
    """Poedit or Weblate save a catalog when a translator adds a flag or a comment, and date
    the save: no word readers read changed, and the feeds do not call the entry updated, nor
    does the record change. A real correction saved later moves it."""
    assert run(project, "build", "--now", "2026-12-01T09:00:00+00:00").exit_code == 0
    before = entries(project, "fr/feed.atom")
    title = next(t for t in before if "observateurs" not in t)
    record_before = (project.root / "published" / f"{DEMO}.json").read_bytes()
    path = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(path))
    document.metadata["PO-Revision-Date"] = "2026-12-02 08:00+0000"
    document[3].tcomment = "checked with the desk"
    document.save()
    assert run(project, "build", "--now", "2026-12-02T09:00:00+00:00").exit_code == 0
    assert entries(project, "fr/feed.atom")[title] == before[title]
    assert (project.root / "published" / f"{DEMO}.json").read_bytes() == record_before
    fresh = public_files(project)
    shutil.rmtree(project.root / ".communique")
    shutil.rmtree(project.root / "output")
    assert run(project, "build", "--now", "2026-12-02T09:00:00+00:00").exit_code == 0
    assert public_files(project) == fresh
    edit_french(project, DEMO, {"130 délégués": "cent trente délégués"})
    document = polib.pofile(str(path))
    document.metadata["PO-Revision-Date"] = "2026-12-03 08:00+0000"
    document.save()
    assert run(project, "build", "--now", "2026-12-03T09:00:00+00:00").exit_code == 0
    assert entries(project, "fr/feed.atom")[title][1] == "2026-12-03T08:00:00+00:00"


def test_a_release_renamed_by_hand_stops_update_and_build_until_rename_finishes_it(
    project: Project,
) -> None:
    """Saved under a new name (``git mv``, "Save as"): the build would take its translations
    offline, and an update would start the new name's catalogs from nothing. Both stop and
    say how to finish; ``rename`` takes the file where it is and moves the rest after it."""
    assert run(project, "build").exit_code == 0
    feed_before = entries(project, "fr/feed.atom")
    root = project.root
    new = "2024-03-01-election-observers-deployed"
    (root / "source" / f"{SECOND}.md").rename(root / "source" / f"{new}.md")

    def files() -> dict[Path, bytes]:
        return {
            p: p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and ".communique" not in p.parts
        }

    before = files()
    stop = (
        f"Error: published/{SECOND}.json: {SECOND} is online in en-GB, fr, but its source is "
        "gone from source/: {}. Renamed by hand? run 'communique rename "
        f"{SECOND} {new}' (source/{new}.md looks like it), which keeps its translations, "
        f"record and readers; or take it offline with 'communique remove {SECOND}'; or put "
        "its source back\n"
    )
    for command, stopped in [
        (["update"], "no catalog was updated"),
        (["build"], "nothing was built"),
        (["publish"], "no catalog was updated"),
        (["status"], "the table leaves it out"),
    ]:
        result = run(project, *command)
        assert result.exit_code == 1, command
        assert result.stderr.endswith(stop.format(stopped)), result.stderr
    assert files() == before

    assert run(project, "extract").exit_code == 0  # (a template of the new name: it gives way)
    renamed = run(project, "rename", SECOND, new)
    assert renamed.exit_code == 0, renamed.output
    assert f"published/{SECOND}.json → published/{new}.json\n" in renamed.output
    assert not list(root.rglob(f"{SECOND}.*"))
    text = (root / "source" / f"{new}.md").read_text("utf-8")
    assert text.startswith("---\nid: odihr-observers-2024\n")
    assert f'aliases: ["{SECOND}"]\n---\n' in text
    french = polib.pofile(str(project.catalog_path(new, "fr")))
    assert french.find("Transparent counting.").msgstr == "Un dépouillement transparent."
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert entries(project, "fr/feed.atom").keys() == feed_before.keys()
    old = page(project, f"fr/{SECOND}/index.html")
    assert old.find(".//meta[@http-equiv='refresh']").get("content") == f"0; url=../../fr/{new}/"


def _fuzzy(english: str, translation: str) -> str:
    return f'#, fuzzy\nmsgid "{english}"\nmsgstr "{translation}"\n'


def test_drafts_of_the_new_name_give_way_to_a_release_renamed_by_hand(project: Project) -> None:
    """A run of an earlier version started the new name's catalogs: ``rename`` replaces
    machine drafts with the reviewed catalogs; a catalog with a translator's text in it
    (reviewed or not) stops it, saying how to keep that instead."""
    from communique.catalog.drafts import draft_comment

    assert run(project, "build").exit_code == 0
    root = project.root
    new = "2024-03-02-observers"
    (root / "source" / f"{SECOND}.md").rename(root / "source" / f"{new}.md")
    drafted, edited = project.catalog_path(new, "fr"), project.catalog_path(new, "de")
    comment = draft_comment("apertium eng-spa | es-fr", "Comptage transparent.")
    for path, entry in [
        (drafted, f"# {comment}\n" + _fuzzy("Transparent counting.", "Comptage transparent.")),
        (edited, _fuzzy("Transparent counting.", "Transparente Auszählung.")),
    ]:
        path.parent.mkdir(parents=True, exist_ok=True)
        header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        path.write_text(header + entry, "utf-8")
    refused = run(project, "rename", SECOND, new)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: cannot rename '{SECOND}' to '{new}': locale/de/LC_MESSAGES/{new}.po holds a "
        f"translator's work for '{new}' already, which the rename would replace with "
        f"{SECOND}'s translations: move it out of locale/ (to merge by hand what to keep) and "
        f"run this command again; or, to keep it instead, run 'communique remove {SECOND}' "
        "(its reviewed translations stay in the translation memory; its pages go offline)\n"
    )
    edited.unlink()
    renamed = run(project, "rename", SECOND, new)
    assert renamed.exit_code == 0, renamed.output
    french = polib.pofile(str(drafted))
    assert french.find("Transparent counting.").msgstr == "Un dépouillement transparent."
    assert not french.find("Transparent counting.").fuzzy


def test_a_new_release_is_not_taken_for_one_renamed_by_hand(project: Project) -> None:
    """One release deleted by hand, another written: the stop names no rename to make, and
    ``rename`` refuses to give the new one the old one's translations, record and feed id."""
    assert run(project, "build").exit_code == 0
    root = project.root
    (root / "source" / f"{SECOND}.md").unlink()
    new = "2024-05-02-new-office"
    (root / "source" / f"{new}.md").write_text(
        "---\ntitle: OSCE opens a new office in Chisinau\n---\n"
        "Chisinau, 2 May 2024 (OSCE): The office opened today. It has ten staff.\n",
        "utf-8",
    )
    stopped = run(project, "build")
    assert stopped.exit_code == 1
    assert f"run 'communique rename {SECOND} NEW', which keeps" in stopped.stderr
    assert "looks like it" not in stopped.stderr
    refused = run(project, "rename", SECOND, new)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: cannot rename '{SECOND}' to '{new}': source/{new}.md does not read as "
        f"'{SECOND}' did (another title, and most of its sentences differ), so it is not "
        f"taken for it renamed; if it is, move it back to source/{SECOND}.md and run this "
        "command again\n"
    )
    assert not list(root.glob(f"locale/*/LC_MESSAGES/{new}.po"))
    # The same title is not enough: a weekly statement has the same one each week.
    title = polib.pofile(str(root / "locale" / "templates" / f"{SECOND}.pot"))[0].msgid
    (root / "source" / f"{new}.md").write_text(
        f"---\ntitle: {title}\n---\nChisinau, 2 May 2024 (OSCE): The office opened today.\n",
        "utf-8",
    )
    assert "looks like it" not in run(project, "build").stderr
    assert run(project, "rename", SECOND, new).exit_code == 1


def test_remove_takes_what_is_left_of_a_release_deleted_by_hand(project: Project) -> None:
    assert run(project, "build").exit_code == 0
    (project.root / "source" / f"{SECOND}.md").unlink()
    assert run(project, "build").exit_code == 1
    removed = run(project, "remove", SECOND)
    assert removed.exit_code == 0, removed.output
    assert f"published/{SECOND}.json: removed\n" in removed.output
    assert not list(project.root.rglob(f"{SECOND}.*"))
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert not list((project.root / "output").rglob(f"*{SECOND}*"))
    nothing = run(project, "remove", SECOND)
    assert nothing.exit_code == 1
    assert f"no release '{SECOND}'" in nothing.stderr


def test_status_lists_the_entries_to_do_where_an_editor_jumps_to_them(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``status --entries``: each entry still to translate or review, as FILE:LINE from where
    the command runs (where the editor runs), the line of its msgid, the English changed said
    apart from a draft; reviewed ones are not listed."""
    monkeypatch.chdir(project.root)
    edit_english(project, "convened 130 delegates", "convened 135 delegates")
    assert run(project, "update", "--locale", "fr").exit_code == 0
    listed = run(project, "status", DEMO, "--locale", "fr", "--locale", "it", "--entries")
    # (The Italian, not updated, is behind its English: said, not an empty list of work.)
    assert listed.exit_code == 1, listed.output
    assert listed.stderr == (
        f"Error: locale/it/LC_MESSAGES/{DEMO}.po: 1 sentence of the English is not in the "
        "catalog yet (run 'communique update')\n"
    )
    lines = listed.stdout.splitlines()
    path = f"locale/fr/LC_MESSAGES/{DEMO}.po"
    (changed,) = [line for line in lines if line.startswith(path)]
    file, line, state, english = changed.split(":", 3)
    assert (file, state, english) == (
        path,
        " fuzzy (the English changed)",
        " With the participation of representatives from approximately 60 count…",
    )
    text = (project.root / path).read_text("utf-8").splitlines()
    assert text[int(line) - 1].startswith("msgid ")
    assert "the meeting convened 135 " in "".join(text[int(line) - 1 : int(line) + 4])
    italian = [line for line in lines if line.startswith(f"locale/it/LC_MESSAGES/{DEMO}.po:")]
    assert len(italian) == 2  # the two segments the Italian translator has not done
    monkeypatch.chdir(project.root / "locale")  # (a translator's editor open there)
    inside = run(project, "status", DEMO, "--locale", "it", "--entries").stdout.splitlines()
    assert [line.removeprefix("it/") for line in inside] == [
        line.removeprefix("locale/it/") for line in italian
    ]
    monkeypatch.chdir(project.root)
    assert all(": untranslated: " in line for line in italian)
    # A draft is said to be one; a catalog that cannot be read is no empty list.
    assert run(project, "draft", "--locale", "it", "--engine", "pseudo").exit_code == 0
    drafted = run(project, "status", DEMO, "--locale", "it", "--entries").stdout.splitlines()
    assert len(drafted) == 2
    assert all(": fuzzy (a draft): " in line for line in drafted)
    catalog = project.root / f"locale/it/LC_MESSAGES/{DEMO}.po"
    catalog.write_text("<<<<<<< HEAD\n" + catalog.read_text("utf-8"), "utf-8")
    broken = run(project, "status", DEMO, "--locale", "it", "--entries")
    assert broken.exit_code == 1
    assert broken.stderr.startswith(f"Error: locale/it/LC_MESSAGES/{DEMO}.po:1: ")
    # A release that cannot be read is said once, not once for each language.
    edit_english(project, "\ndate: 2023-06-07\n", "\ndate: [2023-06-07\n")
    unread = run(project, "status", DEMO, "--entries")
    assert unread.exit_code == 1
    said = [line for line in unread.stderr.splitlines() if line.startswith("Error: source/")]
    assert len(said) == 1, unread.stderr


def test_one_rename_finishes_while_another_release_waits_for_its_own(project: Project) -> None:
    """Two releases renamed by hand: ``rename`` finishes the one it is given (its catalogs'
    references updated), and the build still stops for the other, naming it."""
    assert run(project, "build").exit_code == 0
    root = project.root
    new, other = "2024-03-02-observers", "2023-06-07-coordinators"
    (root / "source" / f"{SECOND}.md").rename(root / "source" / f"{new}.md")
    (root / "source" / f"{DEMO}.txt").rename(root / "source" / f"{other}.txt")
    stopped = run(project, "build")
    assert stopped.stderr.startswith(f"Error: published/{DEMO}.json: {DEMO} is online in ")
    assert f"(and so are the sources of {SECOND}, each to settle alike)" in stopped.stderr
    renamed = run(project, "rename", SECOND, new)
    assert renamed.exit_code == 0, renamed.output
    assert "catalogs updated (references to the new file)" in renamed.output
    french = polib.pofile(str(project.catalog_path(new, "fr")))
    assert all(o[0] == f"source/{new}.md" for e in french for o in e.occurrences)
    still = run(project, "build")
    assert still.exit_code == 1
    assert f"run 'communique rename {DEMO} {other}' (source/{other}.txt looks like it)" in (
        still.stderr
    )


def test_a_preview_says_which_releases_are_not_public_yet_and_until_when(
    project: Project,
) -> None:
    """Staff check an embargoed release in the preview before it goes out: its pages say it
    is not public, and until when, in the site's time zone; its listing entry says so too. A
    release marked a draft says so. Once the embargo lifts, the preview says nothing more,
    as a preview built from nothing then would."""
    add_statement(project, "embargo: 2027-01-15T09:00:00+01:00")
    (project.root / "source" / "2027-01-10-draft-note.md").write_text(
        "---\ntitle: A note still being written\nstatus: draft\n---\nVienna, 10 January 2027: "
        "The Chairmanship will speak.\n",
        "utf-8",
    )
    assert run(project, "update").exit_code == 0
    path = project.catalog_path(EMBARGOED, "fr")
    document = polib.pofile(str(path))
    for entry in document:
        entry.msgstr, entry.flags, entry.previous_msgid = f"FR {entry.msgid}", [], None
    document.save()
    before = run(project, "build", "--drafts", "--now", "2026-12-01T12:00:00+00:00")
    assert before.exit_code == 0, before.output
    assert held_back("2027-01-15T09:00:00+01:00") in before.output.splitlines()
    assert "Draft: 2027-01-10-draft-note (status: draft; not in the public site)" in (
        before.output.splitlines()
    )
    preview = project.root / "output-drafts"

    def notice(locale: str, slug: str) -> tuple[str | None, str | None] | None:
        found = html.fromstring((preview / locale / slug / "index.html").read_bytes())
        (kept,) = found.findall(".//main//p[@class='notice kept-back']") or [None]
        return None if kept is None else (kept.text_content(), kept.get("lang"))

    assert notice("en-GB", EMBARGOED) == ("Not public before 15 January 2027, 09:00 CET.", None)
    assert notice("fr", EMBARGOED) == ("Non public avant le 15 janvier 2027, 09:00 +0100.", None)
    assert notice("en-GB", "2027-01-10-draft-note") == (
        "Not public: this release is marked as a draft.",
        None,
    )
    assert notice("en-GB", DEMO) is None

    def badges(locale: str) -> dict[str, str]:
        listing = html.fromstring((preview / locale / "index.html").read_bytes())
        return {
            item.find("a").text: item.findtext("span[@class='badge']") or ""
            for item in listing.findall(".//main//li")
        }

    shown = badges("en-GB")
    assert shown[EMBARGOED_TITLE] == shown["A note still being written"] == "Not public yet"
    assert [badge for title, badge in shown.items() if "anti-trafficking" in title] == [""]
    assert badges("fr")[f"FR {EMBARGOED_TITLE}"] == "Pas encore public"
    # The public site has neither, and none of the preview's notices.
    public = run(project, "build", "--now", "2026-12-01T12:00:00+00:00")
    assert public.exit_code == 0, public.output
    assert not (project.root / "output" / "en-GB" / EMBARGOED).exists()
    assert "kept-back" not in (project.root / "output" / "en-GB" / "index.html").read_text()
    # The embargo lifts: the preview says nothing of it, as one built from nothing would.
    lifted = run(project, "build", "--drafts", "--now", "2027-01-15T09:00:00+01:00")
    assert lifted.exit_code == 0, lifted.output
    assert "Embargoed" not in lifted.output
    assert notice("en-GB", EMBARGOED) is None
    assert badges("en-GB")[EMBARGOED_TITLE] == ""
    made = {p: p.read_bytes() for p in preview.rglob("*") if p.is_file()}
    shutil.rmtree(preview)
    shutil.rmtree(project.root / ".communique")
    again = run(project, "build", "--drafts", "--now", "2027-01-15T09:00:00+01:00")
    assert again.exit_code == 0, again.output
    assert {p: p.read_bytes() for p in preview.rglob("*") if p.is_file()} == made


def test_status_says_what_the_build_would_refuse_of_a_correction_dated_ahead(
    project: Project,
) -> None:
    """'status' agrees with the build on a release corrected ahead of now: no version of it
    is publishable, for the reason the build gives, and those online stay as published (it
    said 'yes' where the build stopped at the release)."""
    assert run(project, "build", "--now", "2023-06-08T10:00:00+02:00").exit_code == 0
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8").replace("\n---\n", "\nupdated: 2023-07-09\n---\n", 1)
    source.write_text(text, "utf-8")
    line = text.splitlines().index("updated: 2023-07-09") + 1
    said = run(project, "status", "--json", "--now", "2023-06-09T10:00:00+02:00")
    assert said.exit_code == 1
    reason = (
        f"cannot be read: source/{DEMO}.txt:{line}: updated: 2023-07-09 is later than now "
        "(2023-06-09T10:00+02:00): it says when the release was corrected; write when it was"
    )
    rows = {row["locale"]: row for row in json.loads(said.stdout) if row["release"] == DEMO}
    assert {locale: row["reasons"] for locale, row in rows.items()} == {
        locale: [reason] for locale in ("fr", "de", "it", "ru", "es")
    }
    online = json.loads(
        run(project, "status", "--json", "--now", "2023-06-08T10:00:00+02:00").stdout
    )
    before = {row["locale"]: row["online"] for row in online if row["release"] == DEMO}
    assert {locale: row["online"] for locale, row in rows.items()} == {
        locale: "record" if was == "yes" else was for locale, was in before.items()
    }
    assert "record" in before.values() or "yes" in before.values()


def test_a_superseded_translation_withdrawn_and_let_back_moves_its_feeds_on(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The English changed after the French went online: France's feed showed the French,
    served from the record, updated when the English changed. Withdrawn, the entry shows
    the English, updated after that, and the French feed's date does not go back; let back,
    the French is updated after the English it replaced. A build from nothing agrees."""

    def at(moment: str, *arguments: str) -> None:
        run_at(project, monkeypatch, moment, *arguments)

    def entry() -> Any:
        return entry_of(project, "states/fr/feed.atom", DEMO)

    def feed_updated(path: str) -> Any:
        return updated_of(project, path)

    at("2024-05-01T09:00:00+00:00", "build")
    edit_english(project, "convened 130 delegates", "convened 131 delegates")
    at("2024-06-01T10:00:00+00:00", "update")
    at("2024-06-01T10:00:00+00:00", "build")
    french = entry()
    assert french.link.split("/")[-3] == "fr"
    assert "131" not in french.content[0].value  # the French, as published
    french_feed = feed_updated("fr/feed.atom")

    at("2024-06-05T09:00:00+00:00", "withdraw", DEMO, "--locale", "fr")
    at("2024-06-05T09:00:00+00:00", "build")
    english = entry()
    assert (english.id, english.link.split("/")[-3]) == (french.id, "en-GB")
    assert english.updated_parsed > french.updated_parsed
    assert feed_updated("fr/feed.atom") >= french_feed

    at("2024-06-10T09:00:00+00:00", "withdraw", DEMO, "--locale", "fr", "--undo")
    at("2024-06-10T09:00:00+00:00", "build")
    back = entry()
    assert (back.id, back.link.split("/")[-3]) == (french.id, "fr")
    assert back.updated_parsed > english.updated_parsed
    built_alike_from_nothing(project)


def _french_of(project: Project, english: str) -> tuple[str, bool]:
    (entry,) = [
        e for e in polib.pofile(str(project.catalog_path(DEMO, "fr"))) if e.msgid == english
    ]
    return entry.msgstr, entry.fuzzy


def _review(project: Project, english: str, translation: str) -> None:
    path = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(path))
    (entry,) = [e for e in document if e.msgid == english]
    entry.msgstr = translation
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgid = None
    document.save()


def test_a_wording_back_gets_its_latest_reviewed_translation_not_a_rejected_one(
    project: Project,
) -> None:
    """A reviewer corrected the French, then the English was reworded and reworded back: the
    correction comes back, reviewed, not the translation she rejected (the memory had not
    read her correction before the rewording let it go, and retired the rejected one after
    it)."""
    assert run(project, "draft", "--locale", "fr", "--engine", "none").exit_code == 0
    rejected = _french_of(project, CONVENED)[0]
    corrected = rejected.replace("a rassemblé", "a réuni")
    assert corrected != rejected
    _review(project, CONVENED, corrected)
    warmly = CONVENED.replace("meeting convened", "meeting warmly convened")
    edit_english(project, "the meeting convened 130", "the meeting warmly convened 130")
    assert run(project, "update", "--locale", "fr").exit_code == 0
    assert run(project, "draft", "--locale", "fr", "--engine", "none").exit_code == 0
    _review(project, warmly, corrected.replace("a réuni", "a chaleureusement réuni"))
    edit_english(project, "the meeting warmly convened 130", "the meeting convened 130")
    back = run(project, "update", "--locale", "fr")
    assert back.exit_code == 0, back.output
    assert "1 reviewed again" in back.output
    assert _french_of(project, CONVENED) == (corrected, False)


def test_a_stale_copy_saved_over_an_unpublished_review_does_not_lose_it(
    project: Project,
) -> None:
    """A translator reviewed the French of the English as it is now (not published yet: the
    record does not have it), then a stale copy of the catalog, from before the English
    changed, was saved over it (Poedit left open, a 'git checkout --theirs'): update puts her
    review back, as it does for a published one."""
    assert run(project, "build").exit_code == 0
    path = project.catalog_path(DEMO, "fr")
    stale = path.read_bytes()
    edit_english(project, "the meeting convened 130", "the meeting convened 135")
    assert run(project, "update", "--locale", "fr").exit_code == 0
    new_english = CONVENED.replace("130", "135")
    mine = _french_of(project, new_english)[0].replace("130", "135")
    _review(project, new_english, mine)
    # Her review is read by the memory (a draft of another language, a 'publish' that keeps
    # French waiting for another reason), and is not published.
    assert run(project, "draft", "--locale", "fr", "--engine", "none").exit_code == 0
    path.write_bytes(stale)
    document = polib.pofile(str(path))  # (its template was made before this one)
    document.metadata["POT-Creation-Date"] = "2026-01-01 10:00+0000"
    document.save()
    updated = run(project, "update", "--locale", "fr")
    assert updated.exit_code == 0, updated.output
    assert "1 reviewed again" in updated.output, updated.output
    assert _french_of(project, new_english) == (mine, False)


@pytest.mark.parametrize("kept_back", ["status: draft", "embargo: 2099-01-15T09:00:00+01:00"])
def test_a_published_release_kept_back_again_leaves_the_feeds_as_a_withdrawal_does(
    project: Project, tmp_path: Path, kept_back: str
) -> None:
    """A published release turned back into a draft, or given a later embargo, is offline
    until then: its feeds lose its entries as when it is withdrawn, and no more. Its topic's
    feeds stay (they were deleted: a 404 for their readers), and no feed's date goes back
    (a member state's went back to 2000-01-01)."""
    assert run(project, "build").exit_code == 0
    out = project.root / "output"

    def dates() -> dict[str, Any]:
        return {
            p.relative_to(out).as_posix(): feedparser.parse(p.read_bytes()).feed.updated_parsed
            for p in sorted(out.rglob("feed.atom"))
        }

    def feeds(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("feed.*"))
        }

    before = dates()
    assert "en-GB/tags/elections/feed.atom" in before
    withdrawn = tmp_path / "withdrawn"
    shutil.copytree(project.root, withdrawn)
    assert run(Project.load(withdrawn), "withdraw", SECOND).exit_code == 0
    assert run(Project.load(withdrawn), "build").exit_code == 0
    source = project.root / "source" / f"{SECOND}.md"
    source.write_text(source.read_text("utf-8").replace("---\n", f"---\n{kept_back}\n", 1))
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert not (out / "en-GB" / SECOND).exists()
    after = dates()
    assert sorted(after) == sorted(before)
    assert [path for path in before if after[path] < before[path]] == []
    assert feedparser.parse((out / "en-GB/tags/elections/feed.atom").read_bytes()).entries == []
    assert feeds(out) == feeds(withdrawn / "output")
    conforming(project)
    built_alike_from_nothing(project)


def test_a_state_s_entry_taken_on_by_a_translation_is_updated_when_it_goes_online(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Italy's feed carried the English; the Italian, out later, takes the entry on (same id)
    with a PO-Revision-Date older than the English (a tool that leaves it as it was, a
    translation made before the English was published): the entry is updated when the
    Italian went online, so that feed readers show it; it kept the English's date."""
    feed = "states/it/all/feed.atom"

    def entry() -> Any:
        return entry_of(project, feed, DEMO)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704103200")  # 2024-01-01T10:00:00Z
    assert run(project, "build").exit_code == 0
    english = entry()
    assert english.link.split("/")[-3] == "en-GB"
    translate(project, DEMO, "it", references("it"))
    document = polib.pofile(str(project.catalog_path(DEMO, "it")))
    document.metadata["PO-Revision-Date"] = "2023-06-01 10:00+0200"
    document.save()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704708000")  # 2024-01-08T10:00:00Z
    built = run(project, "build")
    assert built.exit_code == 0, built.output
    assert "Published in it: 1 release" in built.output
    italian = entry()
    assert (italian.id, italian.link.split("/")[-3]) == (english.id, "it")
    assert italian.updated == "2024-01-08T10:00:00+00:00"
    assert italian.updated_parsed > english.updated_parsed
    built_alike_from_nothing(project)


def test_a_feed_s_date_does_not_go_back_when_its_newest_change_leaves_the_window(
    project: Project,
) -> None:
    """A feed of two entries: the older release corrected is the newest change, and its date
    the feed's; a newer release pushes it out of the window. The feed changed then, not
    before: its date stays (it went back to the new release's day), in the language's and the
    topic's feeds alike. A build from nothing agrees."""
    config = project.root / "communique.toml"
    config.write_text(
        config.read_text("utf-8").replace(
            "min_complete = 100", "min_complete = 100\nfeed_entries = 2"
        ),
        "utf-8",
    )
    out = project.root / "output"
    edit_english(
        project,
        "date: 2023-06-07\n",
        "date: 2023-06-07\nupdated: 2024-06-01T10:00:00+02:00\ncorrection: Figures corrected.\n",
    )
    assert run(project, "build").exit_code == 0
    feeds = ("en-GB/feed.atom", "en-GB/tags/council-of-europe/feed.atom")

    def dates() -> list[Any]:
        return [feedparser.parse((out / feed).read_bytes()).feed.updated_parsed for feed in feeds]

    before = dates()
    assert [d[:3] for d in before] == [(2024, 6, 1), (2024, 6, 1)]
    every = {
        p.relative_to(out).as_posix(): feedparser.parse(p.read_bytes()).feed.updated_parsed
        for p in out.rglob("feed.atom")
    }
    (project.root / "source" / "2024-03-05-newer.txt").write_text(
        "---\ntitle: A newer release\ntags: [Council of Europe]\n---\n"
        "Vienna, 5 March 2024: The Permanent Council met.\n",
        "utf-8",
    )
    assert run(project, "update").exit_code == 0
    assert run(project, "build").exit_code == 0
    titles = [e.title for e in feedparser.parse((out / feeds[0]).read_bytes()).entries]
    assert titles == ["A newer release", "Observers deployed for the vote"]  # DEMO left
    assert dates() == before
    # Nor any other feed: a member state's feeds of all releases too.
    for path, updated in every.items():
        assert updated_of(project, path) >= updated, path
    built_alike_from_nothing(project)


def test_a_withdrawal_floor_is_what_readers_were_shown_whatever_the_template_and_clock(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The French, served from its record once the English changed, was shown updated then.
    The English edited again, built without 'update' (the template stale), and the French
    withdrawn: its feeds keep that date (they went back to the French's own). Let back with a
    clock behind, it is dated after the English that stood in for it. A build from nothing
    agrees at each step."""

    def at(moment: str, *arguments: str) -> None:
        run_at(project, monkeypatch, moment, *arguments)

    def updated(path: str) -> Any:
        return updated_of(project, path)

    def entry() -> Any:
        return entry_of(project, "states/fr/feed.atom", DEMO)

    at("2024-05-01T09:00:00+00:00", "build")
    edit_english(project, "convened 130 delegates", "convened 131 delegates")
    at("2024-06-01T10:00:00+00:00", "update")
    at("2024-06-01T10:00:00+00:00", "build")
    built_alike_from_nothing(project)
    shown = {path: updated(path) for path in ("fr/feed.atom", "states/fr/feed.atom")}
    french = entry()
    assert french.updated_parsed[:4] == (2024, 6, 1, 10)
    edit_english(project, "convened 131 delegates", "convened 132 delegates")
    at("2024-06-05T09:00:00+00:00", "withdraw", DEMO, "--locale", "fr")
    at("2024-06-05T09:00:00+00:00", "build")
    built_alike_from_nothing(project)
    for path, before in shown.items():
        assert updated(path) >= before, path
    english = entry()
    assert english.updated_parsed > french.updated_parsed
    at("2024-06-04T09:00:00+00:00", "withdraw", DEMO, "--locale", "fr", "--undo")
    at("2024-06-04T09:00:00+00:00", "build")
    back = entry()
    assert (back.id, back.link.split("/")[-3]) == (french.id, "fr")
    assert back.updated_parsed > english.updated_parsed
    built_alike_from_nothing(project)


def test_a_withdrawal_in_the_build_that_meets_an_english_edit_is_built_alike_from_nothing(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The English edited, updated and the French withdrawn before one build: the French was
    never shown as superseded, and a later build from nothing gives the same feeds as the
    incremental one (one took the English's change for the French's date)."""

    def at(moment: str, *arguments: str) -> None:
        run_at(project, monkeypatch, moment, *arguments)

    at("2024-05-01T09:00:00+00:00", "build")
    edit_english(project, "convened 130 delegates", "convened 131 delegates")
    at("2024-06-01T10:00:00+00:00", "update")
    at("2024-06-01T10:00:00+00:00", "withdraw", DEMO, "--locale", "fr")
    at("2024-06-01T10:00:00+00:00", "build")
    at("2024-06-02T10:00:00+00:00", "build")
    built_alike_from_nothing(project)


def test_a_change_of_time_zone_re_dates_no_release_readers_have(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release dated without a time goes online at midnight where the organisation is. The
    office corrects ``organisation.timezone`` (Vienna to Tokyo) after it went out: its feed
    entries keep the moments readers were given (re-dated, Tokyo's midnight is seven hours
    earlier, and their ``updated`` went back), and its record stays as it was. A release
    published afterwards is dated in the new zone."""
    run_at(project, monkeypatch, "2024-05-01T09:00:00+00:00", "build")
    feeds = ("en-GB/feed.atom", "fr/feed.atom", "states/fr/feed.atom")
    before = {feed: entry_of(project, feed, DEMO) for feed in feeds}
    record = project.root / "published" / f"{DEMO}.json"
    recorded = record.read_bytes()
    config = project.root / "communique.toml"
    text = config.read_text("utf-8")
    assert 'timezone = "Europe/Vienna"' in text
    config.write_text(text.replace("Europe/Vienna", "Asia/Tokyo"), "utf-8")
    run_at(project, monkeypatch, "2024-05-02T09:00:00+00:00", "build")
    for feed, entry in before.items():
        now = entry_of(project, feed, DEMO)
        assert (now.published, now.updated) == (entry.published, entry.updated), feed
    assert record.read_bytes() == recorded
    built_alike_from_nothing(project)
    # A later build that looks at the release again records nothing (it said it had).
    shutil.rmtree(project.root / ".communique")
    again = run_at(project, monkeypatch, "2024-05-02T10:00:00+00:00", "build")
    assert "recorded what went online" not in again.output
    # Italian, out after the change, is published when the original was (a member state's
    # feed entry it takes on from the English keeps its date).
    translate(project, DEMO, "it", references("it"))
    run_at(project, monkeypatch, "2024-05-03T09:00:00+00:00", "build")
    english = entry_of(project, "en-GB/feed.atom", DEMO)
    assert entry_of(project, "it/feed.atom", DEMO).published == english.published
    third = project.root / "source" / "2024-05-02-mission-opens.md"
    third.write_text("---\ntitle: Mission opens\ndate: 2024-05-02\n---\n\nIt opens.\n", "utf-8")
    run_at(project, monkeypatch, "2024-05-02T09:00:00+00:00", "build")
    opened = entry_of(project, "en-GB/feed.atom", third.stem)
    assert opened.published == "2024-05-02T00:00:00+09:00"


def test_a_translation_dated_ahead_of_the_clock_is_dated_when_it_goes_online(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator's machine has its clock a year ahead: the catalog she saved says it was
    revised in 2025. Its correction goes online, dated when the build published it, not in
    2025: a feed entry from the future would hold its feed's date there, and feed readers
    would take no later correction for one. A later build keeps that date, and one from
    nothing agrees."""
    run_at(project, monkeypatch, "2024-05-01T09:00:00+00:00", "build")
    edit_french(project, DEMO, {"a rassemblé 130": "a chaleureusement rassemblé 130"})
    path = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(path))
    document.metadata["PO-Revision-Date"] = "2025-06-01 08:00+0000"
    document.save()
    run_at(project, monkeypatch, "2024-06-01T10:00:00+00:00", "build")
    feeds = ("fr/feed.atom", "states/fr/feed.atom")
    for feed in feeds:
        assert entry_of(project, feed, DEMO).updated == "2024-06-01T10:00:00+00:00", feed
        assert updated_of(project, feed)[:3] == (2024, 6, 1), feed
    recorded = json.loads((project.root / "published" / f"{DEMO}.json").read_bytes())
    assert recorded["versions"]["fr"]["updated"] == "2024-06-01T10:00:00+00:00"
    run_at(project, monkeypatch, "2024-06-02T10:00:00+00:00", "build")
    for feed in feeds:
        assert entry_of(project, feed, DEMO).updated == "2024-06-01T10:00:00+00:00", feed
    built_alike_from_nothing(project)


def test_a_published_catalog_deleted_by_mistake_comes_back_reviewed(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The French catalog of a published release is deleted (by mistake, or a language's
    folder removed, as an old hint said) after its translator reviewed it, with no run of
    ``draft`` or ``update`` since: the memory never read her reviews. ``update`` makes the
    catalog again with every translation readers were shown, reviewed, with the flag one
    needed, and says so; the build publishes it as it was, and the French feed entry does not
    move."""
    run_at(project, monkeypatch, "2024-05-01T09:00:00+00:00", "build")
    path = project.catalog_path(DEMO, "fr")
    reviewed = {
        e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.translated() and not e.obsolete
    }
    assert len(reviewed) > 10
    silenced = {e.msgid: e.flags for e in polib.pofile(str(path)) if e.flags}
    assert list(silenced.values()) == [["ignore-numbers"]]
    entry = entry_of(project, "fr/feed.atom", DEMO)
    path.unlink()
    shutil.rmtree(project.root / ".communique")  # (whatever the memory knew)
    done = run_at(project, monkeypatch, "2024-05-02T09:00:00+00:00", "update")
    assert (
        f"{project.relative(path)}: created, {len(reviewed)} messages, "
        f"{len(reviewed)} reviewed translations brought back" in done.output
    ), done.output
    again = polib.pofile(str(path))
    assert {e.msgid: e.msgstr for e in again if e.translated()} == reviewed
    assert not [e for e in again if e.fuzzy]
    # The flag its translator set ("about sixty", rightly without the digits) comes back.
    assert {e.msgid: e.flags for e in again if e.flags} == silenced
    built = run_at(project, monkeypatch, "2024-05-02T09:00:00+00:00", "build")
    assert "FROM THE RECORD" not in built.output  # published from its catalog, as before
    after = entry_of(project, "fr/feed.atom", DEMO)
    assert (after.id, after.updated, after.link) == (entry.id, entry.updated, entry.link)
    built_alike_from_nothing(project)


def test_a_changed_domain_is_refused_while_feed_entries_carry_the_old_one(
    project: Project,
) -> None:
    """``organisation.domain`` mints every feed entry's id. Changed after the site was
    published (a rebrand), every id would change, and every subscriber would get every
    release again, as new: the build refuses, says why and what to do, and builds nothing.
    Set back, it builds as before."""
    assert run(project, "build").exit_code == 0
    feed = project.root / "output" / "fr" / "feed.atom"
    before = feed.read_bytes()
    config = project.root / "communique.toml"
    text = config.read_text("utf-8")
    assert 'domain = "osce.org"' in text
    config.write_text(text.replace('domain = "osce.org"', 'domain = "osce.int"'), "utf-8")
    refused = run(project, "build")
    assert refused.exit_code == 1
    line = text.split("\n").index('domain = "osce.org"') + 1
    assert refused.stderr == (
        f"Error: communique.toml:{line}: "
        "organisation.domain is 'osce.int', but the site's feed entries "
        "have ids under 'osce.org' (tag:osce.org,…): changed, every id would change, and feed "
        "readers would show every release again, as new. An id is permanent (a domain owned on "
        "the date it gives stays right after): set organisation.domain back to 'osce.org' (the "
        "site's address is organisation.base_url); if no site built with it ever went online, "
        "remove .communique/cache.sqlite and published/_feeds.json to start its history again; "
        "nothing was built\n"
    )
    assert feed.read_bytes() == before
    # A fresh clone (a CI's build) knows the domain from the record: refused too.
    shutil.rmtree(project.root / ".communique")
    shutil.rmtree(project.root / "output")
    assert run(project, "build").stderr == refused.stderr
    assert json.loads((project.root / "published" / "_feeds.json").read_text("utf-8")) == {
        "domain": "osce.org",
        "domain_since": "1998",
    }
    config.write_text(text, "utf-8")
    assert run(project, "build").exit_code == 0
    assert feed.read_bytes() == before
    # So is another year of the domain, which mints each feed's own id.
    assert 'domain_since = "1998"' in text
    config.write_text(text.replace('domain_since = "1998"', 'domain_since = "1995"'), "utf-8")
    shutil.rmtree(project.root / ".communique")
    line = text.split("\n").index('domain_since = "1998"') + 1
    assert run(project, "build").stderr == (
        f"Error: communique.toml:{line}: "
        "organisation.domain_since is '1995', but the site's feeds have "
        "ids from '1998' (tag:osce.org,1998:feed/…): changed, every feed's id would change, and "
        "feed readers would take each for a new feed: set organisation.domain_since back to "
        "'1998'; if no site built with it ever went online, remove .communique/cache.sqlite and "
        "published/_feeds.json to start its history again; nothing was built\n"
    )
    # A placeholder ('init' writes example.org) may be set to the organisation's own.
    config.write_text(text.replace('domain = "osce.org"', 'domain = "example.org"'), "utf-8")
    assert run(project, "build").exit_code == 1  # (osce.org's ids, published: refused)
    (project.root / ".communique" / "cache.sqlite").unlink()
    (project.root / "published" / "_feeds.json").unlink()
    assert run(project, "build").exit_code == 0
    config.write_text(text, "utf-8")
    assert run(project, "build").exit_code == 0


def test_a_published_change_undone_with_its_record_moves_the_feeds_on(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A figure corrected in the English went online ("130" to "131", dated when the build
    took it); the office undoes the commit with ``git revert``, which puts back the source
    and the publication record as they were. Readers had "131": the entry showing "130"
    again is updated after it, not dated back to before (feed readers would keep "131"), and
    the feeds' dates do not go back. A build from nothing agrees."""
    run_at(project, monkeypatch, "2024-05-01T09:00:00+00:00", "build")
    source = project.root / "source" / f"{DEMO}.txt"
    record = project.root / "published" / f"{DEMO}.json"
    committed = source.read_bytes(), record.read_bytes()
    edit_english(project, "convened 130 delegates", "convened 131 delegates")
    run_at(project, monkeypatch, "2024-06-01T10:00:00+00:00", "build")
    feeds = ("en-GB/feed.atom",)
    shown = {feed: entry_of(project, feed, DEMO) for feed in feeds}
    dates = {feed: updated_of(project, feed) for feed in feeds}
    assert "131" in shown["en-GB/feed.atom"].content[0].value
    source.write_bytes(committed[0])  # git revert
    record.write_bytes(committed[1])
    run_at(project, monkeypatch, "2024-06-05T09:00:00+00:00", "build")
    for feed in feeds:
        back = entry_of(project, feed, DEMO)
        assert "130" in back.content[0].value, feed
        assert back.id == shown[feed].id
        assert back.updated_parsed > shown[feed].updated_parsed, feed
        assert updated_of(project, feed) >= dates[feed], feed
    built_alike_from_nothing(project)


def test_an_updated_time_not_later_than_what_readers_were_shown_is_quoted_as_written(
    project: Project,
) -> None:
    """``updated:`` with a time earlier than what readers were last shown: the build quotes it
    with its time and asks for a later one (it quoted the day alone, and asked for a time it
    had)."""
    moment = "2023-06-07T00:00:00+02:00"  # (when it went out: no later)
    built = corrected_and_built(project, moment)
    assert (
        f"Changed after publication: {DEMO}: its English differs from what readers were shown, "
        f"and its 'updated: {moment}' is not later than that. Its feeds now say updated "
        "2026-12-02T11:30:00+01:00; to date the change yourself, give 'updated:' a later "
        "time ('updated: 2026-12-02T11:30:00+01:00')\n"
    ) in built.output


def test_a_build_refuses_to_start_the_records_again_when_they_are_deleted(
    project: Project,
) -> None:
    """``published/`` deleted (by mistake, a clean-up): the records keep what readers were
    shown, the feed ids their entries were published under, when each translation went out.
    Built again from the catalogs, ids and dates would change without a word (a member
    state's feed entry turned from the Russian into the English): the build refuses, names
    the way back, and changes nothing. Put back, it builds as before."""
    assert run(project, "build").exit_code == 0
    records = project.root / "published"
    kept = {path.name: path.read_bytes() for path in records.iterdir()}
    site = tree(project.root / "output")
    shutil.rmtree(records)
    refused = run(project, "build")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: published/: the publication records of {DEMO} and {SECOND}, which the last "
        "build knew, are gone: they keep what readers were shown, the ids of the feed "
        "entries and when each version went out, which a build cannot make again. Put them "
        "back ('git checkout -- published'); to start the site's history again, remove "
        ".communique/cache.sqlite too; nothing was built\n"
    )
    assert not records.exists()
    assert tree(project.root / "output") == site
    records.mkdir()
    for name, data in kept.items():
        (records / name).write_bytes(data)
    assert run(project, "build").exit_code == 0
    assert tree(project.root / "output") == site


def test_a_catalog_made_again_takes_what_readers_were_shown_not_an_older_review(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The English went 130 → 135 → 130 (its French reviewed each time, the first brought
    back), then the French translator corrected the sentence, and it went online. The memory
    keeps, as what the release let go of for that English, the translation from before her
    correction: a catalog deleted and made again takes what readers were shown."""

    def at(moment: str, *arguments: str) -> None:
        run_at(project, monkeypatch, moment, *arguments)

    path = project.catalog_path(DEMO, "fr")

    def review(english: str, french: str) -> None:
        document = polib.pofile(str(path))
        (entry,) = [e for e in document if e.msgid == english]
        entry.msgstr = french
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        if "ignore-numbers" not in entry.flags:  # ("une soixantaine", set again)
            entry.flags.append("ignore-numbers")
        entry.previous_msgid = None
        document.save()

    at("2024-05-01T09:00:00+00:00", "build")
    edit_english(project, "convened 130 delegates", "convened 135 delegates")
    at("2024-05-02T09:00:00+00:00", "update")
    french = next(e.msgstr for e in polib.pofile(str(path)) if "135" in e.msgid)
    review(CONVENED.replace("130", "135"), french.replace("130", "135"))
    at("2024-05-02T09:00:00+00:00", "build")
    edit_english(project, "convened 135 delegates", "convened 130 delegates")
    at("2024-05-03T09:00:00+00:00", "update")
    (entry,) = [e for e in polib.pofile(str(path)) if e.msgid == CONVENED]
    assert not entry.fuzzy
    corrected = entry.msgstr.replace(FRENCH_130, "la réunion a réuni 130 délégués.")
    assert corrected != entry.msgstr
    review(CONVENED, corrected)
    at("2024-05-03T09:00:00+00:00", "build")
    assert "réuni 130" in entry_of(project, "fr/feed.atom", DEMO).content[0].value
    path.unlink()
    at("2024-05-04T09:00:00+00:00", "update")
    (entry,) = [e for e in polib.pofile(str(path)) if e.msgid == CONVENED]
    assert (entry.msgstr, entry.fuzzy) == (corrected, False)


def test_a_list_laid_out_anew_is_no_change_readers_are_told_of(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record written before lists kept their first number and their quotation (no "start",
    no "quote" in its blocks): the same words laid out anew are no change after publication,
    and the feed's date stays."""
    slug = "2024-05-01-points"
    (project.root / "source" / f"{slug}.md").write_text(
        "---\ntitle: Points\ndate: 2024-05-01\n---\nVienna, 1 May 2024: Two points.\n\n"
        "1. First.\n\nAnd:\n\n3. Third.\n\n> We act:\n>\n> - now\n",
        "utf-8",
    )
    run_at(project, monkeypatch, "2024-05-02T09:00:00+00:00", "publish")
    record = project.root / "published" / f"{slug}.json"
    data = json.loads(record.read_bytes())
    blocks = data["versions"]["en-GB"]["blocks"]
    assert any("start" in b for b in blocks)
    assert any("quote" in b for b in blocks)
    for block in blocks:  # (as the code before wrote it)
        block.pop("start", None)
        block.pop("quote", None)
    record.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    before = entry_of(project, "en-GB/feed.atom", slug).updated
    built = run_at(project, monkeypatch, "2024-05-03T09:00:00+00:00", "build")
    assert "Changed after publication" not in built.output
    assert entry_of(project, "en-GB/feed.atom", slug).updated == before


def test_a_withdrawn_release_whose_record_is_deleted_does_not_come_back(
    project: Project,
) -> None:
    """The record keeps a withdrawn release offline: deleted with ``published/``, the release
    went back online without a word. The build refuses, as for one online."""
    assert run(project, "build").exit_code == 0
    assert run(project, "withdraw", SECOND).exit_code == 0
    assert run(project, "build").exit_code == 0
    (project.root / "published" / f"{SECOND}.json").unlink()
    refused = run(project, "build")
    assert refused.exit_code == 1
    assert f"the publication record of {SECOND}, which the last build knew, is gone" in (
        refused.stderr
    )
    assert not (project.root / "output" / "en-GB" / SECOND).exists()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            '<<<<<<< HEAD\n{"domain": "osce.org"}\n=======\n',
            ":1: a merge conflict left in it: each side is a whole record; keep one (git checkout "
            "--theirs published/_feeds.json, or --ours), the one whose dates are the later where "
            "they differ (feed readers have those: dated back, they would keep the other text), "
            "and publish again, which records what goes online",
        ),
        (
            '{"domain": "osce.org",\n}\n',
            ":2: not what a build writes: not JSON (Expecting property name enclosed in double "
            "quotes, column 1)",
        ),
        (
            '{"domain": "osce.org"}\n',
            ': not what a build writes: {"domain": "…", "domain_since": "…"}',
        ),
    ],
)
def test_a_feeds_record_that_is_not_what_a_build_writes_is_one_line(
    project: Project, content: str, said: str
) -> None:
    """``published/_feeds.json`` broken by a merge or by hand: said where, nothing built."""
    assert run(project, "build").exit_code == 0
    before = (project.root / "output" / "fr" / "feed.atom").read_bytes()
    (project.root / "published" / "_feeds.json").write_text(content, "utf-8")
    refused = run(project, "build")
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: published/_feeds.json{said}\n"
    assert (project.root / "output" / "fr" / "feed.atom").read_bytes() == before
