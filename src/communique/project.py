"""Where a project keeps its files: one place that knows the layout and guards slugs.

A slug names a release in every path (``source/<slug>.md``, ``locale/fr/LC_MESSAGES/<slug>.po``,
``output/fr/<slug>/``), so it is checked before any path is built from it: lowercase ASCII
letters, digits and single hyphens, nothing that could climb out of the project.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from communique.config import CONFIG_NAME, Settings, parse_settings, read_config
from communique.errors import ProjectError, SourceError
from communique.files import digest
from communique.locales import folder_name, parse_locale

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_SUFFIXES = (".txt", ".md")
#: The glossary's files in ``locale/``: either, both, or neither.
GLOSSARY_FILES = ("glossary.csv", "glossary.tbx")


def is_markdown(path: str) -> bool:
    """Whether the release at ``path`` is Markdown (``.md``), not plain text.

    >>> is_markdown("source/2024-05-17-ministers-meet.md"), is_markdown("source/x.txt")
    (True, False)
    """
    return path.endswith(".md")


def suggested_slug(name: str) -> str | None:
    """A release name like ``name``, for a file a colleague saved as "2024-05-07 Press
    release": lowercase, accents and other marks dropped, words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))
    return slug if slug and SLUG.match(slug) and len(slug) <= 200 else None


def check_slug(slug: str, *, path: str | None = None) -> str:
    """Return ``slug`` if it is a safe release name, else raise :class:`SourceError`."""
    if len(slug) > 200 or not SLUG.match(slug):
        # A release's file, as the shell completes it: its name is the file's.
        named = slug.removeprefix("./").removeprefix("source/")
        stem, dot, suffix = named.rpartition(".")
        named = stem if dot and suffix.lower() in ("txt", "md") else named
        if named != slug and "/" not in named and SLUG.match(named):
            raise SourceError(f"{slug!r} is a file: name its release, {named!r}", path=path)
        raise SourceError(
            f"{slug!r} is not a valid release name: use lowercase letters, digits and "
            "hyphens, e.g. '2023-06-07-anti-trafficking-meeting'",
            path=path,
        )
    return slug


@dataclass(frozen=True)
class Project:
    """A communique project: its root folder and its validated settings."""

    root: Path
    settings: Settings
    #: The digest of ``communique.toml`` as it was read.
    config_digest: str = ""

    @classmethod
    def load(cls, root: Path) -> Project:
        """Load the project whose ``communique.toml`` is in ``root``."""
        root = root.resolve()
        if not (root / CONFIG_NAME).exists():  # (--project DIR, a folder that is none)
            # A folder inside a project (-C source): the project is the one around it.
            around = next((f for f in root.parents if (f / CONFIG_NAME).is_file()), None)
            if around is not None:
                raise ProjectError(
                    f"no {CONFIG_NAME} in {root}: it is a folder of the project in {around} "
                    f"(run 'communique -C {around} …')"
                )
            raise ProjectError(
                f"no {CONFIG_NAME} in {root}: it is no communique project (run 'communique "
                f"init {root}' to make one there)"
            )
        raw = read_config(root / CONFIG_NAME)
        return cls(root, parse_settings(raw), digest(raw))

    @classmethod
    def find(cls, start: Path) -> Project:
        """Load the project containing ``start`` (searching upwards, like git)."""
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls.load(folder)
            if (folder / CONFIG_NAME).is_dir():  # (not passed over for a project above it)
                raise ProjectError(
                    f"{CONFIG_NAME} is a folder, not the project's configuration: remove or "
                    "rename it",
                    path=str(folder / CONFIG_NAME),
                )
        raise ProjectError(
            f"no {CONFIG_NAME} in {start} or any folder above it "
            "(run 'communique init' to create a project, or pass --project DIR)"
        )

    @property
    def state_dir(self) -> Path:
        """``.communique/``: the lock, the translation memory and the cache; never committed."""
        return self.root / ".communique"

    def output_dir(self, *, drafts: bool = False) -> Path:
        """Where the site is built: ``output/``, or ``output-drafts/`` for the draft preview."""
        return self.root / ("output-drafts" if drafts else "output")

    @property
    def status_dir(self) -> Path:
        """Where ``status --html`` writes the translation dashboard: ``output-status/``, apart
        from the public site."""
        return self.root / "output-status"

    def catalog_path(self, slug: str, locale: str) -> Path:
        """The PO file of a release in a target locale given as BCP 47 (``sr-Latn``)."""
        return (
            self.root
            / "locale"
            / folder_name(parse_locale(locale))
            / "LC_MESSAGES"
            / (f"{check_slug(slug)}.po")
        )

    def relative(self, path: Path) -> str:
        """``path`` as users see it in messages: relative to the project, with slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
