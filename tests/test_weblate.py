"""Weblate reads and writes PO files with translate-toolkit's ``pypo``: the catalogs communique
writes (new, drafted, reviewed, merged after the English changed, the site's own words) are what
it reads back unchanged, byte for byte and entry for entry."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from click.testing import CliRunner
from translate.storage import pypo, tbx

from communique.catalog.reader import read_catalog
from communique.cli import cli
from communique.project import Project
from communique.translate.glossary import parse_glossary
from tests.conftest import REPOSITORY

SLUG = "2023-06-07-anti-trafficking-coordinators-meet"


def catalogs_of_every_kind(demo_dir: Path, runner: CliRunner) -> list[Path]:
    """Catalogs as a project's life leaves them: drafted by machine, reviewed and commented by a
    translator, merged after the English changed (fuzzy entries with their old English, obsolete
    ones), and the site's words of a language communique does not ship."""
    config = demo_dir / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"targets = \[[^]]*\]", 'targets = ["fr", "pl"]', text), "utf-8")

    def run(*command: str) -> None:
        result = runner.invoke(cli, ["-C", str(demo_dir), *command])
        assert result.exit_code == 0, result.output

    run("update")
    run("draft", "--engine", "pseudo")
    french = demo_dir / "locale" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    document = polib.pofile(str(french))
    for entry in document[:10]:  # reviewed, one with a comment and a flag of the translator's
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = None
    document[2].tcomment = "Vérifié par le bureau de Paris"
    document[3].flags.append("ignore-length")
    document.save()
    source = demo_dir / "source" / f"{SLUG}.txt"
    english = source.read_text("utf-8")
    changed = english.replace("the meeting convened 130 delegates", "130 delegates attended", 1)
    changed = changed.replace("Agendas for Discussion\n", "", 1)
    assert changed != english
    source.write_text(changed, "utf-8")
    run("update")
    return sorted((demo_dir / "locale").rglob("*.po"))


def test_weblates_po_storage_reads_back_every_catalog_unchanged(
    demo_dir: Path, runner: CliRunner
) -> None:
    paths = catalogs_of_every_kind(demo_dir, runner)
    assert [p.relative_to(demo_dir).as_posix() for p in paths] == [
        f"locale/fr/LC_MESSAGES/{SLUG}.po",
        f"locale/pl/LC_MESSAGES/{SLUG}.po",
        "locale/site/pl.po",
    ]
    kinds: set[str] = set()
    for path in paths:
        data = path.read_bytes()
        store = pypo.pofile.parsestring(data)
        assert bytes(store) == data, path  # what Weblate writes back, untouched
        theirs = [
            (unit.source, unit.target, unit.isfuzzy(), unit.isobsolete())
            for unit in store.units
            if not unit.isheader()
        ]
        ours = read_catalog(path, display=path.name).messages
        assert theirs == [(m.msgid, m.msgstr, m.fuzzy, m.obsolete) for m in ours], path
        kinds |= {"fuzzy with its old English" for m in ours if m.fuzzy and m.previous_msgid}
        kinds |= {"obsolete" for m in ours if m.obsolete}
        kinds |= {
            "draft comment" for m in ours if any("draft:" in c for c in m.translator_comments)
        }
        kinds |= {"translator's flag" for m in ours if "ignore-length" in m.flags}
        kinds |= {"format flag" for m in ours if "python-brace-format" in m.flags}
    assert kinds == {
        "fuzzy with its old English",
        "obsolete",
        "draft comment",
        "translator's flag",
        "format flag",
    }


def test_the_glossary_exported_as_tbx_reads_back_here_and_in_weblates_toolkit(
    demo_dir: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """``glossary export`` writes TBX-Basic: communique reads it back as the same glossary, and
    translate-toolkit (what Weblate imports a TBX glossary with) finds each English term, its
    approved form in each language and its note."""
    (demo_dir / "locale").mkdir()
    shutil.copy(REPOSITORY / "locale" / "glossary.csv", demo_dir / "locale")
    out = tmp_path / "glossary.tbx"
    result = runner.invoke(cli, ["-C", str(demo_dir), "glossary", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    settings = Project.load(demo_dir).settings
    targets = settings.target_locales
    csv = parse_glossary(
        {"locale/glossary.csv": (demo_dir / "locale/glossary.csv").read_bytes()}, targets
    )
    assert result.stderr == f"{out}: {len(csv.terms)} terms\n"
    tbx_terms = parse_glossary({"glossary.tbx": out.read_bytes()}, targets).terms
    assert tbx_terms == csv.terms
    store = tbx.tbxfile.parsestring(out.read_bytes())
    assert len(store.units) == len(csv.terms) >= 20
    for unit, term in zip(store.units, csv.terms, strict=True):
        assert unit.source == term.english
        assert unit.getnotes() == term.note
        for locale, approved in term.translations.items():
            assert unit.gettarget(lang=locale) == approved
    # Without --out, the same bytes on standard output.
    printed = runner.invoke(cli, ["-C", str(demo_dir), "glossary", "export"])
    assert printed.stdout.encode("utf-8") == out.read_bytes()
    # A project with no glossary yet: a valid, empty termbase, and a word on why.
    (demo_dir / "locale" / "glossary.csv").unlink()
    empty = runner.invoke(cli, ["-C", str(demo_dir), "glossary", "export", "--out", str(out)])
    assert empty.exit_code == 0, empty.output
    assert empty.stderr == (
        "The project has no glossary yet (locale/glossary.csv or locale/glossary.tbx; see the "
        f"README): the termbase has no term.\n{out}: 0 terms\n"
    )
    assert parse_glossary({"glossary.tbx": out.read_bytes()}, targets).terms == ()


def test_an_export_is_never_written_over_the_project_and_goes_into_a_pipe(
    demo_dir: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """``--out locale/glossary.csv`` replaced the glossary with its own TBX (every command
    after refused the project), ``memory export --out source/….txt`` a release; a pipe or a
    link was replaced by a file (the reader at the pipe got nothing). The project's own
    files are refused, named, with nothing written; a pipe is written into, and a link keeps
    pointing where it did, at the export."""
    import threading

    (demo_dir / "locale").mkdir()
    shutil.copy(REPOSITORY / "locale" / "glossary.csv", demo_dir / "locale")
    glossary = (demo_dir / "locale" / "glossary.csv").read_bytes()
    release = next((demo_dir / "source").glob("*.txt"))
    for command, target in (
        (["glossary", "export"], demo_dir / "locale" / "glossary.csv"),
        (["memory", "export"], release),
        (["glossary", "export"], demo_dir / "locale" / "glossary.tbx"),
    ):
        before = target.read_bytes() if target.exists() else None
        refused = runner.invoke(cli, ["-C", str(demo_dir), *command, "--out", str(target)])
        assert refused.exit_code == 1
        inside = target.relative_to(demo_dir).as_posix()
        assert refused.stderr == (
            f"Error: {target}: --out names the project's own ({inside.split('/')[0]}/): write "
            "the export outside source/, locale/, published/, templates/ and .communique/\n"
        )
        assert (target.read_bytes() if target.exists() else None) == before
    assert (demo_dir / "locale" / "glossary.csv").read_bytes() == glossary
    printed = runner.invoke(cli, ["-C", str(demo_dir), "glossary", "export"]).stdout
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    piped = runner.invoke(cli, ["-C", str(demo_dir), "glossary", "export", "--out", str(pipe)])
    reader.join()
    assert piped.exit_code == 0, piped.output
    assert got == [printed.encode("utf-8")]
    assert pipe.is_fifo()
    # /dev/stdout into a pipe, as the README writes it: it resolved to /proc/<pid>/fd/pipe:[…],
    # no path, and the export went round for ever at full speed.
    stdout = "/dev/stdout"
    for command in (["glossary", "export"], ["memory", "export"]):
        streamed = subprocess.run(
            [sys.executable, "-m", "communique", "-C", str(demo_dir), *command, "--out", stdout],
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert streamed.returncode == 0, streamed.stderr
        written = tmp_path / f"{command[0]}.xml"
        runner.invoke(cli, ["-C", str(demo_dir), *command, "--out", str(written)])
        assert streamed.stdout == written.read_bytes(), command  # (the same export, whole)
    real = tmp_path / "exports" / "osce.tbx"
    real.parent.mkdir()
    real.write_text("old", "utf-8")
    link = tmp_path / "latest.tbx"
    link.symlink_to(real)
    linked = runner.invoke(cli, ["-C", str(demo_dir), "glossary", "export", "--out", str(link)])
    assert linked.exit_code == 0, linked.output
    assert link.is_symlink()
    assert real.read_bytes() == printed.encode("utf-8")
