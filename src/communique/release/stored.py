"""A parsed release as the cache keeps it, so that a run which finds the file unchanged needs
neither to read it nor to parse it again.

A rebuild after a translator's one edit re-localizes that version, and needed the release's
blocks for it: reading and parsing a Markdown release took longer than the rest of the
version's work (importing markdown-it, PyYAML and the month names of the dateline's language).

The data is a pickle, read back by an unpickler that makes only the release's own types and
dates: the cache lives in the project's folder, and a pickle may otherwise name any function to
call. Data that cannot be read (another version's, a damaged file) is no release: the release
is parsed again, as if the cache had never had it. Segmenting the body again is left to the
run (under a millisecond): kept, the segments would double what the cache holds.
"""

from __future__ import annotations

import datetime
import io
import pickle
from typing import Any

from communique.release.blocks import Block, BlockKind
from communique.release.dateline import Dateline
from communique.release.media import Media
from communique.release.reader import Release

#: Everything a stored release is made of; the unpickler makes nothing else.
_TYPES: dict[tuple[str, str], type] = {
    (kind.__module__, kind.__qualname__): kind
    for kind in (
        Release,
        Block,
        BlockKind,
        Dateline,
        Media,
        datetime.date,
        datetime.datetime,
        datetime.timedelta,
        datetime.timezone,
    )
}


def dump(release: Release) -> bytes:
    """The bytes that :func:`load` reads back as ``release``."""
    return pickle.dumps(release, protocol=pickle.HIGHEST_PROTOCOL)


def load(data: bytes) -> Release | None:
    """The release stored by :func:`dump`; None if ``data`` is not a release made of the
    release's own types."""
    try:
        found = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # (any damage is only a cache miss)
        return None
    return found if isinstance(found, Release) else None


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _TYPES.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a release")
        return found
