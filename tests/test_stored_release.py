"""Parsed releases kept in the cache: read back equal, never trusted beyond the release's own
types, and used only while the file is the one that was parsed."""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path

import pytest

import communique.release.reader as reader_stage
from communique.cache import Cache, code_files
from communique.errors import SourceError
from communique.project import Project
from communique.release.reader import parse_release
from communique.release.stored import dump, load
from communique.workspace import Workspace
from tests.stages import build

RELEASE = """\
---
title: Ministers meet in *Vienna*
id: ministers-2024
date: 2024-07-30T09:30:00+02:00
tags: [elections, media freedom]
states: [MD, UA]
aliases: [2024-07-30-old-name]
embargo: 2024-07-30T12:00:00+02:00
updated: 2024-08-01
correction: An earlier version gave the wrong number of decisions.
---
Vienna, 30 July 2024 (OSCE): Some **57** ministers met. They adopted [3 decisions](https://osce.org/d).

## What was decided

- Observers in 2025.
  - Two more offices.

> "We agreed," said the Chair.

![The signing](images/signing.png)

| Country | Votes |
|---|---|
| Moldova | 12 |
"""


def _parsed() -> reader_stage.Release:
    return parse_release(RELEASE.encode(), display="source/2024-07-30-ministers.md")


def test_a_stored_release_reads_back_equal() -> None:
    release = _parsed()
    # What the release holds, so that the comparison covers every kind of field.
    assert release.published is not None
    assert release.published.utcoffset() == datetime.timedelta(hours=2)
    assert isinstance(release.embargo, datetime.datetime)
    assert release.updated == datetime.date(2024, 8, 1)
    assert release.dateline is not None
    assert (len(release.media), release.tags, release.states) == (
        1,
        ("elections", "media freedom"),
        ("MD", "UA"),
    )
    found = load(dump(release))
    assert found == release
    assert found is not None
    assert [type(b.kind) for b in found.blocks] == [type(b.kind) for b in release.blocks]
    assert isinstance(found.embargo, datetime.datetime)
    assert found.embargo.tzinfo == release.embargo.tzinfo


def test_a_release_is_stored_alike_whatever_python_3_11_pickles_enums_as(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Python 3.11.0 to 3.11.4 (Debian bookworm's 3.11.2) pickle an enum's member as a call of
    ``getattr`` on its class, which the unpickler rightly refuses: every release went back
    unread, and was parsed again by every build. Stored, a release names only its own types,
    whichever Python stored it."""
    import enum
    import pickletools

    def as_3_11_2(self: enum.Enum, protocol: object) -> tuple[object, tuple[object, str]]:
        return getattr, (self.__class__, self._name_)

    monkeypatch.setattr(enum.Enum, "__reduce_ex__", as_3_11_2)
    release = _parsed()
    data = dump(release)
    named = {
        argument
        for operation, argument, _ in pickletools.genops(data)
        if operation.name in ("SHORT_BINUNICODE", "BINUNICODE")
    }
    assert "getattr" not in named
    assert load(data) == release


class _Hostile:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("a pickle ran code",))


@pytest.mark.parametrize(
    "data",
    [
        pickle.dumps(_Hostile()),
        pickle.dumps({"title": "not a release"}),
        pickle.dumps(Path("source")),
        b"\x80\x05damaged",
        b"",
    ],
    ids=["calls a function", "not a release", "another type", "damaged", "empty"],
)
def test_data_that_is_not_a_release_is_none_and_runs_nothing(
    data: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    assert load(data) is None
    assert capsys.readouterr().out == ""


def _project(root: Path) -> Project:
    (root / "source" / "images").mkdir(parents=True)
    (root / "communique.toml").write_text(
        '[organisation]\nname = "OSCE"\ndomain = "osce.org"\nbase_url = "https://press.example.org/"\n'
        '[languages]\ntargets = ["fr"]\n',
        "utf-8",
    )
    (root / "source" / "2024-07-30-ministers.md").write_text(RELEASE, "utf-8")
    (root / "source" / "images" / "signing.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return Project.load(root)


def test_a_run_uses_the_release_an_earlier_run_parsed_while_the_file_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path / "project")
    slug = "2024-07-30-ministers"
    with Workspace.open(project) as workspace:
        first = workspace.release(slug)
    parsed: list[str] = []
    real = reader_stage.parse_release

    def counting(raw: bytes, *, display: str, language: str = "en") -> reader_stage.Release:
        parsed.append(display)
        return real(raw, display=display, language=language)

    monkeypatch.setattr(reader_stage, "parse_release", counting)
    with Workspace.open(project) as workspace:
        assert workspace.release(slug) == first
    assert parsed == []

    # Another text (the same size, so that only the bytes tell), or a damaged record: parsed.
    path = project.root / f"source/{slug}.md"
    path.write_text(RELEASE.replace("Some **57**", "Some **58**"), "utf-8")
    with Workspace.open(project) as workspace:
        assert "58" in workspace.release(slug).blocks[0].text
    assert parsed == [f"source/{slug}.md"]
    cache = Cache(project.root / ".communique" / "cache.sqlite")
    cache.connection.execute("UPDATE records SET data = ? WHERE kind = 'release'", (b"\0junk",))
    cache.close()
    with Workspace.open(project) as workspace:
        assert "58" in workspace.release(slug).blocks[0].text
    assert parsed == [f"source/{slug}.md"] * 2


def test_a_linked_file_gone_since_the_release_was_parsed_is_still_an_error(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path / "project")
    build(project)
    (project.root / "source/images/signing.png").unlink()
    with Workspace.open(project) as workspace, pytest.raises(SourceError) as error:
        workspace.release("2024-07-30-ministers")
    assert str(error.value) == (
        "source/2024-07-30-ministers.md:21: picture 'images/signing.png' not found: "
        "put it at source/images/signing.png"
    )


def test_the_cache_forgets_releases_parsed_from_files_that_changed_since(tmp_path: Path) -> None:
    """A build collects the cache's garbage once stale versions outnumber the live ones: in a
    project of one release in two languages, after its first edit."""
    project = _project(tmp_path / "project")
    slug = "2024-07-30-ministers"
    build(project)
    with Workspace.open(project) as workspace:
        first = workspace.release_key(slug)
        assert workspace.cache.count("release") == 1
    path = project.root / f"source/{slug}.md"
    path.write_text(RELEASE.replace("Some **57**", "Some **58**"), "utf-8")
    build(project)
    with Workspace.open(project) as workspace:
        key = workspace.release_key(slug)
        assert key != first
        assert workspace.cache.count("release") == 1
        stored = workspace.cache.records("release", [key])[key]
    found = load(stored)
    assert found is not None
    assert "58" in found.blocks[0].text


def test_the_code_a_cache_is_keyed_by_is_the_package_files_that_matter(tmp_path: Path) -> None:
    """communique's own files key every record: its code, templates and data, not compiled
    files, nor a link an editor leaves to nothing while a file is open (which once crashed
    every command)."""
    package = tmp_path / "communique"
    (package / "site" / "__pycache__").mkdir(parents=True)
    (package / "site" / "build.py").write_text("x = 1\n", "utf-8")
    (package / "site" / "__pycache__" / "build.py").write_text("not code\n", "utf-8")
    (package / "templates").mkdir()
    (package / "templates" / "base.html").write_text("<p>\n", "utf-8")
    (package / "notes.txt").write_text("not code\n", "utf-8")
    (package / "site" / ".#build.py").symlink_to(package / "site" / "gone")
    lines = code_files(str(package))
    assert [line.split("|")[0] for line in lines] == ["site/build.py", "templates/base.html"]
    status = (package / "site" / "build.py").stat()
    assert lines[0] == f"site/build.py|{status.st_size}|{status.st_mtime_ns}\n"
