"""Does communique read, write and merge real-world PO files as GNU gettext does?

The corpus is the .po and .pot files that twelve Python projects ship in their wheels or sdists
(Django, Wagtail, Sphinx, Weblate, pretix, Plone, Deluge, Mercurial…) at pinned versions: about
3,500 catalogs written by Transifex, Weblate, Launchpad, i18ndude, Poedit and gettext itself.
They are downloaded once with pip into a cache (never into the repository) and unpacked there;
later runs reuse it. For every file:

a. msgfmt-valid: ``msgfmt --check -o /dev/null FILE`` exits 0 (templates are checked the same
   way; a template's placeholder header fails that check, and is reported as a template's);
b. communique's reader reads it, and refuses what msgfmt refuses;
c. ``format_catalog(read(FILE))`` is byte-identical to ``msgcat -o - FILE`` (for a charset other
   than UTF-8, to ``msgcat --to-code=UTF-8``, with communique's header charset set to UTF-8 as
   ``communique update`` does: its writer writes UTF-8 text but keeps the header as read; for a
   file whose strings run on one line each, which communique writes so again, to ``msgcat
   --no-wrap``); and
   ``msgcat`` leaves communique's output unchanged (checked where the output is not identical
   already: msgcat is idempotent);
d. merge: an edited template is made from the catalog's live entries the way a press office
   edits a release, seeded by the file's path: 10 % of the entries removed, 20 % reworded by a
   word or two (placeholders and markup untouched), 2–3 % new sentences; it is written with
   communique's writer. ``msgmerge --previous -q OLD.po EDITED.pot -o OUT.po`` and communique's
   ``merge`` make the new catalog; their counts (translated, fuzzy and untranslated live
   entries, obsolete entries) are compared, and then each entry's state and fuzzy match.
   msgmerge's output is read by a small parser of this script, not by communique's reader.
   Templates and msgfmt-invalid files are not merged, nor, unless ``--merge-max-kb 0``,
   catalogs over 300 kB (merging them takes most of the time: see MERGE_MAX_KB).

Then a summary table, and for each failure class a few example files with the first differing
lines (or the error). Run from the repository root:

    .venv/bin/python bench/po_corpus.py                    # everything: about 4 min on 2 cores
    .venv/bin/python bench/po_corpus.py --project Sphinx --show 5
    .venv/bin/python bench/po_corpus.py --limit 300 --json /tmp/po-corpus.json
    .venv/bin/python bench/po_corpus.py --merge-max-kb 0   # merge the large catalogs too (13 min)

The first run downloads about 200 MB (pip prepares the two sdists' metadata: a minute more).
"""

from __future__ import annotations

import argparse
import codecs
import dataclasses
import difflib
import hashlib
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from communique.catalog import Catalog, Message, format_catalog
from communique.catalog.merge import merge
from communique.catalog.reader import read_catalog_bytes
from communique.catalog.template import template_header
from communique.errors import CatalogError

DEFAULT_CACHE = Path.home() / ".cache" / "communique" / "po-corpus"
TIMEOUT = 300  # seconds for one gettext command (msgmerge on a 1.5 MB catalog takes a few)
#: Merging grows faster than a catalog's size: msgmerge takes 4 s on one of pretix's 1.4 MB
#: catalogs. With the 256 valid catalogs over 300 kB (Weblate, pretix, Plone, indico,
#: Mercurial), merging the whole corpus takes 707 CPU seconds in msgmerge and 218 in
#: communique's merge (2026-12-01), against 78 and 33 without them; --merge-max-kb 0 merges
#: them too.
MERGE_MAX_KB = 300


@dataclass(frozen=True)
class Project:
    """A release on the package index whose archive ships PO files."""

    name: str
    version: str
    #: "wheel" or "sdist": whichever of the two carries the .po files.
    kind: str

    @property
    def slug(self) -> str:
        return f"{self.name}-{self.version}"


PROJECTS = (
    Project("Django", "5.2.19", "wheel"),
    Project("wagtail", "8.0.1", "wheel"),
    Project("Sphinx", "9.0.4", "wheel"),
    Project("django-allauth", "65.22.1", "wheel"),
    Project("django-cms", "5.1.3", "wheel"),
    Project("horizon", "27.0.0", "wheel"),
    Project("indico", "3.2.9", "wheel"),
    Project("plone.app.locales", "7.0.4", "wheel"),
    Project("pretix", "2026.8.0", "wheel"),
    Project("Weblate", "5.14.3", "wheel"),
    Project("deluge", "2.2.0", "sdist"),  # its wheel carries only the compiled .mo files
    Project("mercurial", "7.2.4", "sdist"),
)


# --- the corpus -------------------------------------------------------------------------------


def fetch(project: Project, cache: Path) -> Path | None:
    """The folder of the project's unpacked .po/.pot files, downloaded and unpacked if need be."""
    root = cache / "unpacked" / project.slug
    done = root / ".complete"
    if done.exists():
        return root
    folder = cache / "archives" / project.slug
    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.iterdir()):
        print(f"downloading {project.name} {project.version} ({project.kind})", file=sys.stderr)
        binary = ["--only-binary", ":all:"] if project.kind == "wheel" else ["--no-binary", ":all:"]
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", *binary]
        command += ["--dest", str(folder), f"{project.name}=={project.version}"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = result.stderr.strip().splitlines()[-1:] or ["(no message)"]
            print(f"  pip download failed, {project.name} left out: {tail[0]}", file=sys.stderr)
            return None
    archive = next(p for p in folder.iterdir() if p.suffix in (".whl", ".gz", ".zip", ".bz2"))
    count = sum(1 for _ in unpack(archive, root))
    done.write_text(f"{archive.name}: {count} files\n")
    return root


def unpack(archive: Path, root: Path) -> Iterator[Path]:
    """Write the archive's .po and .pot files under ``root``; their paths."""
    for name, data in _members(archive):
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or not name.endswith((".po", ".pot")):
            continue
        target = root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        yield target


def _members(archive: Path) -> Iterator[tuple[str, bytes]]:
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as wheel:
            for info in wheel.infolist():
                if not info.is_dir() and info.filename.endswith((".po", ".pot")):
                    yield info.filename, wheel.read(info)
        return
    with tarfile.open(archive) as sdist:
        for member in sdist:
            if member.isfile() and member.name.endswith((".po", ".pot")):
                handle = sdist.extractfile(member)
                if handle is not None:
                    yield member.name, handle.read()


def corpus_files(cache: Path, projects: list[Project], limit: int | None) -> list[tuple[str, str]]:
    """(project, path) of every catalog, or of a fixed sample of ``limit`` of them."""
    files: list[tuple[str, str]] = []
    for project in projects:
        root = fetch(project, cache)
        if root is None:
            continue
        paths = sorted(p for p in root.rglob("*") if p.suffix in (".po", ".pot") and p.is_file())
        files += [(project.name, str(path)) for path in paths]
    if limit is not None and limit < len(files):
        files = sorted(random.Random(0).sample(files, limit))
    return files


# --- gettext's output, read without communique ---------------------------------------------


@dataclass
class Entry:
    """An entry of a file as gettext writes it (msgcat, msgmerge): strings unescaped."""

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    forms: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    previous_msgid: str | None = None
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


_GETTEXT_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPED = re.compile(r"\\([0-7]{1,3}|.)")


def _unquote(literal: str) -> str:
    body = literal.strip()[1:-1]
    if "\\" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        char = match.group(1)
        if char[0] in "01234567":
            return chr(int(char, 8))
        return _GETTEXT_ESCAPES.get(char, char)

    return _ESCAPED.sub(replace, body)


def parse_gettext(text: str) -> list[Entry]:
    """The entries of a file laid out by gettext (one blank line between entries)."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", text):
        entry = Entry()
        strings: dict[str, list[str]] = {}
        current: list[str] | None = None
        previous: list[str] | None = None
        for line in block.split("\n"):
            if line.startswith("#~"):
                entry.obsolete = True
                line = line[2:]
                if line.startswith("|"):  # "#~|": a previous string of an obsolete entry
                    line = "#" + line
                line = line.strip() if not line.startswith("#") else line
            if not line:
                continue
            if line.startswith("#,"):
                entry.flags += [flag.strip() for flag in line[2:].split(",") if flag.strip()]
            elif line.startswith("#:"):
                entry.references += line[2:].split()
            elif line.startswith("#."):
                entry.extracted.append(line[3:])
            elif line.startswith("#|"):  # previous strings: msgid "…", then "…" lines
                content = line[2:].strip()
                if not content.startswith('"'):
                    keyword, _, content = content.partition(" ")
                    previous = strings.setdefault("previous " + keyword, [])
                if previous is not None:
                    previous.append(_unquote(content))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if current is not None:
                    current.append(_unquote(line))
            else:
                keyword, _, literal = line.partition(" ")
                current = strings.setdefault(keyword, [])
                current.append(_unquote(literal))
        if "msgid" not in strings:
            continue
        entry.msgid = "".join(strings["msgid"])
        if "msgctxt" in strings:
            entry.msgctxt = "".join(strings["msgctxt"])
        if "msgid_plural" in strings:
            entry.msgid_plural = "".join(strings["msgid_plural"])
            index = 0
            while f"msgstr[{index}]" in strings:
                entry.forms.append("".join(strings[f"msgstr[{index}]"]))
                index += 1
        else:
            entry.forms = ["".join(strings.get("msgstr", []))]
        if "previous msgid" in strings:
            entry.previous_msgid = "".join(strings["previous msgid"])
        entries.append(entry)
    return entries


def decode_po(raw: bytes) -> str:
    """A PO file's text in the charset its header names (UTF-8 for a template's placeholder)."""
    match = re.search(rb"charset=([A-Za-z0-9_.:-]+)", raw)
    charset = match.group(1).decode("ascii") if match else "UTF-8"
    try:
        return raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return raw.decode("utf-8", errors="replace")


# --- the press office's edit ----------------------------------------------------------------

_PROTECTED = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]"
    r"|\{[^{}]*\}|<[^<>]*>|&#?\w+;|\$\w+|\[[^\]]*\]\([^)]*\)|`[^`]*`|https?://\S+"
)
_WORD = re.compile(r"(?<![\w%{<&$\\/.@-])[A-Za-z]{3,}(?![\w}>/@-])")
_NEW_WORDS = (
    "new annual official public regional national updated current joint final special general "
    "latest further"
).split()
_SUBJECTS = (
    "The Secretary General",
    "The committee",
    "The delegation",
    "The press office",
    "The Council",
    "The mission",
    "The Chair",
    "Our spokesperson",
)
_VERBS = "welcomed announced published presented discussed endorsed postponed reviewed".split()
_OBJECTS = (
    "the annual report",
    "the new strategy",
    "the joint statement",
    "the election results",
    "the draft agreement",
    "the budget proposal",
    "the regional programme",
    "the final communiqué",
)
_MONTHS = "January March May June September October November December".split()


def reword(rng: random.Random, text: str) -> str | None:
    """``text`` with one or two words replaced or inserted, placeholders and markup untouched."""
    protected = [match.span() for match in _PROTECTED.finditer(text)]
    words = [
        match
        for match in _WORD.finditer(text)
        if not any(start < match.end() and match.start() < end for start, end in protected)
    ]
    if not words:
        return None
    count = 2 if len(words) > 1 and rng.random() < 0.3 else 1
    for match in sorted(rng.sample(words, count), key=lambda m: m.start(), reverse=True):
        word = rng.choice(_NEW_WORDS)
        start, end = match.span()
        if rng.random() < 0.5:  # replace the word
            if match.group()[0].isupper():
                word = word.capitalize()
            text = text[:start] + word + text[end:]
        else:  # insert one before it
            if start == 0:
                word = word.capitalize()
                following = match.group()
                if not following.isupper():
                    following = following[0].lower() + following[1:]
                text = word + " " + following + text[end:]
            else:
                text = text[:start] + word + " " + text[start:]
    return text


def new_sentence(rng: random.Random) -> str:
    when = rng.choice(("on", "by", "before", "after")) + f" {rng.randint(1, 28)} "
    when += rng.choice(_MONTHS)
    subject, verb, thing = rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS)
    return f"{subject} {verb} {thing} {when}."


def edited_template(entries: list[Entry], seed: str) -> Catalog:
    """The catalog's live entries as a template, edited: 10 % gone, 20 % reworded, 2–3 % new."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    live = [e for e in entries if not e.obsolete and (e.msgid or e.msgctxt is not None)]
    taken = {e.key for e in entries}
    count = len(live)
    removed = set(rng.sample(range(count), round(count * 0.10)))
    kept = [entry for index, entry in enumerate(live) if index not in removed]
    messages = [_template_message(entry) for entry in kept]
    for index in rng.sample(range(len(kept)), min(len(kept), round(count * 0.20))):
        message = messages[index]
        text = reword(rng, message.msgid)
        if text is not None and (message.msgctxt, text) not in taken:
            taken.add((message.msgctxt, text))
            message.msgid = text
    for _ in range(max(1, round(count * rng.uniform(0.02, 0.03)))):
        sentence = new_sentence(rng)
        if (None, sentence) in taken:
            continue
        taken.add((None, sentence))
        position = rng.randint(0, len(messages))
        messages.insert(position, Message(msgid=sentence, references=[("release.md", position)]))
    header = template_header("PACKAGE VERSION", "2026-12-01 12:00+0000", generator=None)
    return Catalog(header=header, header_fuzzy=True, messages=messages)


def _template_message(entry: Entry) -> Message:
    references: list[tuple[str, int | None]] = []
    for reference in entry.references:
        file, _, line = reference.rpartition(":")
        references.append((file, int(line)) if file and line.isdigit() else (reference, None))
    return Message(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=["", ""] if entry.msgid_plural is not None else [],
        extracted_comments=list(entry.extracted),
        references=references,
        flags=[flag for flag in entry.flags if flag != "fuzzy"],
    )


# --- one file ----------------------------------------------------------------------------------

STATES = ("translated", "fuzzy", "untranslated", "obsolete")


def state(fuzzy: bool, forms: list[str], obsolete: bool) -> str | None:
    """How a merged entry counts; None for an obsolete entry gettext would not write."""
    if obsolete:
        return "obsolete" if forms and forms[0] else None
    if not forms or not forms[0]:
        return "untranslated"
    if fuzzy:
        return "fuzzy"
    return "translated" if all(forms) else "untranslated"


def _message_state(message: Message) -> str | None:
    forms = message.msgstr_plural if message.msgid_plural is not None else [message.msgstr]
    return state(message.fuzzy, forms, message.obsolete)


def _normalise(message: str) -> str:
    """An error message without its specifics, so that alike errors make one class."""
    message = message.partition(". Reason:")[0]
    message = re.sub(r"(?<!\w)'[^']*'(?!\w)|\"[^\"]*\"|«[^»]*»", "'…'", message)
    message = re.sub(r"\d+", "N", message)
    return message if len(message) <= 90 else message[:87] + "..."


def _gettext_error(stderr: bytes) -> str:
    """The first error a gettext tool printed, without its file:line, with its "..." sequel."""
    lines = stderr.decode("utf-8", errors="replace").splitlines()
    messages = []
    for line in lines:
        match = re.match(r"^.*?:\d+(?::\d+)?: (.*)$", line)
        if match and not match.group(1).startswith("warning"):
            messages.append(match.group(1))
    if messages:
        first = messages[0]
        if first.endswith("...") and len(messages) > 1 and messages[1].startswith("..."):
            first += " " + messages[1]
        return first
    meaningful = [line for line in lines if "fatal error" not in line]
    return (meaningful or lines or ["(no message)"])[0]


_CHARSET_FIELD = re.compile(r"charset=[A-Za-z0-9_.:-]+")


def _needs_conversion(raw: bytes) -> bool:
    """Whether the header names a charset other than UTF-8 (or ASCII, or the placeholder)."""
    match = re.search(rb"charset=([A-Za-z0-9_.:-]+)", raw)
    if match is None or match.group(1).upper() == b"CHARSET":
        return False
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return False
    return name not in ("utf-8", "ascii")


def check_file(task: tuple[str, str, int | None]) -> dict[str, Any]:
    """Everything measured on one file, as a JSON-ready dict."""
    project, name, merge_max = task
    with tempfile.TemporaryDirectory(prefix="po-corpus-") as folder:
        return FileCheck(project, Path(name), Path(folder), merge_max).run()


class FileCheck:
    """The checks of one file; ``result`` is what the run keeps of them."""

    def __init__(self, project: str, path: Path, folder: Path, merge_max: int | None):
        self.path = path
        self.folder = folder
        self.merge_max = merge_max
        self.raw = path.read_bytes()
        self.classes: list[str] = []
        self.details: dict[str, str] = {}
        self.timings: dict[str, float] = {}
        self.result: dict[str, Any] = {
            "project": project,
            "path": str(path),
            "template": path.suffix == ".pot",
            "bytes": len(self.raw),
            "classes": self.classes,
            "details": self.details,
            "timings": self.timings,
        }

    def fail(self, name: str, detail: str = "") -> None:
        self.classes.append(name)
        self.details[name] = detail

    def gettext(self, step: str, *command: str) -> subprocess.CompletedProcess[bytes]:
        """Run a gettext tool on one thread (msgmerge would use two), timed as ``step``."""
        started = time.perf_counter()
        environment = {**os.environ, "LC_ALL": "C.UTF-8", "OMP_NUM_THREADS": "1"}
        done = subprocess.run(
            list(command), capture_output=True, timeout=TIMEOUT, check=False, env=environment
        )
        self.timings[step] = round(time.perf_counter() - started, 4)
        return done

    def timed(self, step: str, started: float) -> None:
        self.timings[step] = round(time.perf_counter() - started, 4)

    def run(self) -> dict[str, Any]:
        result, name = self.result, str(self.path)
        checked = self.gettext("msgfmt", "msgfmt", "--check", "-o", "/dev/null", name)
        result["msgfmt_ok"] = valid = checked.returncode == 0
        if not valid:
            result["msgfmt_error"] = _gettext_error(checked.stderr)
            said = checked.stderr.decode("utf-8", errors="replace").splitlines()
            shown = [
                line.replace(name, "FILE")
                for line in said
                if "fatal error" not in line and ": warning: " not in line
            ]
            result["msgfmt_says"] = "\n".join(shown[:3])
        started = time.perf_counter()
        catalog: Catalog | None = None
        message = ""
        try:
            catalog = read_catalog_bytes(self.raw, path=name)
        except CatalogError as error:
            result["read_error"], message = str(error), error.message
        except Exception as error:  # a crash is a finding, not the end of the run
            result["read_error"] = f"{type(error).__name__}: {error}"
            message = f"crash: {type(error).__name__}"
        self.timed("read", started)
        result["read_ok"] = catalog is not None
        if valid and catalog is None:
            self.fail(f"reader refuses a valid file: {_normalise(message)}")
        if not valid and catalog is not None:
            error_text = _normalise(result["msgfmt_error"])
            template = " (template)" if result["template"] else ""
            kind = f"reader accepts a msgfmt-invalid file{template}: {error_text}"
            self.fail(kind, result["msgfmt_says"])
        if valid and catalog is not None:
            self.compare(catalog)
        result["seconds"] = round(sum(self.timings.values()), 3)
        return result

    def compare(self, catalog: Catalog) -> None:
        """c: communique's text against msgcat's, and msgcat's view of communique's."""
        result, name = self.result, str(self.path)
        result["converted"] = convert = _needs_conversion(self.raw)
        charset = ["--to-code=UTF-8"] if convert else []
        # A file whose strings run on one line each is written so again: msgcat --no-wrap's.
        result["unwrapped"] = catalog.unwrapped
        layout = ["--no-wrap"] if catalog.unwrapped else []
        reference = self.gettext("msgcat", "msgcat", *charset, *layout, "-o", "-", name)
        if reference.returncode != 0:
            self.fail("msgcat fails on a valid file", _gettext_error(reference.stderr))
            return
        written = catalog
        if convert:  # as `communique update` does: the text is UTF-8, so is the header
            header = [
                (key, _CHARSET_FIELD.sub("charset=UTF-8", value))
                if key.lower() == "content-type"
                else (key, value)
                for key, value in catalog.header
            ]
            written = dataclasses.replace(catalog, header=header)
        started = time.perf_counter()
        try:
            ours = format_catalog(written).encode("utf-8")
        except Exception as error:
            self.fail(f"writer crashes: {type(error).__name__}", str(error))
            return
        finally:
            self.timed("write", started)
        expected = reference.stdout.decode("utf-8", errors="replace")
        result["identical"] = ours == reference.stdout
        if result["identical"]:
            # msgcat is idempotent (no file of the corpus is identical and unstable): spared.
            result["stable"] = True
        else:
            kind, hunk = first_difference(expected, ours.decode("utf-8", errors="replace"))
            self.fail(kind, hunk)
            mine = self.folder / "communique.po"
            mine.write_bytes(ours)
            again = self.gettext("msgcat again", "msgcat", *layout, "-o", "-", str(mine))
            result["stable"] = again.returncode == 0 and again.stdout == ours
            if again.returncode != 0:
                self.fail("unstable: msgcat refuses communique's output")
            elif not result["stable"]:
                text = again.stdout.decode("utf-8", errors="replace")
                kind, hunk = first_difference(text, ours.decode("utf-8", errors="replace"))
                self.fail("unstable: " + kind, hunk)
        if result["template"]:
            return
        if self.merge_max is not None and len(self.raw) > self.merge_max:
            result["merge_skipped"] = True
            return
        self.merge(catalog, expected)

    def merge(self, old: Catalog, normalised: str) -> None:
        """d: an edited template merged by msgmerge and by communique; their counts."""
        result, name = self.result, str(self.path)
        started = time.perf_counter()
        template = edited_template(parse_gettext(normalised), seed=_seed(name))
        pot = self.folder / "edited.pot"
        pot.write_bytes(format_catalog(template).encode("utf-8"))
        self.timed("template", started)
        out = self.folder / "out.po"
        merged_by_gettext = self.gettext(
            "msgmerge", "msgmerge", "--previous", "-q", name, str(pot), "-o", str(out)
        )
        if merged_by_gettext.returncode != 0:
            error = _gettext_error(merged_by_gettext.stderr)
            self.fail(f"msgmerge fails: {_normalise(error)}", error)
            return
        started = time.perf_counter()
        try:
            template_read = read_catalog_bytes(pot.read_bytes(), path=str(pot))
            merged, _ = merge(template_read, old)
        except Exception as error:
            self.fail(f"merge fails: {type(error).__name__}", str(error))
            return
        finally:
            self.timed("merge", started)
        theirs: dict[tuple[bool, str | None, str], tuple[str, str | None]] = {}
        for entry in parse_gettext(decode_po(out.read_bytes())):
            if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
                continue  # the header
            status = state("fuzzy" in entry.flags, entry.forms, entry.obsolete)
            if status is not None:
                theirs[(entry.obsolete, *entry.key)] = (status, entry.previous_msgid)
        ours: dict[tuple[bool, str | None, str], tuple[str, str | None]] = {}
        for message in merged.messages:
            status = _message_state(message)
            if status is not None:
                ours[(message.obsolete, *message.key)] = (status, message.previous_msgid)
        count_theirs = Counter(status for status, _ in theirs.values())
        count_ours = Counter(status for status, _ in ours.values())
        result["msgmerge"] = {kind: count_theirs[kind] for kind in STATES}
        result["communique"] = {kind: count_ours[kind] for kind in STATES}
        result["merge_equal"] = result["msgmerge"] == result["communique"]
        differences = list(merge_differences(theirs, ours))
        result["merge_entries_equal"] = not differences
        for kind, example in differences:
            self.fail(kind, example)


def _seed(path: str) -> str:
    """The file's path below the cache's unpacked/ folder, so the seed does not move with it."""
    return path.split("/unpacked/", 1)[-1]


def merge_differences(
    theirs: dict[tuple[bool, str | None, str], tuple[str, str | None]],
    ours: dict[tuple[bool, str | None, str], tuple[str, str | None]],
) -> Iterator[tuple[str, str]]:
    """The classes of entries whose state differs, each with its first example."""
    examples: dict[str, str] = {}
    counts: Counter[str] = Counter()
    # What each side used as fuzzy matches (msgmerge drops such an old entry).
    used_theirs = {previous for status, previous in theirs.values() if status == "fuzzy"}
    used_ours = {previous for status, previous in ours.values() if status == "fuzzy"}
    for key in sorted(theirs.keys() | ours.keys(), key=lambda k: (k[0], k[1] or "", k[2])):
        mine, other = ours.get(key), theirs.get(key)
        left = other[0] if other else "absent"
        right = mine[0] if mine else "absent"
        if left == right == "fuzzy" and mine and other and mine[1] != other[1]:
            kind = "merge: same counts, another old entry as the fuzzy match (#| msgid)"
            counts[kind] += 1
            examples.setdefault(
                kind,
                f"msgid {_short(key[2])}: msgmerge from {_short(other[1] or '')}, "
                f"communique from {_short(mine[1] or '')}",
            )
            continue
        if left == right:
            continue
        if key[0]:
            keeper, dropper = (
                ("communique", "msgmerge") if right == "obsolete" else ("msgmerge", "communique")
            )
            kind = f"merge: obsolete, {keeper} keeps an old entry {dropper} drops"
            if key[2] in (used_theirs if right == "obsolete" else used_ours):
                kind += f" ({dropper} used it for a fuzzy"
                both = key[2] in used_theirs and key[2] in used_ours
                kind += ", both did)" if both else f", {keeper} did not)"
        else:
            kind = f"merge: {left} (msgmerge) vs {right} (communique)"
        counts[kind] += 1
        if kind not in examples:
            context = "" if key[1] is None else f"msgctxt {key[1]!r} "
            example = f"{context}msgid {_short(key[2])}: msgmerge {left}"
            if other and other[1] is not None and left == "fuzzy":
                example += f" (from {_short(other[1])})"
            example += f", communique {right}"
            if mine and mine[1] is not None and right == "fuzzy":
                example += f" (from {_short(mine[1])})"
            examples[kind] = example
    for kind, example in examples.items():
        yield kind, f"{counts[kind]} entries; e.g. {example}"


def _short(text: str) -> str:
    return repr(text if len(text) <= 70 else text[:67] + "...")


# --- differences -------------------------------------------------------------------------------


def first_difference(expected: str, got: str) -> tuple[str, str]:
    """The class of the first difference between gettext's text and ours, and its hunk."""
    left, right = expected.split("\n"), got.split("\n")
    index = next(
        (i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b),
        min(len(left), len(right)),
    )
    start = max(0, index - 3)
    lines = list(
        difflib.unified_diff(
            left[start : index + 30], right[start : index + 30], "msgcat", "communique", n=3
        )
    )
    hunk = [f"@@ line {index + 1} @@"]
    for line in lines[3:]:
        if line.startswith("@@"):
            break
        hunk.append(line.rstrip("\n"))
    return classify(left, right, index), "\n".join(hunk[:14])


def _block(lines: list[str], index: int) -> tuple[int, list[str]]:
    """The entry (lines between blank lines) around line ``index``, and where it starts."""
    start = index
    while start > 0 and lines[start - 1].strip():
        start -= 1
    end = index
    while end < len(lines) and lines[end].strip():
        end += 1
    return start, lines[start:end]


def _logical(block: list[str]) -> list[tuple[str, str]]:
    """A block's lines with wrapping undone: (kind, text) per keyword, comment or flag line."""
    items: list[tuple[str, str]] = []
    for line in block:
        prefix = ""
        for mark in ("#~| ", "#~ ", "#| "):
            if line.startswith(mark):
                prefix, line = mark.strip() + " ", line[len(mark) :]
                break
        if line.startswith('"') and items:
            kind, text = items[-1]
            items[-1] = (kind, text + line.strip()[1:-1])
        elif line.startswith("#:") and items and items[-1][0] == "#:":
            items[-1] = ("#:", items[-1][1] + " " + " ".join(line[2:].split()))
        elif line.startswith("#:"):
            items.append(("#:", " ".join(line[2:].split())))
        elif line.startswith("#"):
            items.append((line[:2], line[2:]))
        else:
            keyword, _, literal = line.partition(" ")
            items.append((prefix + keyword, literal.strip()[1:-1]))
    return items


def _flags_of(items: list[tuple[str, str]]) -> list[str]:
    return [f.strip() for kind, text in items if kind == "#," for f in text.split(",")]


def _kind_of_line(line: str) -> str:
    for mark in ("#~| ", "#~ ", "#| "):
        if line.startswith(mark):
            return mark.strip() + " " + _kind_of_line(line[len(mark) :])
    if line.startswith('"'):
        return "continued string"
    if line.startswith("#"):
        return line[:2]
    return re.sub(r"\[\d+\]", "[n]", line.partition(" ")[0]) or "blank line"


def classify(left: list[str], right: list[str], index: int) -> str:
    """Name the first difference for the engineer: what to fix, not where."""
    if not "".join(left).strip():
        return "msgcat writes nothing (a file with a header and no message)"
    if index >= len(left) or index >= len(right):
        return "end of file"
    start, expected = _block(left, index)
    got = _block(right, index)[1]
    # The header: the first entry, with an empty msgid, not obsolete.
    header = (
        not any(line.strip() and not line.startswith("#") for line in left[:start])
        and 'msgid ""' in expected
        and not any(line.startswith(("#~", "msgctxt")) for line in expected)
    )
    where = "header: " if header else ""
    if not left[index].strip() or not right[index].strip():
        entry = got if not left[index].strip() else expected
        side = "extra in communique" if not left[index].strip() else "missing in communique"
        return f"{where}entry lines {side}: {_kind_of_line(entry[-1] if entry else '')}"
    items_e, items_g = _logical(expected), _logical(got)
    if items_e == items_g:
        return where + _wrapping(left, right, index, items_e)
    flags_e, flags_g = _flags_of(items_e), _flags_of(items_g)
    rest_e = [item for item in items_e if item[0] != "#,"]
    rest_g = [item for item in items_g if item[0] != "#,"]
    if rest_e == rest_g:
        if sorted(flags_e) == sorted(flags_g):
            return f"{where}flag order"
        added = sorted({re.sub(r"[:\d. ]+$", "", f) for f in set(flags_g) - set(flags_e)})
        dropped = sorted({re.sub(r"[:\d. ]+$", "", f) for f in set(flags_e) - set(flags_g)})
        foreign = [flag for flag in added if not _GETTEXT_FLAG.match(flag)]
        if foreign and foreign == added and not dropped:
            return f"{where}flags: communique keeps what msgcat drops (not gettext's): " + (
                ", ".join(foreign)
            )
        parts = [f"communique adds {', '.join(added)}"] if added else []
        parts += [f"communique drops {', '.join(dropped)}"] if dropped else []
        return f"{where}flags: {'; '.join(parts)}"
    msgids_e = [text for kind, text in items_e if kind.endswith("msgid")]
    msgids_g = [text for kind, text in items_g if kind.endswith("msgid")]
    if msgids_e != msgids_g:
        obsolete = any(line.startswith("#~") for line in expected)
        return f"{where}different entry here ({'obsolete' if obsolete else 'live'} in msgcat)"
    for item_e, item_g in zip(rest_e, rest_g, strict=False):
        if item_e == item_g:
            continue
        if item_e[0] != item_g[0]:
            return f"{where}comment or keyword order: {item_e[0]} vs {item_g[0]}"
        if item_e[0] == "#:":
            if item_e[1].replace("./", "") == item_g[1].replace("./", ""):
                return f"{where}references: msgcat drops a leading './'"
            return f"{where}references differ"
        if header and item_e[0] == "msgstr":
            fields_e, fields_g = item_e[1].split("\\n"), item_g[1].split("\\n")
            for field_e, field_g in zip(fields_e, fields_g, strict=False):
                if field_e != field_g:
                    if field_e.split() == field_g.split():
                        return "header: spaces in a field's value"
                    return f"header: field {field_e.partition(':')[0]!r} differs"
            return "header: fields missing or extra"
        keyword = re.sub(r"\[\d+\]", "[n]", item_e[0])
        return f"{where}text differs: {keyword}"
    return f"{where}lines missing or extra: {_kind_of_line(left[index])}"


_GETTEXT_FLAG = re.compile(r"^(fuzzy|(no-)?wrap|(no-)?[a-z0-9+-]+-format|range)$")
_DIRECTIVE_END = re.compile(r"%(?:\([^)]*\)?)?[-#0 +]*\d*(?:\.\d*)?$|%\($")


def _wrapping(left: list[str], right: list[str], index: int, items: list[tuple[str, str]]) -> str:
    """The class of a difference in line breaks alone."""
    kind = _kind_of_line(left[index])
    if kind == "continued string":
        kind = _kind_of_line(next((x for x in reversed(left[:index]) if x[:1] != '"'), ""))
    if kind == "#:":
        return "reference line wrapping"
    text = " ".join(value for _, value in items)
    # What communique broke: a line ending inside a format directive ("%" "(name)s", "%" "%").
    block_end = index
    while block_end < len(right) and right[block_end].strip():
        block_end += 1
    ours = [line.rstrip()[:-1] for line in right[index:block_end] if line.rstrip()[-1:] == '"']
    if any(_DIRECTIVE_END.search(line) for line in ours):
        quality = "a break inside a format directive"
    elif "no-wrap" in _flags_of(items):
        quality = "no-wrap"
    elif any(unicodedata.category(char) in ("Mn", "Me", "Cf") for char in text):
        quality = "zero-width characters"
    elif any(unicodedata.east_asian_width(char) in "WF" for char in text):
        quality = "wide characters"
    elif not text.isascii():
        quality = "non-ASCII"
    elif "\\" in text:
        quality = "escapes"
    else:
        quality = "ASCII"
    return f"line wrapping: {kind} ({quality})"


# --- the report --------------------------------------------------------------------------------


def _share(part: int, whole: int) -> str:
    return f"{part} / {whole} ({100 * part / whole:.1f} %)" if whole else f"{part} / 0"


def summary(results: list[dict[str, Any]]) -> list[str]:
    """The table of figures, all projects and then each."""
    lines = ["| figure | value |", "|---|---:|"]
    for label, value in _figures(results):
        lines.append(f"| {label} | {value} |")
    lines += ["", "| project | files | valid | read | identical | stable | merge equal |"]
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    by_project: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        by_project[result["project"]].append(result)
    for project, group in sorted(by_project.items(), key=lambda item: item[0].lower()):
        valid = [r for r in group if r["msgfmt_ok"]]
        compared = [r for r in valid if "identical" in r]
        merged = [r for r in valid if "merge_equal" in r]
        lines.append(
            f"| {project} | {len(group)} | {len(valid)} | {sum(r['read_ok'] for r in valid)} "
            f"| {sum(r['identical'] for r in compared)} | {sum(r['stable'] for r in compared)} "
            f"| {sum(r['merge_equal'] for r in merged)} / {len(merged)} |"
        )
    return lines


def _figures(results: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    templates = sum(r["template"] for r in results)
    size = sum(r["bytes"] for r in results) / 1e6
    yield (
        "files",
        f"{len(results)} ({len(results) - templates} .po, {templates} .pot; {size:.0f} MB)",
    )
    valid = [r for r in results if r["msgfmt_ok"]]
    invalid = [r for r in results if not r["msgfmt_ok"]]
    yield "msgfmt-valid", _share(len(valid), len(results))
    yield "read by communique (of valid)", _share(sum(r["read_ok"] for r in valid), len(valid))
    refused = sum(not r["read_ok"] for r in invalid)
    yield "refused as msgfmt refuses (of invalid)", _share(refused, len(invalid))
    compared = [r for r in valid if "identical" in r]
    converted = sum(r.get("converted", False) for r in compared)
    yield "compared with msgcat (converted to UTF-8)", f"{len(compared)} ({converted})"
    yield "byte-identical with msgcat", _share(sum(r["identical"] for r in compared), len(compared))
    yield "stable under msgcat", _share(sum(r["stable"] for r in compared), len(compared))
    merged = [r for r in valid if "merge_equal" in r]
    skipped = sum(r.get("merge_skipped", False) for r in valid)
    yield "merged (larger catalogs left out)", f"{len(merged)} ({skipped})"
    yield "merge counts equal", _share(sum(r["merge_equal"] for r in merged), len(merged))
    same = sum(r["merge_entries_equal"] for r in merged)
    yield "merge equal entry by entry (state, fuzzy match)", _share(same, len(merged))
    for name in STATES:
        ours = sum(r["communique"][name] for r in merged)
        theirs = sum(r["msgmerge"][name] for r in merged)
        yield f"{name}: communique − msgmerge", f"{ours - theirs:+d} (of {theirs})"
    steps: Counter[str] = Counter()
    for result in results:
        steps.update(result["timings"])
    yield "CPU seconds by step", ", ".join(f"{step} {steps[step]:.0f}" for step in sorted(steps))


def failure_report(results: list[dict[str, Any]], show: int) -> list[str]:
    """Each failure class, most frequent first, with a few examples."""
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        for kind in result["classes"]:
            members[kind].append(result)
    lines: list[str] = []
    for kind, group in sorted(members.items(), key=lambda item: (-len(item[1]), item[0])):
        lines += ["", f"== {kind}: {len(group)} files"]
        # Small files first: the easiest to look at.
        for result in sorted(group, key=lambda r: (r["bytes"], r["path"]))[:show]:
            lines.append(f"  {result['path']}")
            detail = result["details"][kind] or result.get("read_error", "")
            lines += [f"    {line}" for line in detail.splitlines()]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="archives go here")
    parser.add_argument("--limit", type=int, help="a fixed sample of N files")
    parser.add_argument(
        "--project", action="append", help="only this project (repeatable), e.g. Django"
    )
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--show", type=int, default=2, help="examples per failure class")
    parser.add_argument("--json", type=Path, help="write the per-file results there")
    parser.add_argument(
        "--merge-max-kb",
        type=int,
        default=MERGE_MAX_KB,
        help=f"merge only catalogs up to this size (default {MERGE_MAX_KB}; 0: all of them)",
    )
    options = parser.parse_args()
    projects = list(PROJECTS)
    if options.project:
        wanted = {name.lower() for name in options.project}
        projects = [p for p in projects if p.name.lower() in wanted]
        if not projects:
            names = ", ".join(p.name for p in PROJECTS)
            parser.error(f"no such project; the corpus has {names}")
    started = time.perf_counter()
    files = corpus_files(options.cache.expanduser(), projects, options.limit)
    merge_max = options.merge_max_kb * 1000 if options.merge_max_kb > 0 else None
    # Largest first, so no worker is left with a big catalog at the end.
    tasks = [(project, path, merge_max) for project, path in files]
    tasks.sort(key=lambda task: -Path(task[1]).stat().st_size)
    results: list[dict[str, Any]] = []
    with multiprocessing.Pool(options.jobs) as pool:
        for result in pool.imap_unordered(check_file, tasks):
            results.append(result)
            if len(results) % 250 == 0:
                print(f"  {len(results)} / {len(files)} files", file=sys.stderr)
    results.sort(key=lambda r: r["path"])
    elapsed = time.perf_counter() - started
    print(
        f"PO corpus: {len(results)} files from {len({r['project'] for r in results})} projects "
        f"in {options.cache}, {options.jobs} jobs, {elapsed:.0f} s"
    )
    print()
    print("\n".join(summary(results)))
    print("\n".join(failure_report(results, options.show)))
    if options.json:
        meta = {"projects": [dataclasses.asdict(p) for p in projects], "seconds": elapsed}
        options.json.write_text(json.dumps({"meta": meta, "files": results}, indent=1))
        print(f"\nper-file results: {options.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
