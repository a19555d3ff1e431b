"""Random sequences of the edits press offices and translators make, each round followed by
``communique build`` (and now and then ``build --drafts``) in its own process, as they run it.
After every round the site, the drafts preview, the publication records and what the build
said must be what a build from nothing gives on a copy of the project at that moment (its
sources, catalogs, settings and records; not its cache nor its output).

The edits: translations corrected, unreviewed and reviewed, drafted by machine, returned from
a CAT tool in XLIFF, catalogs removed; releases reworded, retitled, redated, retagged, given
member states, pictures, embargoes, corrections, drafts status, copied, added, removed, renamed
and withdrawn; the glossary, the settings (languages, member states, regions, seats, time
zone, address, feed length), the stylesheet, a template and the site's words changed; files
touched, output files deleted or altered; and time passing (embargoes lift). It found versions
cached by content alone (a copied release taken for its original) and by settings in part (a
member state added listed none of its releases).

The suite runs a few fixed seeds, on projects of 8 to 16 releases. To search further (each
round takes a few seconds), and on projects large enough for a build to share its versions
among processes (300 versions: 75 releases in four languages):

    COMMUNIQUE_EXPLORE=40 .venv/bin/pytest tests/test_random_edits.py
    COMMUNIQUE_EXPLORE=8 COMMUNIQUE_RELEASES=100 .venv/bin/pytest tests/test_random_edits.py
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from lxml import etree

from tests.conftest import REPOSITORY, tree

sys.path.insert(0, str(REPOSITORY / "bench"))
import make_corpus  # the benchmark's corpus: releases with reviewed catalogs

_EXPLORE = int(os.environ.get("COMMUNIQUE_EXPLORE", "0"))
SEEDS = range(1000, 1000 + _EXPLORE) if _EXPLORE else (3, 11)
ROUNDS = 14 if _EXPLORE else 7
RELEASES = int(os.environ.get("COMMUNIQUE_RELEASES", "0"))

START = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
#: A one-pixel PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
STATES = ("Moldova", "Ukraine", "Georgia", "Armenia", "Kyrgyzstan", "Serbia")
_ID = re.compile(r"^id: .*\n", re.MULTILINE)


def communique(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A command as a user runs it; exit 0 or 1 (a file it could not read), never a crash."""
    result = subprocess.run(
        [sys.executable, "-m", "communique", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), f"{args}: {result.stderr}"
    return result


def said(result: subprocess.CompletedProcess[str]) -> tuple[int, list[str], str]:
    """What a build told its user about the versions: not how many files it wrote, nor which
    records it wrote, nor the English changes it dated in them (a build from nothing finds
    them written), nor the feeds it no longer makes (a build from nothing made none)."""
    counts = ("output:", "output-drafts:", "published/", "Changed after publication:")
    lines = [line for line in result.stdout.splitlines() if not line.startswith(counts)]
    warned = result.stderr.splitlines(keepends=True)
    gone = "Warning: feeds no longer made"
    return result.returncode, lines, "".join(w for w in warned if not w.startswith(gone))


def stopped(build: subprocess.CompletedProcess[str]) -> bool:
    """Whether a build stopped before writing anything (a file of the settings, the glossary
    or the templates it could not read): the site is then as the last build left it."""
    return build.returncode != 0 and not build.stdout


def set_front(path: Path, key: str, value: str | None) -> None:
    """Set (or, with None, remove) a front-matter key of a release."""
    text = path.read_text("utf-8")
    if not text.startswith("---\n"):
        text = "---\n---\n" + text
    head, _, body = text[4:].partition("---\n")
    lines = [line for line in head.splitlines() if not line.startswith(f"{key}:")]
    if value is not None:
        lines.append(f"{key}: {value}")
    path.write_text("---\n" + "".join(f"{line}\n" for line in lines) + "---\n" + body, "utf-8")


class Edits:
    """Each method makes one kind of edit somewhere chosen at random, and says what it did."""

    def __init__(self, rnd: random.Random, root: Path):
        self.rnd = rnd
        self.root = root
        self.now = START
        #: Publication records as they were before an edit by hand.
        self.records: dict[Path, str] = {}

    # -- helpers

    def sources(self) -> list[Path]:
        return sorted(p for p in (self.root / "source").iterdir() if p.is_file())

    def source(self) -> Path:
        return self.rnd.choice(self.sources())

    def catalogs(self) -> list[Path]:
        return sorted(self.root.glob("locale/*/LC_MESSAGES/*.po"))

    def settings(self, change: Callable[[str], str]) -> None:
        path = self.root / "communique.toml"
        path.write_text(change(path.read_text("utf-8")), "utf-8")

    def maybe_update(self, chance: float = 0.5) -> str:
        if self.rnd.random() < chance:
            communique(self.root, "update")
            return " + update"
        return ""

    # -- translators

    def retranslate(self) -> str:
        path = self.rnd.choice(self.catalogs())
        document = polib.pofile(str(path))
        reviewed = [e for e in document if e.msgstr and not e.fuzzy and not e.obsolete]
        if not reviewed:
            return "nothing to retranslate"
        self.rnd.choice(reviewed).msgstr += " (revu)"
        document.save()
        return f"retranslated in {path}"

    def unreview(self) -> str:
        path = self.rnd.choice(self.catalogs())
        document = polib.pofile(str(path))
        for entry in [e for e in document if e.msgstr and not e.obsolete][:2]:
            if not entry.fuzzy:
                entry.flags.append("fuzzy")
        document.save()
        return f"unreviewed in {path}"

    def review(self) -> str:
        path = self.rnd.choice(self.catalogs())
        document = polib.pofile(str(path))
        for entry in document:
            if entry.obsolete:
                continue
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            entry.msgstr = entry.msgstr or f"XX {entry.msgid}"
        document.save()
        return f"reviewed all of {path}"

    def draft(self) -> str:
        """Machine drafts (the offline pseudo engine) for what is untranslated, as fuzzy
        entries: a catalog written by communique itself, its cache told."""
        locale = self.rnd.choice(["fr", "de", "it"])
        update = self.maybe_update()
        drafted = communique(self.root, "draft", "--locale", locale, "--engine", "pseudo")
        return f"drafted in {locale}{update}: {drafted.stdout.strip()[-200:]}"

    def cat_tool(self) -> str:
        """A translator's XLIFF round trip: exported, one target rewritten and signed off in a
        CAT tool, imported."""
        locale = self.rnd.choice(["fr", "de", "it"])
        handoff = self.root.parent / "handoff"
        shutil.rmtree(handoff, ignore_errors=True)
        communique(self.root, "export", "--locale", locale, "--out", str(handoff))
        files = sorted(handoff.glob(f"{locale}/*.xlf"))
        if not files:
            return f"nothing to export in {locale}"
        path = self.rnd.choice(files)
        document = etree.parse(str(path))
        names = {"x": document.getroot().nsmap[None]}
        segments = [
            s
            for s in document.iterfind(".//x:segment", names)
            if len(s.find("x:source", names)) == 0
        ]
        if not segments:
            return f"nothing to edit in {path.name}"
        segment = self.rnd.choice(segments)
        target = segment.find("x:target", names)
        if target is None:
            target = etree.SubElement(segment, f"{{{names['x']}}}target")
        target[:] = []
        target.text = f"{segment.findtext('x:source', namespaces=names)} (CAT)"
        segment.set("state", self.rnd.choice(["translated", "final"]))
        document.write(str(path), xml_declaration=True, encoding="utf-8")
        imported = communique(self.root, "import", str(path))
        return f"XLIFF round trip of {path.name}: {imported.stdout.strip()[-200:]}"

    def remove_catalog(self) -> str:
        path = self.rnd.choice(self.catalogs())
        path.unlink()
        return f"removed {path}"

    def site_words(self) -> str:
        locale = self.rnd.choice(["fr", "de"])
        path = self.root / "locale" / "site" / f"{locale}.po"
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            shutil.copy(REPOSITORY / "src" / "communique" / "data" / "ui" / f"{locale}.po", path)
        document = polib.pofile(str(path))
        entry = self.rnd.choice([e for e in document if not e.obsolete and "{" not in e.msgid])
        entry.msgstr = f"Mot {self.rnd.randrange(99)}"
        document.save()
        return f"site's words in {locale}: {entry.msgid!r}"

    # -- the press office

    def reword(self) -> str:
        path = self.source()
        path.write_text(path.read_text("utf-8").replace(" the ", " this ", 1), "utf-8")
        return f"reworded {path.name}" + self.maybe_update()

    def mention_state(self) -> str:
        path = self.source()
        sentence = f"The visit to {self.rnd.choice(STATES)} ended."
        path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\n{sentence}\n", "utf-8")
        return f"a state mentioned in {path.name}" + self.maybe_update(1)

    def states(self) -> str:
        path = self.source()
        set_front(path, "states", self.rnd.choice(["[MD, UA]", "[]", "[GE]", None]))
        return f"states of {path.name}"

    def tags(self) -> str:
        path = self.source()
        set_front(path, "tags", self.rnd.choice(["[bench]", "[elections, bench]", "[media]", None]))
        return f"tags of {path.name}"

    def title(self) -> str:
        titled = [p for p in self.sources() if "\ntitle:" in p.read_text("utf-8")]
        path = self.rnd.choice(titled or self.sources())
        set_front(path, "title", f"A new title {self.rnd.randrange(100)}")
        return f"retitled {path.name}" + self.maybe_update()

    def redate(self) -> str:
        path = self.source()
        text = path.read_text("utf-8")
        found = re.search(r", (\d{1,2}) ([A-Z][a-z]+) (\d{4}) \(", text)
        if found is None:
            return "nothing to redate"
        day = max(1, min(28, int(found[1]) + self.rnd.choice([-3, -1, 1, 5])))
        path.write_text(text[: found.start(1)] + str(day) + text[found.end(1) :], "utf-8")
        return f"redated {path.name}"

    def embargo(self) -> str:
        path = self.source()
        moment = self.now + datetime.timedelta(hours=self.rnd.choice([-5, 1, 2, 30]))
        set_front(path, "embargo", moment.isoformat())
        return f"embargo on {path.name} until {moment}"

    def draft_status(self) -> str:
        path = self.source()
        set_front(path, "status", self.rnd.choice(["draft", "published", None]))
        return f"status of {path.name}"

    def correction(self) -> str:
        path = self.source()
        set_front(path, "updated", self.rnd.choice(["2026-01-02T10:00:00+01:00", None]))
        set_front(path, "correction", self.rnd.choice(["An earlier version erred.", None]))
        return f"correction of {path.name}" + self.maybe_update()

    def markdown(self) -> Path | None:
        """A Markdown release (one that can show pictures and link files), if there is one."""
        found = [p for p in self.sources() if p.suffix == ".md"]
        return self.rnd.choice(found) if found else None

    def link(self, path: Path, pattern: str, line: Callable[[], str]) -> None:
        """Take away a line of the release that ``pattern`` finds, or add ``line()``."""
        text = path.read_text("utf-8")
        if re.search(pattern, text) and self.rnd.random() < 0.5:
            text = re.sub(pattern, "\n", text)
        else:
            text = text.rstrip("\n") + f"\n\n{line()}\n"
        path.write_text(text, "utf-8")

    def picture(self) -> str:
        path = self.markdown()
        if path is None:
            return "no Markdown release for a picture"
        name = f"pic{self.rnd.randrange(3)}.png"
        (self.root / "source" / "images").mkdir(exist_ok=True)
        (self.root / "source" / "images" / name).write_bytes(PNG + bytes([self.rnd.randrange(9)]))
        self.link(
            path,
            r"\n!\[[^\n]*\n",
            lambda: f"![A picture {self.rnd.randrange(9)}](images/{name})",
        )
        return f"picture {name} in {path.name}" + self.maybe_update()

    def attachment(self) -> str:
        """A file a Markdown release links (a programme, a report): linked, unlinked, or its
        bytes changed while no release changes; a picture's bytes changed likewise."""
        folder = self.root / "source" / "files"
        if self.rnd.random() < 0.4:
            files = [*folder.glob("*"), *(self.root / "source" / "images").glob("*")]
            if not files:
                return "no file to change"
            file = self.rnd.choice(sorted(files))
            file.write_bytes(file.read_bytes() + bytes([self.rnd.randrange(256)]))
            return f"changed the bytes of {file.name}"
        path = self.markdown()
        if path is None:
            return "no Markdown release for an attachment"
        name = f"programme{self.rnd.randrange(3)}.pdf"
        folder.mkdir(exist_ok=True)
        if not (folder / name).exists():
            (folder / name).write_bytes(b"%PDF-1.4\n" + bytes([self.rnd.randrange(256)]))
        self.link(path, r"\nRead \[[^\n]*\n", lambda: f"Read [the programme](files/{name}).")
        return f"attachment {name} in {path.name}" + self.maybe_update()

    def record_by_hand(self) -> str:
        """A publication record edited by hand: a recorded title corrected (the original's
        too), a language's version taken out, the file broken (a merge conflict) or removed, or
        put back as the last build wrote it."""
        # (The releases' records; published/_feeds.json is the site's.)
        records = sorted({*(self.root / "published").glob("[!_]*.json"), *self.records})
        if not records:
            return "no record to edit"
        path = self.rnd.choice(records)
        if path in self.records and self.rnd.random() < 0.5:
            path.write_text(self.records.pop(path), "utf-8")
            return f"put {path.name} back"
        text = path.read_text("utf-8")
        self.records.setdefault(path, text)
        kind = self.rnd.choice(["correct", "drop", "break", "remove"])
        if kind == "remove":
            path.unlink()
        elif kind == "break":
            path.write_text("<<<<<<< HEAD\n" + text, "utf-8")
        else:
            data = json.loads(text)
            versions = list(data["versions"])
            if not versions:
                return f"no version recorded in {path.name}"
            tag = self.rnd.choice(versions)
            if kind == "drop":
                del data["versions"][tag]
            else:
                title = data["versions"][tag]["title"]
                title[-1] = title[-1] + " (corrigé)"
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
        return f"{kind} in {path.name}"

    def copy(self) -> str:
        """A release started from a copy of another (without its id), unchanged as yet."""
        path = self.source()
        new = path.with_name(f"{path.stem}-copy{self.rnd.randrange(100)}{path.suffix}")
        text = _ID.sub("", path.read_text("utf-8"))
        new.write_text(text, "utf-8")
        path.write_text(text, "utf-8")  # the same bytes: both use their slug as id
        communique(self.root, "extract")
        communique(self.root, "update")
        return f"copied {path.name} to {new.name}"

    def copy_keeping_id(self) -> str:
        """A release started from a copy of another that keeps its ``id:`` line and date (the
        build stops: the two would share their feed entries' ids), or such a copy given an id
        of its own."""
        twins = [p for p in self.sources() if "-twin" in p.stem]
        if twins and self.rnd.random() < 0.5:
            path = self.rnd.choice(twins)
            set_front(path, "id", f"own-{path.stem}")
            return f"gave {path.name} an id of its own"
        path = self.source()
        set_front(path, "id", f"id-{path.stem}")
        new = path.with_name(f"{path.stem}-twin{self.rnd.randrange(100)}{path.suffix}")
        new.write_text(path.read_text("utf-8"), "utf-8")
        return f"copied {path.name} to {new.name}, id and all" + self.maybe_update()

    def add(self) -> str:
        path = self.source()
        month, day = self.rnd.randrange(1, 10), self.rnd.randrange(10, 28)
        new = path.with_name(f"2026-0{month}-{day}-added-{self.rnd.randrange(10**6)}{path.suffix}")
        new.write_text(_ID.sub("", path.read_text("utf-8")), "utf-8")
        communique(self.root, "extract")
        communique(self.root, "update")
        return f"added {new.name}"

    def remove(self) -> str:
        if len(self.sources()) < 6:
            return "too few releases to remove one"
        slug = self.source().stem
        communique(self.root, "remove", slug)
        return f"removed {slug}"

    def rename(self) -> str:
        path = self.source()
        new = f"{path.stem[:11]}renamed-{self.rnd.randrange(10**6)}"
        communique(self.root, "rename", path.stem, new)
        return f"renamed {path.stem} to {new}"

    def withdraw(self) -> str:
        command = ["withdraw", self.source().stem]
        if self.rnd.random() < 0.6:
            command += ["--locale", self.rnd.choice(["fr", "de", "it"])]
        if self.rnd.random() < 0.4:
            command.append("--undo")
        communique(self.root, *command)
        return " ".join(command)

    # -- the project

    def glossary(self) -> str:
        path = self.root / "locale" / "glossary.csv"
        text = path.read_text("utf-8") if path.exists() else "en,fr,de,it\n"
        line = self.rnd.choice(
            [
                "observers,observateurs,Beobachter,osservatori\n",
                "mission,mission,Mission,missione\n",
            ]
        )
        path.write_text(text.replace(line, "") if line in text else text + line, "utf-8")
        return "glossary"

    def languages(self) -> str:
        targets = self.rnd.choice(['"fr", "de"', '"fr", "de", "it"', '"fr", "de", "it", "ru"'])
        self.settings(lambda text: re.sub(r"targets = \[[^\]]*\]", f"targets = [{targets}]", text))
        return f"targets {targets}" + self.maybe_update(0.7)

    def member_states(self) -> str:
        codes = self.rnd.sample(["FR", "DE", "IT", "MD", "UA", "GE", "AT", "CH"], 4)
        listed = ", ".join(f'"{code}"' for code in codes)
        self.settings(lambda text: re.sub(r"codes = \[[^\]]*\]", f"codes = [{listed}]", text))
        return f"member states {codes}"

    def more_settings(self) -> str:
        """One more setting changed, or a table or key added or taken away again."""
        kinds = ["timezone", "base_url", "regions", "seats", "languages", "feeds", "region"]
        kind = self.rnd.choice(kinds)
        if kind in ("timezone", "base_url"):
            value = {
                "timezone": self.rnd.choice(["Europe/Vienna", "Asia/Tokyo", "UTC"]),
                "base_url": self.rnd.choice(["https://bench.example.org/", "https://b.org/p/"]),
            }[kind]
            line = f'{kind} = "{value}"\n'
            self.settings(
                lambda text: re.sub(rf"^{kind} = .*\n", "", text, flags=re.MULTILINE).replace(
                    "[organisation]\n", f"[organisation]\n{line}"
                )
            )
            return f"settings: {line.strip()}"
        added, table = {
            "regions": ('[member_states.regions]\n"South Caucasus" = ["AM", "AZ", "GE"]\n', ""),
            "seats": ('seats = ["Vienna", "Warsaw"]\n', "[member_states]\n"),
            "languages": ('languages = { CH = ["de", "fr"], UA = ["en"] }\n', "[member_states]\n"),
            "feeds": (f"feed_entries = {self.rnd.choice([1, 3])}\n", "[publishing]\n"),
            # The source's region named (en → en-GB) after publication, and taken away again.
            "region": ('source = "en-GB"\n', "[languages]\n"),
        }[kind]

        def change(text: str) -> str:
            if kind == "feeds":
                text = re.sub(r"^feed_entries = .*\n", "", text, flags=re.MULTILINE)
            if added in text:
                return text.replace(added, "")
            if table and table not in text:
                text += f"\n{table}"
            return text.replace(table, table + added) if table else text + f"\n{added}"

        self.settings(change)
        return f"settings: {kind}"

    def stylesheet(self) -> str:
        (self.root / "templates").mkdir(exist_ok=True)
        css = f"body {{ margin: {self.rnd.randrange(9)}em; }}\n"
        (self.root / "templates" / "style.css").write_text(css, "utf-8")
        return "stylesheet"

    def template(self) -> str:
        path = self.root / "templates" / "release.html"
        if path.exists() and self.rnd.random() < 0.5:
            path.unlink()
            return "template removed"
        path.parent.mkdir(exist_ok=True)
        ours = (REPOSITORY / "src" / "communique" / "templates" / "release.html").read_text()
        path.write_text(ours + f"<!-- {self.rnd.randrange(99)} -->\n", "utf-8")
        return "template"

    def touch(self) -> str:
        path = self.rnd.choice(self.catalogs() + self.sources())
        os.utime(path)
        return f"touched {path.name}"

    def alter_output(self) -> str:
        made = [p for p in (self.root / "output").rglob("*") if p.is_file()]
        if not made:
            return "no output to alter"
        path = self.rnd.choice(made)
        if self.rnd.random() < 0.5:
            path.unlink()
            return f"deleted {path}"
        path.write_bytes(path.read_bytes() + b" ")
        return f"altered {path}"

    def time_passes(self) -> str:
        self.now += datetime.timedelta(hours=self.rnd.choice([1, 3, 26]))
        return f"now {self.now}"

    def rehearsal(self) -> str:
        """The site built as it will be at a later moment (``build --now``, as the README shows
        for an embargo), before the build at the real one: its clock goes back."""
        later = self.now + datetime.timedelta(hours=self.rnd.choice([2, 30, 24 * 40]))
        communique(self.root, "build", "--now", later.isoformat())
        return f"rehearsed {later}"


#: How often each edit is chosen.
WEIGHTS = {
    Edits.retranslate: 6,
    Edits.unreview: 3,
    Edits.review: 4,
    Edits.draft: 2,
    Edits.cat_tool: 2,
    Edits.remove_catalog: 1,
    Edits.site_words: 2,
    Edits.reword: 3,
    Edits.mention_state: 2,
    Edits.states: 2,
    Edits.tags: 2,
    Edits.title: 2,
    Edits.redate: 2,
    Edits.embargo: 2,
    Edits.draft_status: 2,
    Edits.correction: 1,
    Edits.picture: 2,
    Edits.attachment: 2,
    Edits.record_by_hand: 2,
    Edits.copy: 1,
    Edits.copy_keeping_id: 1,
    Edits.add: 1,
    Edits.remove: 1,
    Edits.rename: 1,
    Edits.withdraw: 2,
    Edits.glossary: 1,
    Edits.languages: 1,
    Edits.member_states: 1,
    Edits.more_settings: 3,
    Edits.stylesheet: 1,
    Edits.template: 1,
    Edits.touch: 2,
    Edits.alter_output: 1,
    Edits.time_passes: 3,
    Edits.rehearsal: 1,
}


@pytest.mark.parametrize("seed", SEEDS)
def test_builds_after_random_edits_equal_builds_from_nothing(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    root = tmp_path / "project"
    make_corpus.make(root, RELEASES or rnd.randint(8, 16), 3, seed=seed)
    edits = Edits(rnd, root)
    communique(root, "build", "--now", edits.now.isoformat())
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    done: list[str] = []
    for round_number in range(ROUNDS):
        chosen = rnd.choices(kinds, weights, k=rnd.randint(1, 3))
        done = [f"round {round_number}:", *(edit(edits) for edit in chosen)]
        now = ["--now", edits.now.isoformat()]
        preview = communique(root, "build", "--drafts", *now) if rnd.random() < 0.3 else None
        build = communique(root, "build", *now)
        fresh = tmp_path / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".communique", "output*"))
        expected = communique(fresh, "build", *now)
        assert said(build) == said(expected), done
        if not stopped(build):  # (one that stops, on a settings error, writes nothing)
            assert tree(root / "output") == tree(fresh / "output"), done
        assert tree(root / "published") == tree(fresh / "published"), done
        if preview is not None:
            expected = communique(fresh, "build", "--drafts", *now)
            assert said(preview) == said(expected), done
            if not stopped(preview):
                assert tree(root / "output-drafts") == tree(fresh / "output-drafts"), done
