"""``compile``: write a ``.mo`` file next to each PO catalog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.catalog.mofile import mo_bytes
from communique.catalog.reader import read_catalog
from communique.catalog.stats import progress
from communique.catalog.update import target_locales
from communique.files import write_atomic_bytes
from communique.lock import project_lock
from communique.project import Project


@dataclass(frozen=True)
class Compiled:
    path: Path
    messages: int


def compile_catalogs(
    project: Project, slugs: Sequence[str] = (), locales: Sequence[str] = ()
) -> list[Compiled]:
    """Compile every existing catalog of the given releases and locales (all by default)."""
    chosen = target_locales(project, locales)
    # A slug that names no release is an error, as in extract and status.
    names = [project.release_source(slug).stem for slug in slugs] or [
        path.stem for path in project.release_sources()
    ]
    with project_lock(project, "communique compile"):
        work = []
        for slug in names:
            for locale in chosen:
                path = project.catalog_path(slug, locale)
                if path.is_file():
                    work.append((path, read_catalog(path, display=project.relative(path))))
        results = []
        for path, catalog in work:
            data = mo_bytes(catalog)
            target = path.with_suffix(".mo")
            if not target.is_file() or target.read_bytes() != data:
                write_atomic_bytes(target, data)
            results.append(Compiled(target, progress(catalog).reviewed))
    return results
