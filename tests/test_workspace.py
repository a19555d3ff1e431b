"""The workspace: each file read once per run, stages over files held in memory, saving."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from communique.catalog.reader import read_catalog_bytes
from communique.catalog.update import update
from communique.cli import cli
from communique.errors import CatalogError, ProjectError
from communique.qa.gate import review_project
from communique.site.build import build
from communique.translate.draft import draft
from communique.workspace import Workspace
from tests.conftest import tree
from tests.site_project import make

SLUG = "2024-07-30-vienna-meeting"
CONFIG = """\
[organisation]
name = "Organization for Security and Co-operation in Europe"
short_name = "OSCE"
domain = "osce.org"
base_url = "https://press.example.org/"

[languages]
source = "en-GB"
targets = ["fr", "de"]

[engines]
default = "pseudo"
"""
RELEASE = """\
---
title: Ministers meet in Vienna
---
Vienna, 30 July 2024 (OSCE): Some 57 ministers met. They adopted 3 decisions.
"""


class Opens:
    """Every file a block opens for reading, and every file it replaces, by path: Python's
    audit events, which see ``open`` and ``os.open`` alike."""

    active: Opens | None = None

    def __init__(self) -> None:
        self.read: Counter[str] = Counter()
        self.replaced: Counter[str] = Counter()

    def __enter__(self) -> Opens:
        Opens.active = self
        return self

    def __exit__(self, *_: object) -> None:
        Opens.active = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    recorder = Opens.active
    if recorder is None:
        return
    if event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        mode, flags = args[1], args[2]
        writing = (isinstance(mode, str) and mode[:1] in "wax") or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR)
        )
        if not writing:
            recorder.read[os.fsdecode(args[0])] += 1
    elif event in ("os.rename", "os.link") and isinstance(args[1], str | bytes | os.PathLike):
        # (A catalog is put in place by a link: see communique.files.replace_if_unchanged.)
        recorder.replaced[os.fsdecode(args[1])] += 1


sys.addaudithook(_audit)


@pytest.fixture
def memory_workspace() -> Iterator[Workspace]:
    workspace = Workspace.in_memory(
        {"communique.toml": CONFIG, f"source/{SLUG}.txt": RELEASE},
    )
    try:
        yield workspace
    finally:
        workspace.close()


def test_stages_run_on_files_held_in_memory(memory_workspace: Workspace, tmp_path: Path) -> None:
    plan = update(memory_workspace)
    assert [(c.locale, c.created, c.messages) for c in plan.catalogs] == [
        ("fr", True, 4),
        ("de", True, 4),
    ]
    (french, german) = draft(memory_workspace)
    assert (french.machine, german.machine) == (4, 4)
    memory_workspace.save()
    files = memory_workspace.files.files  # type: ignore[attr-defined]
    saved = read_catalog_bytes(files[f"locale/fr/LC_MESSAGES/{SLUG}.po"], path="fr.po")
    assert [m.msgid for m in saved.messages] == [
        "Ministers meet in Vienna",
        "Vienna",
        "Some 57 ministers met.",
        "They adopted 3 decisions.",
    ]
    assert all(m.fuzzy and m.msgstr for m in saved.messages)
    assert f"locale/templates/{SLUG}.pot" in files
    reviews = review_project(memory_workspace)
    assert [(r.locale, r.verdict.publishable) for r in reviews] == [("fr", False), ("de", False)]
    report = build(memory_workspace, out=tmp_path / "site")
    assert report.published == {"en-GB": [SLUG]}
    assert (tmp_path / "site" / "en-GB" / SLUG / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing but the site


def test_a_read_only_workspace_cannot_save(tmp_path: Path) -> None:
    project = make(tmp_path / "project")
    with Workspace.open(project) as workspace, pytest.raises(ProjectError) as caught:
        workspace.save()
    assert str(caught.value) == "this run only reads the project; it cannot save"


@pytest.mark.needs_apertium
def test_publish_opens_each_catalog_at_most_twice(tmp_path: Path) -> None:
    """Read once, written once when it changed: no stage reads a catalog another one read."""
    project = make(tmp_path / "project")
    catalogs = sorted(project.root.glob("locale/*/LC_MESSAGES/*.po"))
    assert len(catalogs) == 10
    # Catalogs a translator saved more than a second before the run: the check that nobody
    # saved them meanwhile can trust their time, and need not read them again.
    for path in catalogs:
        os.utime(path, ns=(10**18, 10**18))
    with Opens() as opens:
        result = CliRunner().invoke(cli, ["-C", str(project.root), "publish"])
    assert result.exit_code == 0, result.output
    for path in catalogs:
        assert opens.read[str(path)] == 1, path
        assert opens.replaced[str(path)] <= 1, path
    # The drafts were written: each catalog that gained some was replaced once; the French
    # ones, reviewed, were not touched.
    drafted = [p for p in catalogs if opens.replaced[str(p)]]
    assert {p.parent.parent.name for p in drafted} == {"de", "es", "it", "ru"}
    # A release is read once at most: not at all where an earlier run parsed the same file.
    sources = sorted(project.root.glob("source/*"))
    assert len(sources) == 2
    assert all(opens.read[str(path)] <= 1 for path in sources), dict(opens.read)


@pytest.mark.needs_apertium
def test_a_translator_save_during_a_run_stops_the_save(tmp_path: Path) -> None:
    """A catalog changed in a run (here merged with a revised English) that a translator saves
    before the run writes it: the run's save stops, and the translator's file stays."""
    project = make(tmp_path / "project")
    slug = "2023-06-07-anti-trafficking-coordinators-meet"
    path = project.catalog_path(slug, "es")
    source = project.root / "source" / f"{slug}.txt"
    source.write_text(source.read_text("utf-8").replace("130 delegates", "131 delegates"))
    before: dict[str, bytes] = {}
    with (  # noqa: PT012  (the save at the end of the block is what fails)
        pytest.raises(CatalogError) as caught,
        Workspace.open(project, command="test") as workspace,
    ):
        update(workspace, locales=["es"])
        document = polib.pofile(str(path))
        document[0].msgstr = "Título"
        document.save()
        before.update(tree(project.root))
    assert "changed on disk after this run read it" in str(caught.value)
    assert tree(project.root) == before
