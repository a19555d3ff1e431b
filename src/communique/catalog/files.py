"""Catalog files on disk: read once with a fingerprint, write only if nobody changed them since.

A translator may save a catalog in Poedit while a run is merging it; overwriting that save would
lose their work. Each file is fingerprinted when it is read, and a write first checks that the
file on disk is still what was read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from communique.atomicfile import write_atomic
from communique.errors import CatalogError


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
        return cls(path, display, _digest(raw)), raw

    def unchanged(self) -> bool:
        """Whether the file on disk is still what this snapshot saw."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self.digest is None
        return self.digest == _digest(raw)

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
        write_atomic(self.path, text)
        return Snapshot(self.path, self.display, _digest(text.encode("utf-8")))


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
