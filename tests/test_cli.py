"""The command line: help, init, extract, and every bad input as one line on stderr."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from communique.cli import cli
from communique.config import load_settings
from communique.project import Project
from tests.conftest import REPOSITORY, tree

COMMANDS = sorted(cli.commands)


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    listed = re.findall(r"^  (\w+)\s", result.output.split("Commands:")[1], re.MULTILINE)
    assert listed == COMMANDS
    assert [
        *("build", "check", "compile", "draft", "export", "extract", "glossary", "import"),
        *("init", "memory", "publish", "remove", "rename", "serve", "status", "update"),
        "withdraw",
    ] == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_ends_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    description = result.output.split("Options:")[0].rstrip()
    example = description.split("Example:")[-1]
    assert "Example:" in description
    assert f"communique {command}" in example


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_is_documented_in_the_readme(command: str) -> None:
    readme = (REPOSITORY / "README.md").read_text("utf-8")
    assert f"### `communique {command}" in readme
    assert f"\ncommunique {command}" in readme  # an example in a code block


def test_extract_on_the_demo(runner: CliRunner, demo_dir: Path) -> None:
    result = runner.invoke(cli, ["--project", str(demo_dir), "extract"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "locale/templates/2023-06-07-anti-trafficking-coordinators-meet.pot: "
        "25 messages (written)\n"
        "1 template, 1 written.\n"
    )
    again = runner.invoke(cli, ["--project", str(demo_dir), "extract"])
    assert again.stdout.endswith("25 messages (unchanged)\n1 template, 0 written.\n")
    pot = demo_dir / "locale/templates/2023-06-07-anti-trafficking-coordinators-meet.pot"
    assert len(polib.pofile(str(pot))) == 25


def test_extract_one_slug(runner: CliRunner, demo_dir: Path) -> None:
    slug = "2023-06-07-anti-trafficking-coordinators-meet"
    result = runner.invoke(cli, ["-C", str(demo_dir), "extract", slug])
    assert result.exit_code == 0, result.output
    assert (demo_dir / f"locale/templates/{slug}.pot").is_file()


BAD_SOURCES = [
    (
        "invalid-utf8",
        "2024-01-01-bad.txt",
        b"---\ntitle: T\n---\nVienna, 1 July 2024: Caf\xe9.\n",
        "Error: source/2024-01-01-bad.txt:4: invalid UTF-8 at byte 41 (save the file as UTF-8)\n",
    ),
    (
        "front-matter",
        "2024-01-01-bad.txt",
        "---\ntitle: [unclosed\n---\nVienna, 1 July 2024: Text.\n",
        "Error: source/2024-01-01-bad.txt:2: invalid front matter: the value of 'title' begins "
        "with '[', which front matter reads as the start of a list: put the whole value in "
        "quotes: title: '[unclosed'\n",
    ),
    # Escapes for what the file's text may not hold (a NUL, which gettext reads as the end
    # of a string; half a character, a traceback), and YAML's aliases, nine deep a value of
    # billions of items that every command hung quoting.
    (
        "front-matter-nul-escape",
        "2024-01-01-bad.txt",
        '---\ntitle: "OSCE\\0 meets"\n---\nVienna, 1 July 2024: Text.\n',
        "Error: source/2024-01-01-bad.txt:2: invalid front matter: a control character "
        "(U+0000) in a value, written as an escape: remove it\n",
    ),
    (
        "front-matter-surrogate-escape",
        "2024-01-01-bad.txt",
        '---\ntitle: T\ntags: ["a\\uD800b"]\n---\nVienna, 1 July 2024: Text.\n',
        "Error: source/2024-01-01-bad.txt:3: invalid front matter: an escape for half a "
        "character (U+D800): write the character\n",
    ),
    # A noncharacter (a byte-order mark read the wrong way round): the pages leave it out,
    # joining the words around it, and it went into every catalog.
    (
        "noncharacter",
        "2024-01-01-bad.txt",
        "---\ntitle: T\n---\nVienna, 1 July 2024: The\ufffeChair spoke.\n",
        "Error: source/2024-01-01-bad.txt:4: a noncharacter (U+FFFE) at column 25: remove it\n",
    ),
    (
        "front-matter-noncharacter-escape",
        "2024-01-01-bad.txt",
        '---\ntitle: "OSCE\\uFFFE meets"\n---\nVienna, 1 July 2024: Text.\n',
        "Error: source/2024-01-01-bad.txt:2: invalid front matter: a noncharacter (U+FFFE) in "
        "a value, written as an escape: remove it\n",
    ),
    (
        "front-matter-aliases",
        "2024-01-01-bad.txt",
        "---\ntitle: T\nid: [&a [x, x], &b [*a, *a], &c [*b, *b]]\n---\nVienna, 1 July 2024: "
        "Text.\n",
        "Error: source/2024-01-01-bad.txt:3: invalid front matter: anchors and aliases ('&name', "
        "'*name') are not read: write each value out\n",
    ),
    (
        # (A word's alias was read, though the README says none is.)
        "front-matter-alias-of-a-word",
        "2024-01-01-bad.txt",
        "---\ntitle: &t Talks in Vienna\ncorrection: *t\n---\nVienna, 1 July 2024: Text.\n",
        "Error: source/2024-01-01-bad.txt:2: invalid front matter: anchors and aliases ('&name', "
        "'*name') are not read: write each value out\n",
    ),
    (
        "file-name",
        "My Release.txt",
        "---\ntitle: T\n---\nVienna, 1 July 2024: Text.\n",
        "Error: source/My Release.txt: 'My Release' is not a valid release name (lowercase "
        "letters, digits and hyphens): rename it my-release.txt\n",
    ),
    (
        "uppercase-suffix",
        "2024-05-10-Chair-Statement.TXT",
        "Vienna, 10 May 2024: The Chair welcomed the decision.\n",
        "Error: source/2024-05-10-Chair-Statement.TXT: not read: a release's file name ends in "
        ".txt or .md: rename it 2024-05-10-chair-statement.txt\n",
    ),
    (
        "word-processor-file",
        "2024-05-08 Statement by the Chair.docx",
        "PK\x03\x04",
        "Error: source/2024-05-08 Statement by the Chair.docx: not read: a release is plain "
        "text (.txt) or Markdown (.md): save it as plain text, "
        "source/2024-05-08-statement-by-the-chair.txt\n",
    ),
    (
        # Front matter that would be text: its keys a heading, sent to translators.
        "front-matter-after-a-blank-line",
        "2024-05-01-blank-first.md",
        "\n---\ntitle: Blank line first\ndate: 2024-05-01\n---\nVienna, 1 May 2024: Text.\n",
        "Error: source/2024-05-01-blank-first.md:2: front matter after 1 blank line: it is read "
        "only from the first line (else it is text, which translators and readers get): remove "
        "the blank line above '---'\n",
    ),
    (
        "front-matter-after-a-blank-line-yaml-end",
        "2024-05-01-blank-first.md",
        "\n---\ntitle: Blank line first\ndate: 2024-05-01\n...\nVienna, 1 May 2024: Text.\n",
        "Error: source/2024-05-01-blank-first.md:2: front matter after 1 blank line: it is read "
        "only from the first line (else it is text, which translators and readers get): remove "
        "the blank line above '---'\n",
    ),
    (
        "front-matter-four-dashes",
        "2024-05-01-four-dashes.md",
        "----\ntitle: Four dashes\ndate: 2024-05-01\n----\nVienna, 1 May 2024: Text.\n",
        "Error: source/2024-05-01-four-dashes.md:1: front matter between '----' lines is not "
        "read (else it is text, which translators and readers get): write '---', three dashes\n",
    ),
    (
        # A release filed by year: never published, and nobody told.
        "in-a-folder",
        "2024/2024-06-01-new-release.txt",
        "---\ntitle: New\n---\nVienna, 1 June 2024: Text.\n",
        "Error: source/2024/2024-06-01-new-release.txt: not read: releases are read from "
        "source/ itself, not from its folders: move it to source/2024-06-01-new-release.txt\n",
    ),
    (
        "uppercase-name",
        "2024-01-01-Report.md",
        "# T\n\nVienna, 1 July 2024: Text.\n",
        "Error: source/2024-01-01-Report.md: '2024-01-01-Report' is not a valid release name "
        "(lowercase letters, digits and hyphens): rename it 2024-01-01-report.md\n",
    ),
    (
        "empty",
        "2024-01-01-empty.txt",
        "\n\n",
        "Error: source/2024-01-01-empty.txt: empty release: the file has no text\n",
    ),
    (
        "impossible-date",
        "2024-01-01-bad.txt",
        "---\ntitle: T\ndate: 2023-02-30\n---\nVienna, 1 July 2024: Text.\n",
        "Error: source/2024-01-01-bad.txt:3: invalid front matter: '2023-02-30' is not a date "
        "(day is out of range for month)\n",
    ),
    (
        "date-conflict",
        "2024-01-01-dates.txt",
        "---\ntitle: T\ndate: 2024-07-02\n---\nVienna, 1 July 2024: Text.\n",
        "Error: source/2024-01-01-dates.txt:3: date: the front matter says 2024-07-02 but the "
        "dateline says 2024-07-01\n",
    ),
]


def test_attachments_and_lock_files_in_source_are_not_named(
    runner: CliRunner, project_dir: Path, write_source: Callable[..., Path]
) -> None:
    """A document a release links to, a picture, Word's lock file of an open document: none
    is a release, and none is named as one left out."""
    write_source(
        "2024-01-01-good.md",
        "---\ntitle: Good\n---\nVienna, 1 July 2024: Read [the statement](statement.docx) "
        "and [its full text](files/2024-06-01-statement-full-text.txt).\n",
    )
    # (A text file a release links, in a folder, named from its date: no release filed there.)
    write_source("files/2024-06-01-statement-full-text.txt", "The full text.\n")
    # (Word leaves its lock file beside a release in plain text or Markdown it has open too:
    # "~$26-11-30-…md" stopped every command as a release badly named.)
    lock_files = ("~$2024-05-08 Statement.docx", "~$24-01-01-good.md", "~$24-01-01-notes.txt")
    for name in ("statement.docx", "map.html", "photo.jpg", *lock_files):
        (project_dir / "source" / name).write_bytes(b"PK\x03\x04")
    result = runner.invoke(cli, ["-C", str(project_dir), "extract"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("name", "content", "message"), [b[1:] for b in BAD_SOURCES], ids=[b[0] for b in BAD_SOURCES]
)
def test_bad_sources_fail_with_one_line_and_write_nothing(
    runner: CliRunner,
    project_dir: Path,
    write_source: Callable[..., Path],
    name: str,
    content: str | bytes,
    message: str,
) -> None:
    write_source("2024-01-01-good.txt", "---\ntitle: Good\n---\nVienna, 1 July 2024: Fine.\n")
    write_source(name, content)
    before = tree(project_dir)
    result = runner.invoke(cli, ["-C", str(project_dir), "extract"])
    assert result.exit_code == 1
    assert result.stderr == message
    after = tree(project_dir)
    # One bad release, or a file whose name is none, stops nothing else: the good one's
    # template is written.
    good = "locale/templates/2024-01-01-good.pot"
    assert result.stdout == f"{good}: 3 messages (written)\n1 template, 1 written.\n"
    assert sorted(set(after) - set(before)) == [good]
    assert {path: after[path] for path in before} == before


@pytest.mark.parametrize(
    "slug", ["../communique", "../../etc/passwd", "/etc/passwd", "A", "../x.txt", "-"]
)
def test_slug_arguments_cannot_escape_the_project(
    runner: CliRunner, project_dir: Path, slug: str
) -> None:
    result = runner.invoke(cli, ["-C", str(project_dir), "extract", "--", slug])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {slug!r} is not a valid release name: use lowercase letters, digits and "
        "hyphens, e.g. '2023-06-07-anti-trafficking-meeting'\n"
    )


def test_unknown_slug(runner: CliRunner, project_dir: Path) -> None:
    result = runner.invoke(cli, ["-C", str(project_dir), "extract", "2024-01-01-missing"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no release '2024-01-01-missing': neither source/2024-01-01-missing.txt nor "
        "source/2024-01-01-missing.md\n"
    )


def test_source_link_leading_outside_is_refused(
    runner: CliRunner, project_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("---\ntitle: T\n---\nVienna, 1 July 2024: Text.\n", "utf-8")
    (project_dir / "source" / "2024-01-01-link.txt").symlink_to(outside)
    result = runner.invoke(cli, ["-C", str(project_dir), "extract"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: source/2024-01-01-link.txt: links outside source/; copy the file in instead\n"
    )


def test_no_project_found(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["extract"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no communique.toml in {tmp_path.resolve()} or any folder above it (run "
        "'communique init' to create a project, or pass --project DIR)\n"
    )
    # A folder named as the configuration is: said, not passed over as no project.
    (tmp_path / "communique.toml").mkdir()
    result = runner.invoke(cli, ["extract"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path.resolve()}/communique.toml: communique.toml is a folder, not the "
        "project's configuration: remove or rename it\n"
    )


def test_bad_configuration_through_the_cli(runner: CliRunner, project_dir: Path) -> None:
    config = project_dir / "communique.toml"
    config.write_text(config.read_text("utf-8").replace('"de"', '"klingon"'), "utf-8")
    result = runner.invoke(cli, ["-C", str(project_dir), "extract"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: communique.toml:7: languages.targets[1]: 'klingon' is not a locale CLDR knows\n"
    )


def test_init_scaffolds_a_project_that_loads(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "newsroom"
    result = runner.invoke(
        cli,
        [
            *("init", str(folder), "--name", "Council of Europe", "--short-name", "CoE"),
            *("--domain", "coe.int", "--base-url", "https://www.coe.int/press"),
            *("--source", "en-GB", "--locale", "fr", "--locale", "ru"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # domain and base URL chosen: nothing to warn of
    settings = load_settings(folder / "communique.toml")
    assert settings.organisation.name == "Council of Europe"
    assert settings.organisation.short_name == "CoE"
    assert settings.organisation.base_url == "https://www.coe.int/press/"
    assert settings.target_locales == ("fr", "ru")
    assert settings.source_locale == "en-GB"
    assert (folder / "source").is_dir()
    assert (folder / "locale").is_dir()
    assert (folder / "output").is_dir()
    assert (folder / ".gitignore").read_text("utf-8") == (
        ".communique/\noutput/\noutput-drafts/\noutput-status/\nxliff/\n.*.tmp\n.*.old\n.*.staging/\n"
    )
    # What a run killed while writing leaves beside a record is no file to commit.
    (folder / "published").mkdir(exist_ok=True)
    (folder / "published" / ".2024-01-10-x.json.1a2b3c4d.tmp").write_text("{half", "utf-8")
    # Nor is the staging folder a build killed before its end leaves beside the site.
    (folder / ".output.staging" / "en").mkdir(parents=True)
    (folder / ".output.staging" / "en" / "index.html").write_text("<html>", "utf-8")
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    untracked = subprocess.run(
        ["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".tmp" not in untracked
    assert "staging" not in untracked
    written = (folder / "communique.toml").read_text("utf-8")
    assert "# The organisation's name: pages and feeds show it" in written
    # The examples it gives of the settings a Council of Europe needs next work as written:
    # uncommented, the organisation's seat says nothing of France.
    config = folder / "communique.toml"
    config.write_text(
        written.replace('# seats = ["Strasbourg"]', 'seats = ["Strasbourg"]'), "utf-8"
    )
    assert load_settings(config).seats == ("Strasbourg",)
    config.write_text(written, "utf-8")
    # British English: the dateline as the press office writes it, and the English URLs.
    (folder / "source" / "2024-07-30-meeting.txt").write_text(
        "---\ntitle: Meeting\n---\nVienna, 30 July 2024: The meeting opened.\n", "utf-8"
    )
    built = runner.invoke(cli, ["-C", str(folder), "build"])
    assert built.exit_code == 0, built.output
    page = (folder / "output" / "en-GB" / "2024-07-30-meeting" / "index.html").read_text("utf-8")
    assert '<time datetime="2024-07-30">30 July 2024</time>' in page


def test_publish_with_nothing_to_publish_says_so(runner: CliRunner, tmp_path: Path) -> None:
    """A first release under embargo: publish does its work and says nothing is online yet,
    rather than sending the press office to an empty site."""
    folder = tmp_path / "newsroom"
    made = runner.invoke(
        cli,
        [
            *("init", str(folder), "--name", "Council of Europe", "--short-name", "CoE"),
            *("--domain", "coe.int", "--base-url", "https://www.coe.int/press"),
            *("--source", "en-GB", "--locale", "fr"),
        ],
    )
    assert made.exit_code == 0, made.output
    (folder / "source" / "2099-01-15-budget.md").write_text(
        "---\ntitle: Budget\nembargo: 2099-01-15T09:00:00+01:00\n---\nVienna, 15 January 2099: "
        "The budget.\n",
        "utf-8",
    )
    published = runner.invoke(cli, ["-C", str(folder), "publish"])
    assert published.exit_code == 0, published.output
    lines = published.stdout.splitlines()
    assert (
        "Embargoed until 2099-01-15T09:00:00+01:00: 2099-01-15-budget (not in the public site "
        "before then)" in lines
    )
    assert (
        f"Nothing is online yet (see above what each release waits for): "
        f"{folder / 'output' / 'index.html'}."
    ) in lines
    assert not any("in a browser" in line for line in lines)


def test_a_new_project_says_where_its_first_release_goes(runner: CliRunner, tmp_path: Path) -> None:
    """Each command on a project with no release yet says so once, and how to write one; the
    run succeeds. Once there is a release, it says nothing of it."""
    folder = tmp_path / "newsroom"
    made = runner.invoke(
        cli, ["init", str(folder), "--domain", "coe.int", "--base-url", "https://coe.int/"]
    )
    assert made.exit_code == 0, made.output
    empty = (
        "No release in source/: write one as source/2024-05-07-observers-deployed.txt (plain "
        "text) or .md (Markdown); see 'Writing releases' in the README.\n"
    )
    for command in (["status"], ["publish"]):
        result = runner.invoke(cli, ["-C", str(folder), *command])
        assert result.exit_code == 0, result.output
        assert result.stderr.count(empty) == 1, (command, result.stderr)
        # (Nothing waits: publish names no release waiting "above".)
        assert "see above" not in result.stdout
    (folder / "source" / "2024-07-30-meeting.txt").write_text(
        "Meeting held\n\nVienna, 30 July 2024: The meeting was held.\n", "utf-8"
    )
    result = runner.invoke(cli, ["-C", str(folder), "status"])
    assert "No release" not in result.stderr
    # No member state named yet: no hint to name states in the front matter, which would
    # make no page.
    result = runner.invoke(cli, ["-C", str(folder), "status", "2024-07-30-meeting"])
    assert result.stdout.splitlines()[1] == (
        "  member states: none (the project names none: member_states.codes in communique.toml)"
    )


def test_a_folder_that_is_no_project_is_named(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["-C", str(tmp_path), "status"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no communique.toml in {tmp_path.resolve()}: it is no communique project (run "
        f"'communique init {tmp_path.resolve()}' to make one there)\n"
    )
    # A folder inside a project (its source/) names the project around it: 'init' there
    # would be refused.
    (tmp_path / "newsroom" / "source").mkdir(parents=True)
    (tmp_path / "newsroom" / "communique.toml").write_text("", "utf-8")
    inside = runner.invoke(cli, ["-C", str(tmp_path / "newsroom" / "source"), "status"])
    assert inside.exit_code == 1
    folder, around = (tmp_path / "newsroom" / "source").resolve(), (tmp_path / "newsroom").resolve()
    assert inside.stderr == (
        f"Error: no communique.toml in {folder}: it is a folder of the project in {around} "
        f"(run 'communique -C {around} …')\n"
    )


def test_init_and_build_warn_of_placeholders(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "newsroom"
    result = runner.invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    warnings = (
        "Warning: communique.toml: organisation.name is still the placeholder 'Example "
        "Organisation': every page's title and heading and every feed's title and author show "
        "it; set the organisation's name\n"
        "Warning: communique.toml: organisation.domain is still the placeholder 'example.org': "
        "feed entry ids (tag:example.org,…) are permanent; set a domain the organisation owns "
        "before publishing\n"
        "Warning: communique.toml: organisation.base_url is still the placeholder "
        "'https://www.example.org/press/': set where the site will be published\n"
    )
    assert result.stderr == warnings
    assert load_settings(folder / "communique.toml").source_locale == "en"
    (folder / "source" / "2024-07-30-meeting.txt").write_text(
        "---\ntitle: Meeting\n---\nVienna, 30 July 2024: The meeting opened.\n", "utf-8"
    )
    built = runner.invoke(cli, ["-C", str(folder), "build"])
    assert built.exit_code == 0, built.output
    assert built.stderr == warnings
    page = (folder / "output" / "en" / "2024-07-30-meeting" / "index.html").read_text("utf-8")
    assert '<time datetime="2024-07-30">July 30, 2024</time>' in page


def test_init_refuses_an_existing_project(runner: CliRunner, project_dir: Path) -> None:
    before = tree(project_dir)
    result = runner.invoke(cli, ["init", str(project_dir)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {project_dir / 'communique.toml'} already exists: this folder is already a "
        "communique project\n"
    )
    assert tree(project_dir) == before


def test_init_beside_a_gitignore_it_cannot_read_writes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "newsroom"
    folder.mkdir()
    (folder / ".gitignore").write_bytes("*.bak\n# Brouillons ignorés\n".encode("latin-1"))
    before = tree(folder)
    result = runner.invoke(cli, ["init", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {folder / '.gitignore'}:2: invalid UTF-8 at byte 24\n"
    assert tree(folder) == before


def test_init_beside_a_file_named_as_a_folder_writes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A file named ``source`` where the project keeps its releases: init ended in a
    traceback, exit 0, half the project written."""
    folder = tmp_path / "newsroom"
    folder.mkdir()
    (folder / "source").write_text("notes\n", "utf-8")
    before = tree(folder)
    result = runner.invoke(cli, ["init", str(folder)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {folder / 'source'} is a file where the project keeps a folder: move it\n",
    )
    assert tree(folder) == before


def test_init_with_a_bad_locale_leaves_no_configuration(runner: CliRunner, tmp_path: Path) -> None:
    """The message names the option to mend, and the tag meant, not a file never written."""
    folder = tmp_path / "newsroom"
    result = runner.invoke(cli, ["init", str(folder), "--locale", "fr_FR"])
    assert result.exit_code == 1
    assert result.stderr == "Error: --locale: 'fr_FR' is not a BCP 47 tag: write 'fr-FR'\n"
    assert not folder.exists()  # not even the folder: nothing is written
    result = runner.invoke(cli, ["init", str(folder), "--source", "de_CH"])
    assert result.stderr == "Error: --source: 'de_CH' is not a BCP 47 tag: write 'de-CH'\n"
    assert not folder.exists()
    result = runner.invoke(cli, ["init", str(folder), "--locale", "sr@latin"])
    assert result.stderr == "Error: --locale: 'sr@latin' is gettext's spelling: write 'sr-Latn'\n"
    assert not folder.exists()
    # (A line break in a name was "newsroom/communique.toml: invalid TOML", of no file.)
    result = runner.invoke(cli, ["init", str(folder), "--name", "OSCE\nSecretariat"])
    assert result.stderr == (
        "Error: --name: a control character (U+000A) in 'OSCE\\nSecretariat': a name is one "
        "line of text\n"
    )
    assert not folder.exists()
    result = runner.invoke(cli, ["init", str(folder), "--name", 'The "OSCE" \\ Vienna'])
    assert result.exit_code == 0, result.output
    assert Project.load(folder).settings.organisation.name == 'The "OSCE" \\ Vienna'


def test_init_refuses_a_project_inside_another(runner: CliRunner, project_dir: Path) -> None:
    """Commands look for their project upwards: one made inside another (init run in its
    source/ folder) would silently take over every command run there."""
    before = tree(project_dir)
    inner = project_dir / "source" / "newsroom"
    result = runner.invoke(cli, ["init", str(inner)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {inner} is inside the communique project of "
        f"{project_dir.resolve() / 'communique.toml'}: make the new one elsewhere\n"
    )
    assert tree(project_dir) == before


def test_ctrl_c_while_the_cli_loads_is_aborted_not_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C in the first tenth of a second, while Python loads click and the CLI, printed a
    traceback; later, click says "Aborted!". It reaches the run as the import of click here
    (a module of that name that is interrupted as it loads, first on the path)."""
    (tmp_path / "click.py").write_text("raise KeyboardInterrupt\n", "utf-8")
    source = str(REPOSITORY / "src")
    for command in (
        [sys.executable, "-m", "communique", "--version"],
        [sys.executable, "-c", "from communique.__main__ import run; run()", "--version"],
    ):
        loaded = subprocess.run(
            command,
            env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{source}"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert (loaded.returncode, loaded.stderr) == (1, "Aborted!\n")


@pytest.mark.parametrize("command", ["withdraw", "remove", "extract"])
@pytest.mark.parametrize(
    "named", ["source/2024-01-01-gone.txt", "2024-01-01-gone.md", "./source/2024-01-01-gone.MD"]
)
def test_a_release_named_by_its_file_is_told_its_name(
    runner: CliRunner, project_dir: Path, command: str, named: str
) -> None:
    """The shell completes a release's file (source/x.txt): every command that takes a
    release says to name the release, as status does, not that the name is invalid."""
    result = runner.invoke(cli, ["-C", str(project_dir), command, named])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {named!r} is a file: name its release, '2024-01-01-gone'\n"


def test_a_banner_between_dashes_is_no_front_matter(
    runner: CliRunner, project_dir: Path, write_source: Callable[..., Path]
) -> None:
    """A Markdown release that opens with a banner between rules of dashes, its words no
    front matter's keys: it is the release's text, as before."""
    write_source(
        "2024-06-01-banner.md",
        "----------\nCORRECTION: an earlier version gave the wrong date.\n----------\n\n"
        "# Banner\n\nVienna, 1 June 2024: Text.\n",
    )
    result = runner.invoke(cli, ["-C", str(project_dir), "extract"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
