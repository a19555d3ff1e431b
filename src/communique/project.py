"""Where a project keeps its files: one place that knows the layout and guards slugs.

A slug names a release in every path (``source/<slug>.md``, ``locale/fr/LC_MESSAGES/<slug>.po``,
``output/fr/<slug>/``), so it is checked before any path is built from it: lowercase ASCII
letters, digits and single hyphens, nothing that could climb out of the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from communique.config import CONFIG_NAME, Settings, parse_settings
from communique.errors import ConfigError, ProjectError, SourceError
from communique.files import digest
from communique.locales import folder_name, parse_locale

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_SUFFIXES = (".txt", ".md")
#: The glossary's files in ``locale/``: either, both, or neither.
GLOSSARY_FILES = ("glossary.csv", "glossary.tbx")


def check_slug(slug: str, *, path: str | None = None) -> str:
    """Return ``slug`` if it is a safe release name, else raise :class:`SourceError`."""
    if len(slug) > 200 or not SLUG.match(slug):
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
        path = root / CONFIG_NAME
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ConfigError(
                "no such file (run 'communique init' to create a project)", path=CONFIG_NAME
            ) from None
        except OSError as exc:
            raise ConfigError(f"cannot read: {exc.strerror}", path=CONFIG_NAME) from None
        return cls(root, parse_settings(raw, display=CONFIG_NAME), digest(raw))

    @classmethod
    def find(cls, start: Path) -> Project:
        """Load the project containing ``start`` (searching upwards, like git)."""
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls.load(folder)
        raise ProjectError(
            f"no {CONFIG_NAME} in {start} or any folder above it "
            "(run 'communique init' to create a project, or pass --project DIR)"
        )

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def locale_dir(self) -> Path:
        return self.root / "locale"

    @property
    def templates_dir(self) -> Path:
        return self.locale_dir / "templates"

    @property
    def state_dir(self) -> Path:
        return self.root / ".communique"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    def template_path(self, slug: str) -> Path:
        return self.templates_dir / f"{check_slug(slug)}.pot"

    def catalog_dir(self, locale: str) -> Path:
        """The folder of a target locale's catalogs, ``locale/<ll>/LC_MESSAGES``."""
        return self.locale_dir / folder_name(parse_locale(locale)) / "LC_MESSAGES"

    def catalog_path(self, slug: str, locale: str) -> Path:
        """The PO file of a release in a target locale given as BCP 47 (``sr-Latn``)."""
        return self.catalog_dir(locale) / f"{check_slug(slug)}.po"

    def relative(self, path: Path) -> str:
        """``path`` as users see it in messages: relative to the project, with slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def release_sources(self) -> list[Path]:
        """Every release file in ``source/``, sorted by name; bad names are errors."""
        if not self.source_dir.is_dir():
            raise ProjectError(f"no source/ folder in {self.root}")
        found: dict[str, Path] = {}
        for path in sorted(self.source_dir.iterdir()):
            if path.name.startswith(".") or path.suffix not in SOURCE_SUFFIXES:
                continue
            slug = check_slug(path.stem, path=self.relative(path))
            if slug in found:
                raise SourceError(
                    f"two sources for one release: {found[slug].name} and {path.name}",
                    path=self.relative(self.source_dir),
                )
            found[slug] = self._inside_source(path)
        return list(found.values())

    def release_source(self, slug: str) -> Path:
        """The source file of one release, by slug."""
        check_slug(slug)
        candidates = [self.source_dir / f"{slug}{suffix}" for suffix in SOURCE_SUFFIXES]
        existing = [path for path in candidates if path.is_file()]
        if not existing:
            raise SourceError(
                f"no release {slug!r}: neither source/{slug}.txt nor source/{slug}.md"
            )
        if len(existing) > 1:
            raise SourceError(
                f"two sources for one release: {slug}.txt and {slug}.md", path="source"
            )
        return self._inside_source(existing[0])

    def _inside_source(self, path: Path) -> Path:
        # A symbolic link must not lead the reader outside source/.
        real = path.resolve()
        if not real.is_relative_to(self.source_dir.resolve()):
            raise SourceError(
                "links outside source/; copy the file in instead", path=self.relative(path)
            )
        if not real.is_file():
            raise SourceError("not a regular file", path=self.relative(path))
        return path
