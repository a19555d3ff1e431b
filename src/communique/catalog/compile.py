"""``compile``: write a ``.mo`` file next to each PO catalog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from communique.catalog.mofile import mo_bytes
from communique.catalog.stats import progress
from communique.workspace import Workspace


@dataclass(frozen=True)
class Compiled:
    path: str
    messages: int


def compile_catalogs(
    workspace: Workspace, slugs: Sequence[str] = (), locales: Sequence[str] = ()
) -> list[Compiled]:
    """Compile every existing catalog of the given releases and locales (all by default).

    Every catalog is read before any ``.mo`` file is written: a malformed one stops the run with
    nothing changed.
    """
    chosen = workspace.locales(locales)
    work = []
    for slug in workspace.slugs(slugs):
        for locale in chosen:
            entry = workspace.catalog(slug, locale)
            catalog = entry.load()
            if catalog is not None:
                target = entry.path.removesuffix(".po") + ".mo"
                work.append((target, mo_bytes(catalog), progress(catalog).reviewed))
    results = []
    for target, data, reviewed in work:
        existing, _ = workspace.files.read(target)
        if existing != data:
            workspace.files.write(target, data)
        results.append(Compiled(target, reviewed))
    return results
