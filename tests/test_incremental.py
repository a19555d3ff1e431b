"""Incremental builds give the bytes a build from nothing gives, whatever was edited, and redo
only what an edit touches."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import feedparser
import polib
import pytest
from click.testing import CliRunner

import communique.release.reader as reader_stage
import communique.site.build as build_stage
import communique.site.recording as recording_stage
import communique.site.versions as versions_stage
from communique.cache import Cache, WorkerCache
from communique.cli import cli
from communique.project import Project
from communique.release.reader import Release
from communique.site.build import BuildReport
from communique.site.record import RecordError
from communique.workspace import Workspace
from tests.conftest import tree
from tests.site_project import DEMO, SECOND, TOPICAL, add_topical, make
from tests.stages import build, extract, update


def output(project: Project) -> dict[str, bytes]:
    return tree(project.root / "output")


def from_nothing(project: Project, where: Path) -> tuple[dict[str, bytes], BuildReport]:
    """The site a fresh clone of the project builds (no cache, no earlier output), and what
    the build said."""
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(project.root, where, ignore=shutil.ignore_patterns(".communique", "output"))
    fresh = Project.load(where)
    report = build(fresh)
    assert report.made > 0
    return output(fresh), report


def same_as_from_nothing(project: Project, report: BuildReport, where: Path) -> None:
    """The site and what the build said are those a build from nothing gives (at ``where``)."""
    expected, fresh = from_nothing(project, where)
    assert output(project) == expected
    assert account(report) == account(fresh)


def account(report: BuildReport) -> tuple[object, ...]:
    """What a build says of the versions: where each is, and why."""
    return (
        report.published,
        report.waiting,
        report.from_record,
        report.withdrawn,
        report.embargoed,
        report.drafts,
        report.problems,
        report.without_interface,
    )


def edit_catalog(
    project: Project, slug: str, locale: str, change: Callable[[polib.POFile], None]
) -> None:
    path = project.catalog_path(slug, locale)
    document = polib.pofile(str(path))
    change(document)
    document.save()


def _retranslate(rnd: random.Random) -> Callable[[Project], str]:
    def edit(project: Project) -> str:
        slug = rnd.choice([DEMO, SECOND])

        def change(document: polib.POFile) -> None:
            entry = rnd.choice([e for e in document if e.msgstr and not e.fuzzy])
            entry.msgstr = entry.msgstr.rstrip(".") + " (revu)."

        edit_catalog(project, slug, "fr", change)
        return f"retranslated an entry of {slug} in fr"

    return edit


def _unreview(rnd: random.Random) -> Callable[[Project], str]:
    def edit(project: Project) -> str:
        def change(document: polib.POFile) -> None:
            for entry in rnd.sample(list(document), 5):
                entry.flags.append("fuzzy")

        there = [loc for loc in ("fr", "it") if project.catalog_path(DEMO, loc).exists()]
        edit_catalog(project, DEMO, rnd.choice(there), change)  # (Italian may be removed)
        return "made five entries fuzzy"

    return edit


def _revise_release(rnd: random.Random) -> Callable[[Project], str]:
    def edit(project: Project) -> str:
        path = project.root / "source" / f"{SECOND}.md"
        text = path.read_text("utf-8")
        path.write_text(text + f"\nA sentence added in round {rnd.randrange(1000)}.\n", "utf-8")
        return "added a sentence to a release"

    return edit


def _glossary(rnd: random.Random) -> Callable[[Project], str]:
    def edit(project: Project) -> str:
        path = project.root / "locale" / "glossary.csv"
        rows = path.read_text("utf-8").splitlines()
        name = rnd.choice(["OSZE", "OSCE-Z", "Organisation"])
        rows = [row.replace("OSZE", name, 1) if row.startswith("OSCE,") else row for row in rows]
        path.write_text("\n".join(rows) + "\n", "utf-8")
        return f"renamed the organisation in German to {name}"

    return edit


def _settings(rnd: random.Random) -> Callable[[Project], str]:
    def edit(project: Project) -> str:
        path = project.root / "communique.toml"
        text = path.read_text("utf-8")
        if "feed_entries" in text:
            text = text.replace("feed_entries = 1\n", "")
        else:
            text = text.replace("[publishing]\n", "[publishing]\nfeed_entries = 1\n")
        path.write_text(text, "utf-8")
        return "changed how many entries the feeds carry"

    return edit


def _revision_date(rnd: random.Random) -> Callable[[Project], str]:
    def edit(project: Project) -> str:
        def change(document: polib.POFile) -> None:
            document.metadata["PO-Revision-Date"] = (
                f"2024-0{rnd.randrange(3, 9)}-0{rnd.randrange(1, 9)} 10:00+0200"
            )

        edit_catalog(project, SECOND, "fr", change)
        return "changed a revision date"

    return edit


def _touch(rnd: random.Random) -> Callable[[Project], str]:
    def edit(project: Project) -> str:
        path = rnd.choice(sorted(project.root.glob("locale/*/LC_MESSAGES/*.po")))
        os.utime(path)
        return "touched a catalog without changing it"

    return edit


def _remove_catalog(rnd: random.Random) -> Callable[[Project], str]:
    def edit(project: Project) -> str:
        path = project.catalog_path(DEMO, "it")
        if path.exists():
            path.unlink()
            return "removed a catalog"
        return "nothing (the catalog was removed already)"

    return edit


def _template(rnd: random.Random) -> Callable[[Project], str]:
    def edit(project: Project) -> str:
        folder = project.root / "templates"
        folder.mkdir(exist_ok=True)
        (folder / "style.css").write_text(f"body {{ margin: {rnd.randrange(9)}em; }}\n", "utf-8")
        return "changed the project's stylesheet"

    return edit


EDITS = (
    _retranslate,
    _unreview,
    _revise_release,
    _glossary,
    _settings,
    _revision_date,
    _touch,
    _remove_catalog,
    _template,
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_builds_equal_builds_from_nothing(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    project = make(tmp_path / "project")
    build(project)
    for round_number in range(4):
        done = [rnd.choice(EDITS)(rnd)(project) for _ in range(rnd.randrange(1, 4))]
        project = Project.load(project.root)  # as the next command reads it: settings too
        report = build(project)
        assert not report.skipped, done
        expected, fresh = from_nothing(project, tmp_path / f"fresh-{round_number}")
        assert output(project) == expected, f"round {round_number}: {done}"
        assert account(report) == account(fresh), f"round {round_number}: {done}"


def test_an_edit_redoes_only_what_it_touches(tmp_path: Path) -> None:
    project = make(tmp_path / "project")
    first = build(project)
    assert first.made == 2 * 6  # two releases, in English and five target locales
    _retranslate(random.Random(4))(project)
    report = build(project)
    # One catalog changed: one version checked and localized again; rendered again: its page,
    # the French feeds, those of its three tags in French, France's feeds (the release, datelined
    # Strasbourg, concerns France), the "all" feeds of the six member states that read French,
    # and the sitemaps that date the page (the edit left PO-Revision-Date as it was: the build
    # dates the change). The listings show nothing that changed.
    assert report.made == 1
    assert report.partial  # the other release was listed as the last build left it
    tags = ["council-of-europe", "national-coordinators", "trafficking-in-human-beings"]
    assert report.rendered == 1 + 2 + 3 * 2 + 2 + 6 * 2 + 2
    french = ["be", "ca", "ch", "fr", "lu", "mc"]
    assert sorted(report.written) == sorted(
        [
            f"fr/{DEMO}/index.html",
            "fr/feed.atom",
            "fr/feed.rss",
            *(f"fr/tags/{tag}/feed.{kind}" for tag in tags for kind in ("atom", "rss")),
            "states/fr/feed.atom",
            "states/fr/feed.rss",
            *(f"states/{code}/all/feed.{kind}" for code in french for kind in ("atom", "rss")),
            "sitemap.xml",
            "sitemaps/2023.xml",
        ]
    )


def test_files_written_just_before_a_build_are_compared_by_their_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Right after an update, a build's start is too close to the catalogs' times for them to
    prove anything to the next build: that one compares their bytes with what the cache read,
    and still looks again only at the release that changed."""
    monkeypatch.setattr(build_stage, "FEW", 1)
    project = make(tmp_path / "project")  # every file written a moment ago
    build(project)
    _retranslate(random.Random(4))(project)  # the demo release, in French
    report = build(project)
    assert report.partial
    assert report.made == 1
    assert output(project) == from_nothing(project, tmp_path / "fresh")[0]


def test_a_change_every_page_shows_is_a_full_build(tmp_path: Path) -> None:
    """A change of what every page is made of (the project's stylesheet, the settings, the
    glossary) is no few releases' change: every release is looked at again."""
    project = make(tmp_path / "project")
    build(project)
    _template(random.Random(1))(project)
    report = build(project)
    assert not report.partial
    assert report.rendered > 0
    assert output(project) == from_nothing(project, tmp_path / "fresh")[0]


def test_a_release_no_longer_published_leaves_the_listings(tmp_path: Path) -> None:
    """A release whose every version waits is taken out of every listing, feed and sitemap,
    and its pages out of the site, by a build that looks at it alone."""
    project = make(tmp_path / "project")
    build(project)
    path = project.root / "source" / f"{SECOND}.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("---\n", "---\nstatus: draft\n", 1), "utf-8")
    report = build(project)
    assert report.partial
    assert report.drafts == [SECOND]
    assert not any(SECOND in path for path in output(project))
    site = b"".join(output(project).values())
    assert SECOND.encode() not in site
    same_as_from_nothing(project, report, tmp_path / "fresh")


def test_processes_share_the_work_and_the_bytes_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = make(tmp_path / "alone")
    build(alone, jobs=1)
    shared = Project.load(
        shutil.copytree(
            alone.root, tmp_path / "shared", ignore=shutil.ignore_patterns(".communique", "output")
        )
    )
    monkeypatch.setattr(versions_stage, "PARALLEL_FROM", 0)
    monkeypatch.setattr(versions_stage, "CHUNK", 1)  # a release a process
    monkeypatch.setattr(build_stage, "PARALLEL_RENDER_FROM", 0)
    # The same clock for both: the edit below leaves PO-Revision-Date as it was, and each
    # build dates it when it sees it.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764669600")
    report = build(shared, jobs=2)
    assert report.made == 12
    assert output(shared) == output(alone)
    again = build(shared, jobs=2)
    assert again.skipped
    # What the processes handed back, in whatever order they finished, lets the next build
    # look again at the one release that changed.
    _retranslate(random.Random(4))(shared)
    _retranslate(random.Random(4))(alone)
    edited = build(shared, jobs=2)
    assert edited.partial
    assert edited.made == 1
    build(alone, jobs=1)
    assert output(shared) == output(alone)


def test_releases_whose_files_are_untouched_are_not_looked_at_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files last written long before a build are trusted by what ``stat`` says of them: the
    next build does not even work out the keys of their versions; an edited catalog's release
    is worked out again, and only it, from the release as the last build parsed it."""
    project = make(tmp_path / "project")
    for path in project.root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(10**18, 10**18))  # 2001
    build(project)
    keyed: list[str] = []
    real = versions_stage.review_key

    def counting(workspace: object, slug: str, locale: str) -> str:
        keyed.append(f"{slug} {locale}")
        return real(workspace, slug, locale)  # type: ignore[arg-type]

    monkeypatch.setattr(versions_stage, "review_key", counting)
    parsed: list[str] = []
    real_parse = reader_stage.parse_release

    def parsing(raw: bytes, *, display: str, language: str = "en") -> Release:
        parsed.append(display)
        return real_parse(raw, display=display, language=language)

    monkeypatch.setattr(reader_stage, "parse_release", parsing)
    _retranslate(random.Random(4))(project)  # the demo release, in French: written now
    report = build(project)
    assert report.made == 1
    assert parsed == []
    assert sorted(keyed) == [
        f"{DEMO} {locale}" for locale in sorted(["fr", "de", "it", "ru", "es"])
    ]
    assert output(project) == from_nothing(project, tmp_path / "fresh")[0]


def _listed_rows(project: Project) -> dict[str, bytes]:
    """What the cache keeps of each release for the next build's listings, as stored."""
    with sqlite3.connect(project.root / ".communique" / "cache.sqlite") as connection:
        return dict(connection.execute("SELECT slug, data FROM listed"))


def test_a_rebuild_after_one_edit_stores_that_release_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the next build lists of each release is stored release by release: a rebuild after
    one edit rewrites that release's row, not the whole archive's listings."""
    project = make(tmp_path / "project")
    build(project)
    stored = _listed_rows(project)
    assert sorted(stored) == sorted([DEMO, SECOND])
    written: list[int] = []
    real = Cache.replace_listed

    def counting(cache: Cache, site: str, listed: Mapping[str, Any]) -> None:
        before = cache.connection.total_changes
        real(cache, site, listed)
        written.append(cache.connection.total_changes - before)

    monkeypatch.setattr(Cache, "replace_listed", counting)
    _retranslate(random.Random(4))(project)  # the demo release, in French
    report = build(project)
    assert report.partial
    assert written == [1]
    now = _listed_rows(project)
    assert now[SECOND] == stored[SECOND]
    assert now[DEMO] != stored[DEMO]


def test_the_cache_keeps_the_listed_releases_a_build_gave_it(tmp_path: Path) -> None:
    """Rows that did not change are left as they are, those of releases gone are deleted,
    whether or not the run read them first."""
    database = tmp_path / "cache.sqlite"
    cache = Cache(database)
    cache.replace_listed("site", {"a": ["1", [], ["a/"]], "b": ["2", [], []], "c": ["3", [], []]})
    cache.close()
    for read_first in (True, False):
        cache = Cache(database)
        if read_first:
            assert cache.listed("site") == {
                "a": ["1", [], ["a/"]],
                "b": ["2", [], []],
                "c": ["3", [], []],
            }
        before = cache.connection.total_changes
        cache.replace_listed("site", {"a": ["1", [], ["a/"]], "b": [f"2{read_first}", [], []]})
        assert cache.connection.total_changes - before == (2 if read_first else 1)
        cache.close()
        assert Cache(database).listed("site") == {
            "a": ["1", [], ["a/"]],
            "b": [f"2{read_first}", [], []],
        }


def test_a_drafts_preview_is_no_garbage_for_the_next_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The public site and the drafts preview each keep versions of their own: together twice
    one site's, which is no garbage. A rebuild after an edit does not read every site's states
    to look for it (at 2,000 × 6 that took 0.5–0.9 s of each rebuild); once stale versions
    outnumber both sites' live ones, a build forgets them."""
    project = make(tmp_path / "project")
    build(project)
    build(project, drafts=True)
    walked: list[int] = []
    real = Cache.all_rows

    def walking(cache: Cache) -> list[Any]:
        walked.append(1)
        return real(cache)

    monkeypatch.setattr(Cache, "all_rows", walking)

    def versions() -> int:
        cache = Cache(project.root / ".communique" / "cache.sqlite")
        found = cache.count("version")
        cache.close()
        return found

    live = versions()
    with Workspace.open(project) as workspace:  # (a release's versions, times the releases)
        one_site = len(workspace.sources) * (1 + len(workspace.settings.target_locales))
    assert live == 2 * one_site
    edit = _retranslate(random.Random(7))
    edit(project)
    assert build(project).made == 1  # one stale version now
    assert walked == []
    # Stale versions up to the two sites' live ones twice over: the next build that makes
    # something forgets them all.
    cache = Cache(project.root / ".communique" / "cache.sqlite")
    stale = 2 * 2 * one_site - (live + 1)
    cache.put_records("version", {f"stale-{n}": ["x"] for n in range(stale)})
    cache.close()
    edit(project)
    assert build(project).made == 1
    assert walked == [1]
    assert versions() == live


def test_records_a_worker_hands_over_are_read_and_stored_as_the_owners(tmp_path: Path) -> None:
    """A worker process hands its records over encoded; the owner reads them back decoded, one
    it made again itself wins (read and stored), and a worker sharing the owner's cache after
    a fork sees both."""
    database = tmp_path / "cache.sqlite"
    Cache(database).close()  # (the tables)
    worker = Cache(database, write=False)
    worker.put_records("pieces", {"a": [["p", "<p>a</p>"]], "b": [["p", "b"]]})
    worker.put_records("release", {"r": b"\x00raw bytes"})
    snapshots, records = worker.take_pending()
    assert all(isinstance(data, bytes) for found in records.values() for data in found.values())
    owner = Cache(database)
    owner.absorb(snapshots, records)
    owner.put_records("pieces", {"b": [["p", "b, again"]]})
    expected = {"a": [["p", "<p>a</p>"]], "b": [["p", "b, again"]]}
    assert owner.records("pieces", ["a", "b", "c"]) == expected
    assert owner.records("release", ["r"]) == {"r": b"\x00raw bytes"}
    shared = WorkerCache.sharing(owner)
    assert shared.records("pieces", ["b", "a"]) == expected
    owner.close()
    stored = Cache(database)
    assert stored.records("pieces", ["a", "b"]) == expected
    assert stored.records("release", ["r"]) == {"r": b"\x00raw bytes"}
    assert worker.take_pending() == ([], {})


def test_a_site_built_where_no_folder_is_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--out`` may name folders that do not exist yet, in one process or several."""
    project = make(tmp_path / "project")
    alone = build(project, out=tmp_path / "new" / "one" / "site", jobs=1)
    monkeypatch.setattr(build_stage, "PARALLEL_RENDER_FROM", 0)
    shared = build(project, out=tmp_path / "new" / "two" / "site", jobs=2)
    assert alone.published == shared.published
    assert tree(tmp_path / "new" / "one" / "site") == tree(tmp_path / "new" / "two" / "site")
    assert (tmp_path / "new" / "one" / "site" / "index.html").is_file()


def test_a_retitled_release_is_shown_under_its_new_title_by_its_neighbours(
    tmp_path: Path,
) -> None:
    """The pages that show a release as related are rendered again when its title changes,
    by a build that looks at that release alone; the others are left as they were."""
    project = make(tmp_path / "project")
    add_topical(project)
    build(project)
    path = project.root / "source" / "2024-04-03-journalists-safety.md"
    path.write_text(
        path.read_text("utf-8").replace("Journalists safety", "Safety of journalists"), "utf-8"
    )
    report = build(project)
    assert report.partial
    pages = {p for p in report.written if p.endswith("/index.html") and "2024-0" in p}
    assert pages == {
        "en-GB/2024-04-03-journalists-safety/index.html",
        # Those that show it as related (and not the final report, which does not).
        "en-GB/2024-04-02-media-during-the-campaign/index.html",
        "en-GB/2024-04-04-election-coverage/index.html",
    }
    assert (
        b"Safety of journalists" in output(project)["en-GB/2024-04-04-election-coverage/index.html"]
    )
    same_as_from_nothing(project, report, tmp_path / "fresh")
    # A release that leaves the topic leaves its neighbours' pages too.
    path.write_text(path.read_text("utf-8").replace("tags: [media]", "tags: []"), "utf-8")
    report = build(project)
    assert report.partial
    assert "en-GB/2024-04-04-election-coverage/index.html" in report.written
    assert output(project) == from_nothing(project, tmp_path / "fresh")[0]


def test_a_neighbour_s_title_kept_as_written_is_no_longer_marked_english(tmp_path: Path) -> None:
    """A translator who keeps a title as it is written (a name) makes it French: the pages
    that show it as related no longer mark it as English, in a rebuild as from nothing (the
    text being the same, they were left with lang="en-GB")."""
    project = make(tmp_path / "project")
    add_topical(project)
    for slug, _, _ in TOPICAL:
        edit_catalog(project, slug, "fr", _french_but_the_title)
    build(project, drafts=True)
    drafts = project.root / "output-drafts"
    page = drafts / "fr" / "2024-04-04-election-coverage" / "index.html"
    link = '<a href="../2024-04-03-journalists-safety/" lang="en-GB">Journalists safety</a>'
    assert link in page.read_text("utf-8")

    def kept_as_written(document: polib.POFile) -> None:
        document.find("Journalists safety").msgstr = "Journalists safety"

    edit_catalog(project, "2024-04-03-journalists-safety", "fr", kept_as_written)
    build(project, drafts=True)
    assert link.replace(' lang="en-GB"', "") in page.read_text("utf-8")
    fresh = tmp_path / "fresh"
    shutil.copytree(project.root, fresh, ignore=shutil.ignore_patterns(".communique", "output*"))
    build(Project.load(fresh), drafts=True)
    assert tree(drafts) == tree(fresh / "output-drafts")


def _french_but_the_title(document: polib.POFile) -> None:
    for entry in document:
        if entry.comment != "title":
            entry.msgstr = f"FR {entry.msgid}"
            entry.flags = []


STATEMENT = """\
# Statement on the vote

Warsaw, 2 March 2024 (ODIHR): The observers published their preliminary statement.
"""


def test_a_release_copied_to_a_new_name_is_a_release_of_its_own(tmp_path: Path) -> None:
    """A press office starts a release from a copy of another: until one of them is edited,
    the two files hold the same bytes, and each is still a release of its own, with its own
    page and feed entries (versions were once cached by content alone, and the copy's build
    stopped: two outputs would write the first one's page)."""
    project = make(tmp_path / "project")
    first = project.root / "source" / "2024-03-02-statement.md"
    first.write_text(STATEMENT, "utf-8")  # no id: each release's slug is its feed id
    extract(project)
    update(project)
    build(project)
    shutil.copy(first, project.root / "source" / "2024-03-02-statement-copy.md")
    extract(project)
    update(project)
    report = build(project)
    assert report.published["en-GB"].count("2024-03-02-statement-copy") == 1
    site = output(project)
    for slug in ("2024-03-02-statement", "2024-03-02-statement-copy"):
        page = site[f"en-GB/{slug}/index.html"].decode("utf-8")
        assert f'<link rel="canonical" href="https://press.example.org/en-GB/{slug}/">' in page
    feed = site["en-GB/feed.atom"].decode("utf-8")
    assert "release/2024-03-02-statement/en-GB</id>" in feed
    assert "release/2024-03-02-statement-copy/en-GB</id>" in feed
    same_as_from_nothing(project, report, tmp_path / "fresh")


def test_a_member_state_added_to_the_settings_lists_the_releases_that_concern_it(
    tmp_path: Path,
) -> None:
    """The member states a release concerns depend on the settings as well as the release:
    versions made before a state was added do not stand for versions made after (they were
    taken from the cache, and the new state's pages and feeds listed none of its releases)."""
    project = make(tmp_path / "project")
    settings = project.root / "communique.toml"
    with_france = settings.read_text("utf-8")
    settings.write_text(with_france.replace('"FR", ', ""), "utf-8")
    build(Project.load(project.root))
    assert not (project.root / "output" / "states" / "fr").exists()
    settings.write_text(with_france, "utf-8")
    project = Project.load(project.root)
    report = build(project)
    site = output(project)
    # The demo release, datelined Strasbourg, concerns France (whose feed is in French).
    assert f"/fr/{DEMO}/" in site["states/fr/feed.atom"].decode("utf-8")
    same_as_from_nothing(project, report, tmp_path / "fresh")


def edit_record_by_hand(project: Project) -> None:
    """Correct the recorded English title of the demo release, as a person would."""
    path = project.root / "published" / f"{DEMO}.json"
    record = json.loads(path.read_text("utf-8"))
    record["versions"]["en-GB"]["title"][-1] += " (edited)"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", "utf-8")


def test_a_record_edited_by_hand_dates_every_page_and_feed_as_a_build_from_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone edits ``published/<slug>.json`` by hand (two branches' records merged): the build
    finds the recorded English unlike the release's, records the moment it saw that, and says
    the release changed then. A rebuild said so in the sitemap alone: pages and feeds were
    keyed by their versions' texts, which the record does not move, and kept their dates."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28T20:26:40Z
    project = make(tmp_path / "project")
    build(project)
    edit_record_by_hand(project)
    report = build(project)
    assert f"en-GB/{DEMO}/index.html" in report.written
    page = (project.root / "output" / "en-GB" / DEMO / "index.html").read_text("utf-8")
    assert '"dateModified": "2026-05-28T20:26:40+00:00"' in page
    feed = feedparser.parse((project.root / "output" / "en-GB" / "feed.atom").read_bytes())
    (entry,) = [e for e in feed.entries if e.link.endswith(f"/en-GB/{DEMO}/")]
    assert entry.updated == "2026-05-28T20:26:40+00:00"
    same_as_from_nothing(project, report, tmp_path / "fresh")


def test_a_record_removed_by_hand_takes_back_what_it_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the record added to a version (when it changed) goes with the record: a rebuild
    took the version as the last build left it, the record's moment included, while a build
    from nothing dated the page by the release. (A record deleted stops the build, which
    knows the release was published; the site's history started again, by removing the
    cache as it says, the build is one from nothing.)"""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    project = make(tmp_path / "project")
    build(project)
    edit_record_by_hand(project)
    build(project)
    (project.root / "published" / f"{DEMO}.json").unlink()
    refused = CliRunner().invoke(cli, ["-C", str(project.root), "build"])
    assert refused.exit_code == 1
    assert f"the publication record of {DEMO}, which the last build knew, is gone" in (
        refused.stderr
    )
    (project.root / ".communique" / "cache.sqlite").unlink()
    report = build(project)
    page = (project.root / "output" / "en-GB" / DEMO / "index.html").read_text("utf-8")
    assert '"dateModified": "2023-06-07T00:00:00+02:00"' in page
    same_as_from_nothing(project, report, tmp_path / "fresh")


def test_a_record_that_cannot_be_read_stops_the_build_and_once_mended_builds_as_from_nothing(
    tmp_path: Path,
) -> None:
    """After a switch of the source's region (en-GB → en), the record keeps the tag the
    release's feed ids were first published under. While the record cannot be read (a merge
    conflict), the build stops before it writes anything; mended, it builds what a build from
    nothing builds, the feed ids as the record gave them."""
    project = make(tmp_path / "project")
    build(project)
    settings = project.root / "communique.toml"
    settings.write_text(
        settings.read_text("utf-8").replace('source = "en-GB"', 'source = "en"'), "utf-8"
    )
    project = Project.load(project.root)
    build(project)
    feed = (project.root / "output" / "en" / "feed.atom").read_text("utf-8")
    assert "release/osce-coe-nac-nar-meeting-2023/en-GB</id>" in feed
    record = project.root / "published" / f"{DEMO}.json"
    text = record.read_text("utf-8")
    record.write_text("<<<<<<< HEAD\n" + text, "utf-8")
    with pytest.raises(RecordError, match="nothing was built"):
        build(project)
    assert (project.root / "output" / "en" / "feed.atom").read_text("utf-8") == feed
    record.write_text(text, "utf-8")
    report = build(project)
    assert (project.root / "output" / "en" / "feed.atom").read_text("utf-8") == feed
    same_as_from_nothing(project, report, tmp_path / "fresh")


def built_long_ago(tmp_path: Path) -> tuple[Project, Path]:
    """The project with every file dated 2001 (``stat`` proves each unchanged), built; and
    the French page of the demo release."""
    project = make(tmp_path / "project")
    for path in project.root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(10**18, 10**18))
    build(project)
    return project, project.root / "output" / "fr" / DEMO / "index.html"


@pytest.mark.parametrize("same_tick", [False, True], ids=["later", "same-tick"])
def test_a_translation_saved_while_a_build_runs_is_seen_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, same_tick: bool
) -> None:
    """A translator saves a catalog, builds at once, and saves it again while the build runs:
    the bytes change, not the size, nor the file. The build shows what it read; the next one
    sees the second save, and gives the site a build from nothing gives; a rebuild after that,
    with nothing changed, takes the shortcut.

    Saved again in the same tick of the file system's clock (here, its time put back by hand),
    the catalog is to ``stat`` what it was when the build started: it was written too close to
    the build for its time to prove anything, and the next build compares its bytes with what
    the build read."""
    project, page = built_long_ago(tmp_path)
    shown = page.read_text("utf-8")
    catalog = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(catalog))
    entry = next(e for e in document if not e.fuzzy and "e" in e.msgstr and e.msgstr in shown)
    first, second = entry.msgstr.replace("e", "é", 1), entry.msgstr.replace("e", "è", 1)
    entry.msgstr = first
    document.save()  # in place, as polib writes
    before = catalog.stat()
    real = recording_stage.Recording.stage
    saves: list[os.stat_result] = []

    def saving_meanwhile(self: recording_stage.Recording, records: Mapping[str, bytes]) -> None:
        if not saves:  # the build has read the catalog and made its page
            entry.msgstr = second
            document.save()
            if same_tick:
                os.utime(catalog, ns=(before.st_atime_ns, before.st_mtime_ns))
            saves.append(catalog.stat())
        real(self, records)

    monkeypatch.setattr(recording_stage.Recording, "stage", saving_meanwhile)
    during = build(project)
    (saved,) = saves
    assert (saved.st_size, saved.st_ino) == (before.st_size, before.st_ino)  # the same file
    assert (saved.st_mtime_ns == before.st_mtime_ns) is same_tick
    assert during.made == 1
    assert first in page.read_text("utf-8")  # what the build read
    monkeypatch.undo()
    after = build(project)
    assert second in page.read_text("utf-8")
    assert after.made == 1
    same_as_from_nothing(project, after, tmp_path / "fresh")
    assert build(project).skipped


def test_a_catalog_rewritten_with_its_time_put_back_is_seen(tmp_path: Path) -> None:
    """A tool rewrites a catalog in place, as many bytes, and puts its modification time back
    (``touch -r``, ``cp -p`` or ``rsync -t`` over it): size, time and file are as they were,
    but not the time of the inode's last change, which the build notes as git does."""
    project, page = built_long_ago(tmp_path)
    catalog = project.catalog_path(DEMO, "fr")
    before = catalog.stat()
    raw = catalog.read_bytes()
    document = polib.pofile(raw.decode("utf-8"))
    shown = page.read_text("utf-8")
    entry = next(  # one line of the file, and shown as it is written
        e
        for e in document
        if not e.fuzzy and "e" in e.msgstr and len(e.msgstr) < 60 and e.msgstr in shown
    )
    edited = entry.msgstr.replace("e", "E", 1)
    assert len(edited.encode()) == len(entry.msgstr.encode())
    assert raw.count(f'msgstr "{entry.msgstr}"'.encode()) == 1
    with catalog.open("r+b") as stream:  # in place
        stream.write(raw.replace(entry.msgstr.encode(), edited.encode(), 1))
    os.utime(catalog, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = catalog.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    report = build(project)
    assert not report.skipped
    assert edited in page.read_text("utf-8")
    same_as_from_nothing(project, report, tmp_path / "fresh")
