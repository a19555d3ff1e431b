"""Project files on disk: decoded one way, read once with a fingerprint, written atomically.

A translator may save a catalog in Poedit while a run is merging it; overwriting that save would
lose their work. Each file is fingerprinted (:class:`Snapshot`) when it is read, and a write first
checks that the file on disk is still what was read. Every write goes through a temporary file in
the same folder and a rename, so a crash leaves the old content or the new, never half of either.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from communique.errors import CatalogError, CommuniqueError


def digest(data: bytes) -> str:
    """The content fingerprint communique keys files and caches by (SHA-256, hex)."""
    return hashlib.sha256(data).hexdigest()


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
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
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
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        # Keep the permissions the file had; a new file gets the usual ones, not mkstemp's 0600.
        try:
            temporary.chmod(path.stat().st_mode & 0o777)
        except FileNotFoundError:
            temporary.chmod(0o666 & ~_umask())
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass(frozen=True)
class Snapshot:
    """A file as a run saw it: its bytes' digest, or None if it did not exist."""

    path: Path
    display: str
    digest: str | None

    @classmethod
    def take(cls, path: Path, display: str) -> tuple[Snapshot, bytes | None]:
        """Read the file (if any) and remember what it held."""
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path, display, None), None
        except OSError as exc:
            raise CatalogError(f"cannot read: {exc.strerror}", path=display) from None
        return cls(path, display, digest(raw)), raw

    def unchanged(self) -> bool:
        """Whether the file on disk is still what this snapshot saw."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self.digest is None
        return self.digest == digest(raw)

    def ensure_unchanged(self, *, written: str = "it was not overwritten") -> None:
        """Raise a :class:`CatalogError` if the file changed on disk since it was read."""
        if not self.unchanged():
            raise CatalogError(
                "changed on disk after this run read it (saved in an editor meanwhile?); "
                f"{written}: run the command again",
                path=self.display,
            )

    def write(self, text: str) -> Snapshot:
        """Replace the file atomically, unless it changed on disk since it was read.

        Returns the snapshot of what is now on disk, for a run that writes the file again.
        """
        self.ensure_unchanged()
        data = text.encode("utf-8")
        write_atomic_bytes(self.path, data)
        return Snapshot(self.path, self.display, digest(data))
