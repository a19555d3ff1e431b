"""Bad input, races and leftovers from the fault audit: a one-line error that says where, no
traceback, nothing lost, nothing half-written."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner, Result

import communique.files as files_module
from communique.cli import cli
from communique.config import load_settings
from communique.errors import CatalogError, CommuniqueError
from communique.project import Project
from communique.workspace import Workspace
from tests.conftest import REPOSITORY, tree
from tests.site_project import DEMO, SECOND, make
from tests.stages import update

SLUG = "2023-06-07-anti-trafficking-coordinators-meet"
CATALOG = f"locale/fr/LC_MESSAGES/{SLUG}.po"

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n'
    '"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
)


@pytest.fixture
def demo(demo_dir: Path) -> Project:
    project = Project.load(demo_dir)
    update(project)
    return project


@pytest.mark.parametrize(
    ("charset", "body", "message"),
    [
        (
            "UTF-8",
            'msgid "Vienna"\nmsgstr "\\xFFFFFFFFFF"\n',
            f"{CATALOG}:8: the escape '\\xFFFFFFFFFF' is not a byte (in a PO file, an escaped "
            "number is one byte of the file's charset)",
        ),
        (
            "UTF-8",
            'msgid "Vienna"\nmsgstr "Vienne\\xD800"\n',
            f"{CATALOG}:8: the escape '\\xD800' is not a byte (in a PO file, an escaped "
            "number is one byte of the file's charset)",
        ),
        (
            "UTF-8",
            'msgid "Vienna"\nmsgstr "Vienne \\320"\n',
            f"{CATALOG}:8: the escaped bytes of a string are not UTF-8 text (the header says "
            "charset=UTF-8)",
        ),
        (
            "base64",
            'msgid "Vienna"\nmsgstr "Vienne"\n',
            f"{CATALOG}:3: unknown charset 'base64' in the header (not a text encoding)",
        ),
        (
            "rot13",
            'msgid "Vienna"\nmsgstr "Vienne"\n',
            f"{CATALOG}:3: unknown charset 'rot13' in the header (not a text encoding)",
        ),
        (
            "undefined",
            'msgid "Vienna"\nmsgstr "Vienne"\n',
            f"{CATALOG}:3: unknown charset 'undefined' in the header (not a text encoding)",
        ),
        (
            "unicode_escape",
            'msgid "Vienna"\nmsgstr "Vienne"\n',
            f"{CATALOG}:3: unknown charset 'unicode_escape' in the header (not a text encoding)",
        ),
        (
            # ("invalid UTF-16 at byte 14486": of a file that is not in it.)
            "UTF-16",
            'msgid "Vienna"\nmsgstr "Vienne"\n',
            f"{CATALOG}:3: the header says charset=UTF-16, but the file is not written in it "
            "(gettext reads no catalog in UTF-16 or UTF-32): write charset=UTF-8 in the header",
        ),
    ],
    ids=[
        "escape-beyond-a-byte",
        "escape-two-bytes",
        "escaped-bytes-not-utf8",
        "charset-base64",
        "charset-rot13",
        "charset-undefined",
        "charset-unicode-escape",
        "charset-utf16-of-a-file-in-ascii",
    ],
)
@pytest.mark.parametrize("command", ["check", "update", "status", "build"])
def test_a_catalog_msgfmt_would_take_is_refused_in_one_line(
    demo: Project, runner: CliRunner, charset: str, body: str, message: str, command: str
) -> None:
    (demo.root / CATALOG).write_text(HEADER.format(charset=charset) + body, "utf-8")
    before = tree(demo.root)
    result = runner.invoke(cli, ["-C", str(demo.root), command])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    # Each command says it its way ("Error: …", "Cannot read …", a check's "error:" line):
    # on one line, with the file and the line.
    where, problem = message.split(": ", 1)
    assert any(where in line and problem in line for line in result.output.splitlines()), (
        result.output
    )
    assert "Traceback" not in result.output
    if command != "build":  # build writes its site, and nothing of the project
        assert tree(demo.root) == before


def test_a_glossary_quote_left_open_is_an_error_not_a_swallowed_glossary(
    demo: Project, runner: CliRunner
) -> None:
    glossary = demo.root / "locale" / "glossary.csv"
    glossary.write_text('en,fr\nOSCE,OSCE\n"Council of Europe,Conseil\nODIHR,BIDDH\n', "utf-8")
    result = runner.invoke(cli, ["-C", str(demo.root), "check"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: locale/glossary.csv:3: not CSV: a quote opened here is never closed\n"
    )


def test_a_glossary_note_may_run_over_lines(demo: Project, runner: CliRunner) -> None:
    glossary = demo.root / "locale" / "glossary.csv"
    glossary.write_text(
        'en,fr,note\nOSCE,OSCE,"The organisation\'s name;\nnever translated"\nODIHR,BIDDH,\n',
        "utf-8",
    )
    result = runner.invoke(cli, ["-C", str(demo.root), "check"])
    assert "glossary.csv" not in result.output, result.output


def test_a_glossary_field_too_long_for_csv_is_an_error(demo: Project, runner: CliRunner) -> None:
    glossary = demo.root / "locale" / "glossary.csv"
    glossary.write_text("en,fr\nOSCE,OSCE\nODIHR," + "x" * 200_000 + "\n", "utf-8")
    result = runner.invoke(cli, ["-C", str(demo.root), "check"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: locale/glossary.csv:3: not CSV: field larger than field limit (131072)\n"
    )


@pytest.mark.parametrize(
    ("protected", "mode", "problem"),
    [
        (
            CATALOG,
            0o444,
            "read-only (its permissions say so): make it writable for communique to change it",
        ),
        (
            str(Path(CATALOG).parent),
            0o555,
            "cannot write in locale/fr/LC_MESSAGES/ (it is read-only)",
        ),
    ],
    ids=["catalog", "folder"],
)
def test_a_read_only_catalog_or_folder_is_refused_before_anything_is_written(
    demo: Project, runner: CliRunner, protected: str, mode: int, problem: str
) -> None:
    """A protected catalog is not replaced behind its owner's back, and the refusal comes
    before the first write: templates included."""
    source = demo.root / "source" / f"{SLUG}.txt"
    source.write_text(source.read_text("utf-8").replace("130 delegates", "131 delegates"))
    path = demo.root / protected
    original = path.stat().st_mode & 0o777
    path.chmod(mode)
    try:
        before = tree(demo.root)
        result = runner.invoke(cli, ["-C", str(demo.root), "update"])
        assert result.exit_code == 1
        assert result.stderr == f"Error: {CATALOG}: {problem}; nothing was written\n"
        assert tree(demo.root) == before
    finally:
        path.chmod(original)


def _save(path: Path, text: str) -> None:
    """A translator's editor saving: a new file put in place in one step."""
    fresh = path.with_name("editor-save.tmp")
    fresh.write_text(text, "utf-8")
    fresh.replace(path)


@pytest.mark.parametrize("when", ["before it is moved aside", "after it is moved aside"])
def test_a_save_that_lands_while_update_replaces_the_catalog_is_kept(
    demo: Project, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """The window between update's check and its rename: a translator's save that lands there,
    on either side of the moment communique takes the file out of its place, is kept; the run
    says so, and the next one merges it."""
    source = demo.root / "source" / f"{SLUG}.txt"
    source.write_text(source.read_text("utf-8").replace("130 delegates", "131 delegates"))
    path = demo.root / CATALOG
    theirs = path.read_text("utf-8").replace('msgstr ""', 'msgstr "Sa traduction"', 1)
    real = files_module._move_aside

    def racing(target: Path) -> Path:
        if target == path and when == "before it is moved aside":
            _save(path, theirs)
        aside = real(target)
        if target == path and when == "after it is moved aside":
            _save(path, theirs)
        return aside

    monkeypatch.setattr(files_module, "_move_aside", racing)
    with pytest.raises(CatalogError) as caught:
        update(demo)
    assert "changed on disk after this run read it" in str(caught.value)
    assert path.read_text("utf-8") == theirs
    assert not [p.name for p in path.parent.iterdir() if p.name.startswith(".")]


def test_a_run_killed_while_writing_leaves_nothing_the_next_run_does_not_clear(
    demo: Project,
) -> None:
    """Temporary files of a killed run are removed by the next one that writes; a catalog it
    had moved aside and not replaced yet is put back."""
    path = demo.root / CATALOG
    text = path.read_text("utf-8")
    (path.parent / f".{path.name}.k3j9x2ab.tmp").write_text("half a catalog", "utf-8")
    path.rename(path.parent / f".{path.name}.1a2b3c4d.old")
    records = demo.root / "published"
    records.mkdir(exist_ok=True)
    (records / f".{SLUG}.json.q8w7e6r5.tmp").write_text("{half a record", "utf-8")
    with Workspace.open(demo, command="test"):
        pass
    assert path.read_text("utf-8") == text
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []
    assert sorted(p.name for p in records.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("kind", ["disk", "memory"])
def test_a_staged_file_changes_nothing_until_it_is_put_in_place(tmp_path: Path, kind: str) -> None:
    """A build writes its records while the pages render and puts them in place once the site
    is: until then the file is as it was, and a staged file dropped leaves nothing behind."""
    old = b'{"release": "a"}\n'
    files: files_module.ProjectFiles
    if kind == "disk":
        (tmp_path / "published").mkdir()
        (tmp_path / "published" / "a.json").write_bytes(old)
        files = files_module.DiskFiles(tmp_path)
    else:
        files = files_module.MemoryFiles({"published/a.json": old})
    kept = files.stage("published/a.json", b"dropped")
    new = files.stage("published/b.json", b'{"release": "b"}\n')
    assert (files.read("published/a.json")[0], files.read("published/b.json")[0]) == (old, None)
    files.drop(kept)
    snapshot = files.put(new)
    assert files.read("published/a.json")[0] == old
    raw, read = files.read("published/b.json")
    assert raw == b'{"release": "b"}\n'
    assert (snapshot.path, snapshot.digest, snapshot.stat) == (read.path, read.digest, read.stat)
    assert files.names("published") == ["a.json", "b.json"]  # and no temporary file
    if kind == "disk":
        assert sorted(p.name for p in (tmp_path / "published").iterdir()) == ["a.json", "b.json"]


def test_a_record_that_cannot_be_staged_is_named(tmp_path: Path) -> None:
    (tmp_path / "published").write_text("a file where the folder should be", "utf-8")
    with pytest.raises(CommuniqueError) as caught:
        files_module.DiskFiles(tmp_path).stage("published/a.json", b"{}")
    assert str(caught.value) == "published/a.json: cannot write: Not a directory"


def test_a_catalog_that_is_a_folder_is_named(demo: Project, runner: CliRunner) -> None:
    path = demo.root / f"locale/de/LC_MESSAGES/{SLUG}.po"
    path.unlink(missing_ok=True)
    path.mkdir(parents=True)
    for command in (["check"], ["draft", "-l", "de", "--engine", "none"], ["update"]):
        result = runner.invoke(cli, ["-C", str(demo.root), *command])
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), command
        assert result.exit_code == 1, (command, result.output)
        # (check reports it among the findings, as any catalog it cannot read; the others stop)
        assert f"locale/de/LC_MESSAGES/{SLUG}.po" in result.output, (command, result.output)


def test_an_error_quotes_a_short_excerpt_of_the_file_never_more(
    demo: Project, runner: CliRunner
) -> None:
    """A file that is not a catalog (an environment file saved under the wrong name) must not
    end up in a CI log: the error quotes 40 characters at most."""
    secret = "API_TOKEN=" + "s3cr3t" * 20
    (demo.root / CATALOG).write_text(secret + "\n", "utf-8")
    for command in ("check", "update", "build"):
        result = runner.invoke(cli, ["-C", str(demo.root), command])
        assert result.exit_code == 1
        assert f"{CATALOG}:1:" in result.output
        assert "'API_TOKEN=s3cr3ts3cr3ts3cr3ts3cr3ts3cr3…'" in result.output, result.output
        assert secret[:41] not in result.output


def test_a_file_replaced_keeps_its_permissions_and_a_new_one_gets_the_umasks(
    tmp_path: Path,
) -> None:
    """A translator's catalog made group-readable only stays so when a run rewrites it; a new
    file gets what the user's umask allows, as an editor would give it; nothing is left."""
    import os

    kept = tmp_path / "kept.po"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    files_module.write_atomic_bytes(kept, b"new", durable=False)
    assert (kept.read_bytes(), kept.stat().st_mode & 0o777) == (b"new", 0o640)
    mask = os.umask(0o027)
    try:
        fresh = tmp_path / "folder" / "fresh.po"  # in a folder that does not exist yet
        files_module.write_atomic_bytes(fresh, b"made", durable=False)
    finally:
        os.umask(mask)
    assert (fresh.read_bytes(), fresh.stat().st_mode & 0o777) == (b"made", 0o640)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["folder", "fresh.po", "kept.po"]


def _careful_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths read the careful way (resolved first): links, and anything not a plain file."""
    careful: list[str] = []
    real = files_module.DiskFiles._read_carefully

    def counting(
        files: files_module.DiskFiles, path: str, taken: int
    ) -> tuple[bytes | None, files_module.Snapshot]:
        careful.append(path)
        return real(files, path, taken)

    monkeypatch.setattr(files_module.DiskFiles, "_read_carefully", counting)
    return careful


def test_a_plain_file_reads_with_what_stat_says_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    careful = _careful_reads(monkeypatch)
    (tmp_path / "locale" / "fr").mkdir(parents=True)
    (tmp_path / "locale" / "fr" / "a.po").write_bytes(b'msgid "x"\n')
    (tmp_path / "locale" / "fr" / "empty.po").write_bytes(b"")
    files = files_module.DiskFiles(tmp_path)
    raw, snapshot = files.read("locale/fr/a.po")
    status = (tmp_path / "locale" / "fr" / "a.po").stat()
    assert raw == b'msgid "x"\n'
    assert snapshot.stat == files_module.FileStat(
        status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns
    )
    assert snapshot.digest == files_module.digest(raw)
    assert files.read("locale/fr/empty.po")[0] == b""
    raw, snapshot = files.read("locale/fr/missing.po")
    assert (raw, snapshot.digest, snapshot.stat) == (None, None, None)
    assert files.read("locale/de/missing.po")[0] is None  # no such folder either
    assert careful == []  # plain files, and none: the quick way


def test_links_are_read_where_they_lead_inside_and_refused_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    careful = _careful_reads(monkeypatch)
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / "source").mkdir(parents=True)
    (project / "locale").mkdir()
    outside.mkdir()
    (outside / "secret.po").write_text("secret", "utf-8")
    (project / "locale" / "de.po").write_text("inside the project", "utf-8")
    (project / "source" / "real.md").write_text("real", "utf-8")
    (project / "source" / "linked.md").symlink_to(project / "source" / "real.md")
    (project / "source" / "away.md").symlink_to(outside / "secret.po")
    (project / "locale" / "fr").symlink_to(outside)  # a whole folder that leads outside
    # A folder of releases that leads elsewhere in the project, but out of source/.
    (project / "source" / "elsewhere").symlink_to(project / "locale")
    (project / "notes.txt").symlink_to(project / "source" / "real.md")  # inside the project
    files = files_module.DiskFiles(project)
    assert files.read("source/linked.md")[0] == b"real"
    assert files.read("notes.txt")[0] == b"real"
    assert careful == ["source/linked.md", "notes.txt"]
    with pytest.raises(files_module.SourceError, match="links outside source/"):
        files.read("source/away.md")
    with pytest.raises(files_module.SourceError, match="links outside source/"):
        files.read("source/elsewhere/de.po")
    with pytest.raises(CatalogError, match="links outside the project"):
        files.read("locale/fr/secret.po")
    with pytest.raises(CatalogError, match="links outside the project"):
        files.read("locale/../../outside/secret.po")
    with pytest.raises(CommuniqueError, match="links outside the project"):
        files.read(str(outside / "secret.po"))  # an absolute path


def test_a_pipe_a_socket_or_a_folder_where_a_file_should_be_is_named_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locale" / "fr"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.po")  # reading it would wait for a writer forever
    (folder / "dir.po").mkdir()
    with contextlib.closing(socket.socket(socket.AF_UNIX)) as listening:
        monkeypatch.chdir(folder)  # (a socket's path may not be long: 108 bytes)
        listening.bind("socket.po")
        files = files_module.DiskFiles(tmp_path)
        with pytest.raises(CatalogError, match="not a regular file") as pipe:
            files.read("locale/fr/pipe.po")
        assert pipe.value.path == "locale/fr/pipe.po"
        with pytest.raises(CatalogError, match="not a regular file"):
            files.read("locale/fr/socket.po")
        with pytest.raises(CatalogError, match="cannot read: Is a directory"):
            files.read("locale/fr/dir.po")


def _pipe(path: Path, outside: Path) -> str:
    os.mkfifo(path)  # reading it would wait for a writer forever
    return "not a regular file"


def _folder(path: Path, outside: Path) -> str:
    path.mkdir()
    return "cannot read: Is a directory"


def _link_outside(path: Path, outside: Path) -> str:
    path.symlink_to(outside)
    return "links outside"


@pytest.mark.parametrize(
    ("which", "make_bad"),
    [
        ("catalog", _pipe),
        ("catalog", _folder),
        ("catalog", _link_outside),
        ("release", _pipe),
        ("release", _link_outside),  # (a folder in source/ is a folder, not a release)
    ],
    ids=["catalog-pipe", "catalog-folder", "catalog-link", "release-pipe", "release-link"],
)
def test_a_file_that_cannot_be_read_stops_only_its_own_versions(
    tmp_path: Path, runner: CliRunner, make_bad: Callable[[Path, Path], str], which: str
) -> None:
    """A pipe, a folder or a link outside where a catalog or a release should be: the build
    names it and exits 1, its own versions wait (a catalog's) or the release is left out, and
    the rest of the site is built: the other release in French, and this one in English where
    it is the catalog that cannot be read."""
    project = make(tmp_path / "project")  # French published: DEMO and SECOND
    outside = tmp_path / "outside.po"
    outside.write_text("kept away", "utf-8")
    path = (
        project.catalog_path(SECOND, "fr")
        if which == "catalog"
        else next((project.root / "source").glob(f"{SECOND}.*"))
    )
    path.unlink()
    problem = make_bad(path, outside)
    result = runner.invoke(cli, ["-C", str(project.root), "build"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    shown = project.relative(path)
    assert f"Error: {shown}: {problem}" in result.stderr
    assert (project.root / "output" / "fr" / DEMO / "index.html").is_file()
    english = project.root / "output" / "en-GB" / SECOND / "index.html"
    assert english.is_file() is (which == "catalog")
    assert not (project.root / "output" / "fr" / SECOND).exists()
    assert "kept away" not in "".join(
        data.decode("utf-8", "replace") for data in tree(project.root / "output").values()
    )


def test_a_site_word_that_is_no_format_string_is_left_out_not_a_crash(
    tmp_path: Path, runner: CliRunner
) -> None:
    """A translator's lone ``{`` in one of the site's own words: in a catalog from before every
    word was flagged ``python-brace-format``, the build shows communique's own word instead of
    stopping with a traceback. ``update`` flags it, and as ``msgmerge`` makes it fuzzy: it no
    longer fits its format; reviewed as it is, the catalog is refused at the line, as
    ``msgfmt -c`` refuses it, and the build says so."""
    project = make(tmp_path / "project")  # French published
    words = project.root / "locale" / "site" / "fr.po"
    words.parent.mkdir(parents=True, exist_ok=True)
    words.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "All press releases"\nmsgstr "Tous les communiqués {"\n',
        "utf-8",
    )
    built = runner.invoke(cli, ["-C", str(project.root), "build"])
    assert built.exception is None or isinstance(built.exception, SystemExit), built.output
    assert built.exit_code == 0, built.output
    page = (project.root / "output" / "fr" / DEMO / "index.html").read_text("utf-8")
    assert "Tous les communiqués {" not in page
    assert "Tous les communiqués de presse" in page  # communique's own French
    runner.invoke(cli, ["-C", str(project.root), "update"])
    catalog = polib.pofile(str(words))
    entry = catalog.find("All press releases")
    assert (entry.msgstr, entry.flags) == (
        "Tous les communiqués {",
        ["fuzzy", "python-brace-format"],
    )
    entry.flags, entry.previous_msgid = ["python-brace-format"], None  # reviewed as it is
    catalog.save()
    refused = runner.invoke(cli, ["-C", str(project.root), "build"])
    assert refused.exit_code == 1, refused.output
    assert "Traceback" not in refused.output
    line = words.read_text("utf-8").splitlines().index('msgid "All press releases"') + 2
    assert (
        f"Cannot read locale/site/fr.po:{line}: 'msgstr' is not a valid Python brace format "
        "string, unlike 'msgid': an invalid {} directive (python-brace-format; a brace is "
        "written {{ or }})"
    ) in refused.output


@pytest.mark.needs_tmpfs
@pytest.mark.parametrize("left", [16_384, 8_192, 4_096])
def test_a_full_disk_is_one_line_and_leaves_every_file_whole(tmp_path: Path, left: int) -> None:
    """The project on a disk with no space left: drafting (the translation memory, SQLite),
    removing a release and building (the site) each fail with one line that says so, exit 1,
    no traceback; the catalogs and the site are as they were. (With a few kilobytes left,
    SQLite cannot make its shared-memory file and says "disk I/O error": a traceback.)"""
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], check=True)
    try:
        project = make(disk / "project")
        runner = CliRunner()
        assert runner.invoke(cli, ["-C", str(project.root), "build"]).exit_code == 0
        drafted = runner.invoke(cli, ["-C", str(project.root), "draft", "--engine", "pseudo"])
        assert drafted.exit_code == 0, drafted.output
        assert (project.root / ".communique" / "memory.sqlite").is_file()
        before = tree(project.root)
        free = os.statvfs(disk)
        (disk / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - left))
        for command in (
            ["draft", "--engine", "pseudo"],
            ["remove", SECOND],
            ["build", "--out", str(disk / "site")],
        ):
            result = runner.invoke(cli, ["-C", str(project.root), *command])
            assert result.exit_code == 1, (command, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit)
            assert result.stderr.startswith("Error: no space left on the disk"), command
            assert result.stderr.endswith(
                ": nothing was left half-written; free some space and run the command again\n"
            )
            assert result.stderr.count("\n") == 1
            after = tree(project.root)
            for folder in ("locale/", "output/", "published/"):
                assert {p: d for p, d in after.items() if p.startswith(folder)} == {
                    p: d for p, d in before.items() if p.startswith(folder)
                }, (command, folder)
    finally:  # (lazily: a run's open file may still hold it)
        subprocess.run(["umount", "--lazy", str(disk)], check=True)


@pytest.mark.needs_tmpfs
def test_init_stopped_by_a_full_disk_is_finished_by_running_it_again(tmp_path: Path) -> None:
    """``init`` on a full disk wrote communique.toml first and stopped before .gitignore:
    the next ``init`` refused ("already a communique project"), and git took the cache and
    the site in. The project's file is written last: run again, init finishes."""
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], check=True)
    try:
        free = os.statvfs(disk)
        filler = disk / "filler"
        filler.write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 4_096))
        runner = CliRunner()
        full = runner.invoke(cli, ["init", str(disk / "newsroom")])
        assert full.exit_code == 1, full.output
        assert full.stderr.startswith("Error: no space left on the disk")
        assert not (disk / "newsroom" / "communique.toml").exists()
        filler.unlink()
        again = runner.invoke(cli, ["init", str(disk / "newsroom")])
        assert again.exit_code == 0, again.output
        assert ".communique/\n" in (disk / "newsroom" / ".gitignore").read_text("utf-8")
        assert load_settings(disk / "newsroom" / "communique.toml").target_locales
        for name in ("source", "locale"):
            assert (disk / "newsroom" / name / ".gitkeep").is_file(), name
    finally:
        subprocess.run(["umount", "--lazy", str(disk)], check=True)


@pytest.mark.needs_tmpfs
def test_a_site_folder_on_another_file_system_is_built(tmp_path: Path) -> None:
    """A web root or a container's volume mounted as the site's folder: the build stages
    inside it (a file moves in one step only within one file system), from nothing and
    again, and leaves no staging folder anywhere. Mounted read-only, the build says so in one
    line, naming the folder."""
    project = make(tmp_path / "project")
    site = tmp_path / "www"
    site.mkdir()
    runner = CliRunner()
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(site)], check=True)
    try:
        for _ in range(2):
            result = runner.invoke(cli, ["-C", str(project.root), "build", "--out", str(site)])
            assert result.exit_code == 0, result.output
            assert (site / "fr" / DEMO / "index.html").is_file()
            assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "www"]
            assert not [p for p in site.iterdir() if p.name.startswith(".")]
            source = project.root / "source" / f"{DEMO}.txt"
            source.write_text(source.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(site)], check=True)
        source.write_text(source.read_text("utf-8") + "\nAnother sentence.\n", "utf-8")
        refused = runner.invoke(cli, ["-C", str(project.root), "build", "--out", str(site)])
        assert refused.exit_code == 1
        assert refused.exception is None or isinstance(refused.exception, SystemExit)
        # (The site's folder, not the name of a file the build stages in it.)
        assert refused.stderr == f"Error: {site}: cannot write: Read-only file system\n"
    finally:
        subprocess.run(["umount", "--lazy", str(site)], check=True)


@pytest.mark.needs_tmpfs
def test_a_read_only_project_is_said_in_one_line(tmp_path: Path) -> None:
    """A checkout mounted read-only: a command that writes says which file it cannot write,
    in one line, not a traceback."""
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(disk)], check=True)
    try:
        project = make(disk / "project")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = CliRunner().invoke(cli, ["-C", str(project.root), "update"])
        assert result.exit_code == 1
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.stderr == (
            f"Error: {project.root}/.communique/lock: cannot write: Read-only file system\n"
        )
    finally:
        subprocess.run(["umount", "--lazy", str(disk)], check=True)


def _racing_rename(
    demo: Project, monkeypatch: pytest.MonkeyPatch, on_write: Callable[[int], None]
) -> Result:
    """``rename`` with ``on_write(n)`` called before its n-th write (a save, a full disk)."""
    real = files_module.DiskFiles.write
    count = 0

    def write(self: files_module.DiskFiles, path: str, data: bytes, **kwargs: bool) -> Any:
        nonlocal count
        count += 1
        on_write(count)
        return real(self, path, data, **kwargs)

    monkeypatch.setattr(files_module.DiskFiles, "write", write)
    return CliRunner().invoke(cli, ["-C", str(demo.root), "rename", SLUG, "2023-06-07-renamed"])


def test_a_save_during_a_rename_is_kept_and_nothing_is_renamed(
    demo: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator saves the French catalog while ``rename`` moves the release: the rename
    stops, says so, and leaves the release under its name with the translator's save."""
    path = demo.root / CATALOG
    theirs = path.read_text("utf-8").replace('msgstr ""', 'msgstr "Sa traduction"', 1)
    before = tree(demo.root)

    def save(count: int) -> None:
        if count == 2:
            _save(path, theirs)

    result = _racing_rename(demo, monkeypatch, save)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {CATALOG}: changed on disk after this run read it (saved in an editor "
        "meanwhile?); nothing was renamed: run the command again\n"
    )
    after = tree(demo.root)
    assert after == {**before, CATALOG: after[CATALOG]}
    assert path.read_text("utf-8") == theirs


def test_a_rename_that_cannot_finish_leaves_the_release_as_it_was(
    demo: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up half-way through the new files: they go, and the release is under its
    old name alone (it was under both, and a second rename refused to finish it)."""
    before = tree(demo.root)

    def full(count: int) -> None:
        if count == 4:
            raise CatalogError("cannot write: No space left on device", path="locale/x.po")

    result = _racing_rename(demo, monkeypatch, full)
    assert result.exit_code == 1
    after = tree(demo.root)
    assert after == before


def test_a_save_during_a_removal_is_kept_and_nothing_is_removed(
    demo: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved while ``remove`` keeps the reviewed translations in the memory: the translator's
    work is in no memory yet, so nothing is deleted, and the run says why."""
    from communique.translate.memory import Memory

    path = demo.root / CATALOG
    theirs = path.read_text("utf-8").replace('msgstr ""', 'msgstr "Sa traduction"', 1)
    real = Memory.retain

    def retain(self: Memory, *arguments: Any) -> None:
        _save(path, theirs)
        real(self, *arguments)

    monkeypatch.setattr(Memory, "retain", retain)
    result = CliRunner().invoke(cli, ["-C", str(demo.root), "remove", SLUG])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {CATALOG}: changed on disk after this run read it (saved in an editor "
        "meanwhile?); nothing was removed: run the command again\n"
    )
    assert path.read_text("utf-8") == theirs
    assert (demo.root / "source" / f"{SLUG}.txt").is_file()


NEW = "2023-06-07-renamed"


@pytest.mark.parametrize(
    "stopped",
    ["after the new source", "after the new files", "while the old files went"],
)
def test_a_rename_killed_half_way_is_finished_by_running_it_again(
    demo: Project, tmp_path: Path, stopped: str
) -> None:
    """``rename`` killed half-way (SIGKILL: Ctrl-C and termination now wait for its end) left
    the release under both names, and every command's advice went round in a circle: the
    rename itself refused ("exists already", or "holds a translator's work"). Run again, it
    finishes the rename, as one run would have."""
    whole = tmp_path / "whole"
    shutil.copytree(demo.root, whole)
    renamed = CliRunner().invoke(cli, ["-C", str(whole), "rename", SLUG, NEW])
    assert renamed.exit_code == 0, renamed.output
    finished = tree(whole)
    before = tree(demo.root)
    written = sorted(set(finished) - set(before))
    gone = sorted(set(before) - set(finished))
    assert f"source/{NEW}.txt" in written
    assert f"source/{SLUG}.txt" in gone
    # What the killed run left: the new files it had written; the old ones it had not removed.
    if stopped == "after the new source":
        left_written, left_gone = [f"source/{NEW}.txt"], []
    elif stopped == "after the new files":
        left_written, left_gone = written, []
    else:
        left_written, left_gone = written, gone[: len(gone) // 2]
    for path in left_written:
        (demo.root / path).parent.mkdir(parents=True, exist_ok=True)
        (demo.root / path).write_bytes(finished[path])
    for path in left_gone:
        (demo.root / path).unlink()
    if (demo.root / "source" / f"{SLUG}.txt").exists():
        # The build names what happened, not a copy to give an id of its own (which would
        # have put the release online twice).
        built = CliRunner().invoke(cli, ["-C", str(demo.root), "build"])
        lines = finished[f"source/{NEW}.txt"].decode("utf-8").splitlines()
        at = next(n for n, text in enumerate(lines, start=1) if text.startswith("aliases:"))
        assert (built.exit_code, built.stderr) == (
            1,
            f"Error: source/{NEW}.txt:{at}: a rename of {SLUG} to {NEW} was left half-way (this "
            f"file's aliases name {SLUG}, whose source/{SLUG}.txt is still here): run "
            f"'communique rename {SLUG} {NEW}' again to finish it\n",
        )
    again = CliRunner().invoke(cli, ["-C", str(demo.root), "rename", SLUG, NEW])
    assert again.exit_code == 0, again.output
    assert tree(demo.root) == finished


def test_ctrl_c_waits_for_the_end_of_a_step_held_back() -> None:
    """Ctrl-C (SIGINT) while files are put in place reaches the run once they are, not
    half-way; termination (SIGTERM) waits alike (sent to a child, which then dies of it)."""
    import signal

    from communique.interrupts import held_back

    done = []

    def step() -> None:
        with held_back():
            os.kill(os.getpid(), signal.SIGINT)
            done.append("the step went on")
        done.append("not reached")

    with pytest.raises(KeyboardInterrupt):
        step()
    assert done == ["the step went on"]
    code = (
        "import os, signal, sys\n"
        "from communique.interrupts import held_back\n"
        "with held_back():\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    print('finished', flush=True)\n"
        "print('not reached', flush=True)\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert (child.stdout, child.returncode) == ("finished\n", -signal.SIGTERM)


def test_a_build_records_what_goes_online_before_it_goes_and_nothing_if_it_does_not(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The publication records are in place when the site is put in place: a build stopped
    between the two (killed) left pages online that no record had, and a later build took
    them offline unnoticed. A build whose site cannot be put in place puts the records back
    as they were."""
    from communique.site.outputs import BuildError, Writer

    project = make(demo_dir / "project")
    records = project.root / "published"
    seen: list[list[str]] = []
    real = Writer.commit

    def commit(self: Writer) -> None:
        seen.append(sorted(p.name for p in records.glob("*.json")))
        real(self)

    monkeypatch.setattr(Writer, "commit", commit)
    built = CliRunner().invoke(cli, ["-C", str(project.root), "build"])
    assert built.exit_code == 0, built.output
    assert seen == [[f"{DEMO}.json", f"{SECOND}.json"]]  # (the site not in place yet)
    before = tree(project.root)
    # The next build changes a record, and cannot put its site in place: neither changes.
    edit = project.root / "source" / f"{DEMO}.txt"
    edit.write_text(edit.read_text("utf-8").replace("130 delegates", "131 delegates"), "utf-8")

    def fail(self: Writer) -> None:
        raise BuildError("cannot write: No space left on device", path=self.out)

    monkeypatch.setattr(Writer, "commit", fail)
    failed = CliRunner().invoke(cli, ["-C", str(project.root), "build"])
    assert failed.exit_code == 1
    assert failed.stderr.endswith(": cannot write: No space left on device\n")
    assert tree(project.root) == {**before, f"source/{DEMO}.txt": edit.read_bytes()}


def test_a_site_that_cannot_be_put_in_place_halfway_is_as_it_was(demo_dir: Path) -> None:
    """A file of the site cannot be replaced (a folder where the root page goes, a file
    made immutable), after others were: the build failed, its records were put back, and the
    pages it had moved in stayed online, a new release's among them, with no record, and
    no later build removed them. The files moved in go back as they were."""
    project = make(demo_dir / "project")
    built = CliRunner().invoke(cli, ["-C", str(project.root), "build"])
    assert built.exit_code == 0, built.output
    out = project.root / "output"
    (out / "index.html").unlink()
    (out / "index.html").mkdir()
    (out / "index.html" / "x").write_text("", "utf-8")
    before = tree(project.root)
    leak = project.root / "source" / "2024-01-10-leaked.txt"
    leak.write_text(
        "---\ntitle: Leaked draft\n---\nVienna, 10 January 2024: The OSCE met.\n", "utf-8"
    )
    edit = project.root / "source" / f"{DEMO}.txt"
    edit.write_text(edit.read_text("utf-8").replace("130 delegates", "131 delegates"), "utf-8")
    failed = CliRunner().invoke(cli, ["-C", str(project.root), "build"])
    assert failed.exit_code == 1
    assert failed.stderr == f"Error: {out / 'index.html'}: cannot write: Is a directory\n"
    after = tree(project.root)
    assert {path for path in after if path.startswith("locale/templates/")} == {
        path for path in before if path.startswith("locale/templates/")
    }
    changed = {path for path in after.keys() | before.keys() if after.get(path) != before.get(path)}
    assert changed == {f"source/{DEMO}.txt", "source/2024-01-10-leaked.txt"}
    leak.unlink()
    shutil.rmtree(out / "index.html")
    again = CliRunner().invoke(cli, ["-C", str(project.root), "build"])
    assert again.exit_code == 0, again.output
    assert not list(out.rglob("*leaked*"))


def test_a_catalog_of_another_language_is_not_published_as_this_one(
    demo: Project, runner: CliRunner
) -> None:
    """A Russian catalog copied into fr/ (its header says so) was merged, checked clean and
    published as French: Russian paragraphs under lang="fr", in the French feeds. It is an
    error at its header's Language line; the file stays as it is, and French waits."""
    russian = (REPOSITORY / "locale" / "ru" / "LC_MESSAGES" / f"{SLUG}.po").read_bytes()
    path = demo.root / CATALOG
    path.write_bytes(russian)
    line = russian.decode("utf-8").split("\n").index('"Language: ru\\n"') + 1
    error = (
        f"{CATALOG}:{line}: the header says Language: 'ru', but this is the fr catalog (a copy "
        "of another language's?): put the fr translations here, or correct the header if they are"
    )
    checked = runner.invoke(cli, ["-C", str(demo.root), "check"])
    assert checked.exit_code == 1
    path_line, _, message = error.partition(": ")
    assert f"{path_line}: error: {message}" in checked.stdout.splitlines()
    runner.invoke(cli, ["-C", str(demo.root), "update"])
    built = runner.invoke(cli, ["-C", str(demo.root), "build"])
    assert f"Waiting in fr: {SLUG}: cannot be read: {error}" in built.output
    assert not (demo.root / "output" / "fr").exists()
    assert path.read_bytes() == russian
    # A header naming the language by an older code is the same language.
    path.write_bytes(russian.replace(b'"Language: ru\\n"', b'"Language: fr_FR\\n"'))
    assert "the header says" not in runner.invoke(cli, ["-C", str(demo.root), "check"]).output
