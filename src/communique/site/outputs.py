"""The build's writer: each output a generator offers, made only when its inputs changed, staged,
and moved into place when every output has been made.

A generator offers :class:`Output`\\ s: a path in the site, who makes it (for messages), what it is
made from (``inputs``: the keys of the versions it shows and anything else it depends on), and
how to render it. The writer keeps a page whose inputs are those of the last build and whose
file is as that build left it; it renders the others, and stages only those whose bytes changed.
A second output for one path is an error. Nothing reaches the site before :meth:`Writer.commit`;
:meth:`Writer.discard` forgets what was staged, so a failed build leaves the site as it was; a
commit that fails halfway puts back the files it moved.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from communique.errors import CommuniqueError
from communique.files import digest


class BuildError(CommuniqueError):
    """The site cannot be built as asked."""


#: Who made a file kept from the last build (:meth:`Writer.keep`).
KEPT = "the last build"


@dataclass(frozen=True)
class Output:
    """One file of the site, offered by a generator."""

    path: str
    producer: str
    inputs: Any
    render: Callable[[], str | bytes]
    #: The keys of the versions whose text it shows, read from the cache together beforehand.
    texts: tuple[str, ...] = ()
    #: Roughly how many entries it shows (a release page: one): the costly ones are rendered
    #: first, so that the processes sharing the work finish together.
    cost: int = 1

    def key(self, site_key: str) -> str:
        """Everything the file is made from, as one string: ``inputs`` holds strings, numbers,
        lists, tuples (named ones too) and dicts with string keys, built in a fixed order, so
        their JSON is stable. Short ones are kept as they are (most pages); long ones, a
        listing's, as their digest.

        JSON by orjson, not ``repr``: a rebuild keys every listing of the site, a few megabytes
        of entries, which ``repr`` wrote six times slower. ``repr`` where orjson refuses a
        value (an integer beyond 64 bits, a dict with other keys than strings)."""
        try:
            data = orjson.dumps(self.inputs, default=_as_tuple)
        except orjson.JSONEncodeError:
            data = repr(self.inputs).encode()
        text = b"%s|%s" % (site_key.encode(), data)
        return text.decode() if len(text) <= 400 else digest(text)


def _as_tuple(value: Any) -> tuple[Any, ...]:
    """A named tuple (a related release's link) for orjson, which takes plain tuples only."""
    if isinstance(value, tuple):
        return tuple(value)
    raise TypeError


@dataclass
class WriteReport:
    """What the writer did."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    rendered: int = 0
    #: The folder was cleared of what this build does not make (no earlier build known).
    swept: bool = False
    #: Files that should have gone and could not be removed: "path: why".
    unremoved: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Staged:
    """What became of a rendered output: the same bytes as the file in the site (its size and
    time), staged to replace it (None), or, in a site built from nothing, written where it
    will stay (``placed``: its size and time)."""

    same: tuple[int, int] | None
    placed: tuple[int, int] | None = None


def stage(out: Path, staging: Path, path: str, data: str | bytes, *, fresh: bool = False) -> Staged:
    """Compare a rendered output with the site's file; stage it if it differs. Safe to call from
    several processes at once: each output has its own staged file. ``fresh``: the site had no
    such file when the build began (nothing to compare with).

    A site built from nothing is staged as the tree it will be, and the whole folder is moved
    into place at the end: one rename instead of one per file. Otherwise the staging folder
    is flat (a file per output, named by its path's digest): making and removing a copy of the
    site's folder tree costs more than the build's writing."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        return _stage(out, staging, path, content, fresh=fresh)
    except OSError as error:  # (a folder that cannot be written: said in one line)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise
        # Named by the folder that holds the staging folder (the site's, or the one above
        # it): a staged file's name says nothing to the user.
        raise BuildError(f"cannot write: {error.strerror}", path=staging.parent) from None


def _stage(out: Path, staging: Path, path: str, content: bytes, *, fresh: bool) -> Staged:
    if fresh:
        target = f"{staging}/{path}"
        folder = target.rpartition("/")[0]
        if folder not in _MADE:
            # Nearly every release page has a folder of its own, in a folder that exists.
            with contextlib.suppress(FileExistsError, FileNotFoundError):
                os.mkdir(folder)  # noqa: PTH102
            _MADE.add(folder)
        try:
            written = open(target, "wb")  # noqa: SIM115, PTH123  (strings: once per output)
        except FileNotFoundError:  # its parent is new too, or this is another build's tree
            os.makedirs(folder, exist_ok=True)  # noqa: PTH103
            written = open(target, "wb")  # noqa: SIM115, PTH123
        with written:
            written.write(content)
            written.flush()  # the file's time is that of its last write
            stat = os.fstat(written.fileno())
        return Staged(None, (stat.st_size, stat.st_mtime_ns))
    target = f"{out}/{path}"
    try:
        with open(target, "rb") as stream:  # noqa: PTH123  (strings: called once per output)
            same = stream.read() == content
        if same:
            stat = os.stat(target)  # noqa: PTH116
            return Staged((stat.st_size, stat.st_mtime_ns))
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass
    staging.mkdir(parents=True, exist_ok=True)
    with open(f"{staging}/{_staged_name(path)}", "wb") as stream:  # noqa: PTH123
        stream.write(content)
    return Staged(None)


#: The folders this process made in a staging tree.
_MADE: set[str] = set()


def _staged_name(path: str) -> str:
    return digest(path.encode("utf-8"))


class Writer:
    """Stages each output whose bytes changed; see the module's docstring."""

    def __init__(
        self,
        out: Path,
        previous: Mapping[str, tuple[str, int, int]],
        *,
        owned: bool = False,
        sweepable: Callable[[str], bool] | None = None,
    ):
        """``previous``: what the last build made (path → input key, size, time). Where no
        earlier build of the folder is known and it holds files, it is cleared of the files
        ``sweepable`` says a build makes (a page, a feed) and this one does not; ``owned``: it
        may be (the project's own site folder, or a site communique made), else it is
        refused."""
        self.out = out
        self._out = str(out)
        #: The site is being built from nothing: no file of it exists yet.
        self.fresh = not previous and not out.exists()
        self.previous = previous
        #: A site no build of this cache knows (the cache deleted, the project copied or
        #: cloned): which of its files an earlier build made is not known, so every file of
        #: the kinds a build makes goes unless this build makes it, lest a withdrawn or
        #: embargoed page stay online. Files of other kinds (a CNAME, .htaccess, .git, another
        #: application's) stay.
        self.sweep: Callable[[str], bool] | None = None
        if not previous and _holds_files(out):
            if not owned:
                raise BuildError(
                    "holds files, and no earlier build of it is known (nor is it a site "
                    "communique made: no sitemap.xml and feeds by communique): build into an "
                    "empty or new folder, or empty this one",
                    path=out,
                )
            self.sweep = sweepable or (lambda path: True)
        self.report = WriteReport()
        self.producers: dict[str, str] = {}
        #: Path → (input key, size, time) of every file of the site after this build.
        self.made: dict[str, tuple[str, int, int]] = {}
        self.staging = _staging_folder(out)
        self._staged: dict[str, str] = {}

    def claim(self, output: Output) -> None:
        """Refuse a second producer for one path."""
        if output.path in self.producers:
            raise BuildError(
                f"two outputs would write {output.path}: {self.producers[output.path]} "
                f"and {output.producer}"
            )
        self.producers[output.path] = output.producer

    def current(self, path: str, key: str) -> bool:
        """Whether the file the last build made for ``path`` from ``key`` is still there as it
        left it: then it need not be made again."""
        known = self.previous.get(path)
        if known is None or known[0] != key:
            return False
        try:
            # A string, not a Path: asked of every file of the site.
            stat = os.stat(f"{self._out}/{path}")  # noqa: PTH116
        except (FileNotFoundError, NotADirectoryError):
            return False
        if (stat.st_size, stat.st_mtime_ns) != known[1:]:
            return False
        self.made[path] = known
        self.report.unchanged += 1
        return True

    def keep(self, path: str) -> None:
        """Keep a file of the last build as it is, unseen (its inputs are known not to have
        changed, and the caller made sure it is as that build left it)."""
        self.producers[path] = KEPT
        self.made[path] = self.previous[path]
        self.report.unchanged += 1

    def add(self, path: str, key: str, data: str | bytes) -> None:
        """A freshly rendered output: staged if its bytes differ from the file in the site."""
        self.record(path, key, stage(self.out, self.staging, path, data, fresh=self.fresh))

    def record(self, path: str, key: str, outcome: Staged) -> None:
        """What :func:`stage` did with an output (here or in another process)."""
        self.report.rendered += 1
        if outcome.same is not None:
            self.made[path] = (key, *outcome.same)
            self.report.unchanged += 1
        else:
            self._staged[path] = key
            self.report.written.append(path)
            if outcome.placed is not None:
                self.made[path] = (key, *outcome.placed)

    def commit(self) -> None:
        """Move the staged files into place, each replacing its old version in one step, then
        remove what the last build made and this one did not (an unpublished version). A
        file or folder that cannot be written is a :class:`BuildError` naming it."""
        try:
            self._commit()
        except OSError as error:
            self.discard()
            raise written_error(error, self.out) from None

    def _commit(self) -> None:
        if self.fresh and self._staged and not self.out.exists():
            self.out.parent.mkdir(parents=True, exist_ok=True)
            # The staged tree becomes the site, unless something made the folder meanwhile:
            # then its files are moved one by one, as below.
            try:
                os.rename(self.staging, self.out)  # noqa: PTH104
            except OSError as error:
                if error.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR):
                    raise
            else:
                return
        folders: set[str] = set()
        # Each file replaced keeps its old version (a second name for it, in the staging
        # folder) until every file is in place: a file that cannot be replaced (a folder in
        # its place, an immutable one) puts back those moved before it, and the site is as
        # it was, as its records are (the build puts them back).
        kept = f"{self.staging}/.communique-replaced"
        os.makedirs(kept, exist_ok=True)  # noqa: PTH103
        placed: list[tuple[str, str, str | None]] = []
        try:
            for index, (path, key) in enumerate(self._staged.items()):
                target = f"{self._out}/{path}"
                folder = target.rpartition("/")[0]
                if folder not in folders:
                    os.makedirs(folder, exist_ok=True)  # noqa: PTH103
                    folders.add(folder)
                staged = f"{self.staging}/{path if self.fresh else _staged_name(path)}"
                old: str | None = f"{kept}/{index}"
                try:
                    os.link(target, f"{kept}/{index}", follow_symlinks=False)
                except FileNotFoundError:
                    old = None  # (a new file)
                except OSError:
                    # A file system without a second name for a file (FAT), a file of another
                    # user's (protected_hardlinks): a copy; a folder in its place (the move
                    # fails): nothing to keep.
                    try:
                        shutil.copy2(target, f"{kept}/{index}", follow_symlinks=False)
                    except OSError:
                        old = ""
                with contextlib.suppress(FileNotFoundError):
                    os.chmod(staged, os.stat(target).st_mode & 0o777)  # noqa: PTH101, PTH116
                os.replace(staged, target)  # noqa: PTH105
                placed.append((path, target, old))
                stat = os.stat(target)  # noqa: PTH116
                self.made[path] = (key, stat.st_size, stat.st_mtime_ns)
        except OSError:
            self._put_back(placed)
            raise
        self.discard()
        if self.sweep is not None:
            stale = [path for path in _files(self.out) if self.sweep(path)]
            self.report.swept = True
        else:
            stale = sorted(self.previous)
        for path in stale:
            if path not in self.producers and (self.out / path).is_file():
                try:
                    (self.out / path).unlink()
                except OSError as error:  # still online: the run says so, and fails
                    self.report.unremoved.append(f"{path}: {error.strerror}")
                    continue
                self.report.removed.append(path)
                _remove_empty_folders(self.out, path)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _put_back(self, placed: list[tuple[str, str, str | None]]) -> None:
        """Undo the moves of a commit that failed halfway: each file replaced gets its old
        version back, each new one goes (with the folders it leaves empty)."""
        for path, target, old in reversed(placed):
            self.made.pop(path, None)
            with contextlib.suppress(OSError):
                if old:
                    os.replace(old, target)  # noqa: PTH105
                elif old is None:
                    os.unlink(target)  # noqa: PTH108
                    _remove_empty_folders(self.out, path)


def written_error(error: OSError, where: Path) -> OSError | BuildError:
    """A failure to write the site, as the user is told it: a full disk as the command line
    says every full disk (the error itself), anything else (a read-only folder, one on another
    file system) in one line naming the file."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return error
    # (Of a move, the place it goes to: a staged file's name says nothing to the user.)
    named = error.filename2 or error.filename or where
    return BuildError(f"cannot write: {error.strerror}", path=named)


def _staging_folder(out: Path) -> Path:
    """Where the build stages the site: beside it (a site built from nothing is moved into
    place in one step), or in it, hidden, where the folder is a mount point (a web root, a
    container's volume): a file is moved in one step only within one file system."""
    try:
        mounted = os.stat(out).st_dev != os.stat(out.parent).st_dev  # noqa: PTH116
    except OSError:
        mounted = False
    return out / STAGING if mounted else out.parent / f".{out.name}.staging"


#: The staging folder's name inside a site that is a mount point (hidden: never swept).
STAGING = ".communique-staging"


def _holds_files(out: Path) -> bool:
    """Whether the folder holds a file, hidden ones and empty folders aside."""
    return bool(_files(out, first=True))


def _files(out: Path, *, first: bool = False) -> list[str]:
    """Every file in the site (a path in it, with "/") but hidden ones, never the build's
    (``.git``, a file or a folder; ``.htaccess``; ``.well-known/``), hidden folders left
    unwalked; with ``first``, at most the first found."""
    found: list[str] = []
    for folder, folders, files in os.walk(out):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = os.path.relpath(folder, out).replace(os.sep, "/")
        prefix = "" if relative == "." else f"{relative}/"
        found += [prefix + name for name in files if not name.startswith(".")]
        if first and found:
            return found[:1]
    return sorted(found)


def owns(out: Path, own: Path) -> bool:
    """Whether a build may clear ``out`` of the files it makes and no longer does (see
    :class:`Writer`): it is the project's own folder ``own`` (a folder, not a link to a web
    root that may hold others' files), or the root of a site communique made."""
    return (out == own.resolve() and not own.is_symlink()) or made_by_communique(out)


def made_by_communique(out: Path) -> bool:
    """Whether the folder is the root of a site communique made: its ``sitemap.xml``, and its
    front page's ``generator`` (a project's own templates may leave it out) or a language's
    feed saying communique generated it."""
    if not (out / "sitemap.xml").is_file():
        return False
    try:
        with open(out / "index.html", "rb") as stream:  # noqa: PTH123
            if GENERATOR_MARK in stream.read(4096):
                return True
    except OSError:
        pass
    from communique.site.feeds import GENERATOR

    mark = f"<generator>{GENERATOR}</generator>".encode()
    for feed in sorted(out.glob("*/feed.atom"))[:3]:
        try:
            with open(feed, "rb") as stream:  # noqa: PTH123
                if mark in stream.read(4096):
                    return True
        except OSError:
            continue
    return False


def public_site(out: Path) -> bool:
    """Whether the folder holds a public site communique made: its front page asks search
    engines to index it, as a preview's (``build --drafts``) does not."""
    if not made_by_communique(out):
        return False
    try:
        with open(out / "index.html", "rb") as stream:  # noqa: PTH123
            return NOINDEX_MARK not in stream.read(4096)
    except OSError:
        return True  # its feeds say communique made it; nothing says it is a preview


#: What the head of each page of a preview says (``templates/base.html``).
NOINDEX_MARK = b'<meta name="robots" content="noindex">'
#: What every page's head says of its maker (``templates/base.html``).
GENERATOR_MARK = b'<meta name="generator" content="communique">'


def _remove_empty_folders(out: Path, path: str) -> None:
    """Remove the folders a removed file leaves empty, up to the site's: a withdrawn page
    leaves no empty folder behind."""
    folder = (out / path).parent
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or gone): the folders above are not empty either
            return
        folder = folder.parent
