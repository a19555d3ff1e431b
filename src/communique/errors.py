"""The one error tree: every failure a user should see as a message, not a traceback."""

from __future__ import annotations

from pathlib import Path


class CommuniqueError(Exception):
    """A failure the user can act on, told in one line: ``where: what``.

    >>> str(CommuniqueError("unknown key 'x'", path="communique.toml", line=3))
    "communique.toml:3: unknown key 'x'"
    """

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return where + self.message


def excerpt(text: object, limit: int = 40) -> str:
    """A value of a project's file as an error quotes it: quoted, and cut to ``limit``
    characters. An error names where the value is; it never copies a file into a log (a
    catalog that holds a secret must not print it in CI).

    >>> excerpt("API_TOKEN=0123456789abcdefghijklmnopqrstuvwxyz")
    "'API_TOKEN=0123456789abcdefghijklmnopqrs…'"
    """
    return repr(shortened(text if isinstance(text, str) else str(text), limit))


def shortened(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis last where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def counted(count: int, noun: str) -> str:
    """A count and its English noun, as messages write them.

    >>> counted(1, "catalog"), counted(3, "unit"), counted(0, "error")
    ('1 catalog', '3 units', '0 errors')
    """
    return f"{count} {noun}{'' if count == 1 else 's'}"


class ConfigError(CommuniqueError):
    """``communique.toml`` is missing, malformed or says something impossible."""


class ProjectError(CommuniqueError):
    """The project on disk is not laid out the way communique needs it."""


class SourceError(CommuniqueError):
    """An English release in ``source/`` cannot be read."""


class CatalogError(CommuniqueError):
    """A template or PO catalog cannot be read or written."""
