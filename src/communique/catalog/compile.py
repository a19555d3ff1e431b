"""``compile``: write a ``.mo`` file next to each PO catalog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from communique.catalog.mofile import mo_bytes
from communique.catalog.stats import progress
from communique.errors import CatalogError
from communique.workspace import Workspace


@dataclass(frozen=True)
class Compiled:
    path: str
    messages: int


def compile_catalogs(
    workspace: Workspace,
    slugs: Sequence[str] = (),
    locales: Sequence[str] = (),
    unreadable: list[str] | None = None,
) -> list[Compiled]:
    """Compile every existing catalog of the given releases and locales (all by default).

    A catalog that cannot be read is left out, its error added to ``unreadable`` (one bad file
    stops no other; its ``.mo``, if any, stays as it was); without ``unreadable``, it stops the
    run before any ``.mo`` file is written.
    """
    chosen = workspace.locales(locales)
    work = []
    for slug in workspace.slugs(slugs):
        for locale in chosen:
            entry = workspace.catalog(slug, locale)
            try:
                catalog = entry.load()
            except CatalogError as error:
                if unreadable is None:
                    raise
                unreadable.append(str(error))
                continue
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
