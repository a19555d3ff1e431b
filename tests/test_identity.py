"""Two releases never share a feed entry id: a copy that keeps the original's ``id:`` line and
date stops the build, which names both files, leaves the site and the publication records as
they were, and builds again once the copy has an id of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest

import communique.site.build as build_stage
from communique.project import Project
from communique.site.identity import copy_and_original, shared_identity
from communique.site.outputs import BuildError
from tests.conftest import tree
from tests.site_project import make
from tests.stages import build, extract, update

STATEMENT = """\
---
id: odihr-statement
---
# Statement on the vote

Warsaw, 2 March 2024 (ODIHR): The observers published their preliminary statement.
"""

MESSAGE = (
    "source/{copy}.md:2: id: odihr-statement, dated 2024-03-02, is also the id of "
    "source/{original}.md: feed readers would take the two releases for one entry and show "
    "one of them only; give this release an id of its own"
)


def published(tmp_path: Path) -> Project:
    """The demo project with the statement published in English."""
    project = make(tmp_path / "project")
    (project.root / "source" / "2024-03-02-statement.md").write_text(STATEMENT, "utf-8")
    extract(project)
    update(project)
    assert "2024-03-02-statement" in build(project).published["en-GB"]
    return project


def site(project: Project) -> dict[str, dict[str, bytes]]:
    return {folder: tree(project.root / folder) for folder in ("output", "published")}


def stopped(project: Project, *, prepare: bool = True) -> str:
    """Why the build stops (after extract and update, with ``prepare``)."""
    if prepare:
        extract(project)
        update(project)
    with pytest.raises(BuildError) as error:
        build(project)
    return str(error.value)


@pytest.mark.parametrize(
    "front",
    [
        "",
        "embargo: 2099-01-01T09:00:00+01:00\n",
        "status: draft\n",
        # An alias that holds the original's name in a longer one is no half-done rename of it.
        "aliases: 2024-03-02-statement-old\n",
    ],
)
def test_a_copy_that_keeps_the_id_and_date_stops_the_build(tmp_path: Path, front: str) -> None:
    """Named before the original in the folder, the copy is still the one told to change: the
    original is online. An embargoed or draft copy stops the build too, before it is public
    (else it would stop the build that publishes it)."""
    project = published(tmp_path)
    before = site(project)
    copy = project.root / "source" / "2024-03-01-statement-draft.md"
    copy.write_text(STATEMENT.replace("---\n#", f"{front}---\n#"), "utf-8")
    expected = MESSAGE.format(copy="2024-03-01-statement-draft", original="2024-03-02-statement")
    assert stopped(project) == expected
    assert site(project) == before
    # A fresh clone of the project stops on the same message.
    fresh = tmp_path / "fresh"
    shutil.copytree(project.root, fresh, ignore=shutil.ignore_patterns(".communique", "output"))
    assert stopped(Project.load(fresh), prepare=False) == expected


def test_the_copy_given_an_id_of_its_own_is_published_beside_the_original(
    tmp_path: Path,
) -> None:
    project = published(tmp_path)
    copy = project.root / "source" / "2024-03-02-statement-copy.md"
    shutil.copy(project.root / "source" / "2024-03-02-statement.md", copy)
    expected = MESSAGE.format(copy="2024-03-02-statement-copy", original="2024-03-02-statement")
    assert stopped(project) == expected
    copy.write_text(STATEMENT.replace("odihr-statement", "odihr-second-statement"), "utf-8")
    extract(project)
    update(project)
    report = build(project)
    assert {"2024-03-02-statement", "2024-03-02-statement-copy"} <= set(report.published["en-GB"])
    feed = feedparser.parse((project.root / "output" / "en-GB" / "feed.atom").read_bytes())
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids))
    assert "tag:osce.org,2024-03-02:release/odihr-statement/en-GB" in ids
    assert "tag:osce.org,2024-03-02:release/odihr-second-statement/en-GB" in ids


def test_an_id_edited_to_another_releases_stops_a_rebuild_of_that_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rebuild that looks again at the edited release alone knows the others' ids from
    the last build, and stops too."""
    project = published(tmp_path)
    other = project.root / "source" / "2024-03-02-second.md"
    other.write_text(STATEMENT.replace("odihr-statement", "odihr-second"), "utf-8")
    extract(project)
    update(project)
    build(project)
    before = site(project)
    passed: list[str] = []
    few = build_stage._render_few

    def watched(*args: object, **kwargs: object) -> object:
        passed.append("in")
        result = few(*args, **kwargs)  # type: ignore[arg-type]
        passed.append("out")
        return result

    monkeypatch.setattr(build_stage, "_render_few", watched)
    other.write_text(STATEMENT, "utf-8")
    message = stopped(project, prepare=False)
    assert passed == ["in"]  # it stopped there, not in a full build
    assert message == MESSAGE.format(copy="2024-03-02-second", original="2024-03-02-statement")
    assert site(project) == before


def test_a_release_whose_id_is_its_name_is_told_to_take_an_id_line(tmp_path: Path) -> None:
    """A release without ``id:`` has its file's name for an id: another release's ``id:`` line
    can name it (the name a renamed release had, say)."""
    project = make(tmp_path / "project")
    source = project.root / "source"
    named = STATEMENT.replace("odihr-statement", "2024-03-02-b")
    (source / "2024-03-02-a.md").write_text(named, "utf-8")
    (source / "2024-03-02-b.md").write_text(STATEMENT.replace("id: odihr-statement\n", ""), "utf-8")
    assert stopped(project) == (
        "source/2024-03-02-b.md: its id (2024-03-02-b, its file's name), dated 2024-03-02, is "
        "also the id of source/2024-03-02-a.md: feed readers would take the two releases for "
        "one entry and show one of them only; give this release an id of its own"
    )


def test_the_release_published_under_the_id_keeps_it() -> None:
    same = ("x", "2024-03-02")
    identities = {"a": same, "b": ("y", "2024-03-02"), "c": same, "d": None, "e": same}
    assert shared_identity(identities) == ["a", "c", "e"]
    assert shared_identity({**identities, "c": ("x", "2024-03-03"), "e": None}) == []
    assert copy_and_original(["a", "c", "e"], same, lambda slug: set()) == ("c", "a")
    published = {"c": {("x", "2024-03-01"), same}, "a": {("x", "2024-03-01")}}
    assert copy_and_original(["a", "c"], same, lambda slug: published.get(slug, set())) == (
        "a",
        "c",
    )


@pytest.mark.parametrize("front", ["", "embargo: 2099-01-01T09:00:00+01:00\n"])
def test_a_new_release_under_an_old_name_of_another_stops_the_build_at_once(
    tmp_path: Path, front: str
) -> None:
    """The statement renamed (its old name kept as an alias, whose address redirects to it),
    then a new release filed under that old name: its page and the redirect would be one
    file. The build said so only when the new release came out (its embargo lifting,
    unattended), and not how to mend it; it stops at once, naming both ways out."""
    from click.testing import CliRunner

    from communique.cli import cli

    project = published(tmp_path)
    renamed = CliRunner().invoke(
        cli, ["-C", str(project.root), "rename", "2024-03-02-statement", "2024-03-02-vote"]
    )
    assert renamed.exit_code == 0, renamed.output
    build(project)
    before = site(project)
    (project.root / "source" / "2024-03-02-statement.md").write_text(
        f"---\nid: odihr-other\n{front}---\n# Another statement\n\n"
        "Warsaw, 2 March 2024 (ODIHR): The observers met the press.\n",
        "utf-8",
    )
    assert stopped(project) == (
        "source/2024-03-02-statement.md: this release's name is an old name of "
        "2024-03-02-vote (its aliases, in source/2024-03-02-vote.md): its address would "
        "be both this release's page and the way readers of the old address reach "
        "2024-03-02-vote; give this release another name ('communique rename "
        "2024-03-02-statement <new name>'), or take 2024-03-02-statement out of the other's "
        "aliases (its old address then leads nowhere)"
    )
    assert site(project) == before


def test_an_old_name_given_to_another_release_stops_the_build(tmp_path: Path) -> None:
    """The demo release given, as an alias, the statement's name (a rebuild of that one
    release): the statement's page and the redirect would be one file."""
    from tests.site_project import DEMO

    project = published(tmp_path)
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8")
    source.write_text(text.replace("\n---\n", "\naliases: [2024-03-02-statement]\n---\n", 1))
    said = stopped(project, prepare=False)
    assert said.startswith(
        "source/2024-03-02-statement.md: this release's name is an old name of "
        f"{DEMO} (its aliases, in source/{DEMO}.txt): "
    )


def test_an_old_name_two_releases_keep_stops_the_build_at_once(tmp_path: Path) -> None:
    """The advice followed: the new release under the statement's old name renamed, which
    keeps that name as its alias too. Two redirects at one address stopped the build only
    when the new release came out (a review's finding); it stops at once."""
    from click.testing import CliRunner

    from communique.cli import cli

    project = published(tmp_path)

    def rename(old: str, new: str) -> None:
        done = CliRunner().invoke(cli, ["-C", str(project.root), "rename", old, new])
        assert done.exit_code == 0, done.output

    rename("2024-03-02-statement", "2024-03-02-vote")
    build(project)
    (project.root / "source" / "2024-03-02-statement.md").write_text(
        "---\nid: odihr-other\nembargo: 2099-01-01T09:00:00+01:00\n---\n# Another statement\n\n"
        "Warsaw, 2 March 2024 (ODIHR): The observers met the press.\n",
        "utf-8",
    )
    rename("2024-03-02-statement", "2024-03-02-press")
    assert stopped(project) == (
        "source/2024-03-02-press.md: this release and 2024-03-02-vote (source/2024-03-02-vote.md) "
        "both keep 2024-03-02-statement as an old name (their aliases): its address can lead "
        "readers to one of them only; take it out of the aliases of the one that was never "
        "published under it"
    )
