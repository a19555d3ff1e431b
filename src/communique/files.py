"""Project files on disk: decoded one way, read once with a fingerprint, written atomically.

A translator may save a catalog in Poedit while a run is merging it; overwriting that save would
lose their work. Each file is fingerprinted (:class:`Snapshot`) when it is read, and a write first
checks that the file on disk is still what was read. Every write goes through a temporary file in
the same folder and a rename, so a crash leaves the old content or the new, never half of either.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from stat import S_IMODE, S_ISLNK, S_ISREG, S_IWUSR
from typing import Protocol

from communique.errors import CatalogError, CommuniqueError, ConfigError, SourceError


def digest(data: bytes) -> str:
    """The content fingerprint communique keys files and caches by (SHA-256, hex)."""
    return hashlib.sha256(data).hexdigest()


def is_utf8(raw: bytes) -> bool:
    """Whether the bytes are valid UTF-8 (text in a legacy encoding almost never is)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_utf8(
    raw: bytes, *, path: str, error: type[CommuniqueError] = CommuniqueError, hint: str = ""
) -> str:
    """UTF-8 text without a byte-order mark, with ``\\n`` line ends; invalid bytes are an
    ``error`` naming the line: ``source/x.txt:4: invalid UTF-8 at byte 52``.

    >>> decode_utf8(b"\\xef\\xbb\\xbfTitle\\r\\nText", path="x.txt")
    'Title\\nText'
    >>> decode_utf8(b"ok\\n\\xff", path="x.txt", hint=" (save the file as UTF-8)")
    Traceback (most recent call last):
    communique.errors.CommuniqueError: x.txt:2: invalid UTF-8 at byte 3 (save the file as UTF-8)
    >>> decode_utf8("en,fr".encode("utf-16"), path="glossary.csv")
    Traceback (most recent call last):
    communique.errors.CommuniqueError: glossary.csv:1: UTF-16 text, not UTF-8: save it as UTF-8
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # (Windows' "Unicode": Notepad's and Excel's choice, which no tool here reads.)
            raise error("UTF-16 text, not UTF-8: save it as UTF-8", path=path, line=1) from None
        line = raw[: exc.start].count(b"\n") + 1
        raise error(f"invalid UTF-8 at byte {exc.start}{hint}", path=path, line=line) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) through a temporary file in the same folder."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` through a temporary file in the same folder.

    ``durable`` also waits for the disk (fsync): for translators' work, not for generated files,
    which the next build can make again.
    """
    temporary = _staged(path, data, durable=durable)
    try:
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


#: What a project is made of, which no export may be written over or into (``--out``).
PROJECT_INPUTS = (
    "communique.toml",
    "source",
    "locale",
    "published",
    "templates",
    ".communique",
)


def write_export(path: Path, data: bytes, *, project: Path, error: type[CommuniqueError]) -> None:
    """Write an export (a glossary, a memory) where ``--out`` says: a new or regular file is
    replaced in one step (through a link to it, its target: the link stays); a pipe or a
    device (``/dev/stdout``, ``>(gzip …)``) is written into, as a shell redirection writes
    it. One of the project's own files or folders is refused (``error``, naming it): the
    export took the place of the glossary it was made from, or a release."""
    try:
        kept = path.resolve()
        inside = kept.relative_to(project.resolve())
    except ValueError:
        inside = None
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror}", path=path) from None
    if inside is not None and inside.parts and inside.parts[0] in PROJECT_INPUTS:
        own = inside.parts[0] + ("" if inside.parts[0].endswith(".toml") else "/")
        raise error(
            f"--out names the project's own ({own}): write the export outside "
            "source/, locale/, published/, templates/ and .communique/",
            path=path,
        )
    try:
        try:
            # (As given: /dev/stdout resolves to /proc/<pid>/fd/pipe:[…], which is no path.)
            regular = S_ISREG(os.stat(path).st_mode)  # noqa: PTH116
        except FileNotFoundError:
            regular = True  # (a new file)
        if regular:
            write_atomic_bytes(kept, data, durable=False)
        else:
            with open(path, "wb") as stream:  # noqa: PTH123  (a pipe, a device: written into)
                stream.write(data)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror}", path=path) from None


def _staged(path: Path, data: bytes, *, durable: bool = True) -> Path:
    """``data`` in a temporary file beside ``path`` (``.<name>.<random>.tmp``), with the
    permissions ``path`` has (a new file: the usual ones, the umask's).

    Made with ``os.open`` rather than ``mkstemp``, whose files are 0600 and must be given their
    mode afterwards: a first build writes thousands of records, and that took a third longer.
    """
    try:
        mode: int | None = S_IMODE(os.stat(path).st_mode)  # noqa: PTH116
    except FileNotFoundError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            descriptor = os.open(temporary, flags, 0o666)
        except FileExistsError:  # (another run's, by a one-in-four-billion chance)
            continue
        except FileNotFoundError:  # its folder is new too
            if path.parent.is_dir():  # (a folder no file can be made in: /proc/…/fd)
                raise
            path.parent.mkdir(parents=True, exist_ok=True)
            continue
        break
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            if durable:
                os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return temporary


def _move_aside(path: Path) -> Path:
    """Take the file out of its place (``.<name>.<random>.old``), in one step: a save made
    after this lands in a new file at ``path``, which the caller will not overwrite."""
    aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}.old")
    os.rename(path, aside)  # noqa: PTH104
    return aside


def replace_if_unchanged(
    path: Path, data: bytes, expected: str | None, display: str
) -> os.stat_result:
    """Replace the file at ``path`` with ``data`` if its bytes still have the digest
    ``expected`` (None: there was no file), closing the window between a check and a rename:
    the file is moved aside and compared there, and the new one is linked into its place only
    if no other took it meanwhile. A save that lands at any moment is kept, and reported."""
    temporary = _staged(path, data)
    aside: Path | None = None
    try:
        if expected is not None:
            try:
                aside = _move_aside(path)
            except FileNotFoundError:
                raise changed_meanwhile(display) from None
            if digest(aside.read_bytes()) != expected:  # saved before it was moved aside
                _put_back(aside, path)
                aside = None
                raise changed_meanwhile(display)
        try:
            os.link(temporary, path)  # fails if a save made a new file there meanwhile
        except FileExistsError:
            raise changed_meanwhile(display) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            os.rename(temporary, path)  # noqa: PTH104  (a file system without hard links)
            return os.stat(path)  # noqa: PTH116
        # What is now in place is the file written here (a save landing after this is another),
        # as it stands once its temporary name is gone (which changes its ctime).
        descriptor = os.open(temporary, os.O_RDONLY)
        try:
            temporary.unlink()
            return os.fstat(descriptor)
        finally:
            os.close(descriptor)
    except BaseException:
        if aside is not None:
            _put_back(aside, path)
            aside = None
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        if aside is not None:
            with contextlib.suppress(FileNotFoundError):
                aside.unlink()


def _put_back(aside: Path, path: Path) -> None:
    """Return a file moved aside to its place, unless a newer save took it (then that stays)."""
    try:
        os.link(aside, path)
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not path.exists():
            os.rename(aside, path)  # noqa: PTH104
            return
    aside.unlink()


def tidy(folder: Path) -> None:
    """Clear what a run killed while writing in ``folder`` left: its temporary files, and a
    file it had moved aside and not yet replaced, put back where it was."""
    try:
        # Names only (no Path for each of thousands of catalogs, at every writing run).
        names = os.listdir(folder)  # noqa: PTH208
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        if not name.endswith((".tmp", ".old")):
            continue
        match = _LEFT.fullmatch(name)
        if match is None:
            continue
        left = folder / name
        with contextlib.suppress(OSError):  # (gone already, or a folder it cannot write in)
            if match.group(2) == "old":
                _put_back(left, folder / match.group(1))
            else:
                left.unlink()


_LEFT = re.compile(r"\.(.+)\.[0-9a-z_]{4,16}\.(tmp|old)")


@dataclass(frozen=True)
class FileStat:
    """What ``stat`` says of a file: enough to notice that it was replaced or rewritten. As git
    does, the time of the inode's last change (``ctime``) is part of it: a tool that rewrites
    a file in place and puts its modification time back (``touch -r``, ``cp -p`` or
    ``rsync -t`` over it) cannot put that one back."""

    size: int
    mtime_ns: int
    inode: int = 0
    ctime_ns: int = 0

    @classmethod
    def of(cls, result: os.stat_result) -> FileStat:
        return cls(result.st_size, result.st_mtime_ns, result.st_ino, result.st_ctime_ns)


def stat_text(size: int, mtime_ns: int, inode: int, ctime_ns: int = 0) -> str:
    """What ``stat`` says of a file, as a build's fingerprints hold it:
    ``size|time|inode|change time|time`` (the last field is the modification time, which a
    fingerprint reads back to find the newest file).

    >>> stat_text(812, 1685000000000000000, 42, 1685000000500000000)
    '812|1685000000000000000|42|1685000000500000000|1685000000000000000'
    """
    return f"{size}|{mtime_ns}|{inode}|{ctime_ns}|{mtime_ns}"


#: A file whose time is this close to the moment it was read may have been written again in
#: the same tick of the file system's clock: its bytes are compared, not its time.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Snapshot:
    """A file as a run read it: its path in the project, its bytes' digest (None: it did not
    exist), what ``stat`` said, and when."""

    path: str
    digest: str | None
    stat: FileStat | None = None
    taken_ns: int = 0

    @property
    def trusted_stat(self) -> bool:
        """Whether an unchanged ``stat`` proves unchanged bytes (the file is not racy)."""
        return self.stat is not None and self.stat.mtime_ns < self.taken_ns - RACY_NS


@dataclass(frozen=True)
class StagedFile:
    """Bytes written for a file and not yet in its place: the file's path in the project, the
    bytes' digest, and where they wait (on disk, a temporary file beside the file)."""

    path: str
    digest: str
    temporary: str


class ProjectFiles(Protocol):
    """Where a workspace reads and writes the project's files, by path relative to the
    project (``locale/fr/LC_MESSAGES/x.po``): the disk, or a dictionary in tests."""

    def read(self, path: str) -> tuple[bytes | None, Snapshot]:
        """The file's bytes (None if there is no such file) and its snapshot."""
        ...

    def stat(self, path: str) -> FileStat | None:
        """What ``stat`` says of the file; None if there is no such file."""
        ...

    def names(self, folder: str) -> list[str] | None:
        """The names of the files in a folder, sorted; None if there is no such folder."""
        ...

    def folders(self, folder: str) -> list[str]:
        """The names of the folders in a folder, sorted (none where there is no such folder)."""
        ...

    def outside(self, path: str) -> str | None:
        """Why the file may not be read, if it is a link that leads out of where it must be
        (a release's picture out of ``source/``): the message its read would raise."""
        ...

    def write(self, path: str, data: bytes, *, durable: bool = True) -> Snapshot:
        """Replace the file in one step; returns its snapshot."""
        ...

    def stage(self, path: str, data: bytes) -> StagedFile:
        """Write ``data`` for the file, not yet in its place: :meth:`put` puts it there in one
        step, :meth:`drop` forgets it. (Without waiting for the disk: for generated files.)"""
        ...

    def put(self, staged: StagedFile) -> Snapshot:
        """Replace the file with what was staged for it; returns its snapshot."""
        ...

    def drop(self, staged: StagedFile) -> None:
        """Forget what was staged, leaving the file as it is."""
        ...

    def remove(self, path: str) -> None:
        """Delete the file, if there is one."""
        ...

    def replace(self, path: str, data: bytes, expected: Snapshot) -> Snapshot:
        """Replace the file with ``data`` only if it is still what ``expected`` saw (a
        translator's save meanwhile stays, and a :class:`CatalogError` says so)."""
        ...

    def unwritable(self, path: str) -> str | None:
        """Why the file cannot be written (read-only, a folder one cannot write in), or None."""
        ...


def unchanged(files: ProjectFiles, snapshot: Snapshot) -> bool:
    """Whether the file is still what the snapshot saw: by ``stat`` where that proves it,
    else by its bytes."""
    now = files.stat(snapshot.path)
    if now is None or snapshot.digest is None:
        return now is None and snapshot.digest is None
    if snapshot.trusted_stat and now == snapshot.stat:
        return True
    raw, _ = files.read(snapshot.path)
    return raw is not None and digest(raw) == snapshot.digest


def ensure_unchanged(
    files: ProjectFiles, snapshot: Snapshot, *, written: str = "it was not overwritten"
) -> None:
    """Raise a :class:`CatalogError` if the file changed since the snapshot was taken."""
    if not unchanged(files, snapshot):
        raise changed_meanwhile(snapshot.path, written)


def write_unless_changed(files: ProjectFiles, snapshot: Snapshot, data: bytes) -> Snapshot:
    """Replace the file, unless it changed since ``snapshot`` was taken (a translator saved it
    meanwhile): then nothing is written and a :class:`CatalogError` says so."""
    ensure_unchanged(files, snapshot)
    return files.replace(snapshot.path, data, snapshot)


def changed_meanwhile(path: str, written: str = "it was not overwritten") -> CatalogError:
    return CatalogError(
        "changed on disk after this run read it (saved in an editor meanwhile?); "
        f"{written}: run the command again",
        path=path,
    )


def error_for(path: str) -> type[CommuniqueError]:
    """The kind of error a problem with this project file is: a release's, a catalog's…"""
    if path.startswith("source/"):
        return SourceError
    if path.startswith("locale/"):
        return CatalogError
    if path == "communique.toml":
        return ConfigError
    return CommuniqueError


class DiskFiles:
    """A project's files on disk. A file that resolves outside the project is refused without
    being read, and a release outside ``source/``: a link must not lead a run elsewhere."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self._root = str(self.root)
        self.source = (self.root / "source").resolve()
        self._source = str(self.source)
        self._folders: dict[str, str] = {}

    def _bound(self, path: str) -> tuple[str, str]:
        """The folder ``path`` must really be in, and how a message names it: a release's
        ``source/``, any other file's project."""
        if path.startswith("source/"):
            return self._source, "source/"
        return self._root, "the project"

    def _path(self, path: str) -> Path:
        full = self.root / path
        inside, where = self._bound(path)
        if not _real(full, self._folders).is_relative_to(inside):
            raise error_for(path)(f"links outside {where}; copy the file in instead", path=path)
        return full

    def read(self, path: str) -> tuple[bytes | None, Snapshot]:
        taken = time.time_ns()
        folder, _, name = f"{self._root}/{path}".rpartition("/")
        if path.startswith("/") or not self._inside(folder, path):
            return self._read_carefully(path, taken)
        full = f"{folder}/{name}"
        # Most files: a plain file in a folder known to be inside the project. Anything else
        # (a link, a folder, ".." or "", a pipe, a socket) is read the careful way, and never
        # opened here.
        # The file is opened without following a link or waiting on a pipe, should it have
        # become one since; what fstat says of it open is what the snapshot holds. Five system
        # calls, where pathlib and open() made nine: a build from nothing reads 16,000 files.
        try:
            if not S_ISREG(os.lstat(full).st_mode):
                return self._read_carefully(path, taken)
            opened = os.open(full, _PLAIN)
        except FileNotFoundError:
            return None, Snapshot(path, None, None, taken)
        except OSError:  # not a folder on the way, no permission, a link meanwhile…
            return self._read_carefully(path, taken)
        try:
            status = os.fstat(opened)
            if not S_ISREG(status.st_mode):  # replaced since lstat
                raise error_for(path)("not a regular file", path=path)
            raw = _read_all(opened, status.st_size)
        except OSError as exc:
            raise error_for(path)(f"cannot read: {exc.strerror}", path=path) from None
        finally:
            os.close(opened)
        return raw, Snapshot(path, digest(raw), FileStat.of(status), taken)

    def _inside(self, folder: str, path: str) -> bool:
        """Whether ``folder`` (of ``path``) really is where ``path`` may be (its real path
        resolved once per run, as :func:`_real` does)."""
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder)
        inside = self._bound(path)[0]
        return real == inside or real.startswith(f"{inside}/")

    def _read_carefully(self, path: str, taken: int) -> tuple[bytes | None, Snapshot]:
        """A file that may be a link, or whose folder leads outside: resolved before it is
        read, and refused if it resolves outside."""
        full = self._path(path)
        error = error_for(path)
        try:
            if not S_ISREG(full.stat().st_mode) and not full.is_dir():
                raise error("not a regular file", path=path)  # a pipe would block the run
            with full.open("rb") as stream:
                stat = FileStat.of(os.fstat(stream.fileno()))
                raw = stream.read()
        except FileNotFoundError:
            return None, Snapshot(path, None, None, taken)
        except OSError as exc:
            raise error(f"cannot read: {exc.strerror}", path=path) from None
        return raw, Snapshot(path, digest(raw), stat, taken)

    def stat(self, path: str) -> FileStat | None:
        try:
            # A string, not a Path: a build asks this of every file, and pathlib costs more
            # than the system call.
            return FileStat.of(os.stat(f"{self._root}/{path}"))  # noqa: PTH116
        except (FileNotFoundError, NotADirectoryError):
            return None
        except ValueError:  # (a NUL in the name: no file has it)
            return None
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:  # (no file has so long a name either)
                return None
            raise

    def outside(self, path: str) -> str | None:
        try:
            self._path(path)
        except CommuniqueError as error:
            return error.message
        return None

    def names(self, folder: str) -> list[str] | None:
        try:
            entries = list(os.scandir(self.root / folder))
        except (FileNotFoundError, NotADirectoryError):
            return None
        return sorted(entry.name for entry in entries if not entry.is_dir())

    def folders(self, folder: str) -> list[str]:
        try:
            entries = list(os.scandir(self.root / folder))
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(entry.name for entry in entries if entry.is_dir())

    def write(self, path: str, data: bytes, *, durable: bool = True) -> Snapshot:
        return self.put(self._stage(path, data, durable=durable))

    def stage(self, path: str, data: bytes) -> StagedFile:
        return self._stage(path, data, durable=False)

    def _stage(self, path: str, data: bytes, *, durable: bool) -> StagedFile:
        full = self._path(path)
        try:
            temporary = _staged(full, data, durable=durable)
        except OSError as exc:
            raise error_for(path)(f"cannot write: {exc.strerror}", path=path) from None
        return StagedFile(path, digest(data), str(temporary))

    def put(self, staged: StagedFile) -> Snapshot:
        full = self._path(staged.path)
        try:
            Path(staged.temporary).replace(full)
            stat = full.stat()
        except OSError as exc:
            self.drop(staged)
            problem = f"cannot write: {exc.strerror}"
            raise error_for(staged.path)(problem, path=staged.path) from None
        return Snapshot(staged.path, staged.digest, FileStat.of(stat), time.time_ns())

    def drop(self, staged: StagedFile) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staged.temporary)  # noqa: PTH108

    def remove(self, path: str) -> None:
        full = self._path(path)
        try:
            full.unlink(missing_ok=True)
        except OSError as exc:
            raise error_for(path)(f"cannot remove: {exc.strerror}", path=path) from None

    def replace(self, path: str, data: bytes, expected: Snapshot) -> Snapshot:
        full = self._path(path)
        try:
            written = replace_if_unchanged(full, data, expected.digest, path)
        except OSError as exc:
            raise error_for(path)(f"cannot write: {exc.strerror}", path=path) from None
        return Snapshot(path, digest(data), FileStat.of(written), time.time_ns())

    def unwritable(self, path: str) -> str | None:
        full = self._path(path)
        try:
            mode = full.stat().st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not S_ISREG(mode):
            return "not a regular file"
        if mode is not None and not mode & S_IWUSR:
            return (
                "read-only (its permissions say so): make it writable for communique to change it"
            )
        folder = full.parent
        while not folder.exists() and folder != self.root:
            folder = folder.parent
        # The permissions as they are set, as for a file (root may write anyway; it should not).
        if not os.access(folder, os.W_OK) or not folder.stat().st_mode & S_IWUSR:
            return f"cannot write in {os.path.relpath(folder, self.root)}/ (it is read-only)"
        return None


#: How :meth:`DiskFiles.read` opens a plain file: not through a link, without blocking on a
#: pipe (should it have been replaced by one since ``lstat``).
_PLAIN = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _read_all(opened: int, size: int) -> bytes:
    """The bytes of an open file that ``fstat`` said has ``size`` of them: one read where it
    has, until the end where it grew or shrank meanwhile."""
    first = os.read(opened, size + 1)
    if len(first) == size:
        return first
    chunks = [first]
    while chunk := os.read(opened, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _real(full: Path, folders: dict[str, str]) -> Path:
    """Where ``full`` really is, its folder resolved once per run: a build reads thousands of
    files in a few folders, and resolving every path component of each costs more than reading
    it."""
    folder, name = os.path.split(full)
    real_folder = folders.get(folder)
    if real_folder is None:
        real_folder = folders[folder] = os.path.realpath(folder)
    try:
        if S_ISLNK(os.lstat(full).st_mode):
            return full.resolve()
    except (FileNotFoundError, NotADirectoryError):
        pass
    return Path(real_folder, name)


class MemoryFiles:
    """A project's files in a dictionary, path → bytes: stages tested without a disk tree."""

    def __init__(self, files: dict[str, str | bytes]):
        self.files = {
            path: data.encode("utf-8") if isinstance(data, str) else data
            for path, data in files.items()
        }
        self.clock = 0
        self.times = dict.fromkeys(self.files, 0)
        self.staged: dict[str, bytes] = {}  # by path: one staged write per file at a time

    def read(self, path: str) -> tuple[bytes | None, Snapshot]:
        raw = self.files.get(path)
        return raw, Snapshot(path, None if raw is None else digest(raw), self.stat(path), 0)

    def stat(self, path: str) -> FileStat | None:
        raw = self.files.get(path)
        return None if raw is None else FileStat(len(raw), self.times[path])

    def outside(self, path: str) -> str | None:
        return None  # (no links in a dictionary)

    def names(self, folder: str) -> list[str] | None:
        # A folder exists here when a file is in it.
        prefix = folder.rstrip("/") + "/" if folder else ""
        inside = [path[len(prefix) :] for path in self.files if path.startswith(prefix)]
        if folder and not inside:
            return None
        return sorted(name for name in inside if "/" not in name)

    def folders(self, folder: str) -> list[str]:
        prefix = folder.rstrip("/") + "/" if folder else ""
        inside = [path[len(prefix) :] for path in self.files if path.startswith(prefix)]
        return sorted({name.partition("/")[0] for name in inside if "/" in name})

    def write(self, path: str, data: bytes, *, durable: bool = True) -> Snapshot:
        self.clock += 1
        self.files[path], self.times[path] = data, self.clock
        return Snapshot(path, digest(data), self.stat(path), 0)

    def stage(self, path: str, data: bytes) -> StagedFile:
        self.staged[path] = data
        return StagedFile(path, digest(data), path)

    def put(self, staged: StagedFile) -> Snapshot:
        return self.write(staged.path, self.staged.pop(staged.temporary))

    def drop(self, staged: StagedFile) -> None:
        self.staged.pop(staged.temporary, None)

    def remove(self, path: str) -> None:
        self.files.pop(path, None)
        self.times.pop(path, None)

    def replace(self, path: str, data: bytes, expected: Snapshot) -> Snapshot:
        raw = self.files.get(path)
        if (digest(raw) if raw is not None else None) != expected.digest:
            raise changed_meanwhile(path)
        return self.write(path, data)

    def unwritable(self, path: str) -> str | None:
        return None
